// Package servertest starts an in-process entitydb server for tests: a
// temporary data directory, a random superuser password, SCRAM
// authentication, a free port on 127.0.0.1, and shutdown on t.Cleanup.
//
//	inst := servertest.Start(t)
//	conn, err := pgx.Connect(ctx, inst.ConnString())
package servertest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/entitydb/entitydb/server"
)

// Instance is a running test server.
type Instance struct {
	srv      *server.Server
	dataDir  string
	password string
}

// Start starts a server that stops when the test ends. Its log goes to
// t.Log at level WARN and above (all levels with ENTITYDB_TEST_LOG=debug).
func Start(t testing.TB) *Instance {
	return StartWith(t, nil)
}

// StartWith is Start with a hook that adjusts the configuration (auth
// rules, limits, ...) before the server starts. DataDir, Listen and
// Password are preset; the hook may change them.
func StartWith(t testing.TB, configure func(*server.Config)) *Instance {
	t.Helper()
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	cfg := server.Config{
		DataDir:  t.TempDir(),
		Listen:   "127.0.0.1:0",
		Password: hex.EncodeToString(b),
		Logger:   slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: logLevel()})),
	}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := server.Start(cfg)
	if err != nil {
		t.Fatalf("servertest: start server: %v", err)
	}
	inst := &Instance{srv: srv, dataDir: cfg.DataDir, password: srv.Password()}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("servertest: close server: %v", err)
		}
	})
	return inst
}

func logLevel() slog.Level {
	if strings.EqualFold(os.Getenv("ENTITYDB_TEST_LOG"), "debug") {
		return slog.LevelDebug
	}
	return slog.LevelWarn
}

// testWriter sends log lines to t.Log, and drops them once the test ended
// (connection goroutines may log during shutdown).
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	defer func() { _ = recover() }() // t.Log after the test completed panics
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// ConnString is a postgres:// URL for the superuser:
// postgres://entitydb:<pw>@127.0.0.1:<port>/entitydb?sslmode=disable.
func (i *Instance) ConnString() string {
	return fmt.Sprintf("postgres://entitydb:%s@127.0.0.1:%d/entitydb?sslmode=disable", i.password, i.Port())
}

// Addr is the listen address, host:port.
func (i *Instance) Addr() string { return i.srv.Addr().String() }

// Port is the TCP port.
func (i *Instance) Port() int { return i.srv.Port() }

// DataDir is the server's temporary data directory.
func (i *Instance) DataDir() string { return i.dataDir }

// Password is the superuser's password.
func (i *Instance) Password() string { return i.password }

// Server is the running server (for restarts, registry access, metrics).
func (i *Instance) Server() *server.Server { return i.srv }
