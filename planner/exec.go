package planner

// Execution context: what one statement execution carries (parameters,
// snapshots, caches of uncorrelated subqueries and CTEs, cancellation).

import (
	"context"
	"errors"
	"time"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
)

// errStatementTimeout is the cancellation cause of statement_timeout.
var errStatementTimeout = errors.New("statement timeout")

type execCtx struct {
	ctx    context.Context
	sess   *Session
	tx     *txn
	params []Datum

	stmtTime time.Time
	ticks    int

	// snaps are this statement's snapshots by namespace (READ COMMITTED);
	// under REPEATABLE READ they come from the transaction and are not
	// released here.
	snaps map[string]stmtSnap
	// newest are snapshots that show the newest committed version of the
	// rows the transaction locked (rowlocks.go), by namespace.
	newest map[string]stmtSnap

	subResults map[*subqueryExpr]*subResult
	cteRows    map[*cteDef][][]Datum
	workTables map[*cteDef][][]Datum

	// streams are the nodes of the statement's top chain whose rows are
	// used only until the next row is asked for (streamNodes); they
	// reuse one row buffer.
	streams [4]planNode

	// stats counts work for EXPLAIN ANALYZE.
	stats *execStats
	// instr collects per-node row counts for EXPLAIN ANALYZE.
	instr map[planNode]*nodeStats
}

// startNode starts a plan node; under EXPLAIN ANALYZE it counts the rows
// the node produces.
func startNode(ec *execCtx, p planNode, outer *env) (rowIter, error) {
	it, err := p.start(ec, outer)
	if err != nil || ec.instr == nil {
		return it, err
	}
	st := ec.instr[p]
	if st == nil {
		st = &nodeStats{}
		ec.instr[p] = st
	}
	st.loops++
	return &countingIter{it: it, st: st}, nil
}

type countingIter struct {
	it rowIter
	st *nodeStats
}

func (c *countingIter) next() ([]Datum, error) {
	t := nowFunc()
	r, err := c.it.next()
	c.st.time += nowFunc().Sub(t)
	if r != nil {
		c.st.rows++
	}
	return r, err
}
func (c *countingIter) close() { c.it.close() }

type execStats struct {
	fetched   int64 // entities fetched
	counted   int64 // Count calls answered without fetching
	bitmapOps int64
}

func (s *Session) newExecCtx(ctx context.Context, params []Datum) *execCtx {
	return &execCtx{ctx: ctx, sess: s, tx: s.tx, params: params, stmtTime: time.Now(), stats: &execStats{}}
}

// streamNodes returns the top chain of a plan whose rows a consumer that
// takes one row at a time (sendRows, COPY TO) uses only until it asks for
// the next: projections without subqueries and limits down to an entity
// scan (at most three projections). Nothing in the chain keeps a row, so
// each node may fill one row buffer again and again instead of allocating
// a row each time. ok is false when the chain has any other node.
func streamNodes(p planNode) (out [4]planNode, ok bool) {
	for i := 0; i < len(out); {
		switch n := p.(type) {
		case *projectNode:
			for _, x := range n.exprs {
				if !streamSafe(x) {
					return out, false
				}
			}
			out[i] = n
			i++
			p = n.input
		case *limitNode:
			p = n.input
		case *entityScan:
			out[i] = n
			return out, true
		default:
			return out, false
		}
	}
	return out, false
}

// streamSafe reports whether evaluating x keeps no reference to its input
// row beyond the result (subqueries may cache per outer row).
func streamSafe(x Expr) bool {
	ok := true
	walkExpr(x, func(e Expr) bool {
		switch e.(type) {
		case *subqueryExpr, *srfRef, *aggRef, *windowRef:
			ok = false
		}
		return ok
	})
	return ok
}

// streams reports whether node p may reuse its row buffer.
func (ec *execCtx) streamsRows(p planNode) bool {
	for _, s := range ec.streams {
		if s == nil {
			break
		}
		if s == p {
			return true
		}
	}
	return false
}

// tick is called per row in loops; it polls cancellation every 256 rows.
func (ec *execCtx) tick() error {
	ec.ticks++
	if ec.ticks&255 == 0 {
		return ec.checkCancel()
	}
	return nil
}

func (ec *execCtx) checkCancel() error {
	if ec.ctx == nil {
		return nil
	}
	if err := ec.ctx.Err(); err != nil {
		return cancelError(ec.ctx)
	}
	return nil
}

