package planner

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	"github.com/entitydb/entitydb/pgerr"
)

// rowLockEnv is an engine with namespace rl holding x (tags {v:1}) and
// y, and two sessions.
func rowLockEnv(t *testing.T) (*testEnv, *testSession, *testSession) {
	env := newTestEnv(t)
	a, b := env.session(), env.session()
	a.exec("CREATE SCHEMA rl")
	a.exec("INSERT INTO rl.entities (id, tags, content) VALUES ('x', '{v:1}', '0'), ('y', '{v:1}', '0')")
	return env, a, b
}

// whileLocked runs first in a transaction block of a, then second in b,
// which waits for a's row lock; a then ends with end, and b's result is
// returned.
func whileLocked(env *testEnv, a, b *testSession, first, end, second string) asyncResult {
	a.exec("BEGIN")
	a.exec(first)
	done := b.execAsync(second)
	env.waitBlocked(1)
	a.exec(end)
	return <-done
}

func wantCode(t *testing.T, r asyncResult, code pgerr.Code) *pgerr.Error {
	t.Helper()
	if r.err == nil {
		t.Fatalf("want %s, got tags %v", code, r.tags)
	}
	e := pgerr.Flatten(r.err)
	if e.Code != code {
		t.Fatalf("want %s, got %s: %s", code, e.Code, e.Message)
	}
	return e
}

func wantTag(t *testing.T, r asyncResult, tag string) {
	t.Helper()
	if r.err != nil {
		t.Fatalf("want %s, got %v", tag, r.err)
	}
	if r.tags[len(r.tags)-1] != tag {
		t.Fatalf("want %s, got %v", tag, r.tags)
	}
}

// A READ COMMITTED writer waits for the row's lock, then works on the
// newest version: the WHERE clause is checked again on it.
func TestRowLockWaitThenRecheck(t *testing.T) {
	for _, c := range []struct {
		name   string
		first  string // run by a in a transaction block
		end    string // how a ends
		second string // run by b, waits for a
		tag    string
		want   string // x afterwards
	}{
		{"update sees committed update", "UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT",
			"UPDATE rl.entities SET tags = array_append(tags, 'b') WHERE id = 'x'", "UPDATE 1", "{v:2,b}"},
		{"update no longer matches", "UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT",
			"UPDATE rl.entities SET tags = array_append(tags, 'b') WHERE 'v:1' = ANY(tags) AND id = 'x'", "UPDATE 0", "{v:2}"},
		{"update after rollback", "UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "ROLLBACK",
			"UPDATE rl.entities SET tags = array_append(tags, 'b') WHERE 'v:1' = ANY(tags) AND id = 'x'", "UPDATE 1", "{v:1,b}"},
		{"update of a deleted row", "DELETE FROM rl.entities WHERE id = 'x'", "COMMIT",
			"UPDATE rl.entities SET tags = '{v:3}' WHERE id = 'x'", "UPDATE 0", ""},
		{"delete sees committed update", "UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT",
			"DELETE FROM rl.entities WHERE tags @> '{v:1}'", "DELETE 1", "{v:2}"}, // y is deleted, x no longer matches
		{"counter increments are not lost", "UPDATE rl.entities SET content = '1' WHERE id = 'x'", "COMMIT",
			"UPDATE rl.entities SET tags = ARRAY['n:' || (convert_from(content, 'UTF8')::int + 1)] WHERE id = 'x'", "UPDATE 1", "{n:2}"},
		{"select for update returns the newest version", "UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT",
			"SELECT id, tags FROM rl.entities WHERE id IN ('x', 'y') ORDER BY id FOR UPDATE", "SELECT 2", "{v:2}"},
		{"select for update drops a row that no longer matches", "UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT",
			"SELECT id FROM rl.entities WHERE tags @> '{v:1}' ORDER BY id FOR UPDATE", "SELECT 1", "{v:2}"},
		{"insert on conflict updates the newest version", "UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT",
			"INSERT INTO rl.entities (id, tags) VALUES ('x', '{new}') ON CONFLICT (id) DO UPDATE SET tags = entities.tags || excluded.tags", "INSERT 0 1", "{v:2,new}"},
		{"update by a joined row", "UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT",
			"UPDATE rl.entities e SET tags = array_append(e.tags, o.id) FROM rl.entities o WHERE o.id = 'y' AND e.id = 'x' AND e.tags && o.tags", "UPDATE 0", "{v:2}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			env, a, b := rowLockEnv(t)
			r := whileLocked(env, a, b, c.first, c.end, c.second)
			wantTag(t, r, c.tag)
			if c.name == "select for update returns the newest version" {
				if got := fmtRows(r.results[0].rows); got != "x|{v:2}\ny|{v:1}\n" {
					t.Fatalf("rows %q", got)
				}
			}
			got := ""
			if rows := a.query("SELECT tags FROM rl.entities WHERE id = 'x'"); len(rows) == 1 {
				got = rows[0][0]
			}
			if got != c.want {
				t.Fatalf("x is %q, want %q", got, c.want)
			}
		})
	}
}

