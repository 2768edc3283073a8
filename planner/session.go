package planner

// This file is the contract between the planner and the wire server
// (pgwire). pgwire decodes and encodes protocol messages, authenticates and
// frames COPY; everything that depends on SQL semantics (transactions,
// statement and portal lifetimes, type inference, value encoding in the
// session's DateStyle/TimeZone/extra_float_digits) happens behind this
// interface. Signatures change only with a note to pgwire.

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// Config configures an Engine.
type Config struct {
	Registry *namespace.Registry
	// Logger is a *slog.Logger; nil discards.
	Logger any
}

// Engine is the SQL engine shared by all sessions: plan cache, settings
// defaults, catalog. Safe for concurrent use.
type Engine struct {
	reg     *namespace.Registry
	log     *slog.Logger
	catalog *catalog

	// parseCache maps query text to its parsed statements (immutable).
	parseCache *lru.Cache[string, []*rawStmt]
	// planCache maps (text, plan-relevant settings) to analysed plans of
	// parameterless statements (simple protocol); plans are immutable.
	planCache *lru.Cache[planKey, *stmtPlan]
	// shapeCache maps (parameterised text, settings) to the plans of
	// SELECTs that differ only in literals compared with columns
	// (shape.go); a nil plan marks a shape that is not shared.
	shapeCache *lru.Cache[planKey, *shapeEntry]
	// shapeHits counts statements executed from a shape's plan.
	shapeHits atomic.Int64
	// locks are the row locks of all sessions' transactions (locks.go).
	locks *lockTable
	// advisory are the advisory locks (advisory.go).
	advisory advisoryLocks

	mu struct {
		sync.Mutex
		// handles are namespace handles by name (valid across eviction).
		handles map[string]*namespace.Namespace
	}
}

// NewEngine returns an engine over the registry.
func NewEngine(cfg Config) (*Engine, error) {
	if cfg.Registry == nil {
		return nil, pgerr.New(pgerr.InternalError, "planner: no namespace registry")
	}
	log, _ := cfg.Logger.(*slog.Logger)
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine{reg: cfg.Registry, log: log}
	e.catalog = newCatalog(e)
	e.parseCache, _ = lru.New[string, []*rawStmt](4096)
	e.planCache, _ = lru.New[planKey, *stmtPlan](4096)
	e.shapeCache, _ = lru.New[planKey, *shapeEntry](4096)
	e.mu.handles = map[string]*namespace.Namespace{}
	e.locks = newLockTable()
	return e, nil
}

// SessionConfig describes a new connection.
type SessionConfig struct {
	User     string
	Database string
	// Params are the StartupMessage parameters other than user and
	// database (application_name, client_encoding, DateStyle, options...);
	// they are applied like SET at session start. Unknown ones are ignored.
	Params map[string]string
	// ReportParam is called whenever a setting that PostgreSQL reports by
	// ParameterStatus changes value (SET application_name, SET TimeZone...).
	ReportParam func(name, value string)
	// Notice sends a NoticeResponse to the client (may be called during
	// any Session method).
	Notice func(*pgerr.Notice)
}

// Session is one connection's SQL state: settings, transaction, prepared
// statements and portals (protocol-level and SQL PREPARE/DECLARE share the
// same namespaces, as in PostgreSQL). Not safe for concurrent use, except
// that ctx cancellation may come from another goroutine.
type Session struct {
	engine   *Engine
	cfg      SessionConfig
	user     string
	database string
	settings *settings
	fmtCache *formatSettings
	evalCtx  *types.EvalContext
	// startup holds the values set by start-up parameters (RESET target).
	startup map[string]string

	tx       *txn
	spareTxn *txn // an ended implicit transaction kept for reuse (recycle)
	// rowEnc and its bound encode method encode rows for a RowAppender
	// (appendRows).
	rowEnc    rowEncoder
	encodeRow func([]byte) ([]byte, error)
	prepared  map[string]*preparedStmt
	portals   map[string]*portal
	// implicitFailed marks an extended-protocol implicit transaction that
	// failed: Sync rolls it back.
	implicitFailed bool
	closed         bool
	// advisory counts the session's advisory lock holds (advisory.go).
	advisory map[advHold]int
}

