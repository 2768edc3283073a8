package types

import (
	"math"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// Transcendental numeric functions compute with apd at a generous
// precision and round to the result scale PostgreSQL selects (its rules
// aim for at least 16 significant digits and never less than the inputs'
// display scales).

func errInvalidArg(msg string) error {
	return pgerr.New(pgerr.InvalidArgumentForPowerFunction, msg)
}

func errInvalidArgPow(msg string) error {
	return pgerr.New(pgerr.InvalidArgumentForPowerFunction, msg)
}

func errLog(msg string) error {
	return pgerr.New(pgerr.InvalidArgumentForLog, msg)
}

func clampScale(r int, scales ...int) int {
	for _, s := range scales {
		r = max(r, s)
	}
	r = max(r, 0)
	return min(r, numericMaxDisplayScale)
}

func workCtx(digits int) *apd.Context {
	return &apd.Context{
		Precision:   uint32(max(digits, 34)),
		MaxExponent: apd.MaxExponent,
		MinExponent: apd.MinExponent,
		Traps:       apd.InvalidOperation,
		Rounding:    apd.RoundHalfEven,
	}
}

// numDigitsBefore returns the number of integer digits of |d| (0 for
// |d| < 1).
func numIntDigits(d *apd.Decimal) int {
	if d.Coeff.Sign() == 0 {
		return 0
	}
	return max(numDigits(&d.Coeff)+int(d.Exponent), 0)
}

func numToFloat(d *apd.Decimal) float64 {
	f, _ := d.Float64()
	return f
}

// estimateLnDWeight estimates the decimal weight of ln(d) for d > 0.
func estimateLnDWeight(d *apd.Decimal) int {
	if d.Negative || d.Form != apd.Finite || d.IsZero() {
		return 0
	}
	lo, _, _ := apd.NewFromString("0.9")
	hi, _, _ := apd.NewFromString("1.1")
	if d.Cmp(lo) >= 0 && d.Cmp(hi) <= 0 {
		x, _ := NumericSub(d, apd.New(1, 0))
		if x.IsZero() {
			return 0
		}
		w, first := nbaseWeight(x)
		return w*4 + int(math.Log10(float64(first)))
	}
	// PostgreSQL uses the first two base-10000 digits.
	w, first := nbaseWeight(d)
	digits := float64(first)
	dweight := w * 4
	if second, ok := secondNBaseDigit(d); ok {
		digits = digits*10000 + float64(second)
		dweight -= 4
	}
	ln := math.Log(digits) + float64(dweight)*2.302585092994046
	return int(math.Log10(math.Abs(ln)))
}

// secondNBaseDigit returns the second base-10000 digit of d if d has one
// (PostgreSQL's representation strips trailing zero digits).
func secondNBaseDigit(d *apd.Decimal) (int, bool) {
	w, _ := nbaseWeight(d)
	// value / 10000^(w-1) mod 10000
	r := new(apd.Decimal)
	r.Set(d)
	r.Negative = false
	r.Exponent -= int32(4 * (w - 1))
	intPart := numRescale(r, 0, true)
	v := new(apd.BigInt)
	v.Mod(&intPart.Coeff, apd.NewBigInt(10000))
	// Does d have any nonzero digits at or below weight w-1?
	rem, _ := NumericSub(r, numRescale(r, 0, true))
	second := int(v.Int64())
	if second == 0 && rem.IsZero() {
		return 0, false
	}
	return second, true
}

// NumericSqrt is sqrt(numeric).
func NumericSqrt(x *apd.Decimal) (*apd.Decimal, error) {
	if x.Form == apd.NaN {
		return numNaN(), nil
	}
	if x.Negative && !(x.Form == apd.Finite && x.IsZero()) {
		return nil, errInvalidArg("cannot take square root of a negative number")
	}
	if x.Form == apd.Infinite {
		return x, nil
	}
	w, _ := nbaseWeight(x)
	sweight := (w+1)*4/2 - 1
	return numSqrtScale(x, clampScale(numericMinSigDigits-sweight, numScale(x)))
}

// numSqrtScale returns the square root of a finite x >= 0 rounded to
// rscale fractional digits (sqrt_var).
func numSqrtScale(x *apd.Decimal, rscale int) (*apd.Decimal, error) {
	r := new(apd.Decimal)
	ctx := workCtx(numIntDigits(x) + rscale + 10)
	if _, err := ctx.Sqrt(r, x); err != nil {
		return nil, err
	}
	return numRescale(r, rscale, false), nil
}

// NumericExp is exp(numeric).
func NumericExp(x *apd.Decimal) (*apd.Decimal, error) {
	switch x.Form {
	case apd.NaN:
		return numNaN(), nil
	case apd.Infinite:
		if x.Negative {
			return apd.New(0, 0), nil
		}
		return x, nil
	}
	weight := numToFloat(x) * 0.434294481903252 // decimal weight of the result
	val := max(min(weight, numericMaxResultScale), -numericMaxResultScale)
	rscale := clampScale(numericMinSigDigits-int(val), numScale(x))
	if xf := numToFloat(x); math.Abs(xf) >= numericMaxResultScale*3 {
		if xf > 0 {
			return nil, errNumericOverflow()
		}
		return numRescale(apd.New(0, 0), rscale, false), nil
	}
	r := new(apd.Decimal)
	ctx := workCtx(max(int(weight), 0) + rscale + 10)
	if _, err := ctx.Exp(r, x); err != nil {
		return nil, errNumericOverflow()
	}
	return numRescale(r, rscale, false), nil
}

// NumericLn is ln(numeric).
func NumericLn(x *apd.Decimal) (*apd.Decimal, error) {
	if x.Form == apd.NaN {
		return numNaN(), nil
	}
	if x.Form == apd.Finite && x.IsZero() {
		return nil, errLog("cannot take logarithm of zero")
	}
	if x.Negative {
		return nil, errLog("cannot take logarithm of a negative number")
	}
	if x.Form == apd.Infinite {
		return x, nil
	}
	rscale := clampScale(numericMinSigDigits-estimateLnDWeight(x), numScale(x))
	r := new(apd.Decimal)
	ctx := workCtx(rscale + 20)
	if _, err := ctx.Ln(r, x); err != nil {
		return nil, err
	}
	return numRescale(r, rscale, false), nil
}

// NumericLog is log(base, x) for numerics.
func NumericLog(base, x *apd.Decimal) (*apd.Decimal, error) {
	if base.Form == apd.NaN || x.Form == apd.NaN {
		return numNaN(), nil
	}
	for _, v := range []*apd.Decimal{base, x} {
		if v.Form == apd.Finite && v.IsZero() {
			return nil, errLog("cannot take logarithm of zero")
		}
		if v.Negative {
			return nil, errLog("cannot take logarithm of a negative number")
		}
	}
	if base.Form == apd.Infinite || x.Form == apd.Infinite {
		if base.Form == apd.Infinite && x.Form == apd.Infinite {
			return numNaN(), nil
		}
		if x.Form == apd.Infinite {
			return x, nil
		}
		return apd.New(0, 0), nil
	}
	if base.Cmp(apd.New(1, 0)) == 0 {
		return nil, errDivByZero()
	}
	rdw := estimateLnDWeight(x) - estimateLnDWeight(base)
	rscale := clampScale(numericMinSigDigits-rdw, numScale(base), numScale(x))
	ctx := workCtx(rscale + 30)
	lb, lx, r := new(apd.Decimal), new(apd.Decimal), new(apd.Decimal)
	if _, err := ctx.Ln(lb, base); err != nil {
		return nil, err
	}
	if _, err := ctx.Ln(lx, x); err != nil {
		return nil, err
	}
	if _, err := ctx.Quo(r, lx, lb); err != nil {
		return nil, err
	}
	return numRescale(r, rscale, false), nil
}

// NumericPower is numeric ^ numeric (power_var's scale rules).
func NumericPower(x, y *apd.Decimal) (*apd.Decimal, error) {
	if x.Form == apd.NaN || y.Form == apd.NaN {
		if x.Form == apd.NaN && y.Form == apd.Finite && y.IsZero() {
			return apd.New(1, 0), nil
		}
		if y.Form == apd.NaN && x.Form == apd.Finite && x.Cmp(apd.New(1, 0)) == 0 {
			return apd.New(1, 0), nil
		}
		return numNaN(), nil
	}
	if x.Form == apd.Finite && x.IsZero() && y.Negative {
		return nil, errInvalidArgPow("zero raised to a negative power is undefined")
	}
	yInt := y.Form == apd.Finite && isIntegral(y)
	if x.Negative && x.Form == apd.Finite && !yInt && y.Form == apd.Finite {
		return nil, errInvalidArgPow("a negative number raised to a non-integer power yields a complex result")
	}
	if x.Form == apd.Infinite || y.Form == apd.Infinite {
		f, err := floatPow(numericToFloat(x), numericToFloat(y))
		if err != nil {
			return nil, err
		}
		return floatToNumeric(f.(float64), 64)
	}
	if yInt {
		yi := numRescale(y, 0, true)
		if yi.Coeff.IsInt64() && yi.Coeff.Int64() <= math.MaxInt32 {
			e := yi.Coeff.Int64()
			if yi.Negative {
				e = -e
			}
			return numPowerInt(x, e, numScale(y))
		}
	}
	// general case: exp(y * ln(x)); a negative base only reaches here
	// with an integral exponent, whose parity gives the sign
	if x.IsZero() {
		return numRescale(apd.New(0, 0), numericMinSigDigits, false), nil
	}
	negResult := false
	if x.Negative {
		yi := numRescale(y, 0, true)
		var two apd.BigInt
		two.SetInt64(2)
		var rem apd.BigInt
		rem.Rem(&yi.Coeff, &two)
		negResult = rem.Sign() != 0
		x = NumericAbs(x)
	}
	ctx := workCtx(60)
	lx, t := new(apd.Decimal), new(apd.Decimal)
	if _, err := ctx.Ln(lx, x); err != nil {
		return nil, err
	}
	if _, err := ctx.Mul(t, lx, y); err != nil {
		return nil, err
	}
	val := numToFloat(t)
	if math.Abs(val) > numericMaxResultScale*3.01 {
		if val > 0 {
			return nil, errNumericOverflow()
		}
		return numRescale(apd.New(0, 0), numericMaxDisplayScale, false), nil
	}
	val *= 0.434294481903252
	rscale := clampScale(numericMinSigDigits-int(val), numScale(x), numScale(y))
	ctx = workCtx(max(int(val), 0) + rscale + 20)
	r := new(apd.Decimal)
	if _, err := ctx.Pow(r, x, y); err != nil {
		return nil, errNumericOverflow()
	}
	r.Negative = negResult
	return numRescale(r, rscale, false), nil
}

func isIntegral(d *apd.Decimal) bool {
	if d.Exponent >= 0 {
		return true
	}
	return numRescale(d, 0, true).Cmp(d) == 0
}

// numPowerInt is PostgreSQL 15's power_var_int: the exact power rounded
// to max(16, base scale) digits.
func numPowerInt(x *apd.Decimal, e int64, _ int) (*apd.Decimal, error) {
	rscale := clampScale(numericMinSigDigits, numScale(x))
	if !x.IsZero() {
		f := float64(e) * math.Log10(math.Abs(numToFloat(x)))
		if f > 32768*4 {
			return nil, errNumericOverflow()
		}
		if f < -float64(rscale)-2 {
			return numRescale(apd.New(0, 0), rscale, false), nil
		}
		if x.Exponent < 0 && math.Abs(float64(e))*float64(numDigits(&x.Coeff)) > 20000 && f < 90000 {
			// too large to compute exactly: enough precision for the
			// result's integer digits and scale (apd's exponents stop
			// at 100000; larger results are computed exactly below)
			ctx := workCtx(int(f) + rscale + 20)
			r := new(apd.Decimal)
			if _, err := ctx.Pow(r, NumericAbs(x), apd.New(e, 0)); err == nil {
				r.Negative = x.Negative && e%2 != 0
				return numRescale(numNormalize(r), rscale, false), nil
			}
			if math.Abs(float64(e))*float64(numDigits(&x.Coeff)) > 3e6 {
				return nil, errNumericOverflow()
			}
			// fall through to the exact computation
		}
	}
	switch e {
	case 0:
		return numRescale(apd.New(1, 0), rscale, false), nil
	case 1:
		return numRescale(x, rscale, false), nil
	case -1:
		return numQuo(apd.New(1, 0), x, rscale, false), nil
	}
	neg := e < 0
	if neg {
		e = -e
	}
	r := new(apd.Decimal)
	r.Coeff.Exp(&x.Coeff, apd.NewBigInt(e), nil)
	r.Exponent = int32(int64(x.Exponent) * e)
	r.Negative = x.Negative && e%2 == 1
	numNormalize(r)
	if neg {
		if r.IsZero() {
			return nil, errDivByZero()
		}
		return numQuo(apd.New(1, 0), r, rscale, false), nil
	}
	return numRescale(r, rscale, false), nil
}
