package types

import (
	"errors"
	"slices"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
)

// Overload resolution follows PostgreSQL's func_get_detail /
// func_select_candidate (parse_func.c) and oper_select_candidate
// (parse_oper.c):
//
//  1. an exact match of the declared argument types wins (for operators,
//     an unknown operand first takes the other operand's type);
//  2. otherwise keep the candidates every argument converts to
//     implicitly (unknown literals convert to anything; polymorphic
//     parameters must resolve consistently);
//  3. if several remain, keep those with the most exact type matches,
//     then those with the most preferred types where a conversion is
//     needed, then resolve unknown arguments by type category (string
//     wins), and finally assume unknowns have the type of the known
//     arguments if they all agree.
//
// Nothing left is 42883 (with PostgreSQL's hint); several left is 42725.

var (
	errNoMatch   = errors.New("no match")
	errAmbiguous = errors.New("ambiguous")
)

type candidate struct {
	f    *Func
	decl []OID // declared types expanded for variadic, in the caller's order
	perm []int // declared position -> caller position (-1 default); nil if identity
}

func isPolymorphic(o OID) bool {
	switch o {
	case AnyElementOID, AnyArrayOID, AnyNonArrayOID, AnyCompatibleOID, AnyCompatibleArrayOID, AnyCompatibleNonArrayOID:
		return true
	}
	return false
}

func typeCategory(o OID) (byte, bool) {
	if i := infos[o]; i != nil {
		return i.Category, i.Preferred
	}
	return 'U', false
}

// expand returns the declared types of f for n arguments, or nil.
func expand(f *Func, n int) []OID {
	if f.Variadic == 0 {
		if n > len(f.Args) || n < len(f.Args)-len(f.Defaults) {
			return nil
		}
		if n == 0 {
			return []OID{}
		}
		return f.Args[:n]
	}
	if n < len(f.Args) {
		return nil
	}
	decl := make([]OID, n)
	copy(decl, f.Args)
	for i := len(f.Args); i < n; i++ {
		decl[i] = f.Args[len(f.Args)-1]
	}
	return decl
}

// polyResult holds the resolved polymorphic types of one candidate.
type polyResult struct {
	elem   OID // anyelement
	compat OID // anycompatible
}

// resolvePoly checks polymorphic consistency; final reports whether
// unresolvable all-unknown families are errors (resolution) or accepted
// (matching).
func resolvePoly(decl []OID, in []OID, final bool) (polyResult, error) {
	var r polyResult
	var compat []OID
	hasElemFamily, hasCompat, compatNonArray := false, false, false
	for i, d := range decl {
		t := in[i]
		switch d {
		case AnyElementOID, AnyNonArrayOID:
			hasElemFamily = true
			if t == UnknownOID {
				continue
			}
			if d == AnyNonArrayOID && isArray(t) {
				return r, errNoMatch
			}
			if r.elem == 0 {
				r.elem = t
			} else if r.elem != t {
				return r, errNoMatch
			}
		case AnyArrayOID:
			hasElemFamily = true
			if t == UnknownOID {
				continue
			}
			e := ElemOf(t)
			if e == 0 || infos[t].Category != 'A' {
				return r, errNoMatch
			}
			if r.elem == 0 {
				r.elem = e
			} else if r.elem != e {
				return r, errNoMatch
			}
		case AnyCompatibleOID, AnyCompatibleNonArrayOID:
			hasCompat = true
			if d == AnyCompatibleNonArrayOID {
				compatNonArray = true
			}
			if t != UnknownOID {
				compat = append(compat, t)
			}
		case AnyCompatibleArrayOID:
			hasCompat = true
			if t == UnknownOID {
				continue
			}
			e := ElemOf(t)
			if e == 0 || infos[t].Category != 'A' {
				return r, errNoMatch
			}
			compat = append(compat, e)
		}
	}
	// anynonarray must not resolve to an array through anyarray either.
	for _, d := range decl {
		if d == AnyNonArrayOID && r.elem != 0 && isArray(r.elem) {
			return r, errNoMatch
		}
	}
	if hasElemFamily && r.elem == 0 && final {
		return r, pgerr.New(pgerr.DatatypeMismatch, "could not determine polymorphic type because input has type unknown")
	}
	if hasCompat {
		if len(compat) == 0 {
			r.compat = TextOID
		} else {
			c, ok := commonTypeOID(compat)
			if !ok {
				return r, errNoMatch
			}
			if compatNonArray && isArray(c) {
				return r, errNoMatch
			}
			r.compat = c
		}
	}
	// array types must exist (an error only when resolving for real)
	if final {
		for _, d := range decl {
			switch d {
			case AnyArrayOID:
				if r.elem != 0 && ArrayOf(r.elem) == 0 {
					return r, pgerr.Newf(pgerr.UndefinedObject, "could not find array type for data type %s", TypeName(r.elem))
				}
			case AnyCompatibleArrayOID:
				if r.compat != 0 && ArrayOf(r.compat) == 0 {
					return r, pgerr.Newf(pgerr.UndefinedObject, "could not find array type for data type %s", TypeName(r.compat))
				}
			}
		}
	}
	return r, nil
}

