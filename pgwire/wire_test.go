package pgwire

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

func connect(t *testing.T, connString string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func TestConnectQueryPing(t *testing.T) {
	f := startFake(t, nil)
	conn := connect(t, f.connString("entitydb", testPassword))
	ctx := context.Background()
	if err := conn.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	if got := conn.PgConn().ParameterStatus("server_version"); got != "15.0" {
		t.Fatalf("server_version = %q", got)
	}
	if conn.PgConn().PID() == 0 {
		t.Fatal("no BackendKeyData")
	}
	for _, mode := range []pgx.QueryExecMode{
		pgx.QueryExecModeCacheStatement, pgx.QueryExecModeCacheDescribe,
		pgx.QueryExecModeDescribeExec, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol,
	} {
		t.Run(mode.String(), func(t *testing.T) {
			var n int32
			if mode == pgx.QueryExecModeSimpleProtocol {
				if err := conn.QueryRow(ctx, "select 42", mode).Scan(&n); err != nil {
					t.Fatal(err)
				}
			} else if err := conn.QueryRow(ctx, "select $1", mode, 42).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 42 {
				t.Fatalf("got %d, want 42", n)
			}
		})
	}
}

func TestAuth(t *testing.T) {
	rules := func(text string) func(*Config) {
		return func(c *Config) {
			r, err := ParseRules(strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			c.Rules = r
		}
	}
	cases := []struct {
		name     string
		rules    string
		user, pw string
		db       string
		code     string // "" means success
	}{
		{"scram ok", "", "entitydb", testPassword, "entitydb", ""},
		{"scram wrong password", "", "entitydb", "nope", "entitydb", "28P01"},
		{"unknown role", "", "ghost", testPassword, "entitydb", "28000"},
		{"no login", "", "nologin", testPassword, "entitydb", "28000"},
		{"unknown database", "", "entitydb", testPassword, "postgres", "3D000"},
		{"md5 ok", "host all all 127.0.0.1/32 md5", "entitydb", testPassword, "entitydb", ""},
		{"md5 wrong", "host all all 127.0.0.1/32 md5", "entitydb", "x", "entitydb", "28P01"},
		{"md5 falls back to scram", "host all all all md5", "scramonly", testPassword, "entitydb", ""},
		{"cleartext ok", "host all entitydb all password", "entitydb", testPassword, "entitydb", ""},
		{"cleartext wrong", "host all entitydb all password", "entitydb", "x", "entitydb", "28P01"},
		{"trust", "host entitydb all 127.0.0.0/8 trust", "entitydb", "", "entitydb", ""},
		{"reject", "host all all all reject", "entitydb", testPassword, "entitydb", "28000"},
		{"no rule", "hostssl all all all trust", "entitydb", testPassword, "entitydb", "28000"},
		{"other address", "host all all 10.0.0.0/8 trust", "entitydb", testPassword, "entitydb", "28000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var cfg func(*Config)
			if tc.rules != "" {
				cfg = rules(tc.rules)
			}
			f := startFake(t, cfg)
			cs := strings.Replace(f.connString(tc.user, tc.pw), "dbname=entitydb", "dbname="+tc.db, 1)
			conn, err := pgx.Connect(context.Background(), cs)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				defer conn.Close(context.Background())
				if err := conn.Ping(context.Background()); err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				conn.Close(context.Background())
				t.Fatalf("connected; want SQLSTATE %s", tc.code)
			}
			var pe *pgconn.PgError
			if !errors.As(err, &pe) || pe.Code != tc.code || pe.Severity != "FATAL" {
				t.Fatalf("err = %v; want FATAL %s", err, tc.code)
			}
		})
	}
}

func TestErrorsAndTransactions(t *testing.T) {
	f := startFake(t, nil)
	conn := connect(t, f.connString("entitydb", testPassword))
	ctx := context.Background()
	_, err := conn.Exec(ctx, "fail")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "42601" || pe.Position != 1 || pe.Hint != "try harder" || pe.Severity != "ERROR" {
		t.Fatalf("err = %#v", err)
	}
	// Multi-statement string stops at the first error; transaction status
	// follows the session.
	_, err = conn.Exec(ctx, "begin; fail; select 1")
	if pgCode(err) != "42601" {
		t.Fatalf("err = %v", err)
	}
	if st := conn.PgConn().TxStatus(); st != 'E' {
		t.Fatalf("tx status %c, want E", st)
	}
	if _, err := conn.Exec(ctx, "select 1"); pgCode(err) != "25P02" {
		t.Fatalf("err = %v, want 25P02", err)
	}
	if _, err := conn.Exec(ctx, "rollback"); err != nil {
		t.Fatal(err)
	}
	if st := conn.PgConn().TxStatus(); st != 'I' {
		t.Fatalf("tx status %c, want I", st)
	}
}

