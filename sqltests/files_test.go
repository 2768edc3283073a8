package sqltests

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxFailuresShown caps the detailed failures printed per file and
// protocol; the rest are counted.
const maxFailuresShown = 40

// TestSQL runs every test file under every protocol against entitydb and
// PostgreSQL and compares each statement's result.
func TestSQL(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var reports []*Report
	for _, path := range testFiles(t, os.Getenv(envPending) != "") {
		f, err := ParseFile(path)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		name := f.Name
		if filepath.Base(filepath.Dir(path)) == "pending" {
			name = "pending-" + name
		}
		t.Run(name, func(t *testing.T) {
			for _, proto := range protocols() {
				t.Run(string(proto), func(t *testing.T) {
					if os.Getenv(envTrace) != "" {
						e.runner.Trace = func(st *Statement, side string, res *Result) {
							t.Logf("%s:%d %s: %s\n%s", st.File, st.Line, side, st.SQL, strings.Join(summary(res), "\n"))
						}
						defer func() { e.runner.Trace = nil }()
					}
					rep := e.runner.RunFile(ctx, f, proto)
					reports = append(reports, rep)
					for i, fl := range rep.Failures {
						if i == maxFailuresShown {
							t.Errorf("... and %d more failures in %s [%s]", len(rep.Failures)-i, path, proto)
							break
						}
						t.Error("\n" + fl.String())
					}
					t.Logf("%s [%s]: %d statements, %d compared, %d on one side, %d not run, %d failures",
						path, proto, rep.Statements, rep.Compared, rep.Checked, rep.Skipped, len(rep.Failures))
				})
			}
		})
	}
	total, failed, compared := 0, 0, 0
	for _, r := range reports {
		total += r.Statements
		compared += r.Compared
		failed += len(r.Failures)
	}
	t.Logf("all files: %d statement runs, %d compared, %d failures", total, compared, failed)
	if failed > 0 {
		var all []*Failure
		for _, r := range reports {
			all = append(all, r.Failures...)
		}
		t.Logf("failures by kind, most frequent first (all protocols):\n%s", Summarize(all, 25))
	}
	if !e.differential {
		t.Logf("no entitydb server: files validated against PostgreSQL only")
	}
	if path := os.Getenv(envReport); path != "" {
		if err := writeReport(path, reports); err != nil {
			t.Errorf("write report: %v", err)
		}
	}
}

// TestFilesWellFormed parses every test file (pending ones too) and checks
// that each onlyif/skipif names a difference documented in
// docs/compatibility.md, and that pending files are listed there.
func TestFilesWellFormed(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "compatibility.md"))
	if err != nil {
		t.Fatalf("docs/compatibility.md: %v", err)
	}
	statements := 0
	for _, path := range append(testFiles(t, true), filepath.Join("testdata", "fixture.sql")) {
		f, err := ParseFile(path)
		if err != nil {
			t.Error(err)
			continue
		}
		if filepath.Base(filepath.Dir(path)) == "pending" && !strings.Contains(string(doc), "sqltests/"+filepath.ToSlash(path)) {
			t.Errorf("%s is pending but not listed under \"not yet supported\" in docs/compatibility.md", path)
		}
		for _, st := range f.Statements {
			statements++
			if st.Reason == "" {
				continue
			}
			if key := st.ReasonKey(); !strings.Contains(string(doc), "`"+key+"`") {
				t.Errorf("%s:%d: difference %q is not documented in docs/compatibility.md (write it as `%s`)", path, st.Line, key, key)
			}
		}
	}
	if statements < 400 {
		t.Errorf("%d statements in the test files; the SQL surface needs at least 400", statements)
	}
	t.Logf("%d statements", statements)
}

func ExampleFailure_String() {
	f := &Failure{Kind: Differs, File: "testdata/select.sql", Line: 12, Protocol: Extended,
		SQL: "SELECT id FROM tracker.entities ORDER BY id", What: "rows differ",
		Detail: sideBySide("entitydb", "postgres", []string{"1: (a)", "2: (b)"}, []string{"1: (a)", "2: (c)"}, []int{1})}
	fmt.Print(f)
	// Output:
	// testdata/select.sql:12 [extended] DIFFERS: rows differ
	//     SELECT id FROM tracker.entities ORDER BY id
	//   entitydb | postgres
	//   1: (a)   | 1: (a)
	// ! 2: (b)   | 2: (c)
}
