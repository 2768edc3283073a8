package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNoBinaries is returned by Start when the PostgreSQL server binaries
// (initdb, postgres) cannot be found.
var ErrNoBinaries = errors.New("pgcluster: PostgreSQL server binaries not found " +
	"(install the Debian package postgresql-15, or set Options.BinDir)")

// Options configure Start. The zero value starts a cluster with trust
// authentication, superuser "postgres", database "postgres".
type Options struct {
	// BinDir holds initdb and postgres. Default: `pg_config --bindir`,
	// else the directory of initdb found on PATH.
	BinDir string
	// User is the database superuser initdb creates. Default "postgres".
	User string
	// Password, when set, switches authentication from trust to
	// scram-sha-256 and sets the superuser's password.
	Password string
	// Settings are extra server settings, passed as `-c name=value` after
	// the defaults (so they override them), e.g. shared_buffers, fsync.
	Settings map[string]string
	// OSUser runs initdb and postgres when the process is root.
	// Default "postgres". Ignored when not root.
	OSUser string
	// TempDir is the parent of the cluster's temporary directory.
	// Default os.TempDir().
	TempDir string
	// StartTimeout bounds the wait for the server to accept connections.
	// Default 60s.
	StartTimeout time.Duration
}

// Cluster is a running throwaway PostgreSQL server. Its methods are safe
// for concurrent use.
type Cluster struct {
	binDir  string
	dir     string // temporary directory: data/, server.log, socket
	port    int
	user    string
	pass    string
	version string

	cmd    *exec.Cmd
	exited chan struct{} // closed when the postgres process has exited
	waitMu sync.Mutex    // guards waitErr (written once before exited closes)
	waitEr error

	stopOnce sync.Once
	stopErr  error
}

// Start creates and starts a cluster. The caller must call Stop.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.User == "" {
		opts.User = "postgres"
	}
	if opts.OSUser == "" {
		opts.OSUser = "postgres"
	}
	if opts.TempDir == "" {
		opts.TempDir = os.TempDir()
	}
	if opts.StartTimeout == 0 {
		opts.StartTimeout = 60 * time.Second
	}
	binDir, err := findBinDir(opts.BinDir)
	if err != nil {
		return nil, err
	}
	cred, err := credentialFor(opts.OSUser)
	if err != nil {
		return nil, err
	}
	removeStale(opts.TempDir)

	dir, err := makeDir(opts.TempDir, cred)
	if err != nil {
		return nil, err
	}
	c := &Cluster{binDir: binDir, dir: dir, user: opts.User, pass: opts.Password}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(dir)
		}
	}()

	out, err := runAs(ctx, cred, filepath.Join(binDir, "postgres"), "--version")
	if err != nil {
		return nil, fmt.Errorf("pgcluster: postgres --version: %v: %s", err, out)
	}
	c.version = strings.TrimSpace(string(out))

	if err := c.initdb(ctx, cred, opts); err != nil {
		return nil, err
	}
	// The port is chosen before postgres binds it; another process may
	// take it in between, so retry a few times with a fresh port.
	for attempt := 0; ; attempt++ {
		err = c.start(ctx, cred, opts)
		if err == nil {
			break
		}
		if !errors.Is(err, errPortInUse) || attempt == 4 {
			return nil, err
		}
	}
	ok = true
	return c, nil
}

// ConnString returns a postgres:// URL for the superuser and the database
// "postgres" on 127.0.0.1, with sslmode=disable.
func (c *Cluster) ConnString() string {
	u := url.URL{
		Scheme:   "postgres",
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/postgres",
		RawQuery: "sslmode=disable",
	}
	if c.pass != "" {
		u.User = url.UserPassword(c.user, c.pass)
	} else {
		u.User = url.User(c.user)
	}
	return u.String()
}

// Port is the TCP port the server listens on (127.0.0.1).
func (c *Cluster) Port() int { return c.port }

// User is the superuser name.
func (c *Cluster) User() string { return c.user }

// DataDir is the cluster's data directory (removed by Stop).
func (c *Cluster) DataDir() string { return filepath.Join(c.dir, "data") }

// BinDir is the directory of the PostgreSQL binaries used (psql is there too).
func (c *Cluster) BinDir() string { return c.binDir }

// Version is the output of `postgres --version`, e.g.
// "postgres (PostgreSQL) 15.8 (Debian 15.8-1.pgdg120+1)".
func (c *Cluster) Version() string { return c.version }

// MajorVersion is the major version number parsed from Version (15), or 0.
func (c *Cluster) MajorVersion() int {
	f := strings.Fields(c.version)
	for i, w := range f {
		if w == "(PostgreSQL)" && i+1 < len(f) {
			n, _ := strconv.Atoi(strings.SplitN(f[i+1], ".", 2)[0])
			return n
		}
	}
	return 0
}

// Log returns the server log written so far (useful in failure messages).
func (c *Cluster) Log() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
	return string(b)
}

// Stop shuts the server down and removes its directory. It is idempotent;
// later calls return the first call's result.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		c.stopErr = c.shutdown()
		if err := os.RemoveAll(c.dir); err != nil && c.stopErr == nil {
			c.stopErr = fmt.Errorf("pgcluster: remove %s: %w", c.dir, err)
		}
	})
	return c.stopErr
}

