package planner

// Function and operator resolution, after PostgreSQL's rules (typeconv.sgml):
// candidates with the right arity; an argument matches a parameter exactly,
// through an implicit cast, or as an unknown literal; polymorphic
// parameters (anyelement, anyarray) bind one type; the candidate with the
// most exact matches wins, then the one using preferred types. The chosen
// candidate's parameter types drive implicit casts of the arguments.

import (
	"sort"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// anyOID is the pseudo-type "any" (accepts every type, no binding).
const anyOID types.OID = 2276

// anyNonArrayOID is anynonarray.
const anyNonArrayOID types.OID = 2776

type volatility uint8

const (
	immutable volatility = iota
	stable
	volatile
)

// funcImpl evaluates a function on non-NULL arguments (for strict
// functions) or any arguments.
type funcImpl func(c *callCtx, args []Datum) (Datum, error)

// funcDef is one overload of a function or operator.
type funcDef struct {
	name       string
	params     []types.OID
	variadic   types.OID // element type of a trailing VARIADIC parameter, or 0
	ret        types.OID // may be polymorphic; see retFn
	retFn      func(args []types.Type) types.Type
	strict     bool
	volatility volatility
	fn         funcImpl
	// agg is set for aggregate functions.
	agg *aggDef
	// window is set for window-only functions (row_number, rank...).
	window windowKind
	// srf marks set-returning functions; fn then returns a *srfResult.
	srf bool
	// srfCols names the columns of a multi-column SRF (nil: one column).
	srfCols []colInfo
}

var (
	funcTable = map[string][]*funcDef{}
	opTable   = map[string][]*funcDef{}
)

func regFunc(d *funcDef) *funcDef {
	funcTable[d.name] = append(funcTable[d.name], d)
	return d
}

func regOp(d *funcDef) *funcDef {
	opTable[d.name] = append(opTable[d.name], d)
	return d
}

// implicitCastOK reports whether PostgreSQL would cast from to to
// implicitly (pg_cast castcontext 'i', plus binary-coercible string types).
func implicitCastOK(from, to types.OID) bool {
	if from == to {
		return true
	}
	switch from {
	case types.UnknownOID:
		return true
	case types.Int2OID:
		switch to {
		case types.Int4OID, types.Int8OID, types.NumericOID, types.Float4OID, types.Float8OID, types.OidOID, types.RegclassOID, types.RegtypeOID, types.RegprocOID, types.RegnamespaceOID:
			return true
		}
	case types.Int4OID:
		switch to {
		case types.Int8OID, types.NumericOID, types.Float4OID, types.Float8OID, types.OidOID, types.RegclassOID, types.RegtypeOID, types.RegprocOID, types.RegnamespaceOID, types.RegroleOID:
			return true
		}
	case types.Int8OID:
		switch to {
		case types.NumericOID, types.Float4OID, types.Float8OID, types.OidOID, types.RegclassOID, types.RegtypeOID, types.RegprocOID, types.RegnamespaceOID:
			return true
		}
	case types.NumericOID:
		switch to {
		case types.Float4OID, types.Float8OID:
			return true
		}
	case types.Float4OID:
		return to == types.Float8OID
	case types.VarcharOID, types.BPCharOID, types.NameOID, types.CharOID:
		switch to {
		case types.TextOID, types.VarcharOID, types.BPCharOID:
			return true
		}
		if from == types.VarcharOID && to == types.NameOID {
			return true
		}
	case types.TextOID:
		switch to {
		case types.VarcharOID, types.BPCharOID, types.NameOID, types.RegclassOID:
			return true
		}
	case types.DateOID:
		return to == types.TimestampOID || to == types.TimestampTZOID
	case types.TimestampOID:
		return to == types.TimestampTZOID
	case types.TimeOID:
		return to == types.IntervalOID
	case types.OidOID, types.RegclassOID, types.RegtypeOID, types.RegprocOID, types.RegnamespaceOID, types.RegroleOID:
		switch to {
		case types.OidOID, types.RegclassOID, types.RegtypeOID, types.RegprocOID, types.RegnamespaceOID, types.RegroleOID:
			return true
		}
	case types.JSONOID:
		return to == types.JSONBOID
	}
	if isArrayType(from) && isArrayType(to) {
		return implicitCastOK(types.ElemOf(from), types.ElemOf(to)) && types.ElemOf(from) != types.UnknownOID
	}
	return false
}

func isPreferred(oid types.OID) bool {
	if i := types.Lookup(oid); i != nil {
		return i.Preferred
	}
	return false
}

// resolved is the outcome of resolving a call.
type resolved struct {
	def      *funcDef
	argTypes []types.Type // the types to coerce each argument to
	ret      types.Type
}

// resolveCall picks the best overload among cands for the argument types.
// It returns nil when no candidate fits; an error when several fit equally.
func resolveCall(cands []*funcDef, args []types.Type) (*resolved, error) {
	type scored struct {
		r      *resolved
		exact  int
		pref   int
		strCat int
		poly   int
	}
	var best []scored
	allUnknown := len(args) > 0
	for _, a := range args {
		if a.OID != types.UnknownOID {
			allUnknown = false
		}
	}
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
		r, exact, pref, strCat, poly, ok := matchCandidate(d, params, args)
		if !ok {
			continue
		}
		best = append(best, scored{r, exact, pref, strCat, poly})
	}
	if len(best) == 0 {
		return nil, nil
	}
	sort.SliceStable(best, func(i, j int) bool {
		a, b := best[i], best[j]
		if a.exact != b.exact {
			return a.exact > b.exact
		}
		if a.pref != b.pref {
			return a.pref > b.pref
		}
		if a.strCat != b.strCat {
			return a.strCat > b.strCat
		}
		return a.poly < b.poly
	})
	_ = allUnknown
	return best[0].r, nil
}

