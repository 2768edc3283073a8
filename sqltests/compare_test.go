package sqltests

import (
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func textResult(tag string, rows ...[]string) *Result {
	r := &Result{Tag: tag, Fields: []Field{{Name: "a", OID: 25, Typmod: -1, Size: -1}, {Name: "b", OID: 25, Typmod: -1, Size: -1}}}
	for _, row := range rows {
		vals := make([][]byte, len(row))
		for i, v := range row {
			if v != "<null>" {
				vals[i] = []byte(v)
			}
		}
		r.Rows = append(r.Rows, vals)
	}
	return r
}

func errResult(code string) *Result { return &Result{Err: &pgconn.PgError{Code: code, Message: "m"}} }

func TestCompareResults(t *testing.T) {
	base := func() *Result {
		return textResult("SELECT 3", []string{"1", "x"}, []string{"2", "<null>"}, []string{"3", ""})
	}
	cases := []struct {
		name    string
		a, b    *Result
		ordered bool
		want    string // "" = equal, else a substring of Difference.What
	}{
		{"equal", base(), base(), true, ""},
		{"equal as multisets in another order", base(), textResult("SELECT 3", []string{"3", ""}, []string{"1", "x"}, []string{"2", "<null>"}), false, ""},
		{"order matters when ordered", base(), textResult("SELECT 3", []string{"3", ""}, []string{"1", "x"}, []string{"2", "<null>"}), true, "the same rows, in another order"},
		{"NULL is not the empty string", base(), textResult("SELECT 3", []string{"1", "x"}, []string{"2", ""}, []string{"3", ""}), false, "1 only in entitydb"},
		{"value bytes", base(), textResult("SELECT 3", []string{"1", "x"}, []string{"2", "<null>"}, []string{"3", " "}), true, "first difference at row 3"},
		{"missing row", base(), textResult("SELECT 2", []string{"1", "x"}, []string{"2", "<null>"}), true, "first difference at row 3"},
		{"duplicates count", textResult("SELECT 2", []string{"1", "x"}, []string{"1", "x"}), textResult("SELECT 2", []string{"1", "x"}, []string{"2", "y"}), false, "1 only in entitydb, 1 only in postgres"},
		{"command tag", base(), func() *Result { r := base(); r.Tag = "SELECT 4"; return r }(), true, "command tag differs"},
		{"type OID", base(), func() *Result { r := base(); r.Fields[1].OID = 1043; return r }(), true, "columns differ"},
		{"typmod", base(), func() *Result { r := base(); r.Fields[0].Typmod = 12; return r }(), true, "columns differ"},
		{"column name", base(), func() *Result { r := base(); r.Fields[0].Name = "A"; return r }(), true, "columns differ"},
		{"same SQLSTATE", errResult("42P01"), errResult("42P01"), true, ""},
		{"other SQLSTATE", errResult("42P01"), errResult("3F000"), true, "outcome differs"},
		{"error against rows", errResult("0A000"), base(), true, "outcome differs"},
		{"broken connections never agree", &Result{Err: errors.New("EOF")}, &Result{Err: errors.New("EOF")}, true, "outcome differs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := compareResults(Entitydb, Postgres, tc.a, tc.b, tc.ordered)
			switch {
			case tc.want == "" && d != nil:
				t.Errorf("want equal, got %s\n%s", d.What, strings.Join(d.Detail, "\n"))
			case tc.want != "" && d == nil:
				t.Errorf("want a difference (%s), got equal", tc.want)
			case tc.want != "" && !strings.Contains(d.What, tc.want):
				t.Errorf("What = %q, want it to contain %q", d.What, tc.want)
			}
		})
	}
}

func TestSideBySideMarksFirstDifference(t *testing.T) {
	a := textResult("SELECT 2", []string{"1", "x y"}, []string{"2", "<null>"})
	b := textResult("SELECT 2", []string{"1", "x y"}, []string{"2", "NULL"})
	d := compareResults(Entitydb, Postgres, a, b, true)
	if d == nil {
		t.Fatal("no difference")
	}
	got := strings.Join(d.Detail, "\n")
	want := strings.Join([]string{
		"  entitydb      | postgres",
		"  1: (1, \"x y\") | 1: (1, \"x y\")",
		"! 2: (2, NULL)  | 2: (2, \"NULL\")",
		"  first differing value: column 2 (b)",
		"    entitydb: NULL",
		"    postgres: \"NULL\"",
	}, "\n")
	if got != want {
		t.Errorf("detail:\n%s\nwant:\n%s", got, want)
	}
}
