package pgcluster_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/entitydb/entitydb/internal/pgcluster"
	"github.com/entitydb/entitydb/internal/pgcluster/pgclustertest"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func connect(t *testing.T, connString string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("connect %s: %v", connString, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func show(t *testing.T, conn *pgx.Conn, name string) string {
	t.Helper()
	var v string
	if err := conn.QueryRow(context.Background(), "SELECT current_setting($1)", name).Scan(&v); err != nil {
		t.Fatalf("current_setting(%s): %v", name, err)
	}
	return v
}

// TestDefaults checks the settings the oracle must share with entitydb.
func TestDefaults(t *testing.T) {
	c, err := pgcluster.Start(context.Background(), pgcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(c.DataDir())
	conn := connect(t, c.ConnString())

	for name, want := range map[string]string{
		"TimeZone":         "UTC",
		"lc_collate":       "C",
		"lc_ctype":         "C",
		"server_encoding":  "UTF8",
		"listen_addresses": "127.0.0.1",
		"port":             strconv.Itoa(c.Port()),
		"fsync":            "on", // the core API does not tune the server
	} {
		if got := show(t, conn, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := c.MajorVersion(); got != 15 {
		t.Errorf("MajorVersion() = %d (version %q), want 15", got, c.Version())
	}
	var user string
	if err := conn.QueryRow(context.Background(), "SELECT current_user").Scan(&user); err != nil || user != "postgres" {
		t.Errorf("current_user = %q, %v; want postgres", user, err)
	}
	// Byte-order collation: 'B' < 'a' under C, not under a linguistic locale.
	var cOrder bool
	if err := conn.QueryRow(context.Background(), "SELECT 'B' < 'a' AND 'a' < 'b'").Scan(&cOrder); err != nil || !cOrder {
		t.Errorf("'B' < 'a' = %v, %v; want true (C collation)", cOrder, err)
	}
	if os.Geteuid() == 0 {
		fi, err := os.Stat(c.DataDir())
		if err != nil {
			t.Fatal(err)
		}
		if uid := fi.Sys().(*syscall.Stat_t).Uid; uid == 0 {
			t.Errorf("data directory owned by root; want the postgres OS user")
		}
	}
	conn.Close(context.Background())

	if err := c.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := c.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("cluster directory %s still exists after Stop (err %v)", dir, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if conn, err := pgconn.Connect(ctx, c.ConnString()); err == nil {
		conn.Close(ctx)
		t.Errorf("connect after Stop succeeded")
	}
}

func TestSettingsAndPassword(t *testing.T) {
	c := pgclustertest.Start(t, pgcluster.Options{
		User:     "admin",
		Password: "s3cret pw/with:chars",
		Settings: map[string]string{"shared_buffers": "16MB", "timezone": "Europe/Berlin", "fsync": "on"},
	})
	conn := connect(t, c.ConnString())
	for name, want := range map[string]string{
		"shared_buffers":      "16MB",
		"TimeZone":            "Europe/Berlin", // caller overrides the default
		"fsync":               "on",            // caller overrides pgclustertest's
		"synchronous_commit":  "off",           // pgclustertest's default
		"password_encryption": "scram-sha-256",
	} {
		if got := show(t, conn, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	var user string
	if err := conn.QueryRow(context.Background(), "SELECT current_user").Scan(&user); err != nil || user != "admin" {
		t.Errorf("current_user = %q, %v; want admin", user, err)
	}

	cfg, err := pgx.ParseConfig(c.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Password = "wrong"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = pgx.ConnectConfig(ctx, cfg)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "28P01" {
		t.Errorf("connect with a wrong password: %v; want SQLSTATE 28P01", err)
	}
}

func TestConcurrentClustersGetDistinctPorts(t *testing.T) {
	a := pgclustertest.Start(t, pgcluster.Options{})
	b := pgclustertest.Start(t, pgcluster.Options{})
	if a.Port() == b.Port() {
		t.Fatalf("both clusters on port %d", a.Port())
	}
	ca, cb := connect(t, a.ConnString()), connect(t, b.ConnString())
	if _, err := ca.Exec(context.Background(), "CREATE TABLE only_in_a (x int)"); err != nil {
		t.Fatal(err)
	}
	_, err := cb.Exec(context.Background(), "SELECT * FROM only_in_a")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" {
		t.Errorf("table of cluster a visible in cluster b: %v", err)
	}
}

func TestMissingBinaries(t *testing.T) {
	_, err := pgcluster.Start(context.Background(), pgcluster.Options{BinDir: t.TempDir()})
	if !errors.Is(err, pgcluster.ErrNoBinaries) {
		t.Fatalf("Start with an empty BinDir: %v; want ErrNoBinaries", err)
	}
}

func TestRemovesStaleDirectories(t *testing.T) {
	// Not t.TempDir: its parent is private to us, and when we are root the
	// server runs as another user.
	parent, err := os.MkdirTemp("", "pgcluster-stale-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	if err := os.Chmod(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	// A creator that has exited: its pid is no longer alive.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(parent, "entitydb-pgcluster-stale")
	live := filepath.Join(parent, "entitydb-pgcluster-live")
	for dir, pid := range map[string]int{stale: cmd.Process.Pid, live: os.Getpid()} {
		if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "creator.pid"), []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := pgclustertest.Start(t, pgcluster.Options{TempDir: parent})
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale directory of a dead creator not removed (err %v)", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("directory of a live creator removed: %v", err)
	}
	if filepath.Dir(filepath.Dir(c.DataDir())) != parent {
		t.Errorf("DataDir %s not under TempDir %s", c.DataDir(), parent)
	}
}

// TestServerDiesWithCreator kills a process that started a cluster with
// SIGKILL and checks that the server does not outlive it.
func TestServerDiesWithCreator(t *testing.T) {
	if os.Getenv("PGCLUSTER_TEST_CHILD") == "1" {
		c, err := pgcluster.Start(context.Background(), pgcluster.Options{})
		if err != nil {
			os.Stdout.WriteString("error " + err.Error() + "\n")
			os.Exit(1)
		}
		pm, _ := os.ReadFile(filepath.Join(c.DataDir(), "postmaster.pid"))
		os.Stdout.Write(pm)
		os.Stdout.Sync()
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServerDiesWithCreator$")
	cmd.Env = append(os.Environ(), "PGCLUSTER_TEST_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	n, _ := out.Read(buf)
	line := string(buf[:n])
	// postmaster.pid: pid, then the data directory.
	lines := strings.Split(line, "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(lines[0]))
	if len(lines) > 1 && strings.Contains(lines[1], "entitydb-pgcluster-") {
		t.Cleanup(func() { os.RemoveAll(filepath.Dir(lines[1])) })
	}
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child did not report a postmaster pid: %q", line)
	}
	if err := syscall.Kill(pid, 0); err != nil {
		t.Fatalf("postmaster %d not running: %v", pid, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	for i := 0; i < 100; i++ {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	syscall.Kill(pid, syscall.SIGKILL)
	t.Fatalf("postmaster %d still running 10s after its creator was killed", pid)
}
