package bench

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/entitydb/entitydb/internal/pgcluster"
)

// PostgresSettings are the settings of every PostgreSQL cluster the
// benchmark starts (the issue's; durability on). The report states them.
var PostgresSettings = map[string]string{
	"shared_buffers":     "2GB",
	"work_mem":           "16MB",
	"random_page_cost":   "1.1",
	"jit":                "off",
	"fsync":              "on",
	"synchronous_commit": "on",
	"full_page_writes":   "on",
}

// settingsString renders settings as "k=v, …" in name order.
func settingsString(s map[string]string) string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + s[k]
	}
	return strings.Join(parts, ", ")
}

// server is a system under test the benchmark started and can restart.
type server interface {
	ConnString() string
	// restart stops the server and starts it again on the same data,
	// returning the time from process start to the first answer of query.
	restart(ctx context.Context, query string) (time.Duration, error)
	memory() (Memory, error)
	stop() error
}

// entitydbServer runs the entitydb binary: `entitydb serve --data DIR --listen
// 127.0.0.1:PORT` with ENTITYDB_PASSWORD set.
type entitydbServer struct {
	Bin      string
	DataDir  string
	Password string
	Args     []string // extra flags after the serve flags
	port     int
	proc     *process
	logPath  string
}

// ConnString is the superuser's URL for database entitydb.
func (e *entitydbServer) ConnString() string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword("entitydb", e.Password),
		Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(e.port)), Path: "/entitydb", RawQuery: "sslmode=disable"}
	return u.String()
}

// Addr is host:port of the server.
func (e *entitydbServer) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(e.port)) }

