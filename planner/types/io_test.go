package types

import (
	"testing"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// TestTextRoundTrip reads values with ParseText and prints them with
// AppendText; want is what PostgreSQL 15 prints for the same input.
func TestTextRoundTrip(t *testing.T) {
	cases := []struct {
		typ  OID
		in   string
		want string
	}{
		{BoolOID, "yes", "t"},
		{BoolOID, " OFF ", "f"},
		{Int4OID, " -42 ", "-42"},
		{Int8OID, "9223372036854775807", "9223372036854775807"},
		{Int2OID, "-32768", "-32768"},
		{Float8OID, "1.5", "1.5"},
		{Float8OID, "1e15", "1e+15"},
		{Float8OID, "123456789012345", "123456789012345"},
		{Float8OID, "0.1", "0.1"},
		{Float8OID, "1e-5", "1e-05"},
		{Float8OID, "0.0001", "0.0001"},
		{Float8OID, "-inf", "-Infinity"},
		{Float8OID, "nan", "NaN"},
		{Float8OID, "-0", "-0"},
		{Float4OID, "1.1", "1.1"},
		{Float4OID, "1e6", "1e+06"},
		{Float4OID, "123456", "123456"},
		{NumericOID, "1.50", "1.50"},
		{NumericOID, "-0.00", "0.00"},
		{NumericOID, "1e3", "1000"},
		{NumericOID, "1.5e-3", "0.0015"},
		{NumericOID, " NaN ", "NaN"},
		{NumericOID, "-Infinity", "-Infinity"},
		{TextOID, "hello", "hello"},
		{ByteaOID, `\x0a0B`, `\x0a0b`},
		{ByteaOID, `ab\\c\001`, `\x61625c6301`},
		{DateOID, "2024-01-02", "2024-01-02"},
		{DateOID, "01/02/2024", "2024-01-02"},
		{DateOID, "Jan 2, 2024", "2024-01-02"},
		{DateOID, "20240102", "2024-01-02"},
		{DateOID, "0044-03-15 BC", "0044-03-15 BC"},
		{DateOID, "infinity", "infinity"},
		{TimestampOID, "2024-01-02 03:04:05.678", "2024-01-02 03:04:05.678"},
		{TimestampOID, "2024-01-02T03:04:05Z", "2024-01-02 03:04:05"},
		{TimestampOID, "epoch", "1970-01-01 00:00:00"},
		{TimestampTZOID, "2024-01-02 03:04:05.678+02", "2024-01-02 01:04:05.678+00"},
		{TimestampTZOID, "2024-07-01 12:00 America/New_York", "2024-07-01 16:00:00+00"},
		{TimestampTZOID, "2024-01-02 03:04:05 PST", "2024-01-02 11:04:05+00"},
		{TimestampTZOID, "-infinity", "-infinity"},
		{TimeOID, "03:04:05.5", "03:04:05.5"},
		{TimeOID, "allballs", "00:00:00"},
		{IntervalOID, "1 day 2 hours", "1 day 02:00:00"},
		{IntervalOID, "1.5 years", "1 year 6 mons"},
		{IntervalOID, "-1 day +02:03", "-1 days +02:03:00"},
		{IntervalOID, "@ 1 minute ago", "-00:01:00"},
		{IntervalOID, "P1Y2M3DT4H5M6.5S", "1 year 2 mons 3 days 04:05:06.5"},
		{IntervalOID, "1-2", "1 year 2 mons"},
		{IntervalOID, "5", "00:00:05"},
		{UUIDOID, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{UUIDOID, "{a0eebc999c0b4ef8bb6d6bb9bd380a11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
		{JSONBOID, `{"b": 1, "aa": [1, 2.50, "x"], "a": null, "b": true}`, `{"a": null, "b": true, "aa": [1, 2.50, "x"]}`},
		{JSONBOID, `"\u00e9\n"`, `"é\n"`},
		{TextArrayOID, `{a,"b c",NULL,"",  d  ,"NULL"}`, `{a,"b c",NULL,"",d,"NULL"}`},
		{Int4ArrayOID, `{{1,2},{3,4}}`, `{{1,2},{3,4}}`},
		{Int4ArrayOID, `[0:1]={1,2}`, `[0:1]={1,2}`},
		{TextArrayOID, `{}`, `{}`},
		{TextArrayOID, `{"a\"b","c\\d"}`, `{"a\"b","c\\d"}`},
		{TIDOID, "(1,2)", "(1,2)"},
	}
	s := DefaultSettings()
	for _, c := range cases {
		d, err := ParseText(c.in, Of(c.typ), s)
		if err != nil {
			t.Errorf("ParseText(%q, %s): %v", c.in, Of(c.typ), err)
			continue
		}
		if got := Text(d, Of(c.typ), s); got != c.want {
			t.Errorf("%s %q: got %q, want %q", Of(c.typ), c.in, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		typ  OID
		in   string
		code pgerr.Code
		msg  string
	}{
		{Int4OID, "abc", pgerr.InvalidTextRepresentation, `invalid input syntax for type integer: "abc"`},
		{Int4OID, "2147483648", pgerr.NumericValueOutOfRange, `value "2147483648" is out of range for type integer`},
		{Int2OID, "40000", pgerr.NumericValueOutOfRange, `value "40000" is out of range for type smallint`},
		{BoolOID, "maybe", pgerr.InvalidTextRepresentation, `invalid input syntax for type boolean: "maybe"`},
		{Float8OID, "1e400", pgerr.NumericValueOutOfRange, `"1e400" is out of range for type double precision`},
		{NumericOID, "1.2.3", pgerr.InvalidTextRepresentation, `invalid input syntax for type numeric: "1.2.3"`},
		{DateOID, "2024-02-30", pgerr.DatetimeFieldOverflow, `date/time field value out of range: "2024-02-30"`},
		{TimestampTZOID, "garbage", pgerr.InvalidDatetimeFormat, `invalid input syntax for type timestamp with time zone: "garbage"`},
		{UUIDOID, "xyz", pgerr.InvalidTextRepresentation, `invalid input syntax for type uuid: "xyz"`},
		{TextArrayOID, "a,b", pgerr.InvalidTextRepresentation, `malformed array literal: "a,b"`},
		{ByteaOID, `\xabc`, pgerr.InvalidParameterValue, `invalid hexadecimal data: odd number of digits`},
	}
	for _, c := range cases {
		_, err := ParseText(c.in, Of(c.typ), nil)
		pe := pgerr.Flatten(err)
		if pe == nil || pe.Code != c.code || pe.Message != c.msg {
			t.Errorf("ParseText(%q, %s) = %v, want %s %s", c.in, Of(c.typ), err, c.code, c.msg)
		}
	}
}

// TestClientTextChecked: text a client sends in binary form must be valid
// UTF-8 without NUL bytes (PostgreSQL: 22021); "char" is a raw byte.
func TestClientTextChecked(t *testing.T) {
	cases := []struct {
		typ OID
		in  string
		msg string // "" when accepted
	}{
		{TextOID, "a\x00b", `invalid byte sequence for encoding "UTF8": 0x00`},
		{VarcharOID, "\xc3(", `invalid byte sequence for encoding "UTF8": 0xc3 0x28`},
		{JSONBOID, "\x01\"a\x00\"", `invalid byte sequence for encoding "UTF8": 0x00`},
		{TextOID, "héllo", ""},
		{CharOID, "\x00", ""},
	}
	for _, c := range cases {
		_, err := DecodeBinary([]byte(c.in), Of(c.typ))
		if c.msg == "" {
			if err != nil {
				t.Errorf("DecodeBinary(%q, %s): %v", c.in, Of(c.typ), err)
			}
			continue
		}
		pe := pgerr.Flatten(err)
		if pe == nil || pe.Code != pgerr.CharacterNotInRepertoire || pe.Message != c.msg {
			t.Errorf("DecodeBinary(%q, %s) = %v, want 22021 %s", c.in, Of(c.typ), err, c.msg)
		}
	}
	if err := CheckTextString("ok"); err != nil {
		t.Errorf("CheckTextString: %v", err)
	}
}

func TestTimestampZones(t *testing.T) {
	s := DefaultSettings()
	loc, err := LoadTimeZone("asia/kolkata")
	if err != nil {
		t.Fatal(err)
	}
	s.TimeZone = loc
	ts := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	if got := Text(ts, Of(TimestampTZOID), s); got != "2024-01-02 08:34:05+05:30" {
		t.Errorf("got %q", got)
	}
	s.DateStyle = DateStyle{Style: DatePostgres, Order: OrderMDY}
	if got := Text(ts, Of(TimestampTZOID), s); got != "Tue Jan 02 08:34:05 2024 IST" {
		t.Errorf("got %q", got)
	}
}
