package pgwire

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/entitydb/entitydb/planner"
	"github.com/entitydb/entitydb/planner/types"
)

// Session is what pgwire needs from a connection's SQL session;
// *planner.Session implements it (planner/session.go documents each
// method). Tests substitute their own.
type Session interface {
	StartupParams() []planner.Param
	TxStatus() byte
	Close()
	ExecSimple(ctx context.Context, sql string, out planner.Output) error
	Prepare(ctx context.Context, name, sql string, paramTypes []types.OID) (*planner.Prepared, error)
	DescribeStatement(name string) (*planner.Prepared, error)
	CloseStatement(name string)
	Bind(ctx context.Context, portal, stmt string, params []planner.BindParam, resultFormats []int16) error
	DescribePortal(name string) ([]planner.Column, error)
	ClosePortal(name string)
	Execute(ctx context.Context, portal string, maxRows int, out planner.Output) (tag string, suspended bool, err error)
	Sync(ctx context.Context) error
	Failed()
}

// Engine starts sessions. Its error is sent to the client as FATAL.
type Engine interface {
	NewSession(cfg planner.SessionConfig) (Session, error)
}

// EngineFunc adapts a function to Engine.
type EngineFunc func(cfg planner.SessionConfig) (Session, error)

// NewSession calls f.
func (f EngineFunc) NewSession(cfg planner.SessionConfig) (Session, error) { return f(cfg) }

// Role is what authentication needs to know about a role.
type Role struct {
	Name     string
	CanLogin bool
	// SCRAM is the SCRAM-SHA-256 verifier in PostgreSQL's rolpassword
	// form; empty if the role has no password.
	SCRAM string
	// MD5 is "md5" + hex(md5(password + name)); empty when not kept.
	MD5 string
}

// Roles looks roles up by name. It returns (nil, nil) for an unknown role.
type Roles interface {
	LookupRole(ctx context.Context, name string) (*Role, error)
}

// Defaults for Config fields left zero.
const (
	DefaultMaxConnections = 100
	DefaultMaxMessageSize = 256 << 20
	DefaultStartupTimeout = time.Minute
	DefaultDatabase       = "entitydb"
)

// Config configures a Server.
type Config struct {
	Engine Engine
	Roles  Roles
	// Rules choose the authentication method; nil means DefaultRules
	// (SCRAM-SHA-256 for everyone).
	Rules Rules
	// TLS, when set, lets clients upgrade with SSLRequest.
	TLS *tls.Config
	// Databases are the database names clients may connect to; nil means
	// just DefaultDatabase.
	Databases []string
	// MaxConnections bounds concurrent sessions (53300 beyond it).
	MaxConnections int
	// MaxMessageSize bounds one protocol message in bytes; a larger one
	// closes the connection with FATAL 54000.
	MaxMessageSize int
	// StartupTimeout bounds the time from accept to ReadyForQuery.
	StartupTimeout time.Duration
	// IdleInTransactionTimeout closes sessions idle inside a transaction
	// block for longer (FATAL 25P03); 0 disables it.
	IdleInTransactionTimeout time.Duration
	// Logger receives connection events; nil discards them.
	Logger *slog.Logger
	// Metrics, when set, counts connections and messages.
	Metrics *Metrics
}

// Server accepts PostgreSQL protocol connections and serves each on its
// own goroutine.
type Server struct {
	cfg     Config
	log     *slog.Logger
	nextPID atomic.Uint32
	active  atomic.Int64 // sessions past the start-up packet
	closing atomic.Bool

	// baseCtx is the parent of every statement context; cancelAll ends
	// all running statements at the end of a graceful shutdown.
	baseCtx   context.Context
	cancelAll context.CancelFunc

	// mu guards the listener and connection sets.
	mu struct {
		sync.Mutex
		listeners map[net.Listener]struct{}
		conns     map[uint32]*conn // by BackendKeyData process id
	}
	wg sync.WaitGroup // one per connection goroutine

	// onPanic, when set (by tests), is told about each recovered panic.
	onPanic func(v any)
}

