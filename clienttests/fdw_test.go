package clienttests

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/entitydb/entitydb/internal/pgcluster"
	"github.com/entitydb/entitydb/internal/pgcluster/pgclustertest"
)

// TestPostgresFDW drives entitydb from PostgreSQL 15 itself through
// postgres_fdw, as users who keep PostgreSQL in front do: IMPORT FOREIGN
// SCHEMA, ANALYZE, tag predicates pushed down to entitydb (EXPLAIN VERBOSE
// shows them in the remote SQL), a join with a local table, and writes
// (INSERT, UPDATE, DELETE) that entitydb then shows to its own clients.
func TestPostgresFDW(t *testing.T) {
	inst := start(t)
	pg := pgclustertest.Start(t, pgcluster.Options{})
	ctx := context.Background()
	local := connect(t, pg.ConnString())
	exec := func(sql string) {
		t.Helper()
		if _, err := local.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v\nPostgreSQL log:\n%s", sql, err, pg.Log())
		}
	}
	ids := func(sql string) []string {
		t.Helper()
		rows, err := local.Query(ctx, sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		out, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return out
	}
	exec("CREATE EXTENSION postgres_fdw")
	exec(fmt.Sprintf("CREATE SERVER edb FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '%d', dbname 'entitydb', use_remote_estimate 'true')", inst.Port()))
	exec(fmt.Sprintf("CREATE USER MAPPING FOR CURRENT_USER SERVER edb OPTIONS (user 'entitydb', password '%s')", inst.Password()))
	exec("CREATE SCHEMA remote")
	// import_default: the foreign table gets entitydb's column defaults
	// (generated id, now()), evaluated locally on INSERT; without it
	// postgres_fdw sends NULL for omitted columns, as against PostgreSQL
	exec("IMPORT FOREIGN SCHEMA ct FROM SERVER edb INTO remote OPTIONS (import_default 'true')")
	exec("ANALYZE remote.entities")

	if got := ids("SELECT id FROM remote.entities WHERE tags @> ARRAY['status:open'] ORDER BY id"); !slices.Equal(got, []string{"e1", "e3", "e5"}) {
		t.Errorf("tag query through postgres_fdw: %v", got)
	}
	var n int
	if err := local.QueryRow(ctx, "SELECT count(*) FROM remote.entities WHERE 'type:note' = ANY(tags)").Scan(&n); err != nil || n != 2 {
		t.Errorf("count through postgres_fdw: %d, %v", n, err)
	}
	plan := strings.Join(ids("EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM remote.entities WHERE tags @> ARRAY['status:open']"), "\n")
	if !strings.Contains(plan, "Remote SQL:") || !strings.Contains(plan, "tags @>") {
		t.Errorf("the tag predicate is not pushed down to entitydb:\n%s", plan)
	}

	// a join with a local table
	exec("CREATE TABLE wanted (tag text)")
	exec("INSERT INTO wanted VALUES ('prio:1'), ('prio:3')")
	if got := ids("SELECT e.id FROM remote.entities e JOIN wanted w ON w.tag = ANY(e.tags) ORDER BY e.id"); !slices.Equal(got, []string{"e1", "e3"}) {
		t.Errorf("join with a local table: %v", got)
	}

	// writes, in autocommit and in a transaction
	exec("INSERT INTO remote.entities (id, tags, content) VALUES ('f1', ARRAY['via:fdw'], 'from postgres')")
	exec("INSERT INTO remote.entities (tags) VALUES (ARRAY['generated'])")
	exec("UPDATE remote.entities SET tags = tags || ARRAY['updated'] WHERE id = 'f1'")
	exec("BEGIN")
	exec("UPDATE remote.entities SET tags = array_append(tags, 'in-txn') WHERE id = 'e2'")
	exec("DELETE FROM remote.entities WHERE id = 'e4'")
	exec("COMMIT")

	edb := connect(t, inst.ConnString())
	check := func(sql string, want ...string) {
		t.Helper()
		rows, err := edb.Query(ctx, sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: got %v, %v; want %v", sql, got, err, want)
		}
	}
	check("SELECT array_to_string(tags, ',') || '|' || convert_from(content, 'UTF8') FROM ct.entities WHERE id = 'f1'", "via:fdw,updated|from postgres")
	check("SELECT array_to_string(tags, ',') FROM ct.entities WHERE id = 'e2'", "type:task,status:done,prio:2,in-txn")
	check("SELECT id FROM ct.entities WHERE id !~ '^[0-9a-f]{32}$' ORDER BY id", "e1", "e2", "e3", "e5", "f1")
	check("SELECT array_to_string(tags, ',') FROM ct.entities WHERE id ~ '^[0-9a-f]{32}$' AND created_at > now() - interval '1 hour'", "generated")
}
