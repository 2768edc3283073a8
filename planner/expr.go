package planner

// Typed expression trees. The analyzer (analyze_expr.go) turns parse nodes
// into these; operators evaluate them once per row. Every node knows its
// static type; Eval returns a Datum of that type or nil (NULL).
//
// Evaluation follows PostgreSQL: strict functions return NULL on a NULL
// argument without being called, AND/OR use three-valued logic, CASE and
// COALESCE evaluate lazily.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// Expr is a bound, typed expression.
type Expr interface {
	Type() types.Type
	Eval(e *env) (Datum, error)
	// String renders the expression for EXPLAIN (close to PostgreSQL's
	// deparsed form).
	String() string
}

// env is the evaluation environment of one row: the row of the operator
// evaluating the expression, the rows of enclosing queries (for correlated
// references), and the statement's execution context.
type env struct {
	row   []Datum
	outer *env
	ec    *execCtx
}

// ---- leaves ------------------------------------------------------------------

// constExpr is a literal or folded constant.
type constExpr struct {
	typ types.Type
	val Datum
	// loc is the literal's location in the query (errors), -1 if none.
	loc int32
}

func (c *constExpr) Type() types.Type           { return c.typ }
func (c *constExpr) Eval(*env) (Datum, error)   { return c.val, nil }
func (c *constExpr) String() string             { return constString(c.typ, c.val) }
func newConst(t types.Type, v Datum) *constExpr { return &constExpr{typ: t, val: v, loc: -1} }

