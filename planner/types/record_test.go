package types

import (
	"strconv"
	"testing"
)

// TestOracleRecordText compares record text output with ROW(...)::text.
func TestOracleRecordText(t *testing.T) {
	ev := newEvaluator()
	cases := []struct {
		sql  string
		vals []xexpr
	}{
		{"ROW(1, 'a b', NULL, '', 'x,y', 'q\"u', 'back\\slash', '(p)')", []xexpr{
			xnum{"1"}, xlit{"a b", "text"}, xnull{"text"}, xlit{"", "text"}, xlit{"x,y", "text"}, xlit{`q"u`, "text"},
			xlit{`back\slash`, "text"}, xlit{"(p)", "text"}}},
		{"ROW('{1,2}'::int[], '2024-01-02 03:04:05+00'::timestamptz, 1.50, true, '\\x01'::bytea)", []xexpr{
			xlit{"{1,2}", "int[]"}, xlit{"2024-01-02 03:04:05+00", "timestamptz"}, xnum{"1.50"}, xlit{"true", "boolean"},
			xlit{`\x01`, "bytea"}}},
		{"ROW(NULL, NULL)", []xexpr{xnull{"text"}, xnull{"text"}}},
	}
	for _, c := range cases {
		want := pgQuery(t, "SELECT ("+c.sql+")::text", false)
		rec := &Record{}
		for _, v := range c.vals {
			d, typ, err := ev.eval(v)
			if err != nil {
				t.Fatal(err)
			}
			rec.Values = append(rec.Values, d)
			rec.Types = append(rec.Types, typ)
		}
		got := "text " + strconv.Quote(string(appendRecord(nil, rec, ev.s)))
		if w := want.String(); w != got {
			t.Errorf("%s\n  postgres: %s\n  ours:     %s", c.sql, w, got)
		}
	}
}

// TestOracleRecordBinary compares record binary output (record_send) with
// PostgreSQL's: field type OIDs (an unknown literal is OID 705), NULL
// fields, arrays inside records, records inside records and arrays.
func TestOracleRecordBinary(t *testing.T) {
	ev := newEvaluator()
	row := func(vals ...xexpr) *Record {
		rec := &Record{}
		for _, v := range vals {
			d, typ, err := ev.eval(v)
			if err != nil {
				t.Fatal(err)
			}
			rec.Values = append(rec.Values, d)
			rec.Types = append(rec.Types, typ)
		}
		return rec
	}
	inner := row(xnum{"1"}, xlit{"x", ""})
	cases := []struct {
		sql string
		d   Datum
		typ OID
	}{
		{"ROW(1, 'a b', NULL, '')", row(xnum{"1"}, xlit{"a b", ""}, xnull{""}, xlit{"", ""}), RecordOID},
		{"ROW(ARRAY[1, 2], 'x\"y')", row(xarray{elems: []xexpr{xnum{"1"}, xnum{"2"}}}, xlit{`x"y`, ""}), RecordOID},
		{"(1, 2.5)", row(xnum{"1"}, xnum{"2.5"}), RecordOID},
		{"ROW('a'::text, NULL::int, '2024-01-02'::date)", row(xlit{"a", "text"}, xnull{"int"}, xlit{"2024-01-02", "date"}), RecordOID},
		{"ROW(ROW(1, 'x'), 2)", &Record{Types: []Type{Of(RecordOID), Of(Int4OID)}, Values: []Datum{inner, int64(2)}}, RecordOID},
		{"ARRAY[ROW(1, 'x')]", NewArray1(RecordOID, []Datum{inner}), RecordArrayOID},
		{"ROW(ARRAY[ROW(1, 'x')], '{}'::int[])", &Record{Types: []Type{Of(RecordArrayOID), Of(Int4ArrayOID)},
			Values: []Datum{NewArray1(RecordOID, []Datum{inner}), NewArray1(Int4OID, nil)}}, RecordOID},
	}
	for _, c := range cases {
		want := pgQuery(t, "SELECT "+c.sql, true)
		if want.code != "" || len(want.bin) != 1 {
			t.Errorf("%s: postgres %v", c.sql, want)
			continue
		}
		got, err := AppendBinary(nil, c.d, Of(c.typ))
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		if string(got) != string(want.bin[0]) {
			t.Errorf("%s: binary\n  postgres: %x\n  ours:     %x", c.sql, want.bin[0], got)
		}
	}
}
