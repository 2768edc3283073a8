package planner

import (
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// bindExpr binds an expression in scope sc.
func (a *analyzer) bindExpr(n *pg.Node, sc *scope) (Expr, error) {
	if n == nil {
		return nil, pgerr.New(pgerr.InternalError, "missing expression")
	}
	switch {
	case n.GetAConst() != nil:
		return a.bindConst(n.GetAConst())
	case n.GetColumnRef() != nil:
		cr := n.GetColumnRef()
		fields, star := strNodes(cr.Fields)
		if star {
			return nil, a.errAt(pgerr.New(pgerr.FeatureNotSupported, "row expansion via \"*\" is not supported here"), cr.Location)
		}
		return a.resolveColumn(sc, fields, cr.Location)
	case n.GetParamRef() != nil:
		pr := n.GetParamRef()
		if pr.Number < 1 || pr.Number > 65535 {
			return nil, a.errAt(pgerr.Newf(pgerr.UndefinedParameter, "there is no parameter $%d", pr.Number), pr.Location)
		}
		slot := a.params.slot(int(pr.Number))
		return &paramRef{idx: int(pr.Number) - 1, slot: slot}, nil
	case n.GetAExpr() != nil:
		return a.bindAExpr(n.GetAExpr(), sc)
	case n.GetBoolExpr() != nil:
		be := n.GetBoolExpr()
		args := make([]Expr, 0, len(be.Args))
		clause := map[pg.BoolExprType]string{pg.BoolExprType_AND_EXPR: "AND", pg.BoolExprType_OR_EXPR: "OR", pg.BoolExprType_NOT_EXPR: "NOT"}[be.Boolop]
		for _, x := range be.Args {
			e, err := a.bindExpr(x, sc)
			if err != nil {
				return nil, err
			}
			e, err = a.coerceBool(e, clause)
			if err != nil {
				return nil, err
			}
			args = append(args, e)
		}
		switch be.Boolop {
		case pg.BoolExprType_AND_EXPR:
			return &boolExpr{op: opAnd, args: flattenBool(opAnd, args)}, nil
		case pg.BoolExprType_OR_EXPR:
			return &boolExpr{op: opOr, args: flattenBool(opOr, args)}, nil
		}
		return &boolExpr{op: opNot, args: args}, nil
	case n.GetFuncCall() != nil:
		return a.bindFuncCall(n.GetFuncCall(), sc)
	case n.GetTypeCast() != nil:
		tc := n.GetTypeCast()
		t, err := a.resolveTypeName(tc.TypeName)
		if err != nil {
			return nil, err
		}
		// ARRAY[] with a cast gets its element type from the cast
		if ae := tc.Arg.GetAArrayExpr(); ae != nil && isArrayType(t.OID) {
			x, err := a.bindArray(ae, sc, types.ElemOf(t.OID))
			if err != nil {
				return nil, err
			}
			return a.cast(x, t, tc.Location)
		}
		x, err := a.bindExpr(tc.Arg, sc)
		if err != nil {
			return nil, err
		}
		return a.cast(x, t, tc.Location)
	case n.GetNullTest() != nil:
		nt := n.GetNullTest()
		x, err := a.bindExpr(nt.Arg, sc)
		if err != nil {
			return nil, err
		}
		if x.Type().OID == types.UnknownOID {
			x = a.defaultText(x)
		}
		return &nullTestExpr{arg: x, not: nt.Nulltesttype == pg.NullTestType_IS_NOT_NULL}, nil
	case n.GetBooleanTest() != nil:
		bt := n.GetBooleanTest()
		x, err := a.bindExpr(bt.Arg, sc)
		if err != nil {
			return nil, err
		}
		x, err = a.coerceBool(x, "IS")
		if err != nil {
			return nil, err
		}
		r := &boolTestExpr{arg: x}
		switch bt.Booltesttype {
		case pg.BoolTestType_IS_TRUE:
			r.want = true
		case pg.BoolTestType_IS_NOT_TRUE:
			r.want, r.not = true, true
		case pg.BoolTestType_IS_FALSE:
			r.want = false
		case pg.BoolTestType_IS_NOT_FALSE:
			r.want, r.not = false, true
		case pg.BoolTestType_IS_UNKNOWN:
		case pg.BoolTestType_IS_NOT_UNKNOWN:
			r.not = true
		}
		return r, nil
	case n.GetCaseExpr() != nil:
		return a.bindCase(n.GetCaseExpr(), sc)
	case n.GetCoalesceExpr() != nil:
		ce := n.GetCoalesceExpr()
		args, typ, err := a.bindCommon(ce.Args, sc, "COALESCE")
		if err != nil {
			return nil, err
		}
		return &coalesceExpr{args: args, typ: typ}, nil
	case n.GetMinMaxExpr() != nil:
		me := n.GetMinMaxExpr()
		name := "GREATEST"
		if me.Op == pg.MinMaxOp_IS_LEAST {
			name = "LEAST"
		}
		args, typ, err := a.bindCommon(me.Args, sc, name)
		if err != nil {
			return nil, err
		}
		if _, err := a.bindOpTypes("<", typ, typ, me.Location); err != nil {
			return nil, err
		}
		return &minMaxExpr{args: args, greatest: me.Op == pg.MinMaxOp_IS_GREATEST, typ: typ}, nil
	case n.GetAArrayExpr() != nil:
		return a.bindArray(n.GetAArrayExpr(), sc, 0)
	case n.GetSubLink() != nil:
		return a.bindSubLink(n.GetSubLink(), sc)
	case n.GetAIndirection() != nil:
		return a.bindIndirection(n.GetAIndirection(), sc)
	case n.GetRowExpr() != nil:
		re := n.GetRowExpr()
		args := make([]Expr, len(re.Args))
		for i, x := range re.Args {
			e, err := a.bindExpr(x, sc)
			if err != nil {
				return nil, err
			}
			args[i] = e // an unknown literal stays unknown, as in PostgreSQL
		}
		return &rowExpr{args: args}, nil
	case n.GetSqlvalueFunction() != nil:
		return a.bindSQLValueFunction(n.GetSqlvalueFunction())
	case n.GetCollateClause() != nil:
		return a.bindExpr(n.GetCollateClause().Arg, sc)
	case n.GetSetToDefault() != nil:
		return nil, a.errAt(pgerr.New(pgerr.FeatureNotSupported, "DEFAULT is not allowed in this context"), n.GetSetToDefault().Location)
	case n.GetGroupingFunc() != nil:
		gf := n.GetGroupingFunc()
		if sc.aggs == nil {
			return nil, a.errAt(pgerr.Newf(pgerr.GroupingError, "grouping operations are not allowed in %s", clauseName(sc)), gf.Location)
		}
		g := &groupingRef{}
		for _, x := range gf.Args {
			e, err := a.bindExpr(x, sc.child("GROUPING"))
			if err != nil {
				return nil, err
			}
			g.args = append(g.args, a.defaultText(e))
		}
		return g, nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "unsupported expression %T", n.Node)
}

func flattenBool(op boolOp, args []Expr) []Expr {
	var out []Expr
	for _, a := range args {
		if b, ok := a.(*boolExpr); ok && b.op == op {
			out = append(out, b.args...)
			continue
		}
		out = append(out, a)
	}
	return out
}

// paramRef is a parameter whose type is decided by inference and may be
// updated while the statement is analysed.
type paramRef struct {
	idx  int
	slot *types.Type
}

func (p *paramRef) Type() types.Type { return *p.slot }
func (p *paramRef) Eval(e *env) (Datum, error) {
	if p.idx >= len(e.ec.params) {
		return nil, pgerr.Newf(pgerr.UndefinedParameter, "there is no parameter $%d", p.idx+1)
	}
	return e.ec.params[p.idx], nil
}
func (p *paramRef) String() string { return "$" + strconv.Itoa(p.idx+1) }

func (a *analyzer) bindConst(c *pg.A_Const) (Expr, error) {
	if c.Isnull {
		return newConst(tUnknown, nil), nil
	}
	switch v := c.Val.(type) {
	case *pg.A_Const_Ival:
		return newConst(tInt4, int64(v.Ival.Ival)), nil
	case *pg.A_Const_Fval:
		s := v.Fval.Fval
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				if i >= math.MinInt32 && i <= math.MaxInt32 {
					return newConst(tInt4, i), nil
				}
				return newConst(tInt8, i), nil
			}
		}
		d, _, err := apd.NewFromString(s)
		if err != nil {
			return nil, a.errAt(pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type numeric: %q", s), c.Location)
		}
		return newConst(tNumeric, d), nil
	case *pg.A_Const_Boolval:
		return newConst(tBool, v.Boolval.Boolval), nil
	case *pg.A_Const_Sval:
		return &constExpr{typ: tUnknown, val: v.Sval.Sval, loc: c.Location}, nil
	case *pg.A_Const_Bsval:
		return nil, a.errAt(pgerr.New(pgerr.FeatureNotSupported, "bit string literals are not supported"), c.Location)
	}
	return newConst(tUnknown, nil), nil
}

