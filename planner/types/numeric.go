package types

import (
	"math"
	"strconv"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// Numeric values are *apd.Decimal with PostgreSQL's display scale kept in
// the exponent: dscale = -Exponent (never a positive exponent), so 1.50
// is coefficient 150, exponent -2, and prints as "1.50". NaN and the
// infinities use apd's forms. Decimals are never mutated after they are
// built; every operation allocates its result.

const (
	numericMaxDisplayScale = 1000 // NUMERIC_MAX_DISPLAY_SCALE
	numericMinSigDigits    = 16   // NUMERIC_MIN_SIG_DIGITS
	numericMaxResultScale  = 2000 // NUMERIC_MAX_RESULT_SCALE
)

// exactCtx does exact add/sub/mul (precision 0 disables rounding).
var exactCtx = &apd.Context{
	Precision:   0,
	MaxExponent: apd.MaxExponent,
	MinExponent: apd.MinExponent,
	Traps:       apd.InvalidOperation,
	Rounding:    apd.RoundHalfUp,
}

func numNaN() *apd.Decimal    { return &apd.Decimal{Form: apd.NaN} }
func numPosInf() *apd.Decimal { return &apd.Decimal{Form: apd.Infinite} }
func numNegInf() *apd.Decimal { return &apd.Decimal{Form: apd.Infinite, Negative: true} }

// NumericFromInt returns n as a numeric with scale 0.
func NumericFromInt(n int64) *apd.Decimal { return apd.New(n, 0) }

// NumericFromString parses a numeric literal (PostgreSQL's numeric_in).
func NumericFromString(s string) (*apd.Decimal, error) { return parseNumeric(s) }

// numScale returns the display scale of a finite numeric.
func numScale(d *apd.Decimal) int {
	if d.Exponent < 0 {
		return int(-d.Exponent)
	}
	return 0
}

var bigTen = apd.NewBigInt(10)

func pow10Big(n int) *apd.BigInt {
	if n < 19 {
		return apd.NewBigInt(int64(math.Pow10(n)))
	}
	var r apd.BigInt
	r.Exp(bigTen, apd.NewBigInt(int64(n)), nil)
	return &r
}

// numNormalize makes the exponent non-positive and clears the sign of
// zero, in place (d must be freshly built).
func numNormalize(d *apd.Decimal) *apd.Decimal {
	if d.Form != apd.Finite {
		if d.Form == apd.NaNSignaling {
			d.Form = apd.NaN
		}
		if d.Form == apd.NaN {
			d.Negative = false
		}
		return d
	}
	if d.Exponent > 0 {
		d.Coeff.Mul(&d.Coeff, pow10Big(int(d.Exponent)))
		d.Exponent = 0
	}
	if d.Coeff.Sign() == 0 {
		d.Negative = false
	}
	return d
}

// numRescale returns d rounded (half away from zero) or truncated to scale
// fractional digits; a negative scale rounds to tens, hundreds...; the
// result's display scale is max(scale, 0).
func numRescale(d *apd.Decimal, scale int, truncate bool) *apd.Decimal {
	if d.Form != apd.Finite {
		return d
	}
	r := new(apd.Decimal)
	r.Negative = d.Negative
	te := int32(-scale)
	if d.Exponent >= te {
		r.Coeff.Mul(&d.Coeff, pow10Big(int(d.Exponent-te)))
		r.Exponent = te
		return numNormalize(r)
	}
	div := pow10Big(int(te - d.Exponent))
	var rem apd.BigInt
	r.Coeff.QuoRem(&d.Coeff, div, &rem)
	if !truncate {
		rem.Mul(&rem, apd.NewBigInt(2))
		if rem.Cmp(div) >= 0 {
			r.Coeff.Add(&r.Coeff, apd.NewBigInt(1))
		}
	}
	r.Exponent = te
	return numNormalize(r)
}

// typmod helpers: numeric(p,s) is ((p << 16) | (s & 0x7ff)) + 4.

// NumericTypmod returns the typmod of numeric(precision, scale).
func NumericTypmod(precision, scale int) int32 {
	return int32(precision<<16|(scale&0x7ff)) + 4
}

func numericTypmodParts(typmod int32) (precision, scale int) {
	t := typmod - 4
	precision = int(t>>16) & 0xffff
	scale = int(t & 0x7ff)
	if scale&0x400 != 0 {
		scale -= 0x800
	}
	return
}

func applyNumericTypmod(d *apd.Decimal, typmod int32) (Datum, error) {
	if typmod < 4 || d.Form == apd.NaN {
		return d, nil
	}
	prec, scale := numericTypmodParts(typmod)
	if d.Form == apd.Infinite {
		return nil, pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow").
			WithDetail("A field with precision %d, scale %d cannot hold an infinite value.", prec, scale)
	}
	r := numRescale(d, scale, false)
	maxDigits := prec - scale
	if r.Coeff.Sign() != 0 {
		intDigits := numDigits(&r.Coeff) + int(r.Exponent)
		if intDigits > maxDigits {
			e := pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow")
			if maxDigits > 0 {
				return nil, e.WithDetail("A field with precision %d, scale %d must round to an absolute value less than 10^%d.", prec, scale, maxDigits)
			}
			return nil, e.WithDetail("A field with precision %d, scale %d must round to an absolute value less than 1.", prec, scale)
		}
	}
	return r, nil
}

// numDigits returns the number of decimal digits of a non-zero coefficient.
func numDigits(b *apd.BigInt) int {
	var buf [64]byte
	s := b.Append(buf[:0], 10)
	n := len(s)
	if n > 0 && s[0] == '-' {
		n--
	}
	return n
}

// ---- arithmetic with PostgreSQL's scale rules ----

func numSpecialAddSub(x, y *apd.Decimal, sub bool) (*apd.Decimal, bool) {
	if x.Form == apd.Finite && y.Form == apd.Finite {
		return nil, false
	}
	if x.Form == apd.NaN || y.Form == apd.NaN {
		return numNaN(), true
	}
	yneg := y.Negative
	if sub {
		yneg = !yneg
	}
	if x.Form == apd.Infinite && y.Form == apd.Infinite {
		if x.Negative != yneg {
			return numNaN(), true
		}
		return x, true
	}
	if x.Form == apd.Infinite {
		return x, true
	}
	return &apd.Decimal{Form: apd.Infinite, Negative: yneg}, true
}

// NumericAdd returns x + y with scale max(sx, sy).
func NumericAdd(x, y *apd.Decimal) (*apd.Decimal, error) { return numAddSub(x, y, false) }

// NumericSub returns x - y.
func NumericSub(x, y *apd.Decimal) (*apd.Decimal, error) { return numAddSub(x, y, true) }

func numAddSub(x, y *apd.Decimal, sub bool) (*apd.Decimal, error) {
	if r, ok := numSpecialAddSub(x, y, sub); ok {
		return r, nil
	}
	r := new(apd.Decimal)
	var err error
	if sub {
		_, err = exactCtx.Sub(r, x, y)
	} else {
		_, err = exactCtx.Add(r, x, y)
	}
	if err != nil {
		return nil, errNumericOverflow()
	}
	return numNormalize(r), nil
}

// NumericMul returns x * y with scale sx + sy.
func NumericMul(x, y *apd.Decimal) (*apd.Decimal, error) {
	if x.Form != apd.Finite || y.Form != apd.Finite {
		if x.Form == apd.NaN || y.Form == apd.NaN {
			return numNaN(), nil
		}
		// Inf * 0 is NaN; otherwise the sign of the product.
		if (x.Form == apd.Finite && x.IsZero()) || (y.Form == apd.Finite && y.IsZero()) {
			return numNaN(), nil
		}
		return &apd.Decimal{Form: apd.Infinite, Negative: x.Negative != y.Negative}, nil
	}
	r := new(apd.Decimal)
	if _, err := exactCtx.Mul(r, x, y); err != nil {
		return nil, errNumericOverflow()
	}
	if numScale(r) > numericMaxResultScale*8 {
		return nil, errNumericOverflow()
	}
	return numNormalize(r), nil
}

func errNumericOverflow() error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
}

