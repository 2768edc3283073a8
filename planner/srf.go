package planner

// Set-returning functions (unnest, generate_series, ...), usable in FROM
// and in the select list.

import (
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// srfGen yields the values of one set-returning call.
type srfGen interface {
	next() (Datum, bool, error)
}

type sliceGen struct {
	vals []Datum
	i    int
}

func (s *sliceGen) next() (Datum, bool, error) {
	if s.i >= len(s.vals) {
		return nil, false, nil
	}
	v := s.vals[s.i]
	s.i++
	return v, true, nil
}

type funcGen func() (Datum, bool, error)

func (f funcGen) next() (Datum, bool, error) { return f() }

// evalSRF starts a set-returning call; nil means no rows.
func evalSRF(x Expr, e *env) (srfGen, error) {
	f, ok := x.(*funcExpr)
	if !ok || !f.def.srf {
		// a plain expression in a function-scan position yields one row
		v, err := x.Eval(e)
		if err != nil {
			return nil, err
		}
		return &sliceGen{vals: []Datum{v}}, nil
	}
	args := make([]Datum, len(f.args))
	for i, a := range f.args {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil && f.def.strict {
			return nil, nil
		}
		args[i] = v
	}
	return f.def.srfFn(&callCtx{env: e, argTypes: f.argTypes(), retType: f.typ}, args)
}

// regSRF adds a local set-returning function whose fn returns a srfGen.
func regSRF(d *funcDef) {
	d.srf = true
	fn := d.fn
	d.srfFn = func(c *callCtx, args []Datum) (srfGen, error) {
		g, err := fn(c, args)
		if err != nil || g == nil {
			return nil, err
		}
		return g.(srfGen), nil
	}
	regFunc(d)
}

func init() {
	regSRF(&funcDef{name: "unnest", params: []types.OID{types.AnyArrayOID}, ret: types.AnyElementOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return srfGen(&sliceGen{vals: a[0].(*types.Array).Elems}), nil
	}})
	intSeries := func(t types.OID) {
		regSRF(&funcDef{name: "generate_series", params: []types.OID{t, t}, ret: t, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
			return intSeriesGen(c, a[0].(int64), a[1].(int64), 1)
		}})
		regSRF(&funcDef{name: "generate_series", params: []types.OID{t, t, t}, ret: t, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
			return intSeriesGen(c, a[0].(int64), a[1].(int64), a[2].(int64))
		}})
	}
	intSeries(types.Int4OID)
	intSeries(types.Int8OID)
	regSRF(&funcDef{name: "generate_series", params: []types.OID{types.NumericOID, types.NumericOID}, ret: types.NumericOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return numSeriesGen(a[0].(*apd.Decimal), a[1].(*apd.Decimal), apd.New(1, 0))
	}})
	regSRF(&funcDef{name: "generate_series", params: []types.OID{types.NumericOID, types.NumericOID, types.NumericOID}, ret: types.NumericOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return numSeriesGen(a[0].(*apd.Decimal), a[1].(*apd.Decimal), a[2].(*apd.Decimal))
	}})
	for _, t := range []types.OID{types.TimestampTZOID, types.TimestampOID} {
		t := t
		regSRF(&funcDef{name: "generate_series", params: []types.OID{t, t, types.IntervalOID}, ret: t, strict: true, volatility: stable, fn: func(c *callCtx, a []Datum) (Datum, error) {
			cur, stop, step := a[0].(time.Time), a[1].(time.Time), a[2].(types.Interval)
			loc := time.UTC
			if t == types.TimestampTZOID {
				loc = locOf(c.ec().formatSettings())
			}
			probe := addInterval(cur, step, 1, loc)
			if probe.Equal(cur) {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
			}
			up := probe.After(cur)
			return srfGen(funcGen(func() (Datum, bool, error) {
				if (up && cur.After(stop)) || (!up && cur.Before(stop)) {
					return nil, false, nil
				}
				v := cur
				cur = addInterval(cur, step, 1, loc)
				return v, true, nil
			})), nil
		}})
	}
	regSRF(&funcDef{name: "generate_subscripts", params: []types.OID{types.AnyArrayOID, types.Int4OID}, ret: types.Int4OID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		arr, d := a[0].(*types.Array), a[1].(int64)
		if d < 1 || int(d) > len(arr.Dims) {
			return srfGen(&sliceGen{}), nil
		}
		dim := arr.Dims[d-1]
		return intSeriesGen(c, int64(dim.Lower), int64(dim.Lower+dim.Len-1), 1)
	}})
	regSRF(&funcDef{name: "string_to_table", params: []types.OID{types.TextOID, types.TextOID}, ret: types.TextOID, fn: func(c *callCtx, a []Datum) (Datum, error) {
		arr, err := localFuncs["string_to_array"][0].fn(c, a)
		if err != nil || arr == nil {
			return nil, err
		}
		return srfGen(&sliceGen{vals: arr.(*types.Array).Elems}), nil
	}})
	regSRF(&funcDef{name: "regexp_matches", params: []types.OID{types.TextOID, types.TextOID}, ret: types.TextArrayOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return regexpMatches(a[0].(string), a[1].(string), "")
	}})
	regSRF(&funcDef{name: "regexp_matches", params: []types.OID{types.TextOID, types.TextOID, types.TextOID}, ret: types.TextArrayOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return regexpMatches(a[0].(string), a[1].(string), a[2].(string))
	}})
}

func regexpMatches(s, p, flags string) (Datum, error) {
	ci := false
	global := false
	for _, f := range flags {
		switch f {
		case 'i':
			ci = true
		case 'g':
			global = true
		}
	}
	re, err := compileRegex(p, ci)
	if err != nil {
		return nil, err
	}
	n := 1
	if global {
		n = -1
	}
	var vals []Datum
	for _, m := range re.FindAllStringSubmatch(s, n) {
		var elems []Datum
		if len(m) == 1 {
			elems = []Datum{m[0]}
		} else {
			for _, g := range m[1:] {
				elems = append(elems, g)
			}
		}
		vals = append(vals, types.NewArray1(types.TextOID, elems))
	}
	return srfGen(&sliceGen{vals: vals}), nil
}

func intSeriesGen(c *callCtx, start, stop, step int64) (Datum, error) {
	if step == 0 {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
	}
	cur := start
	done := false
	return srfGen(funcGen(func() (Datum, bool, error) {
		if done || (step > 0 && cur > stop) || (step < 0 && cur < stop) {
			return nil, false, nil
		}
		v := cur
		next := cur + step
		if (step > 0 && next < cur) || (step < 0 && next > cur) {
			done = true
		}
		cur = next
		return v, true, nil
	})), nil
}

func numSeriesGen(start, stop, step *apd.Decimal) (Datum, error) {
	if step.IsZero() {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
	}
	cur := new(apd.Decimal).Set(start)
	return srfGen(funcGen(func() (Datum, bool, error) {
		c := cur.Cmp(stop)
		if (!step.Negative && c > 0) || (step.Negative && c < 0) {
			return nil, false, nil
		}
		v := new(apd.Decimal).Set(cur)
		next := new(apd.Decimal)
		numCtx.Add(next, cur, step)
		cur = next
		return v, true, nil
	})), nil
}