func (r polyResult) concrete(d OID) OID {
	switch d {
	case AnyElementOID, AnyNonArrayOID:
		return r.elem
	case AnyArrayOID:
		return ArrayOf(r.elem)
	case AnyCompatibleOID, AnyCompatibleNonArrayOID:
		return r.compat
	case AnyCompatibleArrayOID:
		return ArrayOf(r.compat)
	}
	return d
}

// canCoerceAll is can_coerce_type over all arguments (implicit context).
func canCoerceAll(decl []OID, in []OID) bool {
	poly := false
	for i, d := range decl {
		t := in[i]
		if isPolymorphic(d) {
			poly = true
			continue
		}
		if d == AnyOID || t == d || t == UnknownOID {
			continue
		}
		if (d == RecordOID) && infos[t] != nil && t == RecordOID {
			continue
		}
		if !CanCoerce(t, d, CastImplicit) {
			return false
		}
	}
	if poly {
		if _, err := resolvePoly(decl, in, false); err != nil {
			return false
		}
	}
	return true
}

func oids(ts []Type) []OID {
	out := make([]OID, len(ts))
	for i, t := range ts {
		out[i] = t.OID
	}
	return out
}

// selectCandidate is func_select_candidate.
func selectCandidate(cands []candidate, in []OID) (*candidate, error) {
	nargs := len(in)
	nunknowns := 0
	for _, t := range in {
		if t == UnknownOID {
			nunknowns++
		}
	}
	keepBest := func(score func(c candidate) int) {
		best := -1
		var kept []candidate
		for _, c := range cands {
			s := score(c)
			if s > best {
				best = s
				kept = kept[:0]
			}
			if s == best {
				kept = append(kept, c)
			}
		}
		cands = kept
	}
	// most exact matches
	keepBest(func(c candidate) int {
		n := 0
		for i := 0; i < nargs; i++ {
			if in[i] != UnknownOID && c.decl[i] == in[i] {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return &cands[0], nil
	}
	// most exact-or-preferred matches at positions needing coercion
	slotCat := make([]byte, nargs)
	for i, t := range in {
		slotCat[i], _ = typeCategory(t)
	}
	keepBest(func(c candidate) int {
		n := 0
		for i := 0; i < nargs; i++ {
			if in[i] == UnknownOID {
				continue
			}
			cat, pref := typeCategory(c.decl[i])
			if c.decl[i] == in[i] || (pref && cat == slotCat[i]) {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return &cands[0], nil
	}
	if nunknowns == 0 {
		return nil, errAmbiguous
	}
	// resolve unknown positions by category
	resolved := true
	slotPref := make([]bool, nargs)
	for i := 0; i < nargs && resolved; i++ {
		if in[i] != UnknownOID {
			continue
		}
		slotCat[i] = 0
		conflict := false
		for _, c := range cands {
			cat, pref := typeCategory(c.decl[i])
			switch {
			case slotCat[i] == 0:
				slotCat[i], slotPref[i] = cat, pref
			case cat == slotCat[i]:
				slotPref[i] = slotPref[i] || pref
			case cat == 'S':
				slotCat[i], slotPref[i] = cat, pref
			default:
				conflict = true
			}
		}
		if conflict && slotCat[i] != 'S' {
			resolved = false
		}
	}
	if resolved {
		var kept []candidate
		for _, c := range cands {
			keep := true
			for i := 0; i < nargs; i++ {
				if in[i] != UnknownOID {
					continue
				}
				cat, pref := typeCategory(c.decl[i])
				if cat != slotCat[i] || (slotPref[i] && !pref) {
					keep = false
					break
				}
			}
			if keep {
				kept = append(kept, c)
			}
		}
		if len(kept) > 0 {
			cands = kept
			if len(cands) == 1 {
				return &cands[0], nil
			}
		}
	}
	// last gasp: unknowns take the type of the known arguments if they
	// all agree
	if nunknowns < nargs {
		known := OID(0)
		for _, t := range in {
			if t == UnknownOID {
				continue
			}
			if known == 0 {
				known = t
			} else if known != t {
				known = 0
				break
			}
		}
		if known != 0 {
			as := make([]OID, nargs)
			for i := range as {
				as[i] = known
			}
			var match *candidate
			n := 0
			for k := range cands {
				if canCoerceAll(cands[k].decl, as) {
					n++
					match = &cands[k]
				}
			}
			if n == 1 {
				return match, nil
			}
		}
	}
	return nil, errAmbiguous
}

// namedCandidate maps a call with argument names (""=positional) onto
// f's parameters, or returns false.
func namedCandidate(f *Func, n int, names []string) (candidate, bool) {
	if f.Variadic != 0 || f.ArgNames == nil || n > len(f.Args) {
		return candidate{}, false
	}
	perm := make([]int, len(f.Args))
	for i := range perm {
		perm[i] = -1
	}
	decl := make([]OID, n)
	for i := 0; i < n; i++ {
		p := i
		if names[i] != "" {
			p = -1
			for k, an := range f.ArgNames {
				if strings.EqualFold(an, names[i]) {
					p = k
				}
			}
			if p < 0 {
				return candidate{}, false
			}
		}
		if perm[p] >= 0 {
			return candidate{}, false
		}
		perm[p] = i
		decl[i] = f.Args[p]
	}
	for p, c := range perm {
		if c < 0 && p < len(f.Args)-len(f.Defaults) {
			return candidate{}, false
		}
	}
	return candidate{f: f, decl: decl, perm: perm}, true
}

// chooseOverload runs the whole resolution over funcs.
func chooseOverload(funcs []*Func, in []OID, operator bool) (*candidate, error) {
	return chooseNamed(funcs, in, nil, operator)
}

func chooseNamed(funcs []*Func, in []OID, names []string, operator bool) (*candidate, error) {
	var cands []candidate
	for _, f := range funcs {
		if names != nil {
			if c, ok := namedCandidate(f, len(in), names); ok {
				cands = append(cands, c)
			}
			continue
		}
		if d := expand(f, len(in)); d != nil {
			c := candidate{f: f, decl: d}
			if f.Variadic == 0 && len(in) < len(f.Args) {
				c.perm = make([]int, len(f.Args))
				for i := range c.perm {
					c.perm[i] = i
					if i >= len(in) {
						c.perm[i] = -1
					}
				}
			}
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return nil, errNoMatch
	}
	// exact match (operators: an unknown operand takes the other's type)
	probe := in
	if operator && len(in) == 2 {
		if in[0] == UnknownOID && in[1] != UnknownOID {
			probe = []OID{in[1], in[1]}
		} else if in[1] == UnknownOID && in[0] != UnknownOID {
			probe = []OID{in[0], in[0]}
		}
	}
	for k := range cands {
		if cands[k].f.Variadic == 0 && slices.Equal(cands[k].decl, probe) {
			return &cands[k], nil
		}
	}
	if operator && len(in) == 2 && &probe[0] != &in[0] {
		for k := range cands {
			if cands[k].f.Variadic == 0 && slices.Equal(cands[k].decl, in) {
				return &cands[k], nil
			}
		}
	}
	var ok []candidate
	for _, c := range cands {
		if canCoerceAll(c.decl, in) {
			ok = append(ok, c)
		}
	}
	switch len(ok) {
	case 0:
		return nil, errNoMatch
	case 1:
		return &ok[0], nil
	}
	return selectCandidate(ok, in)
}

// bindCall builds the Call for a chosen candidate.
func bindCall(c *candidate, args []Type) (*Call, error) {
	in := oids(args)
	f := c.f
	call := &Call{Func: f, ArgTypes: make([]Type, len(args)), perm: c.perm}
	poly := false
	for _, d := range c.decl {
		if isPolymorphic(d) {
			poly = true
		}
	}
	if !poly && isPolymorphic(f.Result) {
		poly = true
	}
	var pr polyResult
	if poly {
		var err error
		if pr, err = resolvePoly(c.decl, in, true); err != nil {
			if errors.Is(err, errNoMatch) {
				return nil, err
			}
			return nil, err
		}
	}
	for i, d := range c.decl {
		switch {
		case d == AnyOID:
			call.ArgTypes[i] = args[i] // "any": no coercion, even of unknown

		case isPolymorphic(d):
			call.ArgTypes[i] = Of(pr.concrete(d))
			if call.ArgTypes[i].OID == args[i].OID {
				call.ArgTypes[i] = args[i]
			}
		case d == args[i].OID:
			call.ArgTypes[i] = args[i]
		default:
			call.ArgTypes[i] = Of(d)
		}
	}
	declTypes := call.ArgTypes
	if c.perm != nil {
		declTypes = make([]Type, len(c.perm))
		for i, p := range c.perm {
			if p < 0 {
				declTypes[i] = Of(f.Args[i])
			} else {
				declTypes[i] = call.ArgTypes[p]
			}
		}
	}
	switch {
	case f.ResultType != nil:
		call.Type = f.ResultType(declTypes)
	case isPolymorphic(f.Result):
		call.Type = Of(pr.concrete(f.Result))
		if call.Type.OID == 0 {
			e := pr.elem
			if f.Result == AnyCompatibleArrayOID {
				e = pr.compat
			}
			return nil, pgerr.Newf(pgerr.UndefinedObject, "could not find array type for data type %s", TypeName(e))
		}
	case len(f.Columns) > 1:
		call.Type = Of(RecordOID)
	default:
		call.Type = Of(f.Result)
	}
	switch {
	case f.Bind != nil:
		call.fn = f.Bind(declTypes, call.Type)
	case f.Fn != nil:
		call.fn = f.Fn
	case f.BindSRF != nil:
		call.srf = f.BindSRF(declTypes, call.Type)
	case f.SRF != nil:
		call.srf = f.SRF
	}
	return call, nil
}

func typeList(args []Type) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(TypeName(a.OID))
	}
	return b.String()
}

// ResolveFunc chooses the overload of function name for the argument
// types and returns the bound call. Errors: 42883 "function f(integer)
// does not exist" (with PostgreSQL's hint) and 42725 "function f(unknown)
// is not unique".
func ResolveFunc(name string, args []Type) (*Call, error) {
	lname := strings.ToLower(name)
	c, err := chooseOverload(Funcs(lname), oids(args), false)
	if err == nil {
		var call *Call
		if call, err = bindCall(c, args); err == nil {
			return call, nil
		}
	}
	return nil, funcResolveError(name, args, err)
}

// funcResolveError turns a failed overload choice for name(args) into
// PostgreSQL's 42883 or 42725.
func funcResolveError(name string, args []Type, err error) error {
	switch {
	case errors.Is(err, errNoMatch):
		return pgerr.Newf(pgerr.UndefinedFunction, "function %s(%s) does not exist", name, typeList(args)).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	case errors.Is(err, errAmbiguous):
		return pgerr.Newf(pgerr.AmbiguousFunction, "function %s(%s) is not unique", name, typeList(args)).
			WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
	}
	return err
}

// ResolveFuncNamed resolves a call that uses named notation: names[i] is
// the parameter name of argument i, "" for positional arguments (which
// must come first). The returned Call takes its arguments in the caller's
// order and fills in defaults.
func ResolveFuncNamed(name string, args []Type, names []string) (*Call, error) {
	lname := strings.ToLower(name)
	c, err := chooseNamed(Funcs(lname), oids(args), names, false)
	if err == nil {
		var call *Call
		if call, err = bindCall(c, args); err == nil {
			return call, nil
		}
	}
	var parts []string
	for i, a := range args {
		if names[i] != "" {
			parts = append(parts, names[i]+" => "+TypeName(a.OID))
		} else {
			parts = append(parts, TypeName(a.OID))
		}
	}
	switch {
	case errors.Is(err, errNoMatch):
		return nil, pgerr.Newf(pgerr.UndefinedFunction, "function %s(%s) does not exist", name, strings.Join(parts, ", ")).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	case errors.Is(err, errAmbiguous):
		return nil, pgerr.Newf(pgerr.AmbiguousFunction, "function %s(%s) is not unique", name, strings.Join(parts, ", ")).
			WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
	}
	return nil, err
}

// ResolveOperator chooses the overload of an operator for its operand
// types; left.OID == 0 means a prefix operator. Errors: 42883 "operator
// does not exist: integer + text" and 42725 "operator is not unique".
func ResolveOperator(name string, left, right Type) (*Call, error) {
	var in []Type
	var funcs []*Func
	for _, f := range Operators(name) {
		if f.Prefix == (left.OID == 0) {
			funcs = append(funcs, f)
		}
	}
	if left.OID == 0 {
		in = []Type{right}
	} else {
		in = []Type{left, right}
	}
	c, err := chooseOverload(funcs, oids(in), true)
	if err == nil {
		var call *Call
		if call, err = bindCall(c, in); err == nil {
			return call, nil
		}
	}
	desc := name + " " + TypeName(right.OID)
	if left.OID != 0 {
		desc = TypeName(left.OID) + " " + desc
	}
	switch {
	case errors.Is(err, errNoMatch):
		return nil, pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s", desc).
			WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.")
	case errors.Is(err, errAmbiguous):
		return nil, pgerr.Newf(pgerr.AmbiguousFunction, "operator is not unique: %s", desc).
			WithHint("Could not choose a best candidate operator. You might need to add explicit type casts.")
	}
	return nil, err
}

// commonTypeOID is select_common_type without errors.
func commonTypeOID(ts []OID) (OID, bool) {
	var p OID
	for _, t := range ts {
		if t != UnknownOID {
			p = t
			break
		}
	}
	if p == 0 {
		return TextOID, true
	}
	pcat, ppref := typeCategory(p)
	for _, t := range ts {
		if t == UnknownOID || t == p {
			continue
		}
		ncat, npref := typeCategory(t)
		if ncat != pcat {
			return 0, false
		}
		if !ppref && CanCoerce(p, t, CastImplicit) && !CanCoerce(t, p, CastImplicit) {
			p, ppref = t, npref
		}
	}
	for _, t := range ts {
		if t != UnknownOID && t != p && !CanCoerce(t, p, CastImplicit) {
			return 0, false
		}
	}
	return p, true
}

// CommonType is select_common_type: the type that CASE branches, UNION
// columns, COALESCE/GREATEST/LEAST arguments, ARRAY[...] elements and
// VALUES rows are converted to. context names the construct in errors
// ("CASE", "UNION", "COALESCE", "ARRAY", "VALUES"...). All-unknown inputs
// give text. The typmod is kept when all inputs share it.
func CommonType(ts []Type, context string) (Type, error) {
	var p Type
	found := false
	for _, t := range ts {
		if t.OID != UnknownOID {
			p, found = t, true
			break
		}
	}
	if !found {
		return Of(TextOID), nil
	}
	pcat, ppref := typeCategory(p.OID)
	for _, t := range ts {
		if t.OID == UnknownOID || t.OID == p.OID {
			continue
		}
		ncat, npref := typeCategory(t.OID)
		if ncat != pcat {
			return Type{}, pgerr.Newf(pgerr.DatatypeMismatch, "%s types %s and %s cannot be matched", context, TypeName(p.OID), TypeName(t.OID))
		}
		if !ppref && CanCoerce(p.OID, t.OID, CastImplicit) && !CanCoerce(t.OID, p.OID, CastImplicit) {
			p, ppref = t, npref
		}
	}
	typmod := p.Typmod
	for _, t := range ts {
		if t.OID == UnknownOID {
			continue
		}
		if t.OID != p.OID && !CanCoerce(t.OID, p.OID, CastImplicit) {
			return Type{}, pgerr.Newf(pgerr.CannotCoerce, "%s could not convert type %s to %s", context, TypeName(t.OID), TypeName(p.OID))
		}
		if t.OID != p.OID || t.Typmod != typmod {
			typmod = -1
		}
	}
	return Type{OID: p.OID, Typmod: typmod}, nil
}
