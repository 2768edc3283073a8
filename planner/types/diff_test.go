package types

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// A small expression language for differential tests: each expression
// renders to SQL for PostgreSQL and is evaluated here the way the planner
// will: literals through ParseText, calls and operators through
// ResolveFunc/ResolveOperator with argument coercion, casts through Cast.

type xexpr interface{ sql() string }

type xlit struct {
	text string
	typ  string // "" is an unknown-typed literal
}

type xnum struct{ text string } // a bare numeric literal

type xcall struct {
	name string
	args []xexpr
}

type xop struct {
	op   string
	l, r xexpr // l nil: prefix operator
}

type xcast struct {
	e   xexpr
	typ string
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (e xlit) sql() string {
	if e.typ == "" {
		return sqlQuote(e.text)
	}
	return sqlQuote(e.text) + "::" + e.typ
}
func (e xnum) sql() string { return "(" + e.text + ")" }
func (e xcall) sql() string {
	switch {
	case e.name == "extract" && len(e.args) == 2:
		return "EXTRACT(" + strings.Trim(e.args[0].sql(), "'") + " FROM " + e.args[1].sql() + ")"
	case e.name == "position" && len(e.args) == 2:
		return "position(" + e.args[1].sql() + " IN " + e.args[0].sql() + ")"
	case e.name == "time":
		parts := make([]string, len(e.args))
		for i, a := range e.args {
			parts[i] = a.sql()
		}
		return `"time"(` + strings.Join(parts, ", ") + ")"
	case e.name == "overlaps" && len(e.args) == 4:
		return "((" + e.args[0].sql() + ", " + e.args[1].sql() + ") OVERLAPS (" + e.args[2].sql() + ", " + e.args[3].sql() + "))"
	}
	parts := make([]string, len(e.args))
	for i, a := range e.args {
		parts[i] = a.sql()
	}
	return e.name + "(" + strings.Join(parts, ", ") + ")"
}
func (e xop) sql() string {
	if e.l == nil {
		return "(" + e.op + " " + e.r.sql() + ")"
	}
	return "(" + e.l.sql() + " " + e.op + " " + e.r.sql() + ")"
}
func (e xcast) sql() string { return "(" + e.e.sql() + ")::" + e.typ }

// parseTestType reads a type name with an optional modifier.
func parseTestType(s string) (Type, error) {
	name, mod := s, ""
	if i := strings.IndexByte(s, '('); i >= 0 {
		j := strings.IndexByte(s, ')')
		name, mod = s[:i]+s[j+1:], s[i+1:j]
	}
	oid, ok := LookupTypeName(name)
	if !ok {
		return Type{}, fmt.Errorf("unknown type %q", s)
	}
	t := Of(oid)
	if mod == "" && (name == "character" || name == "char" || name == "character[]" || name == "char[]") {
		mod = "1" // character without a length is character(1)
	}
	if mod != "" {
		parts := strings.Split(mod, ",")
		n0, _ := strconv.Atoi(strings.TrimSpace(parts[0]))
		base := oid
		if e := ElemOf(oid); e != 0 {
			base = e
		}
		switch base {
		case VarcharOID, BPCharOID:
			t.Typmod = int32(n0 + 4)
		case NumericOID:
			sc := 0
			if len(parts) > 1 {
				sc, _ = strconv.Atoi(strings.TrimSpace(parts[1]))
			}
			t.Typmod = NumericTypmod(n0, sc)
		case IntervalOID:
			t.Typmod = IntervalTypmod(IntervalFullRange, int32(n0))
		default:
			t.Typmod = int32(n0)
		}
	}
	return t, nil
}

type evaluator struct {
	s   *Settings
	ctx *EvalContext
}

func newEvaluator() *evaluator {
	s := DefaultSettings()
	// The oracle's clock: inputs that depend on the current date (a time
	// zone's offset "now", 'today') must see the same day.
	now := time.Now().UTC().Truncate(time.Microsecond)
	s.Now = func() time.Time { return now }
	ctx := NewEvalContext(now)
	ctx.Settings = s
	return &evaluator{s: s, ctx: ctx}
}

// coerceArg converts an evaluated argument to the type a call wants.
func (ev *evaluator) coerceArg(d Datum, from, to Type) (Datum, error) {
	if from.OID == to.OID && from.Typmod == to.Typmod {
		return d, nil
	}
	if from.OID == UnknownOID {
		if d == nil {
			return nil, nil
		}
		return ParseText(d.(string), Type{OID: to.OID, Typmod: -1}, ev.s)
	}
	if from.OID == to.OID {
		return d, nil
	}
	return Coerce(d, from, to, ev.s)
}

func (ev *evaluator) eval(e xexpr) (Datum, Type, error) {
	switch x := e.(type) {
	case xlit:
		if x.typ == "" {
			return x.text, Of(UnknownOID), nil
		}
		t, err := parseTestType(x.typ)
		if err != nil {
			return nil, Type{}, err
		}
		d, err := Cast(x.text, Of(UnknownOID), t, ev.s)
		return d, t, err
	case xnum:
		txt := strings.TrimSpace(x.text)
		if !strings.ContainsAny(txt, ".eE") {
			if v, err := strconv.ParseInt(txt, 10, 64); err == nil {
				if v >= -1<<31 && v < 1<<31 {
					return v, Of(Int4OID), nil
				}
				return v, Of(Int8OID), nil
			}
		}
		d, err := parseNumeric(txt)
		return d, Of(NumericOID), err
	case xcast:
		d, from, err := ev.eval(x.e)
		if err != nil {
			return nil, Type{}, err
		}
		to, err := parseTestType(x.typ)
		if err != nil {
			return nil, Type{}, err
		}
		if from.OID == UnknownOID {
			if d == nil {
				return nil, to, nil
			}
			v, err := Cast(d, from, to, ev.s)
			return v, to, err
		}
		if _, ok := LookupCast(from.OID, to.OID); !ok {
			return nil, to, errCannotCast(from, to)
		}
		v, err := Cast(d, from, to, ev.s)
		return v, to, err
	case rawSQL:
		pe, err := parseRaw(string(x))
		if err != nil {
			return nil, Type{}, err
		}
		return ev.eval(pe)
	case xarray:
		return ev.evalArray(x)
	case xnull:
		if x.typ == "" {
			return nil, Of(UnknownOID), nil
		}
		t, err := parseTestType(x.typ)
		return nil, t, err
	case xcall, xop:
		var args []xexpr
		var call *Call
		var err error
		var vals []Datum
		var types []Type
		if c, ok := x.(xcall); ok {
			args = c.args
		} else {
			o := x.(xop)
			if o.l != nil {
				args = []xexpr{o.l}
			}
			args = append(args, o.r)
		}
		for _, a := range args {
			v, t, err := ev.eval(a)
			if err != nil {
				return nil, Type{}, err
			}
			vals = append(vals, v)
			types = append(types, t)
		}
		if c, ok := x.(xcall); ok {
			call, err = ResolveFunc(c.name, types)
		} else {
			o := x.(xop)
			l := Type{}
			if o.l != nil {
				l = types[0]
			}
			call, err = ResolveOperator(o.op, l, types[len(types)-1])
		}
		if err != nil {
			return nil, Type{}, err
		}
		for i := range vals {
			if vals[i], err = ev.coerceArg(vals[i], types[i], call.ArgTypes[i]); err != nil {
				return nil, Type{}, err
			}
		}
		if call.Func.IsSRF() {
			return nil, Type{}, fmt.Errorf("set-returning function in expression")
		}
		v, err := call.Eval(ev.ctx, vals)
		return v, call.Type, err
	}
	return nil, Type{}, fmt.Errorf("bad expression %T", e)
}

// ours renders our result like pgResult.String.
func (ev *evaluator) ours(e xexpr) string {
	d, t, err := ev.eval(e)
	if err != nil {
		pe := pgerr.Flatten(err)
		return fmt.Sprintf("ERROR %s: %s", pe.Code, pe.Message)
	}
	if t.OID == UnknownOID {
		t = Of(TextOID)
	}
	if d == nil {
		return TypeName(t.OID) + " NULL"
	}
	return TypeName(t.OID) + " " + strconv.Quote(string(AppendText(nil, d, t, ev.s)))
}

// diffCase compares one expression; it reports a mismatch and returns
// false.
func diffCase(t *testing.T, ev *evaluator, e xexpr) bool {
	t.Helper()
	sql := "SELECT " + e.sql()
	want := pgQuery(t, sql, false)
	if want.code == "" && want.typ == UnknownOID {
		want.typ = TextOID
	}
	got := ev.ours(e)
	if got != want.String() {
		t.Errorf("%s\n  postgres: %s\n  ours:     %s", sql, want.String(), got)
		return false
	}
	return true
}

// typeSamples are SQL literals per type, valid and invalid, for output,
// cast and argument generation.
var typeSamples = map[string][]string{
	"boolean":  {"t", "f", "yes", "off", "1", " TRUE ", "maybe"},
	"smallint": {"0", "1", "-1", "32767", "-32768", "42", "32768", "1.5"},
	"integer":  {"0", "1", "-1", "2147483647", "-2147483648", "7", "100", " 12 ", "abc", "2147483648"},
	"bigint":   {"0", "1", "-1", "9223372036854775807", "-9223372036854775808", "1000000000000", "9223372036854775808"},
	"real": {"0", "1.5", "-2.25", "3.14159", "1e10", "1e-10", "123456", "1234567", "NaN", "Infinity", "-Infinity",
		"0.1", "1e40", "3.4028235e38", "-0", "100"},
	"double precision": {"0", "1.5", "-2.25", "3.141592653589793", "1e15", "1e16", "123456789012345", "1e-5", "0.0001",
		"1e308", "1e-320", "NaN", "Infinity", "-Infinity", "0.1", "1e400", "-0", "100", "2.5", "0.3333333333333333", "abc"},
	"numeric": {"0", "1.50", "-2.250", "3.14159265358979323846", "1e3", "1.5e-3", "NaN", "Infinity", "-Infinity",
		"123456789012345678901234567890", "0.000001", "-0.00", "100", "2.5", "-2.5", "7", "x", "1e", ".5", "5."},
	"text":       {"", "abc", "Hello World", "a,b,,c", "  padded  ", "O'Reilly", "back\\slash", "ünïcödé", "NULL", "status:open"},
	"varchar(3)": {"ab", "abcd", "abc  "},
	"char(3)":    {"a", "ab ", "abcd"},
	"name":       {"abc", strings.Repeat("x", 70)},
	"bytea":      {"\\x", "\\x00ff10", "\\xDEADBEEF", "abc", "a\\\\b", "\\001\\002", "\\x0", "\\xzz"},
	"date": {"2024-01-02", "1999-12-31", "0044-03-15 BC", "infinity", "-infinity", "2024-02-29", "2023-02-29",
		"01/02/2024", "Jan 2, 2024", "20240102", "2024-13-01", "epoch", "5874897-12-31", "garbage"},
	"time without time zone": {"00:00", "03:04:05.678", "23:59:59.999999", "24:00:00", "allballs", "12:00 PM", "25:00"},
	"timestamp without time zone": {"2024-01-02 03:04:05", "2024-01-02 03:04:05.678", "1999-12-31 23:59:59.999999",
		"0044-03-15 12:00 BC", "infinity", "-infinity", "epoch", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05+02",
		"2024-07-04 12:00 America/New_York", "20240102T030405", "2024-01-02 25:00", "x"},
	"timestamp with time zone": {"2024-01-02 03:04:05+00", "2024-01-02 03:04:05.678+02", "2024-06-30 12:00 America/New_York",
		"2024-01-02 03:04:05 PST", "infinity", "-infinity", "epoch", "1900-01-01 00:00 Europe/Amsterdam",
		"2024-03-10 02:30 America/New_York", "2024-01-02 03:04:05.5-05:30", "2024-01-02 03:04:05+15:59", "x"},
	"interval": {"1 day", "1 day 02:03:04", "-1 day +02:03", "1 year 2 mons 3 days", "1.5 years", "1.5 months",
		"1.5 days", "@ 1 minute ago", "P1Y2M3DT4H5M6S", "1-2", "10:00", "-00:00:01.5", "3 weeks", "1 hour 30 minutes",
		"100 hours", "0", "1 fortnight", "2 days -3 hours", "1 millennium", "36 hours", "-1 2:03:04", "-1-2",
		"-1 day 02:03", "-2 years 3 days", "1 2:03:04"},
	"uuid":   {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC999C0B4EF8BB6D6BB9BD380A11", "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}", "xyz"},
	"jsonb":  {`{"a": 1, "b": [1, 2.50, "x"], "aa": null}`, `[1, "two", {"three": 3}]`, `"str"`, `42`, `1.50`, `1e3`, `null`, `true`, `{"a": {"b": {"c": 1}}}`, `{"b": 1, "b": 2}`, `[]`, `{}`, `{"x":`, `"\u00e9\n\t"`},
	"json":   {`{"a": 1,  "b": [1, 2]}`, `[1, 2, 3]`, `"x"`, `{"bad"}`},
	"text[]": {`{a,b,c}`, `{}`, `{"a b",NULL,""}`, `{{a,b},{c,d}}`, `{status:open,type:task,prio:1}`, `{"quo\"te","back\\slash"}`, `[0:1]={x,y}`, `{a,{b}}`, `{a`},
	"integer[]": {`{1,2,3}`, `{}`, `{1,NULL,3}`, `{{1,2},{3,4}}`, `{3,1,2}`, `{1,x}`, `{{},{0}}`, `{{1},2}`, `{1,{2}}`,
		`{1,}`, `{,1}`, `{{1,2},{3}}`, `{ }`, `{1 2}`, ` { 1 , 2 } `, `[1:2][3:4]={{1,2},{3,4}}`, `[2:1]={}`, `{{{1}}}`, `{1}x`},
	"numeric[]":                     {`{1.5,2.25}`, `{NaN,1}`},
	"double precision[]":            {`{1.5,Infinity,NaN}`},
	"boolean[]":                     {`{t,f,NULL}`},
	"date[]":                        {`{2024-01-02,infinity}`},
	"timestamp with time zone[]":    {`{"2024-01-02 03:04:05+00","2024-01-02 04:00:00+02"}`},
	"bytea[]":                       {`{"\\x0102",NULL}`},
	"uuid[]":                        {`{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}`},
	"jsonb[]":                       {`{"{\"a\": 1}","[1,2]"}`},
	"interval[]":                    {`{"1 day","02:00:00"}`},
	"bigint[]":                      {`{1,9223372036854775807}`},
	"\"char\"":                      {"a", "ab", ""},
	"oid":                           {"0", "12345", "-1", "4294967295", "4294967296"},
	"tid":                           {"(0,1)", "(4294967295,65535)", "(1,2"},
	"regtype":                       {"integer", "text[]", "character varying", "26"},
	"character varying":             {"abc", ""},
	"time without time zone[]":      {`{00:00,12:30}`},
	"timestamp without time zone[]": {`{"2024-01-02 03:04:05"}`},
	"character varying[]":           {`{a,b}`},
	"smallint[]":                    {`{1,2}`},
	"real[]":                        {`{1.5,2}`},
	"name[]":                        {`{a,b}`},
	"character[]":                   {`{a,b}`},
	"oid[]":                         {`{1,2}`},
	"json[]":                        {`{"[1]"}`},
	"tid[]":                         {`{"(0,1)"}`},
	"regtype[]":                     {`{integer,text}`},
	"\"char\"[]":                    {`{a,b}`},
	"xid":                           {"1"},
	"timestamp with time zone[][]":  {},
	"time with time zone": {"12:00:00+02", "00:00:00-05:30", "23:59:59.999999+15:59", "24:00:00+00", "04:05:06 PST",
		"04:05:06.789-8", "allballs", "2024-01-02 12:00 America/New_York", "12:00 America/New_York", "12:00:00+16",
		"040506-08", "12:00 +05:30:15", "x"},
	"time with time zone[]":          {`{"12:00:00+02","01:02:03.5-08"}`},
	"character varying(3)[]":         {},
	"interval second":                {},
	"timestamp(0) without time zone": {},
}

// sortedTypes lists typeSamples' keys in a fixed order.
func sortedTypes() []string {
	var out []string
	for k, v := range typeSamples {
		if len(v) > 0 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// TestOracleTextIO reads every sample through each type's input function
// and prints it back, under the default settings and several others.
func TestOracleTextIO(t *testing.T) {
	ev := newEvaluator()
	var cases []xexpr
	for _, typ := range sortedTypes() {
		for _, v := range typeSamples[typ] {
			cases = append(cases, xlit{v, typ})
		}
	}
	extra := []xexpr{
		xlit{"1.23456789", "numeric(5,2)"}, xlit{"999.995", "numeric(5,2)"}, xlit{"-0.5", "numeric(3,0)"},
		xlit{"12345", "numeric(3,-2)"}, xlit{"Infinity", "numeric(5,2)"}, xlit{"abcdef", "varchar(3)"},
		xlit{"2024-01-02 03:04:05.678901", "timestamp(2)"}, xlit{"2024-01-02 03:04:05.5", "timestamp(0)"},
		xlit{"1 day 02:03:04.5678", "interval(2)"}, xlit{"12:34:56.789", "time(1)"},
	}
	cases = append(cases, extra...)
	settings := []struct {
		name string
		sql  []string
		set  func(s *Settings)
	}{
		{"default", nil, func(*Settings) {}},
		{"efd0", []string{"SET extra_float_digits = 0"}, func(s *Settings) { s.ExtraFloatDigits = 0 }},
		{"efd-3", []string{"SET extra_float_digits = -3"}, func(s *Settings) { s.ExtraFloatDigits = -3 }},
		{"efd3", []string{"SET extra_float_digits = 3"}, func(s *Settings) { s.ExtraFloatDigits = 3 }},
		{"escape", []string{"SET bytea_output = escape"}, func(s *Settings) { s.ByteaOutput = ByteaEscape }},
		{"sql_dmy", []string{"SET datestyle = 'SQL, DMY'"}, func(s *Settings) { s.DateStyle = DateStyle{DateSQL, OrderDMY} }},
		{"postgres_mdy", []string{"SET datestyle = 'Postgres, MDY'"}, func(s *Settings) { s.DateStyle = DateStyle{DatePostgres, OrderMDY} }},
		{"german", []string{"SET datestyle = 'German'"}, func(s *Settings) { s.DateStyle = DateStyle{DateGerman, OrderDMY} }},
		{"iso_ymd", []string{"SET datestyle = 'ISO, YMD'"}, func(s *Settings) { s.DateStyle = DateStyle{DateISO, OrderYMD} }},
		{"newyork", []string{"SET timezone = 'America/New_York'"}, func(s *Settings) { s.TimeZone, _ = LoadTimeZone("America/New_York") }},
		{"kolkata_sql", []string{"SET timezone = 'Asia/Kolkata'", "SET datestyle = 'SQL, MDY'"}, func(s *Settings) {
			s.TimeZone, _ = LoadTimeZone("Asia/Kolkata")
			s.DateStyle = DateStyle{DateSQL, OrderMDY}
		}},
		{"iv_verbose", []string{"SET intervalstyle = postgres_verbose"}, func(s *Settings) { s.IntervalStyle = IntervalPostgresVerbose }},
		{"iv_sql", []string{"SET intervalstyle = sql_standard"}, func(s *Settings) { s.IntervalStyle = IntervalSQLStandard }},
		{"iv_iso", []string{"SET intervalstyle = iso_8601"}, func(s *Settings) { s.IntervalStyle = IntervalISO8601 }},
	}
	for _, st := range settings {
		t.Run(st.name, func(t *testing.T) {
			pgExec(t, "RESET ALL")
			pgExec(t, "SET extra_float_digits = 1")
			for _, q := range st.sql {
				pgExec(t, q)
			}
			defer pgExec(t, "RESET ALL")
			defer pgExec(t, "SET extra_float_digits = 1")
			ev.s = DefaultSettings()
			ev.ctx.Settings = ev.s
			st.set(ev.s)
			fails := 0
			for _, c := range cases {
				if !diffCase(t, ev, c) {
					if fails++; fails > 40 {
						t.Fatal("too many differences")
					}
				}
			}
		})
	}
	ev.s = DefaultSettings()
}

// TestOracleBinary compares our binary output with PostgreSQL's for every
// valid sample and decodes it back.
func TestOracleBinary(t *testing.T) {
	ev := newEvaluator()
	for _, typ := range sortedTypes() {
		for _, v := range typeSamples[typ] {
			e := xlit{v, typ}
			d, tt, err := ev.eval(e)
			if err != nil || d == nil {
				continue
			}
			want := pgQuery(t, "SELECT "+e.sql(), true)
			if want.code != "" || len(want.bin) != 1 {
				t.Errorf("%s: postgres %v", e.sql(), want)
				continue
			}
			got, err := AppendBinary(nil, d, tt)
			if err != nil {
				t.Errorf("%s: AppendBinary: %v", e.sql(), err)
				continue
			}
			if string(got) != string(want.bin[0]) {
				t.Errorf("%s: binary\n  postgres: %x\n  ours:     %x", e.sql(), want.bin[0], got)
				continue
			}
			back, err := DecodeBinary(want.bin[0], tt)
			if err != nil {
				t.Errorf("%s: DecodeBinary: %v", e.sql(), err)
				continue
			}
			if a, b := Text(back, tt, nil), Text(d, tt, nil); a != b {
				t.Errorf("%s: decoded %q, want %q", e.sql(), a, b)
			}
		}
	}
}

// TestOracleCasts casts every valid sample to every type.
func TestOracleCasts(t *testing.T) {
	ev := newEvaluator()
	targets := sortedTypes()
	n, fails := 0, 0
	for _, from := range targets {
		for i, v := range typeSamples[from] {
			if i > 3 {
				break
			}
			if _, _, err := ev.eval(xlit{v, from}); err != nil {
				continue
			}
			for _, to := range targets {
				n++
				if !diffCase(t, ev, xcast{xlit{v, from}, to}) {
					if fails++; fails > 60 {
						t.Fatal("too many differences")
					}
				}
			}
		}
	}
	t.Logf("%d casts compared", n)
}

// skipFuncs are functions whose results depend on the clock, randomness or
// the session, or that the differential tests cannot express.
var skipFuncs = map[string]bool{
	"now": true, "transaction_timestamp": true, "current_timestamp": true, "statement_timestamp": true,
	"clock_timestamp": true, "timeofday": true, "current_date": true, "localtimestamp": true, "localtime": true,
	"random": true, "gen_random_uuid": true, "current_user": true, "current_role": true, "user": true,
	"session_user": true, "current_database": true, "current_catalog": true, "current_schema": true,
	"current_schemas": true, "current_setting": true, "set_config": true, "version": true, "age": true,
}

// argSamples gives hand-picked arguments for parameters where random values
// would mostly be errors: function name -> parameter index -> SQL.
var argSamples = map[string]map[int][]string{
	"date_trunc":            {0: {"'month'", "'hour'", "'week'", "'quarter'", "'decade'", "'century'", "'millisecond'", "'day'", "'year'", "'minute'", "'fortnight'"}},
	"date_part":             {0: {"'year'", "'month'", "'epoch'", "'dow'", "'isodow'", "'doy'", "'week'", "'hour'", "'second'", "'milliseconds'", "'julian'", "'century'", "'quarter'", "'timezone'", "'isoyear'", "'bogus'"}},
	"extract":               {0: {"'year'", "'month'", "'epoch'", "'dow'", "'doy'", "'week'", "'hour'", "'minute'", "'second'", "'microseconds'", "'julian'", "'millennium'", "'decade'", "'timezone_hour'", "'bogus'"}},
	"encode":                {1: {"'hex'", "'base64'", "'escape'", "'foo'"}},
	"decode":                {0: {"'48656c6c6f'", "'SGVsbG8='", "'a\\\\b'", "'zz'"}, 1: {"'hex'", "'base64'", "'escape'"}},
	"convert_from":          {1: {"'UTF8'", "'LATIN1'", "'bogus'"}},
	"convert_to":            {1: {"'UTF8'", "'LATIN1'"}},
	"format":                {0: {"'%s|%I|%L'", "'%2$s %1$s'", "'%-5s|%5s|'", "'%%'", "'%s'", "'%x'"}},
	"regexp_replace":        {1: {"'[aeiou]'", "'(l+)'", "'^'", "'b*'"}, 2: {"'X'", "'<\\1>'", "'\\&\\&'"}, 3: {"'g'", "'i'", "'gi'"}},
	"regexp_match":          {1: {"'(\\w+) (\\w+)'", "'l+'", "'zz'"}, 2: {"'i'", "'g'"}},
	"regexp_split_to_array": {1: {"','", "'\\s+'", "''", "'x*'"}},
	"regexp_like":           {1: {"'^a'", "'B'"}, 2: {"'i'"}},
	"regexp_count":          {1: {"'a'", "'[a-z]'"}},
	"substring":             {1: {"'(b.)'", "'o.'", "2"}, 2: {"'#'", "3"}},
	"to_timestamp":          {0: {"0", "1704164645.5", "-1e10", "'NaN'", "'Infinity'"}},
	"make_date":             {0: {"2024", "-44", "0"}, 1: {"2", "13"}, 2: {"29", "30"}},
	"make_time":             {0: {"8", "24", "25"}, 1: {"15", "0"}, 2: {"23.5", "0"}},
	"make_timestamp":        {0: {"2024"}, 1: {"3"}, 2: {"10"}, 3: {"2"}, 4: {"30"}, 5: {"15.25"}},
	"make_timestamptz":      {0: {"2024"}, 1: {"3"}, 2: {"10"}, 3: {"2"}, 4: {"30"}, 5: {"15.25"}, 6: {"'America/New_York'", "'+05'"}},
	"timezone":              {0: {"'America/New_York'", "'UTC'", "'+02'", "'PST'", "'Asia/Kolkata'", "'bogus'"}},
	"split_part":            {1: {"','", "''", "' '"}, 2: {"1", "2", "-1", "0", "5"}},
	"chr":                   {0: {"65", "233", "0", "1114112"}},
	"repeat":                {1: {"3", "0", "-1"}},
	"has_tag_like":          {1: {"'status:%'", "'%a%'", "'type:t_sk'", "'x'"}},
	"tag_value":             {1: {"'status'", "'type'", "'nope'", "''"}},
	"width_bucket":          {3: {"5", "0"}},
	"set_byte":              {1: {"0", "1", "9"}, 2: {"65"}},
	"get_byte":              {1: {"0", "1", "9"}},
	"jsonb_set":             {1: {"'{a}'", "'{b,1}'", "'{x}'", "'{0}'"}},
	"jsonb_insert":          {1: {"'{a}'", "'{b,1}'", "'{0}'"}},
	"date_bin":              {0: {"'15 minutes'", "'1 day'", "'1 month'"}},
	"string_to_array":       {1: {"','", "''", "NULL"}, 2: {"''", "'b'"}},
	"array_to_string":       {1: {"','", "'-'"}, 2: {"'*'"}},
	"array_fill":            {1: {"'{2}'", "'{2,2}'"}},
	"trim_array":            {1: {"1", "0", "9"}},
	"generate_series":       {},
	"round":                 {1: {"0", "2", "-1", "5"}},
	"trunc":                 {1: {"0", "2", "-1"}},
	"to_hex":                {0: {"255", "-1", "0"}},
	"log":                   {0: {"2", "10", "100", "0.5"}},
	"lpad":                  {1: {"5", "2", "0", "-1"}, 2: {"'xy'", "''"}},
	"rpad":                  {1: {"5", "2", "0"}, 2: {"'xy'", "''"}},
	"left":                  {1: {"2", "-2", "0", "10"}},
	"right":                 {1: {"2", "-2", "0", "10"}},
	"substr":                {1: {"1", "2", "0", "-1", "10"}, 2: {"2", "0", "-1", "10"}},
	"array_length":          {1: {"1", "2", "0"}},
	"array_lower":           {1: {"1", "2"}},
	"array_upper":           {1: {"1", "2"}},
	"generate_subscripts":   {},
	"like_escape":           {1: {"'#'", "''", "'\\'"}},
	"similar_to_escape":     {1: {"'#'"}},
	"translate":             {1: {"'abc'", "'lo'"}, 2: {"'xy'", "''"}},
	"position":              {},
	"quote_ident":           {0: {"'abc'", "'Abc'", "'select'", "'a b'", "'a\"b'", "'_x1'"}},
	"btrim":                 {1: {"'xa'", "' '"}},
	"ltrim":                 {1: {"'xa'"}},
	"to_char":               {1: {"'YYYY-MM-DD HH24:MI:SS'", "'FMMonth DDth, YYYY'", "'HH12:MI AM TZ'", "'999.99'", "'FM9,999'", "'Day'", "''"}},
	"rtrim":                 {1: {"'xa'"}},
}

// valuesFor returns SQL argument expressions of a type.
func valuesFor(oid OID) []string {
	name := TypeName(oid)
	var out []string
	for _, v := range typeSamples[name] {
		out = append(out, sqlQuote(v)+"::"+name)
	}
	return out
}

// polySamples are argument pools for polymorphic parameters.
var polySamples = map[OID][]string{
	AnyArrayOID:           {"ARRAY[1,2,3]", "ARRAY['a','b','a']", "'{}'::int[]", "ARRAY[[1,2],[3,4]]", "ARRAY[1,NULL,3]", "ARRAY['x']::text[]", "'{status:open,type:task}'::text[]"},
	AnyCompatibleArrayOID: {"ARRAY[1,2,3]", "ARRAY['a','b','a']", "'{}'::int[]", "ARRAY[1.5,2]", "ARRAY[1,NULL,3]", "ARRAY[[1,2],[3,4]]"},
	AnyElementOID:         {"1", "'x'::text", "2.5", "true", "NULL::int", "'2024-01-02'::date", "ARRAY[1,2]", "'{\"a\":1}'::jsonb"},
	AnyNonArrayOID:        {"1", "'x'::text", "2.5", "true"},
	AnyCompatibleOID:      {"1", "2", "'a'", "3.5", "NULL", "'x'::text"},
	AnyOID:                {"1", "'x'::text", "NULL::int", "2.5", "ARRAY[1,2]", "true", "'2024-01-02'::date", "'t'"},
	TextArrayOID:          {"'{status:open,type:task,status:closed}'::text[]", "'{}'::text[]", "ARRAY['a',NULL,'status:x']", "'{type:}'::text[]", "'{a,b,c}'::text[]"},
}

// TestOracleFunctions calls every registered function and operator with
// arguments drawn from the sample pools.
func TestOracleFunctions(t *testing.T) {
	ev := newEvaluator()
	rng := rand.New(rand.NewPCG(uint64(randomSeed), 2))
	scale := envInt("TYPES_DIFF_SCALE", 1)
	pick := func(fname string, i int, oid OID) []string {
		if m, ok := argSamples[fname]; ok {
			if v, ok := m[i]; ok {
				return v
			}
		}
		if v, ok := polySamples[oid]; ok {
			return v
		}
		v := valuesFor(oid)
		var good []string
		for _, s := range v {
			if strings.Contains(s, "abc'::integer") || strings.Contains(s, "x'::numeric") {
				continue
			}
			good = append(good, s)
		}
		if len(good) == 0 {
			return []string{"NULL::" + TypeName(oid)}
		}
		return good
	}
	type sqlExpr struct{ s string }
	catalog.RLock()
	var names []string
	for n := range catalog.funcs {
		names = append(names, n)
	}
	var ops []string
	for n := range catalog.ops {
		ops = append(ops, n)
	}
	catalog.RUnlock()
	sort.Strings(names)
	sort.Strings(ops)
	count, fails := 0, 0
	check := func(e xexpr) {
		count++
		if !diffCase(t, ev, e) {
			if fails++; fails > 150 {
				t.Fatal("too many differences")
			}
		}
	}
	for _, name := range names {
		if skipFuncs[name] {
			continue
		}
		for _, f := range Funcs(name) {
			if f.IsSRF() || f.Volatility == Volatile {
				continue
			}
			args := f.Args
			if f.Variadic != 0 {
				args = append(append([]OID{}, args...), f.Variadic)
			}
			for k := 0; k < 6*scale; k++ {
				var xs []xexpr
				for i, a := range args {
					pool := pick(name, i, a)
					xs = append(xs, rawSQL(pool[rng.IntN(len(pool))]))
				}
				check(xcall{name, xs})
			}
		}
	}
	for _, op := range ops {
		for _, f := range Operators(op) {
			for k := 0; k < 4*scale; k++ {
				var l xexpr
				if !f.Prefix {
					pool := pick(op, 0, f.Args[0])
					l = rawSQL(pool[rng.IntN(len(pool))])
				}
				pool := pick(op, 1, f.Args[len(f.Args)-1])
				check(xop{op, l, rawSQL(pool[rng.IntN(len(pool))])})
			}
		}
	}
	t.Logf("%d calls compared", count)
}

// rawSQL is an argument given as SQL; the evaluator parses the few forms
// the pools use.
type rawSQL string

func (r rawSQL) sql() string { return string(r) }

// xarray is ARRAY[...] (sub-arrays for more dimensions).
type xarray struct {
	elems []xexpr
	sub   bool // elements are nested [..] lists
}

func (e xarray) sql() string {
	parts := make([]string, len(e.elems))
	for i, x := range e.elems {
		parts[i] = x.sql()
		if e.sub {
			parts[i] = strings.TrimPrefix(parts[i], "ARRAY")
		}
	}
	return "ARRAY[" + strings.Join(parts, ",") + "]"
}

// parseRaw reads the argument forms the sample pools use.
func parseRaw(s string) (xexpr, error) {
	s = strings.TrimSpace(s)
	p := &rawParser{s: s}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.i != len(p.s) {
		return nil, fmt.Errorf("trailing input in %q", s)
	}
	return e, nil
}

type rawParser struct {
	s string
	i int
}

func (p *rawParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *rawParser) expr() (xexpr, error) {
	p.space()
	var e xexpr
	rest := p.s[p.i:]
	switch {
	case strings.HasPrefix(rest, "ARRAY["):
		p.i += len("ARRAY")
		a, err := p.list()
		if err != nil {
			return nil, err
		}
		e = a
	case strings.HasPrefix(rest, "NULL"):
		p.i += 4
		e = xnull{}
	case strings.HasPrefix(rest, "true"), strings.HasPrefix(rest, "false"):
		v := "true"
		if rest[0] == 'f' {
			v = "false"
		}
		p.i += len(v)
		e = xlit{v, "boolean"}
	case rest != "" && rest[0] == '\'':
		p.i++
		var b strings.Builder
		for {
			if p.i >= len(p.s) {
				return nil, fmt.Errorf("unterminated string in %q", p.s)
			}
			c := p.s[p.i]
			if c == '\'' {
				if p.i+1 < len(p.s) && p.s[p.i+1] == '\'' {
					b.WriteByte('\'')
					p.i += 2
					continue
				}
				p.i++
				break
			}
			b.WriteByte(c)
			p.i++
		}
		e = xlit{b.String(), ""}
	default:
		j := p.i
		for j < len(p.s) && strings.IndexByte("0123456789.-+e", p.s[j]) >= 0 {
			j++
		}
		if j == p.i {
			return nil, fmt.Errorf("cannot parse %q", p.s[p.i:])
		}
		e = xnum{p.s[p.i:j]}
		p.i = j
	}
	p.space()
	if strings.HasPrefix(p.s[p.i:], "::") {
		p.i += 2
		j := p.i
		for j < len(p.s) {
			c := p.s[j]
			if c == '[' && j+1 < len(p.s) && p.s[j+1] == ']' {
				j += 2
				continue
			}
			if c == ',' || c == ']' || c == ')' && !strings.Contains(p.s[p.i:j], "(") {
				break
			}
			j++
		}
		typ := strings.TrimSpace(p.s[p.i:j])
		p.i = j
		if l, ok := e.(xlit); ok && l.typ == "" {
			e = xlit{l.text, typ}
		} else if _, ok := e.(xnull); ok {
			e = xnull{typ}
		} else {
			e = xcast{e, typ}
		}
	}
	return e, nil
}

func (p *rawParser) list() (xarray, error) {
	var a xarray
	p.i++ // [
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return a, nil
		}
		if p.i < len(p.s) && p.s[p.i] == '[' {
			sub, err := p.list()
			if err != nil {
				return a, err
			}
			a.sub = true
			a.elems = append(a.elems, sub)
		} else {
			e, err := p.expr()
			if err != nil {
				return a, err
			}
			a.elems = append(a.elems, e)
		}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
		}
	}
}

