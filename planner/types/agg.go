package types

import (
	"math"
	"slices"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// Aggregate is one overload of a built-in aggregate function.
type Aggregate struct {
	Name       string
	Args       []OID // may be polymorphic, like Func.Args
	Result     OID
	ResultType func(args []Type) Type
	// Strict aggregates skip input rows where any argument is NULL (all
	// but array_agg, jsonb_agg and string_agg's delimiter handling).
	Strict bool
	// Bind returns a constructor of per-group states for the resolved
	// argument and result types.
	Bind func(args []Type, result Type) func() AggState
}

// AggState accumulates one group. Add is called once per input row (for
// strict aggregates, only rows without NULL arguments); Result may be
// called more than once (window frames) and must not change the state.
type AggState interface {
	Add(ctx *EvalContext, args []Datum) error
	Result(ctx *EvalContext) (Datum, error)
}

// AggCall is an aggregate resolved for concrete argument types.
type AggCall struct {
	Agg      *Aggregate
	ArgTypes []Type // coerce the arguments to these
	Type     Type   // the result type
	// New returns a fresh state for one group.
	New func() AggState
}

// RegisterAggregate adds an aggregate overload.
func RegisterAggregate(a *Aggregate) {
	catalog.Lock()
	defer catalog.Unlock()
	name := strings.ToLower(a.Name)
	catalog.aggs[name] = append(catalog.aggs[name], a)
}

// IsAggregate reports whether name is an aggregate function.
func IsAggregate(name string) bool {
	catalog.RLock()
	defer catalog.RUnlock()
	return len(catalog.aggs[strings.ToLower(name)]) > 0
}

// ResolveAggregate resolves an aggregate call like ResolveFunc; count(*)
// is ResolveAggregate("count", nil).
func ResolveAggregate(name string, args []Type) (*AggCall, error) {
	catalog.RLock()
	aggs := catalog.aggs[strings.ToLower(name)]
	catalog.RUnlock()
	funcs := make([]*Func, len(aggs))
	byFunc := map[*Func]*Aggregate{}
	for i, a := range aggs {
		funcs[i] = &Func{Name: a.Name, Args: a.Args, Result: a.Result, ResultType: a.ResultType}
		byFunc[funcs[i]] = a
	}
	c, err := chooseOverload(funcs, oids(args), false)
	var call *Call
	if err == nil {
		call, err = bindCall(c, args)
	}
	if err != nil {
		return nil, funcResolveError(name, args, err)
	}
	a := byFunc[c.f]
	return &AggCall{Agg: a, ArgTypes: call.ArgTypes, Type: call.Type, New: a.Bind(call.ArgTypes, call.Type)}, nil
}

// ---- built-in aggregates ----

type countState struct{ n int64 }

func (s *countState) Add(*EvalContext, []Datum) error    { s.n++; return nil }
func (s *countState) Result(*EvalContext) (Datum, error) { return s.n, nil }
func newCount(args []Type, _ Type) func() AggState       { return func() AggState { return &countState{} } }
func addOverflowInt(a, b int64) (int64, bool) {
	s := a + b
	return s, (b > 0 && s < a) || (b < 0 && s > a)
}

type sumIntState struct {
	sum  int64
	any  bool
	big  *apd.Decimal // once int64 overflows (sum(int8))
	outN bool         // result numeric
}

func (s *sumIntState) Add(_ *EvalContext, a []Datum) error {
	v := a[0].(int64)
	s.any = true
	if s.big != nil {
		r, err := NumericAdd(s.big, NumericFromInt(v))
		s.big = r
		return err
	}
	r, ovf := addOverflowInt(s.sum, v)
	if ovf {
		if !s.outN {
			return errInt8OutOfRange()
		}
		b, err := NumericAdd(NumericFromInt(s.sum), NumericFromInt(v))
		s.big = b
		return err
	}
	s.sum = r
	return nil
}

func (s *sumIntState) Result(*EvalContext) (Datum, error) {
	if !s.any {
		return nil, nil
	}
	if s.big != nil {
		return s.big, nil
	}
	if s.outN {
		return NumericFromInt(s.sum), nil
	}
	return s.sum, nil
}

// asNumeric returns an integer or numeric datum as a numeric.
func asNumeric(d Datum) *apd.Decimal {
	if v, ok := d.(int64); ok {
		return NumericFromInt(v)
	}
	return d.(*apd.Decimal)
}

type sumNumState struct {
	sum *apd.Decimal
	n   int64
	avg bool
}

func (s *sumNumState) Add(_ *EvalContext, a []Datum) error {
	v := asNumeric(a[0])
	s.n++
	if s.sum == nil {
		s.sum = v
		return nil
	}
	r, err := NumericAdd(s.sum, v)
	s.sum = r
	return err
}

func (s *sumNumState) Result(*EvalContext) (Datum, error) {
	if s.n == 0 {
		return nil, nil
	}
	if s.avg {
		return NumericDiv(s.sum, NumericFromInt(s.n))
	}
	return s.sum, nil
}

type sumFloatState struct {
	sum    float64
	n      int64
	float4 bool
}

func (s *sumFloatState) Add(_ *EvalContext, a []Datum) error {
	v := a[0].(float64)
	r := s.sum + v
	if math.IsInf(r, 0) && !math.IsInf(s.sum, 0) && !math.IsInf(v, 0) {
		return errOutOfRange("value out of range: overflow")
	}
	if s.float4 {
		r = float64(float32(r))
		if math.IsInf(r, 0) && !math.IsInf(s.sum, 0) && !math.IsInf(v, 0) {
			return errOutOfRange("value out of range: overflow")
		}
	}
	s.sum = r
	s.n++
	return nil
}

func (s *sumFloatState) Result(*EvalContext) (Datum, error) {
	if s.n == 0 {
		return nil, nil
	}
	return s.sum, nil
}

type sumIntervalState struct {
	sum Interval
	n   int64
	avg bool
}

func (s *sumIntervalState) Add(_ *EvalContext, a []Datum) error {
	r, err := IntervalAdd(s.sum, a[0].(Interval))
	s.sum = r
	s.n++
	return err
}

func (s *sumIntervalState) Result(*EvalContext) (Datum, error) {
	if s.n == 0 {
		return nil, nil
	}
	if s.avg {
		return IntervalDiv(s.sum, float64(s.n))
	}
	return s.sum, nil
}

type minMaxState struct {
	t   Type
	v   Datum
	max bool
}

func (s *minMaxState) Add(_ *EvalContext, a []Datum) error {
	if s.v == nil {
		s.v = a[0]
		return nil
	}
	// Like PostgreSQL's *_larger/*_smaller, a value equal to the current
	// one replaces it (numeric 2.000 after 2, float -0 after 0, '30 days'
	// after '1 mon'), except for bpchar, which keeps the first.
	c := Compare(a[0], s.v, s.t)
	if c == 0 && s.t.OID != BPCharOID || (s.max && c > 0) || (!s.max && c < 0) {
		s.v = a[0]
	}
	return nil
}

func (s *minMaxState) Result(*EvalContext) (Datum, error) { return s.v, nil }

type boolAggState struct {
	v   Datum
	and bool
}

func (s *boolAggState) Add(_ *EvalContext, a []Datum) error {
	b := a[0].(bool)
	if s.v == nil {
		s.v = b
	} else if s.and {
		s.v = s.v.(bool) && b
	} else {
		s.v = s.v.(bool) || b
	}
	return nil
}

func (s *boolAggState) Result(*EvalContext) (Datum, error) { return s.v, nil }

type stringAggState struct {
	buf   []byte
	any   bool
	bytea bool
}

func (s *stringAggState) Add(_ *EvalContext, a []Datum) error {
	if a[0] == nil {
		return nil
	}
	if s.any && a[1] != nil {
		switch d := a[1].(type) {
		case string:
			s.buf = append(s.buf, d...)
		case []byte:
			s.buf = append(s.buf, d...)
		}
	}
	switch v := a[0].(type) {
	case string:
		s.buf = append(s.buf, v...)
	case []byte:
		s.buf = append(s.buf, v...)
	}
	s.any = true
	return nil
}

func (s *stringAggState) Result(*EvalContext) (Datum, error) {
	if !s.any {
		return nil, nil
	}
	if s.bytea {
		return append([]byte(nil), s.buf...), nil
	}
	return string(s.buf), nil
}

type arrayAggState struct {
	elem  OID
	elems []Datum
	// array inputs (array_agg(anyarray)) build one more dimension
	arrays bool
	inner  []ArrayDim
}

func (s *arrayAggState) Add(_ *EvalContext, a []Datum) error {
	if !s.arrays {
		s.elems = append(s.elems, a[0])
		return nil
	}
	if a[0] == nil {
		return pgerr.New(pgerr.NullValueNotAllowed, "cannot accumulate null arrays")
	}
	arr := a[0].(*Array)
	if len(arr.Elems) == 0 {
		return pgerr.New(pgerr.ArraySubscriptError, "cannot accumulate empty arrays")
	}
	if s.inner == nil {
		s.inner = arr.Dims
	} else if !slices.Equal(s.inner, arr.Dims) {
		return pgerr.New(pgerr.ArraySubscriptError, "cannot accumulate arrays of different dimensionality")
	}
	s.elems = append(s.elems, arr.Elems...)
	return nil
}

func (s *arrayAggState) Result(*EvalContext) (Datum, error) {
	if len(s.elems) == 0 {
		return nil, nil
	}
	elems := append([]Datum(nil), s.elems...)
	if !s.arrays {
		return NewArray1(s.elem, elems), nil
	}
	n := int32(len(s.elems))
	for _, d := range s.inner {
		n /= d.Len
	}
	dims := append([]ArrayDim{{Len: n, Lower: 1}}, s.inner...)
	return &Array{Elem: s.elem, Dims: dims, Elems: elems}, nil
}

func init() {
	reg := RegisterAggregate
	reg(&Aggregate{Name: "count", Args: nil, Result: Int8OID, Bind: newCount})
	reg(&Aggregate{Name: "count", Args: []OID{AnyOID}, Result: Int8OID, Strict: true, Bind: newCount})
	for _, t := range []OID{Int2OID, Int4OID} {
		reg(&Aggregate{Name: "sum", Args: []OID{t}, Result: Int8OID, Strict: true,
			Bind: func([]Type, Type) func() AggState { return func() AggState { return &sumIntState{} } }})
	}
	reg(&Aggregate{Name: "sum", Args: []OID{Int8OID}, Result: NumericOID, Strict: true,
		Bind: func([]Type, Type) func() AggState { return func() AggState { return &sumNumState{} } }})
	reg(&Aggregate{Name: "sum", Args: []OID{NumericOID}, Result: NumericOID, Strict: true,
		Bind: func([]Type, Type) func() AggState { return func() AggState { return &sumNumState{} } }})
	reg(&Aggregate{Name: "sum", Args: []OID{Float4OID}, Result: Float4OID, Strict: true,
		Bind: func([]Type, Type) func() AggState { return func() AggState { return &sumFloatState{float4: true} } }})
	reg(&Aggregate{Name: "sum", Args: []OID{Float8OID}, Result: Float8OID, Strict: true,
		Bind: func([]Type, Type) func() AggState { return func() AggState { return &sumFloatState{} } }})
	reg(&Aggregate{Name: "sum", Args: []OID{IntervalOID}, Result: IntervalOID, Strict: true,
		Bind: func([]Type, Type) func() AggState { return func() AggState { return &sumIntervalState{} } }})
	for _, t := range []OID{Int2OID, Int4OID, Int8OID, NumericOID} {
		reg(&Aggregate{Name: "avg", Args: []OID{t}, Result: NumericOID, Strict: true,
			Bind: func([]Type, Type) func() AggState { return func() AggState { return &sumNumState{avg: true} } }})
	}
	// avg(float4), avg(float8): agg_stats.go
	reg(&Aggregate{Name: "avg", Args: []OID{IntervalOID}, Result: IntervalOID, Strict: true,
		Bind: func([]Type, Type) func() AggState { return func() AggState { return &sumIntervalState{avg: true} } }})
	for _, t := range []OID{Int2OID, Int4OID, Int8OID, OidOID, Float4OID, Float8OID, NumericOID, TextOID, BPCharOID,
		DateOID, TimeOID, TimeTZOID, TimestampOID, TimestampTZOID, IntervalOID, AnyArrayOID, TIDOID} {
		for _, isMax := range []bool{false, true} {
			name := "min"
			if isMax {
				name = "max"
			}
			isMax := isMax
			reg(&Aggregate{Name: name, Args: []OID{t}, Result: t, Strict: true,
				Bind: func(args []Type, _ Type) func() AggState {
					t := args[0]
					return func() AggState { return &minMaxState{t: t, max: isMax} }
				}})
		}
	}
	for _, n := range []string{"bool_and", "every"} {
		reg(&Aggregate{Name: n, Args: []OID{BoolOID}, Result: BoolOID, Strict: true,
			Bind: func([]Type, Type) func() AggState { return func() AggState { return &boolAggState{and: true} } }})
	}
	reg(&Aggregate{Name: "bool_or", Args: []OID{BoolOID}, Result: BoolOID, Strict: true,
		Bind: func([]Type, Type) func() AggState { return func() AggState { return &boolAggState{} } }})
	reg(&Aggregate{Name: "string_agg", Args: []OID{TextOID, TextOID}, Result: TextOID,
		Bind: func([]Type, Type) func() AggState { return func() AggState { return &stringAggState{} } }})
	reg(&Aggregate{Name: "string_agg", Args: []OID{ByteaOID, ByteaOID}, Result: ByteaOID,
		Bind: func([]Type, Type) func() AggState { return func() AggState { return &stringAggState{bytea: true} } }})
	reg(&Aggregate{Name: "array_agg", Args: []OID{AnyNonArrayOID}, Result: AnyArrayOID,
		Bind: func(args []Type, _ Type) func() AggState {
			e := args[0].OID
			return func() AggState { return &arrayAggState{elem: e} }
		}})
	reg(&Aggregate{Name: "array_agg", Args: []OID{AnyArrayOID}, Result: AnyArrayOID,
		Bind: func(args []Type, _ Type) func() AggState {
			e := ElemOf(args[0].OID)
			return func() AggState { return &arrayAggState{elem: e, arrays: true} }
		}})
}
