package planner

// Session machinery behind the contract in session.go: the simple and
// extended protocols, implicit transactions, prepared statements, portals
// and cursors, statement timeouts, panic recovery.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

var nowFunc = time.Now

// emptyValue is a zero-length, non-NULL value.
var emptyValue = []byte{}

// ---- engine helpers ------------------------------------------------------------

// namespace returns a namespace handle (cached).
func (e *Engine) namespace(ctx context.Context, name string) (*namespace.Namespace, error) {
	e.mu.Lock()
	ns, ok := e.mu.handles[name]
	e.mu.Unlock()
	if ok {
		return ns, nil
	}
	ns, err := e.reg.Get(ctx, name)
	if err != nil {
		if errors.Is(err, namespace.ErrNamespaceNotFound) {
			return nil, pgerr.Wrap(err, pgerr.UndefinedTable, fmt.Sprintf("relation \"%s.entities\" does not exist", name))
		}
		return nil, mapStorageError(err, name)
	}
	e.mu.Lock()
	e.mu.handles[name] = ns
	e.mu.Unlock()
	return ns, nil
}

func (e *Engine) forgetNamespace(name string) {
	e.mu.Lock()
	delete(e.mu.handles, name)
	e.mu.Unlock()
}

// ---- formatting settings --------------------------------------------------------

func (s *Session) formatSettings() *formatSettings {
	if s.fmtCache != nil {
		return s.fmtCache
	}
	fs := types.DefaultSettings()
	if ds, err := types.ParseDateStyle(s.settings.get("datestyle"), fs.DateStyle); err == nil {
		fs.DateStyle = ds
	}
	if loc, err := loadLocation(s.settings.get("timezone")); err == nil {
		fs.TimeZone = loc
	}
	if is, err := types.ParseIntervalStyle(s.settings.get("intervalstyle")); err == nil {
		fs.IntervalStyle = is
	}
	if n, err := types.ParseExtraFloatDigits(s.settings.get("extra_float_digits")); err == nil {
		fs.ExtraFloatDigits = n
	}
	if b, err := types.ParseByteaOutput(s.settings.get("bytea_output")); err == nil {
		fs.ByteaOutput = b
	}
	fs.Now = func() time.Time {
		if s.tx != nil {
			return s.tx.start
		}
		return time.Now()
	}
	s.fmtCache = fs
	return fs
}

// evalContext is what types-package functions see of the session; its
// timestamps follow the running statement.
func (s *Session) evalContext(ec *execCtx) *types.EvalContext {
	if s.evalCtx == nil {
		s.evalCtx = &types.EvalContext{Session: types.SessionInfo{
			CurrentUser:     func() string { return s.user },
			SessionUser:     func() string { return s.user },
			CurrentDatabase: func() string { return DatabaseName },
			CurrentSchema:   s.currentSchema,
			CurrentSchemas: func(implicit bool) []string {
				var out []string
				if implicit {
					out = append(out, "pg_catalog")
				}
				for _, p := range s.searchPath() {
					if p == "pg_catalog" && implicit {
						continue
					}
					out = append(out, p)
				}
				return out
			},
			CurrentSetting: s.showLookup,
			SetConfig: func(name, value string, local bool) (string, error) {
				if err := s.set(name, value, local); err != nil {
					return "", err
				}
				v, _ := s.showLookup(name)
				return v, nil
			},
			Version: func() string { return versionString },
		}}
	}
	s.evalCtx.Settings = s.formatSettings()
	if ec != nil {
		s.evalCtx.TxnTimestamp = ec.txnTime()
		s.evalCtx.StmtTimestamp = ec.stmtTime.Truncate(time.Microsecond)
	}
	return s.evalCtx
}

// ---- startup ------------------------------------------------------------------

func (s *Session) setFromStartup(name, value string) error {
	name = strings.ToLower(name)
	switch name {
	case "user", "database", "replication":
		return nil
	}
	d, ok := gucDefs[name]
	if !ok || d.ctx == gucInternal {
		return nil
	}
	if d.normalize != nil {
		v, err := d.normalize(s, value)
		if err != nil {
			return err
		}
		value = v
	}
	s.settings.vals[name] = value
	if s.startup == nil {
		s.startup = map[string]string{}
	}
	s.startup[name] = value
	s.fmtCache = nil
	return nil
}

