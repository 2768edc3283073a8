package types

import (
	"strings"

	"github.com/entitydb/entitydb/pgerr"
)

// Array functions and the subscript helpers the planner uses for a[i] and
// a[i:j].

func arr(d Datum) *Array {
	a, _ := d.(*Array)
	return a
}

// arrayLen returns the length of dimension dim (1-based), ok false when
// the array has no such dimension.
func arrayDim(a *Array, dim int64) (ArrayDim, bool) {
	if dim < 1 || dim > int64(len(a.Dims)) || len(a.Elems) == 0 {
		return ArrayDim{}, false
	}
	return a.Dims[dim-1], true
}

// ArrayElement returns a[subs...] (NULL when out of bounds or when the
// number of subscripts differs from the array's dimensions).
func ArrayElement(a *Array, subs []int64) Datum {
	if len(subs) != len(a.Dims) || len(a.Elems) == 0 {
		return nil
	}
	off := int64(0)
	for i, s := range subs {
		d := a.Dims[i]
		k := s - int64(d.Lower)
		if k < 0 || k >= int64(d.Len) {
			return nil
		}
		off = off*int64(d.Len) + k
	}
	return a.Elems[off]
}

// ArraySlice returns a[lo:hi] for each dimension (nil bounds mean the
// array's own bounds). The result has lower bounds 1; an empty slice is an
// empty array. Fewer slice dimensions than the array has keep the
// remaining dimensions whole.
func ArraySlice(a *Array, lo, hi []*int64) *Array {
	out := &Array{Elem: a.Elem}
	if len(a.Elems) == 0 || len(lo) > len(a.Dims) {
		return out
	}
	n := len(a.Dims)
	from := make([]int64, n)
	to := make([]int64, n)
	for i := 0; i < n; i++ {
		d := a.Dims[i]
		from[i], to[i] = int64(d.Lower), int64(d.Lower)+int64(d.Len)-1
		if i < len(lo) {
			if lo[i] != nil && *lo[i] > from[i] {
				from[i] = *lo[i]
			}
			if hi[i] != nil && *hi[i] < to[i] {
				to[i] = *hi[i]
			}
		}
		if from[i] > to[i] {
			return out
		}
	}
	out.Dims = make([]ArrayDim, n)
	for i := range out.Dims {
		out.Dims[i] = ArrayDim{Len: int32(to[i] - from[i] + 1), Lower: 1}
	}
	idx := make([]int64, n)
	copy(idx, from)
	for {
		out.Elems = append(out.Elems, ArrayElement(a, idx))
		k := n - 1
		for k >= 0 {
			idx[k]++
			if idx[k] <= to[k] {
				break
			}
			idx[k] = from[k]
			k--
		}
		if k < 0 {
			break
		}
	}
	return out
}

// notDistinct is IS NOT DISTINCT FROM: equal values, or both NULL (how
// array_remove, array_replace and array_position match elements).
func notDistinct(a, b Datum, t Type) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return Equal(a, b, t)
}

// oneDimArray returns the array argument of array_remove and
// array_position(s): nil for NULL, an error naming what for more than one
// dimension.
func oneDimArray(d Datum, what string) (*Array, error) {
	x := arr(d)
	if x != nil && len(x.Dims) > 1 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, what+" multidimensional arrays is not supported")
	}
	return x, nil
}

