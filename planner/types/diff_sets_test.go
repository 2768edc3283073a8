package types

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// evalSRF runs a set-returning call and renders each row as PostgreSQL
// prints "SELECT f FROM f(...) f": the value for one column, the record
// text for several.
func (ev *evaluator) evalSRF(name string, args []xexpr) ([]string, error) {
	var vals []Datum
	var types []Type
	for _, a := range args {
		v, t, err := ev.eval(a)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
		types = append(types, t)
	}
	call, err := ResolveFunc(name, types)
	if err != nil {
		return nil, err
	}
	for i := range vals {
		if vals[i], err = ev.coerceArg(vals[i], types[i], call.ArgTypes[i]); err != nil {
			return nil, err
		}
	}
	rows, err := call.EvalSRF(ev.ctx, vals)
	if err != nil {
		return nil, err
	}
	var out []string
	for {
		row, ok, err := rows()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		if len(call.Func.Columns) > 1 {
			rec := &Record{Values: append([]Datum(nil), row...)}
			for _, c := range call.Func.Columns {
				rec.Types = append(rec.Types, c.Type)
			}
			out = append(out, string(appendRecord(nil, rec, ev.s)))
			continue
		}
		if row[0] == nil {
			out = append(out, "NULL")
		} else {
			out = append(out, string(AppendText(nil, row[0], call.Type, ev.s)))
		}
	}
}

func TestOracleSetReturning(t *testing.T) {
	ev := newEvaluator()
	cases := []xcall{
		{"unnest", []xexpr{xlit{"{a,NULL,c}", "text[]"}}},
		{"unnest", []xexpr{xlit{"{{1,2},{3,4}}", "int[]"}}},
		{"unnest", []xexpr{xlit{"{}", "int[]"}}},
		{"generate_series", []xexpr{xnum{"1"}, xnum{"5"}}},
		{"generate_series", []xexpr{xnum{"10"}, xnum{"1"}, xnum{"-3"}}},
		{"generate_series", []xexpr{xnum{"1"}, xnum{"5"}, xnum{"0"}}},
		{"generate_series", []xexpr{xnum{"1.5"}, xnum{"3"}, xnum{"0.5"}}},
		{"generate_series", []xexpr{xnum{"1"}, xnum{"2"}, xnum{"0.25"}}},
		{"generate_series", []xexpr{xlit{"9223372036854775806", "bigint"}, xlit{"9223372036854775807", "bigint"}}},
		{"generate_series", []xexpr{xlit{"2024-01-30", "timestamp"}, xlit{"2024-06-01", "timestamp"}, xlit{"1 month", "interval"}}},
		{"generate_series", []xexpr{xlit{"2024-03-09 12:00 America/New_York", "timestamptz"}, xlit{"2024-03-12", "timestamptz"}, xlit{"1 day", "interval"}}},
		{"regexp_matches", []xexpr{xlit{"a1b22c333", "text"}, xlit{"[0-9]+", "text"}, xlit{"g", "text"}}},
		{"regexp_matches", []xexpr{xlit{"foo bar", "text"}, xlit{"(o)(x)?", "text"}, xlit{"g", "text"}}},
		{"regexp_split_to_table", []xexpr{xlit{"a, b,c", "text"}, xlit{",\\s*", "text"}}},
		{"string_to_table", []xexpr{xlit{"a|b||c", "text"}, xlit{"|", "text"}}},
		{"string_to_table", []xexpr{xlit{"a|b||c", "text"}, xlit{"|", "text"}, xlit{"", "text"}}},
		{"jsonb_array_elements", []xexpr{xlit{`[1, "a", null, {"b": [2]}]`, "jsonb"}}},
		{"jsonb_array_elements_text", []xexpr{xlit{`[1, "a", null, {"b": [2]}]`, "jsonb"}}},
		{"jsonb_array_elements", []xexpr{xlit{`{"a": 1}`, "jsonb"}}},
		{"jsonb_object_keys", []xexpr{xlit{`{"bb": 1, "a": 2, "ccc": {"d": 3}}`, "jsonb"}}},
		{"jsonb_object_keys", []xexpr{xlit{`[1]`, "jsonb"}}},
		{"jsonb_each", []xexpr{xlit{`{"a": 1, "b": "x y", "c": null}`, "jsonb"}}},
		{"jsonb_each_text", []xexpr{xlit{`{"a": 1, "b": "x y", "c": null}`, "jsonb"}}},
		{"generate_subscripts", []xexpr{xlit{"[0:2]={a,b,c}", "text[]"}, xnum{"1"}}},
		{"json_array_elements", []xexpr{xlit{`[1,  "a" , null, {"b" : [2]}]`, "json"}}},
		{"json_array_elements_text", []xexpr{xlit{`[1, "a\"b", null]`, "json"}}},
		{"json_object_keys", []xexpr{xlit{`{"b": 1, "a": 2, "b": 3}`, "json"}}},
		{"json_each", []xexpr{xlit{`{"a": 1, "b": "x y", "c": null}`, "json"}}},
		{"json_each_text", []xexpr{xlit{`{"a": 1, "b": "x y", "c": null}`, "json"}}},
	}
	for _, c := range cases {
		sql := "SELECT f FROM " + c.sql() + " f"
		var want []string
		res := pgQuery(t, sql, false)
		for _, v := range res.rows {
			if v == nil {
				want = append(want, "NULL")
			} else {
				want = append(want, *v)
			}
		}
		wantS := strings.Join(want, " | ")
		if res.code != "" {
			wantS = fmt.Sprintf("ERROR %s: %s", res.code, res.msg)
		}
		got, err := ev.evalSRF(c.name, c.args)
		gotS := strings.Join(got, " | ")
		if err != nil {
			pe := pgerrFlatten(err)
			gotS = fmt.Sprintf("ERROR %s: %s", pe.Code, pe.Message)
		}
		if gotS != wantS {
			t.Errorf("%s\n  postgres: %s\n  ours:     %s", sql, wantS, gotS)
		}
	}
}

