package planner

// Subquery expressions: EXISTS, scalar, ARRAY(...), IN / op ANY / op ALL.
//
// Correlation is explicit: the columns of the enclosing query that a
// subquery uses are its outerArgs, evaluated in the enclosing row and
// passed to the subquery as its outer row (inside, they are level-1
// columns). An uncorrelated subquery runs once per execution and its result
// is cached in the execution context.

import (
	"fmt"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

type subKind uint8

const (
	subExists subKind = iota
	subScalar
	subArray
	subAny
	subAll
)

type subqueryExpr struct {
	kind      subKind
	plan      planNode
	outerArgs []Expr
	test      Expr // left operand of ANY/ALL
	op        *funcDef
	opName    string
	typ       types.Type
}

func (s *subqueryExpr) Type() types.Type { return s.typ }

func (s *subqueryExpr) String() string {
	switch s.kind {
	case subExists:
		return "(EXISTS (SubPlan))"
	case subArray:
		return "(ARRAY(SubPlan))"
	case subAny:
		return fmt.Sprintf("(%s %s ANY (SubPlan))", s.test, s.opName)
	case subAll:
		return fmt.Sprintf("(%s %s ALL (SubPlan))", s.test, s.opName)
	}
	return "(SubPlan)"
}

// subResult is a cached uncorrelated result.
type subResult struct {
	val     Datum
	rows    [][]Datum
	set     map[string]struct{}
	hasNull bool
}

func (s *subqueryExpr) outerEnv(e *env) (*env, error) {
	if len(s.outerArgs) == 0 {
		return nil, nil
	}
	row := make([]Datum, len(s.outerArgs))
	for i, a := range s.outerArgs {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		row[i] = v
	}
	return &env{row: row, ec: e.ec}, nil
}

func (s *subqueryExpr) Eval(e *env) (Datum, error) {
	ec := e.ec
	if len(s.outerArgs) == 0 {
		if r, ok := ec.subResults[s]; ok {
			return s.fromCache(e, r)
		}
	}
	outer, err := s.outerEnv(e)
	if err != nil {
		return nil, err
	}
	switch s.kind {
	case subExists:
		it, err := startNode(ec, s.plan, outer)
		if err != nil {
			return nil, err
		}
		r, err := it.next()
		it.close()
		if err != nil {
			return nil, err
		}
		v := r != nil
		if len(s.outerArgs) == 0 {
			ec.cacheSub(s, &subResult{val: v})
		}
		return v, nil
	case subScalar:
		it, err := startNode(ec, s.plan, outer)
		if err != nil {
			return nil, err
		}
		defer it.close()
		r, err := it.next()
		if err != nil {
			return nil, err
		}
		var v Datum
		if r != nil {
			v = r[0]
			r2, err := it.next()
			if err != nil {
				return nil, err
			}
			if r2 != nil {
				return nil, pgerr.New(pgerr.CardinalityViolation, "more than one row returned by a subquery used as an expression")
			}
		}
		if len(s.outerArgs) == 0 {
			ec.cacheSub(s, &subResult{val: v})
		}
		return v, nil
	case subArray:
		rows, err := runPlan(ec, s.plan, outer)
		if err != nil {
			return nil, err
		}
		elems := make([]Datum, len(rows))
		for i, r := range rows {
			elems[i] = r[0]
		}
		elemType := types.ElemOf(s.typ.OID)
		v := Datum(types.NewArray1(elemType, elems))
		if len(elems) > 0 {
			if _, ok := elems[0].(*types.Array); ok {
				// ARRAY(SELECT array) builds a 2-D array
				a := &types.Array{Elem: elemType}
				var sub []types.ArrayDim
				for i, x := range elems {
					xa, ok := x.(*types.Array)
					if !ok || (i > 0 && !dimsEqual(sub, xa.Dims)) {
						return nil, pgerr.New(pgerr.ArraySubscriptError, "cannot accumulate arrays of different dimensionality")
					}
					sub = xa.Dims
					a.Elems = append(a.Elems, xa.Elems...)
				}
				a.Dims = append([]types.ArrayDim{{Len: int32(len(elems)), Lower: 1}}, sub...)
				v = a
			}
		}
		if len(s.outerArgs) == 0 {
			ec.cacheSub(s, &subResult{val: v})
		}
		return v, nil
	default:
		rows, err := runPlan(ec, s.plan, outer)
		if err != nil {
			return nil, err
		}
		res := &subResult{rows: rows}
		if len(s.outerArgs) == 0 {
			if s.kind == subAny && s.opName == "=" {
				res.set = make(map[string]struct{}, len(rows))
				var kb []byte
				for _, r := range rows {
					if r[0] == nil {
						res.hasNull = true
						continue
					}
					kb = appendKey(kb[:0], r[0])
					res.set[string(kb)] = struct{}{}
				}
			}
			ec.cacheSub(s, res)
		}
		return s.fromCache(e, res)
	}
}

func (s *subqueryExpr) fromCache(e *env, r *subResult) (Datum, error) {
	switch s.kind {
	case subExists, subScalar, subArray:
		return r.val, nil
	}
	x, err := s.test.Eval(e)
	if err != nil {
		return nil, err
	}
	if len(r.rows) == 0 {
		return s.kind == subAll, nil
	}
	if x == nil {
		return nil, nil
	}
	if r.set != nil {
		kb := appendKey(nil, x)
		if _, ok := r.set[string(kb)]; ok {
			return true, nil
		}
		if r.hasNull {
			return nil, nil
		}
		return false, nil
	}
	sawNull := false
	cc := &callCtx{env: e}
	for _, row := range r.rows {
		if row[0] == nil {
			sawNull = true
			continue
		}
		v, err := s.op.fn(cc, []Datum{x, row[0]})
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		b := v.(bool)
		if s.kind == subAny && b {
			return true, nil
		}
		if s.kind == subAll && !b {
			return false, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return s.kind == subAll, nil
}

func (ec *execCtx) cacheSub(s *subqueryExpr, r *subResult) {
	if ec.subResults == nil {
		ec.subResults = map[*subqueryExpr]*subResult{}
	}
	ec.subResults[s] = r
}

// subqueryScanNode runs a subquery in FROM, passing it the outer row
// (LATERAL subqueries see columns of the FROM items to their left).
type subqueryScanNode struct {
	plan      planNode
	outerArgs []Expr
	alias     string
	cols      []colInfo
	// lateral: started by a lateral join whose outer env row is the left
	// row; otherwise the outer env is the enclosing query's.
	lateral bool
}

func (s *subqueryScanNode) columns() []colInfo   { return s.cols }
func (s *subqueryScanNode) children() []planNode { return []planNode{s.plan} }
func (s *subqueryScanNode) start(ec *execCtx, outer *env) (rowIter, error) {
	var inner *env
	if len(s.outerArgs) > 0 {
		row := make([]Datum, len(s.outerArgs))
		e := outer
		if !s.lateral {
			e = &env{outer: outer, ec: ec}
		}
		for i, a := range s.outerArgs {
			v, err := a.Eval(e)
			if err != nil {
				return nil, err
			}
			row[i] = v
		}
		inner = &env{row: row, ec: ec}
	}
	return startNode(ec, s.plan, inner)
}
func (s *subqueryScanNode) explain(x *explainer) explainInfo {
	in := x.est(s.plan)
	return explainInfo{title: "Subquery Scan on " + s.alias, est: in}
}

// ---- expression transformation ---------------------------------------------

// transformExpr rebuilds x bottom-up, replacing every node for which fn
// returns a replacement (fn sees the original node first; when it returns
// ok, the replacement is used and its children are not visited).
func transformExpr(x Expr, fn func(Expr) (Expr, bool, error)) (Expr, error) {
	if x == nil {
		return nil, nil
	}
	if r, ok, err := fn(x); err != nil || ok {
		return r, err
	}
	c, slots := exprSlots(x, true)
	for _, slot := range slots {
		var err error
		if *slot, err = transformExpr(*slot, fn); err != nil {
			return nil, err
		}
	}
	return c, nil
}
