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
		if rng.IntN(8) == 0 {
			tags = nil // an entity without tags: NULL probes are FALSE, not NULL, for it
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
	// every NULL probe, alone and negated (the random mix below may miss one)
	for _, p := range nullProbes("timestamptz '2024-01-01 00:00:00+00' + interval '1 minute' * 50000") {
		for _, w := range []string{p, "NOT (" + p + ")", "NOT (" + p + " AND 'urgent' = ANY(tags))", "NOT (" + p + " OR 'urgent' = ANY(tags))"} {
			check("SELECT count(*) FROM r.entities WHERE " + w)
			check("SELECT id FROM r.entities WHERE " + w + " ORDER BY id")
		}
	}
	// NULL parameters reach the template at run time
	for _, c := range []struct {
		sql    string
		params []any
	}{
		{"SELECT count(*) FROM r.entities WHERE NOT ($1 = ANY(tags))", []any{nil}},
		{"SELECT count(*) FROM r.entities WHERE NOT (tags && $1 OR tags @> $1)", []any{nil}},
		{"SELECT count(*) FROM r.entities WHERE NOT has_tag_like(tags, $1)", []any{nil}},
		{"SELECT count(*) FROM r.entities WHERE NOT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE $1)", []any{nil}},
		{"SELECT count(*) FROM r.entities WHERE NOT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t = $1)", []any{nil}},
		{"SELECT count(*) FROM r.entities WHERE NOT (created_at BETWEEN $1 AND $2)", []any{nil, "2024-02-01 00:00:00+00"}},
		{"SELECT count(*) FROM r.entities WHERE NOT (created_at BETWEEN $1 AND $2)", []any{"2024-02-01 00:00:00+00", nil}},
		{"SELECT count(*) FROM r.entities WHERE NOT (id = ANY($1))", []any{"{e001,NULL}"}},
	} {
		var got [2]string
		for i, ix := range []string{"on", "off"} {
			ts.exec("SET entitydb.use_index = " + ix)
			r, _, err := ts.extended(c.sql, nil, c.params, nil)
			if err != nil {
				t.Fatalf("%s %v: %v", c.sql, c.params, err)
			}
			got[i] = fmtRows(r.results[0].rows)
		}
		ts.exec("SET entitydb.use_index = on")
		if got[0] != got[1] {
			t.Fatalf("seed %d: %s %v\nindex:\n%s\nscan:\n%s", seed, c.sql, c.params, got[0], got[1])
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
		switch rng.IntN(15) {
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
			return nullProbe(rng)
		case 11:
			return fmt.Sprintf("id = ANY(ARRAY['e%03d', NULL])", rng.IntN(300))
		case 12:
			return fmt.Sprintf("created_at BETWEEN timestamptz '2024-01-01 00:00:00+00' + interval '1 minute' * %d AND timestamptz '2024-01-01 00:00:00+00' + interval '1 minute' * %d", rng.IntN(100000), rng.IntN(100000))
		case 13:
			return fmt.Sprintf("tags = ARRAY[%s]::text[]", quoteTags([]string{"status:open", "urgent"}[:rng.IntN(3)]))
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

// nullProbes are index-answerable forms with a NULL operand. Each is NULL,
// FALSE or a mix per row (NULL = ANY('{}') is FALSE, EXISTS is never NULL,
// a NULL range bound leaves the other bound's FALSE rows), which the index
// must keep apart for NOT to be right. ts is a created_at bound.
func nullProbes(ts string) []string {
	return []string{
		"tags @> NULL::text[]",
		"NULL = ANY(tags)",
		"NULL::text = ANY(tags)",
		"tags && NULL",
		"tags @> ARRAY[NULL]::text[]",
		"tags && ARRAY['urgent', NULL]",
		"has_tag_like(tags, NULL)",
		"EXISTS (SELECT 1 FROM unnest(tags) t WHERE t = NULL)",
		"EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE NULL)",
		"id IN ('e001', NULL)",
		"id = NULL",
		"created_at >= NULL",
		"created_at BETWEEN NULL AND " + ts,
		"created_at BETWEEN " + ts + " AND NULL",
		"(created_at > NULL AND created_at <= " + ts + ")",
	}
}

func nullProbe(rng *rand.Rand) string {
	ps := nullProbes(fmt.Sprintf("timestamptz '2024-01-01 00:00:00+00' + interval '1 minute' * %d", rng.IntN(100000)))
	return ps[rng.IntN(len(ps))]
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
