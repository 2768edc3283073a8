package sqltests

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := `-- A file comment.
SELECT 1;

-- rowsort
-- expect-error 22012
SELECT 1/0
  FROM generate_series(1, 3); -- trailing comment

-- skipif entitydb version-string the server version differs
SELECT version();
SELECT 'a;b', E'it\'s;', "semi;colon", $$dollar;$$, $tag$ $$; $tag$, $1 /* block ; /* nested; */ */;
-- args ["x", null]
-- ordered
SELECT $1::text, $2::int;
-- onlyif postgres pg-only
SELECT 'it''s'
;
`
	stmts, err := Parse("t.sql", src)
	if err != nil {
		t.Fatal(err)
	}
	x := "x"
	want := []Statement{
		{Line: 2, SQL: "SELECT 1"},
		{Line: 6, SQL: "SELECT 1/0\n  FROM generate_series(1, 3)", Order: OrderSet, ExpectError: "22012"},
		{Line: 10, SQL: "SELECT version()", SkipIf: []string{Entitydb}, Reason: "version-string the server version differs"},
		{Line: 11, SQL: `SELECT 'a;b', E'it\'s;', "semi;colon", $$dollar;$$, $tag$ $$; $tag$, $1 /* block ; /* nested; */ */`},
		{Line: 14, SQL: "SELECT $1::text, $2::int", Order: OrderRows, Args: []*string{&x, nil}, HasArgs: true},
		{Line: 16, SQL: "SELECT 'it''s'", OnlyIf: Postgres, Reason: "pg-only"},
	}
	if len(stmts) != len(want) {
		for _, s := range stmts {
			t.Logf("%d: %q", s.Line, s.SQL)
		}
		t.Fatalf("got %d statements, want %d", len(stmts), len(want))
	}
	for i, w := range want {
		w.File = "t.sql"
		if !reflect.DeepEqual(*stmts[i], w) {
			t.Errorf("statement %d:\n got %+v\nwant %+v", i, *stmts[i], w)
		}
	}
	if k := stmts[2].ReasonKey(); k != "version-string" {
		t.Errorf("ReasonKey = %q", k)
	}
	if stmts[2].Runs(Entitydb) || !stmts[2].Runs(Postgres) || stmts[5].Runs(Entitydb) || !stmts[5].Runs(Postgres) {
		t.Errorf("Runs disagrees with skipif/onlyif")
	}
}

func TestParseErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"unterminated statement":  {"SELECT 1", "t.sql:1: statement does not end with a semicolon"},
		"unterminated string":     {"SELECT 'abc;\n", "unterminated string literal"},
		"unterminated dollar":     {"SELECT $x$ abc;\n", "unterminated dollar-quoted string $x$"},
		"unterminated comment":    {"SELECT /* abc;\n", "unterminated block comment"},
		"empty statement":         {"SELECT 1;\n;\n", "t.sql:2: empty statement"},
		"rowsort with arguments":  {"-- rowsort please\nSELECT 1;", `directive "rowsort" takes no arguments`},
		"skipif without reason":   {"-- skipif entitydb\nSELECT 1;", "needs a reason"},
		"skipif unknown target":   {"-- skipif mysql reason\nSELECT 1;", "needs a target"},
		"bad sqlstate":            {"-- expect-error syntax\nSELECT 1;", "needs a SQLSTATE"},
		"bad args":                {"-- args [1]\nSELECT $1;", "JSON array of strings"},
		"two orders":              {"-- rowsort\n-- ordered\nSELECT 1;", "more than one of rowsort/ordered"},
		"dangling directive":      {"SELECT 1;\n-- rowsort\n", "apply to no statement"},
		"directive line numbered": {"SELECT 1;\n\n-- expect-error 4\nSELECT 2;", "t.sql:3:"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("t.sql", tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestAnalyze(t *testing.T) {
	for sql, want := range map[string]analysis{
		"SELECT id FROM t ORDER BY id":                   {ordered: true},
		"SELECT id FROM t":                               {},
		"SELECT 1 UNION SELECT 2 ORDER BY 1":             {ordered: true},
		"SELECT * FROM (SELECT id FROM t ORDER BY id) s": {},
		"SELECT id FROM t LIMIT 3":                       {lint: "LIMIT/OFFSET without ORDER BY returns arbitrary rows; add an ORDER BY that makes the order total"},
		"SELECT 1 LIMIT 1":                               {},
		"FETCH 2 FROM c":                                 {ordered: true},
		"SHOW timezone":                                  {ordered: true},
		"CREATE SCHEMA IF NOT EXISTS \"Mixed\"":          {schemas: []string{"Mixed"}, write: true},
		"DELETE FROM t":                                  {write: true},
		"SELEC 1":                                        {},
	} {
		if got := analyze(sql); !reflect.DeepEqual(got, want) {
			t.Errorf("analyze(%q) = %+v, want %+v", sql, got, want)
		}
	}
}

func TestParseSession(t *testing.T) {
	stmts, err := Parse("t.sql", "-- session other\nSELECT 1;\n-- session main\nSELECT 2;\nSELECT 3;\n")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"other", "", ""} {
		if stmts[i].Session != want {
			t.Errorf("statement %d: session %q, want %q", i, stmts[i].Session, want)
		}
	}
	if _, err := Parse("t.sql", "-- session Other Name\nSELECT 1;\n"); err == nil {
		t.Errorf("a session name with spaces was accepted")
	}
}
