package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/entitydb/entitydb/bench/workload"
	"github.com/jackc/pgx/v5"
)

// target is one system as the client sees it: a server and a layout.
type target struct {
	name   string
	layout Layout
	srv    server
	conns  map[pgx.QueryExecMode][]*pgx.Conn
}

// connsFor returns n open connections in the given mode, opening more as
// needed; they stay open (and keep their prepared statements) until close.
func (t *target) connsFor(ctx context.Context, mode pgx.QueryExecMode, n int) ([]*pgx.Conn, error) {
	if t.conns == nil {
		t.conns = map[pgx.QueryExecMode][]*pgx.Conn{}
	}
	for len(t.conns[mode]) < n {
		cc, err := pgx.ParseConfig(t.srv.ConnString())
		if err != nil {
			return nil, err
		}
		cc.DefaultQueryExecMode = mode
		c, err := pgx.ConnectConfig(ctx, cc)
		if err != nil {
			return nil, fmt.Errorf("%s: connect: %w", t.name, err)
		}
		t.conns[mode] = append(t.conns[mode], c)
	}
	return t.conns[mode][:n], nil
}

func (t *target) closeConns() {
	for _, cs := range t.conns {
		for _, c := range cs {
			c.Close(context.Background())
		}
	}
	t.conns = nil
}

// Modes are the two ways pgx runs a statement: a named prepared statement
// (PostgreSQL may switch to a generic plan after five executions) and the
// simple protocol with arguments quoted into the text (a fresh plan each
// time).
var modes = []struct {
	name string
	mode pgx.QueryExecMode
}{{"prepared", pgx.QueryExecModeCacheStatement}, {"simple", pgx.QueryExecModeSimpleProtocol}}

// env is one data set loaded into the systems under test.
type env struct {
	cfg     Config
	w       *workload.Workload
	pg      *postgresServer
	edb     *entitydbServer // nil when PostgreSQL runs alone
	targets []*target       // entitydb, pg-schema[, pg-global]
	res     *Result
	logf    func(format string, args ...any)
}

func (e *env) target(name string) *target {
	for _, t := range e.targets {
		if t.name == name {
			return t
		}
	}
	return nil
}

func (e *env) closeConns() {
	for _, t := range e.targets {
		t.closeConns()
	}
}

