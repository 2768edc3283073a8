package planner

// Advisory locks (pg_advisory_lock and the rest): locks on application-
// chosen keys, as PostgreSQL has them. A key is one bigint or a pair of
// integers (two separate key spaces). A lock is exclusive or shared; the
// sessions' holds conflict with each other (exclusive with anything,
// shared with exclusive), never with the same session's. Session-level
// holds last until unlocked or until the session ends; transaction-level
// holds (the _xact_ functions) until the transaction ends. Holds are
// counted: a session that locks twice unlocks twice.
//
// A wait ends when the lock is granted, or with the statement (cancel,
// statement_timeout). Unlike PostgreSQL, a cycle of sessions waiting for
// each other's advisory locks is not reported as a deadlock: each waits
// until its statement is cancelled (docs/compatibility.md).

import (
	"context"
	"sync"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// advKey identifies an advisory lock: space 1 is pg_advisory_lock(bigint),
// space 2 pg_advisory_lock(int, int).
type advKey struct {
	space uint8
	key   int64
}

// advHold is one kind of hold a session has on a lock.
type advHold struct {
	key    advKey
	shared bool
	xact   bool
}

type advLock struct {
	excl   map[*Session]int // holders of the exclusive mode (one session at a time)
	shared map[*Session]int
	// changed is closed (and replaced) whenever holders let go, waking
	// the sessions waiting for the lock.
	changed chan struct{}
}

func (l *advLock) grantable(s *Session, shared bool) bool {
	for h := range l.excl {
		if h != s {
			return false
		}
	}
	if shared {
		return true
	}
	for h := range l.shared {
		if h != s {
			return false
		}
	}
	return true
}

// advisoryLocks is the engine's table of advisory locks.
type advisoryLocks struct {
	mu    sync.Mutex
	locks map[advKey]*advLock
}

// acquire takes a hold for s, waiting while others conflict if wait is
// set; false when it would have to wait and may not.
func (t *advisoryLocks) acquire(ctx context.Context, s *Session, h advHold, wait bool) (bool, error) {
	for {
		t.mu.Lock()
		if t.locks == nil {
			t.locks = map[advKey]*advLock{}
		}
		l := t.locks[h.key]
		if l == nil {
			l = &advLock{excl: map[*Session]int{}, shared: map[*Session]int{}, changed: make(chan struct{})}
			t.locks[h.key] = l
		}
		if l.grantable(s, h.shared) {
			if h.shared {
				l.shared[s]++
			} else {
				l.excl[s]++
			}
			t.mu.Unlock()
			s.advisory[h]++
			return true, nil
		}
		if !wait {
			t.mu.Unlock()
			return false, nil
		}
		ch := l.changed
		t.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false, cancelError(ctx)
		}
	}
}

// release lets go of n of s's holds of one kind.
func (t *advisoryLocks) release(s *Session, h advHold, n int) {
	if n <= 0 {
		return
	}
	s.advisory[h] -= n
	if s.advisory[h] <= 0 {
		delete(s.advisory, h)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.locks[h.key]
	if l == nil {
		return
	}
	m := l.excl
	if h.shared {
		m = l.shared
	}
	if m[s] -= n; m[s] <= 0 {
		delete(m, s)
	}
	close(l.changed)
	l.changed = make(chan struct{})
	if len(l.excl) == 0 && len(l.shared) == 0 {
		delete(t.locks, h.key)
	}
}

// releaseAdvisory lets go of the session's transaction-level holds, and
// of its session-level ones too when all is set (the session ends,
// pg_advisory_unlock_all releases only session-level ones: all=false,
// session=true).
func (s *Session) releaseAdvisory(xact, session bool) {
	for h, n := range s.advisory {
		if h.xact && xact || !h.xact && session {
			s.engine.advisory.release(s, h, n)
		}
	}
}

func init() {
	keyOf := func(a []Datum) advKey {
		if len(a) == 2 {
			return advKey{space: 2, key: a[0].(int64)<<32 | int64(uint32(a[1].(int64)))}
		}
		return advKey{space: 1, key: a[0].(int64)}
	}
	keyArgs := [][]types.OID{{types.Int8OID}, {types.Int4OID, types.Int4OID}}
	reg := func(name string, ret types.OID, fn func(c *callCtx, k advKey) (Datum, error)) {
		for _, params := range keyArgs {
			regLocal(&funcDef{name: name, params: params, ret: ret, strict: true, volatility: volatile, fn: func(c *callCtx, a []Datum) (Datum, error) {
				return fn(c, keyOf(a))
			}})
		}
	}
	for _, v := range []struct {
		suffix       string
		shared, xact bool
	}{{"", false, false}, {"_shared", true, false}} {
		lockName, unlockName := "pg_advisory_lock"+v.suffix, "pg_advisory_unlock"+v.suffix
		mode := "ExclusiveLock"
		if v.shared {
			mode = "ShareLock"
		}
		shared := v.shared
		reg(lockName, types.VoidOID, func(c *callCtx, k advKey) (Datum, error) {
			ec := c.ec()
			_, err := ec.sess.engine.advisory.acquire(ec.ctx, ec.sess, advHold{key: k, shared: shared}, true)
			return "", err
		})
		reg("pg_try_advisory_lock"+v.suffix, types.BoolOID, func(c *callCtx, k advKey) (Datum, error) {
			ec := c.ec()
			return ec.sess.engine.advisory.acquire(ec.ctx, ec.sess, advHold{key: k, shared: shared}, false)
		})
		reg("pg_advisory_xact_lock"+v.suffix, types.VoidOID, func(c *callCtx, k advKey) (Datum, error) {
			ec := c.ec()
			_, err := ec.sess.engine.advisory.acquire(ec.ctx, ec.sess, advHold{key: k, shared: shared, xact: true}, true)
			return "", err
		})
		reg("pg_try_advisory_xact_lock"+v.suffix, types.BoolOID, func(c *callCtx, k advKey) (Datum, error) {
			ec := c.ec()
			return ec.sess.engine.advisory.acquire(ec.ctx, ec.sess, advHold{key: k, shared: shared, xact: true}, false)
		})
		reg(unlockName, types.BoolOID, func(c *callCtx, k advKey) (Datum, error) {
			s := c.ec().sess
			h := advHold{key: k, shared: shared}
			if s.advisory[h] == 0 {
				s.notice(pgerr.NewNotice("you don't own a lock of type %s", mode).WithSeverity(pgerr.SeverityWarning))
				return false, nil
			}
			s.engine.advisory.release(s, h, 1)
			return true, nil
		})
	}
	regLocal(&funcDef{name: "pg_advisory_unlock_all", ret: types.VoidOID, volatility: volatile, fn: func(c *callCtx, _ []Datum) (Datum, error) {
		c.ec().sess.releaseAdvisory(false, true)
		return "", nil
	}})
}
