package planner

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// explainCatalogue lists the plan shapes the index planner must choose;
// testdata/explain.golden holds their EXPLAIN output.
var explainCatalogue = []string{
	// tag containment: intersection of postings, answered exactly
	"SELECT id FROM g.entities WHERE tags @> ARRAY['type:task', 'status:open']",
	"SELECT id FROM g.entities WHERE tags @> '{type:task}'",
	// any of several tags: union
	"SELECT id FROM g.entities WHERE tags && ARRAY['status:open', 'status:done']",
	"SELECT id FROM g.entities WHERE 'urgent' = ANY(tags)",
	// NOT, nested AND/OR
	"SELECT id FROM g.entities WHERE tags @> ARRAY['type:task'] AND NOT tags @> ARRAY['status:done']",
	"SELECT id FROM g.entities WHERE (tags @> ARRAY['type:task'] OR 'urgent' = ANY(tags)) AND NOT 'archived' = ANY(tags)",
	// prefixes, both spellings
	"SELECT id FROM g.entities WHERE has_tag_like(tags, 'status:%')",
	"SELECT id FROM g.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE 'status:%')",
	"SELECT id FROM g.entities WHERE has_tag_like(tags, 'st_tus:%')",
	// ids
	"SELECT id FROM g.entities WHERE id = 'e01'",
	"SELECT id FROM g.entities WHERE id IN ('e01', 'e02', 'nosuch')",
	"SELECT id FROM g.entities WHERE id = ANY(ARRAY['e01', 'e03'])",
	// created_at ranges
	"SELECT id FROM g.entities WHERE created_at >= '2024-01-05' AND created_at < '2024-01-10'",
	// residual filter on fetched rows only
	"SELECT id FROM g.entities WHERE tags @> ARRAY['type:task'] AND content IS NOT NULL",
	"SELECT id FROM g.entities WHERE content IS NULL",
	// count without fetching
	"SELECT count(*) FROM g.entities WHERE tags @> ARRAY['type:task']",
	"SELECT count(*) FROM g.entities",
	"SELECT count(*) FROM g.entities WHERE tags @> ARRAY['type:task'] AND content IS NULL",
	// ordered access with LIMIT
	"SELECT id FROM g.entities WHERE tags @> ARRAY['type:task'] ORDER BY created_at DESC LIMIT 3",
	"SELECT id FROM g.entities WHERE tags @> ARRAY['type:task'] ORDER BY created_at DESC, id LIMIT 3",
	"SELECT id FROM g.entities ORDER BY id LIMIT 5",
	// GROUP BY a tag key's value from postings
	"SELECT tag_value(tags, 'status') AS status, count(*) FROM g.entities GROUP BY 1 ORDER BY 1",
	"SELECT tag_value(tags, 'status'), count(*) FROM g.entities WHERE tags @> ARRAY['type:task'] GROUP BY tag_value(tags, 'status')",
	// row locks: taken as rows pass, so an ordered scan with LIMIT locks
	// only the rows it returns
	"SELECT id FROM g.entities WHERE tags @> ARRAY['type:task'] ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
	// generic operators
	"SELECT a.id, b.id FROM g.entities a JOIN g.entities b ON a.id = b.id WHERE a.tags @> ARRAY['urgent']",
	"SELECT tag_value(tags, 'type'), max(created_at) FROM g.entities GROUP BY 1",
}

