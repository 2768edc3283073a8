package types

import (
	"math"
	"math/big"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

func num(d Datum) *apd.Decimal { return d.(*apd.Decimal) }
func f64(d Datum) float64      { return d.(float64) }

func floatResult(r float64, inInf bool) (Datum, error) {
	if math.IsInf(r, 0) && !inInf {
		return nil, errOutOfRange("value out of range: overflow")
	}
	return r, nil
}

func init() {
	I2, I4, I8, F4, F8, N := Int2OID, Int4OID, Int8OID, Float4OID, Float8OID, NumericOID
	// abs
	for _, t := range []OID{I2, I4, I8} {
		bits := map[OID]int{I2: 16, I4: 32, I8: 64}[t]
		fn("abs", oidsOf(t), t, func(_ *EvalContext, a []Datum) (Datum, error) {
			x := a[0].(int64)
			if x < 0 {
				if x == math.MinInt64 || !intFits(-x, bits) {
					return nil, intRangeErr(bits)
				}
				return -x, nil
			}
			return x, nil
		})
	}
	fn("abs", oidsOf(F4), F4, func(_ *EvalContext, a []Datum) (Datum, error) { return math.Abs(f64(a[0])), nil })
	fn("abs", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) { return math.Abs(f64(a[0])), nil })
	fn("abs", oidsOf(N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericAbs(num(a[0])), nil })
	// ceil, floor, round, trunc
	numInt := func(mode func(c *apd.Context, d, x *apd.Decimal) (apd.Condition, error)) EvalFn {
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			x := num(a[0])
			if x.Form != apd.Finite {
				return x, nil
			}
			r := new(apd.Decimal)
			if _, err := mode(exactCtx, r, x); err != nil {
				return nil, err
			}
			return numRescale(numNormalize(r), 0, false), nil
		}
	}
	for _, n := range []string{"ceil", "ceiling"} {
		fn(n, oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) { return math.Ceil(f64(a[0])), nil })
		fn(n, oidsOf(N), N, numInt((*apd.Context).Ceil))
	}
	fn("floor", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) { return math.Floor(f64(a[0])), nil })
	fn("floor", oidsOf(N), N, numInt((*apd.Context).Floor))
	fn("round", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) { return math.RoundToEven(f64(a[0])), nil })
	fn("round", oidsOf(N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return numRescale(num(a[0]), 0, false), nil })
	fn("round", oidsOf(N, I4), N, func(_ *EvalContext, a []Datum) (Datum, error) {
		return numRescale(num(a[0]), clampResultScale(a[1].(int64)), false), nil
	})
	fn("trunc", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) { return math.Trunc(f64(a[0])), nil })
	fn("trunc", oidsOf(N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return numRescale(num(a[0]), 0, true), nil })
	fn("trunc", oidsOf(N, I4), N, func(_ *EvalContext, a []Datum) (Datum, error) {
		return numRescale(num(a[0]), clampResultScale(a[1].(int64)), true), nil
	})
	// mod, div
	for _, t := range []OID{I2, I4, I8} {
		fn("mod", oidsOf(t, t), t, intMod)
	}
	fn("mod", oidsOf(N, N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericMod(num(a[0]), num(a[1])) })
	fn("div", oidsOf(N, N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericDivTrunc(num(a[0]), num(a[1])) })
	// powers, roots, logarithms
	for _, n := range []string{"power", "pow"} {
		fn(n, oidsOf(F8, F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) { return floatPow(f64(a[0]), f64(a[1])) })
		fn(n, oidsOf(N, N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericPower(num(a[0]), num(a[1])) })
	}
	fn("sqrt", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) { return floatSqrt(f64(a[0])) })
	fn("sqrt", oidsOf(N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericSqrt(num(a[0])) })
	fn("cbrt", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) { return cCbrt(f64(a[0])), nil })
	fn("exp", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := f64(a[0])
		r := cExp(x)
		if math.IsInf(r, 0) && !math.IsInf(x, 0) {
			return nil, errOutOfRange("value out of range: overflow")
		}
		if r == 0 && !math.IsInf(x, 0) {
			return nil, errOutOfRange("value out of range: underflow")
		}
		return r, nil
	})
	fn("exp", oidsOf(N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericExp(num(a[0])) })
	floatLog := func(f func(float64) float64) EvalFn {
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			x := f64(a[0])
			if x == 0 {
				return nil, errLog("cannot take logarithm of zero")
			}
			if x < 0 {
				return nil, errLog("cannot take logarithm of a negative number")
			}
			return f(x), nil
		}
	}
	fn("ln", oidsOf(F8), F8, floatLog(cLog))
	fn("ln", oidsOf(N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericLn(num(a[0])) })
	for _, n := range []string{"log", "log10"} {
		fn(n, oidsOf(F8), F8, floatLog(cLog10))
		fn(n, oidsOf(N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericLog(apd.New(10, 0), num(a[0])) })
	}
	fn("log", oidsOf(N, N), N, func(_ *EvalContext, a []Datum) (Datum, error) { return NumericLog(num(a[0]), num(a[1])) })
	fn("sign", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := f64(a[0])
		switch {
		case x > 0:
			return 1.0, nil
		case x < 0:
			return -1.0, nil
		}
		return 0.0, nil // including NaN, as in PostgreSQL
	})
	fn("sign", oidsOf(N), N, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := num(a[0])
		if x.Form == apd.NaN {
			return x, nil
		}
		return apd.New(int64(x.Sign()), 0), nil
	})
	fn("scale", oidsOf(N), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
		if num(a[0]).Form != apd.Finite {
			return nil, nil
		}
		return int64(numScale(num(a[0]))), nil
	})
	fn("min_scale", oidsOf(N), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := num(a[0])
		if x.Form != apd.Finite {
			return nil, nil
		}
		var r apd.Decimal
		r.Reduce(x)
		return int64(max(0, -int(r.Exponent))), nil
	})
	fn("trim_scale", oidsOf(N), N, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := num(a[0])
		if x.Form != apd.Finite {
			return x, nil
		}
		r := new(apd.Decimal)
		r.Reduce(x)
		return numNormalize(r), nil
	})
	RegisterFunc(&Func{Name: "pi", Result: F8, Volatility: Immutable, Fn: func(*EvalContext, []Datum) (Datum, error) { return math.Pi, nil }})
	RegisterFunc(&Func{Name: "random", Result: F8, Volatility: Volatile, Fn: func(ctx *EvalContext, _ []Datum) (Datum, error) {
		return ctx.float64(), nil
	}})
	const radiansPerDegree = 0.0174532925199432957692
	fn("degrees", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := f64(a[0])
		return checkFloat(x/radiansPerDegree, math.IsInf(x, 0), true, false)
	})
	fn("radians", oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := f64(a[0])
		return checkFloat(x*radiansPerDegree, math.IsInf(x, 0), x == 0, false)
	})
	trig := func(name string, f func(float64) float64, lo, hi float64) {
		fn(name, oidsOf(F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) {
			x := f64(a[0])
			if math.IsNaN(x) {
				return x, nil
			}
			if x < lo || x > hi {
				return nil, errOutOfRange("input is out of range")
			}
			return f(x), nil
		})
	}
	inf := math.Inf(1)
	trig("sin", cSin, -math.MaxFloat64, math.MaxFloat64)
	trig("cos", cCos, -math.MaxFloat64, math.MaxFloat64)
	trig("tan", cTan, -math.MaxFloat64, math.MaxFloat64)
	trig("cot", func(x float64) float64 { return 1 / cTan(x) }, -math.MaxFloat64, math.MaxFloat64)
	trig("asin", cAsin, -1, 1)
	trig("acos", cAcos, -1, 1)
	trig("atan", cAtan, -inf, inf)
	fn("atan2", oidsOf(F8, F8), F8, func(_ *EvalContext, a []Datum) (Datum, error) { return cAtan2(f64(a[0]), f64(a[1])), nil })
	fn("width_bucket", oidsOf(F8, F8, F8, I4), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
		return widthBucket(f64(a[0]), f64(a[1]), f64(a[2]), a[3].(int64))
	})
	fn("width_bucket", oidsOf(N, N, N, I4), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
		if a[3].(int64) <= 0 {
			return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "count must be greater than zero")
		}
		for _, v := range a[:3] {
			if num(v).Form == apd.NaN {
				return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "operand, lower bound, and upper bound cannot be NaN")
			}
		}
		return widthBucket(numToFloat(num(a[0])), numToFloat(num(a[1])), numToFloat(num(a[2])), a[3].(int64))
	})
	for _, t := range []OID{I4, I8} {
		bits := map[OID]int{I4: 32, I8: 64}[t]
		fn("gcd", oidsOf(t, t), t, func(_ *EvalContext, a []Datum) (Datum, error) {
			g := gcd64(a[0].(int64), a[1].(int64))
			if g < 0 || !intFits(g, bits) {
				return nil, intRangeErr(bits)
			}
			return g, nil
		})
		fn("lcm", oidsOf(t, t), t, func(_ *EvalContext, a []Datum) (Datum, error) {
			x, y := a[0].(int64), a[1].(int64)
			if x == 0 || y == 0 {
				return int64(0), nil
			}
			g := gcd64(x, y)
			r := new(big.Int).Mul(big.NewInt(x/g), big.NewInt(y))
			r.Abs(r)
			if !r.IsInt64() || !intFits(r.Int64(), bits) {
				return nil, intRangeErr(bits)
			}
			return r.Int64(), nil
		})
	}
	fn("factorial", oidsOf(I8), N, func(_ *EvalContext, a []Datum) (Datum, error) {
		n := a[0].(int64)
		if n < 0 {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "factorial of a negative number is undefined")
		}
		if n > 32177 {
			return nil, errNumericOverflow()
		}
		r := new(apd.Decimal)
		r.Coeff.MulRange(1, max(n, 1))
		return r, nil
	})
}