func showRow(r *string) string {
	if r == nil {
		return "NULL"
	}
	return *r
}

// aggInputs are columns of values (SQL literals of one type) for
// aggregate tests.
var aggInputs = []struct {
	typ  string
	vals []string
}{
	{"integer", []string{"1", "2", "NULL", "4", "-7"}},
	{"bigint", []string{"9223372036854775807", "1", "NULL"}},
	{"smallint", []string{"3", "4"}},
	{"numeric", []string{"1.5", "2.25", "NULL", "-0.125", "10"}},
	{"numeric", []string{"1", "2", "2"}},
	{"double precision", []string{"1.5", "NaN", "2"}},
	{"real", []string{"0.1", "0.2", "0.3"}},
	{"interval", []string{"1 day", "2 hours", "1 mon"}},
	{"text", []string{"b", "a", "NULL", "c"}},
	{"timestamptz", []string{"2024-01-02", "2023-05-06 07:08+02", "NULL"}},
	{"date", []string{"2024-01-02", "infinity"}},
	{"boolean", []string{"true", "false", "NULL"}},
	{"boolean", []string{"true", "true"}},
	{"text[]", []string{"{a,b}", "{c}", "{}"}},
	{"integer[]", []string{"{1,2}", "{3,4}"}},
	{"integer", []string{"NULL", "NULL"}},
	{"integer", nil},
	{"jsonb", []string{`{"a": 1}`, "[1]", "NULL"}},
	{"bytea", []string{`\x01`, `\x0203`}},
	{"numeric", []string{"1.5", "2.25", "NaN"}},
	{"numeric", []string{"Infinity", "1"}},
	{"numeric", []string{"-Infinity"}},
	{"numeric", []string{"0.1"}},
	{"numeric", []string{"1e-20", "3.00000000000000000001", "12345678901234567890.5", "-7"}},
	{"numeric", []string{"2", "2.000"}},
	{"numeric", []string{"2.000", "2", "1.0", "1"}},
	{"double precision", []string{"0", "-0"}},
	{"interval", []string{"1 mon", "30 days", "720 hours"}},
	{"character(3)", []string{"a", "a  ", "b", "b "}},
	{"character varying", []string{"a", "a"}},
	{"double precision", []string{"1e200", "-1e200"}},
	{"double precision", []string{"Infinity", "1"}},
	{"double precision", []string{"1.5"}},
	{"double precision", []string{"0.1", "0.2", "0.3", "1e-5", "12345.678"}},
	{"real", []string{"1e30", "2e30", "3"}},
	{"bigint", []string{"9223372036854775807", "9223372036854775807", "-9223372036854775808"}},
	{"integer", []string{"1", "1", "1"}},
	{"smallint", []string{"-32768", "32767", "0", "5"}},
}