// explainParamCatalogue is the index forms with bound values: each
// statement is prepared and shown by EXPLAIN EXECUTE with the arguments,
// and must get the index plan its literal form gets.
var explainParamCatalogue = []struct{ stmt, args string }{
	{"SELECT count(*) FROM g.entities WHERE has_tag_like(tags, $1)", "'status:%'"},
	{"SELECT id FROM g.entities WHERE has_tag_like(tags, $1)", "'st_tus:%'"},
	{"SELECT count(*) FROM g.entities WHERE has_tag_like(tags, $1)", "'%:open'"},
	{"SELECT id FROM g.entities WHERE has_tag_like(tags, $1) LIMIT 5", "'urgent'"},
	// a malformed pattern: its error must come from rows, so they are counted
	{"SELECT count(*) FROM g.entities WHERE has_tag_like(tags, $1)", "'status:\\'"},
	{"SELECT count(*) FROM g.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE $1)", "'status:o%'"},
	{"SELECT id FROM g.entities WHERE EXISTS (SELECT 1 FROM unnest(tags) t WHERE t = $1)", "'urgent'"},
	{"SELECT tag_value(tags, $1) AS v, count(*) FROM g.entities GROUP BY 1 ORDER BY 1", "'status'"},
	{"SELECT tag_value(tags, $1), count(*) FROM g.entities WHERE has_tag_like(tags, $2) GROUP BY 1", "'status', 'type:t%'"},
	{"SELECT id FROM g.entities WHERE tags @> $1", "ARRAY['type:task', 'urgent']"},
	{"SELECT count(*) FROM g.entities WHERE tags && $1", "'{status:open,status:done}'"},
	{"SELECT id FROM g.entities WHERE $1 = ANY(tags) AND NOT has_tag_like(tags, $2)", "'urgent', 'arch%'"},
	{"SELECT id FROM g.entities WHERE id = ANY($1)", "ARRAY['e01', 'e02']"},
	{"SELECT id FROM g.entities WHERE id = $1", "'e01'"},
	{"SELECT id FROM g.entities WHERE created_at >= $1 AND created_at < $2", "'2024-01-05', '2024-01-10'"},
	{"SELECT id FROM g.entities WHERE tags @> $1 ORDER BY created_at DESC LIMIT $2", "'{type:task}', 3"},
}

func TestExplainGolden(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA g")
	var b strings.Builder
	for i := 0; i < 40; i++ {
		tags := []string{[]string{"'type:task'", "'type:note'"}[i%2], []string{"'status:open'", "'status:done'", "'status:blocked'"}[i%3]}
		if i%5 == 0 {
			tags = append(tags, "'urgent'")
		}
		if i%7 == 0 {
			tags = append(tags, "'archived'")
		}
		content := "NULL"
		if i%4 == 0 {
			content = "'x'"
		}
		fmt.Fprintf(&b, "INSERT INTO g.entities (id, tags, content, created_at) VALUES ('e%02d', ARRAY[%s], %s, timestamptz '2024-01-01 00:00:00+00' + interval '6 hours' * %d);\n",
			i, strings.Join(tags, ","), content, i)
	}
	ts.exec(b.String())
	var out strings.Builder
	for _, q := range explainCatalogue {
		out.WriteString("-- " + q + "\n")
		rows, err := ts.explain(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for _, r := range rows {
			out.WriteString(r + "\n")
		}
		out.WriteString("\n")
	}
	for i, c := range explainParamCatalogue {
		name := fmt.Sprintf("p%d", i)
		prep := "PREPARE " + name + " AS " + c.stmt
		ts.exec(prep)
		q := "EXPLAIN EXECUTE " + name + "(" + c.args + ")"
		out.WriteString("-- " + prep + "; " + q + "\n")
		for _, r := range ts.query(q) {
			out.WriteString(r[0] + "\n")
		}
		out.WriteString("\n")
	}
	path := filepath.Join("testdata", "explain.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if out.String() != string(want) {
		t.Errorf("EXPLAIN output differs from %s (run with -update after checking):\n%s", path, diffLines(string(want), out.String()))
	}
}

// explain runs EXPLAIN through the extended protocol (so $1 works).
func (ts *testSession) explain(q string) ([]string, error) {
	r, _, err := ts.extended("EXPLAIN "+q, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, row := range r.results[0].rows {
		out = append(out, row[0])
	}
	return out, nil
}

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			fmt.Fprintf(&out, "line %d:\n  want: %s\n  got:  %s\n", i+1, x, y)
		}
	}
	return out.String()
}
