package pgwire

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"log/slog"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner"
	"github.com/entitydb/entitydb/planner/types"
)

// flushThreshold is how many bytes of rows are buffered before they are
// written to the socket in the middle of a result.
const flushThreshold = 64 << 10

// conn is one client connection. All fields except mu are used only by the
// connection's goroutine.
type conn struct {
	srv    *Server
	nc     net.Conn // the TCP connection (deadlines apply to it even under TLS)
	rw     net.Conn // what messages are read from and written to (nc or TLS)
	be     *pgproto3.Backend
	pid    uint32
	secret [4]byte
	log    *slog.Logger
	tls    bool

	// wbuf holds messages queued since the last flush. The connection
	// owns it (pgproto3.Backend would drop its buffer after every flush
	// larger than 1 KiB and grow a new one for the next result).
	wbuf   []byte
	encErr error // a message that could not be encoded; the next flush fails

	user, database string
	sess           Session
	counted        bool // counted in srv.active
	pending        int  // bytes sent since the last flush
	ignoreTillSync bool // an extended-protocol message failed
	atRFQ          bool // ReadyForQuery was the last message sent
	broken         bool // the stream is unusable; stop after this message

	// out is the Output of the running message, reused (reset) by each.
	out output

	// mu guards the statement context: ctx and its cancel function (nil
	// until the first message), and running, set while a message is being
	// handled. CancelRequest handling uses them from another goroutine.
	// One context serves message after message until a cancel hits it.
	mu struct {
		sync.Mutex
		ctx     context.Context
		cancel  context.CancelFunc
		running bool
	}
}

// fatal is an error that ends the connection after it is sent.
type fatal struct{ err *pgerr.Error }

func (f fatal) Error() string { return f.err.Error() }

func fatalf(code pgerr.Code, format string, args ...any) error {
	return fatal{pgerr.Newf(code, format, args...).WithSeverity(pgerr.SeverityFatal)}
}

// errQuiet ends the connection without sending anything.
var errQuiet = errors.New("connection closed")

func (c *conn) serve() {
	defer c.srv.forget(c)
	defer c.nc.Close()
	c.rw = c.nc
	c.be = pgproto3.NewBackend(c.nc, c.nc)
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("panic while serving connection", "panic", r, "stack", string(debug.Stack()))
			if c.srv.onPanic != nil {
				c.srv.onPanic(r)
			}
			c.sendError(pgerr.Newf(pgerr.InternalError, "internal error: %v", r).WithSeverity(pgerr.SeverityFatal))
			_ = c.flush()
		}
		c.closeSession()
		c.releaseContext()
		if c.counted {
			c.srv.active.Add(-1)
		}
	}()
	err := c.startup()
	if err == nil {
		err = c.loop()
	}
	var f fatal
	switch {
	case err == nil, errors.Is(err, errQuiet):
	case errors.As(err, &f):
		if f.err.Code == pgerr.InvalidPassword || f.err.Code.Class() == "28" {
			c.log.Warn("authentication failed", "err", f.err.Message)
		} else {
			c.log.Info("closing connection", "err", f.err.Message, "code", string(f.err.Code))
		}
		c.sendError(f.err)
		_ = c.flush()
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		c.log.Debug("client disconnected", "err", err)
	default:
		c.log.Info("connection error", "err", err)
	}
}

