package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// srfRef stands for a set-returning call in the select list; the
// project-set operator produces its values as an extra column.
type srfRef struct {
	idx int
	fn  *funcExpr
}

func (s *srfRef) Type() types.Type { return s.fn.typ }
func (s *srfRef) Eval(*env) (Datum, error) {
	return nil, pgerr.New(pgerr.InternalError, "set-returning function evaluated outside a project-set")
}
func (s *srfRef) String() string { return s.fn.String() }

func funcCallName(fc *pg.FuncCall) (schema, name string) {
	names, _ := strNodes(fc.Funcname)
	name = strings.ToLower(names[len(names)-1])
	if len(names) > 1 {
		schema = names[len(names)-2]
	}
	return schema, name
}

func (a *analyzer) bindFuncCall(fc *pg.FuncCall, sc *scope) (Expr, error) {
	return a.bindFuncCallOpts(fc, sc, false)
}

// bindFuncCallOpts binds a function call; srfTop allows a set-returning
// function at this position (FROM items).
func (a *analyzer) bindFuncCallOpts(fc *pg.FuncCall, sc *scope, srfTop bool) (Expr, error) {
	schema, name := funcCallName(fc)
	if schema != "" && schema != "pg_catalog" && schema != "public" && schema != "information_schema" {
		if !a.sess.engine.reg.Exists(schema) {
			return nil, a.errAt(pgerr.Newf(pgerr.InvalidSchemaName, "schema %q does not exist", schema), fc.Location)
		}
		return nil, a.errAt(pgerr.Newf(pgerr.UndefinedFunction, "function %s.%s does not exist", schema, name), fc.Location)
	}
	isAgg := isAggregateName(name)
	// arguments: aggregates bind theirs without aggregates allowed
	argScope := sc
	if isAgg && fc.Over == nil {
		argScope = sc.child("aggregate function calls")
		argScope.inAggregate = true
	} else if fc.Over != nil {
		argScope = sc.child("window function calls")
		argScope.aggs = sc.aggs
	}
	if fc.AggWithinGroup {
		switch name {
		case "percentile_cont", "percentile_disc", "mode":
			return a.bindOrderedSet(fc, name, sc)
		}
		return nil, a.errAt(pgerr.Newf(pgerr.UndefinedFunction, "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name), fc.Location)
	}
	var args []Expr
	var argTypes []types.Type
	var argNames []string // named notation (f(days => 1)): the parameter names, "" for positional
	named := false
	for _, an := range fc.Args {
		argName := ""
		if na := an.GetNamedArgExpr(); na != nil {
			if isAgg || fc.Over != nil {
				return nil, a.errAt(pgerr.New(pgerr.FeatureNotSupported, "named arguments are not supported for aggregate and window functions"), fc.Location)
			}
			an, argName, named = na.Arg, na.Name, true
		} else if named {
			return nil, a.errAt(pgerr.New(pgerr.SyntaxError, "positional argument cannot follow named argument"), fc.Location)
		}
		argNames = append(argNames, argName)
		x, err := a.bindExpr(an, argScope)
		if err != nil {
			if isAgg && sc.inAggregate {
				return nil, err
			}
			return nil, err
		}
		args = append(args, x)
		argTypes = append(argTypes, x.Type())
	}
	if fc.AggStar {
		if name != "count" {
			return nil, a.errAt(pgerr.Newf(pgerr.WrongObjectType, "%s(*) specified, but %s is not an aggregate function", name, name), fc.Location)
		}
		args, argTypes = nil, nil
	}
	if !funcExists(name) {
		// type-name-as-function casts: int4(x), text(x)
		if len(args) == 1 {
			if t, err := typeByName(name); err == nil {
				return a.cast(args[0], t, fc.Location)
			}
		}
		return nil, a.errAt(undefinedFunction(name, argTypes).(*pgerr.Error), fc.Location)
	}
	var res *resolved
	var err error
	switch {
	case named:
		var call *types.Call
		if call, err = types.ResolveFuncNamed(name, argTypes, argNames); err == nil {
			res = &resolved{def: defFromCall(call), argTypes: call.ArgTypes, ret: call.Type}
		}
	case isAgg:
		res, err = lookupAggregate(name, argTypes)
	default:
		res, err = lookupFunc(name, argTypes)
	}
	if err != nil {
		if pe, ok := err.(*pgerr.Error); ok {
			return nil, a.errAt(pe, fc.Location)
		}
		return nil, err
	}
	if res == nil {
		return nil, a.errAt(undefinedFunction(name, argTypes).(*pgerr.Error), fc.Location)
	}
	for i := range args {
		if args[i], err = a.coerce(args[i], res.argTypes[i], ""); err != nil {
			return nil, err
		}
	}
	def := res.def
	// window call
	if fc.Over != nil {
		if def.agg == nil && def.window == winNone {
			return nil, a.errAt(pgerr.Newf(pgerr.WrongObjectType, "OVER specified, but %s is not a window function nor an aggregate function", name), fc.Location)
		}
		if sc.wins == nil {
			return nil, a.errAt(pgerr.Newf(pgerr.WindowingError, "window functions are not allowed in %s", clauseName(sc)), fc.Location)
		}
		w := &windowRef{def: def, args: args, typ: res.ret, star: fc.AggStar}
		if w.filter, err = a.bindFilter(fc, argScope); err != nil {
			return nil, err
		}
		partition, orderBy := fc.Over.PartitionClause, fc.Over.OrderClause
		frame, startOff, endOff := fc.Over.FrameOptions, fc.Over.StartOffset, fc.Over.EndOffset
		if fc.Over.Name != "" || fc.Over.Refname != "" {
			wd := a.lookupWindow(fc.Over.Name, fc.Over.Refname)
			if wd == nil {
				return nil, a.errAt(pgerr.Newf(pgerr.UndefinedObject, "window %q does not exist", fc.Over.Name+fc.Over.Refname), fc.Location)
			}
			partition = wd.PartitionClause
			if len(orderBy) == 0 {
				orderBy = wd.OrderClause
			}
			if frame&frameNonDefault == 0 {
				frame, startOff, endOff = wd.FrameOptions, wd.StartOffset, wd.EndOffset
			}
		}
		w.frame = frame
		for i, off := range []*pg.Node{startOff, endOff} {
			if off == nil {
				continue
			}
			x, err := a.bindExpr(off, argScope)
			if err != nil {
				return nil, err
			}
			if frame&frameRange == 0 {
				// ROWS and GROUPS count rows or peer groups; a RANGE
				// offset has the ORDER BY key's offset type (below)
				if x, err = a.coerce(x, tInt8, "frame offset"); err != nil {
					return nil, err
				}
			}
			if i == 0 {
				w.startOff = x
			} else {
				w.endOff = x
			}
		}
		for _, p := range partition {
			x, err := a.bindExpr(p, argScope)
			if err != nil {
				return nil, err
			}
			if x.Type().OID == types.UnknownOID {
				x = a.defaultText(x)
			}
			w.partition = append(w.partition, x)
		}
		for _, o := range orderBy {
			ord, err := a.bindSortBy(o.GetSortBy(), argScope)
			if err != nil {
				return nil, err
			}
			w.order = append(w.order, ord)
		}
		if frame&frameRange != 0 && (w.startOff != nil || w.endOff != nil) {
			if err := a.bindRangeOffsets(w); err != nil {
				return nil, a.errAt(err.(*pgerr.Error), fc.Location)
			}
		}
		w.idx = len(*sc.wins)
		*sc.wins = append(*sc.wins, w)
		return w, nil
	}
	if def.window != winNone {
		return nil, a.errAt(pgerr.Newf(pgerr.WrongObjectType, "window function %s requires an OVER clause", name), fc.Location)
	}
	if def.agg != nil {
		if sc.inAggregate {
			return nil, a.errAt(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot be nested"), fc.Location)
		}
		if sc.aggs == nil {
			return nil, a.errAt(pgerr.Newf(pgerr.GroupingError, "aggregate functions are not allowed in %s", clauseName(sc)), fc.Location)
		}
		ag := &aggRef{def: def, args: args, typ: res.ret, distinct: fc.AggDistinct, star: fc.AggStar}
		if ag.filter, err = a.bindFilter(fc, argScope); err != nil {
			return nil, err
		}
		for _, o := range fc.AggOrder {
			ord, err := a.bindSortBy(o.GetSortBy(), argScope)
			if err != nil {
				return nil, err
			}
			ag.order = append(ag.order, ord)
		}
		ag.idx = len(*sc.aggs)
		*sc.aggs = append(*sc.aggs, ag)
		return ag, nil
	}
	f := &funcExpr{def: def, args: args, typ: res.ret}
	if len(def.srfCols) > 0 {
		// a record of its OUT columns, which (f(...)).name can select
		cols := make([]types.Column, len(def.srfCols))
		for i, c := range def.srfCols {
			cols[i] = types.Column{Name: c.name, Type: c.typ}
		}
		f.typ = types.RecordType(cols)
	}
	if def.srf {
		if srfTop {
			return f, nil
		}
		if sc.srfs == nil {
			return nil, a.errAt(pgerr.Newf(pgerr.FeatureNotSupported, "set-returning functions are not allowed in %s", clauseName(sc)), fc.Location)
		}
		r := &srfRef{idx: len(*sc.srfs), fn: f}
		*sc.srfs = append(*sc.srfs, f)
		return r, nil
	}
	return a.foldFunc(f), nil
}

// bindFilter binds an aggregate's or window function's FILTER (WHERE …);
// nil when there is none.
func (a *analyzer) bindFilter(fc *pg.FuncCall, argScope *scope) (Expr, error) {
	if fc.AggFilter == nil {
		return nil, nil
	}
	f, err := a.bindExpr(fc.AggFilter, argScope)
	if err != nil {
		return nil, err
	}
	return a.coerceBool(f, "FILTER")
}

func clauseName(sc *scope) string {
	if sc.clause == "" {
		return "this context"
	}
	return sc.clause
}

// bindSortBy binds an ORDER BY item of an aggregate or window.
func (a *analyzer) bindSortBy(sb *pg.SortBy, sc *scope) (aggOrder, error) {
	x, err := a.bindExpr(sb.Node, sc)
	if err != nil {
		return aggOrder{}, err
	}
	if x.Type().OID == types.UnknownOID {
		x = a.defaultText(x)
	}
	o := aggOrder{expr: x}
	o.desc = sb.SortbyDir == pg.SortByDir_SORTBY_DESC
	o.nullsFirst = o.desc
	switch sb.SortbyNulls {
	case pg.SortByNulls_SORTBY_NULLS_FIRST:
		o.nullsFirst = true
	case pg.SortByNulls_SORTBY_NULLS_LAST:
		o.nullsFirst = false
	}
	if len(sb.UseOp) > 0 {
		switch opName(sb.UseOp) {
		case ">":
			o.desc = true
			o.nullsFirst = sb.SortbyNulls != pg.SortByNulls_SORTBY_NULLS_LAST
		case "<":
		default:
			return o, pgerr.New(pgerr.FeatureNotSupported, "ORDER BY USING with this operator is not supported")
		}
	}
	return o, nil
}

// lookupWindow finds a named window of the SELECT being bound.
func (a *analyzer) lookupWindow(name, ref string) *pg.WindowDef {
	n := name
	if n == "" {
		n = ref
	}
	for i := len(a.windowStack) - 1; i >= 0; i-- {
		for _, w := range a.windowStack[i] {
			if wd := w.GetWindowDef(); wd != nil && wd.Name == n {
				return wd
			}
		}
	}
	return nil
}