func matchCandidate(d *funcDef, params []types.OID, args []types.Type) (r *resolved, exact, pref, strCat, poly int, ok bool) {
	var elemBind types.OID // bound anyelement type
	// First pass: bind polymorphic types from known arguments.
	for i, p := range params {
		a := args[i].OID
		if a == types.UnknownOID {
			continue
		}
		switch p {
		case types.AnyElementOID, anyNonArrayOID:
			if p == anyNonArrayOID && isArrayType(a) {
				return nil, 0, 0, 0, 0, false
			}
			e := a
			if elemBind == 0 {
				elemBind = e
			} else if elemBind != e {
				if implicitCastOK(e, elemBind) {
					continue
				}
				if implicitCastOK(elemBind, e) {
					elemBind = e
					continue
				}
				return nil, 0, 0, 0, 0, false
			}
		case types.AnyArrayOID:
			e := types.ElemOf(a)
			if e == 0 {
				return nil, 0, 0, 0, 0, false
			}
			if elemBind == 0 {
				elemBind = e
			} else if elemBind != e {
				if implicitCastOK(e, elemBind) {
					continue
				}
				if implicitCastOK(elemBind, e) {
					elemBind = e
					continue
				}
				return nil, 0, 0, 0, 0, false
			}
		}
	}
	hasPoly := false
	for _, p := range params {
		if p == types.AnyElementOID || p == types.AnyArrayOID || p == anyNonArrayOID {
			hasPoly = true
		}
	}
	if hasPoly && elemBind == 0 {
		// all polymorphic arguments are unknown literals: resolve as text
		elemBind = types.TextOID
	}
	if elemBind == types.UnknownOID {
		elemBind = types.TextOID
	}
	r = &resolved{def: d, argTypes: make([]types.Type, len(args))}
	for i, p := range params {
		a := args[i]
		target := p
		switch p {
		case types.AnyElementOID, anyNonArrayOID:
			target = elemBind
			poly++
		case types.AnyArrayOID:
			target = types.ArrayOf(elemBind)
			if target == 0 {
				return nil, 0, 0, 0, 0, false
			}
			poly++
		case anyOID:
			target = a.OID
			if target == types.UnknownOID {
				target = types.TextOID
			}
			poly++
		}
		switch {
		case a.OID == target:
			exact++
			r.argTypes[i] = a
			if a.OID == types.UnknownOID {
				r.argTypes[i] = tText
			}
			continue
		case a.OID == types.UnknownOID:
			if typeCategory(target) == 'S' {
				strCat++
			}
			if isPreferred(target) {
				pref++
			}
		case implicitCastOK(a.OID, target):
			if isPreferred(target) {
				pref++
			}
		default:
			return nil, 0, 0, 0, 0, false
		}
		r.argTypes[i] = types.Of(target)
	}
	switch {
	case d.retFn != nil:
		r.ret = d.retFn(r.argTypes)
	case d.ret == types.AnyElementOID:
		r.ret = types.Of(elemBind)
	case d.ret == types.AnyArrayOID:
		r.ret = types.Of(types.ArrayOf(elemBind))
	default:
		r.ret = types.Of(d.ret)
	}
	return r, exact, pref, strCat, poly, true
}

// lookupFunc resolves a function call by name.
func lookupFunc(name string, args []types.Type) (*resolved, error) {
	cands := funcTable[name]
	if len(cands) == 0 {
		return nil, nil
	}
	return resolveCall(cands, args)
}

// lookupOp resolves a binary (or prefix, with left nil) operator.
func lookupOp(name string, left, right *types.Type) (*resolved, error) {
	cands := opTable[name]
	var args []types.Type
	if left != nil {
		args = append(args, *left)
	}
	args = append(args, *right)
	var filtered []*funcDef
	for _, c := range cands {
		if len(c.params) == len(args) {
			filtered = append(filtered, c)
		}
	}
	return resolveCall(filtered, args)
}

func undefinedFunction(name string, args []types.Type) error {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.String()
	}
	return pgerr.Newf(pgerr.UndefinedFunction, "function %s(%s) does not exist", name, strings.Join(parts, ", ")).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
}

func undefinedOperator(name string, left *types.Type, right types.Type) error {
	if left == nil {
		return pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s %s", name, right).
			WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast.")
	}
	return pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s %s %s", *left, name, right).
		WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.")
}