// NewSession starts a session. Errors are FATAL for the connection (e.g.
// 3D000 unknown database).
func (e *Engine) NewSession(cfg SessionConfig) (*Session, error) {
	if cfg.Database != "" && cfg.Database != DatabaseName {
		return nil, pgerr.Newf(pgerr.InvalidCatalogName, "database %q does not exist", cfg.Database).WithSeverity(pgerr.SeverityFatal)
	}
	s := &Session{
		engine:   e,
		cfg:      cfg,
		user:     cfg.User,
		database: DatabaseName,
		settings: newSettings(),
		prepared: map[string]*preparedStmt{},
		portals:  map[string]*portal{},
		advisory: map[advHold]int{},
	}
	if s.user == "" {
		s.user = "entitydb"
	}
	s.settings.vals["session_authorization"] = s.user
	if s.user != "entitydb" {
		s.settings.vals["is_superuser"] = "off"
	}
	for k, v := range cfg.Params {
		if strings.EqualFold(k, "options") {
			for name, val := range parseStartupOptions(v) {
				_ = s.setFromStartup(name, val)
			}
			continue
		}
		_ = s.setFromStartup(k, v)
	}
	return s, nil
}

// DatabaseName is the one database a server presents.
const DatabaseName = "entitydb"

// Param is a setting reported at start-up by ParameterStatus.
type Param struct{ Name, Value string }

// StartupParams returns the ParameterStatus set to send after
// AuthenticationOk, in PostgreSQL's order (server_version, client_encoding,
// DateStyle, ...).
func (s *Session) StartupParams() []Param {
	names := []string{"application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
		"in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser", "server_encoding",
		"server_version", "session_authorization", "standard_conforming_strings", "TimeZone"}
	out := make([]Param, len(names))
	for i, n := range names {
		out[i] = Param{Name: n, Value: s.settings.get(n)}
	}
	return out
}

// TxStatus returns the ReadyForQuery status: 'I' idle, 'T' in a
// transaction block, 'E' in a failed transaction block.
func (s *Session) TxStatus() byte {
	switch {
	case s.tx == nil || !s.tx.explicit:
		return 'I'
	case s.tx.failed:
		return 'E'
	}
	return 'T'
}

// Close rolls back any open transaction and releases the session.
func (s *Session) Close() {
	if s.closed {
		return
	}
	s.closed = true
	for name := range s.portals {
		s.ClosePortal(name)
	}
	if s.tx != nil {
		s.rollbackTxn(s.tx)
		s.tx = nil
	}
	s.releaseAdvisory(true, true)
}

// Column describes a result column (a RowDescription field).
type Column struct {
	Name     string
	TableOID uint32
	Attnum   int16
	Type     types.Type
	TypeSize int16
	// Format is the result format: 0 text, 1 binary. Set by Bind from the
	// result-format codes; 0 in statement descriptions.
	Format int16
}

// Output receives what a statement produces. pgwire implements it by
// sending messages.
type Output interface {
	// Describe announces the result columns of a row-returning statement in
	// the simple query protocol (RowDescription). Not called for
	// Execute in the extended protocol, where Describe messages do that.
	Describe(cols []Column) error
	// Row sends one row (DataRow); each value is already encoded in its
	// column's format; nil is NULL. The slice is reused after Row returns.
	Row(values [][]byte) error
	// Complete sends CommandComplete for one statement of a simple query.
	Complete(tag string) error
	// Empty sends EmptyQueryResponse (a simple query with no statement).
	Empty() error
	// CopyIn sends CopyInResponse and returns the client's data stream.
	CopyIn(format CopyFormat) (CopySource, error)
	// CopyOut sends CopyOutResponse and returns the sink for CopyData.
	CopyOut(format CopyFormat) (CopySink, error)
}

// RowAppender is an Output that takes rows already in the wire format,
// which saves building a [][]byte per row and copying it again. The
// session uses it instead of Row when the Output implements it.
type RowAppender interface {
	// AppendRow calls encode once with the connection's write buffer;
	// encode appends the body of one DataRow message (the Int16 column
	// count, then each value as Int32 length, -1 for NULL, and bytes) and
	// returns the extended buffer. If encode fails, nothing is sent and
	// AppendRow returns its error.
	AppendRow(encode func(dst []byte) ([]byte, error)) error
}

