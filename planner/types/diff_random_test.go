package types

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Randomized differential tests: many generated values and expressions
// of the areas where exact formatting and arithmetic rules matter most.
// The seed is fixed so failures reproduce; set a new one to explore.

// randomSeed is the default seed; TYPES_DIFF_SEED picks another and
// TYPES_DIFF_SCALE multiplies the number of cases (for longer local runs).
var randomSeed = envInt("TYPES_DIFF_SEED", 20240506)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func runRandom(t *testing.T, n int, gen func(r *rand.Rand) xexpr) {
	t.Helper()
	ev := newEvaluator()
	seed := uint64(randomSeed)
	n *= envInt("TYPES_DIFF_SCALE", 1)
	t.Logf("seed %d (TYPES_DIFF_SEED)", seed)
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	fails := 0
	for i := 0; i < n; i++ {
		if !diffCase(t, ev, gen(r)) {
			if fails++; fails > 25 {
				t.Fatal("too many differences")
			}
		}
	}
}

func randNumeric(r *rand.Rand) string {
	switch r.IntN(10) {
	case 0:
		return []string{"0", "NaN", "Infinity", "-Infinity", "1", "-1", "0.5", "-0.5"}[r.IntN(8)]
	case 1:
		return strconv.Itoa(r.IntN(2000000) - 1000000)
	}
	var b strings.Builder
	if r.IntN(3) == 0 {
		b.WriteByte('-')
	}
	for i, n := 0, 1+r.IntN(12); i < n; i++ {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	if r.IntN(4) != 0 {
		b.WriteByte('.')
		for i, n := 0, 1+r.IntN(10); i < n; i++ {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
	}
	if r.IntN(8) == 0 {
		b.WriteString("e" + strconv.Itoa(r.IntN(20)-10))
	}
	return b.String()
}

func TestOracleRandomNumeric(t *testing.T) {
	ops := []string{"+", "-", "*", "/", "%", "^"}
	funcs := []string{"round", "trunc", "ceil", "floor", "abs", "sqrt", "exp", "ln", "sign", "scale"}
	runRandom(t, 600, func(r *rand.Rand) xexpr {
		a := xlit{randNumeric(r), "numeric"}
		b := xlit{randNumeric(r), "numeric"}
		switch r.IntN(6) {
		case 0:
			return xcall{funcs[r.IntN(len(funcs))], []xexpr{a}}
		case 1:
			return xcall{[]string{"round", "trunc"}[r.IntN(2)], []xexpr{a, xnum{strconv.Itoa(r.IntN(12) - 4)}}}
		case 2:
			return xcast{a, []string{"integer", "bigint", "smallint", "double precision", "real", "numeric(10,3)", "text"}[r.IntN(7)]}
		case 3:
			if r.IntN(2) == 0 {
				return xop{"^", xlit{strconv.Itoa(r.IntN(20) - 5), "numeric"}, xlit{strconv.Itoa(r.IntN(30) - 10), "numeric"}}
			}
			return xcall{"log", []xexpr{xlit{randNumeric(r), "numeric"}, b}}
		}
		return xop{ops[r.IntN(len(ops))], a, b}
	})
}

func randFloat(r *rand.Rand) float64 {
	switch r.IntN(8) {
	case 0:
		return []float64{0, math.Inf(1), math.Inf(-1), math.NaN(), 1, -1, 0.1, 1e300}[r.IntN(8)]
	case 1:
		return float64(r.IntN(100000))
	case 2:
		return math.Float64frombits(r.Uint64())
	}
	return (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(40)-20))
}

func TestOracleRandomFloat(t *testing.T) {
	ops := []string{"+", "-", "*", "/"}
	funcs := []string{"round", "trunc", "ceil", "floor", "abs", "sqrt", "cbrt", "exp", "ln", "log", "sign", "sin", "cos", "atan", "degrees"}
	lit := func(r *rand.Rand, typ string) xlit {
		f := randFloat(r)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return xlit{strconv.FormatFloat(f, 'g', -1, 64), typ}
		}
		if typ == "real" {
			return xlit{strconv.FormatFloat(float64(float32(f)), 'g', -1, 32), typ}
		}
		return xlit{strconv.FormatFloat(f, 'g', -1, 64), typ}
	}
	runRandom(t, 800, func(r *rand.Rand) xexpr {
		typ := []string{"double precision", "real"}[r.IntN(2)]
		switch r.IntN(5) {
		case 0:
			return xcall{funcs[r.IntN(len(funcs))], []xexpr{lit(r, "double precision")}}
		case 1:
			return xcast{lit(r, typ), []string{"integer", "bigint", "numeric", "real", "double precision", "text"}[r.IntN(6)]}
		case 2:
			return lit(r, typ)
		}
		return xop{ops[r.IntN(len(ops))], lit(r, typ), lit(r, []string{"double precision", "real"}[r.IntN(2)])}
	})
}