// The second inserter of an id waits for the first: 23505 if it
// committed, success if it rolled back.
func TestRowLockInsertInsert(t *testing.T) {
	for _, end := range []string{"COMMIT", "ROLLBACK"} {
		t.Run(end, func(t *testing.T) {
			env, a, b := rowLockEnv(t)
			b.exec("BEGIN")
			r := whileLocked(env, a, b, "INSERT INTO rl.entities (id, tags) VALUES ('n', '{by:a}')", end, "INSERT INTO rl.entities (id, tags) VALUES ('n', '{by:b}')")
			if end == "COMMIT" {
				e := wantCode(t, r, pgerr.UniqueViolation)
				if e.Detail != "Key (id)=(n) already exists." {
					t.Fatalf("detail %q", e.Detail)
				}
				b.exec("ROLLBACK")
			} else {
				wantTag(t, r, "INSERT 0 1")
				b.exec("COMMIT")
			}
			want := map[string]string{"COMMIT": "{by:a}", "ROLLBACK": "{by:b}"}[end]
			if got := b.one("SELECT tags FROM rl.entities WHERE id = 'n'"); got != want {
				t.Fatalf("n is %s, want %s", got, want)
			}
		})
	}
	// ON CONFLICT DO NOTHING after the wait sees the committed row
	env, a, b := rowLockEnv(t)
	r := whileLocked(env, a, b, "INSERT INTO rl.entities (id, tags) VALUES ('n', '{by:a}')", "COMMIT", "INSERT INTO rl.entities (id, tags) VALUES ('n', '{by:b}') ON CONFLICT DO NOTHING")
	wantTag(t, r, "INSERT 0 0")
}

// REPEATABLE READ and SERIALIZABLE writers fail with 40001 when the row
// they waited for changed; they proceed if the holder rolled back.
func TestRowLockRepeatableRead(t *testing.T) {
	for _, iso := range []string{"REPEATABLE READ", "SERIALIZABLE"} {
		for _, c := range []struct {
			first, end, second string
			code               pgerr.Code
			msg                string
		}{
			{"UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT", "UPDATE rl.entities SET tags = '{v:3}' WHERE id = 'x'",
				pgerr.TRSerializationFailure, "could not serialize access due to concurrent update"},
			{"DELETE FROM rl.entities WHERE id = 'x'", "COMMIT", "UPDATE rl.entities SET tags = '{v:3}' WHERE id = 'x'",
				pgerr.TRSerializationFailure, "could not serialize access due to concurrent delete"},
			{"UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT", "SELECT * FROM rl.entities WHERE id = 'x' FOR UPDATE",
				pgerr.TRSerializationFailure, "could not serialize access due to concurrent update"},
			{"UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "COMMIT", "INSERT INTO rl.entities (id, tags) VALUES ('x', '{}') ON CONFLICT (id) DO UPDATE SET tags = '{v:3}'",
				pgerr.TRSerializationFailure, "could not serialize access due to concurrent update"},
			{"UPDATE rl.entities SET tags = '{v:2}' WHERE id = 'x'", "ROLLBACK", "UPDATE rl.entities SET tags = '{v:3}' WHERE id = 'x'", "", ""},
		} {
			t.Run(iso+"/"+c.end+"/"+c.second, func(t *testing.T) {
				env, a, b := rowLockEnv(t)
				b.exec("BEGIN ISOLATION LEVEL " + iso)
				b.one("SELECT count(*) FROM rl.entities") // takes the snapshot
				r := whileLocked(env, a, b, c.first, c.end, c.second)
				if c.code == "" {
					if r.err != nil {
						t.Fatal(r.err)
					}
					b.exec("COMMIT")
					return
				}
				if e := wantCode(t, r, c.code); e.Message != c.msg {
					t.Fatalf("message %q", e.Message)
				}
				b.exec("ROLLBACK")
			})
		}
	}
}

