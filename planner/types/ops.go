package types

import (
	"math"

	"github.com/cockroachdb/apd/v3"
)

// This file registers the comparison and arithmetic operators of the
// scalar types (pg_operator), with PostgreSQL's overflow and division
// errors.

// intMod is integer % and mod(): the remainder with the sign of the
// dividend (x % -1 is 0 even for the smallest integer).
func intMod(_ *EvalContext, a []Datum) (Datum, error) {
	x, y := a[0].(int64), a[1].(int64)
	if y == 0 {
		return nil, errDivByZero()
	}
	if y == -1 {
		return int64(0), nil
	}
	return x % y, nil
}

func regOp(name string, l, r, res OID, fn EvalFn) *Func {
	f := &Func{Name: name, Args: []OID{l, r}, Result: res, Strict: true, Volatility: Immutable, Fn: fn}
	if l == 0 {
		f.Args = []OID{r}
	}
	RegisterOperator(f)
	return f
}

var cmpOps = []struct {
	name, commutator, negator string
	pred                      func(int) bool
}{
	{"=", "=", "<>", func(c int) bool { return c == 0 }},
	{"<>", "<>", "=", func(c int) bool { return c != 0 }},
	{"<", ">", ">=", func(c int) bool { return c < 0 }},
	{"<=", ">=", ">", func(c int) bool { return c <= 0 }},
	{">", "<", "<=", func(c int) bool { return c > 0 }},
	{">=", "<=", "<", func(c int) bool { return c >= 0 }},
}

// regCompare registers the six comparison operators between l and r
// (values of both are compared as type l).
func regCompare(l, r OID) {
	t := Of(l)
	for _, c := range cmpOps {
		pred := c.pred
		f := regOp(c.name, l, r, BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
			return pred(Compare(a[0], a[1], t)), nil
		})
		f.Commutator, f.Negator = c.commutator, c.negator
	}
}

