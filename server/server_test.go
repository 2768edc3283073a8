package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/pgwire"
	"github.com/entitydb/entitydb/planner"
)

// refusing is an engine whose sessions never start: connecting reaches it
// only after authentication succeeded, which is what these tests check.
var refusing = pgwire.EngineFunc(func(planner.SessionConfig) (pgwire.Session, error) {
	return nil, pgerr.New(pgerr.FeatureNotSupported, "test engine")
})

func startTest(t *testing.T, dir, password string) *Server {
	t.Helper()
	s, err := Start(Config{DataDir: dir, Listen: "127.0.0.1:0", Password: password, Engine: refusing})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// authCode connects and returns the SQLSTATE of the refusal: 0A000 means
// authentication passed and the engine was reached.
func authCode(t *testing.T, connString string) string {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), connString)
	if err == nil {
		conn.Close(context.Background())
		t.Fatal("connected through the refusing engine")
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		t.Fatalf("connect: %v", err)
	}
	return pe.Code
}

func TestBootstrapPassword(t *testing.T) {
	dir := t.TempDir()
	s := startTest(t, dir, "")
	pwFile := filepath.Join(dir, InitialPasswordFile)
	fi, err := os.Stat(pwFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s mode %v, want 0600", pwFile, fi.Mode().Perm())
	}
	b, _ := os.ReadFile(pwFile)
	pw := strings.TrimSpace(string(b))
	if len(pw) < 16 || s.Password() != pw || !strings.Contains(s.ConnString(), ":"+pw+"@") {
		t.Fatalf("password %q, conn string %q", pw, s.ConnString())
	}
	cs := s.ConnString() + "?sslmode=disable"
	if code := authCode(t, cs); code != "0A000" {
		t.Fatalf("right password: %s", code)
	}
	if code := authCode(t, strings.Replace(cs, pw, "wrong", 1)); code != "28P01" {
		t.Fatalf("wrong password: %s", code)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// A restart keeps the password and finds it for the connection string.
	s = startTest(t, dir, "")
	if s.Password() != pw {
		t.Fatalf("after restart: password %q, want %q", s.Password(), pw)
	}
	if code := authCode(t, s.ConnString()+"?sslmode=disable"); code != "0A000" {
		t.Fatalf("after restart: %s", code)
	}
	s.Close()

	// ENTITYDB_PASSWORD (Config.Password) replaces it.
	s = startTest(t, dir, "n3w-pw")
	defer s.Close()
	cs = s.ConnString() + "?sslmode=disable"
	if !strings.Contains(cs, ":n3w-pw@") || authCode(t, cs) != "0A000" {
		t.Fatalf("configured password not in effect: %s", cs)
	}
	if code := authCode(t, strings.Replace(cs, "n3w-pw", pw, 1)); code != "28P01" {
		t.Fatalf("old password still accepted: %s", code)
	}
}

func TestConfiguredPasswordOnFirstStart(t *testing.T) {
	dir := t.TempDir()
	s := startTest(t, dir, "given")
	defer s.Close()
	if _, err := os.Stat(filepath.Join(dir, InitialPasswordFile)); !os.IsNotExist(err) {
		t.Fatalf("initial-password written although a password was given: %v", err)
	}
	if code := authCode(t, s.ConnString()+"?sslmode=disable"); code != "0A000" {
		t.Fatal(code)
	}
}

func TestStartErrors(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules")
	os.WriteFile(rules, []byte("host all all all nonsense\n"), 0o600)
	if _, err := Start(Config{DataDir: filepath.Join(dir, "d1"), Listen: "127.0.0.1:0", AuthRulesFile: rules, Engine: refusing}); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("bad rules: %v", err)
	}
	if _, err := Start(Config{DataDir: filepath.Join(dir, "d2"), Listen: "127.0.0.1:0", TLSCertFile: "/nonexistent", TLSKeyFile: "/nonexistent", Engine: refusing}); err == nil {
		t.Fatal("missing certificate accepted")
	}
	s := startTest(t, filepath.Join(dir, "d3"), "x")
	defer s.Close()
	if _, err := Start(Config{DataDir: filepath.Join(dir, "d4"), Listen: s.Addr().String(), Engine: refusing}); err == nil {
		t.Fatal("listening twice on one address")
	}
}

func TestMetrics(t *testing.T) {
	dir := t.TempDir()
	s, err := Start(Config{DataDir: dir, Listen: "127.0.0.1:0", Password: "pw", Engine: refusing, MetricsListen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	authCode(t, s.ConnString()+"?sslmode=disable")
	resp, err := http.Get("http://" + s.MetricsAddr().String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{"entitydb_pgwire_connections_total 1", `entitydb_pgwire_errors_total{class="0A"} 1`} {
		if !strings.Contains(string(body), want) {
			t.Fatalf("metrics lack %q:\n%s", want, body)
		}
	}
}
