package types

import (
	"github.com/entitydb/entitydb/pgerr"
)

// ArrayContains reports whether every element of b equals some element of
// a (a @> b). A NULL element of b is never contained; NULLs in a match
// nothing. Text arrays, the common case of tag queries, compare without
// per-element dispatch.
func ArrayContains(a, b *Array) bool {
	if len(b.Elems) == 0 {
		return true
	}
	if a.Elem == TextOID || a.Elem == VarcharOID {
		if len(a.Elems)*len(b.Elems) > 256 {
			set := make(map[string]struct{}, len(a.Elems))
			for _, e := range a.Elems {
				if s, ok := e.(string); ok {
					set[s] = struct{}{}
				}
			}
			for _, e := range b.Elems {
				s, ok := e.(string)
				if !ok {
					return false
				}
				if _, found := set[s]; !found {
					return false
				}
			}
			return true
		}
	outer:
		for _, e := range b.Elems {
			s, ok := e.(string)
			if !ok {
				return false
			}
			for _, x := range a.Elems {
				if xs, ok := x.(string); ok && xs == s {
					continue outer
				}
			}
			return false
		}
		return true
	}
	et := Of(a.Elem)
outer2:
	for _, e := range b.Elems {
		if e == nil {
			return false
		}
		for _, x := range a.Elems {
			if x != nil && Equal(x, e, et) {
				continue outer2
			}
		}
		return false
	}
	return true
}

// ArrayOverlaps reports whether a and b share a non-NULL element (a && b).
func ArrayOverlaps(a, b *Array) bool {
	if len(a.Elems) > len(b.Elems) {
		a, b = b, a
	}
	if a.Elem == TextOID || a.Elem == VarcharOID {
		for _, e := range a.Elems {
			s, ok := e.(string)
			if !ok {
				continue
			}
			for _, x := range b.Elems {
				if xs, ok := x.(string); ok && xs == s {
					return true
				}
			}
		}
		return false
	}
	et := Of(a.Elem)
	for _, e := range a.Elems {
		if e == nil {
			continue
		}
		for _, x := range b.Elems {
			if x != nil && Equal(x, e, et) {
				return true
			}
		}
	}
	return false
}

// ---- concatenation ----

func errArrayDims(msg, detail string) error {
	e := pgerr.New(pgerr.ArraySubscriptError, msg)
	if detail != "" {
		e.Detail = detail
	}
	return e
}

// ArrayCat is array_cat / anyarray || anyarray with PostgreSQL's rules:
// NULL inputs and empty arrays yield the other input; equal
// dimensionality appends along the first dimension; an N-1 dimensional
// array is appended as one more element of the first dimension.
func ArrayCat(a, b *Array) (*Array, error) {
	if a == nil {
		return b, nil
	}
	if b == nil {
		return a, nil
	}
	if len(a.Elems) == 0 {
		return b, nil
	}
	if len(b.Elems) == 0 {
		return a, nil
	}
	na, nb := len(a.Dims), len(b.Dims)
	elems := make([]Datum, 0, len(a.Elems)+len(b.Elems))
	elems = append(append(elems, a.Elems...), b.Elems...)
	switch {
	case na == nb:
		for i := 1; i < na; i++ {
			if a.Dims[i].Len != b.Dims[i].Len {
				return nil, errArrayDims("cannot concatenate incompatible arrays",
					"Arrays with differing element dimensions are not compatible for concatenation.")
			}
		}
		dims := append([]ArrayDim(nil), a.Dims...)
		dims[0].Len += b.Dims[0].Len
		return &Array{Elem: a.Elem, Dims: dims, Elems: elems}, nil
	case na == nb+1:
		return catOneMore(a, b, elems)
	case na+1 == nb:
		return catOneMore(b, a, elems)
	}
	return nil, errArrayDims("cannot concatenate incompatible arrays",
		"Arrays of "+itoa(int64(na))+" and "+itoa(int64(nb))+" dimensions are not compatible for concatenation.")
}

// catOneMore builds the concatenation elems of an array outer and an
// array inner of one dimension less (appended or prepended as one more
// element of outer's first dimension).
func catOneMore(outer, inner *Array, elems []Datum) (*Array, error) {
	for i := range inner.Dims {
		if outer.Dims[i+1].Len != inner.Dims[i].Len {
			return nil, errArrayDims("cannot concatenate incompatible arrays",
				"Arrays with differing dimensions are not compatible for concatenation.")
		}
	}
	dims := append([]ArrayDim(nil), outer.Dims...)
	dims[0].Len++
	return &Array{Elem: outer.Elem, Dims: dims, Elems: elems}, nil
}

func fnArrayCat(_ *EvalContext, a []Datum) (Datum, error) {
	x, _ := a[0].(*Array)
	y, _ := a[1].(*Array)
	if x == nil && y == nil {
		return nil, nil
	}
	r, err := ArrayCat(x, y)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ArrayAppend is array_append: a NULL array acts as an empty one; only
// one-dimensional arrays can be extended.
func ArrayAppend(a *Array, elem OID, v Datum) (*Array, error) {
	if a == nil || len(a.Elems) == 0 {
		return NewArray1(elem, []Datum{v}), nil
	}
	if len(a.Dims) != 1 {
		return nil, pgerr.New(pgerr.DataException, "argument must be empty or one-dimensional array")
	}
	elems := make([]Datum, len(a.Elems)+1)
	copy(elems, a.Elems)
	elems[len(a.Elems)] = v
	return &Array{Elem: a.Elem, Dims: []ArrayDim{{Len: a.Dims[0].Len + 1, Lower: a.Dims[0].Lower}}, Elems: elems}, nil
}

// ArrayPrepend is array_prepend.
func ArrayPrepend(v Datum, elem OID, a *Array) (*Array, error) {
	if a == nil || len(a.Elems) == 0 {
		return NewArray1(elem, []Datum{v}), nil
	}
	if len(a.Dims) != 1 {
		return nil, pgerr.New(pgerr.DataException, "argument must be empty or one-dimensional array")
	}
	elems := make([]Datum, len(a.Elems)+1)
	elems[0] = v
	copy(elems[1:], a.Elems)
	return &Array{Elem: a.Elem, Dims: []ArrayDim{{Len: a.Dims[0].Len + 1, Lower: 1}}, Elems: elems}, nil
}

func bindArrayAppend(args []Type, _ Type) EvalFn {
	elem := args[1].OID
	return func(_ *EvalContext, a []Datum) (Datum, error) {
		x, _ := a[0].(*Array)
		return ArrayAppend(x, elem, a[1])
	}
}

func bindArrayPrepend(args []Type, _ Type) EvalFn {
	elem := args[0].OID
	return func(_ *EvalContext, a []Datum) (Datum, error) {
		x, _ := a[1].(*Array)
		return ArrayPrepend(a[0], elem, x)
	}
}