// cancelError maps a done context to 57014 with PostgreSQL's messages.
func cancelError(ctx context.Context) error {
	if errors.Is(context.Cause(ctx), errStatementTimeout) {
		return pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
	}
	return pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
}

// stmtSnap is a snapshot and the lock-table epoch read just before it was
// taken (locks.go).
type stmtSnap struct {
	snap  *namespace.Snapshot
	epoch uint64
}

// snapshot returns the snapshot of a namespace for this statement.
func (ec *execCtx) snapshot(name string) (*namespace.Snapshot, error) {
	if s, ok := ec.snaps[name]; ok {
		return s.snap, nil
	}
	if ec.tx != nil && ec.tx.iso >= isoRepeatableRead {
		return ec.tx.snapshot(ec.ctx, ec.sess.engine, name)
	}
	s, err := ec.takeSnapshot(name)
	if err != nil {
		return nil, err
	}
	if ec.snaps == nil {
		ec.snaps = map[string]stmtSnap{}
	}
	ec.snaps[name] = s
	return s.snap, nil
}

func (ec *execCtx) takeSnapshot(name string) (stmtSnap, error) {
	ns, err := ec.sess.engine.namespace(ec.ctx, name)
	if err != nil {
		return stmtSnap{}, err
	}
	epoch := ec.sess.engine.locks.epoch.Load()
	snap, err := ns.Snapshot(ec.ctx)
	if err != nil {
		return stmtSnap{}, mapStorageError(err, name)
	}
	return stmtSnap{snap: snap, epoch: epoch}, nil
}

// newestSnapshot returns a snapshot that shows the newest committed
// version of every row of the namespace the transaction has locked so far:
// the last one taken if no locking writer released since, else a new one.
func (ec *execCtx) newestSnapshot(name string) (*namespace.Snapshot, error) {
	epoch := ec.sess.engine.locks.epoch.Load()
	if s, ok := ec.newest[name]; ok && s.epoch == epoch {
		return s.snap, nil
	}
	if s, ok := ec.snaps[name]; ok && s.epoch == epoch {
		return s.snap, nil // the statement's snapshot is still the newest
	}
	s, err := ec.takeSnapshot(name)
	if err != nil {
		return nil, err
	}
	if old, ok := ec.newest[name]; ok {
		old.snap.Release()
	}
	if ec.newest == nil {
		ec.newest = map[string]stmtSnap{}
	}
	ec.newest[name] = s
	return s.snap, nil
}

// release lets go of the statement's snapshots.
func (ec *execCtx) release() {
	for k, s := range ec.snaps {
		s.snap.Release()
		delete(ec.snaps, k)
	}
	for k, s := range ec.newest {
		s.snap.Release()
		delete(ec.newest, k)
	}
}

// mapStorageError gives namespace errors their SQLSTATE.
func mapStorageError(err error, ns string) error {
	var pe *pgerr.Error
	if errors.As(err, &pe) {
		return err
	}
	switch {
	case errors.Is(err, namespace.ErrNamespaceNotFound):
		return pgerr.Wrap(err, pgerr.InvalidSchemaName, "schema \""+ns+"\" does not exist")
	case errors.Is(err, namespace.ErrDuplicateID):
		return pgerr.Wrap(err, pgerr.UniqueViolation, "duplicate key value violates unique constraint \"entities_pkey\"")
	case errors.Is(err, namespace.ErrConflict):
		return pgerr.Wrap(err, pgerr.TRSerializationFailure, "could not serialize access due to concurrent update")
	case errors.Is(err, namespace.ErrEntityNotFound):
		return pgerr.Wrap(err, pgerr.TRSerializationFailure, "could not serialize access due to concurrent delete")
	case errors.Is(err, namespace.ErrContentTooLarge):
		return pgerr.Wrap(err, pgerr.ProgramLimitExceeded, err.Error())
	case errors.Is(err, namespace.ErrInvalidEntity):
		return pgerr.Wrap(err, pgerr.InvalidParameterValue, err.Error())
	case errors.Is(err, namespace.ErrInvalidName):
		return pgerr.Wrap(err, pgerr.InvalidName, err.Error())
	case errors.Is(err, namespace.ErrNamespaceExists):
		return pgerr.Wrap(err, pgerr.DuplicateSchema, "schema \""+ns+"\" already exists")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return pgerr.Wrap(err, pgerr.QueryCanceled, "canceling statement due to user request")
	}
	return err
}
