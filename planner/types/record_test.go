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