func (c *conn) closeSession() {
	if c.sess == nil {
		return
	}
	s := c.sess
	c.sess = nil
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("panic while closing session", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	s.Close()
}

// startup runs the start-up phase: SSL/GSS negotiation, StartupMessage,
// authentication and session start, up to the first ReadyForQuery.
func (c *conn) startup() error {
	_ = c.nc.SetDeadline(time.Now().Add(c.srv.cfg.StartupTimeout))
	var sm *pgproto3.StartupMessage
	for sm == nil {
		if c.srv.closing.Load() {
			return fatalf(pgerr.CannotConnectNow, "the database system is shutting down")
		}
		msg, err := c.be.ReceiveStartupMessage()
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || isTimeout(err) {
				return errQuiet
			}
			return fatalf(pgerr.ProtocolViolation, "invalid start-up packet: %v", err)
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest:
			if c.tls {
				return fatalf(pgerr.ProtocolViolation, "SSLRequest after TLS was negotiated")
			}
			if c.srv.cfg.TLS == nil {
				if _, err := c.nc.Write([]byte{'N'}); err != nil {
					return err
				}
				continue
			}
			if _, err := c.nc.Write([]byte{'S'}); err != nil {
				return err
			}
			tc := tls.Server(c.nc, c.srv.cfg.TLS)
			if err := tc.Handshake(); err != nil {
				c.log.Info("TLS handshake failed", "err", err)
				return errQuiet
			}
			c.tls = true
			c.rw = tc
			c.be = pgproto3.NewBackend(tc, tc)
		case *pgproto3.GSSEncRequest:
			if _, err := c.nc.Write([]byte{'N'}); err != nil {
				return err
			}
		case *pgproto3.CancelRequest:
			c.srv.cancel(m.ProcessID, m.SecretKey)
			return errQuiet
		case *pgproto3.StartupMessage:
			sm = m
		}
	}

	params := map[string]string{}
	var unknownOpts []string
	for k, v := range sm.Parameters {
		if strings.HasPrefix(k, "_pq_.") {
			unknownOpts = append(unknownOpts, k)
			continue
		}
		params[k] = v
	}
	if sm.ProtocolVersion != pgproto3.ProtocolVersion30 || len(unknownOpts) > 0 {
		slices.Sort(unknownOpts)
		c.queue(&pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: 0, UnrecognizedOptions: unknownOpts})
	}
	c.user = params["user"]
	delete(params, "user")
	c.database = params["database"]
	delete(params, "database")
	if c.user == "" {
		return fatalf(pgerr.InvalidAuthorizationSpecification, "no PostgreSQL user name specified in startup packet")
	}
	if c.database == "" {
		c.database = c.user
	}
	c.log = c.log.With("user", c.user)

	c.counted = true
	if n := c.srv.active.Add(1); n > int64(c.srv.cfg.MaxConnections) {
		return fatalf(pgerr.TooManyConnections, "sorry, too many clients already")
	}
	if err := c.authenticate(); err != nil {
		return err
	}
	if !slices.Contains(c.srv.cfg.Databases, c.database) {
		return fatalf(pgerr.InvalidCatalogName, "database %q does not exist", c.database)
	}

	c.queue(&pgproto3.AuthenticationOk{})
	sess, err := c.srv.cfg.Engine.NewSession(planner.SessionConfig{
		User:        c.user,
		Database:    c.database,
		Params:      params,
		ReportParam: c.reportParam,
		Notice:      c.notice,
	})
	if err != nil {
		e := pgerr.Flatten(err)
		cp := *e
		cp.Severity = pgerr.SeverityFatal
		return fatal{&cp}
	}
	c.sess = sess
	for _, p := range sess.StartupParams() {
		c.queue(&pgproto3.ParameterStatus{Name: p.Name, Value: p.Value})
	}
	c.queue(&pgproto3.BackendKeyData{ProcessID: c.pid, SecretKey: c.secret[:]})
	c.be.SetMaxBodyLen(c.srv.cfg.MaxMessageSize)
	_ = c.nc.SetDeadline(time.Time{})
	c.log.Debug("session started", "database", c.database, "tls", c.tls)
	return c.readyForQuery()
}

// remoteAddr is the client's IP address (invalid for non-IP transports).
func (c *conn) remoteAddr() netip.Addr {
	if ap, err := netip.ParseAddrPort(c.nc.RemoteAddr().String()); err == nil {
		return ap.Addr().Unmap()
	}
	return netip.Addr{}
}

