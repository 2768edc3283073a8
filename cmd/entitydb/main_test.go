package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "512": 512, "1B": 1, "2KiB": 2048, "3MiB": 3 << 20, "256MiB": 256 << 20,
		"1GiB": 1 << 30, "2GB": 2 << 30, "1 TiB": 1 << 40, "5kb": 5 << 10,
	} {
		got, err := parseSize(in)
		if err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "x", "-1", "1XB", "MiB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
}

func TestCommands(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"version"}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "entitydb ") {
		t.Fatalf("version: %d %q", code, out.String())
	}
	if code := run([]string{"bogus"}, &out, &errOut); code != 2 {
		t.Fatalf("unknown command: exit %d", code)
	}
	errOut.Reset()
	if code := run([]string{"serve", "-h"}, &out, &errOut); code != 0 || !strings.Contains(errOut.String(), "ENTITYDB_LISTEN") {
		t.Fatalf("serve -h: %d\n%s", code, errOut.String())
	}
	t.Setenv("ENTITYDB_LOG_LEVEL", "loud")
	errOut.Reset()
	if code := run([]string{"serve"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "loud") {
		t.Fatalf("bad env log level: %d\n%s", code, errOut.String())
	}
}

// syncBuffer is a bytes.Buffer safe for the server's logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeAndSignal runs `entitydb serve` in-process: the logged psql
// connection string works, and SIGTERM shuts the server down cleanly.
func TestServeAndSignal(t *testing.T) {
	t.Setenv("ENTITYDB_PASSWORD", "")
	dir := t.TempDir()
	var logs syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"serve", "--data", dir, "--listen", "127.0.0.1:0"}, io.Discard, &logs)
	}()
	re := regexp.MustCompile(`\n    psql "(postgres://[^"]+)"\n`)
	var connString string
	for deadline := time.Now().Add(30 * time.Second); connString == ""; {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			connString = m[1]
			break
		}
		select {
		case code := <-exit:
			t.Fatalf("serve exited with %d:\n%s", code, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no connection string logged:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	pw, err := os.ReadFile(filepath.Join(dir, "initial-password"))
	if err != nil || !strings.Contains(connString, ":"+strings.TrimSpace(string(pw))+"@") {
		t.Fatalf("connection string %q does not carry the initial password: %v", connString, err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("connect with the logged string: %v", err)
	}
	var n int32
	if err := conn.QueryRow(ctx, "SELECT 41 + 1").Scan(&n); err != nil || n != 42 {
		t.Fatalf("query: %d %v", n, err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit code %d:\n%s", code, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no shutdown after SIGTERM:\n%s", logs.String())
	}
	// The idle session was told why it ends.
	if err := conn.Ping(ctx); err == nil {
		t.Fatal("connection still alive after shutdown")
	}
	if !strings.Contains(logs.String(), "shut down") {
		t.Fatalf("no shutdown log:\n%s", logs.String())
	}
}