func clampResultScale(s int64) int {
	return int(max(min(s, numericMaxResultScale), -numericMaxResultScale))
}

func gcd64(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

func widthBucket(x, lo, hi float64, n int64) (Datum, error) {
	if n <= 0 {
		return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "count must be greater than zero")
	}
	if math.IsNaN(x) || math.IsNaN(lo) || math.IsNaN(hi) {
		return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "operand, lower bound, and upper bound cannot be NaN")
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "lower and upper bounds must be finite")
	}
	if lo == hi {
		return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "lower bound cannot equal upper bound")
	}
	// the bucket is computed in float8 and converted as C does (an
	// out-of-range value becomes INT_MIN on x86)
	toInt := func(f float64) int64 {
		if math.IsNaN(f) || f < math.MinInt32 || f >= math.MaxInt32+1 {
			return math.MinInt32
		}
		return int64(int32(f))
	}
	if lo < hi {
		switch {
		case x < lo:
			return int64(0), nil
		case x >= hi:
			return n + 1, nil
		}
		return toInt(float64(n)*(x-lo)/(hi-lo) + 1), nil
	}
	switch {
	case x > lo:
		return int64(0), nil
	case x <= hi:
		return n + 1, nil
	}
	return toInt(float64(n)*(lo-x)/(lo-hi) + 1), nil
}

// Greatest returns the largest (least: smallest) non-NULL value of vals,
// all of type t, or NULL when all are NULL (GREATEST/LEAST).
func Greatest(vals []Datum, t Type, least bool) Datum {
	var best Datum
	for _, v := range vals {
		if v == nil {
			continue
		}
		if best == nil {
			best = v
			continue
		}
		c := Compare(v, best, t)
		if (least && c < 0) || (!least && c > 0) {
			best = v
		}
	}
	return best
}

// NullIf implements NULLIF(a, b) given the resolved "=" operator for the
// two argument types: NULL when a = b is true, else a.
func NullIf(ctx *EvalContext, eq *Call, a, b Datum) (Datum, error) {
	if a == nil || b == nil {
		return a, nil
	}
	r, err := eq.Eval(ctx, []Datum{a, b})
	if err != nil {
		return nil, err
	}
	if r == true {
		return nil, nil
	}
	return a, nil
}
