package server

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgwire"
	"github.com/entitydb/entitydb/planner"
	"github.com/entitydb/entitydb/server/roles"
)

// Defaults of Config fields left zero.
const (
	DefaultDataDir         = "./data"
	DefaultListen          = "127.0.0.1:5433"
	DefaultShutdownTimeout = 30 * time.Second
	// InitialPasswordFile is the file in the data directory that receives
	// a generated superuser password.
	InitialPasswordFile = "initial-password"
	// Database is the one database name clients connect to.
	Database = pgwire.DefaultDatabase
)

// Config configures a server. The zero value serves ./data on
// 127.0.0.1:5433 with SCRAM authentication.
type Config struct {
	DataDir string
	Listen  string
	// Password is the superuser's password. When set, the superuser gets
	// it at every start; when empty, a new data directory gets a random
	// one (written to <data>/initial-password) and an existing one keeps
	// its password.
	Password string
	// AuthRulesFile is a pg_hba-like rules file (see pgwire.ParseRules);
	// empty means SCRAM-SHA-256 for every connection.
	AuthRulesFile string
	// TLSCertFile and TLSKeyFile enable TLS (SSLRequest answered 'S').
	TLSCertFile, TLSKeyFile string
	// MemoryBudget bounds loaded namespace indexes (bytes, 0: unbounded).
	MemoryBudget int64
	// MaxConnections bounds concurrent sessions (0: pgwire's default).
	MaxConnections int
	// MaxMessageSize bounds one protocol message (0: pgwire's default).
	MaxMessageSize int
	// IdleInTransactionTimeout closes sessions idle in a transaction
	// block for longer (0: never).
	IdleInTransactionTimeout time.Duration
	// ShutdownTimeout is how long Close lets running statements finish.
	ShutdownTimeout time.Duration
	// MetricsListen, when set, serves Prometheus metrics at /metrics.
	MetricsListen string
	Logger        *slog.Logger
	// Engine replaces the SQL engine (nil: the planner over the
	// registry). Tests of the server itself substitute their own.
	Engine pgwire.Engine
}

// Server is a running database.
type Server struct {
	cfg      Config
	log      *slog.Logger
	reg      *namespace.Registry
	roles    *roles.Store
	wire     *pgwire.Server
	ln       net.Listener
	metrics  *http.Server
	mln      net.Listener
	password string // the superuser password if known, for ConnString
	served   chan struct{}

	closeOnce sync.Once
	closeErr  error
}

// Start opens the data directory and starts serving.
func Start(cfg Config) (*Server, error) {
	if cfg.DataDir == "" {
		cfg.DataDir = DefaultDataDir
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = DefaultShutdownTimeout
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, log: log, served: make(chan struct{})}
	ok := false
	defer func() {
		if !ok {
			s.abort()
		}
	}()

	rules := pgwire.DefaultRules()
	if cfg.AuthRulesFile != "" {
		var err error
		if rules, err = pgwire.LoadRules(cfg.AuthRulesFile); err != nil {
			return nil, err
		}
	}
	var tlsConfig *tls.Config
	if cfg.TLSCertFile != "" || cfg.TLSKeyFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCertFile, cfg.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("load TLS certificate: %w", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}

	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	reg, err := namespace.Open(namespace.Options{Dir: cfg.DataDir, MemoryBudget: cfg.MemoryBudget, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open data directory %s: %w", cfg.DataDir, err)
	}
	s.reg = reg
	s.roles = roles.New(reg)
	if err := s.bootstrap(context.Background()); err != nil {
		return nil, err
	}

	engine := cfg.Engine
	if engine == nil {
		eng, err := planner.NewEngine(planner.Config{Registry: reg, Logger: log})
		if err != nil {
			return nil, fmt.Errorf("start SQL engine: %w", err)
		}
		engine = pgwire.EngineFunc(func(sc planner.SessionConfig) (pgwire.Session, error) {
			sess, err := eng.NewSession(sc)
			if err != nil {
				return nil, err
			}
			return sess, nil
		})
	}
	var metrics *pgwire.Metrics
	var promReg *prometheus.Registry
	if cfg.MetricsListen != "" {
		promReg = prometheus.NewRegistry()
		promReg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		metrics = pgwire.NewMetrics(promReg)
	}
	s.wire, err = pgwire.New(pgwire.Config{
		Engine:                   engine,
		Roles:                    roleLookup{s.roles},
		Rules:                    rules,
		TLS:                      tlsConfig,
		MaxConnections:           cfg.MaxConnections,
		MaxMessageSize:           cfg.MaxMessageSize,
		IdleInTransactionTimeout: cfg.IdleInTransactionTimeout,
		Logger:                   log,
		Metrics:                  metrics,
	})
	if err != nil {
		return nil, err
	}
	s.ln, err = net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	if cfg.MetricsListen != "" {
		mln, err := net.Listen("tcp", cfg.MetricsListen)
		if err != nil {
			return nil, fmt.Errorf("metrics listen: %w", err)
		}
		s.mln = mln
		mux := http.NewServeMux()
		mux.Handle("/metrics", promhttp.HandlerFor(promReg, promhttp.HandlerOpts{}))
		s.metrics = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = s.metrics.Serve(mln) }()
		log.Info("serving metrics", "addr", mln.Addr().String())
	}
	go func() {
		defer close(s.served)
		if err := s.wire.Serve(s.ln); err != nil && !errors.Is(err, pgwire.ErrServerClosed) {
			log.Error("serve failed", "err", err)
		}
	}()
	ok = true
	attrs := []any{"addr", s.ln.Addr().String(), "data", cfg.DataDir, "tls", tlsConfig != nil, "url", s.ConnString()}
	if s.password == "" {
		attrs = append(attrs, "password", "set earlier: see "+filepath.Join(cfg.DataDir, InitialPasswordFile)+" or ENTITYDB_PASSWORD")
	}
	log.Info("ready to accept connections", attrs...)
	return s, nil
}

