package planner

// Transactions. A transaction buffers its writes and commits them as one
// namespace Batch (one WAL record). Reads see the transaction's own
// pending writes through an overlay on the snapshot (scan.go).
//
// Decisions:
//   - A transaction writes to at most one namespace; a write to a second
//     one fails with 0A000 (cross-namespace atomic commit would need a
//     two-phase protocol between WALs). Reading several is fine.
//   - READ COMMITTED (the default) takes a snapshot per statement;
//     REPEATABLE READ and SERIALIZABLE take one snapshot per namespace at
//     its first use in the transaction and keep it.
//   - Every write first locks its row (locks.go) and holds the lock to the
//     end of the transaction; a second writer waits. After the wait, READ
//     COMMITTED re-checks the row's newest version (rowlocks.go);
//     REPEATABLE READ and SERIALIZABLE fail with 40001 if it changed.
//   - Every write also remembers the version it replaces (Expect), so a
//     writer that does not lock (outside the SQL layer) still cannot be
//     overwritten unseen: COMMIT then fails with 40001. A statement that
//     runs outside a transaction block retries itself on such a conflict.

import (
	"context"
	"time"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
)

type isoLevel uint8

const (
	isoReadCommitted isoLevel = iota
	isoRepeatableRead
	isoSerializable
)

func (l isoLevel) String() string {
	return [...]string{"read committed", "repeatable read", "serializable"}[l]
}

func parseIso(s string) isoLevel {
	switch s {
	case "repeatable read":
		return isoRepeatableRead
	case "serializable":
		return isoSerializable
	}
	return isoReadCommitted
}

type txn struct {
	explicit bool // inside BEGIN ... COMMIT
	failed   bool
	iso      isoLevel
	readOnly bool
	start    time.Time // now()
	// isoLocked is set once the first query ran: SET TRANSACTION ISOLATION
	// LEVEL is then refused (25001), as in PostgreSQL.
	isoLocked bool

	snaps  map[string]*namespace.Snapshot // REPEATABLE READ snapshots
	writes *txnWrites

	// lockOwner identifies the transaction in the engine's lock table (0
	// until its first lock); locks are the rows it holds (locks.go).
	lockOwner lockOwner
	locks     []lockKey
	lockBuf   [1]lockKey // locks of a one-row transaction, without allocating

	savepoints []savepoint
	// gucUndo restores settings changed in the transaction on rollback
	// (and SET LOCAL ones at any end).
	gucUndo []gucUndo
	// ddl lists CREATE/DROP SCHEMA done in the transaction block: created
	// namespaces are dropped again on rollback; dropped ones are hidden
	// from the session and dropped at commit.
	ddl []ddlOp
}

type ddlOp struct {
	create bool
	name   string
}

type savepoint struct {
	name    string
	mark    int
	gucLen  int
	ddlLen  int
	lockLen int // row locks taken before the savepoint
}

// dropped reports whether the transaction dropped a namespace.
func (t *txn) dropped(name string) bool {
	for i := len(t.ddl) - 1; i >= 0; i-- {
		if t.ddl[i].name == name {
			return !t.ddl[i].create
		}
	}
	return false
}

// undoDDL reverts the schema changes after position mark (rollback).
func (s *Session) undoDDL(t *txn, mark int) {
	for i := len(t.ddl) - 1; i >= mark; i-- {
		op := t.ddl[i]
		if op.create {
			_ = s.engine.reg.Drop(context.Background(), op.name)
			s.engine.forgetNamespace(op.name)
		}
	}
	t.ddl = t.ddl[:mark]
}

// applyDDL performs the drops of a committing transaction.
func (s *Session) applyDDL(ctx context.Context, t *txn) error {
	for _, op := range t.ddl {
		if op.create || !s.engine.reg.Exists(op.name) {
			continue
		}
		if err := s.engine.reg.Drop(ctx, op.name); err != nil {
			return mapStorageError(err, op.name)
		}
		s.engine.forgetNamespace(op.name)
	}
	t.ddl = nil
	return nil
}

type gucUndo struct {
	name  string // lower-case
	old   string
	local bool // SET LOCAL: undone at commit too
}

func (s *Session) newTxn(explicit bool) *txn {
	t := s.spareTxn
	if t != nil {
		s.spareTxn = nil
		*t = txn{}
	} else {
		t = &txn{}
	}
	t.explicit = explicit
	t.iso = parseIso(s.settings.get("default_transaction_isolation"))
	t.readOnly = s.settings.get("default_transaction_read_only") == "on"
	t.start = time.Now().Truncate(time.Microsecond)
	return t
}

// recycle keeps an ended implicit transaction that left nothing behind
// (no writes, snapshots, locks, settings or schema changes, and no portal
// that could still refer to it) for the next newTxn: a read-only
// statement outside a block then allocates no transaction.
func (s *Session) recycle(t *txn) {
	if t.explicit || t.writes != nil || t.snaps != nil || len(t.locks) > 0 || t.ddl != nil ||
		t.gucUndo != nil || t.savepoints != nil || len(s.portals) > 0 {
		return
	}
	s.spareTxn = t
}

func (t *txn) snapshot(ctx context.Context, eng *Engine, name string) (*namespace.Snapshot, error) {
	if s, ok := t.snaps[name]; ok {
		return s, nil
	}
	ns, err := eng.namespace(ctx, name)
	if err != nil {
		return nil, err
	}
	snap, err := ns.Snapshot(ctx)
	if err != nil {
		return nil, mapStorageError(err, name)
	}
	if t.snaps == nil {
		t.snaps = map[string]*namespace.Snapshot{}
	}
	t.snaps[name] = snap
	return snap, nil
}

func (t *txn) releaseSnapshots() {
	for k, s := range t.snaps {
		s.Release()
		delete(t.snaps, k)
	}
}