// ---- coercion ------------------------------------------------------------------

// defaultText resolves an unknown literal to text where no context gives
// it a type (select lists, IS NULL, ...). Parameters stay unresolved:
// PostgreSQL reports 42P18 for them at the end of analysis.
func (a *analyzer) defaultText(x Expr) Expr {
	if x.Type().OID != types.UnknownOID {
		return x
	}
	if _, ok := x.(*paramRef); ok {
		return x
	}
	c, err := a.coerce(x, tText, "")
	if err != nil {
		return x
	}
	return c
}

// coerce converts x to type t implicitly (assignment rules for unknown
// literals and parameters). context names the construct for errors.
func (a *analyzer) coerce(x Expr, t types.Type, context string) (Expr, error) {
	xt := x.Type()
	if xt.OID == t.OID && (t.Typmod < 0 || xt.Typmod == t.Typmod) {
		return x, nil
	}
	switch v := x.(type) {
	case *paramRef:
		if v.slot.OID == types.UnknownOID || v.slot.OID == 0 {
			*v.slot = types.Of(t.OID)
			if t.OID == types.UnknownOID {
				*v.slot = tText
			}
			if t.Typmod >= 0 {
				return &castExpr{arg: v, typ: t}, nil
			}
			return v, nil
		}
	case *constExpr:
		if xt.OID == types.UnknownOID {
			if v.val == nil {
				return newConst(t, nil), nil
			}
			d, err := castValue(v.val, tText, t, &execCtx{sess: a.sess})
			if err != nil {
				if pe, ok := err.(*pgerr.Error); ok && v.loc >= 0 {
					return nil, a.errAt(pe, v.loc)
				}
				return nil, err
			}
			return newConst(t, d), nil
		}
	}
	if xt.OID == types.UnknownOID {
		return &castExpr{arg: x, typ: t}, nil
	}
	if t.OID == anyOID || t.OID == types.AnyElementOID || t.OID == types.AnyArrayOID {
		return x, nil
	}
	if xt.OID == t.OID {
		return a.foldCast(&castExpr{arg: x, typ: t}), nil
	}
	if !implicitCastOK(xt.OID, t.OID) && !assignmentCastOK(xt.OID, t.OID) {
		if context == "" {
			context = "expression"
		}
		return nil, pgerr.Newf(pgerr.DatatypeMismatch, "%s is of type %s but expression is of type %s", context, t, xt).
			WithHint("You will need to rewrite or cast the expression.")
	}
	return a.foldCast(&castExpr{arg: x, typ: t}), nil
}