// bootstrap makes sure the superuser exists and knows which password to
// put into the logged connection string.
func (s *Server) bootstrap(ctx context.Context) error {
	r, err := s.roles.Get(ctx, roles.Superuser)
	if err != nil {
		return err
	}
	pwFile := filepath.Join(s.cfg.DataDir, InitialPasswordFile)
	switch {
	case r == nil:
		pw := s.cfg.Password
		if pw == "" {
			b := make([]byte, 12)
			if _, err := rand.Read(b); err != nil {
				return err
			}
			pw = hex.EncodeToString(b)
			if err := os.WriteFile(pwFile, []byte(pw+"\n"), 0o600); err != nil {
				return fmt.Errorf("write %s: %w", pwFile, err)
			}
			s.log.Info("generated the superuser password", "file", pwFile)
		}
		if err := s.roles.Create(ctx, roles.Role{Name: roles.Superuser, Superuser: true, Login: true}, pw); err != nil {
			return fmt.Errorf("create superuser: %w", err)
		}
		s.log.Info("created superuser", "role", roles.Superuser)
		s.password = pw
	case s.cfg.Password != "":
		if !r.CheckPassword(s.cfg.Password) {
			if err := s.roles.SetPassword(ctx, roles.Superuser, s.cfg.Password); err != nil {
				return fmt.Errorf("set superuser password: %w", err)
			}
			s.log.Info("superuser password set from configuration", "role", roles.Superuser)
		}
		s.password = s.cfg.Password
	default:
		if b, err := os.ReadFile(pwFile); err == nil {
			if pw := string(trimNewline(b)); r.CheckPassword(pw) {
				s.password = pw
			}
		}
	}
	return nil
}

func trimNewline(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Port is the TCP port the server listens on.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// MetricsAddr is the metrics address, or nil without Config.MetricsListen.
func (s *Server) MetricsAddr() net.Addr {
	if s.mln == nil {
		return nil
	}
	return s.mln.Addr()
}

// Registry is the server's namespace registry.
func (s *Server) Registry() *namespace.Registry { return s.reg }

// Roles is the server's role store.
func (s *Server) Roles() *roles.Store { return s.roles }

// Password is the superuser password when the server knows it (it was
// configured or generated), else "".
func (s *Server) Password() string { return s.password }

// ConnString is a postgres:// URL for the superuser (with the password
// when known). A wildcard listen address becomes 127.0.0.1.
func (s *Server) ConnString() string {
	host := "127.0.0.1"
	if ta, ok := s.ln.Addr().(*net.TCPAddr); ok && !ta.IP.IsUnspecified() {
		host = ta.IP.String()
	}
	u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(host, strconv.Itoa(s.Port())), Path: "/" + Database}
	if s.password != "" {
		u.User = url.UserPassword(roles.Superuser, s.password)
	} else {
		u.User = url.User(roles.Superuser)
	}
	return u.String()
}

// Close shuts down gracefully (see the package doc) within
// Config.ShutdownTimeout.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	return s.Shutdown(ctx)
}

// Shutdown is Close with the caller's deadline for running statements.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() {
		s.log.Info("shutting down")
		var errs []error
		if err := s.wire.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("drain connections: %w", err))
		}
		<-s.served
		if s.metrics != nil {
			_ = s.metrics.Close()
		}
		if err := s.reg.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close data directory: %w", err))
		}
		s.closeErr = errors.Join(errs...)
		s.log.Info("shut down", "err", s.closeErr)
	})
	return s.closeErr
}

// abort releases what a failed Start had opened.
func (s *Server) abort() {
	if s.ln != nil {
		s.ln.Close()
	}
	if s.metrics != nil {
		s.metrics.Close()
	}
	if s.reg != nil {
		_ = s.reg.Close()
	}
}

// roleLookup adapts the role store to pgwire.
type roleLookup struct{ st *roles.Store }

func (l roleLookup) LookupRole(ctx context.Context, name string) (*pgwire.Role, error) {
	r, err := l.st.Get(ctx, name)
	if err != nil || r == nil {
		return nil, err
	}
	return &pgwire.Role{Name: r.Name, CanLogin: r.Login, SCRAM: r.SCRAM, MD5: r.MD5}, nil
}