// shutdown escalates: SIGINT (fast shutdown), SIGQUIT (immediate), SIGKILL.
func (c *Cluster) shutdown() error {
	if c.cmd == nil || c.cmd.Process == nil {
		return nil
	}
	for _, step := range []struct {
		sig  syscall.Signal
		wait time.Duration
	}{{syscall.SIGINT, 30 * time.Second}, {syscall.SIGQUIT, 10 * time.Second}, {syscall.SIGKILL, 10 * time.Second}} {
		select {
		case <-c.exited:
			return nil
		default:
		}
		_ = c.cmd.Process.Signal(step.sig)
		select {
		case <-c.exited:
			return nil
		case <-time.After(step.wait):
		}
	}
	return fmt.Errorf("pgcluster: postgres (pid %d) did not exit", c.cmd.Process.Pid)
}

func (c *Cluster) initdb(ctx context.Context, cred *syscall.Credential, opts Options) error {
	args := []string{
		"-D", c.DataDir(),
		"--locale=C", "--encoding=UTF8",
		"-U", opts.User,
		"--no-sync", "--no-instructions",
	}
	if opts.Password != "" {
		pwfile := filepath.Join(c.dir, "pwfile")
		if err := os.WriteFile(pwfile, []byte(opts.Password+"\n"), 0o600); err != nil {
			return fmt.Errorf("pgcluster: write password file: %w", err)
		}
		if cred != nil {
			if err := os.Chown(pwfile, int(cred.Uid), int(cred.Gid)); err != nil {
				return fmt.Errorf("pgcluster: chown password file: %w", err)
			}
		}
		defer os.Remove(pwfile)
		args = append(args, "--auth=scram-sha-256", "--pwfile="+pwfile)
	} else {
		args = append(args, "--auth=trust")
	}
	out, err := runAs(ctx, cred, filepath.Join(c.binDir, "initdb"), args...)
	if err != nil {
		return fmt.Errorf("pgcluster: initdb: %v\n%s", err, out)
	}
	return nil
}

var errPortInUse = errors.New("port in use")

// start runs postgres on a fresh free port and waits for readiness.
func (c *Cluster) start(ctx context.Context, cred *syscall.Credential, opts Options) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	c.port = port
	settings := map[string]string{
		"listen_addresses":        "127.0.0.1",
		"port":                    strconv.Itoa(port),
		"unix_socket_directories": c.dir,
		"TimeZone":                "UTC",
		"log_timezone":            "UTC",
		"logging_collector":       "off",
	}
	for k, v := range opts.Settings {
		// Case-insensitive override so "timezone" replaces "TimeZone".
		for d := range settings {
			if strings.EqualFold(d, k) {
				delete(settings, d)
			}
		}
		settings[k] = v
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	args := []string{"-D", c.DataDir()}
	for _, k := range keys {
		args = append(args, "-c", k+"="+settings[k])
	}

	logPath := filepath.Join(c.dir, "server.log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("pgcluster: open server log: %w", err)
	}
	defer logf.Close() // the child holds its own descriptor

	cmd := exec.Command(filepath.Join(c.binDir, "postgres"), args...)
	cmd.Env = childEnv()
	cmd.Dir = c.dir
	cmd.Stdout = logf
	cmd.Stderr = logf
	// SIGQUIT when our thread dies: immediate shutdown, children too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}

	// Pdeathsig fires when the forking OS thread exits, not the process.
	// Fork from a goroutine locked to its thread for the server's whole
	// life; the thread ends only after the server has exited.
	started := make(chan error, 1)
	exited := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		err := cmd.Wait()
		c.waitMu.Lock()
		c.waitEr = err
		c.waitMu.Unlock()
		close(exited)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("pgcluster: start postgres: %w", err)
	}
	c.cmd, c.exited = cmd, exited

	if err := c.waitReady(ctx, opts.StartTimeout); err != nil {
		_ = c.shutdown()
		log := c.Log()
		if strings.Contains(log, "could not bind") || strings.Contains(log, "Address already in use") {
			return fmt.Errorf("pgcluster: %w: %d", errPortInUse, port)
		}
		return fmt.Errorf("pgcluster: %v\nserver log:\n%s", err, tail(log, 4000))
	}
	return nil
}

func (c *Cluster) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for {
		select {
		case <-c.exited:
			c.waitMu.Lock()
			defer c.waitMu.Unlock()
			return fmt.Errorf("postgres exited before accepting connections: %v", c.waitEr)
		default:
		}
		actx, cancel := context.WithTimeout(ctx, 2*time.Second)
		conn, err := pgconn.Connect(actx, c.ConnString())
		cancel()
		if err == nil {
			conn.Close(ctx)
			return nil
		}
		last = err
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after %v: %v", timeout, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// findBinDir resolves the binaries directory and checks initdb and postgres.
func findBinDir(explicit string) (string, error) {
	candidates := []string{}
	if explicit != "" {
		candidates = append(candidates, explicit)
	} else {
		if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
			candidates = append(candidates, strings.TrimSpace(string(out)))
		}
		if p, err := exec.LookPath("initdb"); err == nil {
			candidates = append(candidates, filepath.Dir(p))
		}
	}
	for _, d := range candidates {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	if explicit != "" {
		return "", fmt.Errorf("%w: no initdb/postgres in %s", ErrNoBinaries, explicit)
	}
	return "", ErrNoBinaries
}

func isExec(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// freePort asks the kernel for a free 127.0.0.1 port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgcluster: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// runAs runs a short command (initdb, --version) as cred, returning its
// combined output.
func runAs(ctx context.Context, cred *syscall.Credential, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = childEnv()
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	return buf.Bytes(), err
}

// childEnv is our environment without variables that would change what
// initdb or postgres do (PG*, locale), with the C locale.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "PG") || strings.HasPrefix(k, "LC_") || k == "LANG" || k == "LANGUAGE" || k == "TZ" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C", "TZ=UTC")
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