func (c *conn) readyForQuery() error {
	status := byte('I')
	if c.sess != nil {
		status = c.sess.TxStatus()
	}
	c.wbuf = append(c.wbuf, 'Z', 0, 0, 0, 5, status) // ReadyForQuery
	c.atRFQ = true
	return c.flush()
}

// maxKeptBuffer is the largest write buffer kept between flushes; a
// larger one (a message bigger than flushThreshold) is let go.
const maxKeptBuffer = 4 * flushThreshold

// queue appends a message to the write buffer.
func (c *conn) queue(m pgproto3.BackendMessage) {
	if c.encErr != nil {
		return
	}
	buf, err := m.Encode(c.wbuf)
	if err != nil {
		c.encErr = err
		return
	}
	c.wbuf = buf
}

// queueCommandComplete queues CommandComplete (as pgproto3 would encode
// it, without a message value and a copy of the tag).
func (c *conn) queueCommandComplete(tag string) {
	c.wbuf = append(c.wbuf, 'C')
	c.wbuf = binary.BigEndian.AppendUint32(c.wbuf, uint32(4+len(tag)+1))
	c.wbuf = append(c.wbuf, tag...)
	c.wbuf = append(c.wbuf, 0)
}

// flush writes the queued messages to the client.
func (c *conn) flush() error {
	c.pending = 0
	if err := c.encErr; err != nil {
		c.encErr = nil
		c.wbuf = c.wbuf[:0]
		return err
	}
	if len(c.wbuf) == 0 {
		return nil
	}
	_, err := c.rw.Write(c.wbuf)
	if cap(c.wbuf) > maxKeptBuffer {
		c.wbuf = nil
	} else {
		c.wbuf = c.wbuf[:0]
	}
	return err
}

// send queues a message, flushing when enough has accumulated.
func (c *conn) send(m pgproto3.BackendMessage, size int) error {
	c.queue(m)
	return c.queued(size)
}

// queued counts size bytes queued, flushing when enough has accumulated.
func (c *conn) queued(size int) error {
	c.pending += size
	if c.pending >= flushThreshold {
		return c.flush()
	}
	return nil
}

func (c *conn) reportParam(name, value string) {
	c.queue(&pgproto3.ParameterStatus{Name: name, Value: value})
}

func (c *conn) notice(n *pgerr.Notice) {
	c.queue(noticeResponse(n))
}

// loop reads and dispatches messages until Terminate or an error.
func (c *conn) loop() error {
	for {
		if err := c.awaitMessage(); err != nil {
			return err
		}
		msg, err := c.be.Receive()
		if err != nil {
			return c.receiveError(err)
		}
		c.atRFQ = false
		if err := c.dispatch(msg); err != nil {
			return err
		}
		if c.broken {
			return errQuiet
		}
	}
}

// awaitMessage arms the read deadline for the wait for the next message:
// the idle-in-transaction timeout (only after ReadyForQuery, as in
// PostgreSQL: a client in the middle of a pipeline, such as pg-cursor
// between Flushes, is not idle), or an immediate one when shutting down.
func (c *conn) awaitMessage() error {
	var deadline time.Time
	if t := c.srv.cfg.IdleInTransactionTimeout; t > 0 && c.atRFQ && c.sess != nil && c.sess.TxStatus() != 'I' {
		deadline = time.Now().Add(t)
	}
	_ = c.nc.SetReadDeadline(deadline)
	// Shutdown sets the flag before it moves the deadline, so either we
	// see the flag here or our read fails at once.
	if c.srv.closing.Load() {
		return fatalf(pgerr.AdminShutdown, "terminating connection due to administrator command")
	}
	return nil
}

