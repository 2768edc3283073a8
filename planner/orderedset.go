package planner

// Ordered-set aggregates: percentile_cont(f), percentile_disc(f) and
// mode() WITHIN GROUP (ORDER BY x). The aggregate node sorts each group's
// rows by the WITHIN GROUP key (as for array_agg(x ORDER BY x)); the
// state keeps the sorted non-NULL values and the direct argument, and
// computes the result at the end, as PostgreSQL's final functions do.

import (
	"math"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// bindOrderedSet binds name(direct args) WITHIN GROUP (ORDER BY key).
func (a *analyzer) bindOrderedSet(fc *pg.FuncCall, name string, sc *scope) (Expr, error) {
	argScope := sc.child("aggregate function calls")
	argScope.inAggregate = true
	if len(fc.AggOrder) != 1 {
		return nil, a.errAt(pgerr.Newf(pgerr.UndefinedFunction, "function %s with %d ordered arguments does not exist", name, len(fc.AggOrder)), fc.Location)
	}
	wantDirect := 1
	if name == "mode" {
		wantDirect = 0
	}
	if len(fc.Args) != wantDirect || fc.AggDistinct || fc.Over != nil {
		return nil, a.errAt(pgerr.Newf(pgerr.UndefinedFunction, "function %s(%d arguments) WITHIN GROUP does not exist", name, len(fc.Args)), fc.Location)
	}
	if sc.inAggregate {
		return nil, a.errAt(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot be nested"), fc.Location)
	}
	if sc.aggs == nil {
		return nil, a.errAt(pgerr.Newf(pgerr.GroupingError, "aggregate functions are not allowed in %s", clauseName(sc)), fc.Location)
	}
	ord, err := a.bindSortBy(fc.AggOrder[0].GetSortBy(), argScope)
	if err != nil {
		return nil, err
	}
	key := ord.expr
	if key.Type().OID == types.UnknownOID {
		key = a.defaultText(key)
	}
	ret := key.Type()
	var args []Expr
	if wantDirect == 1 {
		frac, err := a.bindExpr(fc.Args[0], argScope)
		if err != nil {
			return nil, err
		}
		if frac, err = a.coerce(frac, tFloat8, ""); err != nil {
			return nil, err
		}
		args = append(args, frac)
	}
	if name == "percentile_cont" {
		// interpolation needs numbers: the key as double precision
		if key, err = a.coerce(key, tFloat8, ""); err != nil {
			return nil, err
		}
		ret = tFloat8
	}
	ord.expr = key
	args = append(args, key)
	def := &funcDef{name: name, agg: &aggDef{newState: func() aggState { return &orderedSetState{name: name, typ: ret} }}}
	def.ident = def
	ag := &aggRef{def: def, args: args, typ: ret, order: []aggOrder{ord}}
	if ag.filter, err = a.bindFilter(fc, argScope); err != nil {
		return nil, err
	}
	ag.idx = len(*sc.aggs)
	*sc.aggs = append(*sc.aggs, ag)
	return ag, nil
}

// orderedSetState collects one group's sorted values (args: the direct
// argument, if any, then the key).
type orderedSetState struct {
	name   string
	typ    types.Type
	frac   Datum
	gotArg bool
	vals   []Datum
}

func (s *orderedSetState) add(_ *callCtx, args []Datum) error {
	if s.name != "mode" && !s.gotArg {
		s.frac, s.gotArg = args[0], true
	}
	if v := args[len(args)-1]; v != nil {
		s.vals = append(s.vals, v)
	}
	return nil
}

func (s *orderedSetState) result(*callCtx) (Datum, error) {
	if len(s.vals) == 0 {
		return nil, nil
	}
	if s.name == "mode" {
		// the most frequent value; the first in sort order on ties
		var best Datum
		bestN, n := 0, 0
		for i, v := range s.vals {
			if i > 0 && types.Compare(v, s.vals[i-1], s.typ) == 0 {
				n++
			} else {
				n = 1
			}
			if n > bestN {
				best, bestN = v, n
			}
		}
		return best, nil
	}
	if s.frac == nil {
		return nil, nil
	}
	p := s.frac.(float64)
	if p < 0 || p > 1 || math.IsNaN(p) {
		return nil, pgerr.Newf(pgerr.NumericValueOutOfRange, "percentile value %s is not between 0 and 1", types.Text(p, tFloat8, nil))
	}
	n := float64(len(s.vals))
	if s.name == "percentile_disc" {
		i := int(math.Ceil(p*n)) - 1
		if i < 0 {
			i = 0
		}
		return s.vals[i], nil
	}
	pos := p * (n - 1)
	lo, hi := math.Floor(pos), math.Ceil(pos)
	a, b := s.vals[int(lo)].(float64), s.vals[int(hi)].(float64)
	if lo == hi {
		return a, nil
	}
	return a + (pos-lo)*(b-a), nil
}
