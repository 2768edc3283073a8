package planner

import (
	"context"
	"fmt"
	"testing"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

func TestSelectConstants(t *testing.T) {
	ts := newTestEnv(t).session()
	cases := []struct{ sql, want string }{
		{"SELECT 1", "1"},
		{"SELECT 1 + 2 * 3", "7"},
		{"SELECT 'a' || 'b'", "ab"},
		{"SELECT NULL IS NULL", "t"},
		{"SELECT 7 / 2", "3"},
		{"SELECT 7.0 / 2", "3.5000000000000000"},
		{"SELECT ARRAY['a','b']", "{a,b}"},
		{"SELECT CASE WHEN 1 > 2 THEN 'x' ELSE 'y' END", "y"},
		{"SELECT coalesce(NULL, 3)", "3"},
		{"SELECT greatest(1, 5, 3)", "5"},
		{"SELECT nullif(1, 1)", "NULL"},
		{"SELECT 2 BETWEEN 1 AND 3", "t"},
		{"SELECT 3 IN (1, 2)", "f"},
		{"SELECT NULL::int IN (1, 2)", "NULL"},
		{"SELECT version() LIKE 'PostgreSQL 15.%'", "t"},
		{"SHOW server_version_num", ServerVersionNum},
		{"SELECT current_setting('server_version')", ServerVersion},
		{"SELECT (ARRAY[1,2,3])[2]", "2"},
		{"SELECT count(*) FROM generate_series(1, 10)", "10"},
		{"SELECT sum(x) FROM generate_series(1, 4) x", "10"},
		{"SELECT string_agg(x::text, ',' ORDER BY x DESC) FROM generate_series(1,3) x", "3,2,1"},
		{"SELECT pg_typeof(1)", "integer"},
		{"SELECT current_database()", "entitydb"},
		{"SELECT current_schema()", "public"},
		{"SELECT EXISTS (SELECT 1)", "t"},
		{"SELECT (SELECT max(x) FROM unnest(ARRAY[3,9,4]) x)", "9"},
		{"SELECT 1 WHERE 2 = ANY(ARRAY[1,2])", "1"},
		{"SELECT x FROM (VALUES (1), (2)) v(x) ORDER BY x DESC LIMIT 1", "2"},
	}
	for _, c := range cases {
		if got := ts.one(c.sql); got != c.want {
			t.Errorf("%s = %q, want %q", c.sql, got, c.want)
		}
	}
}

func TestCreateInsertSelect(t *testing.T) {
	ts := newTestEnv(t).session()
	r := ts.exec("CREATE SCHEMA tasks")
	if r.tags[0] != "CREATE SCHEMA" {
		t.Fatalf("tag %q", r.tags[0])
	}
	r = ts.exec("INSERT INTO tasks.entities (id, tags, content) VALUES ('a', ARRAY['type:task','status:open'], 'hello'), ('b', '{type:task,status:done}', NULL), ('c', ARRAY['type:note'], '\\x00ff')")
	if r.tags[0] != "INSERT 0 3" {
		t.Fatalf("tag %q", r.tags[0])
	}
	got := fmtRows(ts.query("SELECT id, tags, content FROM tasks.entities WHERE tags @> ARRAY['type:task'] ORDER BY id"))
	want := "a|{type:task,status:open}|\\x68656c6c6f\nb|{type:task,status:done}|NULL\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	ts.expectOne("SELECT count(*) FROM tasks.entities WHERE 'status:open' = ANY(tags) OR tags && ARRAY['type:note']", "2")
	ts.expectOne("SELECT count(*) FROM tasks.entities WHERE NOT tags @> '{type:task}'", "1")
	// unqualified through search_path
	ts.exec("SET search_path = tasks")
	ts.expectOne("SELECT count(*) FROM entities", "3")
	e := ts.execErr("SELECT * FROM nosuch.entities")
	if e.Code != pgerr.UndefinedTable {
		t.Fatalf("code %s", e.Code)
	}
	e = ts.execErr("INSERT INTO tasks.entities (id, tags) VALUES ('a', '{}')")
	if e.Code != pgerr.UniqueViolation || e.Detail != "Key (id)=(a) already exists." {
		t.Fatalf("dup: %v %q", e, e.Detail)
	}
}

func TestTransactions(t *testing.T) {
	env := newTestEnv(t)
	ts := env.session()
	other := env.session()
	ts.exec("CREATE SCHEMA ns")
	ts.exec("BEGIN")
	if ts.s.TxStatus() != 'T' {
		t.Fatal("not in a transaction")
	}
	ts.exec("INSERT INTO ns.entities (id, tags) VALUES ('x', '{a}')")
	ts.expectOne("SELECT count(*) FROM ns.entities WHERE tags @> '{a}'", "1")
	other.expectOne("SELECT count(*) FROM ns.entities", "0")
	ts.exec("COMMIT")
	other.expectOne("SELECT count(*) FROM ns.entities", "1")
	ts.exec("BEGIN")
	ts.execErr("SELECT nosuchcol FROM ns.entities")
	if ts.s.TxStatus() != 'E' {
		t.Fatal("transaction not failed")
	}
	ts.expectCode("SELECT 1", pgerr.InFailedSqlTransaction)
	r := ts.exec("COMMIT")
	if r.tags[0] != "ROLLBACK" {
		t.Fatalf("commit of failed txn: %q", r.tags[0])
	}
	// multi-statement: error rolls back the implicit transaction
	rec := &recorder{}
	err := ts.s.ExecSimple(context.Background(), "INSERT INTO ns.entities (id, tags) VALUES ('y', '{}'); SELECT 1/0", rec)
	if pgerr.CodeOf(err) != pgerr.DivisionByZero {
		t.Fatalf("err %v", err)
	}
	ts.expectOne("SELECT count(*) FROM ns.entities WHERE id = 'y'", "0")
}

func TestExtendedProtocol(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA ns")
	_, tag, err := ts.extended("INSERT INTO ns.entities (id, tags) VALUES ($1, $2)", nil, []any{"p1", "{x,y}"}, nil)
	if err != nil || tag != "INSERT 0 1" {
		t.Fatalf("insert: %v %q", err, tag)
	}
	p, err := ts.s.Prepare(context.Background(), "q", "SELECT id FROM ns.entities WHERE tags @> $1 AND id = $2", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.ParamTypes) != 2 || p.ParamTypes[0] != types.TextArrayOID || p.ParamTypes[1] != types.TextOID {
		t.Fatalf("param types %v", p.ParamTypes)
	}
	ts.s.Sync(context.Background())
	r, tag, err := ts.extended("SELECT id, created_at = updated_at FROM ns.entities WHERE id = $1", nil, []any{"p1"}, nil)
	if err != nil || tag != "SELECT 1" || fmtRows(r.results[0].rows) != "p1|t\n" {
		t.Fatalf("select: %v %q %v", err, tag, r.results)
	}
}

func TestIsolation(t *testing.T) {
	env := newTestEnv(t)
	a, b := env.session(), env.session()
	a.exec("CREATE SCHEMA iso")
	a.exec("INSERT INTO iso.entities (id, tags) VALUES ('x', '{v:1}')")
	// REPEATABLE READ keeps its snapshot and refuses to update a row
	// changed after it
	a.exec("BEGIN ISOLATION LEVEL REPEATABLE READ")
	a.expectOne("SELECT tags FROM iso.entities WHERE id = 'x'", "{v:1}")
	b.exec("UPDATE iso.entities SET tags = '{v:2}' WHERE id = 'x'")
	a.expectOne("SELECT tags FROM iso.entities WHERE id = 'x'", "{v:1}")
	a.expectCode("UPDATE iso.entities SET tags = '{v:3}' WHERE id = 'x'", pgerr.TRSerializationFailure)
	a.exec("ROLLBACK")
	// READ COMMITTED: a second writer waits for the first to commit, then
	// updates the newest version
	a.exec("BEGIN")
	a.exec("UPDATE iso.entities SET tags = '{v:4}' WHERE id = 'x'")
	done := b.execAsync("UPDATE iso.entities SET tags = array_append(tags, 'v:5') WHERE id = 'x'")
	env.waitBlocked(1)
	a.exec("COMMIT")
	if r := <-done; r.err != nil || r.tags[0] != "UPDATE 1" {
		t.Fatalf("waiting update: %v %v", r.err, r.tags)
	}
	b.expectOne("SELECT tags FROM iso.entities WHERE id = 'x'", "{v:4,v:5}")
	// read only transactions
	a.exec("BEGIN READ ONLY")
	a.expectCode("INSERT INTO iso.entities (id, tags) VALUES ('y', '{}')", pgerr.ReadOnlySqlTransaction)
	a.exec("ROLLBACK")
	// two namespaces in one transaction
	a.exec("CREATE SCHEMA iso2")
	a.exec("BEGIN")
	a.exec("INSERT INTO iso.entities (id, tags) VALUES ('y', '{}')")
	a.expectCode("INSERT INTO iso2.entities (id, tags) VALUES ('y', '{}')", pgerr.FeatureNotSupported)
	a.exec("ROLLBACK")
	// savepoints
	a.exec("BEGIN")
	a.exec("INSERT INTO iso.entities (id, tags) VALUES ('s1', '{}')")
	a.exec("SAVEPOINT sp")
	a.exec("INSERT INTO iso.entities (id, tags) VALUES ('s2', '{}')")
	a.exec("ROLLBACK TO SAVEPOINT sp")
	a.exec("COMMIT")
	b.expectOne("SELECT string_agg(id, ',' ORDER BY id) FROM iso.entities WHERE id LIKE 's%'", "s1")
}

func TestStatementTimeout(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("SET statement_timeout = '50ms'")
	e := ts.execErr("SELECT pg_sleep(2)")
	if e.Code != pgerr.QueryCanceled || e.Message != "canceling statement due to statement timeout" {
		t.Fatalf("%v", e)
	}
	ts.exec("SET statement_timeout = 0")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := ts.s.ExecSimple(ctx, "SELECT count(*) FROM generate_series(1, 10000000)", &recorder{})
	if pgerr.CodeOf(err) != pgerr.QueryCanceled {
		t.Fatalf("cancel: %v", err)
	}
}

// TestConcurrentSessions runs sessions in parallel on one engine (run
// with -race): plans, caches and namespace handles are shared.
func TestConcurrentSessions(t *testing.T) {
	env := newTestEnv(t)
	env.session().exec("CREATE SCHEMA cc")
	done := make(chan error)
	for w := 0; w < 4; w++ {
		ts := env.session()
		go func(w int) {
			var err error
			defer func() { done <- err }()
			for i := 0; i < 50; i++ {
				r := &recorder{}
				sql := fmt.Sprintf("INSERT INTO cc.entities (id, tags) VALUES ('w%d-%d', ARRAY['w:%d', 'n:%d']) ON CONFLICT (id) DO NOTHING", w, i, w, i%5)
				if err = ts.s.ExecSimple(context.Background(), sql, r); err != nil {
					return
				}
				for _, q := range []string{
					"SELECT count(*) FROM cc.entities WHERE tags @> ARRAY['n:1']",
					"SELECT id FROM cc.entities WHERE tags && ARRAY['w:1', 'w:2'] ORDER BY created_at DESC, id LIMIT 3",
					"SET TimeZone = 'Europe/Berlin'",
					"SELECT now()::text, tag_value(tags, 'w'), count(*) FROM cc.entities GROUP BY 1, 2",
				} {
					if err = ts.s.ExecSimple(context.Background(), q, &recorder{}); err != nil {
						return
					}
				}
			}
		}(w)
	}
	for w := 0; w < 4; w++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if n := env.session().one("SELECT count(*) FROM cc.entities"); n != "200" {
		t.Fatalf("count %s", n)
	}
}

// A failing statement leaves no writes behind, inside a transaction too.
func TestStatementAtomicity(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA at")
	ts.exec("BEGIN")
	ts.exec("INSERT INTO at.entities (id, tags) VALUES ('good', '{}')")
	ts.exec("SAVEPOINT s")
	ts.expectCode("INSERT INTO at.entities (id, tags) VALUES ('x', '{}'), ('y', '{}'), ('x', '{}')", pgerr.UniqueViolation)
	ts.exec("ROLLBACK TO SAVEPOINT s")
	ts.expectOne("SELECT string_agg(id, ',' ORDER BY id) FROM at.entities", "good")
	ts.exec("COMMIT")
	ts.expectCode("INSERT INTO at.entities (id, tags) VALUES ('z', '{}'), ('good', '{}')", pgerr.UniqueViolation)
	ts.expectOne("SELECT count(*) FROM at.entities", "1")
}

// postgres_fdw updates rows it cannot push down by ctid.
func TestCtid(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA ct")
	ts.exec("INSERT INTO ct.entities (id, tags) VALUES ('a', '{x}'), ('b', '{y}')")
	ts.exec("BEGIN")
	tid := ts.one("SELECT ctid FROM ct.entities WHERE id = 'b' FOR UPDATE")
	r := ts.exec("UPDATE ct.entities SET tags = '{z}' WHERE ctid = '" + tid + "'")
	if r.tags[0] != "UPDATE 1" {
		t.Fatal(r.tags)
	}
	ts.exec("COMMIT")
	ts.expectOne("SELECT string_agg(id || ':' || tags::text, ' ' ORDER BY id) FROM ct.entities", "a:{x} b:{z}")
	// the old version's ctid no longer matches
	if n := ts.one("SELECT count(*) FROM ct.entities WHERE ctid = '" + tid + "'"); n != "0" {
		t.Fatalf("stale ctid matched %s", n)
	}
}