// nbaseWeight returns PostgreSQL's base-10000 weight and first base-10000
// digit of a finite numeric (0, 0 for zero).
func nbaseWeight(d *apd.Decimal) (weight int, first int) {
	if d.Coeff.Sign() == 0 {
		return 0, 0
	}
	var buf [64]byte
	s := d.Coeff.Append(buf[:0], 10)
	p := len(s) - 1 + int(d.Exponent) // power of ten of the leading digit
	weight = floorDiv(p, 4)
	n := p - 4*weight + 1 // digits of the leading base-10000 digit present
	for i := 0; i < n; i++ {
		first *= 10
		if i < len(s) {
			first += int(s[i] - '0')
		}
	}
	return weight, first
}

// numDivScale is select_div_scale: enough digits for 16 significant digits,
// at least the scale of either input, at most 1000.
func numDivScale(x, y *apd.Decimal) int {
	w1, f1 := nbaseWeight(x)
	w2, f2 := nbaseWeight(y)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := numericMinSigDigits - qweight*4
	rscale = max(rscale, numScale(x), numScale(y), 0)
	return min(rscale, numericMaxDisplayScale)
}

// numQuo returns x / y rounded (or truncated) to scale digits.
func numQuo(x, y *apd.Decimal, scale int, truncate bool) *apd.Decimal {
	// x/y * 10^scale = cx * 10^(ex - ey + scale) / cy
	num := new(apd.BigInt).Set(&x.Coeff)
	den := new(apd.BigInt).Set(&y.Coeff)
	shift := int(x.Exponent) - int(y.Exponent) + scale
	if shift >= 0 {
		num.Mul(num, pow10Big(shift))
	} else {
		den.Mul(den, pow10Big(-shift))
	}
	r := new(apd.Decimal)
	var rem apd.BigInt
	r.Coeff.QuoRem(num, den, &rem)
	if !truncate {
		rem.Mul(&rem, apd.NewBigInt(2))
		if rem.CmpAbs(den) >= 0 {
			r.Coeff.Add(&r.Coeff, apd.NewBigInt(1))
		}
	}
	r.Exponent = int32(-scale)
	r.Negative = x.Negative != y.Negative
	return numNormalize(r)
}