// Two transactions that wait for each other: the one that closes the
// cycle fails with 40P01 and the other goes on once it rolls back.
func TestRowLockDeadlock(t *testing.T) {
	env, a, b := rowLockEnv(t)
	a.exec("BEGIN")
	b.exec("BEGIN")
	a.exec("UPDATE rl.entities SET content = 'a' WHERE id = 'x'")
	b.exec("UPDATE rl.entities SET content = 'b' WHERE id = 'y'")
	da := a.execAsync("UPDATE rl.entities SET content = 'a' WHERE id = 'y'")
	env.waitBlocked(1)
	e := b.execErr("SELECT id FROM rl.entities WHERE id = 'x' FOR UPDATE")
	if e.Code != pgerr.TRDeadlockDetected || e.Message != "deadlock detected" {
		t.Fatalf("%s %s", e.Code, e.Message)
	}
	if b.s.TxStatus() != 'E' {
		t.Fatalf("status %c", b.s.TxStatus())
	}
	// the failed transaction let go of its locks before its ROLLBACK
	wantTag(t, <-da, "UPDATE 1")
	b.exec("ROLLBACK")
	a.exec("COMMIT")
	if got := fmtRows(b.query("SELECT id, convert_from(content, 'UTF8') FROM rl.entities ORDER BY id")); got != "x|a\ny|a\n" {
		t.Fatal(got)
	}

	// a longer cycle: a -> b -> c -> a
	c := env.session()
	for _, s := range []*testSession{a, b, c} {
		s.exec("BEGIN")
	}
	a.exec("INSERT INTO rl.entities (id, tags) VALUES ('1', '{}')")
	b.exec("INSERT INTO rl.entities (id, tags) VALUES ('2', '{}')")
	c.exec("INSERT INTO rl.entities (id, tags) VALUES ('3', '{}')")
	d1 := a.execAsync("INSERT INTO rl.entities (id, tags) VALUES ('2', '{}')")
	env.waitBlocked(1)
	d2 := b.execAsync("INSERT INTO rl.entities (id, tags) VALUES ('3', '{}')")
	env.waitBlocked(2)
	c.expectCode("INSERT INTO rl.entities (id, tags) VALUES ('1', '{}')", pgerr.TRDeadlockDetected)
	c.exec("ROLLBACK")
	wantTag(t, <-d2, "INSERT 0 1") // c's row 3 was rolled back
	b.exec("COMMIT")
	wantCode(t, <-d1, pgerr.UniqueViolation) // b's row 2 was committed
	a.exec("ROLLBACK")
}

// ROLLBACK TO SAVEPOINT releases the locks taken after the savepoint.
func TestRowLockSavepoint(t *testing.T) {
	_, a, b := rowLockEnv(t)
	b.exec("SET lock_timeout = '5s'") // a lock left behind fails the test instead of hanging it
	a.exec("BEGIN")
	a.exec("UPDATE rl.entities SET content = 'a' WHERE id = 'x'")
	a.exec("SAVEPOINT s")
	a.exec("UPDATE rl.entities SET content = 'a' WHERE id = 'y'")
	a.exec("SELECT 1 FROM rl.entities WHERE id = 'x' FOR UPDATE") // held before s
	a.exec("ROLLBACK TO SAVEPOINT s")
	b.exec("UPDATE rl.entities SET content = 'b' WHERE id = 'y'")
	b.expectCode("SELECT * FROM rl.entities WHERE id = 'x' FOR UPDATE NOWAIT", pgerr.LockNotAvailable)
	// a failed statement after a savepoint releases only what followed it
	a.exec("SAVEPOINT t")
	a.exec("UPDATE rl.entities SET content = 'a' WHERE id = 'y'")
	a.execErr("SELECT 1/0")
	b.exec("UPDATE rl.entities SET content = 'b2' WHERE id = 'y'")
	b.expectCode("SELECT * FROM rl.entities WHERE id = 'x' FOR NO KEY UPDATE NOWAIT", pgerr.LockNotAvailable)
	a.exec("ROLLBACK TO SAVEPOINT t")
	a.exec("COMMIT")
	if got := fmtRows(b.query("SELECT id, convert_from(content, 'UTF8') FROM rl.entities ORDER BY id")); got != "x|a\ny|b2\n" {
		t.Fatal(got)
	}
}