// parseStartupOptions parses the "options" startup parameter
// ("-c name=value --name=value").
func parseStartupOptions(v string) map[string]string {
	out := map[string]string{}
	fields := strings.Fields(strings.ReplaceAll(v, `\ `, "\x00"))
	for i := 0; i < len(fields); i++ {
		f := strings.ReplaceAll(fields[i], "\x00", " ")
		switch {
		case f == "-c" && i+1 < len(fields):
			i++
			kv := strings.ReplaceAll(fields[i], "\x00", " ")
			if k, val, ok := strings.Cut(kv, "="); ok {
				out[strings.ReplaceAll(k, "-", "_")] = val
			}
		case strings.HasPrefix(f, "-c"):
			if k, val, ok := strings.Cut(f[2:], "="); ok {
				out[strings.ReplaceAll(k, "-", "_")] = val
			}
		case strings.HasPrefix(f, "--"):
			if k, val, ok := strings.Cut(f[2:], "="); ok {
				out[strings.ReplaceAll(k, "-", "_")] = val
			}
		}
	}
	return out
}

// ---- statement context, errors, panics --------------------------------------------

// stmtContext applies statement_timeout.
func (s *Session) stmtContext(ctx context.Context) (context.Context, context.CancelFunc) {
	v := s.settings.get("statement_timeout")
	if v == "0" { // the default: nothing to arm
		return ctx, noCancel
	}
	d, err := parseDurationMS("statement_timeout", v)
	if err != nil || d <= 0 {
		return ctx, noCancel
	}
	return context.WithTimeoutCause(ctx, d, errStatementTimeout)
}

func noCancel() {}

// protect converts a panic into XX000.
func protect(err *error) {
	if r := recover(); r != nil {
		*err = pgerr.Newf(pgerr.InternalError, "internal error: %v", r).WithDetail("%s", firstStackLines(string(debug.Stack()), 12))
	}
}

func firstStackLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// normalizeError makes sure an error carries a SQLSTATE; context
// cancellation becomes 57014.
func normalizeError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var pe *pgerr.Error
	if errors.As(err, &pe) {
		return err
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return cancelError(ctx)
	}
	return pgerr.Flatten(err)
}

// allowedInFailed lists statements accepted in a failed transaction.
func allowedInFailed(n *pg.Node) bool {
	if n == nil {
		return false
	}
	if t := n.GetTransactionStmt(); t != nil {
		switch t.Kind {
		case pg.TransactionStmtKind_TRANS_STMT_COMMIT, pg.TransactionStmtKind_TRANS_STMT_ROLLBACK, pg.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
			return true
		}
	}
	return false
}

