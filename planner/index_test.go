package planner

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestIndexPlansMatchScans checks index plans against the plain scan: the
// same random queries run with entitydb.use_index on and off must return
// the same rows, in and out of a writing transaction (whose pending rows
// overlay the snapshot).
func TestIndexPlansMatchScans(t *testing.T) {
	seed := uint64(rand.Int64())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA r")
	var b strings.Builder
	for i := 0; i < 300; i++ {
		var tags []string
		for _, k := range []string{"status", "type", "prio"} {
			if rng.IntN(4) > 0 {
				tags = append(tags, fmt.Sprintf("%s:%s", k, []string{"open", "done", "x", "y"}[rng.IntN(4)]))
			}
		}
		if rng.IntN(10) == 0 {
			tags = append(tags, "status:"+[]string{"open", "done"}[rng.IntN(2)]) // a second value
		}
		for _, f := range []string{"urgent", "archived", "stat"} {
			if rng.IntN(5) == 0 {
				tags = append(tags, f)
			}
		}
		content := "NULL"
		if rng.IntN(2) == 0 {
			content = fmt.Sprintf("'c%d'", i)
		}
		fmt.Fprintf(&b, "INSERT INTO r.entities (id, tags, content, created_at) VALUES ('e%03d', ARRAY[%s]::text[], %s, timestamptz '2024-01-01 00:00:00+00' + interval '1 minute' * %d);\n",
			i, quoteTags(tags), content, rng.IntN(100000))
	}
	ts.exec(b.String())

	check := func(q string) {
		t.Helper()
		ts.exec("SET entitydb.use_index = on")
		a := fmtRows(ts.query(q))
		ts.exec("SET entitydb.use_index = off")
		bb := fmtRows(ts.query(q))
		ts.exec("SET entitydb.use_index = on")
		if a != bb {
			t.Fatalf("seed %d: %s\nindex:\n%s\nscan:\n%s", seed, q, a, bb)
		}
	}
	for i := 0; i < 150; i++ {
		for _, q := range randomQueries(rng) {
			check(q)
		}
	}
	// inside a transaction with pending writes
	ts.exec("BEGIN")
	ts.exec("INSERT INTO r.entities (id, tags, created_at) VALUES ('p1', '{status:open,urgent}', '2024-02-01'), ('p2', '{type:x}', '2023-01-01')")
	ts.exec("UPDATE r.entities SET tags = array_append(tags, 'urgent') WHERE id IN ('e001', 'e002', 'e003')")
	ts.exec("DELETE FROM r.entities WHERE id IN ('e004', 'e005')")
	for i := 0; i < 60; i++ {
		for _, q := range randomQueries(rng) {
			check(q)
		}
	}
	ts.exec("ROLLBACK")
}

func quoteTags(tags []string) string {
	q := make([]string, len(tags))
	for i, t := range tags {
		q[i] = "'" + t + "'"
	}
	return strings.Join(q, ",")
}

func randomPredicate(rng *rand.Rand, depth int) string {
	tagv := func() string {
		return []string{"status:open", "status:done", "type:x", "type:y", "prio:open", "urgent", "archived", "nosuch", "stat"}[rng.IntN(9)]
	}
	if depth > 2 || rng.IntN(3) == 0 {
		switch rng.IntN(13) {
		case 0:
			return fmt.Sprintf("tags @> ARRAY['%s', '%s']", tagv(), tagv())
		case 1:
			return fmt.Sprintf("tags && ARRAY['%s', '%s']", tagv(), tagv())
		case 2:
			return fmt.Sprintf("'%s' = ANY(tags)", tagv())
		case 3:
			return fmt.Sprintf("has_tag_like(tags, '%s')", []string{"status:%", "sta%", "st_tus:o%", "%", "type:%", "urgent"}[rng.IntN(6)])
		case 4:
			return fmt.Sprintf("EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE '%s')", []string{"prio:%", "status:o%", "stat"}[rng.IntN(3)])
		case 5:
			return fmt.Sprintf("id IN ('e%03d', 'e%03d', 'p1')", rng.IntN(300), rng.IntN(300))
		case 6:
			return fmt.Sprintf("id = 'e%03d'", rng.IntN(300))
		case 7:
			return fmt.Sprintf("created_at >= timestamptz '2024-01-01 00:00:00+00' + interval '1 minute' * %d", rng.IntN(100000))
		case 8:
			return fmt.Sprintf("created_at < timestamptz '2024-01-01 00:00:00+00' + interval '1 minute' * %d", rng.IntN(100000))
		case 9:
			return "content IS NULL"
		case 10:
			return []string{"tags @> NULL::text[]", "NULL = ANY(tags)", "tags && NULL"}[rng.IntN(3)]
		case 11:
			return fmt.Sprintf("id = ANY(ARRAY['e%03d', NULL])", rng.IntN(300))
		default:
			return fmt.Sprintf("tags <@ ARRAY['%s', '%s', '%s']", tagv(), tagv(), tagv())
		}
	}
	switch rng.IntN(3) {
	case 0:
		return "NOT (" + randomPredicate(rng, depth+1) + ")"
	case 1:
		return "(" + randomPredicate(rng, depth+1) + " AND " + randomPredicate(rng, depth+1) + ")"
	}
	return "(" + randomPredicate(rng, depth+1) + " OR " + randomPredicate(rng, depth+1) + ")"
}

func randomQueries(rng *rand.Rand) []string {
	p := randomPredicate(rng, 0)
	k := 1 + rng.IntN(20)
	return []string{
		"SELECT count(*) FROM r.entities WHERE " + p,
		"SELECT id FROM r.entities WHERE " + p + " ORDER BY id",
		fmt.Sprintf("SELECT id FROM r.entities WHERE %s ORDER BY created_at DESC, id LIMIT %d", p, k),
		fmt.Sprintf("SELECT id, created_at FROM r.entities WHERE %s ORDER BY created_at, id DESC LIMIT %d OFFSET %d", p, k, rng.IntN(3)),
		fmt.Sprintf("SELECT id, created_at FROM r.entities WHERE %s ORDER BY id DESC LIMIT %d OFFSET %d", p, k, rng.IntN(5)),
		"SELECT tag_value(tags, 'status') AS s, count(*) FROM r.entities WHERE " + p + " GROUP BY 1 ORDER BY 1 NULLS FIRST",
		"SELECT tag_value(tags, 'type') AS s, count(*) FROM r.entities WHERE " + p + " GROUP BY 1 ORDER BY 1 NULLS FIRST",
	}
}
