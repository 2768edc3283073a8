package pgwire

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/pgwire/scram"
	"github.com/entitydb/entitydb/planner"
	"github.com/entitydb/entitydb/planner/types"
)

// The fake session understands a handful of statements, enough to drive
// every protocol path without the SQL engine:
//
//	select N          one int4 row N          series N    N int4 rows 1..N
//	select $1         echoes its int4 param   begin/commit/rollback
//	fail              ERROR 42601 at pos 1    sleep       waits for cancel (57014)
//	copy in           reads COPY data          copy out    writes 3 lines
//	panic             panics                  notice      sends a NOTICE
//	set app           reports application_name=changed
type fakeSession struct {
	user   string
	cfg    planner.SessionConfig
	tx     byte
	stmts  map[string]fakeStmt
	portal map[string]*fakePortal
}

type fakeStmt struct {
	sql    string
	params []types.OID
}

type fakePortal struct {
	stmt    fakeStmt
	params  []planner.BindParam
	formats []int16
	next    int // next row of a series
}

func newFakeEngine() Engine {
	return EngineFunc(func(cfg planner.SessionConfig) (Session, error) {
		if cfg.Params["options"] == "fail" {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "bad options")
		}
		return &fakeSession{user: cfg.User, cfg: cfg, tx: 'I', stmts: map[string]fakeStmt{}, portal: map[string]*fakePortal{}}, nil
	})
}

func (s *fakeSession) StartupParams() []planner.Param {
	return []planner.Param{
		{Name: "server_version", Value: "15.0"}, {Name: "client_encoding", Value: "UTF8"},
		{Name: "DateStyle", Value: "ISO, MDY"}, {Name: "standard_conforming_strings", Value: "on"},
		{Name: "integer_datetimes", Value: "on"}, {Name: "TimeZone", Value: "UTC"},
	}
}
func (s *fakeSession) TxStatus() byte { return s.tx }
func (s *fakeSession) Close()         {}

var int4Col = []planner.Column{{Name: "v", Type: types.Of(types.Int4OID), TypeSize: 4}}

