package sqltests

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/entitydb/entitydb/internal/pgcluster"
)

// Environment variables that steer the tests (all optional):
//
//	SQLTESTS_TARGET=postgres     run the files against PostgreSQL only: validates
//	                             the files themselves (expectations, determinism)
//	SQLTESTS_ENTITYDB_URL=url    compare against an entitydb already running at url
//	                             instead of an in-process server
//	SQLTESTS_PROTOCOLS=a,b       protocols to run the files under
//	                             (default extended,simple,binary)
//	SQLTESTS_PENDING=1           also run testdata/pending/*.sql
//	SQLTESTS_TRACE=1             log every statement's result on every side
//	SQLTESTS_REPORT=path         write a Markdown summary of every failure to path
//	SQLTESTS_SEED=n              seed of the randomized differential test
//	SQLTESTS_QUERIES=n           queries of the randomized differential test
//	                             (default 2,000; 50,000 with -long)
//	SQLTESTS_ENTITIES=n          entities per namespace of the randomized test
//	                             (default 400; 3,000 with -long)
const (
	envTarget    = "SQLTESTS_TARGET"
	envURL       = "SQLTESTS_ENTITYDB_URL"
	envProtocols = "SQLTESTS_PROTOCOLS"
	envPending   = "SQLTESTS_PENDING"
	envReport    = "SQLTESTS_REPORT"
	envTrace     = "SQLTESTS_TRACE"
)

// flagLong selects the long run (make sqltests-long): a much longer
// randomized differential test on more data.
var flagLong = flag.Bool("long", false, "long randomized differential run (50,000 queries, 3,000 entities per namespace)")

// startSubject starts the entitydb server under test and returns its
// connection string. It is set by subject_test.go; nil means no in-process
// server is available and the tests compare nothing (they say so loudly).
var startSubject func(t testing.TB) string

// env is a prepared pair of systems with the fixture loaded.
type env struct {
	runner *Runner
	oracle *pgcluster.Cluster
	// differential is false when only the oracle runs.
	differential bool
}

// fixtureNamespaces are the namespaces testdata/fixture.sql creates and
// files must not change. public is guarded too.
var fixtureNamespaces = []string{"tracker", "metrics", "config", "blobs", "empty", "public"}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	cluster, oracleURL, err := StartOracle(ctx, nil)
	if err != nil {
		t.Fatalf("start the PostgreSQL oracle: %v", err)
	}
	t.Cleanup(func() {
		if err := cluster.Stop(); err != nil {
			t.Errorf("stop the oracle: %v", err)
		}
	})
	e := &env{oracle: cluster, runner: &Runner{}}
	oracle := Side{Name: Postgres, ConnString: oracleURL}

	switch {
	case os.Getenv(envTarget) == Postgres:
		t.Logf("%s=postgres: running against PostgreSQL only (validates the test files; compares nothing)", envTarget)
		e.runner.Sides = []Side{oracle}
	case os.Getenv(envURL) != "":
		e.runner.Sides = []Side{{Name: Entitydb, ConnString: os.Getenv(envURL)}, oracle}
		e.differential = true
	case startSubject != nil:
		e.runner.Sides = []Side{{Name: Entitydb, ConnString: startSubject(t)}, oracle}
		e.differential = true
	default:
		t.Logf("NO ENTITYDB SERVER AVAILABLE: running against PostgreSQL only")
		e.runner.Sides = []Side{oracle}
	}

	fixture, err := ParseFile(filepath.Join("testdata", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if fails := e.runner.Load(ctx, fixture); len(fails) > 0 {
		for _, f := range fails[:min(len(fails), 10)] {
			t.Errorf("loading the fixture:\n%s", f)
		}
		t.Errorf("the fixture did not load identically (%d failures): later differences may follow from it", len(fails))
	}
	t.Logf("fixture loaded in %v", time.Since(start).Round(time.Millisecond))
	e.runner.Guarded = fixtureNamespaces
	e.runner.Fixture = fixture
	if err := e.runner.Baseline(ctx); err != nil {
		t.Errorf("fingerprint the fixture: %v", err)
	}
	return e
}

func protocols() []Protocol {
	v := os.Getenv(envProtocols)
	if v == "" {
		return Protocols
	}
	var out []Protocol
	for _, p := range strings.Split(v, ",") {
		out = append(out, Protocol(strings.TrimSpace(p)))
	}
	return out
}

// testFiles lists the test files: testdata/*.sql without the fixture, and
// testdata/pending/*.sql when SQLTESTS_PENDING is set.
func testFiles(t *testing.T, pending bool) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if pending {
		more, _ := filepath.Glob(filepath.Join("testdata", "pending", "*.sql"))
		files = append(files, more...)
	}
	out := files[:0]
	for _, f := range files {
		if filepath.Base(f) != "fixture.sql" {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// writeReport writes a Markdown summary of reports to path.
func writeReport(path string, reports []*Report) error {
	var b strings.Builder
	b.WriteString("# sqltests report\n\n| file | protocol | statements | compared | one side | failures |\n|---|---|---|---|---|---|\n")
	for _, r := range reports {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d |\n", r.File, r.Protocol, r.Statements, r.Compared, r.Checked, len(r.Failures))
	}
	for _, r := range reports {
		for _, f := range r.Failures {
			b.WriteString("\n```\n" + f.String() + "```\n")
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