func constString(t types.Type, v Datum) string {
	if v == nil {
		return "NULL"
	}
	s := string(formatText(nil, t.OID, v, defaultFormat))
	switch t.OID {
	case types.Int4OID, types.NumericOID, types.BoolOID:
		if t.OID == types.BoolOID {
			if v.(bool) {
				return "true"
			}
			return "false"
		}
		if strings.HasPrefix(s, "-") {
			return "'" + s + "'::" + t.String()
		}
		return s
	case types.UnknownOID:
		return quoteLiteral(s)
	}
	return quoteLiteral(s) + "::" + t.String()
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// colExpr reads column idx of the row `level` queries out (0: this one).
type colExpr struct {
	level int
	idx   int
	typ   types.Type
	name  string // qualified name for EXPLAIN
}

func (c *colExpr) Type() types.Type { return c.typ }
func (c *colExpr) Eval(e *env) (Datum, error) {
	for i := 0; i < c.level; i++ {
		e = e.outer
	}
	return e.row[c.idx], nil
}
func (c *colExpr) String() string { return c.name }

// ---- functions and operators ---------------------------------------------------

// funcExpr calls a resolved function or operator.
type funcExpr struct {
	def  *funcDef
	args []Expr
	typ  types.Type
	// op is the operator spelling when this is an operator call, for EXPLAIN.
	op string
}

func (f *funcExpr) Type() types.Type { return f.typ }
func (f *funcExpr) Eval(e *env) (Datum, error) {
	var buf [4]Datum
	vals := buf[:0]
	if len(f.args) > len(buf) {
		vals = make([]Datum, 0, len(f.args))
	}
	for _, a := range f.args {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil && f.def.strict {
			return nil, nil
		}
		vals = append(vals, v)
	}
	return f.def.fn(&callCtx{env: e, argTypes: f.argTypes(), retType: f.typ}, vals)
}

func (f *funcExpr) argTypes() []types.Type {
	ts := make([]types.Type, len(f.args))
	for i, a := range f.args {
		ts[i] = a.Type()
	}
	return ts
}

func (f *funcExpr) String() string {
	if f.op != "" {
		if len(f.args) == 1 {
			return "(" + f.op + " " + f.args[0].String() + ")"
		}
		return "(" + f.args[0].String() + " " + f.op + " " + f.args[1].String() + ")"
	}
	parts := make([]string, len(f.args))
	for i, a := range f.args {
		parts[i] = a.String()
	}
	return f.def.name + "(" + strings.Join(parts, ", ") + ")"
}

// callCtx is what a function implementation sees besides its arguments.
type callCtx struct {
	env      *env
	argTypes []types.Type
	retType  types.Type
}

func (c *callCtx) ec() *execCtx {
	if c.env == nil {
		return nil
	}
	return c.env.ec
}

// evalCtx is what types-package functions see of the session.
func (c *callCtx) evalCtx() *types.EvalContext {
	if ec := c.ec(); ec != nil && ec.sess != nil {
		return ec.sess.evalContext(ec)
	}
	return types.NewEvalContext(nowFunc())
}

// castExpr converts its argument to typ (implicitly, as an assignment,
// or explicitly: the contexts differ in typmod handling and errors).
type castExpr struct {
	arg      Expr
	typ      types.Type
	explicit bool
	ctx      types.CastContext
}

func (c *castExpr) Type() types.Type { return c.typ }
func (c *castExpr) Eval(e *env) (Datum, error) {
	v, err := c.arg.Eval(e)
	if err != nil || v == nil {
		return nil, err
	}
	ctx := c.ctx
	if c.explicit {
		ctx = types.CastExplicit
	}
	return convertValue(v, c.arg.Type(), c.typ, ctx, e.ec)
}
func (c *castExpr) String() string {
	return "(" + c.arg.String() + ")::" + c.typ.String()
}

// ---- boolean logic ----------------------------------------------------------

type boolOp uint8

const (
	opAnd boolOp = iota
	opOr
	opNot
)

// boolExpr is AND, OR (n-ary) or NOT with three-valued logic.
type boolExpr struct {
	op   boolOp
	args []Expr
}

func (b *boolExpr) Type() types.Type { return tBool }
func (b *boolExpr) Eval(e *env) (Datum, error) {
	if b.op == opNot {
		v, err := b.args[0].Eval(e)
		if err != nil || v == nil {
			return nil, err
		}
		return !v.(bool), nil
	}
	// AND stops at the first FALSE operand, OR at the first TRUE one;
	// otherwise a NULL operand makes the result NULL.
	stop := b.op == opOr
	sawNull := false
	for _, a := range b.args {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		if v.(bool) == stop {
			return stop, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return !stop, nil
}
func (b *boolExpr) String() string {
	if b.op == opNot {
		return "(NOT " + b.args[0].String() + ")"
	}
	sep := " AND "
	if b.op == opOr {
		sep = " OR "
	}
	parts := make([]string, len(b.args))
	for i, a := range b.args {
		parts[i] = a.String()
	}
	return "(" + strings.Join(parts, sep) + ")"
}

// nullTestExpr is IS [NOT] NULL. For row values PostgreSQL tests every
// field; we follow that for records.
type nullTestExpr struct {
	arg Expr
	not bool
}

func (n *nullTestExpr) Type() types.Type { return tBool }
func (n *nullTestExpr) Eval(e *env) (Datum, error) {
	v, err := n.arg.Eval(e)
	if err != nil {
		return nil, err
	}
	if r, ok := v.(*types.Record); ok {
		allNull, noneNull := true, true
		for _, f := range r.Values {
			if f == nil {
				noneNull = false
			} else {
				allNull = false
			}
		}
		if n.not {
			return noneNull, nil
		}
		return allNull, nil
	}
	return (v == nil) != n.not, nil
}
func (n *nullTestExpr) String() string {
	if n.not {
		return "(" + n.arg.String() + " IS NOT NULL)"
	}
	return "(" + n.arg.String() + " IS NULL)"
}

// boolTestExpr is IS [NOT] TRUE/FALSE/UNKNOWN.
type boolTestExpr struct {
	arg  Expr
	want Datum // true, false or nil (UNKNOWN)
	not  bool
}

func (b *boolTestExpr) Type() types.Type { return tBool }
func (b *boolTestExpr) Eval(e *env) (Datum, error) {
	v, err := b.arg.Eval(e)
	if err != nil {
		return nil, err
	}
	var eq bool
	switch {
	case b.want == nil:
		eq = v == nil
	case v == nil:
		eq = false
	default:
		eq = v.(bool) == b.want.(bool)
	}
	return eq != b.not, nil
}
func (b *boolTestExpr) String() string {
	w := "UNKNOWN"
	if b.want != nil {
		w = strings.ToUpper(fmt.Sprint(b.want))
	}
	if b.not {
		return "(" + b.arg.String() + " IS NOT " + w + ")"
	}
	return "(" + b.arg.String() + " IS " + w + ")"
}

// distinctExpr is IS [NOT] DISTINCT FROM, using eq (an equality operator).
type distinctExpr struct {
	left, right Expr
	eq          *funcDef
	not         bool // IS NOT DISTINCT FROM
}

func (d *distinctExpr) Type() types.Type { return tBool }
func (d *distinctExpr) Eval(e *env) (Datum, error) {
	l, err := d.left.Eval(e)
	if err != nil {
		return nil, err
	}
	r, err := d.right.Eval(e)
	if err != nil {
		return nil, err
	}
	var distinct bool
	switch {
	case l == nil && r == nil:
		distinct = false
	case l == nil || r == nil:
		distinct = true
	default:
		v, err := d.eq.fn(&callCtx{env: e}, []Datum{l, r})
		if err != nil {
			return nil, err
		}
		distinct = v == nil || !v.(bool)
	}
	return distinct != d.not, nil
}
func (d *distinctExpr) String() string {
	op := " IS DISTINCT FROM "
	if d.not {
		op = " IS NOT DISTINCT FROM "
	}
	return "(" + d.left.String() + op + d.right.String() + ")"
}

// ---- conditional ---------------------------------------------------------------

type caseWhen struct {
	cond   Expr
	result Expr
}

// caseExpr is a searched CASE (simple CASE is rewritten to equality tests
// on a shared argument evaluated once).
type caseExpr struct {
	arg   Expr // simple CASE operand, or nil
	eq    []*funcDef
	whens []caseWhen
	els   Expr
	typ   types.Type
}

func (c *caseExpr) Type() types.Type { return c.typ }
func (c *caseExpr) Eval(e *env) (Datum, error) {
	var argv Datum
	if c.arg != nil {
		v, err := c.arg.Eval(e)
		if err != nil {
			return nil, err
		}
		argv = v
	}
	for i, w := range c.whens {
		v, err := w.cond.Eval(e)
		if err != nil {
			return nil, err
		}
		if c.arg != nil {
			if argv == nil || v == nil {
				continue
			}
			r, err := c.eq[i].fn(&callCtx{env: e}, []Datum{argv, v})
			if err != nil {
				return nil, err
			}
			v = r
		}
		if b, ok := v.(bool); ok && b {
			return w.result.Eval(e)
		}
	}
	if c.els == nil {
		return nil, nil
	}
	return c.els.Eval(e)
}
func (c *caseExpr) String() string {
	var b strings.Builder
	b.WriteString("CASE")
	if c.arg != nil {
		b.WriteString(" " + c.arg.String())
	}
	for _, w := range c.whens {
		b.WriteString(" WHEN " + w.cond.String() + " THEN " + w.result.String())
	}
	if c.els != nil {
		b.WriteString(" ELSE " + c.els.String())
	}
	b.WriteString(" END")
	return b.String()
}

// coalesceExpr returns its first non-NULL argument.
type coalesceExpr struct {
	args []Expr
	typ  types.Type
}

func (c *coalesceExpr) Type() types.Type { return c.typ }
func (c *coalesceExpr) Eval(e *env) (Datum, error) {
	for _, a := range c.args {
		v, err := a.Eval(e)
		if err != nil || v != nil {
			return v, err
		}
	}
	return nil, nil
}
func (c *coalesceExpr) String() string { return "COALESCE(" + joinExprs(c.args) + ")" }

// minMaxExpr is GREATEST/LEAST (NULLs ignored).
type minMaxExpr struct {
	args     []Expr
	greatest bool
	typ      types.Type
}

func (m *minMaxExpr) Type() types.Type { return m.typ }
func (m *minMaxExpr) Eval(e *env) (Datum, error) {
	var best Datum
	for _, a := range m.args {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue
		}
		if best == nil {
			best = v
			continue
		}
		c := compareDatums(v, best)
		if (m.greatest && c > 0) || (!m.greatest && c < 0) {
			best = v
		}
	}
	return best, nil
}
func (m *minMaxExpr) String() string {
	if m.greatest {
		return "GREATEST(" + joinExprs(m.args) + ")"
	}
	return "LEAST(" + joinExprs(m.args) + ")"
}

// nullIfExpr is NULLIF(a, b).
type nullIfExpr struct {
	a, b Expr
	eq   *funcDef
}

func (n *nullIfExpr) Type() types.Type { return n.a.Type() }
func (n *nullIfExpr) Eval(e *env) (Datum, error) {
	a, err := n.a.Eval(e)
	if err != nil || a == nil {
		return a, err
	}
	b, err := n.b.Eval(e)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return a, nil
	}
	r, err := n.eq.fn(&callCtx{env: e}, []Datum{a, b})
	if err != nil {
		return nil, err
	}
	if r == true {
		return nil, nil
	}
	return a, nil
}
func (n *nullIfExpr) String() string { return "NULLIF(" + n.a.String() + ", " + n.b.String() + ")" }

// ---- lists, arrays, rows ---------------------------------------------------------

// inListExpr is x [NOT] IN (a, b, ...): OR of equalities, with NULL rules.
type inListExpr struct {
	arg  Expr
	list []Expr
	eqs  []*funcDef
	not  bool
}

func (in *inListExpr) Type() types.Type { return tBool }
func (in *inListExpr) Eval(e *env) (Datum, error) {
	x, err := in.arg.Eval(e)
	if err != nil {
		return nil, err
	}
	if x == nil {
		return nil, nil
	}
	sawNull := false
	for i, it := range in.list {
		v, err := it.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		r, err := in.eqs[i].fn(&callCtx{env: e}, []Datum{x, v})
		if err != nil {
			return nil, err
		}
		if r == true {
			return !in.not, nil
		}
		if r == nil {
			sawNull = true
		}
	}
	if sawNull {
		return nil, nil
	}
	return in.not, nil
}
func (in *inListExpr) String() string {
	op := " IN "
	if in.not {
		op = " NOT IN "
	}
	return "(" + in.arg.String() + op + "(" + joinExprs(in.list) + "))"
}

// scalarArrayExpr is x op ANY/ALL (array).
type scalarArrayExpr struct {
	left   Expr
	right  Expr // array
	op     *funcDef
	opName string
	all    bool
}

func (s *scalarArrayExpr) Type() types.Type { return tBool }
func (s *scalarArrayExpr) Eval(e *env) (Datum, error) {
	x, err := s.left.Eval(e)
	if err != nil {
		return nil, err
	}
	av, err := s.right.Eval(e)
	if err != nil || av == nil {
		return nil, err
	}
	arr := av.(*types.Array)
	if len(arr.Elems) == 0 {
		return s.all, nil
	}
	if x == nil {
		return nil, nil
	}
	sawNull := false
	cc := &callCtx{env: e}
	args := make([]Datum, 2)
	for _, el := range arr.Elems {
		if el == nil {
			sawNull = true
			continue
		}
		args[0], args[1] = x, el
		r, err := s.op.fn(cc, args)
		if err != nil {
			return nil, err
		}
		if r == nil {
			sawNull = true
			continue
		}
		b := r.(bool)
		if s.all && !b {
			return false, nil
		}
		if !s.all && b {
			return true, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return s.all, nil
}
func (s *scalarArrayExpr) String() string {
	q := "ANY"
	if s.all {
		q = "ALL"
	}
	return "(" + s.left.String() + " " + s.opName + " " + q + " (" + s.right.String() + "))"
}

// arrayExpr is ARRAY[...].
type arrayExpr struct {
	elems []Expr
	typ   types.Type // array type
}

func (a *arrayExpr) Type() types.Type { return a.typ }
func (a *arrayExpr) Eval(e *env) (Datum, error) {
	elem := types.ElemOf(a.typ.OID)
	vals := make([]Datum, len(a.elems))
	nested := false
	for i, x := range a.elems {
		v, err := x.Eval(e)
		if err != nil {
			return nil, err
		}
		vals[i] = v
		if isArrayType(x.Type().OID) {
			nested = true
		}
	}
	if !nested {
		return types.NewArray1(elem, vals), nil
	}
	// ARRAY[ARRAY[..], ARRAY[..]]: build a multi-dimensional array.
	var out types.Array
	out.Elem = elem
	var sub []types.ArrayDim
	for i, v := range vals {
		if v == nil {
			return nil, pgerr.New(pgerr.ArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions")
		}
		sa := v.(*types.Array)
		if i == 0 {
			sub = sa.Dims
		} else if !dimsEqual(sub, sa.Dims) {
			return nil, pgerr.New(pgerr.ArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions")
		}
		out.Elems = append(out.Elems, sa.Elems...)
	}
	if len(out.Elems) == 0 {
		return &out, nil
	}
	out.Dims = append([]types.ArrayDim{{Len: int32(len(vals)), Lower: 1}}, sub...)
	return &out, nil
}
func (a *arrayExpr) String() string { return "ARRAY[" + joinExprs(a.elems) + "]" }

func dimsEqual(a, b []types.ArrayDim) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// rowExpr is ROW(...) / (a, b).
type rowExpr struct {
	args  []Expr
	names []string
}

func (r *rowExpr) Type() types.Type { return tRecord }
func (r *rowExpr) Eval(e *env) (Datum, error) {
	rec := &types.Record{Values: make([]Datum, len(r.args)), Types: make([]types.Type, len(r.args)), Names: r.names}
	for i, a := range r.args {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		rec.Values[i] = v
		rec.Types[i] = a.Type()
	}
	return rec, nil
}
func (r *rowExpr) String() string { return "ROW(" + joinExprs(r.args) + ")" }

// fieldExpr is (record).field.
type fieldExpr struct {
	arg  Expr
	idx  int
	typ  types.Type
	name string
}

func (f *fieldExpr) Type() types.Type { return f.typ }
func (f *fieldExpr) Eval(e *env) (Datum, error) {
	v, err := f.arg.Eval(e)
	if err != nil || v == nil {
		return nil, err
	}
	r := v.(*types.Record)
	if f.idx >= len(r.Values) {
		return nil, nil
	}
	return r.Values[f.idx], nil
}
func (f *fieldExpr) String() string { return "(" + f.arg.String() + ")." + f.name }

// subscriptExpr is arr[i] or arr[lo:hi] (possibly several dimensions).
type subscriptExpr struct {
	arg     Expr
	indexes []Expr // lower bounds (or the index)
	uppers  []Expr // for slices; nil entries mean "to the end"
	slice   bool
	typ     types.Type
}

func (s *subscriptExpr) Type() types.Type { return s.typ }
func (s *subscriptExpr) Eval(e *env) (Datum, error) {
	v, err := s.arg.Eval(e)
	if err != nil || v == nil {
		return nil, err
	}
	a := v.(*types.Array)
	idx := make([]int64, len(s.indexes))
	for i, x := range s.indexes {
		if x == nil {
			idx[i] = -1 << 40
			continue
		}
		d, err := x.Eval(e)
		if err != nil {
			return nil, err
		}
		if d == nil {
			return nil, nil
		}
		idx[i] = toInt64(d)
	}
	if !s.slice {
		if len(idx) != len(a.Dims) {
			return nil, nil
		}
		off := 0
		for i, d := range a.Dims {
			p := idx[i] - int64(d.Lower)
			if p < 0 || p >= int64(d.Len) {
				return nil, nil
			}
			off = off*int(d.Len) + int(p)
		}
		return a.Elems[off], nil
	}
	// Slice: one-dimensional support (the common case).
	if len(a.Dims) != 1 || len(idx) != 1 {
		if len(a.Dims) == 0 {
			return &types.Array{Elem: a.Elem}, nil
		}
		return nil, pgerr.New(pgerr.FeatureNotSupported, "multidimensional array slices are not supported")
	}
	lo := idx[0]
	d := a.Dims[0]
	if lo == -1<<40 {
		lo = int64(d.Lower)
	}
	hi := int64(d.Lower) + int64(d.Len) - 1
	if s.uppers[0] != nil {
		u, err := s.uppers[0].Eval(e)
		if err != nil {
			return nil, err
		}
		if u == nil {
			return nil, nil
		}
		hi = min(hi, toInt64(u))
	}
	lo = max(lo, int64(d.Lower))
	if lo > hi {
		return &types.Array{Elem: a.Elem}, nil
	}
	elems := a.Elems[lo-int64(d.Lower) : hi-int64(d.Lower)+1]
	return types.NewArray1(a.Elem, append([]Datum(nil), elems...)), nil
}
func (s *subscriptExpr) String() string {
	var b strings.Builder
	b.WriteString("(" + s.arg.String() + ")")
	for i, x := range s.indexes {
		b.WriteString("[")
		if x != nil {
			b.WriteString(x.String())
		}
		if s.slice {
			b.WriteString(":")
			if s.uppers[i] != nil {
				b.WriteString(s.uppers[i].String())
			}
		}
		b.WriteString("]")
	}
	return b.String()
}

func toInt64(d Datum) int64 {
	switch x := d.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	}
	return 0
}

func joinExprs(es []Expr) string {
	parts := make([]string, len(es))
	for i, x := range es {
		parts[i] = x.String()
	}
	return strings.Join(parts, ", ")
}

// ---- special values ----------------------------------------------------------------

// dynExpr is a value computed from the execution context (now(),
// current_user, settings): stable within a statement.
type dynExpr struct {
	name string
	typ  types.Type
	fn   func(ec *execCtx) (Datum, error)
}

func (d *dynExpr) Type() types.Type           { return d.typ }
func (d *dynExpr) Eval(e *env) (Datum, error) { return d.fn(e.ec) }
func (d *dynExpr) String() string             { return d.name }

// walkExpr calls fn for x and every sub-expression (pre-order) until fn
// returns false for a node (its children are then skipped).
func walkExpr(x Expr, fn func(Expr) bool) {
	if x == nil || !fn(x) {
		return
	}
	for _, c := range exprChildren(x) {
		walkExpr(c, fn)
	}
}

// exprChildren returns the non-nil sub-expressions of x in evaluation
// order.
func exprChildren(x Expr) []Expr {
	_, slots := exprSlots(x, false)
	out := make([]Expr, 0, len(slots))
	for _, s := range slots {
		if *s != nil {
			out = append(out, *s)
		}
	}
	return out
}

// exprSlots lists the sub-expression slots of x in evaluation order (nil
// slots included). With clone, x is copied first (its slices too) and the
// slots point into the copy, so a caller can replace children without
// changing x; without clone they point into x and are for reading. A node
// without children is returned as is.
func exprSlots(x Expr, clone bool) (Expr, []*Expr) {
	list := func(xs *[]Expr) []*Expr {
		if clone {
			*xs = slices.Clone(*xs)
		}
		return slotsOf(*xs)
	}
	orders := func(os *[]aggOrder) []*Expr {
		if clone {
			*os = slices.Clone(*os)
		}
		out := make([]*Expr, len(*os))
		for i := range *os {
			out[i] = &(*os)[i].expr
		}
		return out
	}
	switch n := x.(type) {
	case *funcExpr:
		return withSlots(n, clone, func(c *funcExpr) []*Expr { return list(&c.args) })
	case *boolExpr:
		return withSlots(n, clone, func(c *boolExpr) []*Expr { return list(&c.args) })
	case *coalesceExpr:
		return withSlots(n, clone, func(c *coalesceExpr) []*Expr { return list(&c.args) })
	case *minMaxExpr:
		return withSlots(n, clone, func(c *minMaxExpr) []*Expr { return list(&c.args) })
	case *rowExpr:
		return withSlots(n, clone, func(c *rowExpr) []*Expr { return list(&c.args) })
	case *arrayExpr:
		return withSlots(n, clone, func(c *arrayExpr) []*Expr { return list(&c.elems) })
	case *castExpr:
		return withSlots(n, clone, func(c *castExpr) []*Expr { return []*Expr{&c.arg} })
	case *nullTestExpr:
		return withSlots(n, clone, func(c *nullTestExpr) []*Expr { return []*Expr{&c.arg} })
	case *boolTestExpr:
		return withSlots(n, clone, func(c *boolTestExpr) []*Expr { return []*Expr{&c.arg} })
	case *fieldExpr:
		return withSlots(n, clone, func(c *fieldExpr) []*Expr { return []*Expr{&c.arg} })
	case *distinctExpr:
		return withSlots(n, clone, func(c *distinctExpr) []*Expr { return []*Expr{&c.left, &c.right} })
	case *scalarArrayExpr:
		return withSlots(n, clone, func(c *scalarArrayExpr) []*Expr { return []*Expr{&c.left, &c.right} })
	case *nullIfExpr:
		return withSlots(n, clone, func(c *nullIfExpr) []*Expr { return []*Expr{&c.a, &c.b} })
	case *inListExpr:
		return withSlots(n, clone, func(c *inListExpr) []*Expr { return append([]*Expr{&c.arg}, list(&c.list)...) })
	case *subscriptExpr:
		return withSlots(n, clone, func(c *subscriptExpr) []*Expr {
			return append(append([]*Expr{&c.arg}, list(&c.indexes)...), list(&c.uppers)...)
		})
	case *subqueryExpr:
		return withSlots(n, clone, func(c *subqueryExpr) []*Expr { return append(list(&c.outerArgs), &c.test) })
	case *caseExpr:
		return withSlots(n, clone, func(c *caseExpr) []*Expr {
			if clone {
				c.whens = slices.Clone(c.whens)
			}
			slots := []*Expr{&c.arg}
			for i := range c.whens {
				slots = append(slots, &c.whens[i].cond, &c.whens[i].result)
			}
			return append(slots, &c.els)
		})
	case *aggRef:
		return withSlots(n, clone, func(c *aggRef) []*Expr {
			return append(append(list(&c.args), &c.filter), orders(&c.order)...)
		})
	case *windowRef:
		return withSlots(n, clone, func(c *windowRef) []*Expr {
			slots := append(list(&c.args), list(&c.partition)...)
			return append(append(slots, &c.filter), orders(&c.order)...)
		})
	}
	return x, nil
}

// withSlots returns n (a copy of it with clone) and its slots.
func withSlots[T any, P interface {
	*T
	Expr
}](n P, clone bool, slots func(P) []*Expr) (Expr, []*Expr) {
	if clone {
		c := *n
		n = &c
	}
	return n, slots(n)
}

func slotsOf(xs []Expr) []*Expr {
	out := make([]*Expr, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out
}

// isConstExpr reports whether x depends on no row, parameter or context,
// so it can be folded at plan time.
func isConstExpr(x Expr) bool {
	ok := true
	walkExpr(x, func(n Expr) bool {
		switch f := n.(type) {
		case *colExpr, *paramRef, *dynExpr, *subqueryExpr, *aggRef, *windowRef:
			ok = false
		case *funcExpr:
			if f.def.volatility != immutable {
				ok = false
			}
		case *castExpr:
			// casts to/from timestamptz depend on the TimeZone setting
			if f.typ.OID == types.TimestampTZOID || f.arg.Type().OID == types.TimestampTZOID {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// arraySetExpr is the value of arr after arr[i] = v (UPDATE ... SET
// col[i] = v): one-dimensional, extending with NULLs as PostgreSQL does.
type arraySetExpr struct {
	arr, index, val Expr
}

func (s *arraySetExpr) Type() types.Type { return s.arr.Type() }
func (s *arraySetExpr) Eval(e *env) (Datum, error) {
	av, err := s.arr.Eval(e)
	if err != nil {
		return nil, err
	}
	iv, err := s.index.Eval(e)
	if err != nil {
		return nil, err
	}
	if iv == nil {
		return nil, pgerr.New(pgerr.NullValueNotAllowed, "array subscript in assignment must not be null")
	}
	v, err := s.val.Eval(e)
	if err != nil {
		return nil, err
	}
	idx := int32(toInt64(iv))
	elem := types.ElemOf(s.arr.Type().OID)
	if av == nil || len(av.(*types.Array).Elems) == 0 {
		return &types.Array{Elem: elem, Dims: []types.ArrayDim{{Len: 1, Lower: idx}}, Elems: []Datum{v}}, nil
	}
	a := av.(*types.Array)
	if len(a.Dims) != 1 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "assignment to elements of multidimensional arrays is not supported")
	}
	lower, n := a.Dims[0].Lower, a.Dims[0].Len
	switch {
	case idx >= lower && idx < lower+n:
		elems := append([]Datum(nil), a.Elems...)
		elems[idx-lower] = v
		return &types.Array{Elem: elem, Dims: a.Dims, Elems: elems}, nil
	case idx >= lower+n:
		elems := make([]Datum, idx-lower+1)
		copy(elems, a.Elems)
		elems[len(elems)-1] = v
		return &types.Array{Elem: elem, Dims: []types.ArrayDim{{Len: int32(len(elems)), Lower: lower}}, Elems: elems}, nil
	default:
		elems := make([]Datum, lower+n-idx)
		elems[0] = v
		copy(elems[lower-idx:], a.Elems)
		return &types.Array{Elem: elem, Dims: []types.ArrayDim{{Len: int32(len(elems)), Lower: idx}}, Elems: elems}, nil
	}
}
func (s *arraySetExpr) String() string {
	return s.arr.String() + "[" + s.index.String() + "] := " + s.val.String()
}