func TestOracleAggregates(t *testing.T) {
	ev := newEvaluator()
	for _, in := range aggInputs {
		tt, err := parseTestType(in.typ)
		if err != nil {
			t.Fatal(err)
		}
		var values []string
		var datums []Datum
		for _, v := range in.vals {
			if v == "NULL" {
				values = append(values, "(NULL::"+in.typ+")")
				datums = append(datums, nil)
				continue
			}
			values = append(values, "("+sqlQuote(v)+"::"+in.typ+")")
			d, err := ParseText(v, tt, ev.s)
			if err != nil {
				t.Fatal(err)
			}
			datums = append(datums, d)
		}
		from := "(VALUES " + strings.Join(values, ", ") + ") t(x)"
		if len(values) == 0 {
			from = "(SELECT NULL::" + in.typ + " AS x WHERE false) t"
		}
		for _, agg := range []string{"count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every", "array_agg", "string_agg", "jsonb_agg", "json_agg",
			"var_pop", "var_samp", "variance", "stddev_pop", "stddev_samp", "stddev"} {
			args := []Type{tt}
			sqlArgs := "x"
			if agg == "string_agg" {
				if in.typ == "bytea" {
					args = append(args, tt)
				} else {
					args = append(args, Of(UnknownOID))
				}
				sep := "','"
				if in.typ == "bytea" {
					sep = `'\xff'::bytea`
				}
				sqlArgs = "x, " + sep
			}
			call, err := ResolveAggregate(agg, args)
			sql := fmt.Sprintf("SELECT %s(%s) FROM %s", agg, sqlArgs, from)
			want := pgQuery(t, sql, false)
			var got string
			if err != nil {
				pe := pgerrFlatten(err)
				got = fmt.Sprintf("ERROR %s: %s", pe.Code, pe.Message)
			} else {
				st := call.New()
				for _, d := range datums {
					if d, err = ev.coerceArg(d, tt, call.ArgTypes[0]); err != nil {
						break
					}
					row := []Datum{d}
					if agg == "string_agg" {
						sep, _ := ParseText(",", call.ArgTypes[1], ev.s)
						if in.typ == "bytea" {
							sep = []byte{0xff}
						}
						row = append(row, sep)
					}
					if call.Agg.Strict && d == nil {
						continue
					}
					if err = st.Add(ev.ctx, row); err != nil {
						break
					}
				}
				var v Datum
				if err == nil {
					v, err = st.Result(ev.ctx)
				}
				switch {
				case err != nil:
					pe := pgerrFlatten(err)
					got = fmt.Sprintf("ERROR %s: %s", pe.Code, pe.Message)
				case v == nil:
					got = TypeName(call.Type.OID) + " NULL"
				default:
					got = TypeName(call.Type.OID) + " " + fmt.Sprintf("%q", string(AppendText(nil, v, call.Type, ev.s)))
				}
			}
			if got != want.String() {
				t.Errorf("%s\n  postgres: %s\n  ours:     %s", sql, want.String(), got)
			}
		}
	}
}