func (c *conn) receiveError(err error) error {
	var tooBig *pgproto3.ExceededMaxBodyLenErr
	switch {
	case errors.As(err, &tooBig):
		return fatalf(pgerr.ProgramLimitExceeded, "message of %d bytes exceeds the maximum message size of %d bytes", tooBig.ActualBodyLen, tooBig.MaxExpectedBodyLen)
	case isTimeout(err) && c.srv.closing.Load():
		return fatalf(pgerr.AdminShutdown, "terminating connection due to administrator command")
	case isTimeout(err):
		return fatalf(pgerr.IdleInTransactionSessionTimeout, "terminating connection due to idle-in-transaction timeout")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return errQuiet
	default:
		var ne net.Error
		if errors.As(err, &ne) || errors.Is(err, os.ErrDeadlineExceeded) {
			return errQuiet
		}
		return fatalf(pgerr.ProtocolViolation, "invalid frontend message: %v", err)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// dispatch handles one frontend message.
func (c *conn) dispatch(msg pgproto3.FrontendMessage) error {
	c.srv.cfg.Metrics.message(msgType(msg))
	if _, ok := msg.(*pgproto3.Terminate); ok {
		return errQuiet
	}
	if c.ignoreTillSync {
		if _, ok := msg.(*pgproto3.Sync); !ok {
			return nil
		}
	}
	switch m := msg.(type) {
	case *pgproto3.Query:
		return c.simpleQuery(m.String)
	case *pgproto3.Parse:
		return c.extended(func(ctx context.Context) error { return c.parse(ctx, m) })
	case *pgproto3.Bind:
		return c.extended(func(ctx context.Context) error { return c.bind(ctx, m) })
	case *pgproto3.Describe:
		return c.extended(func(context.Context) error { return c.describe(m) })
	case *pgproto3.Execute:
		return c.extended(func(ctx context.Context) error { return c.execute(ctx, m) })
	case *pgproto3.Close:
		return c.extended(func(context.Context) error { return c.close(m) })
	case *pgproto3.Flush:
		return c.flush()
	case *pgproto3.Sync:
		return c.sync()
	case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		// Left over from a COPY that ended in an error: dropped, as
		// PostgreSQL does.
		return nil
	case *pgproto3.FunctionCall:
		c.sendError(pgerr.New(pgerr.FeatureNotSupported, "the function call protocol message is not supported"))
		return c.readyForQuery()
	default:
		return fatalf(pgerr.ProtocolViolation, "unexpected message %T", msg)
	}
}

// begin returns the context a message runs under, cancellable by
// CancelRequest until end. The context is made once and reused by every
// message until a cancel (or shutdown) ends it; end then drops it, so a
// cancel never outlives the message it hit.
func (c *conn) begin() context.Context {
	c.mu.Lock()
	if c.mu.ctx == nil {
		c.mu.ctx, c.mu.cancel = context.WithCancel(c.srv.baseCtx)
	}
	c.mu.running = true
	ctx := c.mu.ctx
	c.mu.Unlock()
	return ctx
}

func (c *conn) end() {
	c.mu.Lock()
	c.mu.running = false
	if c.mu.ctx != nil && c.mu.ctx.Err() != nil {
		c.mu.cancel()
		c.mu.ctx, c.mu.cancel = nil, nil
	}
	c.mu.Unlock()
}

// cancelStatement cancels the running message; idle, it does nothing.
func (c *conn) cancelStatement() {
	c.mu.Lock()
	if c.mu.running && c.mu.cancel != nil {
		c.mu.cancel()
	}
	c.mu.Unlock()
}

// releaseContext lets go of the statement context when the connection
// ends.
func (c *conn) releaseContext() {
	c.mu.Lock()
	if c.mu.cancel != nil {
		c.mu.cancel()
		c.mu.ctx, c.mu.cancel = nil, nil
	}
	c.mu.Unlock()
}

func (c *conn) simpleQuery(sql string) error {
	ctx := c.begin()
	out := c.output(false)
	err := c.sess.ExecSimple(ctx, sql, out)
	c.end()
	if err != nil {
		if out.ioErr != nil {
			return out.ioErr
		}
		c.sendError(pgerr.Flatten(err))
	}
	if c.broken {
		return errQuiet
	}
	return c.readyForQuery()
}

// extended runs one extended-protocol message; on error it reports it,
// tells the session, and discards messages until Sync.
func (c *conn) extended(fn func(ctx context.Context) error) error {
	ctx := c.begin()
	err := fn(ctx)
	c.end()
	if err == nil {
		return nil
	}
	var io ioError
	if errors.As(err, &io) {
		return io.err
	}
	c.sendError(pgerr.Flatten(err))
	c.sess.Failed()
	c.ignoreTillSync = true
	return nil
}

// ioError wraps a failure to talk to the client, which ends the
// connection instead of being reported.
type ioError struct{ err error }

func (e ioError) Error() string { return e.err.Error() }

func (c *conn) parse(ctx context.Context, m *pgproto3.Parse) error {
	oids := make([]types.OID, len(m.ParameterOIDs))
	for i, o := range m.ParameterOIDs {
		oids[i] = types.OID(o)
	}
	if _, err := c.sess.Prepare(ctx, m.Name, m.Query, oids); err != nil {
		return err
	}
	c.queue(&pgproto3.ParseComplete{})
	return nil
}

func (c *conn) bind(ctx context.Context, m *pgproto3.Bind) error {
	params := make([]planner.BindParam, len(m.Parameters))
	nf := len(m.ParameterFormatCodes)
	if nf != 0 && nf != 1 && nf != len(params) {
		return pgerr.Newf(pgerr.ProtocolViolation, "bind message has %d parameter formats but %d parameters", nf, len(params))
	}
	// The Bind message buffer is reused by the next Receive and the
	// portal may keep its parameters longer: copy them, into one slab.
	size := 0
	for _, v := range m.Parameters {
		size += len(v)
	}
	slab := make([]byte, 0, size)
	for i, v := range m.Parameters {
		var f int16
		switch nf {
		case 1:
			f = m.ParameterFormatCodes[0]
		case len(params):
			f = m.ParameterFormatCodes[i]
		}
		if f != 0 && f != 1 {
			return pgerr.Newf(pgerr.ProtocolViolation, "unsupported format code: %d", f)
		}
		if v != nil {
			at := len(slab)
			slab = append(slab, v...)
			v = slab[at:len(slab):len(slab)]
		}
		params[i] = planner.BindParam{Format: f, Value: v}
	}
	for _, f := range m.ResultFormatCodes {
		if f != 0 && f != 1 {
			return pgerr.Newf(pgerr.ProtocolViolation, "unsupported format code: %d", f)
		}
	}
	// Session.Bind copies the result formats it keeps.
	if err := c.sess.Bind(ctx, m.DestinationPortal, m.PreparedStatement, params, m.ResultFormatCodes); err != nil {
		return err
	}
	c.queue(&pgproto3.BindComplete{})
	return nil
}

func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
}

func (c *conn) describe(m *pgproto3.Describe) error {
	switch m.ObjectType {
	case 'S':
		p, err := c.sess.DescribeStatement(m.Name)
		if err != nil {
			return err
		}
		oids := make([]uint32, len(p.ParamTypes))
		for i, o := range p.ParamTypes {
			oids[i] = uint32(o)
		}
		c.queue(&pgproto3.ParameterDescription{ParameterOIDs: oids})
		c.sendColumns(p.Columns)
	case 'P':
		cols, err := c.sess.DescribePortal(m.Name)
		if err != nil {
			return err
		}
		c.sendColumns(cols)
	default:
		return pgerr.Newf(pgerr.ProtocolViolation, "invalid DESCRIBE message subtype %d", m.ObjectType)
	}
	return nil
}

func (c *conn) sendColumns(cols []planner.Column) {
	if cols == nil {
		c.queue(&pgproto3.NoData{})
		return
	}
	c.queue(rowDescription(cols))
}

func rowDescription(cols []planner.Column) *pgproto3.RowDescription {
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, col := range cols {
		fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(col.Name),
			TableOID:             col.TableOID,
			TableAttributeNumber: uint16(col.Attnum),
			DataTypeOID:          uint32(col.Type.OID),
			DataTypeSize:         col.TypeSize,
			TypeModifier:         col.Type.Typmod,
			Format:               col.Format,
		}
	}
	return &pgproto3.RowDescription{Fields: fields}
}