func init() {
	RegisterFunc(&Func{Name: "array_append", Args: oidsOf(AnyCompatibleArrayOID, AnyCompatibleOID), Result: AnyCompatibleArrayOID,
		Volatility: Immutable, Bind: bindArrayAppend})
	RegisterFunc(&Func{Name: "array_prepend", Args: oidsOf(AnyCompatibleOID, AnyCompatibleArrayOID), Result: AnyCompatibleArrayOID,
		Volatility: Immutable, Bind: bindArrayPrepend})
	RegisterFunc(&Func{Name: "array_cat", Args: oidsOf(AnyCompatibleArrayOID, AnyCompatibleArrayOID), Result: AnyCompatibleArrayOID,
		Volatility: Immutable, Fn: fnArrayCat})
	RegisterFunc(&Func{Name: "array_remove", Args: oidsOf(AnyCompatibleArrayOID, AnyCompatibleOID), Result: AnyCompatibleArrayOID,
		Volatility: Immutable, Bind: func(args []Type, _ Type) EvalFn {
			et := args[1]
			return func(_ *EvalContext, a []Datum) (Datum, error) {
				x, err := oneDimArray(a[0], "removing elements from")
				if x == nil {
					return nil, err
				}
				out := make([]Datum, 0, len(x.Elems))
				for _, e := range x.Elems {
					if notDistinct(e, a[1], et) {
						continue
					}
					out = append(out, e)
				}
				if len(out) == len(x.Elems) {
					return x, nil
				}
				r := NewArray1(x.Elem, out)
				if len(out) > 0 {
					r.Dims[0].Lower = x.Dims[0].Lower
				}
				return r, nil
			}
		}})
	RegisterFunc(&Func{Name: "array_replace", Args: oidsOf(AnyCompatibleArrayOID, AnyCompatibleOID, AnyCompatibleOID), Result: AnyCompatibleArrayOID,
		Volatility: Immutable, Bind: func(args []Type, _ Type) EvalFn {
			et := args[1]
			return func(_ *EvalContext, a []Datum) (Datum, error) {
				x := arr(a[0])
				if x == nil {
					return nil, nil
				}
				out := &Array{Elem: x.Elem, Dims: x.Dims, Elems: make([]Datum, len(x.Elems))}
				for i, e := range x.Elems {
					if notDistinct(e, a[1], et) {
						out.Elems[i] = a[2]
					} else {
						out.Elems[i] = e
					}
				}
				return out, nil
			}
		}})
	position := func(args []Type, _ Type) EvalFn {
		et := args[1]
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			x, err := oneDimArray(a[0], "searching for elements in")
			if x == nil {
				return nil, err
			}
			if len(x.Elems) == 0 {
				return nil, nil
			}
			lb := int64(x.Dims[0].Lower)
			start := 0
			if len(a) > 2 {
				if a[2] == nil {
					return nil, pgerr.New(pgerr.NullValueNotAllowed, "initial position must not be null")
				}
				start = int(a[2].(int64) - lb)
				if start < 0 {
					start = 0
				}
			}
			for i := start; i < len(x.Elems); i++ {
				e := x.Elems[i]
				if notDistinct(e, a[1], et) {
					return int64(i) + lb, nil
				}
			}
			return nil, nil
		}
	}
	RegisterFunc(&Func{Name: "array_position", Args: oidsOf(AnyCompatibleArrayOID, AnyCompatibleOID), Result: Int4OID,
		Volatility: Immutable, Bind: position})
	RegisterFunc(&Func{Name: "array_position", Args: oidsOf(AnyCompatibleArrayOID, AnyCompatibleOID, Int4OID), Result: Int4OID,
		Volatility: Immutable, Bind: position})
	RegisterFunc(&Func{Name: "array_positions", Args: oidsOf(AnyCompatibleArrayOID, AnyCompatibleOID), Result: Int4ArrayOID,
		Volatility: Immutable, Bind: func(args []Type, _ Type) EvalFn {
			et := args[1]
			return func(_ *EvalContext, a []Datum) (Datum, error) {
				x, err := oneDimArray(a[0], "searching for elements in")
				if x == nil {
					return nil, err
				}
				out := []Datum{}
				for i, e := range x.Elems {
					if notDistinct(e, a[1], et) {
						out = append(out, int64(i)+int64(x.Dims[0].Lower))
					}
				}
				return NewArray1(Int4OID, out), nil
			}
		}})
	fnA := func(name string, args []OID, ret OID, f EvalFn) {
		RegisterFunc(&Func{Name: name, Args: args, Result: ret, Strict: true, Volatility: Immutable, Fn: f})
	}
	// array_length, array_lower, array_upper: NULL for a missing dimension.
	for name, f := range map[string]func(d ArrayDim) int64{
		"array_length": func(d ArrayDim) int64 { return int64(d.Len) },
		"array_lower":  func(d ArrayDim) int64 { return int64(d.Lower) },
		"array_upper":  func(d ArrayDim) int64 { return int64(d.Lower) + int64(d.Len) - 1 },
	} {
		fnA(name, oidsOf(AnyArrayOID, Int4OID), Int4OID, func(_ *EvalContext, a []Datum) (Datum, error) {
			d, ok := arrayDim(arr(a[0]), a[1].(int64))
			if !ok {
				return nil, nil
			}
			return f(d), nil
		})
	}
	fnA("array_ndims", oidsOf(AnyArrayOID), Int4OID, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := arr(a[0])
		if len(x.Elems) == 0 {
			return nil, nil
		}
		return int64(len(x.Dims)), nil
	})
	fnA("array_dims", oidsOf(AnyArrayOID), TextOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := arr(a[0])
		if len(x.Elems) == 0 {
			return nil, nil
		}
		var b strings.Builder
		for _, d := range x.Dims {
			b.WriteString("[" + itoa(int64(d.Lower)) + ":" + itoa(int64(d.Lower)+int64(d.Len)-1) + "]")
		}
		return b.String(), nil
	})
	fnA("cardinality", oidsOf(AnyArrayOID), Int4OID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return int64(len(arr(a[0]).Elems)), nil
	})
	fnA("trim_array", oidsOf(AnyArrayOID, Int4OID), AnyArrayOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		x, n := arr(a[0]), a[1].(int64)
		total := int64(0)
		if len(x.Dims) > 0 && len(x.Elems) > 0 {
			total = int64(x.Dims[0].Len)
		}
		if n < 0 || n > total {
			return nil, pgerr.New(pgerr.ArraySubscriptError, "number of elements to trim must be between 0 and "+itoa(total))
		}
		if total == 0 {
			return x, nil
		}
		hi := int64(x.Dims[0].Lower) + total - 1 - n
		lo := int64(x.Dims[0].Lower)
		return ArraySlice(x, []*int64{&lo}, []*int64{&hi}), nil
	})
	// string_to_array / array_to_string
	s2a := func(_ *EvalContext, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		s := str(a[0])
		var nullStr *string
		if len(a) > 2 && a[2] != nil {
			ns := str(a[2])
			nullStr = &ns
		}
		var parts []string
		switch {
		case s == "":
			return &Array{Elem: TextOID}, nil
		case a[1] == nil:
			for _, r := range s {
				parts = append(parts, string(r))
			}
		case str(a[1]) == "":
			parts = []string{s}
		default:
			parts = strings.Split(s, str(a[1]))
		}
		elems := make([]Datum, len(parts))
		for i, p := range parts {
			if nullStr != nil && p == *nullStr {
				continue
			}
			elems[i] = p
		}
		return NewArray1(TextOID, elems), nil
	}
	RegisterFunc(&Func{Name: "string_to_array", Args: oidsOf(TextOID, TextOID), Result: TextArrayOID, Volatility: Immutable, Fn: s2a})
	RegisterFunc(&Func{Name: "string_to_array", Args: oidsOf(TextOID, TextOID, TextOID), Result: TextArrayOID, Volatility: Immutable, Fn: s2a})
	a2s := func(args []Type, _ Type) EvalFn {
		et := Of(ElemOf(args[0].OID))
		return func(ctx *EvalContext, a []Datum) (Datum, error) {
			if a[0] == nil || a[1] == nil {
				return nil, nil
			}
			x := arr(a[0])
			var buf []byte
			first := true
			for _, e := range x.Elems {
				if e == nil {
					if len(a) < 3 || a[2] == nil {
						continue
					}
				}
				if !first {
					buf = append(buf, str(a[1])...)
				}
				first = false
				if e == nil {
					buf = append(buf, str(a[2])...)
				} else {
					buf = AppendText(buf, e, et, ctx.settings())
				}
			}
			return string(buf), nil
		}
	}
	RegisterFunc(&Func{Name: "array_to_string", Args: oidsOf(AnyArrayOID, TextOID), Result: TextOID, Strict: true, Volatility: Stable, Bind: a2s})
	RegisterFunc(&Func{Name: "array_to_string", Args: oidsOf(AnyArrayOID, TextOID, TextOID), Result: TextOID, Volatility: Stable, Bind: a2s})
	// set-returning
	RegisterFunc(&Func{Name: "unnest", Args: oidsOf(AnyArrayOID), Result: AnyElementOID, Strict: true, Volatility: Immutable,
		SRF: func(_ *EvalContext, a []Datum) (Rows, error) { return elemRows(arr(a[0])), nil }})
	RegisterFunc(&Func{Name: "string_to_table", Args: oidsOf(TextOID, TextOID), Result: TextOID, Volatility: Immutable,
		SRF: srfFromArray(s2a)})
	RegisterFunc(&Func{Name: "string_to_table", Args: oidsOf(TextOID, TextOID, TextOID), Result: TextOID, Volatility: Immutable,
		SRF: srfFromArray(s2a)})
	RegisterFunc(&Func{Name: "generate_subscripts", Args: oidsOf(AnyArrayOID, Int4OID), Result: Int4OID, Strict: true, Volatility: Immutable,
		SRF: func(_ *EvalContext, a []Datum) (Rows, error) {
			d, ok := arrayDim(arr(a[0]), a[1].(int64))
			if !ok {
				return noRows, nil
			}
			return intSeries(int64(d.Lower), int64(d.Lower)+int64(d.Len)-1, 1), nil
		}})
	RegisterFunc(&Func{Name: "array_fill", Args: oidsOf(AnyElementOID, Int4ArrayOID), Result: AnyArrayOID, Volatility: Immutable,
		Bind: func(args []Type, _ Type) EvalFn {
			et := args[0].OID
			return func(_ *EvalContext, a []Datum) (Datum, error) {
				if a[1] == nil {
					return nil, pgerr.New(pgerr.NullValueNotAllowed, "dimension array or low bound array cannot be null")
				}
				dims := arr(a[1])
				out := &Array{Elem: et}
				n := int64(1)
				for _, d := range dims.Elems {
					if d == nil {
						return nil, pgerr.New(pgerr.NullValueNotAllowed, "dimension values cannot be null")
					}
					l := d.(int64)
					if l <= 0 {
						return out, nil
					}
					out.Dims = append(out.Dims, ArrayDim{Len: int32(l), Lower: 1})
					n *= l
				}
				if len(out.Dims) == 0 {
					return out, nil
				}
				out.Elems = make([]Datum, n)
				for i := range out.Elems {
					out.Elems[i] = a[0]
				}
				return out, nil
			}
		}})
}

// srfFromArray turns an array-returning function into a set-returning one.
func srfFromArray(f EvalFn) SRFFn {
	return func(ctx *EvalContext, a []Datum) (Rows, error) {
		v, err := f(ctx, a)
		if err != nil || v == nil {
			return noRows, err
		}
		return elemRows(v.(*Array)), nil
	}
}

// elemRows returns the elements of x as one-column rows, in storage order.
func elemRows(x *Array) Rows {
	i := 0
	row := make([]Datum, 1)
	return func() ([]Datum, bool, error) {
		if i >= len(x.Elems) {
			return nil, false, nil
		}
		row[0] = x.Elems[i]
		i++
		return row, true, nil
	}
}

// intSeries yields start, start+step, ... up to stop inclusive.
func intSeries(start, stop, step int64) Rows {
	cur := start
	done := false
	row := make([]Datum, 1)
	return func() ([]Datum, bool, error) {
		if done || (step > 0 && cur > stop) || (step < 0 && cur < stop) {
			return nil, false, nil
		}
		row[0] = cur
		next := cur + step
		if (step > 0 && next < cur) || (step < 0 && next > cur) {
			done = true
		}
		cur = next
		return row, true, nil
	}
}