// NumericDiv returns x / y with select_div_scale's result scale.
func NumericDiv(x, y *apd.Decimal) (*apd.Decimal, error) {
	if r, special, err := numDivSpecial(x, y); special {
		return r, err
	}
	return numQuo(x, y, numDivScale(x, y), false), nil
}

// NumericDivTrunc is div(x, y): the truncated integer quotient.
func NumericDivTrunc(x, y *apd.Decimal) (*apd.Decimal, error) {
	if r, special, err := numDivSpecial(x, y); special {
		return r, err
	}
	return numQuo(x, y, 0, true), nil
}

// numDivSpecial answers a division with a NaN or infinite operand or a
// zero divisor (special is false otherwise): NaN in, NaN out; infinity
// over infinity is NaN; infinity over a finite value is a signed infinity;
// a finite value over infinity is 0.
func numDivSpecial(x, y *apd.Decimal) (r *apd.Decimal, special bool, err error) {
	if x.Form == apd.Finite && y.Form == apd.Finite {
		if y.IsZero() {
			return nil, true, errDivByZero()
		}
		return nil, false, nil
	}
	switch {
	case x.Form == apd.NaN || y.Form == apd.NaN:
		return numNaN(), true, nil
	case x.Form == apd.Infinite && y.Form == apd.Infinite:
		return numNaN(), true, nil
	case x.Form == apd.Infinite && y.IsZero():
		return nil, true, errDivByZero()
	case x.Form == apd.Infinite:
		return &apd.Decimal{Form: apd.Infinite, Negative: x.Negative != y.Negative}, true, nil
	}
	return apd.New(0, 0), true, nil
}