// Waiting respects NOWAIT, SKIP LOCKED, lock_timeout, statement_timeout
// and cancellation; locks end with the transaction.
func TestRowLockWaitLimits(t *testing.T) {
	env, a, b := rowLockEnv(t)
	a.exec("BEGIN")
	a.exec("SELECT * FROM rl.entities WHERE id = 'x' FOR UPDATE")
	b.expectCode("SELECT * FROM rl.entities FOR UPDATE NOWAIT", pgerr.LockNotAvailable)
	b.expectOne("SELECT string_agg(id, ',') FROM (SELECT id FROM rl.entities ORDER BY id FOR UPDATE SKIP LOCKED) s", "y")
	b.exec("SET lock_timeout = '20ms'")
	if e := b.execErr("UPDATE rl.entities SET content = 'b'"); e.Code != pgerr.LockNotAvailable || e.Message != "canceling statement due to lock timeout" {
		t.Fatalf("lock_timeout: %s %s", e.Code, e.Message)
	}
	b.exec("SET lock_timeout = 0")
	b.exec("SET statement_timeout = '20ms'")
	if e := b.execErr("DELETE FROM rl.entities WHERE id = 'x'"); e.Code != pgerr.QueryCanceled || e.Message != "canceling statement due to statement timeout" {
		t.Fatalf("statement_timeout: %s %s", e.Code, e.Message)
	}
	b.exec("SET statement_timeout = 0")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- b.s.ExecSimple(ctx, "UPDATE rl.entities SET content = 'b' WHERE id = 'x'", &recorder{})
	}()
	env.waitBlocked(1)
	cancel()
	if err := <-done; pgerr.CodeOf(err) != pgerr.QueryCanceled {
		t.Fatalf("cancel: %v", err)
	}
	// b's waits left no lock behind; a's lock goes with its transaction
	a.exec("COMMIT")
	b.exec("UPDATE rl.entities SET content = 'b' WHERE id = 'x'")
	a.exec("SET lock_timeout = '20ms'")
	a.exec("UPDATE rl.entities SET content = 'a'")
	// a read-only transaction cannot lock rows
	a.exec("BEGIN READ ONLY")
	a.expectCode("SELECT * FROM rl.entities FOR SHARE", pgerr.ReadOnlySqlTransaction)
	a.exec("ROLLBACK")
	if n := len(env.eng.locks.mu.locks); n != 0 {
		t.Fatalf("%d locks left", n)
	}
}

// Clients updating a few hot rows inside transaction blocks all succeed
// (none gets 40001) and no increment is lost.
func TestRowLockHotRows(t *testing.T) {
	env := newTestEnv(t)
	env.session().exec("CREATE SCHEMA hot; INSERT INTO hot.entities (id, tags, content) VALUES ('h1', '{}', '0'), ('h2', '{}', '0'), ('h3', '{}', '0')")
	const clients, txns = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := 0; c < clients; c++ {
		ts := env.session()
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 1))
			for i := 0; i < txns; i++ {
				h := 1 + rng.IntN(3)
				sql := fmt.Sprintf(`BEGIN;
UPDATE hot.entities SET content = convert_to((convert_from(content, 'UTF8')::int + 1)::text, 'UTF8') WHERE id = 'h%d';
INSERT INTO hot.entities (tags) VALUES (ARRAY['by:%d']);
SELECT * FROM hot.entities WHERE id = 'h%d';
END`, h, c, h)
				if err := ts.s.ExecSimple(context.Background(), sql, &recorder{}); err != nil {
					errs <- fmt.Errorf("client %d: %w", c, err)
					return
				}
			}
		}(c)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := env.session().one("SELECT sum(convert_from(content, 'UTF8')::int) FROM hot.entities WHERE id LIKE 'h_'")
	if got != strconv.Itoa(clients*txns) {
		t.Fatalf("sum of counters %s, want %d", got, clients*txns)
	}
}

// BenchmarkLockTable is the lock table's cost for an uncontended one-row
// write: acquire and release.
func BenchmarkLockTable(b *testing.B) {
	lt := newLockTable()
	ids := make([]string, 1024)
	for i := range ids {
		ids[i] = fmt.Sprintf("e%d", i)
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		owner := lockOwner(i)
		key := lockKey{ns: "b", id: ids[i&1023]}
		if _, err := lt.acquire(ctx, owner, key, waitBlock, 0); err != nil {
			b.Fatal(err)
		}
		lt.release(owner, []lockKey{key}, true)
	}
}
