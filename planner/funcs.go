package planner

// Function, operator and aggregate calls. Built-ins and their overload
// resolution live in the types package; the planner adds a few functions
// of its own (window functions, catalog and session functions that need
// the planner's state) in a local table consulted first. Either way the
// analyzer gets a funcDef: how to evaluate a resolved call.

import (
	"sort"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// anyOID is the pseudo-type "any" (accepts every type, no binding).
const anyOID = types.AnyOID

// anyNonArrayOID is anynonarray.
const anyNonArrayOID = types.AnyNonArrayOID

type volatility uint8

const (
	immutable volatility = iota
	stable
	volatile
)

// funcImpl evaluates a function on its arguments.
type funcImpl func(c *callCtx, args []Datum) (Datum, error)

// funcDef is a resolved function or operator, as the executor calls it.
type funcDef struct {
	name       string
	params     []types.OID // local table: declared parameters
	variadic   types.OID   // local table: VARIADIC element type
	ret        types.OID   // local table: result (may be polymorphic)
	retFn      func(args []types.Type) types.Type
	strict     bool
	volatility volatility
	fn         funcImpl
	// srfFn starts a set-returning function.
	srf   bool
	srfFn func(c *callCtx, args []Datum) (srfGen, error)
	// srfCols names the columns of a multi-column SRF (nil: one column);
	// srfName names the single column of an SRF with one OUT parameter.
	srfCols []colInfo
	srfName string
	agg     *aggDef
	window  windowKind
	// ident identifies the function for expression matching (GROUP BY
	// lower(x) matches lower(x) in the select list): the types.Func or the
	// local funcDef itself.
	ident any
}

var (
	localFuncs = map[string][]*funcDef{}
	localOps   = map[string][]*funcDef{}
)

// regLocal adds a planner-local function.
func regLocal(d *funcDef) *funcDef {
	d.ident = d
	localFuncs[d.name] = append(localFuncs[d.name], d)
	return d
}

// regFunc and regOp add local fallbacks: functions and operators the
// types package does not (yet) provide.
func regFunc(d *funcDef) *funcDef { return regLocal(d) }

func regOp(d *funcDef) *funcDef {
	d.ident = d
	localOps[d.name] = append(localOps[d.name], d)
	return d
}

func volatilityOf(v types.Volatility) volatility {
	switch v {
	case types.Stable:
		return stable
	case types.Volatile:
		return volatile
	}
	return immutable
}

// resolved is the outcome of resolving a call.
type resolved struct {
	def      *funcDef
	argTypes []types.Type // the types to coerce each argument to
	ret      types.Type
}

// defFromCall wraps a types.Call.
func defFromCall(c *types.Call) *funcDef {
	d := &funcDef{name: c.Func.Name, strict: c.Func.Strict, volatility: volatilityOf(c.Func.Volatility), ident: c.Func}
	if c.Func.IsSRF() {
		d.srf = true
		d.srfFn = func(cc *callCtx, args []Datum) (srfGen, error) {
			rows, err := c.EvalSRF(cc.evalCtx(), args)
			if err != nil {
				return nil, err
			}
			return rowsGen{rows: rows, multi: len(c.Func.Columns) > 1, cols: c.Func.Columns}, nil
		}
		if len(c.Func.Columns) == 1 {
			d.srfName = c.Func.Columns[0].Name
		}
		if len(c.Func.Columns) > 1 {
			for _, col := range c.Func.Columns {
				d.srfCols = append(d.srfCols, colInfo{name: col.Name, typ: col.Type})
			}
		}
		return d
	}
	d.fn = func(cc *callCtx, args []Datum) (Datum, error) { return c.Eval(cc.evalCtx(), args) }
	return d
}

// rowsGen adapts a types SRF iterator.
type rowsGen struct {
	rows  types.Rows
	multi bool
	cols  []types.Column // of a multi-column result
}

func (g rowsGen) next() (Datum, bool, error) {
	row, ok, err := g.rows()
	if err != nil || !ok {
		return nil, false, err
	}
	if g.multi {
		return newRecord(g.cols, append([]Datum(nil), row...)), true, nil
	}
	return row[0], true, nil
}

// funcExists reports whether any function, aggregate or window function
// has this name.
func funcExists(name string) bool {
	return types.FuncExists(name) || types.IsAggregate(name) || len(localFuncs[name]) > 0
}

// isAggregateName reports whether name is an aggregate.
func isAggregateName(name string) bool {
	if types.IsAggregate(name) {
		return true
	}
	for _, d := range localFuncs[name] {
		if d.agg != nil {
			return true
		}
	}
	return false
}

// lookupFunc resolves a function call by name: the types catalog first,
// then the planner's own functions. nil, nil means no function has the
// name.
func lookupFunc(name string, args []types.Type) (*resolved, error) {
	var terr error
	if types.FuncExists(name) {
		call, err := types.ResolveFunc(name, args)
		if err == nil {
			return &resolved{def: defFromCall(call), argTypes: call.ArgTypes, ret: call.Type}, nil
		}
		terr = err
	}
	if cands := localFuncs[name]; len(cands) > 0 {
		if r, _ := resolveLocal(cands, args); r != nil {
			return r, nil
		}
		if terr == nil {
			terr = undefinedFunction(name, args)
		}
	}
	return nil, terr
}

// lookupAggregate resolves an aggregate call (count(*): no args): the
// types catalog first, then local aggregates.
func lookupAggregate(name string, args []types.Type) (*resolved, error) {
	var terr error
	if types.IsAggregate(name) {
		call, err := types.ResolveAggregate(name, args)
		if err == nil {
			d := &funcDef{name: call.Agg.Name, ident: call.Agg, agg: &aggDef{strictArgs: call.Agg.Strict, newState: func() aggState {
				return typesAggState{call.New()}
			}}}
			return &resolved{def: d, argTypes: call.ArgTypes, ret: call.Type}, nil
		}
		terr = err
	}
	var cands []*funcDef
	for _, d := range localFuncs[name] {
		if d.agg != nil {
			cands = append(cands, d)
		}
	}
	r, _ := resolveLocal(cands, args)
	if r == nil {
		if terr != nil {
			return nil, terr
		}
		return nil, undefinedFunction(name, args)
	}
	local := r.def
	bound := *local
	argTypes, ret := r.argTypes, r.ret
	bound.agg = &aggDef{strictArgs: local.agg.strictArgs, newState: func() aggState { return local.agg.mk(argTypes, ret) }}
	r.def = &bound
	return r, nil
}

type typesAggState struct{ st types.AggState }

func (t typesAggState) add(c *callCtx, args []Datum) error { return t.st.Add(c.evalCtx(), args) }
func (t typesAggState) result(c *callCtx) (Datum, error)   { return t.st.Result(c.evalCtx()) }

// lookupOp resolves a binary (or prefix, with left nil) operator: the
// types catalog first, then local operators.
func lookupOp(name string, left, right *types.Type) (*resolved, error) {
	l := types.Type{}
	if left != nil {
		l = *left
	}
	call, err := types.ResolveOperator(name, l, *right)
	if err == nil {
		d := defFromCall(call)
		d.name = name
		return &resolved{def: d, argTypes: call.ArgTypes, ret: call.Type}, nil
	}
	var args []types.Type
	if left != nil {
		args = append(args, *left)
	}
	args = append(args, *right)
	var cands []*funcDef
	for _, c := range localOps[name] {
		if len(c.params) == len(args) {
			cands = append(cands, c)
		}
	}
	if r, _ := resolveLocal(cands, args); r != nil {
		return r, nil
	}
	return nil, err
}

// ---- the local table's resolution (simple: exact, unknown, implicit) -------------

func resolveLocal(cands []*funcDef, args []types.Type) (*resolved, error) {
	type scored struct {
		r     *resolved
		exact int
	}
	var best []scored
	for _, d := range cands {
		params := d.params
		if d.variadic != 0 {
			if len(args) < len(params) {
				continue
			}
			ps := append([]types.OID(nil), params...)
			for len(ps) < len(args) {
				ps = append(ps, d.variadic)
			}
			params = ps
		} else if len(params) != len(args) {
			continue
		}
		r := &resolved{def: d, argTypes: make([]types.Type, len(args))}
		exact := 0
		ok := true
		// bind the polymorphic element type from known arguments
		var elem types.OID
		for i, p := range params {
			a := args[i].OID
			if a == types.UnknownOID {
				continue
			}
			switch p {
			case types.AnyElementOID, anyNonArrayOID:
				if elem == 0 {
					elem = a
				}
			case types.AnyArrayOID:
				if e := types.ElemOf(a); e != 0 && elem == 0 {
					elem = e
				}
			}
		}
		if elem == 0 {
			elem = types.TextOID
		}
		for i, p := range params {
			a := args[i].OID
			target := p
			switch p {
			case anyOID:
				r.argTypes[i] = args[i]
				if a == types.UnknownOID {
					r.argTypes[i] = tText
				}
				continue
			case types.AnyElementOID, anyNonArrayOID:
				target = elem
				if p == anyNonArrayOID && isArrayType(a) {
					ok = false
				}
			case types.AnyArrayOID:
				target = types.ArrayOf(elem)
				if target == 0 {
					ok = false
				}
			}
			switch {
			case a == target:
				exact++
			case a == types.UnknownOID || implicitCastOK(a, target):
			default:
				ok = false
			}
			r.argTypes[i] = types.Of(target)
		}
		if !ok {
			continue
		}
		switch {
		case d.retFn != nil:
			r.ret = d.retFn(r.argTypes)
		case d.ret == types.AnyElementOID:
			r.ret = types.Of(elem)
		case d.ret == types.AnyArrayOID:
			r.ret = types.Of(types.ArrayOf(elem))
		default:
			r.ret = types.Of(d.ret)
		}
		best = append(best, scored{r, exact})
	}
	if len(best) == 0 {
		return nil, nil
	}
	sort.SliceStable(best, func(i, j int) bool { return best[i].exact > best[j].exact })
	return best[0].r, nil
}

func undefinedFunction(name string, args []types.Type) error {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.String()
	}
	return pgerr.Newf(pgerr.UndefinedFunction, "function %s(%s) does not exist", name, strings.Join(parts, ", ")).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
}

// newRecord is a record value of a set-returning function's OUT columns,
// typed so that its binary form names each field's type.
func newRecord(cols []types.Column, vals []Datum) *types.Record {
	r := &types.Record{Values: vals, Types: make([]types.Type, len(cols)), Names: make([]string, len(cols))}
	for i, c := range cols {
		r.Types[i], r.Names[i] = c.Type, c.Name
	}
	return r
}