// TestOracleOrdering checks that PostgreSQL's ORDER BY order is
// non-decreasing under Compare and that AppendKey agrees with Compare.
func TestOracleOrdering(t *testing.T) {
	ev := newEvaluator()
	for _, typ := range sortedTypes() {
		tt, err := parseTestType(typ)
		if err != nil {
			continue
		}
		var values []string
		for _, v := range typeSamples[typ] {
			if _, err := ParseText(v, Type{OID: tt.OID, Typmod: -1}, ev.s); err == nil {
				values = append(values, "("+sqlQuote(v)+"::"+typ+")")
			}
		}
		values = append(values, "(NULL::"+typ+")")
		if len(values) < 3 {
			continue
		}
		// json has no ordering; skip types without a btree opclass
		if tt.OID == JSONOID || tt.OID == JSONArrayOID || tt.OID == XIDOID {
			continue
		}
		sql := "SELECT x::text AS v FROM (VALUES " + strings.Join(values, ", ") + ") t(x) ORDER BY t.x"
		res := pgQuery(t, sql, false)
		if res.code != "" {
			continue // no ordering operator for this type
		}
		var ds []Datum
		for _, r := range res.rows {
			if r == nil {
				ds = append(ds, nil)
				continue
			}
			d, err := Cast(*r, Of(UnknownOID), Type{OID: tt.OID, Typmod: -1}, ev.s)
			if err != nil {
				t.Fatalf("%s: reparse %q: %v", typ, *r, err)
			}
			ds = append(ds, d)
		}
		for i := 1; i < len(ds); i++ {
			if Compare(ds[i-1], ds[i], tt) > 0 {
				t.Errorf("%s: postgres orders %s before %s, Compare disagrees", typ, showRow(res.rows[i-1]), showRow(res.rows[i]))
			}
		}
		for i := range ds {
			for j := range ds {
				eq := Compare(ds[i], ds[j], tt) == 0
				keq := string(AppendKey(nil, ds[i], tt)) == string(AppendKey(nil, ds[j], tt))
				if eq != keq || (eq && ds[i] != nil && ds[j] != nil && Hash(ds[i], tt) != Hash(ds[j], tt)) {
					t.Errorf("%s: Compare and AppendKey/Hash disagree on %s and %s", typ, showRow(res.rows[i]), showRow(res.rows[j]))
				}
			}
		}
	}
	sort.Strings(nil)
}

func TestOracleToChar(t *testing.T) {
	ev := newEvaluator()
	tsTemplates := []string{
		"YYYY-MM-DD HH24:MI:SS", "YYYY-MM-DD\"T\"HH24:MI:SS.MS", "DD Mon YYYY", "Day, DD Month YYYY", "FMDay, FMDD FMMonth YYYY",
		"HH12:MI AM", "hh:mi pm", "YYYY-MM-DD HH24:MI:SS.US TZ", "IYYY-IW-ID", "DDD J Q WW W D", "Y,YYY YYY YY Y",
		"CC BC", "DDth Mon", "FMDDth", "RM rm", "MONTH month Month", "DY dy Dy", "SSSS FF3 FF6", "OF TZH:TZM",
		"YYYY\\-MM", "\"Quarter\" Q",
	}
	values := []xexpr{
		xlit{"2024-01-02 03:04:05.678", "timestamp"}, xlit{"2024-07-22 15:30:00 America/New_York", "timestamptz"},
		xlit{"0044-03-15 12:00 BC", "timestamp"}, xlit{"2023-12-31 23:59:59.999999+05:30", "timestamptz"},
		xlit{"2021-01-03 00:00", "timestamp"},
	}
	for _, tmpl := range tsTemplates {
		for _, v := range values {
			diffCase(t, ev, xcall{"to_char", []xexpr{v, xlit{tmpl, ""}}})
		}
	}
	for _, tmpl := range []string{"HH24:MI:SS", "DD \"days\" HH24:MI", "YYYY-MM-DD"} {
		diffCase(t, ev, xcall{"to_char", []xexpr{xlit{"1 year 2 mons 3 days 04:05:06", "interval"}, xlit{tmpl, ""}}})
		diffCase(t, ev, xcall{"to_char", []xexpr{xlit{"100 hours 7 minutes", "interval"}, xlit{tmpl, ""}}})
	}
	numTemplates := []string{"999", "FM999", "9,999.99", "9G999D99", "0.99", "9.99", "S999", "999MI", "999PL", "999PR",
		"000", "FM9,999,999.00", "FM9.9", "9", "FM9", "FM00", "9.9", "999.999", "FM999.999", "9 9 9", "SG999", "\"n=\"999"}
	nums := []xexpr{xnum{"12"}, xnum{"-12"}, xnum{"1234.5"}, xnum{"0.5"}, xnum{"0"}, xnum{"12345"}, xnum{"-0.1"},
		xnum{"1.5"}, xlit{"1.5", "double precision"}, xlit{"-7", "bigint"}, xlit{"NaN", "numeric"}}
	for _, tmpl := range numTemplates {
		for _, v := range nums {
			diffCase(t, ev, xcall{"to_char", []xexpr{v, xlit{tmpl, ""}}})
		}
	}
}