// NumericMod returns x % y (sign of x), scale max(sx, sy).
func NumericMod(x, y *apd.Decimal) (*apd.Decimal, error) {
	if x.Form != apd.Finite || y.Form != apd.Finite {
		if x.Form == apd.NaN || y.Form == apd.NaN {
			return numNaN(), nil
		}
		if x.Form == apd.Infinite {
			if y.Form == apd.Finite && y.IsZero() {
				return nil, errDivByZero()
			}
			return numNaN(), nil
		}
		return x, nil // finite % inf = x
	}
	if y.IsZero() {
		return nil, errDivByZero()
	}
	q := numQuo(x, y, 0, true)
	p, err := NumericMul(q, y)
	if err != nil {
		return nil, err
	}
	return NumericSub(x, p)
}

// NumericNeg returns -x.
func NumericNeg(x *apd.Decimal) *apd.Decimal {
	if x.Form == apd.NaN {
		return x
	}
	r := new(apd.Decimal)
	r.Set(x)
	r.Negative = !x.Negative
	return numNormalize(r)
}

// NumericAbs returns |x|.
func NumericAbs(x *apd.Decimal) *apd.Decimal {
	if !x.Negative {
		return x
	}
	return NumericNeg(x)
}

// CompareNumeric orders numerics as PostgreSQL does: -Infinity < finite
// values < Infinity < NaN, and NaN equals NaN.
func CompareNumeric(x, y *apd.Decimal) int {
	isNaN := func(d *apd.Decimal) bool { return d.Form == apd.NaN || d.Form == apd.NaNSignaling }
	if c, ok := nanOrder(isNaN(x), isNaN(y)); ok {
		return c
	}
	return x.Cmp(y)
}

// numericToFloat converts like PostgreSQL's numeric_float8 (correctly
// rounded).
func numericToFloat(d *apd.Decimal) float64 {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return math.NaN()
	case apd.Infinite:
		if d.Negative {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	f, err := strconv.ParseFloat(d.Text('E'), 64)
	if err != nil {
		return f // ±Inf on overflow; callers check
	}
	return f
}

// numericToFloatIn converts like PostgreSQL's numeric_float8 and
// numeric_float4 (bits 64 or 32): numeric's text output read by the float
// input function, so the value rounds once to the target type and a value
// that overflows or underflows it fails with 22003, quoting that text.
func numericToFloatIn(d *apd.Decimal, bits int) (float64, error) {
	if d.Form != apd.Finite {
		return numericToFloat(d), nil
	}
	f, err := parseFloat(string(appendNumeric(nil, d)), bits)
	if err != nil {
		return 0, err
	}
	return f.(float64), nil
}

// floatToNumeric converts like float8_numeric: through %.15g (float4: %.6g).
func floatToNumeric(f float64, bits int) (*apd.Decimal, error) {
	switch {
	case math.IsNaN(f):
		return numNaN(), nil
	case math.IsInf(f, 1):
		return numPosInf(), nil
	case math.IsInf(f, -1):
		return numNegInf(), nil
	}
	p := 15
	if bits == 32 {
		p = 6
	}
	return parseNumeric(strconv.FormatFloat(f, 'g', p, 64))
}

// numericToInt rounds half away from zero and range-checks.
func numericToInt(d *apd.Decimal, bits int) (int64, error) {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return 0, pgerr.New(pgerr.FeatureNotSupported, "cannot convert NaN to "+intTypeName(bits))
	case apd.Infinite:
		return 0, pgerr.New(pgerr.FeatureNotSupported, "cannot convert infinity to "+intTypeName(bits))
	}
	r := numRescale(d, 0, false)
	if !r.Coeff.IsInt64() {
		return 0, intRangeErr(bits)
	}
	v := r.Coeff.Int64()
	if r.Negative {
		v = -v
	}
	if !intFits(v, bits) {
		return 0, intRangeErr(bits)
	}
	return v, nil
}

func intTypeName(bits int) string {
	switch bits {
	case 16:
		return "smallint"
	case 32:
		return "integer"
	}
	return "bigint"
}

func intRangeErr(bits int) error {
	switch bits {
	case 16:
		return errInt2OutOfRange()
	case 32:
		return errIntOutOfRange()
	}
	return errInt8OutOfRange()
}

func intFits(v int64, bits int) bool {
	switch bits {
	case 16:
		return v >= math.MinInt16 && v <= math.MaxInt16
	case 32:
		return v >= math.MinInt32 && v <= math.MaxInt32
	}
	return true
}