func TestPipelineDiscardsUntilSync(t *testing.T) {
	f := startFake(t, nil)
	conn := connect(t, f.connString("entitydb", testPassword))
	ctx := context.Background()
	b := &pgx.Batch{}
	b.Queue("select $1", 1)
	b.Queue("fail")
	b.Queue("select $1", 3)
	br := conn.SendBatch(ctx, b)
	var n int32
	if err := br.QueryRow().Scan(&n); err != nil || n != 1 {
		t.Fatalf("first: %v %d", err, n)
	}
	if _, err := br.Exec(); pgCode(err) != "42601" {
		t.Fatalf("second: %v", err)
	}
	if err := br.QueryRow().Scan(&n); err == nil {
		t.Fatal("third ran after an error in the same pipeline")
	}
	br.Close()
	if err := conn.QueryRow(ctx, "select $1", 9).Scan(&n); err != nil || n != 9 {
		t.Fatalf("after batch: %v %d", err, n)
	}
}

// rawConn speaks the protocol directly, for flows that drivers do not
// expose (Flush, PortalSuspended, malformed input).
type rawConn struct {
	t  *testing.T
	nc net.Conn
	fe *pgproto3.Frontend
}

func dialRaw(t *testing.T, addr string) *rawConn {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
	return &rawConn{t: t, nc: nc, fe: pgproto3.NewFrontend(nc, nc)}
}

// startup logs in under trust rules and reads up to ReadyForQuery.
func (r *rawConn) startup() {
	r.t.Helper()
	r.fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30,
		Parameters: map[string]string{"user": "entitydb", "database": "entitydb"}})
	r.flush()
	r.until(func(m pgproto3.BackendMessage) bool { _, ok := m.(*pgproto3.ReadyForQuery); return ok })
}

func (r *rawConn) flush() {
	r.t.Helper()
	if err := r.fe.Flush(); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rawConn) recv() pgproto3.BackendMessage {
	r.t.Helper()
	m, err := r.fe.Receive()
	if err != nil {
		r.t.Fatalf("receive: %v", err)
	}
	return m
}

// until reads messages until stop returns true, returning their types.
func (r *rawConn) until(stop func(pgproto3.BackendMessage) bool) []string {
	r.t.Helper()
	var seen []string
	for {
		m := r.recv()
		seen = append(seen, typeName(m))
		if e, ok := m.(*pgproto3.ErrorResponse); ok && e.Severity == "FATAL" {
			r.t.Fatalf("FATAL %s %s", e.Code, e.Message)
		}
		if stop(m) {
			return seen
		}
	}
}

func typeName(m pgproto3.BackendMessage) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", m), "*pgproto3.")
}

func trustRules(c *Config) { c.Rules = Rules{{ConnType: "host", AnyAddr: true, Method: MethodTrust}} }

func isRFQ(m pgproto3.BackendMessage) bool { _, ok := m.(*pgproto3.ReadyForQuery); return ok }