func init() {
	ints := []OID{Int2OID, Int4OID, Int8OID}
	for _, l := range ints {
		for _, r := range ints {
			regCompare(l, r)
		}
	}
	regCompare(Float4OID, Float4OID)
	regCompare(Float8OID, Float8OID)
	regCompare(Float4OID, Float8OID)
	regCompare(Float8OID, Float4OID)
	for _, t := range []OID{BoolOID, NumericOID, TextOID, NameOID, BPCharOID, ByteaOID, CharOID, OidOID,
		DateOID, TimeOID, TimestampOID, TimestampTZOID, IntervalOID, UUIDOID, JSONBOID, TIDOID, AnyArrayOID, RecordOID} {
		regCompare(t, t)
	}

	// integer arithmetic
	width := map[OID]int{Int2OID: 16, Int4OID: 32, Int8OID: 64}
	for _, l := range ints {
		for _, r := range ints {
			res := l
			if width[r] > width[l] {
				res = r
			}
			bits := width[res]
			regOp("+", l, r, res, func(_ *EvalContext, a []Datum) (Datum, error) {
				x, y := a[0].(int64), a[1].(int64)
				s := x + y
				if (y > 0 && s < x) || (y < 0 && s > x) || !intFits(s, bits) {
					return nil, intRangeErr(bits)
				}
				return s, nil
			})
			regOp("-", l, r, res, func(_ *EvalContext, a []Datum) (Datum, error) {
				x, y := a[0].(int64), a[1].(int64)
				s := x - y
				if (y < 0 && s < x) || (y > 0 && s > x) || !intFits(s, bits) {
					return nil, intRangeErr(bits)
				}
				return s, nil
			})
			regOp("*", l, r, res, func(_ *EvalContext, a []Datum) (Datum, error) {
				x, y := a[0].(int64), a[1].(int64)
				p := x * y
				if (x != 0 && (p/x != y || (x == -1 && y == math.MinInt64) || (y == -1 && x == math.MinInt64))) || !intFits(p, bits) {
					return nil, intRangeErr(bits)
				}
				return p, nil
			})
			regOp("/", l, r, res, func(_ *EvalContext, a []Datum) (Datum, error) {
				x, y := a[0].(int64), a[1].(int64)
				if y == 0 {
					return nil, errDivByZero()
				}
				if y == -1 {
					if (bits == 64 && x == math.MinInt64) || !intFits(-x, bits) {
						return nil, intRangeErr(bits)
					}
					return -x, nil
				}
				return x / y, nil
			})
			if l == r {
				regOp("%", l, r, res, intMod)
			}
		}
		bits := width[l]
		regOp("-", 0, l, l, func(_ *EvalContext, a []Datum) (Datum, error) {
			x := a[0].(int64)
			if (bits == 64 && x == math.MinInt64) || !intFits(-x, bits) {
				return nil, intRangeErr(bits)
			}
			return -x, nil
		})
		regOp("+", 0, l, l, func(_ *EvalContext, a []Datum) (Datum, error) { return a[0], nil })
		regOp("@", 0, l, l, func(_ *EvalContext, a []Datum) (Datum, error) {
			x := a[0].(int64)
			if x < 0 {
				if (bits == 64 && x == math.MinInt64) || !intFits(-x, bits) {
					return nil, intRangeErr(bits)
				}
				return -x, nil
			}
			return x, nil
		})
	}
	// bitwise integer operators
	for _, t := range ints {
		bits := width[t]
		regOp("&", t, t, t, func(_ *EvalContext, a []Datum) (Datum, error) { return a[0].(int64) & a[1].(int64), nil })
		regOp("|", t, t, t, func(_ *EvalContext, a []Datum) (Datum, error) { return a[0].(int64) | a[1].(int64), nil })
		regOp("#", t, t, t, func(_ *EvalContext, a []Datum) (Datum, error) { return a[0].(int64) ^ a[1].(int64), nil })
		regOp("~", 0, t, t, func(_ *EvalContext, a []Datum) (Datum, error) { return ^a[0].(int64), nil })
		// C shifts on x86 use the count modulo the operand width (int2
		// is promoted to int).
		mask := uint64(31)
		if bits == 64 {
			mask = 63
		}
		regOp("<<", t, Int4OID, t, func(_ *EvalContext, a []Datum) (Datum, error) {
			return truncInt(truncInt(a[0].(int64), max(bits, 32))<<(uint64(a[1].(int64))&mask), bits), nil
		})
		regOp(">>", t, Int4OID, t, func(_ *EvalContext, a []Datum) (Datum, error) {
			return truncInt(a[0].(int64)>>(uint64(a[1].(int64))&mask), bits), nil
		})
	}

	// float arithmetic
	floats := []OID{Float4OID, Float8OID}
	for _, l := range floats {
		for _, r := range floats {
			res := Float8OID
			if l == Float4OID && r == Float4OID {
				res = Float4OID
			}
			f4 := res == Float4OID
			regOp("+", l, r, res, func(_ *EvalContext, a []Datum) (Datum, error) {
				x, y := a[0].(float64), a[1].(float64)
				return checkFloat(x+y, math.IsInf(x, 0) || math.IsInf(y, 0), true, f4)
			})
			regOp("-", l, r, res, func(_ *EvalContext, a []Datum) (Datum, error) {
				x, y := a[0].(float64), a[1].(float64)
				return checkFloat(x-y, math.IsInf(x, 0) || math.IsInf(y, 0), true, f4)
			})
			regOp("*", l, r, res, func(_ *EvalContext, a []Datum) (Datum, error) {
				x, y := a[0].(float64), a[1].(float64)
				return checkFloat(x*y, math.IsInf(x, 0) || math.IsInf(y, 0), x == 0 || y == 0, f4)
			})
			regOp("/", l, r, res, func(_ *EvalContext, a []Datum) (Datum, error) {
				x, y := a[0].(float64), a[1].(float64)
				if y == 0 && !math.IsNaN(x) {
					return nil, errDivByZero()
				}
				return checkFloat(x/y, math.IsInf(x, 0), x == 0 || math.IsInf(y, 0), f4)
			})
		}
		f4 := l == Float4OID
		regOp("-", 0, l, l, func(_ *EvalContext, a []Datum) (Datum, error) { return -a[0].(float64), nil })
		regOp("+", 0, l, l, func(_ *EvalContext, a []Datum) (Datum, error) { return a[0], nil })
		regOp("@", 0, l, l, func(_ *EvalContext, a []Datum) (Datum, error) { return math.Abs(a[0].(float64)), nil })
		_ = f4
	}
	regOp("^", Float8OID, Float8OID, Float8OID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return floatPow(a[0].(float64), a[1].(float64))
	})
	regOp("|/", 0, Float8OID, Float8OID, func(_ *EvalContext, a []Datum) (Datum, error) { return floatSqrt(a[0].(float64)) })
	regOp("||/", 0, Float8OID, Float8OID, func(_ *EvalContext, a []Datum) (Datum, error) { return cCbrt(a[0].(float64)), nil })

	// numeric arithmetic
	num := func(f func(x, y *apd.Decimal) (*apd.Decimal, error)) EvalFn {
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			r, err := f(a[0].(*apd.Decimal), a[1].(*apd.Decimal))
			if err != nil {
				return nil, err
			}
			return r, nil
		}
	}
	regOp("+", NumericOID, NumericOID, NumericOID, num(NumericAdd))
	regOp("-", NumericOID, NumericOID, NumericOID, num(NumericSub))
	regOp("*", NumericOID, NumericOID, NumericOID, num(NumericMul))
	regOp("/", NumericOID, NumericOID, NumericOID, num(NumericDiv))
	regOp("%", NumericOID, NumericOID, NumericOID, num(NumericMod))
	regOp("^", NumericOID, NumericOID, NumericOID, num(NumericPower))
	regOp("-", 0, NumericOID, NumericOID, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericNeg(a[0].(*apd.Decimal)), nil })
	regOp("+", 0, NumericOID, NumericOID, func(_ *EvalContext, a []Datum) (Datum, error) { return a[0], nil })
	regOp("@", 0, NumericOID, NumericOID, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericAbs(a[0].(*apd.Decimal)), nil })

}