// CopyFormat is the format a COPY statement announces.
type CopyFormat struct {
	Binary        bool
	ColumnFormats []int16
}

// CopySource yields the payloads of the client's CopyData messages in
// order. A payload is valid until the next call to Next (the session
// copies what it keeps). Next returns io.EOF after CopyDone, and a
// *pgerr.Error (57014) after CopyFail.
type CopySource interface {
	Next() ([]byte, error)
}

// CopySink sends CopyData messages; Done sends CopyDone.
type CopySink interface {
	Write(data []byte) error
	Done() error
}

// ExecSimple runs a simple-protocol query string: every statement in it, in
// one implicit transaction unless the string controls transactions itself,
// stopping at the first error (returned; pgwire sends ErrorResponse). For a
// string with no statements it calls out.Empty.
func (s *Session) ExecSimple(ctx context.Context, sql string, out Output) error {
	return s.execSimple(ctx, sql, out)
}

// Prepared is a parsed and analyzed statement.
type Prepared struct {
	// ParamTypes are the parameter types, inferred where the client gave 0
	// or none (ParameterDescription).
	ParamTypes []types.OID
	// Columns describe the result rows; nil when the statement returns
	// none (NoData).
	Columns []Column
}

// Prepare parses and analyzes one statement and stores it under name
// ("" is the unnamed statement, replaced silently; a used name is 42P05).
func (s *Session) Prepare(ctx context.Context, name, sql string, paramTypes []types.OID) (*Prepared, error) {
	return s.prepare(ctx, name, sql, paramTypes)
}

// DescribeStatement returns a prepared statement by name (26000 unknown).
func (s *Session) DescribeStatement(name string) (*Prepared, error) {
	p, ok := s.prepared[name]
	if !ok {
		return nil, pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement %q does not exist", name)
	}
	return p.describe(), nil
}

// CloseStatement forgets a prepared statement (no error if unknown).
func (s *Session) CloseStatement(name string) { delete(s.prepared, name) }

// BindParam is one Bind parameter as received: Value nil is NULL; Format 0
// text, 1 binary.
type BindParam struct {
	Format int16
	Value  []byte
}

// Bind creates portal name ("" unnamed, replaced silently) from a prepared
// statement, decoding params by the statement's parameter types, with the
// result formats of the Bind message (none: all text; one: for all).
func (s *Session) Bind(ctx context.Context, portal, stmt string, params []BindParam, resultFormats []int16) error {
	return s.bind(ctx, portal, stmt, params, resultFormats)
}

// DescribePortal returns the columns of a portal (including SQL cursors
// made by DECLARE), with their result formats; nil if it returns no rows.
// 34000 for an unknown portal.
func (s *Session) DescribePortal(name string) ([]Column, error) {
	p, ok := s.portals[name]
	if !ok {
		return nil, pgerr.Newf(pgerr.InvalidCursorName, "portal %q does not exist", name)
	}
	return p.columns(), nil
}

// ClosePortal forgets a portal (no error if unknown).
func (s *Session) ClosePortal(name string) {
	if p, ok := s.portals[name]; ok {
		p.close()
		delete(s.portals, name)
	}
}

// Execute runs a portal, sending at most maxRows rows (0: all) to out. It
// returns the command tag when the portal completed, or suspended=true when
// rows remain (PortalSuspended; a later Execute resumes).
func (s *Session) Execute(ctx context.Context, portal string, maxRows int, out Output) (tag string, suspended bool, err error) {
	return s.execute(ctx, portal, maxRows, out)
}

// Sync ends an extended-protocol cycle: it commits the implicit
// transaction (or rolls it back after an error), and destroys the unnamed
// portal outside a transaction block. A returned error (e.g. a failed
// commit) is sent before ReadyForQuery.
func (s *Session) Sync(ctx context.Context) error { return s.sync(ctx) }

// Failed tells the session that an extended-protocol message failed, so the
// transaction is marked failed ('E' inside a block; rolled back at Sync
// otherwise).
func (s *Session) Failed() {
	if s.tx != nil && s.tx.explicit {
		s.failBlock()
		return
	}
	s.implicitFailed = true
}
