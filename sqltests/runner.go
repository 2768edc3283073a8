package sqltests

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Side is a system the runner sends statements to.
type Side struct {
	Name       string // Entitydb or Postgres: decides onlyif/skipif
	ConnString string
	Label      string // shown in failures instead of Name when set
}

func (s Side) label() string {
	if s.Label != "" {
		return s.Label
	}
	return s.Name
}

// Runner runs test files. With two sides, Sides[0] is the subject
// (entitydb) and Sides[1] the oracle (PostgreSQL): every statement runs on
// both and the results are compared. With one side (the oracle alone) it
// checks the files' own expectations, which validates the files.
type Runner struct {
	Sides []Side
	// StatementTimeout bounds each statement; a statement that takes longer
	// breaks the connection and ends the file. Default 30s.
	StatementTimeout time.Duration
	// Guarded namespaces (the fixture) must be unchanged after every file.
	Guarded []string
	// Fixture, when set, is reloaded after a file changed a guarded
	// namespace, so that one bad file does not fail every later one.
	Fixture *File

	// Trace, when set, sees every result (SQLTESTS_TRACE=1 logs them).
	Trace func(st *Statement, side string, res *Result)

	baseline map[string]string // side name + namespace -> fingerprint
}

// FailureKind classifies a failure.
type FailureKind int

const (
	// Differs: the subject's result differs from the oracle's, or the
	// subject breaks the statement's expectation.
	Differs FailureKind = iota
	// FileError: the test file itself is wrong (the oracle does not do
	// what the file expects, or the statement is not deterministic).
	FileError
	// Broken: a connection failed; the rest of the file did not run.
	Broken
)

func (k FailureKind) String() string {
	switch k {
	case Differs:
		return "DIFFERS"
	case FileError:
		return "TEST FILE ERROR"
	}
	return "BROKEN"
}

// Failure is one failed statement (or file-level step).
type Failure struct {
	Kind     FailureKind
	File     string
	Line     int
	Protocol Protocol
	SQL      string
	What     string
	Detail   []string
	// Kind of difference for summaries: the subject's error when it failed
	// alone, else what differs ("rows differ", "command tag differs").
	Signature string
}

// signature summarizes a difference for grouping failures.
func signature(d *Difference, sub, oracle *Result) string {
	sig := d.What
	if i := strings.IndexAny(sig, ":("); i > 0 {
		sig = strings.TrimSpace(sig[:i])
	}
	switch {
	case sub.Err != nil && oracle.Err == nil:
		return "entitydb fails: " + sub.ErrText()
	case sub.Err == nil && oracle.Err != nil:
		return "entitydb succeeds where PostgreSQL fails with " + oracle.Code()
	case sub.Err != nil:
		return "other SQLSTATE: entitydb " + sub.Code() + ", PostgreSQL " + oracle.Code()
	}
	return sig
}

// Summarize counts failures by signature, most frequent first, as lines
// "  N x signature".
func Summarize(failures []*Failure, max int) string {
	counts := map[string]int{}
	var order []string
	for _, f := range failures {
		sig := f.Signature
		if sig == "" {
			sig = f.Kind.String() + ": " + f.What
		}
		if counts[sig] == 0 {
			order = append(order, sig)
		}
		counts[sig]++
	}
	sort.SliceStable(order, func(i, j int) bool { return counts[order[i]] > counts[order[j]] })
	var b strings.Builder
	for i, sig := range order {
		if i == max {
			fmt.Fprintf(&b, "  ... %d more kinds\n", len(order)-i)
			break
		}
		fmt.Fprintf(&b, "  %5d x %s\n", counts[sig], sig)
	}
	return b.String()
}

// String renders the failure for a test log: location, protocol, the
// statement, what differs, then the two sides next to each other.
func (f *Failure) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d [%s] %s: %s\n", f.File, f.Line, f.Protocol, f.Kind, f.What)
	if f.SQL != "" {
		lines := strings.Split(f.SQL, "\n")
		if len(lines) > 16 {
			n := len(lines)
			lines = append(append(lines[:8:8], fmt.Sprintf("  ... (%d more lines)", n-11)), lines[n-3:]...)
		}
		for _, l := range lines {
			if len(l) > 400 {
				l = l[:400] + " ..."
			}
			b.WriteString("    " + l + "\n")
		}
	}
	for _, l := range f.Detail {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// Report is the outcome of one file under one protocol.
type Report struct {
	File       string
	Protocol   Protocol
	Statements int // statements in the file
	Compared   int // statements run on both sides and compared
	Checked    int // statements run on one side only (onlyif/skipif, or oracle-only mode)
	Skipped    int // statements not run under this protocol (args under simple)
	Failures   []*Failure
}

func (r *Runner) timeout() time.Duration {
	if r.StatementTimeout == 0 {
		return 30 * time.Second
	}
	return r.StatementTimeout
}

func (r *Runner) connect(ctx context.Context) ([]*pgconn.PgConn, error) {
	conns := make([]*pgconn.PgConn, len(r.Sides))
	for i, s := range r.Sides {
		cctx, cancel := context.WithTimeout(ctx, r.timeout())
		c, err := pgconn.Connect(cctx, s.ConnString)
		cancel()
		if err != nil {
			closeAll(conns)
			return nil, fmt.Errorf("connect to %s: %w", s.Name, err)
		}
		conns[i] = c
	}
	return conns, nil
}

func closeAll(conns []*pgconn.PgConn) {
	for _, c := range conns {
		if c != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			c.Close(ctx)
			cancel()
		}
	}
}