// xnull is NULL, optionally typed.
type xnull struct{ typ string }

func (e xnull) sql() string {
	if e.typ == "" {
		return "NULL"
	}
	return "NULL::" + e.typ
}

func (ev *evaluator) evalArray(a xarray) (Datum, Type, error) {
	var vals []Datum
	var types []Type
	for _, e := range a.elems {
		v, t, err := ev.eval(e)
		if err != nil {
			return nil, Type{}, err
		}
		vals = append(vals, v)
		types = append(types, t)
	}
	if a.sub {
		// nested lists: all sub-arrays share the element type
		var elemTypes []Type
		for _, t := range types {
			elemTypes = append(elemTypes, Of(ElemOf(t.OID)))
		}
		et, err := CommonType(elemTypes, "ARRAY")
		if err != nil {
			return nil, Type{}, err
		}
		out := &Array{Elem: et.OID}
		for i, v := range vals {
			sub := v.(*Array)
			c, err := Coerce(sub, types[i], Of(ArrayOf(et.OID)), ev.s)
			if err != nil {
				return nil, Type{}, err
			}
			sub = c.(*Array)
			if i == 0 {
				out.Dims = append([]ArrayDim{{Len: int32(len(vals)), Lower: 1}}, sub.Dims...)
			}
			out.Elems = append(out.Elems, sub.Elems...)
		}
		return out, Of(ArrayOf(et.OID)), nil
	}
	et, err := CommonType(types, "ARRAY")
	if err != nil {
		return nil, Type{}, err
	}
	for i := range vals {
		if vals[i], err = ev.coerceArg(vals[i], types[i], et); err != nil {
			return nil, Type{}, err
		}
	}
	if len(vals) == 0 {
		return nil, Type{}, fmt.Errorf("empty ARRAY[]")
	}
	return NewArray1(et.OID, vals), Of(ArrayOf(et.OID)), nil
}

func pgerrFlatten(err error) *pgerr.Error { return pgerr.Flatten(err) }