func TestPortalSuspendedAndFlush(t *testing.T) {
	f := startFake(t, trustRules)
	r := dialRaw(t, f.addr)
	r.startup()
	// pg-cursor style: no Sync, Flush after each step.
	r.fe.Send(&pgproto3.Parse{Query: "series 5"})
	r.fe.Send(&pgproto3.Bind{DestinationPortal: "C_1"})
	r.fe.Send(&pgproto3.Describe{ObjectType: 'P', Name: "C_1"})
	r.fe.Send(&pgproto3.Flush{})
	r.flush()
	got := r.until(func(m pgproto3.BackendMessage) bool { _, ok := m.(*pgproto3.RowDescription); return ok })
	if want := "ParseComplete BindComplete RowDescription"; strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	r.fe.Send(&pgproto3.Execute{Portal: "C_1", MaxRows: 2})
	r.fe.Send(&pgproto3.Flush{})
	r.flush()
	got = r.until(func(m pgproto3.BackendMessage) bool { _, ok := m.(*pgproto3.PortalSuspended); return ok })
	if want := "DataRow DataRow PortalSuspended"; strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	r.fe.Send(&pgproto3.Execute{Portal: "C_1", MaxRows: 10})
	r.fe.Send(&pgproto3.Close{ObjectType: 'P', Name: "C_1"})
	r.fe.Send(&pgproto3.Sync{})
	r.flush()
	got = r.until(isRFQ)
	if want := "DataRow DataRow DataRow CommandComplete CloseComplete ReadyForQuery"; strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	// Describe statement: ParameterDescription then RowDescription; a
	// statement without rows gets NoData.
	r.fe.Send(&pgproto3.Parse{Name: "s1", Query: "select $1"})
	r.fe.Send(&pgproto3.Describe{ObjectType: 'S', Name: "s1"})
	r.fe.Send(&pgproto3.Parse{Name: "s2", Query: "begin"})
	r.fe.Send(&pgproto3.Describe{ObjectType: 'S', Name: "s2"})
	r.fe.Send(&pgproto3.Parse{Query: ""})
	r.fe.Send(&pgproto3.Bind{})
	r.fe.Send(&pgproto3.Execute{})
	r.fe.Send(&pgproto3.Sync{})
	r.flush()
	got = r.until(isRFQ)
	want := "ParseComplete ParameterDescription RowDescription ParseComplete ParameterDescription NoData ParseComplete BindComplete EmptyQueryResponse ReadyForQuery"
	if strings.Join(got, " ") != want {
		t.Fatalf("got %v\nwant %s", got, want)
	}
	// Unknown statement: error, the rest is discarded until Sync.
	r.fe.Send(&pgproto3.Bind{PreparedStatement: "nope"})
	r.fe.Send(&pgproto3.Execute{})
	r.fe.Send(&pgproto3.Query{String: "select 1"})
	r.fe.Send(&pgproto3.Sync{})
	r.flush()
	got = r.until(isRFQ)
	if want := "ErrorResponse ReadyForQuery"; strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	// Stray COPY messages are dropped; Terminate closes quietly.
	r.fe.Send(&pgproto3.CopyData{Data: []byte("x")})
	r.fe.Send(&pgproto3.CopyDone{})
	r.fe.Send(&pgproto3.Query{String: "select 1"})
	r.flush()
	got = r.until(isRFQ)
	if want := "RowDescription DataRow CommandComplete ReadyForQuery"; strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	r.fe.Send(&pgproto3.Terminate{})
	r.flush()
	if _, err := r.fe.Receive(); err == nil {
		t.Fatal("connection still open after Terminate")
	}
}

func TestCancel(t *testing.T) {
	f := startFake(t, nil)
	conn := connect(t, f.connString("entitydb", testPassword))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := conn.Exec(ctx, "sleep")
	if err == nil {
		t.Fatal("sleep was not cancelled")
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("cancel took %v", time.Since(start))
	}
	// pgx closes a connection whose context expired mid-query, so check
	// the SQLSTATE on a pgconn-level cancel instead.
	conn2 := connect(t, f.connString("entitydb", testPassword))
	done := make(chan error, 1)
	go func() {
		_, err := conn2.Exec(context.Background(), "sleep")
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	if err := conn2.PgConn().CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if pgCode(err) != "57014" {
			t.Fatalf("err = %v, want 57014", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancel did not stop the statement")
	}
	var n int32
	if err := conn2.QueryRow(context.Background(), "select 5", pgx.QueryExecModeSimpleProtocol).Scan(&n); err != nil || n != 5 {
		t.Fatalf("after cancel: %v %d", err, n)
	}
	// a cancel that arrives while the connection is idle does nothing:
	// the statement context reused across messages must not carry it
	if err := conn2.PgConn().CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeCacheStatement} {
		if err := conn2.QueryRow(context.Background(), "select 5", mode).Scan(&n); err != nil || n != 5 {
			t.Fatalf("after an idle cancel (%v): %v %d", mode, err, n)
		}
	}
}

func TestCopy(t *testing.T) {
	f := startFake(t, nil)
	conn := connect(t, f.connString("entitydb", testPassword))
	ctx := context.Background()
	tag, err := conn.PgConn().CopyFrom(ctx, strings.NewReader("a\nb\nc\nd\n"), "copy in")
	if err != nil || tag.RowsAffected() != 4 {
		t.Fatalf("copy from: %v %v", tag, err)
	}
	var sb strings.Builder
	tag, err = conn.PgConn().CopyTo(ctx, &sb, "copy out")
	if err != nil || sb.String() != "1\n2\n3\n" || tag.String() != "COPY 3" {
		t.Fatalf("copy to: %q %v %v", sb.String(), tag, err)
	}
	// CopyFail: a reader error makes pgx send CopyFail.
	_, err = conn.PgConn().CopyFrom(ctx, failingReader{}, "copy in")
	if pgCode(err) != "57014" {
		t.Fatalf("copy fail: %v", err)
	}
	if err := conn.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("client gave up") }

func TestNoticeAndParameterStatus(t *testing.T) {
	f := startFake(t, nil)
	var notices []string
	cfg, err := pgx.ParseConfig(f.connString("entitydb", testPassword))
	if err != nil {
		t.Fatal(err)
	}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { notices = append(notices, n.Severity+" "+n.Message) }
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "notice; set app"); err != nil {
		t.Fatal(err)
	}
	if len(notices) != 1 || notices[0] != "NOTICE hello from entitydb" {
		t.Fatalf("notices = %v", notices)
	}
	if v := conn.PgConn().ParameterStatus("application_name"); v != "changed" {
		t.Fatalf("application_name = %q", v)
	}
}