// coerceAssign converts for INSERT/UPDATE targets (assignment casts).
func (a *analyzer) coerceAssign(x Expr, t types.Type, col string) (Expr, error) {
	xt := x.Type()
	if xt.OID == t.OID || xt.OID == types.UnknownOID {
		return a.coerce(x, t, "")
	}
	if _, ok := x.(*paramRef); ok {
		return a.coerce(x, t, "")
	}
	if implicitCastOK(xt.OID, t.OID) || assignmentCastOK(xt.OID, t.OID) {
		return a.foldCast(&castExpr{arg: x, typ: t}), nil
	}
	return nil, pgerr.Newf(pgerr.DatatypeMismatch, "column %q is of type %s but expression is of type %s", col, t, xt).
		WithHint("You will need to rewrite or cast the expression.")
}

func (a *analyzer) coerceBool(x Expr, clause string) (Expr, error) {
	if x.Type().OID == types.BoolOID {
		return x, nil
	}
	if x.Type().OID == types.UnknownOID {
		return a.coerce(x, tBool, "")
	}
	return nil, pgerr.Newf(pgerr.DatatypeMismatch, "argument of %s must be type boolean, not type %s", clause, x.Type())
}

// cast is an explicit CAST / ::.
func (a *analyzer) cast(x Expr, t types.Type, loc int32) (Expr, error) {
	xt := x.Type()
	if p, ok := x.(*paramRef); ok && (p.slot.OID == types.UnknownOID || p.slot.OID == 0) {
		*p.slot = types.Of(t.OID)
		if t.Typmod < 0 {
			return p, nil
		}
		return &castExpr{arg: p, typ: t, explicit: true}, nil
	}
	if c, ok := x.(*constExpr); ok && xt.OID == types.UnknownOID {
		if c.val == nil {
			return newConst(t, nil), nil
		}
		if t.OID == types.RegclassOID || t.OID == types.RegtypeOID || t.OID == types.RegnamespaceOID || t.OID == types.RegprocOID || t.OID == types.RegroleOID {
			return &castExpr{arg: newConst(tText, c.val), typ: t, explicit: true}, nil
		}
		if t.OID == types.TimestampTZOID || t.OID == types.DateOID || t.OID == types.TimestampOID {
			// depends on the session's TimeZone/DateStyle: evaluate at run time
			return &castExpr{arg: newConst(tText, c.val), typ: t, explicit: true}, nil
		}
		d, err := castValue(c.val, tText, t, &execCtx{sess: a.sess})
		if err != nil {
			if pe, ok := err.(*pgerr.Error); ok {
				if c.loc >= 0 {
					loc = c.loc
				}
				return nil, a.errAt(pe, loc)
			}
			return nil, err
		}
		return newConst(t, d), nil
	}
	if xt.OID == t.OID && t.Typmod < 0 {
		return x, nil
	}
	if !castAllowed(xt.OID, t.OID) {
		return nil, a.errAt(pgerr.Newf(pgerr.CannotCoerce, "cannot cast type %s to %s", xt, t), loc)
	}
	return a.foldCast(&castExpr{arg: x, typ: t, explicit: true}), nil
}

// foldCast evaluates casts of constants at plan time when safe.
func (a *analyzer) foldCast(c *castExpr) Expr {
	if k, ok := c.arg.(*constExpr); ok && isConstExpr(c) {
		if k.val == nil {
			return newConst(c.typ, nil)
		}
		ctx := c.ctx
		if c.explicit {
			ctx = types.CastExplicit
		}
		if v, err := convertValue(k.val, k.typ, c.typ, ctx, &execCtx{sess: a.sess}); err == nil {
			return newConst(c.typ, v)
		}
	}
	return c
}

// commonType picks the result type of UNION/CASE/COALESCE/VALUES branches
// (PostgreSQL's select_common_type).
func commonType(ts []types.Type, context string) (types.Type, error) {
	var cand types.Type
	found := false
	for _, t := range ts {
		if t.OID == types.UnknownOID {
			continue
		}
		if !found {
			cand, found = t, true
			continue
		}
		if t.OID == cand.OID {
			if t.Typmod != cand.Typmod {
				cand.Typmod = -1
			}
			continue
		}
		if typeCategory(t.OID) != typeCategory(cand.OID) {
			return types.Type{}, pgerr.Newf(pgerr.DatatypeMismatch, "%s types %s and %s cannot be matched", context, cand, t)
		}
		if implicitCastOK(cand.OID, t.OID) && (!implicitCastOK(t.OID, cand.OID) || isPreferred(t.OID)) {
			cand = t
		} else if !implicitCastOK(t.OID, cand.OID) {
			return types.Type{}, pgerr.Newf(pgerr.DatatypeMismatch, "%s types %s and %s cannot be matched", context, cand, t)
		}
	}
	if !found {
		return tText, nil
	}
	return cand, nil
}

