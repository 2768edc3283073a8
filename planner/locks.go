package planner

// Row locks. A transaction that writes an entity, or reads it with SELECT
// ... FOR UPDATE/SHARE, first locks (namespace, id) and keeps the lock
// until it commits or rolls back; a second transaction that wants the same
// row waits. Locks live in memory only (a restart ends every transaction
// anyway) in one table per Engine.
//
// What waiting buys is PostgreSQL's READ COMMITTED write behaviour: once
// the lock is ours, no other locking writer can change the row until we
// end, so the newest committed version is the one our commit will replace.
// UPDATE, DELETE and SELECT FOR UPDATE re-check their WHERE clause on that
// version (rowlocks.go) instead of failing at COMMIT with 40001.
//
// Invariants:
//   - A lock has one holder, a transaction (lockOwner). FOR SHARE locks are
//     exclusive too (simpler than PostgreSQL, which lets sharers coexist).
//   - A holder releases all its locks at once, after its commit is visible
//     to new snapshots (or after its rollback), and never earlier: a
//     statement that fails or ROLLBACK TO SAVEPOINT keeps the locks.
//   - A blocked transaction waits for exactly one holder; waits form the
//     wait-for graph. The transaction whose wait would close a cycle gets
//     40P01 at once (PostgreSQL checks after deadlock_timeout; the outcome
//     is the same: one transaction of the cycle fails).
//   - epoch grows on every release that follows a commit with writes. A
//     snapshot taken after reading epoch e shows every commit of a locking
//     writer that released before epoch left e, so "epoch unchanged" means
//     "this snapshot is still the newest for the rows I hold" (newest).
//
// Cost when nobody waits: one mutex-protected map insert per new row
// locked and one delete at release. Ids the statement generates (INSERT
// without id) are not locked: nobody else can know them.

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// lockOwner identifies a transaction in the lock table.
type lockOwner uint64

func (o lockOwner) String() string { return fmt.Sprintf("transaction %d", uint64(o)) }

// lockKey names a locked row.
type lockKey struct{ ns, id string }

// rowLock is one held lock. free is made by the first waiter and closed
// when the holder releases.
type rowLock struct {
	holder lockOwner
	free   chan struct{}
}

// lockTable holds the row locks of all sessions of an Engine.
type lockTable struct {
	owners atomic.Uint64 // last lockOwner handed out
	epoch  atomic.Uint64 // releases after commits with writes

	mu struct {
		sync.Mutex
		// locks are the held row locks.
		locks map[lockKey]rowLock
		// waits is the wait-for graph: a blocked owner -> the holder it
		// waits for. An owner is in it only while blocked.
		waits map[lockOwner]lockOwner
	}
}

func newLockTable() *lockTable {
	lt := &lockTable{}
	lt.mu.locks = map[lockKey]rowLock{}
	lt.mu.waits = map[lockOwner]lockOwner{}
	return lt
}

// waitPolicy says what to do when a row is locked by someone else.
type waitPolicy uint8

const (
	waitBlock waitPolicy = iota // wait (default)
	waitSkip                    // SKIP LOCKED: report not acquired
	waitError                   // NOWAIT: fail with 55P03
)

// lockResult is what acquire did.
type lockResult uint8

const (
	lockNew     lockResult = iota // acquired now, without waiting
	lockWaited                    // acquired after another holder released
	lockHeld                      // the owner already held it
	lockSkipped                   // held by another, waitSkip
)