// ---- pending writes ----------------------------------------------------------

// pendingOp is the latest state of one entity written by the transaction.
type pendingOp struct {
	id     string
	entity *namespace.Entity // nil: deleted
	// expect is the precondition from the version the transaction first
	// read (ExpectAbsent for a new id).
	expect namespace.Expect
	// baseDoc is that version (valid when expect.Kind == ExpectVersion).
	baseDoc namespace.DocNum
	// seq orders inserted rows for scans (creation order of the pending op).
	seq int
}

// txnWrites holds a transaction's writes to its namespace. log is the
// sequence of states; byID points to the latest for each id. Statement
// failures and ROLLBACK TO truncate log to a mark and rebuild byID.
type txnWrites struct {
	ns   string
	log  []pendingOp
	byID map[string]int
	// version counts changes, so cached overlays can tell they are stale.
	version int
}

func (w *txnWrites) mark() int { return len(w.log) }

func (w *txnWrites) rollbackTo(mark int) {
	if mark >= len(w.log) {
		return
	}
	w.log = w.log[:mark]
	w.byID = make(map[string]int, len(w.log))
	for i, op := range w.log {
		w.byID[op.id] = i
	}
	w.version++
}

// get returns the pending state of id, if the transaction wrote it.
func (w *txnWrites) get(id string) (*pendingOp, bool) {
	if w == nil {
		return nil, false
	}
	i, ok := w.byID[id]
	if !ok {
		return nil, false
	}
	return &w.log[i], true
}

// put records a new state for an id. first describes the state the
// transaction read when it first touched the id.
func (w *txnWrites) put(id string, e *namespace.Entity, expect namespace.Expect, baseDoc namespace.DocNum) {
	if prev, ok := w.get(id); ok {
		expect, baseDoc = prev.expect, prev.baseDoc
	}
	w.log = append(w.log, pendingOp{id: id, entity: e, expect: expect, baseDoc: baseDoc, seq: len(w.log)})
	w.byID[id] = len(w.log) - 1
	w.version++
}

// live returns the pending live entities in first-write order.
func (w *txnWrites) live() []*pendingOp {
	if w == nil {
		return nil
	}
	var out []*pendingOp
	for i := range w.log {
		op := &w.log[i]
		if w.byID[op.id] != i || op.entity == nil {
			continue
		}
		out = append(out, op)
	}
	return out
}

// batch turns the pending writes into one Batch.
func (w *txnWrites) batch() *namespace.Batch {
	b := &namespace.Batch{}
	for i := range w.log {
		op := &w.log[i]
		if w.byID[op.id] != i {
			continue
		}
		switch {
		case op.entity != nil:
			b.Put(*op.entity, op.expect)
		case op.expect.Kind == namespace.ExpectAbsent:
			// inserted and deleted again: nothing to write
		default:
			b.Delete(op.id, op.expect)
		}
	}
	return b
}

// writeTarget returns the transaction's write set for a namespace,
// enforcing the one-namespace rule and READ ONLY.
func (s *Session) writeTarget(t *txn, ns, verb string) (*txnWrites, error) {
	if t.readOnly {
		return nil, pgerr.Newf(pgerr.ReadOnlySqlTransaction, "cannot execute %s in a read-only transaction", verb)
	}
	if t.writes == nil {
		t.writes = &txnWrites{ns: ns, byID: map[string]int{}}
		return t.writes, nil
	}
	if t.writes.ns != ns {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "a transaction cannot write to more than one namespace (it already wrote to %q)", t.writes.ns).
			WithHint("Commit the writes to %q first, or write each namespace in its own transaction: each namespace commits through its own write-ahead log.", t.writes.ns)
	}
	return t.writes, nil
}

// commit applies the transaction's writes. The transaction is over
// afterwards whether or not commit fails.
func (s *Session) commitTxn(ctx context.Context, t *txn) error {
	defer t.releaseSnapshots()
	defer s.releaseAdvisory(true, false)
	wrote := false
	defer func() { s.releaseLocks(t, wrote) }()
	if t.writes == nil || len(t.writes.log) == 0 {
		s.endTxnSettings(t, true)
		return s.applyDDL(ctx, t)
	}
	b := t.writes.batch()
	if b.Len() == 0 {
		s.endTxnSettings(t, true)
		return s.applyDDL(ctx, t)
	}
	ns, err := s.engine.namespace(ctx, t.writes.ns)
	if err != nil {
		s.endTxnSettings(t, false)
		s.undoDDL(t, 0)
		return err
	}
	// A commit must not be abandoned half-way by a cancelled statement:
	// the WAL decides. Use a context that survives statement cancellation.
	if _, err := ns.Commit(context.WithoutCancel(ctx), b); err != nil {
		s.endTxnSettings(t, false)
		s.undoDDL(t, 0)
		return commitError(err, t)
	}
	wrote = true
	s.endTxnSettings(t, true)
	return s.applyDDL(ctx, t)
}

func commitError(err error, t *txn) error {
	return mapStorageError(err, t.writes.ns)
}

func (s *Session) rollbackTxn(t *txn) {
	t.releaseSnapshots()
	s.releaseAdvisory(true, false)
	s.releaseLocks(t, false)
	s.endTxnSettings(t, false)
	s.undoDDL(t, 0)
}

// endTxnSettings undoes SET LOCAL always, and every SET of the
// transaction when it rolls back.
func (s *Session) endTxnSettings(t *txn, committed bool) {
	for i := len(t.gucUndo) - 1; i >= 0; i-- {
		u := t.gucUndo[i]
		if committed && !u.local {
			continue
		}
		s.setRaw(u.name, u.old)
	}
	t.gucUndo = nil
}
