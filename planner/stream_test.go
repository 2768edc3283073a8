package planner

import (
	"strings"
	"testing"
)

// TestStreamedRows checks the row-buffer reuse of streaming plans
// (execCtx.streams): only a chain of projections and limits over an entity
// scan whose rows go straight to the client streams, and consumers that
// keep rows (cursors, sorts, joins, subqueries) still see distinct rows.
func TestStreamedRows(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA s")
	ts.exec("INSERT INTO s.entities (id, tags, created_at) SELECT 'e' || i, ARRAY['a', 'n:' || i], timestamptz '2024-01-01' + interval '1 hour' * i FROM generate_series(1, 30) i")

	plans := map[string]bool{
		"SELECT id, tags FROM s.entities WHERE tags @> '{a}' LIMIT 5":                      true,
		"SELECT id FROM s.entities ORDER BY created_at DESC LIMIT 3":                       true,
		"SELECT id, tags[2] FROM s.entities":                                               true,
		"SELECT id FROM s.entities ORDER BY tags[2] LIMIT 3":                               false,
		"SELECT id, (SELECT count(*) FROM s.entities) FROM s.entities":                     false,
		"SELECT a.id FROM s.entities a JOIN s.entities b ON a.id = b.id":                   false,
		"SELECT id FROM s.entities ORDER BY created_at DESC, id LIMIT 3":                   false,
		"SELECT tag_value(tags, 'n') AS v, count(*) FROM s.entities GROUP BY 1 ORDER BY 1": false,
	}
	for sql, want := range plans {
		stmts, err := ts.s.engine.parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ts.s.planStatement(stmts[0], sql, nil)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if _, got := streamNodes(p.query); got != want {
			t.Errorf("%s: streams %v, want %v", sql, got, want)
		}
	}

	// a cursor keeps the rows it fetches: they must stay distinct
	want := fmtRows(ts.query("SELECT id, tags FROM s.entities WHERE tags @> '{a}' ORDER BY created_at LIMIT 6"))
	ts.exec("BEGIN")
	ts.exec("DECLARE c CURSOR FOR SELECT id, tags FROM s.entities WHERE tags @> '{a}' ORDER BY created_at LIMIT 6")
	if got := fmtRows(ts.query("FETCH 6 FROM c")); got != want {
		t.Fatalf("cursor rows:\n%s\nwant:\n%s", got, want)
	}
	// pending rows merge into an ordered streaming scan
	ts.exec("INSERT INTO s.entities (id, tags, created_at) VALUES ('p1', '{a,n:p1}', '2024-01-01 02:30'), ('p2', '{a,n:p2}', '2023-12-31')")
	ts.exec("UPDATE s.entities SET tags = '{a,n:u3}' WHERE id = 'e3'")
	q := "SELECT id, tags, created_at FROM s.entities WHERE tags @> '{a}' ORDER BY created_at LIMIT 8"
	got := fmtRows(ts.query(q))
	ts.exec("SET entitydb.use_index = off")
	if scan := fmtRows(ts.query(q)); got != scan {
		t.Fatalf("streamed ordered scan with pending rows:\n%s\nplain scan:\n%s", got, scan)
	}
	if !strings.Contains(got, "p2") || !strings.Contains(got, "n:u3") || strings.Count(got, "\n") != 8 {
		t.Fatalf("unexpected rows:\n%s", got)
	}
	ts.exec("ROLLBACK")
}