func TestPanicIsContained(t *testing.T) {
	f := startFake(t, nil)
	conn := connect(t, f.connString("entitydb", testPassword))
	_, err := conn.Exec(context.Background(), "panic")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "XX000" {
		t.Fatalf("err = %v, want XX000", err)
	}
	other := connect(t, f.connString("entitydb", testPassword))
	if err := other.Ping(context.Background()); err != nil {
		t.Fatalf("server down after a panic: %v", err)
	}
}

func TestLimits(t *testing.T) {
	t.Run("max connections", func(t *testing.T) {
		f := startFake(t, func(c *Config) { c.MaxConnections = 2 })
		connect(t, f.connString("entitydb", testPassword))
		connect(t, f.connString("entitydb", testPassword))
		_, err := pgx.Connect(context.Background(), f.connString("entitydb", testPassword))
		if pgCode(err) != "53300" {
			t.Fatalf("third connection: %v, want 53300", err)
		}
	})
	t.Run("message too large", func(t *testing.T) {
		f := startFake(t, func(c *Config) { c.MaxMessageSize = 1024; trustRules(c) })
		r := dialRaw(t, f.addr)
		r.startup()
		r.fe.Send(&pgproto3.Query{String: "select " + strings.Repeat("9", 2000)})
		r.flush()
		m := r.recv()
		e, ok := m.(*pgproto3.ErrorResponse)
		if !ok || e.Code != "54000" || e.Severity != "FATAL" {
			t.Fatalf("got %#v, want FATAL 54000", m)
		}
		conn := connect(t, f.connString("entitydb", ""))
		if err := conn.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("idle in transaction", func(t *testing.T) {
		f := startFake(t, func(c *Config) { c.IdleInTransactionTimeout = 100 * time.Millisecond })
		conn := connect(t, f.connString("entitydb", testPassword))
		if _, err := conn.Exec(context.Background(), "begin"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(400 * time.Millisecond)
		_, err := conn.Exec(context.Background(), "select 1")
		if pgCode(err) != "25P03" {
			t.Fatalf("err = %v, want 25P03", err)
		}
	})
}

func TestShutdownClosesIdleConnections(t *testing.T) {
	f := startFake(t, trustRules)
	r := dialRaw(t, f.addr)
	r.startup()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	m := r.recv()
	if e, ok := m.(*pgproto3.ErrorResponse); !ok || e.Code != "57P01" {
		t.Fatalf("got %#v, want FATAL 57P01", m)
	}
}

func TestShutdownCancelsRunningStatements(t *testing.T) {
	f := startFake(t, nil)
	conn := connect(t, f.connString("entitydb", testPassword))
	done := make(chan error, 1)
	go func() {
		_, err := conn.Exec(context.Background(), "sleep")
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := f.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
	if err := <-done; pgCode(err) != "57014" {
		t.Fatalf("running statement: %v, want 57014", err)
	}
}

func TestSSLNegotiation(t *testing.T) {
	t.Run("no TLS configured", func(t *testing.T) {
		f := startFake(t, nil)
		conn := connect(t, strings.Replace(f.connString("entitydb", testPassword), "sslmode=disable", "sslmode=prefer", 1))
		if err := conn.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("TLS", func(t *testing.T) {
		cert := selfSigned(t)
		f := startFake(t, func(c *Config) {
			c.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
			c.Rules, _ = ParseRules(strings.NewReader("hostnossl all all all reject\nhostssl all all all scram-sha-256"))
		})
		conn := connect(t, strings.Replace(f.connString("entitydb", testPassword), "sslmode=disable", "sslmode=require", 1))
		if err := conn.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, ok := conn.PgConn().Conn().(*tls.Conn); !ok {
			t.Fatal("connection is not TLS")
		}
		_, err := pgx.Connect(context.Background(), f.connString("entitydb", testPassword))
		if pgCode(err) != "28000" {
			t.Fatalf("plain connection: %v, want 28000", err)
		}
	})
}

func selfSigned(t *testing.T) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestParseRules(t *testing.T) {
	_, err := ParseRules(strings.NewReader("host all all all scram-sha-256\nhost all all nonsense trust\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want a line 2 error", err)
	}
	rs, err := ParseRules(strings.NewReader("# comment\n\nhostssl entitydb alice,bob 10.0.0.0/8 md5 # trailing\nhost all all ::1 trust\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Method != MethodMD5 || len(rs[0].Users) != 2 {
		t.Fatalf("rules = %+v", rs)
	}
}