// start runs the server and returns the time from process start to the
// first answer of query.
func (e *entitydbServer) start(ctx context.Context, query string) (time.Duration, error) {
	if e.port == 0 {
		p, err := freePort()
		if err != nil {
			return 0, err
		}
		e.port = p
	}
	if err := os.MkdirAll(e.DataDir, 0o755); err != nil {
		return 0, err
	}
	e.logPath = filepath.Join(filepath.Dir(e.DataDir), filepath.Base(e.DataDir)+".log")
	logf, err := os.OpenFile(e.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	defer logf.Close()
	args := append([]string{"serve", "--data", e.DataDir, "--listen", e.Addr()}, e.Args...)
	cmd := exec.Command(e.Bin, args...)
	cmd.Env = append(os.Environ(), "ENTITYDB_PASSWORD="+e.Password)
	cmd.Stdout, cmd.Stderr = logf, logf
	t0 := time.Now()
	p, err := startProcess(cmd, nil)
	if err != nil {
		return 0, fmt.Errorf("start entitydb: %w", err)
	}
	e.proc = p
	if err := firstAnswer(ctx, e.ConnString(), query, p, 2*time.Minute); err != nil {
		_ = e.stop()
		return 0, fmt.Errorf("entitydb: %w\nserver log:\n%s", err, tailFile(e.logPath, 3000))
	}
	return time.Since(t0), nil
}

func (e *entitydbServer) restart(ctx context.Context, query string) (time.Duration, error) {
	if err := e.stop(); err != nil {
		return 0, err
	}
	return e.start(ctx, query)
}

func (e *entitydbServer) memory() (Memory, error) {
	if e.proc == nil || e.proc.done() {
		return Memory{}, fmt.Errorf("entitydb is not running")
	}
	return memoryOf([]int{e.proc.pid()})
}

func (e *entitydbServer) stop() error {
	if e.proc == nil {
		return nil
	}
	err := e.proc.stop(syscall.SIGTERM, time.Minute)
	e.proc = nil
	if err != nil {
		return fmt.Errorf("stop entitydb: %w", err)
	}
	return nil
}

// postgresServer is a throwaway PostgreSQL cluster (internal/pgcluster) with
// PostgresSettings, which the benchmark can also restart on the same data
// directory for the startup measurement.
type postgresServer struct {
	cluster  *pgcluster.Cluster
	settings map[string]string
	proc     *process // the postmaster after a restart; nil while pgcluster's runs
}

func startPostgres(ctx context.Context, password string) (*postgresServer, error) {
	settings := map[string]string{}
	for k, v := range PostgresSettings {
		settings[k] = v
	}
	c, err := pgcluster.Start(ctx, pgcluster.Options{Password: password, Settings: settings})
	if err != nil {
		return nil, err
	}
	return &postgresServer{cluster: c, settings: settings}, nil
}

// ConnString is the superuser's URL for database postgres.
func (p *postgresServer) ConnString() string { return p.cluster.ConnString() }

// Version is the server's version line.
func (p *postgresServer) Version() string { return p.cluster.Version() }

func (p *postgresServer) postmasterPID() (int, error) {
	b, err := os.ReadFile(filepath.Join(p.cluster.DataDir(), "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strconv.Atoi(strings.TrimSpace(line))
}

// restart shuts the postmaster down (fast shutdown, as pg_ctl stop -m fast
// does) and starts postgres again on the same data directory, port and
// settings, exactly as pgcluster started it.
func (p *postgresServer) restart(ctx context.Context, query string) (time.Duration, error) {
	if err := p.shutdown(); err != nil {
		return 0, err
	}
	cred, err := osCredential("postgres")
	if err != nil {
		return 0, err
	}
	dir := filepath.Dir(p.cluster.DataDir())
	settings := map[string]string{
		"listen_addresses":        "127.0.0.1",
		"port":                    strconv.Itoa(p.cluster.Port()),
		"unix_socket_directories": dir,
		"TimeZone":                "UTC",
		"log_timezone":            "UTC",
		"logging_collector":       "off",
	}
	for k, v := range p.settings {
		settings[k] = v
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	args := []string{"-D", p.cluster.DataDir()}
	for _, k := range keys {
		args = append(args, "-c", k+"="+settings[k])
	}
	logPath := filepath.Join(dir, "restart.log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	defer logf.Close()
	cmd := exec.Command(filepath.Join(p.cluster.BinDir(), "postgres"), args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf
	t0 := time.Now()
	proc, err := startProcess(cmd, cred)
	if err != nil {
		return 0, fmt.Errorf("restart postgres: %w", err)
	}
	p.proc = proc
	if err := firstAnswer(ctx, p.ConnString(), query, proc, 2*time.Minute); err != nil {
		return 0, fmt.Errorf("postgres: %w\nserver log:\n%s", err, tailFile(logPath, 3000))
	}
	return time.Since(t0), nil
}

// shutdown stops the running postmaster, whoever started it.
func (p *postgresServer) shutdown() error {
	if p.proc != nil {
		err := p.proc.stop(syscall.SIGINT, time.Minute)
		p.proc = nil
		return err
	}
	pid, err := p.postmasterPID()
	if err != nil {
		return fmt.Errorf("postgres: read postmaster.pid: %w", err)
	}
	if err := syscall.Kill(pid, syscall.SIGINT); err != nil {
		return fmt.Errorf("postgres: signal postmaster %d: %w", pid, err)
	}
	for deadline := time.Now().Add(time.Minute); alive(pid); {
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres: postmaster %d still running after a minute", pid)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// memory sums the postmaster and its children (backends, background
// processes).
func (p *postgresServer) memory() (Memory, error) {
	pid, err := p.postmasterPID()
	if err != nil {
		return Memory{}, err
	}
	return memoryOf(withChildren(pid))
}

func (p *postgresServer) stop() error {
	var first error
	if p.proc != nil {
		first = p.proc.stop(syscall.SIGINT, time.Minute)
		p.proc = nil
	}
	if err := p.cluster.Stop(); err != nil && first == nil {
		first = err
	}
	return first
}

// freePort asks the kernel for a free 127.0.0.1 port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
