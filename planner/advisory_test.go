package planner

import (
	"testing"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// TestAdvisoryLockWaits: a session waits for another's exclusive advisory
// lock until it is unlocked, or until the holder's session ends; a wait
// ends with statement_timeout; transaction-level locks end with the
// transaction.
func TestAdvisoryLockWaits(t *testing.T) {
	env := newTestEnv(t)
	a, b := env.session(), env.session()
	a.expectOne("SELECT pg_advisory_lock(42)", "")

	done := b.execAsync("SELECT pg_advisory_lock(42)")
	select {
	case r := <-done:
		t.Fatalf("the second lock did not wait: %v", r.err)
	case <-time.After(100 * time.Millisecond):
	}
	a.expectOne("SELECT pg_advisory_unlock(42)", "t")
	awaitDone(t, done, "the waiting lock was not granted after the unlock")

	// b holds it now: a's wait ends with its statement_timeout
	a.exec("SET statement_timeout = 100")
	a.expectCode("SELECT pg_advisory_lock(42)", pgerr.QueryCanceled)
	a.exec("RESET statement_timeout")

	// the holder's session ends: the lock goes with it
	done = a.execAsync("SELECT pg_advisory_lock(42)")
	b.s.Close()
	awaitDone(t, done, "the lock of a closed session was not released")
	a.expectOne("SELECT pg_advisory_unlock(42)", "t")

	// transaction-level: held until COMMIT
	c := env.session()
	a.exec("BEGIN")
	a.expectOne("SELECT pg_advisory_xact_lock(7)", "")
	c.expectOne("SELECT pg_try_advisory_lock(7)", "f")
	a.exec("COMMIT")
	c.expectOne("SELECT pg_try_advisory_lock(7)", "t")
	if len(env.eng.advisory.locks) != 1 {
		t.Errorf("%d locks in the table, want 1 (c's)", len(env.eng.advisory.locks))
	}
	c.expectOne("SELECT pg_advisory_unlock(7)", "t")
	if len(env.eng.advisory.locks) != 0 {
		t.Errorf("%d locks left in the table", len(env.eng.advisory.locks))
	}
}

// TestAdvisoryDeadlockNotDetected marks the advisory-deadlocks difference
// (docs/compatibility.md): two sessions waiting for each other's advisory
// locks wait until a statement ends (here b's statement_timeout), where
// PostgreSQL would fail one of them with 40P01.
func TestAdvisoryDeadlockNotDetected(t *testing.T) {
	env := newTestEnv(t)
	a, b := env.session(), env.session()
	a.expectOne("SELECT pg_advisory_lock(1)", "")
	b.expectOne("SELECT pg_advisory_lock(2)", "")
	done := a.execAsync("SELECT pg_advisory_lock(2)")
	time.Sleep(50 * time.Millisecond)
	b.exec("SET statement_timeout = 200")
	b.expectCode("SELECT pg_advisory_lock(1)", pgerr.QueryCanceled)
	b.expectOne("SELECT pg_advisory_unlock(2)", "t")
	awaitDone(t, done, "a was not granted the lock b released")
}

// awaitDone waits for a statement started with execAsync to succeed;
// what names the expectation in the failure.
func awaitDone(t *testing.T, done <-chan asyncResult, what string) {
	t.Helper()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal(what)
	}
}