func (s *fakeSession) ExecSimple(ctx context.Context, sql string, out planner.Output) error {
	any := false
	for _, stmt := range strings.Split(sql, ";") {
		stmt = strings.TrimSpace(stmt)
		if stmt == "" || strings.HasPrefix(stmt, "--") {
			continue
		}
		any = true
		if s.tx == 'E' && stmt != "rollback" {
			return pgerr.New(pgerr.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block")
		}
		if err := s.run(ctx, stmt, nil, nil, 0, out, nil); err != nil {
			if s.tx == 'T' {
				s.tx = 'E'
			}
			return err
		}
	}
	if !any {
		return out.Empty()
	}
	return nil
}

// run executes one statement; for the extended protocol p is the portal
// and the tag is returned through tag instead of out.Complete.
func (s *fakeSession) run(ctx context.Context, stmt string, p *fakePortal, formats []int16, maxRows int, out planner.Output, tag *string) error {
	complete := func(t string) error {
		if tag != nil {
			*tag = t
			return nil
		}
		return out.Complete(t)
	}
	row := func(n int) error {
		if len(formats) > 0 && formats[0] == 1 {
			b := make([]byte, 4)
			binary.BigEndian.PutUint32(b, uint32(n))
			return out.Row([][]byte{b})
		}
		return out.Row([][]byte{[]byte(strconv.Itoa(n))})
	}
	f := strings.Fields(stmt)
	switch {
	case stmt == "select $1":
		v, err := paramInt(p.params[0])
		if err != nil {
			return err
		}
		if err := row(v); err != nil {
			return err
		}
		return complete("SELECT 1")
	case len(f) == 2 && (f[0] == "select" || f[0] == "series"):
		if ctx.Err() != nil { // an engine polls cancellation while it works
			return pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || n > 10000 {
			return pgerr.Newf(pgerr.SyntaxError, "bad number %q", f[1])
		}
		if tag == nil {
			if err := out.Describe(int4Col); err != nil {
				return err
			}
		}
		if f[0] == "select" {
			if err := row(n); err != nil {
				return err
			}
			return complete("SELECT 1")
		}
		start := 1
		if p != nil {
			start = p.next + 1
		}
		sent := 0
		for i := start; i <= n; i++ {
			if maxRows > 0 && sent == maxRows {
				p.next = i - 1
				return errSuspended
			}
			if err := row(i); err != nil {
				return err
			}
			sent++
		}
		return complete(fmt.Sprintf("SELECT %d", sent))
	case stmt == "begin":
		s.tx = 'T'
		return complete("BEGIN")
	case stmt == "commit":
		s.tx = 'I'
		return complete("COMMIT")
	case stmt == "rollback":
		s.tx = 'I'
		return complete("ROLLBACK")
	case stmt == "fail":
		return pgerr.New(pgerr.SyntaxError, "syntax error at or near \"fail\"").WithPosition(1).WithHint("try harder")
	case stmt == "notice":
		s.cfg.Notice(pgerr.NewNotice("hello from %s", s.user))
		return complete("DO")
	case stmt == "set app":
		s.cfg.ReportParam("application_name", "changed")
		return complete("SET")
	case stmt == "sleep":
		select {
		case <-ctx.Done():
			return pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
		case <-time.After(fakeSleep):
			return complete("SELECT 0")
		}
	case stmt == "panic":
		panic("fake session panic")
	case stmt == "copy in":
		src, err := out.CopyIn(planner.CopyFormat{ColumnFormats: []int16{0}})
		if err != nil {
			return err
		}
		n := 0
		for {
			data, err := src.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			n += strings.Count(string(data), "\n")
		}
		return complete(fmt.Sprintf("COPY %d", n))
	case stmt == "copy out":
		sink, err := out.CopyOut(planner.CopyFormat{ColumnFormats: []int16{0}})
		if err != nil {
			return err
		}
		for i := 1; i <= 3; i++ {
			if err := sink.Write([]byte(fmt.Sprintf("%d\n", i))); err != nil {
				return err
			}
		}
		if err := sink.Done(); err != nil {
			return err
		}
		return complete("COPY 3")
	}
	return pgerr.Newf(pgerr.SyntaxError, "fake session does not understand %q", stmt)
}

var errSuspended = errors.New("suspended")

// fakeSleep is how long "sleep" waits for a cancel.
var fakeSleep = 10 * time.Second

func paramInt(p planner.BindParam) (int, error) {
	if p.Value == nil {
		return 0, pgerr.New(pgerr.NullValueNotAllowed, "null")
	}
	if p.Format == 1 {
		if len(p.Value) != 4 {
			return 0, pgerr.New(pgerr.InvalidBinaryRepresentation, "bad int4")
		}
		return int(int32(binary.BigEndian.Uint32(p.Value))), nil
	}
	n, err := strconv.Atoi(string(p.Value))
	if err != nil {
		return 0, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type integer: %q", p.Value)
	}
	return n, nil
}

func (s *fakeSession) Prepare(ctx context.Context, name, sql string, paramTypes []types.OID) (*planner.Prepared, error) {
	sql = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(sql), ";"))
	if _, used := s.stmts[name]; used && name != "" {
		return nil, pgerr.Newf(pgerr.DuplicatePstatement, "prepared statement %q already exists", name)
	}
	if sql == "bad syntax" {
		return nil, pgerr.New(pgerr.SyntaxError, "syntax error at or near \"bad\"").WithPosition(1)
	}
	st := fakeStmt{sql: sql}
	if strings.Contains(sql, "$1") {
		st.params = []types.OID{types.Int4OID}
	}
	s.stmts[name] = st
	return s.describe(st), nil
}

func (s *fakeSession) describe(st fakeStmt) *planner.Prepared {
	p := &planner.Prepared{ParamTypes: st.params}
	if strings.HasPrefix(st.sql, "select") || strings.HasPrefix(st.sql, "series") {
		p.Columns = int4Col
	}
	return p
}