func TestOracleFromChar(t *testing.T) {
	ev := newEvaluator()
	cases := [][2]string{
		{"2024-01-02 03:04:05", "YYYY-MM-DD HH24:MI:SS"}, {"02 Jan 2024", "DD Mon YYYY"}, {"2024/1/2", "YYYY-MM-DD"},
		{"2024-01-02 03:04:05.678 PM", "YYYY-MM-DD HH:MI:SS.MS AM"}, {"20240102", "YYYYMMDD"}, {"x2024", "YYYY"},
		{"2024-13-01", "YYYY-MM-DD"}, {"2024-01-02 03:04 +05:30", "YYYY-MM-DD HH24:MI TZH:TZM"},
		{"January 5, 2024", "Month DD, YYYY"}, {"5", "SS"}, {"2024", "YYYY"}, {"24-01-02", "YY-MM-DD"},
		{"2024-01-02T03:04:05", "YYYY-MM-DD\"T\"HH24:MI:SS"}, {"12:30 am", "HH12:MI am"}, {"13:00 PM", "HH:MI PM"},
		{"2024-02-30", "YYYY-MM-DD"}, {"Tue 02 Jan 2024", "Dy DD Mon YYYY"}, {"2024 032", "YYYY DDD"},
		{"1,234", "Y,YYY"}, {"2024-01-02 03:04:05.123456", "YYYY-MM-DD HH24:MI:SS.US"},
	}
	for _, c := range cases {
		for _, f := range []string{"to_timestamp", "to_date"} {
			diffCase(t, ev, xcall{f, []xexpr{xlit{c[0], ""}, xlit{c[1], ""}}})
		}
	}
}

func TestOracleIntervalTypmod(t *testing.T) {
	ev := newEvaluator()
	cases := []struct {
		lit    string
		fields string
		rng    int32
		prec   int32
	}{
		{"1", "day", IntervalDay, IntervalFullPrecision},
		{"1", "year", IntervalYear, IntervalFullPrecision},
		{"2", "hour", IntervalHour, IntervalFullPrecision},
		{"1 day 2 hours", "day", IntervalDay, IntervalFullPrecision},
		{"1:30", "minute to second", IntervalMinute | IntervalSecond, IntervalFullPrecision},
		{"1:30", "hour to minute", IntervalHour | IntervalMinute, IntervalFullPrecision},
		{"15 months", "year", IntervalYear, IntervalFullPrecision},
		{"1.5", "minute", IntervalMinute, IntervalFullPrecision},
		{"1 day 02:03:04.5678", "day to second(2)", IntervalDay | IntervalHour | IntervalMinute | IntervalSecond, 2},
		{"3 years 4 mons 5 days", "year to month", IntervalYear | IntervalMonth, IntervalFullPrecision},
		{"-1 day -02:03:04.5", "hour", IntervalHour, IntervalFullPrecision},
		{"12.345678", "second(3)", IntervalSecond, 3},
	}
	for _, c := range cases {
		sql := fmt.Sprintf("SELECT interval %s %s, format_type('interval'::regtype, %d)", sqlQuote(c.lit), c.fields, IntervalTypmod(c.rng, c.prec))
		want := pgQuery(t, sql, false)
		tm := IntervalTypmod(c.rng, c.prec)
		d, err := ParseText(c.lit, Type{OID: IntervalOID, Typmod: tm}, ev.s)
		got := "ERROR"
		if err == nil {
			got = fmt.Sprintf("interval %q", Text(d, Of(IntervalOID), ev.s))
		}
		if got != want.String() {
			t.Errorf("%s\n  postgres: %s\n  ours:     %s", sql, want, got)
		}
		fsql := fmt.Sprintf("SELECT format_type('interval'::regtype, %d)", tm)
		if w, g := pgQuery(t, fsql, false).String(), fmt.Sprintf("text %q", FormatType(IntervalOID, tm)); w != g {
			t.Errorf("%s\n  postgres: %s\n  ours:     %s", fsql, w, g)
		}
	}
}

