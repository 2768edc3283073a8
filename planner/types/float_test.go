package types

import "testing"

// floatInputs are boundary cases of float4in/float8in: overflow and
// underflow after rounding, denormals, signed zeros, the spellings of
// infinity and NaN C's strtod accepts, hexadecimal input and junk.
var floatInputs = []string{
	"0", "-0", "+0", "-0.0", "1.5", "  1.5  ", "+1.5", ".5", "5.", ".", "1e", "e5", "1.5x", "--1", "1_000", "",
	"1e400", "-1e400", "1e-400", "-1e-400", "1e308", "1.7976931348623157e308", "1.7976931348623158e308",
	"1.7976931348623159e308", "1e-320", "4.9e-324", "2.5e-324", "2.4e-324", "2.2250738585072014e-308",
	"3.4028235e38", "-3.4028235e38", "3.4028236e38", "3.40282357e38", "3.4028235677973366e38", "1e39",
	"1.17549435e-38", "1e-39", "1.4e-45", "1e-45", "7.1e-46", "7e-46", "1e-46",
	"inf", "+inf", "-inf", "INF", "infinity", "+infinity", "-Infinity", "infin", "infinityx",
	"nan", "NaN", "+nan", "-nan", "NAN", "nanx", "nan(123)", "-nan(x_1)", "nan()", "nan(",
	"0x10", "0x1p3", "-0x1.8p1", "0X1P-2", "0x", "0x1p2000", "0x1p-2000",
}

// TestOracleFloatInput compares float4 and float8 input, the numeric to
// float casts (numeric_float4/8 go through the float input function) and
// float8 to float4 with PostgreSQL.
func TestOracleFloatInput(t *testing.T) {
	ev := newEvaluator()
	fails := 0
	check := func(e xexpr) {
		if !diffCase(t, ev, e) {
			if fails++; fails > 40 {
				t.Fatal("too many differences")
			}
		}
	}
	for _, typ := range []string{"real", "double precision"} {
		for _, in := range floatInputs {
			check(xlit{in, typ})
		}
		for _, n := range []string{"1e400", "1e-400", "3.4028235e38", "3.4028236e38", "1e39", "1e-46", "1.4e-45",
			"1e-320", "1.7976931348623157e308", "1.7976931348623159e308", "0.1", "16777217", "-0.000"} {
			check(xcast{xnum{n}, typ})
			check(xcast{xlit{n, "jsonb"}, typ})
		}
	}
	for _, n := range []string{"3.4028235e38", "3.4028236e38", "1e39", "1e-46", "1.4e-45", "1e-39", "-1e-50", "Infinity", "NaN"} {
		check(xcast{xlit{n, "double precision"}, "real"})
	}
}