// output returns the connection's Output, reset for one message.
func (c *conn) output(extended bool) *output {
	c.out = output{c: c, extended: extended}
	return &c.out
}

func (c *conn) execute(ctx context.Context, m *pgproto3.Execute) error {
	out := c.output(true)
	tag, suspended, err := c.sess.Execute(ctx, m.Portal, int(m.MaxRows), out)
	if out.ioErr != nil {
		return ioError{out.ioErr}
	}
	if err != nil {
		return err
	}
	switch {
	case suspended:
		c.queue(&pgproto3.PortalSuspended{})
	case out.empty:
		// EmptyQueryResponse was the answer.
	default:
		c.queueCommandComplete(tag)
	}
	return nil
}

func (c *conn) close(m *pgproto3.Close) error {
	switch m.ObjectType {
	case 'S':
		c.sess.CloseStatement(m.Name)
	case 'P':
		c.sess.ClosePortal(m.Name)
	default:
		return pgerr.Newf(pgerr.ProtocolViolation, "invalid CLOSE message subtype %d", m.ObjectType)
	}
	c.queue(&pgproto3.CloseComplete{})
	return nil
}

func (c *conn) sync() error {
	c.ignoreTillSync = false
	ctx := c.begin()
	err := c.sess.Sync(ctx)
	c.end()
	if err != nil {
		c.sendError(pgerr.Flatten(err))
	}
	return c.readyForQuery()
}