func truncInt(v int64, bits int) int64 {
	switch bits {
	case 16:
		return int64(int16(v))
	case 32:
		return int64(int32(v))
	}
	return v
}

// checkFloat applies float8pl/float8mul's overflow and underflow checks:
// an infinite result from finite inputs overflows, a zero result from
// non-zero inputs underflows.
func checkFloat(r float64, infIn, zeroOK bool, f4 bool) (Datum, error) {
	if f4 {
		r = float64(float32(r))
	}
	if math.IsInf(r, 0) && !infIn {
		return nil, errOutOfRange("value out of range: overflow")
	}
	if r == 0 && !zeroOK {
		return nil, errOutOfRange("value out of range: underflow")
	}
	return r, nil
}

func floatSqrt(x float64) (Datum, error) {
	if x < 0 {
		return nil, errInvalidArg("cannot take square root of a negative number")
	}
	return math.Sqrt(x), nil
}

// floatPow is dpow with PostgreSQL's special cases.
func floatPow(x, y float64) (Datum, error) {
	if math.IsNaN(x) {
		if y == 0 {
			return 1.0, nil
		}
		return math.NaN(), nil
	}
	if math.IsNaN(y) {
		if x == 1 {
			return 1.0, nil
		}
		return math.NaN(), nil
	}
	if x == 0 && y < 0 {
		return nil, errInvalidArgPow("zero raised to a negative power is undefined")
	}
	if x < 0 && y != math.Floor(y) && !math.IsInf(y, 0) {
		return nil, errInvalidArgPow("a negative number raised to a non-integer power yields a complex result")
	}
	r := cPow(x, y)
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return nil, errOutOfRange("value out of range: overflow")
	}
	if r == 0 && x != 0 && !math.IsInf(y, 0) && !math.IsInf(x, 0) {
		return nil, errOutOfRange("value out of range: underflow")
	}
	return r, nil
}