// Load runs a setup file (the fixture) like a test file under the
// extended protocol, but keeps the namespaces it creates.
func (r *Runner) Load(ctx context.Context, f *File) []*Failure {
	return r.runFile(ctx, f, func(int) Protocol { return Extended }, true).Failures
}

// RunFile runs every statement of f on every side under the protocol,
// sharing one session per side across the file. The namespaces the file
// creates are dropped before and after it runs.
func (r *Runner) RunFile(ctx context.Context, f *File, proto Protocol) *Report {
	rep := r.runFile(ctx, f, func(int) Protocol { return proto }, false)
	rep.Protocol = proto
	return rep
}

func (r *Runner) runFile(ctx context.Context, f *File, protoFor func(int) Protocol, keep bool) *Report {
	rep := &Report{File: f.Path, Statements: len(f.Statements)}
	proto := protoFor(0)
	fail := func(kind FailureKind, st *Statement, what string, detail []string) {
		fl := &Failure{Kind: kind, File: f.Path, Protocol: proto, What: what, Detail: detail}
		if st != nil {
			fl.Line, fl.SQL = st.Line, st.SQL
		}
		rep.Failures = append(rep.Failures, fl)
	}

	analyses := make([]analysis, len(f.Statements))
	var created []string
	for i, st := range f.Statements {
		analyses[i] = analyze(st.SQL)
		created = append(created, analyses[i].schemas...)
	}
	if keep {
		created = nil
	}
	if err := r.dropSchemas(ctx, created); err != nil {
		fail(Broken, nil, "dropping the file's namespaces before it runs: "+err.Error(), nil)
		return rep
	}
	defer func() {
		if err := r.dropSchemas(ctx, created); err != nil {
			fail(Broken, nil, "dropping the file's namespaces after it ran: "+err.Error(), nil)
		}
		for _, msg := range r.checkGuarded(ctx) {
			fail(FileError, nil, msg, nil)
		}
	}()

	conns, err := r.connect(ctx)
	if err != nil {
		fail(Broken, nil, err.Error(), nil)
		return rep
	}
	sessions := map[string][]*pgconn.PgConn{"": conns}
	defer func() {
		for _, c := range sessions {
			closeAll(c)
		}
	}()

	firstWriteDiff := 0 // line of the first write whose outcome differed
	for i, st := range f.Statements {
		a := analyses[i]
		proto = protoFor(i)
		if proto == Simple && st.HasArgs {
			rep.Skipped++
			continue
		}
		if a.lint != "" {
			fail(FileError, st, a.lint, nil)
		}
		conns := sessions[st.Session]
		if conns == nil {
			var err error
			if conns, err = r.connect(ctx); err != nil {
				fail(Broken, st, "opening session "+st.Session+": "+err.Error(), nil)
				return rep
			}
			sessions[st.Session] = conns
		}
		results := make([]*Result, len(r.Sides))
		ran := 0
		for k, side := range r.Sides {
			if !st.Runs(side.Name) {
				continue
			}
			sctx, cancel := context.WithTimeout(ctx, r.timeout())
			results[k] = execute(sctx, conns[k], proto, st.SQL, st.Args)
			cancel()
			if r.Trace != nil {
				r.Trace(st, side.Name, results[k])
			}
			ran++
		}
		if ran == 0 {
			rep.Skipped++
			continue
		}
		broken := false
		for k, res := range results {
			if res != nil && res.Code() == "conn" {
				fail(Broken, st, fmt.Sprintf("connection to %s failed; the rest of the file did not run", r.Sides[k].label()),
					[]string{"  " + res.ErrText()})
				broken = true
			}
		}
		if broken {
			return rep
		}
		ordered := a.ordered
		switch st.Order {
		case OrderRows:
			ordered = true
		case OrderSet:
			ordered = false
		}

		// Expectations, checked on every side that ran. A wrong
		// expectation on the oracle is the file's fault. When both sides
		// ran, a subject that misses the expectation is reported by the
		// comparison below, with both results side by side.
		oracle := len(r.Sides) - 1
		for k, res := range results {
			if res == nil || (k != oracle && ran > 1) {
				continue
			}
			kind := Differs
			if k == oracle {
				kind = FileError
			}
			name := r.Sides[k].label()
			switch {
			case st.ExpectError != "" && res.Code() != st.ExpectError:
				got := "succeeded: " + strings.Join(summary(res), "; ")
				if res.Err != nil {
					got = res.ErrText()
				}
				fail(kind, st, fmt.Sprintf("expected SQLSTATE %s on %s", st.ExpectError, name), []string{"  " + name + ": " + got})
			case st.ExpectError == "" && res.Err != nil && (k == oracle || ran == 1):
				msg := "fails on " + name + "; fix the statement or add -- expect-error " + res.Code()
				fail(kind, st, msg, []string{"  " + res.ErrText()})
			}
		}

		if results[0] != nil && len(results) == 2 && results[1] != nil {
			rep.Compared++
			if d := compareResults(r.Sides[0].label(), r.Sides[1].label(), results[0], results[1], ordered); d != nil {
				what := d.What
				if d.Rows {
					what += ", compared " + describeOrder(a.ordered, st.Order)
				}
				detail := d.Detail
				if firstWriteDiff > 0 {
					detail = append(detail, fmt.Sprintf("  (a write at line %d already differed: this difference may follow from it)", firstWriteDiff))
				} else if a.write {
					firstWriteDiff = st.Line
				}
				fail(Differs, st, what, detail)
				rep.Failures[len(rep.Failures)-1].Signature = signature(d, results[0], results[1])
			}
		} else {
			rep.Checked++
		}
	}
	return rep
}

