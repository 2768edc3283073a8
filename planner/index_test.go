package planner

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/entitydb/entitydb/pgerr"
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
	// the same predicates with bound parameters: the index plan built from
	// the values must return what the literal form and the scan return
	checkParams := func(lit string, q string, args []any) {
		t.Helper()
		var got [2]string
		for i, ix := range []string{"on", "off"} {
			ts.exec("SET entitydb.use_index = " + ix)
			r, _, err := ts.extended(q, nil, args, nil)
			if err != nil {
				t.Fatalf("seed %d: %s %q: %v", seed, q, args, err)
			}
			got[i] = fmtRows(r.results[0].rows)
		}
		ts.exec("SET entitydb.use_index = on")
		want := fmtRows(ts.query(lit))
		if got[0] != got[1] || got[0] != want {
			t.Fatalf("seed %d: %s %q\nindex:\n%s\nscan:\n%s\nliteral:\n%s", seed, q, args, got[0], got[1], want)
		}
	}
	for i := 0; i < 100; i++ {
		s1 := rng.Uint64()
		lit := &predGen{rng: rand.New(rand.NewPCG(s1, 1))}
		par := &predGen{rng: rand.New(rand.NewPCG(s1, 1)), params: true}
		s2 := rng.Uint64()
		lq := queriesOver(lit.pred(0), rand.New(rand.NewPCG(s2, 2)))
		pq := queriesOver(par.pred(0), rand.New(rand.NewPCG(s2, 2)))
		for j := range lq {
			checkParams(lq[j], pq[j], par.args)
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

// predGen makes random predicates over r.entities. With params set, the
// operands of the index forms are bound parameters ($n, values collected
// in args) instead of literals; the same random choices give the same
// predicate either way.
type predGen struct {
	rng    *rand.Rand
	params bool
	args   []any
}

// val returns lit, or a new parameter with value v.
func (g *predGen) val(lit string, v any) string {
	if !g.params {
		return lit
	}
	g.args = append(g.args, v)
	return fmt.Sprintf("$%d", len(g.args))
}

// tagArray is an ARRAY literal of tags and the same array as a text[]
// parameter value.
func (g *predGen) tagArray(tags ...string) string {
	return g.val("ARRAY["+quoteTags(tags)+"]", "{"+strings.Join(tags, ",")+"}")
}

// stamp is a created_at bound minutes after 2024-01-01.
func (g *predGen) stamp(minutes int) string {
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(minutes) * time.Minute)
	return g.val(fmt.Sprintf("timestamptz '2024-01-01 00:00:00+00' + interval '1 minute' * %d", minutes), t.Format("2006-01-02 15:04:05-07"))
}

// likePatterns are LIKE patterns over the test tags: plain tags, prefixes,
// and patterns with inner wildcards (matched against the dictionary).
var likePatterns = []string{"status:%", "sta%", "st_tus:o%", "%", "type:%", "urgent", "%:open", "s%s:%", "%t_", "prio:%n", "nosuch%", "stat", "a\\%", "%:%e"}

func (g *predGen) pred(depth int) string {
	rng := g.rng
	tagv := func() string {
		return []string{"status:open", "status:done", "type:x", "type:y", "prio:open", "urgent", "archived", "nosuch", "stat"}[rng.IntN(9)]
	}
	if depth > 2 || rng.IntN(3) == 0 {
		switch rng.IntN(15) {
		case 0:
			return "tags @> " + g.tagArray(tagv(), tagv())
		case 1:
			return "tags && " + g.tagArray(tagv(), tagv())
		case 2:
			t := tagv()
			return g.val("'"+t+"'", t) + " = ANY(tags)"
		case 3:
			p := likePatterns[rng.IntN(len(likePatterns))]
			return "has_tag_like(tags, " + g.val("'"+p+"'", p) + ")"
		case 4:
			p := []string{"prio:%", "status:o%", "stat", "%:d%", "t_pe:_"}[rng.IntN(5)]
			return "EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE " + g.val("'"+p+"'", p) + ")"
		case 5:
			a, b := fmt.Sprintf("e%03d", rng.IntN(300)), fmt.Sprintf("e%03d", rng.IntN(300))
			return "id IN (" + g.val("'"+a+"'", a) + ", " + g.val("'"+b+"'", b) + ", 'p1')"
		case 6:
			a := fmt.Sprintf("e%03d", rng.IntN(300))
			return "id = " + g.val("'"+a+"'", a)
		case 7:
			return "created_at >= " + g.stamp(rng.IntN(100000))
		case 8:
			return "created_at < " + g.stamp(rng.IntN(100000))
		case 9:
			return "content IS NULL"
		case 10:
			return nullProbe(rng)
		case 11:
			a := fmt.Sprintf("e%03d", rng.IntN(300))
			return "id = ANY(" + g.val("ARRAY['"+a+"', NULL]", "{"+a+",NULL}") + ")"
		case 12:
			return "created_at BETWEEN " + g.stamp(rng.IntN(100000)) + " AND " + g.stamp(rng.IntN(100000))
		case 13:
			return fmt.Sprintf("tags = ARRAY[%s]::text[]", quoteTags([]string{"status:open", "urgent"}[:rng.IntN(3)]))
		default:
			return "tags <@ " + g.tagArray(tagv(), tagv(), tagv())
		}
	}
	switch rng.IntN(3) {
	case 0:
		return "NOT (" + g.pred(depth+1) + ")"
	case 1:
		return "(" + g.pred(depth+1) + " AND " + g.pred(depth+1) + ")"
	}
	return "(" + g.pred(depth+1) + " OR " + g.pred(depth+1) + ")"
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
	return queriesOver((&predGen{rng: rng}).pred(0), rng)
}

// queriesOver is the query shapes the index plans (count, plain and
// ordered scans with LIMIT and OFFSET, tag groups) over one predicate.
func queriesOver(p string, rng *rand.Rand) []string {
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

// TestLikePatternFallback covers the two cases where a LIKE pattern is not
// answered from the tag dictionary: more than maxLikeTags tags under its
// prefix (the prefix narrows, rows are rechecked, count(*) counts rows)
// and a pattern ending in a lone escape (the error comes from the rows,
// as without the index).
func TestLikePatternFallback(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA w")
	n := maxLikeTags/4000 + 1
	ts.exec(fmt.Sprintf("INSERT INTO w.entities (id, tags) SELECT 'e' || i, ARRAY(SELECT 'w:' || i || ':' || j FROM generate_series(1, 4000) j) FROM generate_series(1, %d) i", n))
	ts.exec("INSERT INTO w.entities (id, tags) VALUES ('x', '{w:x:7,other}'), ('y', '{other}')")
	want := fmt.Sprint(n + 1) // every entity has a tag ending in :7, 'x' one more
	for _, ix := range []string{"on", "off"} {
		ts.exec("SET entitydb.use_index = " + ix)
		r, _, err := ts.extended("SELECT count(*) FROM w.entities WHERE has_tag_like(tags, $1)", nil, []any{"w:%:7"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.results[0].rows[0][0]; got != want {
			t.Fatalf("use_index %s: count %s, want %s", ix, got, want)
		}
		_, _, err = ts.extended("SELECT count(*) FROM w.entities WHERE has_tag_like(tags, $1)", nil, []any{`w:\`}, nil)
		if code := pgerr.CodeOf(err); code != pgerr.InvalidEscapeSequence {
			t.Fatalf("use_index %s: lone escape: got %v, want 22025", ix, err)
		}
	}
	ts.exec("SET entitydb.use_index = on")
	ts.exec("PREPARE c AS SELECT count(*) FROM w.entities WHERE has_tag_like(tags, $1)")
	plan := fmtRows(ts.query("EXPLAIN EXECUTE c('w:%:7')"))
	if !strings.Contains(plan, "Aggregate") || !strings.Contains(plan, "Filter: has_tag_like(entities.tags, $1)") {
		t.Fatalf("a pattern with too many tags under its prefix should count rows:\n%s", plan)
	}
	plan = fmtRows(ts.query("EXPLAIN EXECUTE c('other')"))
	if !strings.Contains(plan, "Index Count") {
		t.Fatalf("a plain tag should be counted from postings:\n%s", plan)
	}
}