func (e *env) close() error {
	e.closeConns()
	var first error
	if e.edb != nil {
		first = e.edb.stop()
	}
	if e.pg != nil {
		if err := e.pg.stop(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// servers lists the distinct servers (startup and memory are per server).
func (e *env) servers() []struct {
	name string
	srv  server
} {
	out := []struct {
		name string
		srv  server
	}{}
	if e.edb != nil {
		out = append(out, struct {
			name string
			srv  server
		}{Entitydb, e.edb})
	}
	return append(out, struct {
		name string
		srv  server
	}{Postgresql, e.pg})
}

// newEnv starts both servers on fresh data and loads a workload of n
// namespaces (and PostgreSQL's global table when global is set).
func newEnv(ctx context.Context, cfg Config, res *Result, tmp, bin, password string, n int, global bool, logf func(string, ...any)) (*env, error) {
	w, err := workload.New(workload.Config{Seed: cfg.Seed, Total: cfg.Total, Namespaces: n})
	if err != nil {
		return nil, err
	}
	e := &env{cfg: cfg, w: w, res: res, logf: logf}
	ok := false
	defer func() {
		if !ok {
			e.close()
		}
	}()
	pg, err := startPostgres(ctx, password)
	if err != nil {
		return nil, err
	}
	e.pg = pg
	res.Meta.PostgresVersion = pg.Version()
	if !cfg.PostgresOnly {
		e.edb = &entitydbServer{Bin: bin, DataDir: filepath.Join(tmp, fmt.Sprintf("entitydb-%d", n)), Password: password, Args: cfg.EntitydbArgs}
		if _, err := e.edb.start(ctx, "SELECT 1"); err != nil {
			return nil, err
		}
		e.targets = append(e.targets, &target{name: Entitydb, layout: PerNamespace, srv: e.edb})
	}
	e.targets = append(e.targets, &target{name: PgSchema, layout: PerNamespace, srv: pg})
	if global {
		e.targets = append(e.targets, &target{name: PgGlobal, layout: GlobalTable, srv: pg})
	}
	for _, t := range e.targets {
		logf("load %d entities in %d namespaces into %s (%s)", cfg.Total, n, t.name, t.layout)
		c, err := pgx.Connect(ctx, t.srv.ConnString())
		if err != nil {
			return nil, fmt.Errorf("%s: connect: %w", t.name, err)
		}
		var st LoadStats
		load := func(ctx context.Context) error {
			var err error
			if t.layout == GlobalTable {
				st, err = loadGlobal(ctx, c, w, t.name)
			} else {
				st, err = loadPerNamespace(ctx, c, w, t.name, t.name != Entitydb)
			}
			return err
		}
		if t.name == Entitydb && cfg.profiles("load") && n == cfg.Namespaces {
			err = e.profileWhile(ctx, "load", load) // the first seconds of the bulk load
		} else {
			err = load(ctx)
		}
		c.Close(ctx)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", t.name, err)
		}
		logf("  %s: DDL %.1fs, COPY %.1fs (%.0f rows/s, %.1f MB/s), ANALYZE %.1fs", t.name, st.DDLSeconds, st.CopySeconds, st.RowsPerSec(), st.MBPerSec(), st.AnalyzeSeconds)
		res.Loads = append(res.Loads, st)
	}
	ok = true
	return e, nil
}

// Run runs the benchmark cfg describes and returns what it measured. On an
// error it still returns what was measured so far.
func Run(ctx context.Context, cfg Config, logw io.Writer) (*Result, error) {
	start := time.Now()
	logf := func(format string, args ...any) {
		fmt.Fprintf(logw, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
	}
	res := &Result{Meta: meta(cfg)}
	defer func() { res.Elapsed = time.Since(start) }()

	tmp, err := os.MkdirTemp(cfg.TempDir, "edbbench-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmp)
	bin := cfg.EntitydbBin
	switch {
	case cfg.PostgresOnly:
	case cfg.ProfileScenario != "" && cfg.ProfileURL == "":
		// The server with a pprof endpoint (bench/cmd/edbprof).
		logf("build entitydb with pprof (bench/cmd/edbprof) to profile %s", cfg.ProfileScenario)
		if bin, err = buildPackage(ctx, tmp, "./bench/cmd/edbprof"); err != nil {
			return res, err
		}
		port, err := freePort()
		if err != nil {
			return res, err
		}
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		cfg.EntitydbArgs = append(cfg.EntitydbArgs, "--pprof-listen", addr)
		cfg.ProfileURL = "http://" + addr + "/debug/pprof/profile"
	case bin == "":
		logf("build entitydb")
		if bin, err = buildPackage(ctx, tmp, "./cmd/entitydb"); err != nil {
			return res, err
		}
	}
	password := randomPassword()

	// The main shape: reads, writes, COPY, pgbench, and its scaling point.
	e, err := newEnv(ctx, cfg, res, tmp, bin, password, cfg.Namespaces, true, logf)
	if err != nil {
		return res, err
	}
	err = e.mainScenarios(ctx)
	if cerr := e.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return res, err
	}

	// The other shapes: startup (and memory with StartupNamespaces) and
	// per-query latency as the namespace count grows.
	shapes := slices.Clone(cfg.ScalingShapes)
	if !slices.Contains(shapes, cfg.StartupNamespaces) {
		shapes = append(shapes, cfg.StartupNamespaces)
	}
	for _, n := range shapes {
		if n == cfg.Namespaces {
			continue
		}
		if cfg.skips("startup") && cfg.skips("scaling") && (n != cfg.StartupNamespaces || cfg.skips("memory")) {
			continue
		}
		e, err := newEnv(ctx, cfg, res, tmp, bin, password, n, false, logf)
		if err != nil {
			return res, err
		}
		err = e.shapeScenarios(ctx, n == cfg.StartupNamespaces)
		if cerr := e.close(); err == nil {
			err = cerr
		}
		if err != nil {
			return res, err
		}
	}
	logf("done in %v", time.Since(start).Round(time.Second))
	return res, nil
}

func (e *env) mainScenarios(ctx context.Context) error {
	bad := e.check(ctx)
	steps := []struct {
		group string
		run   func(context.Context) error
	}{
		{"read", func(ctx context.Context) error { return e.reads(ctx, bad) }},
		{"write", e.writes},
		{"copy", e.copyRate},
		{"pgbench", func(ctx context.Context) error { return e.pgbench(ctx, bad) }},
		{"scaling", e.scalingReads},
		{"startup", func(ctx context.Context) error { return e.startup(ctx) }},
	}
	for _, s := range steps {
		if e.cfg.skips(s.group) {
			continue
		}
		if err := s.run(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.group, err)
		}
	}
	return nil
}

func (e *env) shapeScenarios(ctx context.Context, memory bool) error {
	if !e.cfg.skips("scaling") && slices.Contains(e.cfg.ScalingShapes, len(e.w.Namespaces)) {
		if err := e.scalingReads(ctx); err != nil {
			return fmt.Errorf("scaling: %w", err)
		}
	}
	if !e.cfg.skips("startup") {
		if err := e.startup(ctx); err != nil {
			return fmt.Errorf("startup: %w", err)
		}
	}
	if memory && !e.cfg.skips("memory") {
		if err := e.memory(ctx); err != nil {
			return fmt.Errorf("memory: %w", err)
		}
	}
	return nil
}

// buildPackage builds a command of the module this package is in.
func buildPackage(ctx context.Context, dir, pkg string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin, nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside the entitydb module; pass the binary with -entitydb")
	}
	return filepath.Dir(mod), nil
}

func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func meta(cfg Config) Meta {
	m := Meta{
		Date:             time.Now().UTC().Format("2006-01-02 15:04 MST"),
		Command:          cfg.Command,
		CPU:              cpuModel(),
		Cores:            runtime.NumCPU(),
		MemoryBytes:      memTotal(),
		GoVersion:        runtime.Version(),
		PostgresSettings: PostgresSettings,
		Config:           cfg,
		PostgresOnly:     cfg.PostgresOnly,
	}
	if cfg.Commit != "" {
		m.Commit = cfg.Commit
	} else if out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output(); err == nil {
		m.Commit = strings.TrimSpace(string(out))
		if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
			m.Commit += " (with uncommitted changes)"
		}
	}
	return m
}