func errInFailed() error {
	return pgerr.New(pgerr.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block")
}

// ---- simple protocol ------------------------------------------------------------

func (s *Session) execSimple(ctx context.Context, sql string, out Output) (err error) {
	if p, params, ok := s.shapePlan(sql); ok {
		if err := s.runStmt(ctx, p, params, false, out, false); err != nil {
			s.failTxn()
			return err
		}
		return nil
	}
	stmts, err := s.engine.parse(sql)
	if err != nil {
		s.failTxn()
		return err
	}
	if len(stmts) == 0 {
		return out.Empty()
	}
	multi := len(stmts) > 1
	for _, st := range stmts {
		if err := s.execOne(ctx, sql, st, out, multi); err != nil {
			s.failTxn()
			return err
		}
	}
	if multi && s.tx != nil && !s.tx.explicit {
		tx := s.tx
		s.tx = nil
		s.closeTxnPortals()
		if err := s.commitTxn(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// failTxn marks the transaction failed after an error: an explicit block
// goes to state 'E'; an implicit transaction is rolled back.
func (s *Session) failTxn() {
	if s.tx == nil {
		return
	}
	if s.tx.explicit {
		s.failBlock()
		return
	}
	tx := s.tx
	s.tx = nil
	s.closeTxnPortals()
	s.rollbackTxn(tx)
}

// failBlock puts the transaction block in the failed state. Like
// PostgreSQL, the failed part of the transaction (all of it, or what
// followed the last savepoint) lets go of its row locks at once: it can
// only be rolled back.
func (s *Session) failBlock() {
	s.tx.failed = true
	from := 0
	if n := len(s.tx.savepoints); n > 0 {
		from = s.tx.savepoints[n-1].lockLen
	}
	s.releaseLocksFrom(s.tx, from)
}

// planKeyFor is the plan cache key of a statement text under the
// session's current settings.
func (s *Session) planKeyFor(text string) planKey {
	st := s.settings
	return planKey{text: text, searchPath: st.get("search_path"),
		formats: st.get("timezone") + "|" + st.get("datestyle") + "|" + st.get("intervalstyle") + "|" + st.get("extra_float_digits") + "|" + st.get("bytea_output"),
		noIndex: st.vals["entitydb.use_index"]}
}

// planFor returns the plan of a statement, from the cache when possible.
func (s *Session) planFor(sql string, st *rawStmt) (*stmtPlan, error) {
	key := s.planKeyFor(st.text)
	if p, ok := s.engine.planCache.Get(key); ok {
		return p, nil
	}
	// plans refer to positions in the whole query string; cache only
	// single-statement strings
	p, err := s.planStatement(st, sql, nil)
	if err != nil {
		return nil, err
	}
	if p.cacheable && len(p.paramTypes) == 0 && st.loc == 0 && len(strings.TrimSpace(sql)) == len(st.text) {
		s.engine.planCache.Add(key, p)
		s.learnShape(sql, st, p)
	}
	return p, nil
}

// stmtMark is the position of the transaction's pending writes before a
// statement (statements are atomic: a failure truncates to it).
func (s *Session) stmtMark() int {
	if s.tx == nil || s.tx.writes == nil {
		return 0
	}
	return s.tx.writes.mark()
}

// undoStmt discards the writes of a failed statement.
func (s *Session) undoStmt(mark int) {
	if s.tx != nil && s.tx.writes != nil {
		s.tx.writes.rollbackTo(mark)
	}
}

func (s *Session) execOne(ctx context.Context, sql string, st *rawStmt, out Output, multi bool) (err error) {
	defer protect(&err)
	if s.tx != nil && s.tx.failed && !allowedInFailed(st.node) {
		return errInFailed()
	}
	p, err := s.planFor(sql, st)
	if err != nil {
		return err
	}
	var params []Datum
	if !multi && s.shapeMode() == "always" {
		// tests: run every shareable statement from its shape's plan
		if sp, vals, ok := s.shapePlan(sql); ok {
			p, params = sp, vals
		}
	}
	return s.runStmt(ctx, p, params, st.node != nil && st.node.GetTransactionStmt() != nil, out, multi)
}

// runStmt executes a planned statement of a simple Query message: in the
// open transaction, or in an implicit one that commits after it unless
// the message holds several statements (multi).
func (s *Session) runStmt(ctx context.Context, p *stmtPlan, params []Datum, isTxnStmt bool, out Output, multi bool) (err error) {
	mark := -1
	defer func() {
		protect(&err)
		if err != nil && mark >= 0 {
			s.undoStmt(mark)
		}
	}()
	if s.tx != nil && s.tx.failed && !isTxnStmt {
		return errInFailed()
	}
	if s.tx == nil && !isTxnStmt {
		s.tx = s.newTxn(false)
	}
	autocommit := !multi && s.tx != nil && !s.tx.explicit
	sctx, cancel := s.stmtContext(ctx)
	defer cancel()
	if p.kind == stmtDML && autocommit {
		return s.execAutocommitDML(sctx, p, out)
	}
	mark = s.stmtMark()
	r, err := s.start(sctx, p, params, out)
	if err != nil {
		return normalizeError(sctx, err)
	}
	defer r.finish()
	if r.empty {
		return out.Empty()
	}
	tag, err := s.sendResult(r, out)
	if err != nil {
		return normalizeError(sctx, err)
	}
	r.finish()
	if autocommit && s.tx != nil && !s.tx.explicit {
		tx := s.tx
		s.tx = nil
		s.closeTxnPortals()
		if err := s.commitTxn(ctx, tx); err != nil {
			return err
		}
		s.recycle(tx)
	}
	if tag == "" {
		return nil
	}
	return out.Complete(tag)
}

// execAutocommitDML runs a DML statement in its own transaction, retrying
// on write conflicts with a fresh snapshot (READ COMMITTED behaviour), and
// sends RETURNING rows only after the commit succeeded.
func (s *Session) execAutocommitDML(ctx context.Context, p *stmtPlan, out Output) error {
	for attempt := 0; ; attempt++ {
		if s.tx == nil {
			s.tx = s.newTxn(false)
		}
		r, err := s.start(ctx, p, nil, out)
		if err != nil {
			tx := s.tx
			s.tx = nil
			s.rollbackTxn(tx)
			return normalizeError(ctx, err)
		}
		tx := s.tx
		s.tx = nil
		err = s.commitTxn(ctx, tx)
		if err != nil {
			r.finish()
			if pgerr.CodeOf(err) == pgerr.TRSerializationFailure && attempt < 8 && ctx.Err() == nil {
				continue
			}
			return err
		}
		tag, err := s.sendResult(r, out)
		if err != nil {
			return normalizeError(ctx, err)
		}
		r.finish()
		return out.Complete(tag)
	}
}

// sendResult describes and sends all rows of a running statement (if it
// returns rows) and returns its command tag.
func (s *Session) sendResult(r *running, out Output) (string, error) {
	if r.it == nil {
		return r.tag, nil
	}
	if err := out.Describe(s.describeCols(r.cols, nil)); err != nil {
		return "", err
	}
	n, err := s.sendRows(r, out, nil, 0)
	if err != nil {
		return "", err
	}
	return r.tagFn(n), nil
}

// describeCols converts plan columns to protocol columns.
func (s *Session) describeCols(cols []colInfo, formats []int16) []Column {
	if cols == nil {
		return nil
	}
	out := make([]Column, len(cols))
	for i, c := range cols {
		size := int16(-1)
		if inf := types.Lookup(c.typ.OID); inf != nil {
			size = inf.Len
		}
		out[i] = Column{Name: c.name, Type: c.typ, TypeSize: size}
		if c.typ.OID == types.RecordOID {
			out[i].Type.Typmod = -1 // a registered record's typmod is internal
		}
		if formats != nil {
			out[i].Format = formats[i]
		}
	}
	return out
}

// sendRows streams up to max rows (0: all) of a running statement.
// nextRow returns the portal's next row, or nil at the end, where the
// iterator is closed (a resumed portal then yields nothing).
func (r *running) nextRow() ([]Datum, error) {
	row, err := r.it.next()
	if err != nil || row != nil {
		return row, err
	}
	r.it.close()
	r.it = emptyIter{}
	return nil, nil
}

func (s *Session) sendRows(r *running, out Output, formats []int16, max int) (int64, error) {
	if ra, ok := out.(RowAppender); ok {
		return s.appendRows(r, ra, formats, max)
	}
	vals := make([][]byte, len(r.cols))
	buf := make([]byte, 0, 256)
	offs := make([]int, 0, len(r.cols)*2)
	var n int64
	for max == 0 || n < int64(max) {
		row, err := r.nextRow()
		if err != nil {
			return n, err
		}
		if row == nil {
			break
		}
		buf = buf[:0]
		// settings may change while rows are produced (set_config)
		fs := s.formatSettings()
		offs = offs[:0]
		for i := range r.cols {
			v := row[i]
			if v == nil {
				offs = append(offs, -1, -1)
				continue
			}
			start := len(buf)
			if formats != nil && formats[i] == 1 {
				buf, err = formatBinary(buf, r.cols[i].typ.OID, v)
				if err != nil {
					return n, err
				}
			} else {
				buf = formatText(buf, r.cols[i].typ.OID, v, fs)
			}
			offs = append(offs, start, len(buf))
		}
		for i := range r.cols {
			if offs[2*i] < 0 {
				vals[i] = nil
				continue
			}
			if offs[2*i] == offs[2*i+1] {
				vals[i] = emptyValue
				continue
			}
			vals[i] = buf[offs[2*i]:offs[2*i+1]:offs[2*i+1]]
		}
		if err := out.Row(vals); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// rowEncoder encodes one row of a running statement as a DataRow body.
// Its encode method is passed to RowAppender.AppendRow for every row.
type rowEncoder struct {
	s       *Session
	cols    []colInfo
	formats []int16
	row     []Datum
}

func (w *rowEncoder) encode(dst []byte) ([]byte, error) {
	// settings may change while rows are produced (set_config)
	fs := w.s.formatSettings()
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(w.cols)))
	var err error
	for i, c := range w.cols {
		v := w.row[i]
		if v == nil {
			dst = append(dst, 0xFF, 0xFF, 0xFF, 0xFF)
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		if w.formats != nil && w.formats[i] == 1 {
			if dst, err = formatBinary(dst, c.typ.OID, v); err != nil {
				return dst, err
			}
		} else {
			dst = formatText(dst, c.typ.OID, v, fs)
		}
		binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	return dst, nil
}

// appendRows is sendRows for an Output that takes wire-format rows. The
// session's one rowEncoder (and its bound encode method) serves every
// statement.
func (s *Session) appendRows(r *running, out RowAppender, formats []int16, max int) (int64, error) {
	w := &s.rowEnc
	if s.encodeRow == nil {
		s.encodeRow = w.encode
	}
	*w = rowEncoder{s: s, cols: r.cols, formats: formats}
	defer func() { w.row = nil }()
	encode := s.encodeRow
	var n int64
	for max == 0 || n < int64(max) {
		row, err := r.nextRow()
		if err != nil {
			return n, err
		}
		if row == nil {
			break
		}
		w.row = row
		if err := out.AppendRow(encode); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ---- extended protocol ---------------------------------------------------------------

// preparedStmt is a statement prepared by Parse or PREPARE.
type preparedStmt struct {
	name       string
	sql        string
	raw        *rawStmt
	plan       *stmtPlan
	paramTypes []types.OID
	given      []types.OID
	sqlLevel   bool // made by SQL PREPARE
}

func (p *preparedStmt) describe() *Prepared {
	return &Prepared{ParamTypes: p.paramTypes, Columns: (&Session{}).describeCols(p.plan.cols, nil)}
}

func (s *Session) prepare(ctx context.Context, name, sql string, paramTypes []types.OID) (out *Prepared, err error) {
	defer protect(&err)
	if name != "" {
		if _, ok := s.prepared[name]; ok {
			return nil, pgerr.Newf(pgerr.DuplicatePstatement, "prepared statement %q already exists", name)
		}
	}
	stmts, err := s.engine.parse(sql)
	if err != nil {
		return nil, err
	}
	if len(stmts) > 1 {
		return nil, pgerr.New(pgerr.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	var raw *rawStmt
	if len(stmts) == 1 {
		raw = stmts[0]
	} else {
		raw = &rawStmt{}
	}
	if s.tx != nil && s.tx.failed && !allowedInFailed(raw.node) {
		return nil, errInFailed()
	}
	plan, err := s.planStatement(raw, sql, paramTypes)
	if err != nil {
		return nil, err
	}
	ps := &preparedStmt{name: name, sql: sql, raw: raw, plan: plan, paramTypes: plan.paramTypes, given: paramTypes}
	s.prepared[name] = ps
	return ps.describe(), nil
}

// replanIfStale re-binds a prepared statement whose search_path changed
// (PostgreSQL re-plans on such changes too).
func (s *Session) replanIfStale(ps *preparedStmt) error {
	if ps.plan.kind == stmtUtility || ps.plan.searchPath == s.settings.get("search_path") {
		return nil
	}
	plan, err := s.planStatement(ps.raw, ps.sql, ps.paramTypes)
	if err != nil {
		return err
	}
	ps.plan = plan
	return nil
}

// portal is a bound statement (Bind, or DECLARE CURSOR).
type portal struct {
	name    string
	stmt    *preparedStmt
	plan    *stmtPlan
	params  []Datum
	formats []int16 // per result column; nil: text
	run     *running
	done    bool
	cursor  bool // SQL cursor (DECLARE)
	hold    bool
	// utility statements whose columns depend on run time (FETCH)
	cols []colInfo
}

func (p *portal) columns() []Column {
	cols := p.cols
	if cols == nil {
		cols = p.plan.cols
	}
	if cols == nil {
		return nil
	}
	return (&Session{}).describeCols(cols, p.formats)
}

func (p *portal) close() {
	if p.run != nil {
		p.run.finish()
		p.run = nil
	}
}

// decodeParams converts Bind parameters by the statement's types.
func decodeParams(ptypes []types.OID, params []BindParam, fs *formatSettings) ([]Datum, error) {
	out := make([]Datum, len(params))
	for i, bp := range params {
		if bp.Value == nil {
			continue
		}
		t := ptypes[i]
		var v Datum
		var err error
		if bp.Format == 1 {
			v, err = parseBinary(t, bp.Value)
		} else if err = types.CheckText(bp.Value); err == nil {
			v, err = parseText(t, string(bp.Value), fs)
		}
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (s *Session) bind(ctx context.Context, portalName, stmt string, params []BindParam, resultFormats []int16) (err error) {
	defer protect(&err)
	ps, ok := s.prepared[stmt]
	if !ok {
		return pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement %q does not exist", stmt)
	}
	if s.tx != nil && s.tx.failed && !allowedInFailed(ps.raw.node) {
		return errInFailed()
	}
	if len(params) != len(ps.paramTypes) {
		return pgerr.Newf(pgerr.ProtocolViolation, "bind message supplies %d parameters, but prepared statement %q requires %d", len(params), stmt, len(ps.paramTypes))
	}
	if err := s.replanIfStale(ps); err != nil {
		return err
	}
	vals, err := decodeParams(ps.paramTypes, params, s.formatSettings())
	if err != nil {
		return err
	}
	if portalName != "" {
		if _, ok := s.portals[portalName]; ok {
			return pgerr.Newf(pgerr.DuplicateCursor, "portal %q already exists", portalName)
		}
	} else {
		s.ClosePortal("")
	}
	p := &portal{name: portalName, stmt: ps, plan: ps.plan, params: vals}
	cols := ps.plan.cols
	if f := ps.plan.node; f != nil && f.GetFetchStmt() != nil && !f.GetFetchStmt().Ismove {
		if c, ok := s.portals[f.GetFetchStmt().Portalname]; ok {
			cols = c.plan.cols
			p.cols = cols
		}
	}
	if len(resultFormats) > 0 && len(cols) > 0 {
		p.formats = make([]int16, len(cols))
		switch {
		case len(resultFormats) == 1:
			for i := range p.formats {
				p.formats[i] = resultFormats[0]
			}
		case len(resultFormats) == len(cols):
			copy(p.formats, resultFormats)
		default:
			return pgerr.Newf(pgerr.ProtocolViolation, "bind message has %d result formats but query has %d columns", len(resultFormats), len(cols))
		}
		for i, f := range p.formats {
			if f == 1 {
				if _, err := formatBinaryCheck(cols[i].typ.OID); err != nil {
					return err
				}
			}
		}
	}
	s.portals[portalName] = p
	return nil
}

// formatBinaryCheck reports whether a type has binary output.
func formatBinaryCheck(oid types.OID) (bool, error) {
	if types.Lookup(oid) == nil {
		return false, pgerr.Newf(pgerr.UndefinedFunction, "no binary output function available for type %s", types.TypeName(oid))
	}
	return true, nil
}

func (s *Session) execute(ctx context.Context, name string, maxRows int, out Output) (tag string, suspended bool, err error) {
	mark := -1
	defer func() {
		protect(&err)
		if err != nil && mark >= 0 {
			s.undoStmt(mark)
		}
	}()
	p, ok := s.portals[name]
	if !ok {
		return "", false, pgerr.Newf(pgerr.InvalidCursorName, "portal %q does not exist", name)
	}
	if p.done {
		return "", false, pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "portal %q cannot be run", name)
	}
	if s.tx != nil && s.tx.failed && !allowedInFailed(p.stmt.raw.node) {
		return "", false, errInFailed()
	}
	isTxnStmt := p.plan.node != nil && p.plan.node.GetTransactionStmt() != nil
	if s.tx == nil && !isTxnStmt {
		s.tx = s.newTxn(false)
	}
	sctx, cancel := s.stmtContext(ctx)
	defer cancel()
	if p.run == nil {
		mark = s.stmtMark()
		r, err := s.start(sctx, p.plan, p.params, out)
		if err != nil {
			return "", false, normalizeError(sctx, err)
		}
		p.run = r
	}
	r := p.run
	if r.ec != nil {
		r.ec.ctx = sctx
	}
	if r.empty {
		p.done = true
		return "", false, out.Empty()
	}
	if r.it == nil {
		p.done = true
		p.close()
		return r.tag, false, nil
	}
	n, err := s.sendRows(r, out, p.formats, maxRows)
	if err != nil {
		return "", false, normalizeError(sctx, err)
	}
	if maxRows > 0 && n == int64(maxRows) {
		if _, exhausted := r.it.(emptyIter); !exhausted {
			return "", true, nil
		}
	}
	p.done = true
	tag = r.tagFn(n)
	p.close()
	return tag, false, nil
}

func (s *Session) sync(ctx context.Context) (err error) {
	defer protect(&err)
	failed := s.implicitFailed
	s.implicitFailed = false
	if s.tx != nil && !s.tx.explicit {
		tx := s.tx
		s.tx = nil
		s.closeTxnPortals()
		if failed {
			s.rollbackTxn(tx)
			return nil
		}
		if err := s.commitTxn(ctx, tx); err != nil {
			return err
		}
		s.recycle(tx)
		return nil
	}
	if s.tx == nil {
		s.closeTxnPortals()
	}
	if p, ok := s.portals[""]; ok && (s.tx == nil) {
		p.close()
		delete(s.portals, "")
	}
	return nil
}

// ---- SQL PREPARE / EXECUTE -------------------------------------------------------------

func (s *Session) prepareStmt(ctx context.Context, ps *pg.PrepareStmt, text string) (*running, error) {
	if _, ok := s.prepared[ps.Name]; ok {
		return nil, pgerr.Newf(pgerr.DuplicatePstatement, "prepared statement %q already exists", ps.Name)
	}
	a := newAnalyzer(s, text, nil)
	var ptypes []types.OID
	for _, tn := range ps.Argtypes {
		t, err := a.resolveTypeName(tn.GetTypeName())
		if err != nil {
			return nil, err
		}
		ptypes = append(ptypes, t.OID)
	}
	// the inner statement's text: re-deparse is not needed, the parse
	// tree is kept
	raw := &rawStmt{node: ps.Query, text: text}
	plan, err := s.planStatement(raw, text, ptypes)
	if err != nil {
		return nil, err
	}
	s.prepared[ps.Name] = &preparedStmt{name: ps.Name, sql: text, raw: raw, plan: plan, paramTypes: plan.paramTypes, given: ptypes, sqlLevel: true}
	return &running{tag: "PREPARE"}, nil
}

func (s *Session) executeStmt(ctx context.Context, es *pg.ExecuteStmt, out Output) (*running, error) {
	ps, params, err := s.executeParams(ctx, es)
	if err != nil {
		return nil, err
	}
	return s.start(ctx, ps.plan, params, out)
}

// executeParams finds the prepared statement of EXECUTE name(args) and
// evaluates its arguments as the statement's parameter types.
func (s *Session) executeParams(ctx context.Context, es *pg.ExecuteStmt) (*preparedStmt, []Datum, error) {
	ps, ok := s.prepared[es.Name]
	if !ok {
		return nil, nil, pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement %q does not exist", es.Name)
	}
	if len(es.Params) != len(ps.paramTypes) {
		return nil, nil, pgerr.Newf(pgerr.SyntaxError, "wrong number of parameters for prepared statement %q", es.Name).
			WithDetail("Expected %d parameters but got %d.", len(ps.paramTypes), len(es.Params))
	}
	if err := s.replanIfStale(ps); err != nil {
		return nil, nil, err
	}
	a := newAnalyzer(s, "", nil)
	sc := &scope{level: &queryLevel{}, clause: "EXECUTE parameter"}
	params := make([]Datum, len(es.Params))
	ec := s.newExecCtx(ctx, nil)
	for i, pn := range es.Params {
		x, err := a.bindExpr(pn, sc)
		if err != nil {
			return nil, nil, err
		}
		if x, err = a.coerceAssign(x, types.Of(ps.paramTypes[i]), fmt.Sprintf("parameter $%d", i+1)); err != nil {
			return nil, nil, err
		}
		v, err := x.Eval(&env{ec: ec})
		if err != nil {
			return nil, nil, err
		}
		params[i] = v
	}
	ec.release()
	return ps, params, nil
}

// ---- cursors ---------------------------------------------------------------------

const (
	cursorOptBinary   = 0x0001
	cursorOptScroll   = 0x0002
	cursorOptNoScroll = 0x0004
	cursorOptHold     = 0x0020
)

func (s *Session) declareCursor(ctx context.Context, d *pg.DeclareCursorStmt, text string, params []Datum) (*running, error) {
	hold := d.Options&cursorOptHold != 0
	if (s.tx == nil || !s.tx.explicit) && !hold {
		return nil, pgerr.New(pgerr.NoActiveSqlTransaction, "DECLARE CURSOR can only be used in transaction blocks")
	}
	if _, ok := s.portals[d.Portalname]; ok {
		return nil, pgerr.Newf(pgerr.DuplicateCursor, "cursor %q already exists", d.Portalname)
	}
	a := newAnalyzer(s, text, nil)
	for i := range params {
		a.params.slot(i + 1)
	}
	inner, err := a.planNode(d.Query, text)
	if err != nil {
		return nil, err
	}
	if inner.kind != stmtQuery {
		return nil, pgerr.New(pgerr.InvalidCursorDefinition, "cursor must be a SELECT query")
	}
	p := &portal{name: d.Portalname, plan: inner, params: params, cursor: true, hold: hold, stmt: &preparedStmt{raw: &rawStmt{node: d.Query}}}
	if d.Options&cursorOptBinary != 0 {
		p.formats = make([]int16, len(inner.cols))
		for i := range p.formats {
			p.formats[i] = 1
		}
	}
	r, err := s.start(ctx, inner, params, nil)
	if err != nil {
		return nil, err
	}
	if hold {
		// WITH HOLD: materialise now, the rows outlive the transaction
		rows, err := drain(r.it)
		if err != nil {
			r.finish()
			return nil, err
		}
		r.it = &sliceIter{rows: rows}
		if r.ec != nil {
			r.ec.release()
		}
	}
	p.run = r
	s.portals[d.Portalname] = p
	return &running{tag: "DECLARE CURSOR"}, nil
}

func (s *Session) fetchStmt(ctx context.Context, f *pg.FetchStmt) (*running, error) {
	p, ok := s.portals[f.Portalname]
	if !ok || !p.cursor {
		return nil, pgerr.Newf(pgerr.InvalidCursorName, "cursor %q does not exist", f.Portalname)
	}
	count := f.HowMany
	switch f.Direction {
	case pg.FetchDirection_FETCH_FORWARD:
	case pg.FetchDirection_FETCH_ABSOLUTE, pg.FetchDirection_FETCH_RELATIVE:
		if f.HowMany == 1 && f.Direction == pg.FetchDirection_FETCH_RELATIVE {
			count = 1
			break
		}
		return nil, pgerr.New(pgerr.FeatureNotSupported, "cursor can only scan forward").WithHint("Declare it with SCROLL option to enable backward scan.")
	default:
		return nil, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "cursor can only scan forward").WithHint("Declare it with SCROLL option to enable backward scan.")
	}
	verb := "FETCH"
	if f.Ismove {
		verb = "MOVE"
	}
	var rows [][]Datum
	if p.run != nil && p.run.it != nil {
		if p.run.ec != nil {
			p.run.ec.ctx = ctx
		}
		for int64(len(rows)) < count || count == 0 {
			r, err := p.run.it.next()
			if err != nil {
				return nil, err
			}
			if r == nil {
				break
			}
			rows = append(rows, r)
			if count == 0 {
				break
			}
		}
	}
	n := int64(len(rows))
	tag := fmt.Sprintf("%s %d", verb, n)
	if f.Ismove {
		return &running{tag: tag}, nil
	}
	return &running{cols: p.plan.cols, it: &sliceIter{rows: rows}, tagFn: func(int64) string { return tag }}, nil
}