// acquire locks key for owner, waiting while another transaction holds it.
// ctx carries statement_timeout and cancellation (57014); lockTimeout > 0
// bounds each wait (55P03). A wait that would close a cycle of waiting
// transactions fails with 40P01.
func (lt *lockTable) acquire(ctx context.Context, owner lockOwner, key lockKey, policy waitPolicy, lockTimeout time.Duration) (lockResult, error) {
	lt.mu.Lock()
	l, ok := lt.mu.locks[key]
	if !ok {
		lt.mu.locks[key] = rowLock{holder: owner}
		lt.mu.Unlock()
		return lockNew, nil
	}
	if l.holder == owner {
		lt.mu.Unlock()
		return lockHeld, nil
	}
	switch policy {
	case waitSkip:
		lt.mu.Unlock()
		return lockSkipped, nil
	case waitError:
		lt.mu.Unlock()
		return 0, pgerr.New(pgerr.LockNotAvailable, "could not obtain lock on row in relation \"entities\"")
	}
	var timeout <-chan time.Time
	if lockTimeout > 0 {
		t := time.NewTimer(lockTimeout)
		defer t.Stop()
		timeout = t.C
	}
	for {
		// lt.mu is held; l is the current lock on key, held by another.
		if chain, ok := lt.cycle(owner, l.holder); ok {
			lt.mu.Unlock()
			return 0, pgerr.New(pgerr.TRDeadlockDetected, "deadlock detected").
				WithDetail("%s", chain).
				WithHint("Transactions that lock the same rows in different orders can deadlock; lock rows in one order (for example by id) or retry the transaction.")
		}
		if l.free == nil {
			l.free = make(chan struct{})
			lt.mu.locks[key] = l
		}
		lt.mu.waits[owner] = l.holder
		free := l.free
		lt.mu.Unlock()

		var err error
		select {
		case <-free:
		case <-ctx.Done():
			err = cancelError(ctx)
		case <-timeout:
			err = pgerr.New(pgerr.LockNotAvailable, "canceling statement due to lock timeout")
		}

		lt.mu.Lock()
		delete(lt.mu.waits, owner)
		if err != nil {
			lt.mu.Unlock()
			return 0, err
		}
		l, ok = lt.mu.locks[key]
		if !ok {
			lt.mu.locks[key] = rowLock{holder: owner}
			lt.mu.Unlock()
			return lockWaited, nil
		}
		// another waiter was faster: wait for it in turn
	}
}

// cycle reports whether owner waiting for holder closes a cycle in the
// wait-for graph, and describes it. lt.mu is held.
func (lt *lockTable) cycle(owner, holder lockOwner) (string, bool) {
	chain := fmt.Sprintf("%s waits for a row lock held by %s", owner, holder)
	for h, n := holder, 0; n <= len(lt.mu.waits); n++ {
		if h == owner {
			return chain + ".", true
		}
		next, ok := lt.mu.waits[h]
		if !ok {
			return "", false
		}
		chain += fmt.Sprintf(", which waits for %s", next)
		h = next
	}
	return "", false
}

// release frees keys held by owner and wakes their waiters. committed says
// the owner's writes are committed (and visible to new snapshots).
func (lt *lockTable) release(owner lockOwner, keys []lockKey, committed bool) {
	if committed {
		lt.epoch.Add(1)
	}
	lt.mu.Lock()
	for _, k := range keys {
		l, ok := lt.mu.locks[k]
		if !ok || l.holder != owner {
			continue
		}
		delete(lt.mu.locks, k)
		if l.free != nil {
			close(l.free)
		}
	}
	lt.mu.Unlock()
}

// ---- transactions ---------------------------------------------------------------

// lockRow locks a row for the transaction (see acquire). The lock is kept
// until the transaction ends.
func (s *Session) lockRow(ec *execCtx, ns, id string, policy waitPolicy) (lockResult, error) {
	t := ec.tx
	lt := s.engine.locks
	if t.lockOwner == 0 {
		t.lockOwner = lockOwner(lt.owners.Add(1))
	}
	key := lockKey{ns: ns, id: id}
	ctx := ec.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := lt.acquire(ctx, t.lockOwner, key, policy, s.lockTimeout())
	if err == nil && (res == lockNew || res == lockWaited) {
		if t.locks == nil {
			t.locks = t.lockBuf[:0]
		}
		t.locks = append(t.locks, key)
	}
	return res, err
}

// lockTimeout is the lock_timeout setting.
func (s *Session) lockTimeout() time.Duration {
	v := s.settings.get("lock_timeout")
	if v == "0" {
		return 0
	}
	d, err := parseDurationMS("lock_timeout", v)
	if err != nil {
		return 0
	}
	return d
}

// releaseLocks ends the transaction's hold on its rows.
func (s *Session) releaseLocks(t *txn, committed bool) {
	if len(t.locks) == 0 {
		return
	}
	s.engine.locks.release(t.lockOwner, t.locks, committed)
	t.locks = nil
}

// releaseLocksFrom releases the locks taken after the first from ones
// (ROLLBACK TO SAVEPOINT, a failed transaction block); nothing of what
// they protected will be committed.
func (s *Session) releaseLocksFrom(t *txn, from int) {
	if from >= len(t.locks) {
		return
	}
	s.engine.locks.release(t.lockOwner, t.locks[from:], false)
	t.locks = t.locks[:from]
}