func (s *fakeSession) DescribeStatement(name string) (*planner.Prepared, error) {
	st, ok := s.stmts[name]
	if !ok {
		return nil, pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement %q does not exist", name)
	}
	return s.describe(st), nil
}

func (s *fakeSession) CloseStatement(name string) { delete(s.stmts, name) }

func (s *fakeSession) Bind(ctx context.Context, portal, stmt string, params []planner.BindParam, resultFormats []int16) error {
	st, ok := s.stmts[stmt]
	if !ok {
		return pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement %q does not exist", stmt)
	}
	if len(params) != len(st.params) {
		return pgerr.Newf(pgerr.ProtocolViolation, "bind message supplies %d parameters, but prepared statement requires %d", len(params), len(st.params))
	}
	s.portal[portal] = &fakePortal{stmt: st, params: params, formats: resultFormats}
	return nil
}

func (s *fakeSession) DescribePortal(name string) ([]planner.Column, error) {
	p, ok := s.portal[name]
	if !ok {
		return nil, pgerr.Newf(pgerr.InvalidCursorName, "portal %q does not exist", name)
	}
	cols := s.describe(p.stmt).Columns
	if cols == nil {
		return nil, nil
	}
	c := append([]planner.Column(nil), cols...)
	if len(p.formats) > 0 {
		c[0].Format = p.formats[0]
	}
	return c, nil
}

func (s *fakeSession) ClosePortal(name string) { delete(s.portal, name) }

func (s *fakeSession) Execute(ctx context.Context, portal string, maxRows int, out planner.Output) (string, bool, error) {
	p, ok := s.portal[portal]
	if !ok {
		return "", false, pgerr.Newf(pgerr.InvalidCursorName, "portal %q does not exist", portal)
	}
	if p.stmt.sql == "" {
		return "", false, out.Empty()
	}
	var tag string
	err := s.run(ctx, p.stmt.sql, p, p.formats, maxRows, out, &tag)
	if errors.Is(err, errSuspended) {
		return "", true, nil
	}
	return tag, false, err
}

func (s *fakeSession) Sync(ctx context.Context) error {
	if s.tx == 'I' {
		delete(s.portal, "")
	}
	return nil
}

func (s *fakeSession) Failed() {
	if s.tx == 'T' {
		s.tx = 'E'
	}
}

// memRoles is an in-memory role table.
type memRoles struct {
	mu    sync.Mutex
	roles map[string]*Role
}

func (m *memRoles) LookupRole(ctx context.Context, name string) (*Role, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.roles[name], nil
}

const testPassword = "s3cret pw"

func newMemRoles(t testing.TB) *memRoles {
	v, err := scram.NewVerifier(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return &memRoles{roles: map[string]*Role{
		"entitydb":  {Name: "entitydb", CanLogin: true, SCRAM: v, MD5: MD5Hash("entitydb", testPassword)},
		"nologin":   {Name: "nologin", SCRAM: v},
		"scramonly": {Name: "scramonly", CanLogin: true, SCRAM: v},
	}}
}

// fakeServer is a pgwire server over the fake engine.
type fakeServer struct {
	srv  *Server
	addr string
}

func startFake(t testing.TB, configure func(*Config)) *fakeServer {
	t.Helper()
	level := slog.LevelWarn
	if os.Getenv("ENTITYDB_TEST_LOG") == "debug" {
		level = slog.LevelDebug
	}
	cfg := Config{
		Engine: newFakeEngine(),
		Roles:  newMemRoles(t),
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})),
	}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return &fakeServer{srv: srv, addr: ln.Addr().String()}
}

func (f *fakeServer) connString(user, password string) string {
	host, port, _ := net.SplitHostPort(f.addr)
	return fmt.Sprintf("host=%s port=%s user=%s password='%s' dbname=entitydb sslmode=disable", host, port, user, password)
}