// New returns a server; call Serve to accept connections.
func New(cfg Config) (*Server, error) {
	if cfg.Engine == nil || cfg.Roles == nil {
		return nil, errors.New("pgwire: Config.Engine and Config.Roles are required")
	}
	if cfg.Rules == nil {
		cfg.Rules = DefaultRules()
	}
	if cfg.Databases == nil {
		cfg.Databases = []string{DefaultDatabase}
	}
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = DefaultMaxConnections
	}
	if cfg.MaxMessageSize <= 0 {
		cfg.MaxMessageSize = DefaultMaxMessageSize
	}
	if cfg.StartupTimeout <= 0 {
		cfg.StartupTimeout = DefaultStartupTimeout
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, log: log}
	s.baseCtx, s.cancelAll = context.WithCancel(context.Background())
	s.mu.listeners = map[net.Listener]struct{}{}
	s.mu.conns = map[uint32]*conn{}
	var b [4]byte
	_, _ = rand.Read(b[:])
	s.nextPID.Store(binary.BigEndian.Uint32(b[:])%1_000_000 + 1000)
	return s, nil
}

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = errors.New("pgwire: server closed")

// Serve accepts connections on ln until Shutdown. It always returns a
// non-nil error (ErrServerClosed after Shutdown).
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closing.Load() {
		s.mu.Unlock()
		ln.Close()
		return ErrServerClosed
	}
	s.mu.listeners[ln] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.mu.listeners, ln)
		s.mu.Unlock()
	}()
	backoff := 5 * time.Millisecond
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.closing.Load() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
				s.log.Warn("accept failed; retrying", "err", err)
				time.Sleep(backoff)
				backoff = min(2*backoff, time.Second)
				continue
			}
			return fmt.Errorf("pgwire accept: %w", err)
		}
		backoff = 5 * time.Millisecond
		c := s.newConn(nc)
		if c == nil {
			nc.Close()
			continue
		}
		go c.serve()
	}
}

// newConn registers a connection, or returns nil when shutting down.
func (s *Server) newConn(nc net.Conn) *conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing.Load() {
		return nil
	}
	var pid uint32
	for {
		pid = s.nextPID.Add(1)
		if _, used := s.mu.conns[pid]; !used && pid != 0 {
			break
		}
	}
	c := &conn{srv: s, nc: nc, pid: pid}
	_, _ = rand.Read(c.secret[:])
	c.log = s.log.With("pid", pid, "remote", nc.RemoteAddr().String())
	s.mu.conns[pid] = c
	s.wg.Add(1)
	s.cfg.Metrics.connOpened()
	return c
}

func (s *Server) forget(c *conn) {
	s.mu.Lock()
	delete(s.mu.conns, c.pid)
	s.mu.Unlock()
	s.cfg.Metrics.connClosed()
	s.wg.Done()
}

// cancel handles a CancelRequest: it cancels the statement running on the
// connection with that process id and secret, if any. Unknown keys are
// ignored silently, as PostgreSQL does.
func (s *Server) cancel(pid uint32, secret []byte) {
	s.mu.Lock()
	c := s.mu.conns[pid]
	s.mu.Unlock()
	if c == nil || len(secret) != len(c.secret) || subtle.ConstantTimeCompare(secret, c.secret[:]) != 1 {
		s.log.Debug("cancel request for unknown key", "target_pid", pid)
		return
	}
	c.cancelStatement()
	c.log.Info("statement cancel requested")
}

// Sessions returns the number of connections past their start-up packet.
func (s *Server) Sessions() int { return int(s.active.Load()) }

// Shutdown stops accepting, closes idle connections with FATAL 57P01, and
// lets running statements finish until ctx is done; then it cancels them
// (57014), waits briefly, and closes whatever is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing.Store(true)
	for ln := range s.mu.listeners {
		ln.Close()
	}
	conns := make([]*conn, 0, len(s.mu.conns))
	for _, c := range s.mu.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	// Wake connections blocked reading the next message; the ones
	// running a statement see the flag when they come back to read.
	for _, c := range conns {
		_ = c.nc.SetReadDeadline(time.Now())
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		s.cancelAll()
		return nil
	case <-ctx.Done():
	}
	s.log.Warn("shutdown: cancelling running statements")
	s.cancelAll()
	select {
	case <-done:
		return nil
	case <-time.After(2 * time.Second):
	}
	s.mu.Lock()
	for _, c := range s.mu.conns {
		c.nc.Close()
	}
	s.mu.Unlock()
	<-done
	return ctx.Err()
}