func (a *analyzer) bindCommon(nodes []*pg.Node, sc *scope, context string) ([]Expr, types.Type, error) {
	args := make([]Expr, len(nodes))
	ts := make([]types.Type, len(nodes))
	for i, n := range nodes {
		x, err := a.bindExpr(n, sc)
		if err != nil {
			return nil, types.Type{}, err
		}
		args[i], ts[i] = x, x.Type()
	}
	typ, err := commonType(ts, context)
	if err != nil {
		return nil, typ, err
	}
	for i := range args {
		if args[i], err = a.coerce(args[i], typ, context); err != nil {
			return nil, typ, err
		}
	}
	return args, typ, nil
}

// ---- operators ---------------------------------------------------------------------

func opName(nodes []*pg.Node) string {
	names, _ := strNodes(nodes)
	if len(names) == 0 {
		return ""
	}
	return names[len(names)-1]
}

// bindOp resolves a binary (or prefix, l == nil) operator on bound operands.
func (a *analyzer) bindOp(op string, l, r Expr, loc int32) (Expr, error) {
	f, err := a.bindOpCall(op, l, r, loc)
	if err != nil {
		return nil, err
	}
	return a.foldFunc(f), nil
}

// bindOpCall is bindOp without constant folding.
func (a *analyzer) bindOpCall(op string, l, r Expr, loc int32) (*funcExpr, error) {
	var lt *types.Type
	if l != nil {
		t := l.Type()
		lt = &t
	}
	rt := r.Type()
	res, err := lookupOp(op, lt, &rt)
	if err != nil {
		return nil, err
	}
	if res == nil {
		if lt != nil && lt.OID == types.UnknownOID && rt.OID == types.UnknownOID {
			t := tText
			res, _ = lookupOp(op, &t, &t)
		}
		if res == nil {
			return nil, a.errAt(undefinedOperator(op, lt, rt).(*pgerr.Error), loc)
		}
	}
	var args []Expr
	if l != nil {
		lc, err := a.coerce(l, res.argTypes[0], "")
		if err != nil {
			return nil, err
		}
		rc, err := a.coerce(r, res.argTypes[1], "")
		if err != nil {
			return nil, err
		}
		args = []Expr{lc, rc}
	} else {
		rc, err := a.coerce(r, res.argTypes[0], "")
		if err != nil {
			return nil, err
		}
		args = []Expr{rc}
	}
	return &funcExpr{def: res.def, args: args, typ: res.ret, op: op}, nil
}

// bindOpTypes resolves an operator for types only (no expression).
func (a *analyzer) bindOpTypes(op string, l, r types.Type, loc int32) (*resolved, error) {
	res, err := lookupOp(op, &l, &r)
	if err != nil {
		return nil, err
	}
	if res == nil {
		return nil, a.errAt(undefinedOperator(op, &l, r).(*pgerr.Error), loc)
	}
	return res, nil
}

// foldFunc evaluates immutable functions of constants at plan time.
func (a *analyzer) foldFunc(f *funcExpr) Expr {
	if f.def.srf || f.def.agg != nil || f.def.window != winNone || f.def.volatility != immutable {
		return f
	}
	for _, x := range f.args {
		if _, ok := x.(*constExpr); !ok {
			return f
		}
	}
	ec := &execCtx{sess: a.sess}
	v, err := f.Eval(&env{ec: ec})
	if err != nil {
		return f // report at run time, as PostgreSQL would for this row
	}
	return newConst(f.typ, v)
}

// bindOperands binds both operands of a binary expression.
func (a *analyzer) bindOperands(e *pg.A_Expr, sc *scope) (l, r Expr, err error) {
	if l, err = a.bindExpr(e.Lexpr, sc); err != nil {
		return nil, nil, err
	}
	if r, err = a.bindExpr(e.Rexpr, sc); err != nil {
		return nil, nil, err
	}
	return l, r, nil
}

