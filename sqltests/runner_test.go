package sqltests

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/entitydb/entitydb/internal/pgcluster"
)

func startOracle(t *testing.T) (*pgcluster.Cluster, string) {
	t.Helper()
	c, connString, err := StartOracle(context.Background(), nil)
	if err != nil {
		t.Fatalf("start the PostgreSQL oracle: %v", err)
	}
	t.Cleanup(func() { c.Stop() })
	return c, connString
}

// withOptions adds `-c name=value` startup options to a connection string.
func withOptions(t *testing.T, connString, options string) string {
	u, err := url.Parse(connString)
	if err != nil {
		t.Fatal(err)
	}
	// Spaces as %20: pgconn does not read '+' as a space.
	u.RawQuery += "&options=" + strings.ReplaceAll(url.QueryEscape(options), "+", "%20")
	return u.String()
}

// TestRunnerReportsDifferences runs the runner against two sessions of one
// PostgreSQL that differ in a setting, and checks that every kind of
// failure is reported where it should be, and nothing else.
func TestRunnerReportsDifferences(t *testing.T) {
	_, oracleURL := startOracle(t)
	r := &Runner{Sides: []Side{
		{Name: Entitydb, ConnString: withOptions(t, oracleURL, "-c extra_float_digits=0")},
		{Name: Postgres, ConnString: oracleURL},
	}}
	src := `SELECT 1 AS a;
SELECT 1::float8 / 3;
-- expect-error 22012
SELECT 1 / 0;
SELECT 1 / 0;
-- expect-error 42P01
SELECT 1;
SELECT x FROM (VALUES (1), (2)) v(x) ORDER BY x DESC;
-- onlyif entitydb some-key
SHOW extra_float_digits;
SHOW extra_float_digits;
SELECT g FROM generate_series(1, 3) g LIMIT 1;
-- session other
SHOW extra_float_digits;
-- rowsort
SELECT x FROM (VALUES (2), (1)) v(x) ORDER BY x;
-- ordered
SELECT x FROM (VALUES (2), (1)) v(x);
SET extra_float_digits = 0;
SELECT 1::float8 / 3;
`
	stmts, err := Parse("t.sql", src)
	if err != nil {
		t.Fatal(err)
	}
	f := &File{Path: "t.sql", Name: "t", Statements: stmts}
	for _, proto := range Protocols {
		rep := r.RunFile(context.Background(), f, proto)
		var got []string
		for _, fl := range rep.Failures {
			got = append(got, fl.Kind.String()+"@"+strings.TrimPrefix(strings.SplitN(fl.String(), " ", 2)[0], "t.sql:"))
		}
		var want []string
		if proto != Binary {
			want = append(want, "DIFFERS@2") // float text output differs; binary is the same
		}
		want = append(want,
			"TEST FILE ERROR@5", // fails on the oracle without expect-error
			"TEST FILE ERROR@7", // the oracle does not fail as expected (nor does entitydb)
			"DIFFERS@11",        // SHOW differs
			"TEST FILE ERROR@12",
			"DIFFERS@14", // the other session has the option too
		)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("[%s] failures:\n got %v\nwant %v", proto, got, want)
			for _, fl := range rep.Failures {
				t.Log(fl)
			}
		}
		if rep.Compared != 13 || rep.Checked != 1 {
			t.Errorf("[%s] compared %d, checked %d; want 13 and 1", proto, rep.Compared, rep.Checked)
		}
	}
}

// TestFilesDeterministic runs every test file against two independent
// PostgreSQL clusters and requires identical results: a statement whose
// result depends on the cluster (a generated id, now(), a tie in ORDER BY
// resolved by physical order) cannot be compared with entitydb either.
func TestFilesDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two PostgreSQL clusters")
	}
	_, a := startOracle(t)
	_, b := startOracle(t)
	r := &Runner{Sides: []Side{{Name: Postgres, Label: "postgres-a", ConnString: a}, {Name: Postgres, Label: "postgres-b", ConnString: b}}}
	ctx := context.Background()
	fixture, err := ParseFile("testdata/fixture.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, fl := range r.Load(ctx, fixture) {
		t.Fatalf("load the fixture:\n%s", fl)
	}
	r.Guarded = fixtureNamespaces
	if err := r.Baseline(ctx); err != nil {
		t.Fatal(err)
	}
	for _, path := range testFiles(t, true) {
		f, err := ParseFile(path)
		if err != nil {
			t.Error(err)
			continue
		}
		rep := r.RunFile(ctx, f, Extended)
		for _, fl := range rep.Failures {
			t.Errorf("%s", fl)
		}
	}
}