func randTimestamp(r *rand.Rand) string {
	y := 1 + r.IntN(3000)
	if r.IntN(10) == 0 {
		y = 1 + r.IntN(200000)
	}
	s := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", y, 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60))
	if r.IntN(2) == 0 {
		s += fmt.Sprintf(".%06d", r.IntN(1000000))
	}
	if r.IntN(8) == 0 {
		s += " BC"
	}
	return s
}

func randInterval(r *rand.Rand) string {
	parts := []string{}
	for _, u := range []string{"years", "mons", "days", "hours", "minutes", "seconds"} {
		if r.IntN(2) == 0 {
			parts = append(parts, fmt.Sprintf("%d %s", r.IntN(200)-60, u))
		}
	}
	if len(parts) == 0 {
		return "1 day"
	}
	return strings.Join(parts, " ")
}

func TestOracleRandomDatetime(t *testing.T) {
	zones := []string{"UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "America/Sao_Paulo"}
	units := []string{"year", "month", "day", "hour", "week", "quarter", "decade", "minute", "second", "millennium", "century"}
	fields := []string{"year", "month", "day", "hour", "minute", "second", "epoch", "dow", "doy", "week", "isoyear", "quarter", "julian", "milliseconds"}
	runRandom(t, 800, func(r *rand.Rand) xexpr {
		ts := xlit{randTimestamp(r), "timestamp"}
		tz := xlit{randTimestamp(r) + " " + zones[r.IntN(len(zones))], "timestamptz"}
		iv := xlit{randInterval(r), "interval"}
		switch r.IntN(12) {
		case 0:
			return xop{"+", ts, iv}
		case 1:
			return xop{"-", tz, iv}
		case 2:
			return xop{"-", ts, xlit{randTimestamp(r), "timestamp"}}
		case 3:
			return xcall{"date_trunc", []xexpr{xlit{units[r.IntN(len(units))], ""}, tz}}
		case 4:
			return xcall{"extract", []xexpr{xlit{fields[r.IntN(len(fields))], ""}, ts}}
		case 5:
			return xcall{"date_part", []xexpr{xlit{fields[r.IntN(len(fields))], ""}, tz}}
		case 6:
			return xcall{"timezone", []xexpr{xlit{zones[r.IntN(len(zones))], ""}, tz}}
		case 7:
			return xcast{tz, []string{"date", "timestamp", "time", "text"}[r.IntN(4)]}
		case 8:
			return xop{[]string{"*", "/"}[r.IntN(2)], iv, xnum{strconv.FormatFloat(r.Float64()*4-1, 'f', 3, 64)}}
		case 9:
			return xcall{[]string{"justify_days", "justify_hours", "justify_interval"}[r.IntN(3)], []xexpr{iv}}
		case 10:
			return xcall{"age", []xexpr{ts, xlit{randTimestamp(r), "timestamp"}}}
		}
		return xop{"+", xlit{randTimestamp(r)[:10], "date"}, xnum{strconv.Itoa(r.IntN(2000) - 1000)}}
	})
}

// TestOracleRandomDatetimeZones prints timestamptz values in other zones
// and date styles (the session settings change per subtest).
func TestOracleRandomDatetimeZones(t *testing.T) {
	for _, zone := range []string{"America/New_York", "Asia/Kathmandu", "Europe/Dublin", "Pacific/Chatham"} {
		t.Run(zone, func(t *testing.T) {
			pgExec(t, "SET timezone = '"+zone+"'")
			defer pgExec(t, "SET timezone = 'UTC'")
			ev := newEvaluator()
			ev.s.TimeZone, _ = LoadTimeZone(zone)
			r := rand.New(rand.NewPCG(uint64(randomSeed), 7))
			for i := 0; i < 150; i++ {
				var e xexpr = xlit{randTimestamp(r) + "+00", "timestamptz"}
				switch i % 4 {
				case 1:
					e = xlit{randTimestamp(r), "timestamptz"}
				case 2:
					e = xop{"+", e, xlit{randInterval(r), "interval"}}
				case 3:
					e = xcall{"date_trunc", []xexpr{xlit{"day", ""}, e}}
				}
				if !diffCase(t, ev, e) {
					return
				}
			}
		})
	}
}

// TestOracleResolution checks overload resolution with unknown literals
// and implicit casts, where PostgreSQL's candidate selection decides.
func TestOracleResolution(t *testing.T) {
	ev := newEvaluator()
	cases := []xexpr{
		xop{"||", xlit{"a", ""}, xnum{"1"}},
		xop{"||", xnum{"1"}, xlit{"a", ""}},
		xop{"||", xlit{"a", ""}, xlit{"b", ""}},
		xop{"||", rawSQL("ARRAY['a']"), xlit{"b", ""}},
		xop{"||", rawSQL("ARRAY['a']"), xlit{"{b,c}", ""}},
		xop{"||", rawSQL("ARRAY['a']"), xlit{"b", "text"}},
		xop{"||", xlit{"b", "text"}, rawSQL("ARRAY['a']")},
		xop{"||", rawSQL("ARRAY[1]"), xnum{"2"}},
		xop{"||", rawSQL("ARRAY[1]"), xnum{"2.5"}},
		xop{"||", xlit{"x", "text"}, xlit{"a", "\"char\""}},
		xop{"||", xlit{"x", "text"}, xlit{"1", "integer"}},
		xop{"+", xnum{"1"}, xlit{"2", ""}},
		xop{"+", xlit{"1", ""}, xlit{"2", ""}},
		xop{"+", xnum{"1"}, xnum{"2.5"}},
		xop{"+", xlit{"1", "smallint"}, xnum{"2"}},
		xop{"+", xlit{"1", "real"}, xnum{"2"}},
		xop{"+", xlit{"1", "real"}, xnum{"2.5"}},
		xop{"/", xnum{"7"}, xnum{"2"}},
		xop{"/", xnum{"7"}, xnum{"2.0"}},
		xop{"=", xlit{"a", ""}, xlit{"a", ""}},
		xop{"=", xnum{"1"}, xlit{"1.0", ""}},
		xop{"=", xlit{"2024-01-02", "date"}, xlit{"2024-01-02 00:00", ""}},
		xop{"<", xlit{"2024-01-02", "date"}, xlit{"2024-01-02 00:01", "timestamptz"}},
		xop{"-", xlit{"2024-01-02", "date"}, xlit{"2024-01-01", ""}},
		xop{"-", xlit{"2024-01-02", "date"}, xnum{"1"}},
		xop{"+", xlit{"2024-01-02", "date"}, xlit{"1 day", ""}},
		xop{"-", xlit{"2024-01-02 00:00", "timestamptz"}, xlit{"2024-01-01", ""}},
		xop{"@>", rawSQL("ARRAY['a','b']"), xlit{"{a}", ""}},
		xop{"@>", rawSQL("ARRAY[1,2]"), rawSQL("ARRAY[1.0]")},
		xop{"&&", xlit{"{a,b}", "text[]"}, rawSQL("ARRAY['b','c']")},
		xop{"~~", xlit{"abc", ""}, xlit{"a%", ""}},
		xop{"^@", xlit{"abc", ""}, xlit{"ab", ""}},
		xop{"^@", xlit{"abc", "text"}, xlit{"", ""}},
		xop{"^@", xlit{"ab", "varchar(3)"}, xlit{"abc", ""}},
		xop{"^@", xlit{"ab ", "char(3)"}, xlit{"ab ", "text"}},
		xop{"^@", xlit{"status:open", "name"}, xlit{"status:", ""}},
		xop{"^@", xnum{"12"}, xlit{"1", ""}},
		xop{"~~*", xlit{"ABC", "text"}, xlit{"a_c", ""}},
		xop{"~", xlit{"abc", "text"}, xlit{"^a.c$", ""}},
		xop{"-", nil, xlit{"5", ""}},
		xop{"->>", xlit{`{"a":1}`, "jsonb"}, xlit{"a", ""}},
		xop{"->", xlit{`[1,2]`, "jsonb"}, xnum{"1"}},
		xop{"?", xlit{`{"a":1}`, "jsonb"}, xlit{"a", ""}},
		xcall{"decode", []xexpr{xlit{"", ""}, xlit{"escape", ""}}},
		xcall{"decode", []xexpr{xlit{"a\\000b", ""}, xlit{"escape", ""}}},
		xcall{"decode", []xexpr{xlit{"aé", ""}, xlit{"hex", ""}}},
		xcall{"decode", []xexpr{xlit{"éa", ""}, xlit{"hex", ""}}},
		xlit{"\\xaé", "bytea"},
		xlit{"\\x0 1", "bytea"},
		xcall{"timezone", []xexpr{xlit{"1 hour", "interval"}, xlit{"infinity", "timestamptz"}}},
		xcall{"timezone", []xexpr{xlit{"1 day", "interval"}, xlit{"-infinity", "timestamp"}}},
		xcall{"timezone", []xexpr{xlit{"1 day", "interval"}, xlit{"2024-01-02", "timestamp"}}},
		xcall{"timezone", []xexpr{xlit{"Mars/Olympus", ""}, xlit{"infinity", "timestamp"}}},
		xcall{"array_remove", []xexpr{xlit{"{{1,2},{3,4}}", "int[]"}, xnum{"1"}}},
		xcall{"array_positions", []xexpr{xlit{"{{1,2},{3,4}}", "int[]"}, xnum{"1"}}},
		xcall{"length", []xexpr{xlit{"abc", ""}}},
		xcall{"length", []xexpr{xlit{"abc ", "char(5)"}}},
		xcall{"substr", []xexpr{xlit{"hello", ""}, xnum{"2"}}},
		xcall{"substr", []xexpr{xlit{"hello", ""}, xlit{"2", ""}, xlit{"2", ""}}},
		xcall{"round", []xexpr{xnum{"2.5"}}},
		xcall{"round", []xexpr{xlit{"2.5", "double precision"}}},
		xcall{"round", []xexpr{xnum{"2"}}},
		xcall{"round", []xexpr{xlit{"2.567", ""}, xnum{"2"}}},
		xcall{"abs", []xexpr{xlit{"-2", ""}}},
		xcall{"array_append", []xexpr{rawSQL("ARRAY[1,2]"), xlit{"3", ""}}},
		xcall{"array_append", []xexpr{rawSQL("ARRAY[1,2]"), xnum{"3.5"}}},
		xcall{"array_append", []xexpr{rawSQL("NULL::text[]"), xlit{"x", ""}}},
		xcall{"array_position", []xexpr{rawSQL("ARRAY['a','b']"), xlit{"b", ""}}},
		xcall{"array_length", []xexpr{xlit{"{1,2}", ""}, xnum{"1"}}},
		xcall{"array_cat", []xexpr{xlit{"{1,2}", ""}, xlit{"{3}", ""}}},
		xcall{"concat", []xexpr{xlit{"a", ""}, xnum{"1"}, rawSQL("NULL"), xlit{"2024-01-02", "date"}}},
		xcall{"concat_ws", []xexpr{xlit{",", ""}, xlit{"a", ""}, rawSQL("NULL"), xnum{"2.50"}}},
		xcall{"format", []xexpr{xlit{"%s-%s", ""}, xnum{"1"}, xlit{"x", ""}}},
		xcall{"coalesce_is_not_a_function", []xexpr{xnum{"1"}}},
		xcall{"lower", []xexpr{xnum{"1"}}},
		xcall{"upper", []xexpr{xlit{"abc", "varchar(5)"}}},
		xcall{"to_jsonb", []xexpr{xlit{"x", ""}}},
		xcall{"to_jsonb", []xexpr{xlit{"x", "text"}}},
		xcall{"jsonb_build_object", []xexpr{xlit{"a", ""}, xnum{"1"}, xlit{"b", ""}, rawSQL("NULL")}},
		xcall{"make_interval", []xexpr{xnum{"1"}, xnum{"2"}}},
		xcall{"date_trunc", []xexpr{xlit{"month", ""}, xlit{"2024-05-06 07:08", ""}}},
		xcall{"date_part", []xexpr{xlit{"year", ""}, xlit{"2024-05-06", "date"}}},
		xcall{"generate_series_is_srf", []xexpr{xnum{"1"}}},
		xcall{"has_tag_like", []xexpr{xlit{"{status:open,type:task}", ""}, xlit{"status:%", ""}}},
		xcall{"tag_value", []xexpr{xlit{"{status:open,type:task,status:x}", "text[]"}, xlit{"status", ""}}},
		xcall{"tag_value", []xexpr{xlit{"{status:,type:task}", "text[]"}, xlit{"status", ""}}},
		xcall{"tag_value", []xexpr{xlit{"{ä:ö,type:task}", "text[]"}, xlit{"ä", ""}}},
		xcall{"pg_typeof", []xexpr{xnum{"1.5"}}},
		xcall{"pg_typeof", []xexpr{xlit{"x", ""}}},
		xcall{"num_nulls", []xexpr{xnum{"1"}, rawSQL("NULL"), rawSQL("NULL")}},
		xcall{"width_bucket", []xexpr{xnum{"5"}, xnum{"0"}, xnum{"10"}, xnum{"4"}}},
		xcall{"left", []xexpr{xlit{"abc", "varchar(3)"}, xnum{"2"}}},
		xcall{"gcd", []xexpr{xnum{"12"}, xnum{"18"}}},
		xcall{"mod", []xexpr{xnum{"-7"}, xnum{"3"}}},
		xcall{"div", []xexpr{xnum{"7.5"}, xnum{"2"}}},
		xcall{"power", []xexpr{xnum{"2"}, xnum{"10"}}},
		xcall{"power", []xexpr{xnum{"2.0"}, xnum{"10"}}},
		xcall{"sqrt", []xexpr{xnum{"2"}}},
		xcall{"log", []xexpr{xnum{"8"}}},
		xcall{"log", []xexpr{xnum{"2"}, xnum{"8"}}},
		xcall{"exp", []xexpr{xnum{"1"}}},
		xcall{"ln", []xexpr{xnum{"10"}}},
	}
	for _, c := range cases {
		diffCase(t, ev, c)
	}
}