// TestOracleRegression compares the two-argument statistical aggregates
// over (y, x) pairs of double precision values.
func TestOracleRegression(t *testing.T) {
	ev := newEvaluator()
	inputs := [][][2]string{
		{{"1", "2"}, {"2", "4"}, {"3", "6.5"}, {"NULL", "1"}, {"4", "NULL"}},
		{{"1.5", "0.1"}, {"-2", "0.2"}, {"7.25", "0.3"}, {"0", "1e-5"}},
		{{"5", "1"}, {"5", "2"}, {"5", "3"}},
		{{"1", "3"}, {"2", "3"}},
		{{"1", "2"}},
		{{"1e200", "1"}, {"-1e200", "2"}},
		{{"Infinity", "1"}, {"1", "2"}},
		{{"NaN", "1"}, {"1", "2"}, {"2", "3"}},
		{},
	}
	aggs := []string{"regr_count"}
	for name := range regrFinals {
		aggs = append(aggs, name)
	}
	sort.Strings(aggs)
	f8 := Of(Float8OID)
	for _, pairs := range inputs {
		var values []string
		for _, p := range pairs {
			values = append(values, fmt.Sprintf("(%s::float8, %s::float8)", sqlLit(p[0]), sqlLit(p[1])))
		}
		from := "(VALUES " + strings.Join(values, ", ") + ") t(y, x)"
		if len(pairs) == 0 {
			from = "(SELECT 1::float8 AS y, 1::float8 AS x WHERE false) t"
		}
		for _, agg := range aggs {
			sql := fmt.Sprintf("SELECT %s(y, x) FROM %s", agg, from)
			want := pgQuery(t, sql, false)
			call, err := ResolveAggregate(agg, []Type{f8, f8})
			if err != nil {
				t.Fatal(err)
			}
			st := call.New()
			for _, p := range pairs {
				if p[0] == "NULL" || p[1] == "NULL" {
					continue
				}
				y, _ := ParseText(p[0], f8, ev.s)
				x, _ := ParseText(p[1], f8, ev.s)
				if err = st.Add(ev.ctx, []Datum{y, x}); err != nil {
					break
				}
			}
			var v Datum
			if err == nil {
				v, err = st.Result(ev.ctx)
			}
			got := TypeName(call.Type.OID) + " NULL"
			switch {
			case err != nil:
				pe := pgerrFlatten(err)
				got = fmt.Sprintf("ERROR %s: %s", pe.Code, pe.Message)
			case v != nil:
				got = TypeName(call.Type.OID) + " " + fmt.Sprintf("%q", string(AppendText(nil, v, call.Type, ev.s)))
			}
			if got != want.String() {
				t.Errorf("%s\n  postgres: %s\n  ours:     %s", sql, want.String(), got)
			}
		}
	}
}

// sqlLit quotes a value for SQL unless it is NULL.
func sqlLit(v string) string {
	if v == "NULL" {
		return v
	}
	return sqlQuote(v)
}
