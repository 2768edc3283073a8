package planner

// In-package test harness: an engine over a temporary data directory and a
// recording Output, so tests drive sessions exactly like the wire server.

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

type testEnv struct {
	t   testing.TB
	reg *namespace.Registry
	eng *Engine
}

func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	reg, err := namespace.Open(namespace.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open registry: %v", err)
	}
	t.Cleanup(func() { reg.Close() })
	eng, err := NewEngine(Config{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{t: t, reg: reg, eng: eng}
}

// testSession is a session with a recording output.
type testSession struct {
	t       testing.TB
	s       *Session
	reports []string
	notices []string
}

func (e *testEnv) session() *testSession {
	ts := &testSession{t: e.t}
	s, err := e.eng.NewSession(SessionConfig{User: "entitydb", Database: "entitydb",
		ReportParam: func(n, v string) { ts.reports = append(ts.reports, n+"="+v) },
		Notice:      func(n *pgerr.Notice) { ts.notices = append(ts.notices, n.Message) },
	})
	if err != nil {
		e.t.Fatal(err)
	}
	ts.s = s
	e.t.Cleanup(s.Close)
	return ts
}

// recorder is an Output that keeps everything as text.
type recorder struct {
	cols    []Column
	rows    [][]*string
	tags    []string
	empty   int
	copyIn  []string // data fed to COPY FROM
	copyOut []string
	// results separated per statement
	results []result
}

type result struct {
	cols []string
	rows [][]string
	tag  string
}

func (r *recorder) Describe(cols []Column) error {
	r.cols = cols
	res := result{}
	for _, c := range cols {
		res.cols = append(res.cols, c.Name)
	}
	r.results = append(r.results, res)
	return nil
}

func (r *recorder) Row(values [][]byte) error {
	row := make([]*string, len(values))
	srow := make([]string, len(values))
	for i, v := range values {
		if v == nil {
			srow[i] = "NULL"
			continue
		}
		s := string(v)
		row[i] = &s
		srow[i] = s
	}
	r.rows = append(r.rows, row)
	if len(r.results) == 0 {
		r.results = append(r.results, result{})
	}
	last := &r.results[len(r.results)-1]
	last.rows = append(last.rows, srow)
	return nil
}

func (r *recorder) Complete(tag string) error {
	r.tags = append(r.tags, tag)
	if len(r.results) == 0 || r.results[len(r.results)-1].tag != "" {
		r.results = append(r.results, result{})
	}
	r.results[len(r.results)-1].tag = tag
	return nil
}

func (r *recorder) Empty() error { r.empty++; return nil }

type sliceSource struct {
	data []string
	i    int
}

func (s *sliceSource) Next() ([]byte, error) {
	if s.i >= len(s.data) {
		return nil, io.EOF
	}
	s.i++
	return []byte(s.data[s.i-1]), nil
}

func (r *recorder) CopyIn(format CopyFormat) (CopySource, error) {
	return &sliceSource{data: r.copyIn}, nil
}

type sliceSink struct{ r *recorder }

func (s sliceSink) Write(d []byte) error { s.r.copyOut = append(s.r.copyOut, string(d)); return nil }
func (s sliceSink) Done() error          { return nil }

func (r *recorder) CopyOut(format CopyFormat) (CopySink, error) { return sliceSink{r}, nil }

// exec runs a simple query and fails the test on error.
func (ts *testSession) exec(sql string) *recorder {
	ts.t.Helper()
	r := &recorder{}
	if err := ts.s.ExecSimple(context.Background(), sql, r); err != nil {
		ts.t.Fatalf("%s: %v", sql, err)
	}
	return r
}

// execErr runs a simple query expecting an error and returns its code.
func (ts *testSession) execErr(sql string) *pgerr.Error {
	ts.t.Helper()
	r := &recorder{}
	err := ts.s.ExecSimple(context.Background(), sql, r)
	if err == nil {
		ts.t.Fatalf("%s: expected an error, got tags %v rows %v", sql, r.tags, r.results)
	}
	return pgerr.Flatten(err)
}

// query returns the rows of a single-statement query as strings.
func (ts *testSession) query(sql string) [][]string {
	ts.t.Helper()
	r := ts.exec(sql)
	if len(r.results) == 0 {
		return nil
	}
	return r.results[0].rows
}

// one returns the single value of a query.
func (ts *testSession) one(sql string) string {
	ts.t.Helper()
	rows := ts.query(sql)
	if len(rows) != 1 || len(rows[0]) != 1 {
		ts.t.Fatalf("%s: want one value, got %v", sql, rows)
	}
	return rows[0][0]
}

func fmtRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|"))
		b.WriteString("\n")
	}
	return b.String()
}