func (a *analyzer) bindAExpr(e *pg.A_Expr, sc *scope) (Expr, error) {
	op := opName(e.Name)
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		var l Expr
		var err error
		if e.Lexpr != nil {
			if l, err = a.bindExpr(e.Lexpr, sc); err != nil {
				return nil, err
			}
		}
		r, err := a.bindExpr(e.Rexpr, sc)
		if err != nil {
			return nil, err
		}
		// row comparisons: (a, b) < (c, d)
		if lr, ok := l.(*rowExpr); ok {
			if rr, ok := r.(*rowExpr); ok {
				return a.bindRowCompare(op, lr, rr, e.Location)
			}
		}
		return a.bindOp(op, l, r, e.Location)
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		l, r, err := a.bindOperands(e, sc)
		if err != nil {
			return nil, err
		}
		return a.bindScalarArray(op, l, r, e.Kind == pg.A_Expr_Kind_AEXPR_OP_ALL, e.Location)
	case pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT, pg.A_Expr_Kind_AEXPR_NULLIF:
		// both compare with the = operator of the operands' types
		l, r, err := a.bindOperands(e, sc)
		if err != nil {
			return nil, err
		}
		f, err := a.bindOpCall("=", l, r, e.Location)
		if err != nil {
			return nil, err
		}
		if e.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
			return &nullIfExpr{a: f.args[0], b: f.args[1], eq: f.def}, nil
		}
		return &distinctExpr{left: f.args[0], right: f.args[1], eq: f.def, not: e.Kind == pg.A_Expr_Kind_AEXPR_NOT_DISTINCT}, nil
	case pg.A_Expr_Kind_AEXPR_IN:
		l, err := a.bindExpr(e.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		list := e.Rexpr.GetList()
		if list == nil {
			return nil, pgerr.New(pgerr.SyntaxError, "IN list expected")
		}
		not := op == "<>"
		items := make([]Expr, len(list.Items))
		ts := []types.Type{l.Type()}
		for i, it := range list.Items {
			x, err := a.bindExpr(it, sc)
			if err != nil {
				return nil, err
			}
			items[i] = x
			ts = append(ts, x.Type())
		}
		typ, err := commonType(ts, "IN")
		if err != nil {
			// fall back to per-item operator resolution
			typ = types.Type{}
		}
		in := &inListExpr{not: not}
		if typ.OID != 0 {
			if l, err = a.coerce(l, typ, "IN"); err != nil {
				return nil, err
			}
		}
		in.arg = l
		for _, x := range items {
			f, err := a.bindOpCall("=", in.arg, x, e.Location)
			if err != nil {
				return nil, err
			}
			in.list = append(in.list, f.args[1])
			in.eqs = append(in.eqs, f.def)
			in.arg = f.args[0]
		}
		return in, nil
	case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE:
		l, err := a.bindExpr(e.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		var r Expr
		// LIKE ... ESCAPE arrives as like_escape(pattern, escape)
		if fc := e.Rexpr.GetFuncCall(); fc != nil && opName(fc.Funcname) == "like_escape" {
			p, err := a.bindExpr(fc.Args[0], sc)
			if err != nil {
				return nil, err
			}
			esc, err := a.bindExpr(fc.Args[1], sc)
			if err != nil {
				return nil, err
			}
			r = &funcExpr{def: likeEscapeDef, args: []Expr{mustCoerce(a, p, tText), mustCoerce(a, esc, tText)}, typ: tText}
		} else if r, err = a.bindExpr(e.Rexpr, sc); err != nil {
			return nil, err
		}
		return a.bindOp(op, l, r, e.Location)
	case pg.A_Expr_Kind_AEXPR_SIMILAR:
		l, err := a.bindExpr(e.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		var pat Expr
		if fc := e.Rexpr.GetFuncCall(); fc != nil {
			if pat, err = a.bindExpr(fc.Args[0], sc); err != nil {
				return nil, err
			}
		} else if pat, err = a.bindExpr(e.Rexpr, sc); err != nil {
			return nil, err
		}
		re := &funcExpr{def: similarToRegexDef, args: []Expr{mustCoerce(a, pat, tText)}, typ: tText}
		reOp := "~"
		if op == "!~" {
			reOp = "!~"
		}
		return a.bindOp(reOp, l, re, e.Location)
	case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN, pg.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		x, err := a.bindExpr(e.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		bounds := e.Rexpr.GetList()
		lo, err := a.bindExpr(bounds.Items[0], sc)
		if err != nil {
			return nil, err
		}
		hi, err := a.bindExpr(bounds.Items[1], sc)
		if err != nil {
			return nil, err
		}
		ge, err := a.bindOp(">=", x, lo, e.Location)
		if err != nil {
			return nil, err
		}
		le, err := a.bindOp("<=", x, hi, e.Location)
		if err != nil {
			return nil, err
		}
		var res Expr = &boolExpr{op: opAnd, args: []Expr{ge, le}}
		if e.Kind == pg.A_Expr_Kind_AEXPR_BETWEEN_SYM || e.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM {
			ge2, err := a.bindOp(">=", x, hi, e.Location)
			if err != nil {
				return nil, err
			}
			le2, err := a.bindOp("<=", x, lo, e.Location)
			if err != nil {
				return nil, err
			}
			res = &boolExpr{op: opOr, args: []Expr{res, &boolExpr{op: opAnd, args: []Expr{ge2, le2}}}}
		}
		if e.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN || e.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM {
			res = &boolExpr{op: opNot, args: []Expr{res}}
		}
		return res, nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "unsupported operator expression %s", e.Kind)
}

func mustCoerce(a *analyzer, x Expr, t types.Type) Expr {
	c, err := a.coerce(x, t, "")
	if err != nil {
		return x
	}
	return c
}

var likeEscapeDef = &funcDef{name: "like_escape", strict: true, ret: types.TextOID, fn: func(_ *callCtx, args []Datum) (Datum, error) {
	p, esc := args[0].(string), args[1].(string)
	if esc == `\` {
		return p, nil
	}
	var b strings.Builder
	escaping := false
	for _, r := range p {
		if esc != "" && !escaping && string(r) == esc {
			escaping = true
			continue
		}
		if escaping {
			b.WriteByte('\\')
			b.WriteRune(r)
			escaping = false
			continue
		}
		if r == '\\' {
			b.WriteString(`\\`)
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}}

var similarToRegexDef = &funcDef{name: "similar_to_escape", strict: true, ret: types.TextOID, fn: func(_ *callCtx, args []Datum) (Datum, error) {
	p := args[0].(string)
	var b strings.Builder
	b.WriteString("^(?:")
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteString(regexpQuote(p[i]))
			}
		case '.', '^', '$':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString(")$")
	return b.String(), nil
}}

func regexpQuote(c byte) string {
	if strings.ContainsRune(`\.+*?()|[]{}^$`, rune(c)) {
		return `\` + string(c)
	}
	return string(c)
}

func (a *analyzer) bindScalarArray(op string, l, r Expr, all bool, loc int32) (Expr, error) {
	rt := r.Type()
	if rt.OID == types.UnknownOID {
		// '{a,b}' literal or untyped parameter: an array of the left type
		lt := l.Type()
		if lt.OID == types.UnknownOID {
			lt = tText
			l, _ = a.coerce(l, lt, "")
		}
		at := types.ArrayOf(lt.OID)
		if at == 0 {
			return nil, a.errAt(pgerr.Newf(pgerr.UndefinedFunction, "could not find array type for data type %s", lt), loc)
		}
		var err error
		if r, err = a.coerce(r, types.Of(at), ""); err != nil {
			return nil, err
		}
		rt = r.Type()
	}
	elem := types.ElemOf(rt.OID)
	if elem == 0 {
		return nil, a.errAt(pgerr.Newf(pgerr.DatatypeMismatch, "op ANY/ALL (array) requires array on right side"), loc)
	}
	et := types.Of(elem)
	res, err := a.bindOpTypes(op, l.Type(), et, loc)
	if err != nil {
		return nil, err
	}
	if res.ret.OID != types.BoolOID {
		return nil, a.errAt(pgerr.New(pgerr.DatatypeMismatch, "op ANY/ALL (array) requires operator to yield boolean"), loc)
	}
	lc, err := a.coerce(l, res.argTypes[0], "")
	if err != nil {
		return nil, err
	}
	if res.argTypes[1].OID != elem {
		at := types.ArrayOf(res.argTypes[1].OID)
		if r, err = a.coerce(r, types.Of(at), ""); err != nil {
			return nil, err
		}
	}
	return &scalarArrayExpr{left: lc, right: r, op: res.def, opName: op, all: all}, nil
}

func (a *analyzer) bindRowCompare(op string, l, r *rowExpr, loc int32) (Expr, error) {
	if len(l.args) != len(r.args) {
		return nil, a.errAt(pgerr.New(pgerr.SyntaxError, "unequal number of entries in row expressions"), loc)
	}
	switch op {
	case "=", "<>":
		var parts []Expr
		for i := range l.args {
			c, err := a.bindOp("=", l.args[i], r.args[i], loc)
			if err != nil {
				return nil, err
			}
			parts = append(parts, c)
		}
		var res Expr = &boolExpr{op: opAnd, args: parts}
		if len(parts) == 1 {
			res = parts[0]
		}
		if op == "<>" {
			res = &boolExpr{op: opNot, args: []Expr{res}}
		}
		return res, nil
	case "<", "<=", ">", ">=":
		// (a,b) < (c,d)  ==  a < c OR (a = c AND b < d) ... with the last
		// element using op itself.
		var build func(i int) (Expr, error)
		build = func(i int) (Expr, error) {
			if i == len(l.args)-1 {
				return a.bindOp(op, l.args[i], r.args[i], loc)
			}
			strict := strings.TrimSuffix(op, "=")
			lt, err := a.bindOp(strict, l.args[i], r.args[i], loc)
			if err != nil {
				return nil, err
			}
			eq, err := a.bindOp("=", l.args[i], r.args[i], loc)
			if err != nil {
				return nil, err
			}
			rest, err := build(i + 1)
			if err != nil {
				return nil, err
			}
			return &boolExpr{op: opOr, args: []Expr{lt, &boolExpr{op: opAnd, args: []Expr{eq, rest}}}}, nil
		}
		return build(0)
	}
	return nil, a.errAt(pgerr.Newf(pgerr.FeatureNotSupported, "operator %s is not supported for row expressions", op), loc)
}

// ---- CASE ----------------------------------------------------------------------------

func (a *analyzer) bindCase(ce *pg.CaseExpr, sc *scope) (Expr, error) {
	c := &caseExpr{}
	var arg Expr
	var err error
	if ce.Arg != nil {
		if arg, err = a.bindExpr(ce.Arg, sc); err != nil {
			return nil, err
		}
	}
	var results []Expr
	var rtypes []types.Type
	for _, w := range ce.Args {
		cw := w.GetCaseWhen()
		cond, err := a.bindExpr(cw.Expr, sc)
		if err != nil {
			return nil, err
		}
		if arg != nil {
			eq, err := a.bindOp("=", arg, cond, cw.Location)
			if err != nil {
				return nil, err
			}
			cond = eq
		} else if cond, err = a.coerceBool(cond, "CASE/WHEN"); err != nil {
			return nil, err
		}
		res, err := a.bindExpr(cw.Result, sc)
		if err != nil {
			return nil, err
		}
		c.whens = append(c.whens, caseWhen{cond: cond})
		results = append(results, res)
		rtypes = append(rtypes, res.Type())
	}
	if ce.Defresult != nil {
		d, err := a.bindExpr(ce.Defresult, sc)
		if err != nil {
			return nil, err
		}
		c.els = d
		rtypes = append(rtypes, d.Type())
	}
	typ, err := commonType(rtypes, "CASE")
	if err != nil {
		return nil, err
	}
	c.typ = typ
	for i := range c.whens {
		if c.whens[i].result, err = a.coerce(results[i], typ, "CASE"); err != nil {
			return nil, err
		}
	}
	if c.els != nil {
		if c.els, err = a.coerce(c.els, typ, "CASE"); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// ---- arrays -------------------------------------------------------------------------

func (a *analyzer) bindArray(ae *pg.A_ArrayExpr, sc *scope, elemHint types.OID) (Expr, error) {
	var elems []Expr
	var ts []types.Type
	for _, x := range ae.Elements {
		var e Expr
		var err error
		if sub := x.GetAArrayExpr(); sub != nil {
			e, err = a.bindArray(sub, sc, elemHint)
		} else {
			e, err = a.bindExpr(x, sc)
		}
		if err != nil {
			return nil, err
		}
		elems = append(elems, e)
		ts = append(ts, e.Type())
	}
	if len(elems) == 0 {
		if elemHint == 0 {
			return nil, a.errAt(pgerr.New(pgerr.IndeterminateDatatype, "cannot determine type of empty array").
				WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[]."), ae.Location)
		}
		return newConst(types.Of(types.ArrayOf(elemHint)), &types.Array{Elem: elemHint}), nil
	}
	var typ types.Type
	if elemHint != 0 && allUnknown(ts) {
		typ = types.Of(elemHint)
	} else {
		var err error
		if typ, err = commonType(ts, "ARRAY"); err != nil {
			return nil, err
		}
	}
	nested := isArrayType(typ.OID)
	elemType := typ.OID
	if nested {
		elemType = types.ElemOf(typ.OID)
	}
	at := types.ArrayOf(elemType)
	if at == 0 {
		return nil, a.errAt(pgerr.Newf(pgerr.UndefinedObject, "could not find array type for data type %s", typ), ae.Location)
	}
	allConst := true
	for i := range elems {
		var err error
		if elems[i], err = a.coerce(elems[i], typ, "ARRAY"); err != nil {
			return nil, err
		}
		if _, ok := elems[i].(*constExpr); !ok {
			allConst = false
		}
	}
	x := &arrayExpr{elems: elems, typ: types.Of(at)}
	if allConst {
		if v, err := x.Eval(&env{}); err == nil {
			return newConst(x.typ, v), nil
		}
	}
	return x, nil
}

func allUnknown(ts []types.Type) bool {
	for _, t := range ts {
		if t.OID != types.UnknownOID {
			return false
		}
	}
	return true
}

// ---- indirection: subscripts and field selection ----------------------------------------

func (a *analyzer) bindIndirection(ind *pg.A_Indirection, sc *scope) (Expr, error) {
	x, err := a.bindExpr(ind.Arg, sc)
	if err != nil {
		return nil, err
	}
	var subs []*pg.A_Indices
	flush := func() error {
		if len(subs) == 0 {
			return nil
		}
		t := x.Type()
		if x.Type().OID == types.UnknownOID {
			return pgerr.New(pgerr.DatatypeMismatch, "cannot subscript type unknown because it is not an array")
		}
		elem := types.ElemOf(t.OID)
		if elem == 0 {
			return pgerr.Newf(pgerr.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", t)
		}
		se := &subscriptExpr{arg: x}
		for _, s := range subs {
			if s.IsSlice {
				se.slice = true
			}
		}
		for _, s := range subs {
			var lo, hi Expr
			if !se.slice {
				// a[i]: the grammar puts the index in uidx
				if lo, err = a.bindExpr(s.Uidx, sc); err != nil {
					return err
				}
				if lo, err = a.coerce(lo, tInt4, "array subscript"); err != nil {
					return err
				}
				se.indexes = append(se.indexes, lo)
				se.uppers = append(se.uppers, nil)
				continue
			}
			if s.Lidx != nil {
				if lo, err = a.bindExpr(s.Lidx, sc); err != nil {
					return err
				}
				if lo, err = a.coerce(lo, tInt4, "array subscript"); err != nil {
					return err
				}
			}
			if s.Uidx != nil {
				if hi, err = a.bindExpr(s.Uidx, sc); err != nil {
					return err
				}
				if hi, err = a.coerce(hi, tInt4, "array subscript"); err != nil {
					return err
				}
			}
			se.indexes = append(se.indexes, lo)
			se.uppers = append(se.uppers, hi)
		}
		if se.slice {
			se.typ = t
		} else {
			se.typ = types.Of(elem)
		}
		x = se
		subs = nil
		return nil
	}
	for _, n := range ind.Indirection {
		switch {
		case n.GetAIndices() != nil:
			subs = append(subs, n.GetAIndices())
		case n.GetString_() != nil:
			if err := flush(); err != nil {
				return nil, err
			}
			name := n.GetString_().Sval
			fx, err := fieldOf(x, name)
			if err != nil {
				return nil, err
			}
			x = fx
		case n.GetAStar() != nil:
			return nil, pgerr.New(pgerr.FeatureNotSupported, "(expression).* is not supported here")
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return x, nil
}

func fieldOf(x Expr, name string) (Expr, error) {
	if r, ok := x.(*rowExpr); ok {
		for i, n := range r.names {
			if n == name {
				return r.args[i], nil
			}
		}
		if strings.HasPrefix(name, "f") {
			if i, err := strconv.Atoi(name[1:]); err == nil && i >= 1 && i <= len(r.args) {
				return r.args[i-1], nil
			}
		}
	}
	if cols, ok := types.RecordColumns(x.Type()); ok {
		for i, c := range cols {
			if c.Name == name {
				return &fieldExpr{arg: x, idx: i, typ: c.Type, name: name}, nil
			}
		}
	}
	if rt, ok := x.(interface {
		fieldType(string) (int, types.Type, bool)
	}); ok {
		if i, t, ok := rt.fieldType(name); ok {
			return &fieldExpr{arg: x, idx: i, typ: t, name: name}, nil
		}
	}
	return nil, pgerr.Newf(pgerr.UndefinedColumn, "column %q not found in data type %s", name, x.Type())
}

// ---- SQL value functions ---------------------------------------------------------------

func (a *analyzer) bindSQLValueFunction(f *pg.SQLValueFunction) (Expr, error) {
	// the date/time functions: the transaction's start time as their type,
	// rounded to the precision of the _N forms (CURRENT_TIME(2))
	timeFn := func(name string, oid types.OID) (Expr, error) {
		t := types.Of(oid)
		if f.Typmod >= 0 {
			t.Typmod = min(f.Typmod, 6)
		}
		return &dynExpr{name: name, typ: t, fn: func(ec *execCtx) (Datum, error) {
			return castValue(ec.txnTime(), tTimestampTZ, t, ec)
		}}, nil
	}
	switch f.Op {
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return timeFn("CURRENT_TIMESTAMP", types.TimestampTZOID)
	case pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return timeFn("LOCALTIMESTAMP", types.TimestampOID)
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		return timeFn("CURRENT_DATE", types.DateOID)
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
		return timeFn("CURRENT_TIME", types.TimeTZOID)
	case pg.SQLValueFunctionOp_SVFOP_LOCALTIME, pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
		return timeFn("LOCALTIME", types.TimeOID)
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_USER, pg.SQLValueFunctionOp_SVFOP_USER, pg.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
		return &dynExpr{name: "CURRENT_USER", typ: tName, fn: func(ec *execCtx) (Datum, error) { return ec.sess.user, nil }}, nil
	case pg.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return &dynExpr{name: "SESSION_USER", typ: tName, fn: func(ec *execCtx) (Datum, error) { return ec.sess.user, nil }}, nil
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return &dynExpr{name: "CURRENT_CATALOG", typ: tName, fn: func(ec *execCtx) (Datum, error) { return DatabaseName, nil }}, nil
	case pg.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return &dynExpr{name: "CURRENT_SCHEMA", typ: tName, fn: func(ec *execCtx) (Datum, error) {
			if s, ok := ec.sess.currentSchema(); ok {
				return s, nil
			}
			return nil, nil
		}}, nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "unsupported SQL value function %s", f.Op)
}

// ---- subqueries --------------------------------------------------------------------------

func (a *analyzer) bindSubLink(sl *pg.SubLink, sc *scope) (Expr, error) {
	ql := &queryLevel{parent: sc}
	plan, err := a.analyzeQuery(sl.Subselect, ql)
	if err != nil {
		return nil, err
	}
	cols := plan.columns()
	s := &subqueryExpr{plan: plan, outerArgs: ql.outerArgs}
	switch sl.SubLinkType {
	case pg.SubLinkType_EXISTS_SUBLINK:
		s.kind, s.typ = subExists, tBool
		return s, nil
	case pg.SubLinkType_EXPR_SUBLINK:
		if len(cols) != 1 {
			return nil, a.errAt(pgerr.New(pgerr.SyntaxError, "subquery must return only one column"), sl.Location)
		}
		s.kind, s.typ = subScalar, cols[0].typ
		return s, nil
	case pg.SubLinkType_ARRAY_SUBLINK:
		if len(cols) != 1 {
			return nil, a.errAt(pgerr.New(pgerr.SyntaxError, "subquery must return only one column"), sl.Location)
		}
		t := cols[0].typ.OID
		if isArrayType(t) {
			s.kind, s.typ = subArray, cols[0].typ
		} else {
			at := types.ArrayOf(t)
			if at == 0 {
				return nil, a.errAt(pgerr.Newf(pgerr.UndefinedObject, "could not find array type for data type %s", cols[0].typ), sl.Location)
			}
			s.kind, s.typ = subArray, types.Of(at)
		}
		return s, nil
	case pg.SubLinkType_ANY_SUBLINK, pg.SubLinkType_ALL_SUBLINK:
		op := "="
		if len(sl.OperName) > 0 {
			op = opName(sl.OperName)
		}
		test, err := a.bindExpr(sl.Testexpr, sc)
		if err != nil {
			return nil, err
		}
		if _, isRow := test.(*rowExpr); isRow || len(cols) != 1 {
			return nil, a.errAt(pgerr.New(pgerr.FeatureNotSupported, "row-valued IN/ANY subqueries are not supported"), sl.Location)
		}
		res, err := a.bindOpTypes(op, test.Type(), cols[0].typ, sl.Location)
		if err != nil {
			return nil, err
		}
		if test, err = a.coerce(test, res.argTypes[0], ""); err != nil {
			return nil, err
		}
		if res.argTypes[1].OID != cols[0].typ.OID {
			// convert the subquery's column to the operator's type
			cx := &castExpr{arg: &colExpr{idx: 0, typ: cols[0].typ, name: cols[0].name}, typ: res.argTypes[1]}
			plan = &projectNode{input: plan, exprs: []Expr{cx}, cols: []colInfo{{name: cols[0].name, typ: res.argTypes[1]}}}
			s.plan = plan
		}
		s.test, s.op, s.opName, s.typ = test, res.def, op, tBool
		s.kind = subAny
		if sl.SubLinkType == pg.SubLinkType_ALL_SUBLINK {
			s.kind = subAll
		}
		return s, nil
	}
	return nil, a.errAt(pgerr.Newf(pgerr.FeatureNotSupported, "unsupported subquery type %s", sl.SubLinkType), sl.Location)
}