// sendError queues an ErrorResponse.
func (c *conn) sendError(e *pgerr.Error) {
	if e.Code == pgerr.InternalError {
		c.log.Warn("internal error", "err", e.Message, "cause", e.Unwrap())
	}
	c.srv.cfg.Metrics.error(e.Code.Class())
	c.queue(errorResponse(e))
}

func errorResponse(e *pgerr.Error) *pgproto3.ErrorResponse {
	sev := string(e.Severity)
	if sev == "" {
		sev = string(pgerr.SeverityError)
	}
	return &pgproto3.ErrorResponse{
		Severity:            sev,
		SeverityUnlocalized: sev,
		Code:                string(e.Code),
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Position:            int32(e.Position),
		Where:               e.Where,
		SchemaName:          e.Schema,
		TableName:           e.Table,
		ColumnName:          e.Column,
		DataTypeName:        e.DataType,
		ConstraintName:      e.Constraint,
	}
}

func noticeResponse(n *pgerr.Notice) *pgproto3.NoticeResponse {
	e := *n
	if e.Severity == "" {
		e.Severity = pgerr.SeverityNotice
	}
	if e.Code == "" {
		e.Code = pgerr.SuccessfulCompletion
	}
	r := pgproto3.NoticeResponse(*errorResponse(&e))
	return &r
}

func msgType(m pgproto3.FrontendMessage) byte {
	switch m.(type) {
	case *pgproto3.Query:
		return 'Q'
	case *pgproto3.Parse:
		return 'P'
	case *pgproto3.Bind:
		return 'B'
	case *pgproto3.Describe:
		return 'D'
	case *pgproto3.Execute:
		return 'E'
	case *pgproto3.Close:
		return 'C'
	case *pgproto3.Sync:
		return 'S'
	case *pgproto3.Flush:
		return 'H'
	case *pgproto3.Terminate:
		return 'X'
	case *pgproto3.CopyData:
		return 'd'
	case *pgproto3.CopyDone:
		return 'c'
	case *pgproto3.CopyFail:
		return 'f'
	case *pgproto3.FunctionCall:
		return 'F'
	}
	return '?'
}