// dropSchemas drops the namespaces a file creates, on every side.
func (r *Runner) dropSchemas(ctx context.Context, schemas []string) error {
	if len(schemas) == 0 {
		return nil
	}
	conns, err := r.connect(ctx)
	if err != nil {
		return err
	}
	defer closeAll(conns)
	for k, c := range conns {
		for _, s := range schemas {
			sctx, cancel := context.WithTimeout(ctx, r.timeout())
			res := readOne(c.ExecParams(sctx, "DROP SCHEMA IF EXISTS "+quoteIdent(s)+" CASCADE", nil, nil, nil, nil))
			cancel()
			if res.Err != nil {
				return fmt.Errorf("%s: DROP SCHEMA IF EXISTS %s CASCADE: %s", r.Sides[k].label(), quoteIdent(s), res.ErrText())
			}
		}
	}
	return nil
}

// Baseline records the fingerprints of the guarded namespaces.
func (r *Runner) Baseline(ctx context.Context) error {
	fp, err := r.fingerprints(ctx)
	if err != nil {
		return err
	}
	r.baseline = fp
	return nil
}

// checkGuarded reports guarded namespaces that changed since Baseline.
func (r *Runner) checkGuarded(ctx context.Context) []string {
	if r.baseline == nil {
		return nil
	}
	fp, err := r.fingerprints(ctx)
	if err != nil {
		return []string{"checking the fixture namespaces: " + err.Error()}
	}
	var out []string
	for k, v := range r.baseline {
		if fp[k] != v {
			out = append(out, fmt.Sprintf("fixture namespace changed (%s): files must not write to the fixture; "+
				"create a namespace of your own", k))
		}
	}
	sort.Strings(out)
	if len(out) > 0 {
		if err := r.restoreFixture(ctx); err != nil {
			out = append(out, "restoring the fixture: "+err.Error())
			r.baseline = fp // report once
		}
	}
	return out
}

// restoreFixture drops the fixture's namespaces, empties public, and loads
// the fixture again.
func (r *Runner) restoreFixture(ctx context.Context) error {
	if r.Fixture == nil {
		return fmt.Errorf("no fixture to restore")
	}
	var created []string
	for _, st := range r.Fixture.Statements {
		created = append(created, analyze(st.SQL).schemas...)
	}
	if err := r.dropSchemas(ctx, created); err != nil {
		return err
	}
	conns, err := r.connect(ctx)
	if err != nil {
		return err
	}
	for k, c := range conns {
		res := readOne(c.ExecParams(ctx, "DELETE FROM public.entities", nil, nil, nil, nil))
		if res.Err != nil {
			closeAll(conns)
			return fmt.Errorf("%s: DELETE FROM public.entities: %s", r.Sides[k].label(), res.ErrText())
		}
	}
	closeAll(conns)
	if fails := r.Load(ctx, r.Fixture); len(fails) > 0 {
		return fmt.Errorf("reloading: %s", fails[0])
	}
	return r.Baseline(ctx)
}

func (r *Runner) fingerprints(ctx context.Context) (map[string]string, error) {
	conns, err := r.connect(ctx)
	if err != nil {
		return nil, err
	}
	defer closeAll(conns)
	out := map[string]string{}
	for k, c := range conns {
		for _, ns := range r.Guarded {
			sql := "SELECT id, tags, content, created_at, updated_at FROM " + quoteIdent(ns) + ".entities ORDER BY id"
			sctx, cancel := context.WithTimeout(ctx, r.timeout())
			res := readOne(c.ExecParams(sctx, sql, nil, nil, nil, nil))
			cancel()
			if res.Err != nil {
				return nil, fmt.Errorf("%s: %s: %s", r.Sides[k].label(), sql, res.ErrText())
			}
			h := sha256.New()
			for _, row := range res.Rows {
				for _, v := range row {
					fmt.Fprintf(h, "%d:", len(v))
					if v == nil {
						h.Write([]byte("N"))
					}
					h.Write(v)
				}
			}
			out[r.Sides[k].label()+" "+ns] = hex.EncodeToString(h.Sum(nil))
		}
	}
	return out, nil
}