// extended runs one statement through Prepare/Bind/Execute/Sync.
func (ts *testSession) extended(sql string, ptypes []types.OID, params []any, resultFormats []int16) (*recorder, string, error) {
	ctx := context.Background()
	r := &recorder{}
	p, err := ts.s.Prepare(ctx, "", sql, ptypes)
	if err != nil {
		ts.s.Failed()
		ts.s.Sync(ctx)
		return r, "", err
	}
	bp := make([]BindParam, len(params))
	for i, v := range params {
		switch x := v.(type) {
		case nil:
		case string:
			bp[i] = BindParam{Value: []byte(x)}
		case []byte:
			bp[i] = BindParam{Format: 1, Value: x}
		default:
			bp[i] = BindParam{Value: []byte(fmt.Sprint(x))}
		}
	}
	_ = p
	if err := ts.s.Bind(ctx, "", "", bp, resultFormats); err != nil {
		ts.s.Failed()
		ts.s.Sync(ctx)
		return r, "", err
	}
	cols, _ := ts.s.DescribePortal("")
	if cols != nil {
		r.Describe(cols)
	}
	tag, _, err := ts.s.Execute(ctx, "", 0, r)
	if err != nil {
		ts.s.Failed()
		ts.s.Sync(ctx)
		return r, "", err
	}
	if err := ts.s.Sync(ctx); err != nil {
		return r, tag, err
	}
	return r, tag, nil
}

// asyncResult is the outcome of execAsync.
type asyncResult struct {
	*recorder
	err error
}

// execAsync runs a simple query on its own goroutine (for statements that
// wait for a lock); the result arrives on the channel.
func (ts *testSession) execAsync(sql string) <-chan asyncResult {
	ch := make(chan asyncResult, 1)
	go func() {
		r := &recorder{}
		err := ts.s.ExecSimple(context.Background(), sql, r)
		ch <- asyncResult{r, err}
	}()
	return ch
}

// waitBlocked waits until n transactions wait for row locks.
func (e *testEnv) waitBlocked(n int) {
	e.t.Helper()
	lt := e.eng.locks
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		lt.mu.Lock()
		got := len(lt.mu.waits)
		lt.mu.Unlock()
		if got == n {
			return
		}
		if time.Since(start) > 30*time.Second {
			e.t.Fatalf("%d transactions wait for row locks, want %d", got, n)
		}
	}
}

// expectOne fails the test unless the query returns the single value want.
func (ts *testSession) expectOne(sql, want string) {
	ts.t.Helper()
	if got := ts.one(sql); got != want {
		ts.t.Fatalf("%s: got %s, want %s", sql, got, want)
	}
}

// expectCode runs sql, fails the test unless it fails with SQLSTATE code,
// and returns the error.
func (ts *testSession) expectCode(sql string, code pgerr.Code) *pgerr.Error {
	ts.t.Helper()
	e := ts.execErr(sql)
	if e.Code != code {
		ts.t.Fatalf("%s: got %s (%s), want %s", sql, e.Code, e.Message, code)
	}
	return e
}
