package sqltests

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// gen produces the data, queries and writes of the randomized differential
// test. Everything it produces is a deterministic function of its seed, so a
// failing run reproduces with SQLTESTS_SEED.
type gen struct {
	rng        *rand.Rand
	namespaces []string
	nextID     int
	// ids holds ids that exist or existed per namespace (deleted ones are
	// kept: probing them is a good test).
	ids map[string][]string
	// t0 and span bound created_at.
	t0   time.Time
	span time.Duration
}

func newGen(seed uint64, namespaces []string) *gen {
	return &gen{
		rng:        rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		namespaces: namespaces,
		ids:        map[string][]string{},
		t0:         time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		span:       365 * 24 * time.Hour,
	}
}

// The tag vocabulary: keys with skewed value distributions, bare flags,
// and awkward tags (colons in values, case variants, quoting, empty).
var (
	randKeys = []struct {
		key    string
		values []string
		p      float64 // probability an entity has the key
	}{
		{"type", []string{"task", "task", "task", "bug", "note"}, 0.97},
		{"status", []string{"open", "open", "in_progress", "review", "done", "done", "done", "blocked"}, 0.9},
		{"priority", []string{"1", "2", "2", "3", "3", "3", "4", "5"}, 0.7},
		{"assignee", []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"}, 0.75},
		{"project", []string{"apollo", "hermes", "zeus", "athena"}, 0.85},
		{"region", []string{"eu", "us", "apac"}, 0.4},
		{"sprint", []string{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"}, 0.3},
	}
	randLabels = []string{"ui", "backend", "docs", "infra", "security", "perf"}
	randFlags  = []string{"urgent", "archived", "flagged", "starred"}
	// No empty tag: entitydb refuses it (tags-no-empty-strings in
	// docs/compatibility.md; insert.sql tests the refusal).
	randOdd = []string{"url:https://example.com/a:b", "note:hello, world", "Status:Open", "STATUS:open", "title:\"q\"", "path:C:\\x", "status:", "k:v:w", "label:café"}
)

func (g *gen) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

// tags returns a realistic tag list: key:value tags, labels, flags, now and
// then an odd tag or a duplicate.
func (g *gen) tags() []string {
	var tags []string
	for _, k := range randKeys {
		if g.rng.Float64() < k.p {
			tags = append(tags, k.key+":"+g.pick(k.values))
		}
	}
	for _, l := range randLabels {
		if g.rng.Float64() < 0.15 {
			tags = append(tags, "label:"+l)
		}
	}
	for _, f := range randFlags {
		if g.rng.Float64() < 0.08 {
			tags = append(tags, f)
		}
	}
	if g.rng.Float64() < 0.05 {
		tags = append(tags, g.pick(randOdd))
	}
	if len(tags) > 0 && g.rng.Float64() < 0.05 {
		tags = append(tags, tags[g.rng.IntN(len(tags))]) // duplicate
	}
	g.rng.Shuffle(len(tags), func(i, j int) { tags[i], tags[j] = tags[j], tags[i] })
	if g.rng.Float64() < 0.01 {
		tags = nil
	}
	return tags
}

// someTag returns a tag a query can probe: mostly existing vocabulary,
// sometimes odd or unknown.
func (g *gen) someTag() string {
	switch r := g.rng.Float64(); {
	case r < 0.75:
		k := randKeys[g.rng.IntN(len(randKeys))]
		return k.key + ":" + g.pick(k.values)
	case r < 0.85:
		return "label:" + g.pick(randLabels)
	case r < 0.92:
		return g.pick(randFlags)
	case r < 0.97:
		return g.pick(randOdd)
	}
	return fmt.Sprintf("unknown:%d", g.rng.IntN(5))
}

func (g *gen) newID(ns string) string {
	g.nextID++
	var id string
	if g.rng.Float64() < 0.9 {
		sum := md5.Sum([]byte(fmt.Sprintf("%s-%d", ns, g.nextID)))
		id = hex.EncodeToString(sum[:])
	} else {
		id = fmt.Sprintf("%s-item-%04d", ns, g.nextID)
	}
	g.ids[ns] = append(g.ids[ns], id)
	return id
}

// createdAt spreads timestamps over a year, with a few exact ties.
func (g *gen) createdAt() time.Time {
	if g.rng.Float64() < 0.05 {
		return g.t0.Add(time.Duration(g.rng.IntN(20)) * 24 * time.Hour) // ties on midnights
	}
	d := time.Duration(g.rng.Int64N(int64(g.span)))
	if g.rng.Float64() < 0.5 {
		d = d.Truncate(time.Second)
	} else {
		d = d.Truncate(time.Microsecond)
	}
	return g.t0.Add(d)
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func sqlArray(tags []string) string {
	if len(tags) == 0 {
		return "ARRAY[]::text[]"
	}
	parts := make([]string, len(tags))
	for i, t := range tags {
		parts[i] = sqlString(t)
	}
	return "ARRAY[" + strings.Join(parts, ", ") + "]"
}

func sqlTime(t time.Time) string {
	return sqlString(t.UTC().Format("2006-01-02 15:04:05.999999") + "+00")
}

// insert returns one INSERT statement of n new entities.
func (g *gen) insert(ns string, n int) string {
	rows := make([]string, n)
	for i := range rows {
		id := g.newID(ns)
		c := g.createdAt()
		content := "NULL"
		if g.rng.Float64() < 0.7 {
			content = sqlString(fmt.Sprintf(`{"n": %d}`, g.rng.IntN(1000)))
		}
		rows[i] = fmt.Sprintf("(%s, %s, %s, %s, %s)", sqlString(id), sqlArray(g.tags()), content, sqlTime(c), sqlTime(c))
	}
	return fmt.Sprintf("INSERT INTO %s.entities (id, tags, content, created_at, updated_at) VALUES\n  %s",
		ns, strings.Join(rows, ",\n  "))
}

// pred returns a random WHERE predicate of at most the given depth.
func (g *gen) pred(ns string, depth int) string {
	if depth > 0 && g.rng.Float64() < 0.45 {
		switch g.rng.IntN(5) {
		case 0, 1:
			return "(" + g.pred(ns, depth-1) + " AND " + g.pred(ns, depth-1) + ")"
		case 2, 3:
			return "(" + g.pred(ns, depth-1) + " OR " + g.pred(ns, depth-1) + ")"
		default:
			return "NOT " + g.pred(ns, depth-1)
		}
	}
	return g.leaf(ns)
}

func (g *gen) tagList(max int) []string {
	n := 1 + g.rng.IntN(max)
	out := make([]string, n)
	for i := range out {
		out[i] = g.someTag()
	}
	return out
}

func (g *gen) prefix() string {
	k := randKeys[g.rng.IntN(len(randKeys))]
	switch g.rng.IntN(4) {
	case 0:
		v := g.pick(k.values)
		return k.key + ":" + v[:1+g.rng.IntN(len(v))] + "%"
	case 1:
		return "label:%"
	case 2:
		return strings.ToUpper(k.key[:1]) + k.key[1:] + ":%" // matches the odd case variants only
	}
	return k.key + ":%"
}

func (g *gen) someIDs(ns string) []string {
	n := 1 + g.rng.IntN(6)
	out := make([]string, n)
	for i := range out {
		if ids := g.ids[ns]; len(ids) > 0 && g.rng.Float64() < 0.85 {
			out[i] = ids[g.rng.IntN(len(ids))]
		} else {
			out[i] = fmt.Sprintf("missing-%d", g.rng.IntN(100))
		}
	}
	return out
}

func (g *gen) leaf(ns string) string {
	switch r := g.rng.IntN(100); {
	case r < 25:
		return "tags @> " + sqlArray(g.tagList(3))
	case r < 38:
		return "tags && " + sqlArray(g.tagList(4))
	case r < 50:
		return sqlString(g.someTag()) + " = ANY(tags)"
	case r < 57:
		return "has_tag_like(tags, " + sqlString(g.prefix()) + ")"
	case r < 64:
		return "EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE " + sqlString(g.prefix()) + ")"
	case r < 69:
		return "id = " + sqlString(g.someIDs(ns)[0])
	case r < 75:
		ids := g.someIDs(ns)
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = sqlString(id)
		}
		if g.rng.IntN(3) == 0 {
			return "id = ANY(ARRAY[" + strings.Join(parts, ", ") + "])"
		}
		return "id IN (" + strings.Join(parts, ", ") + ")"
	case r < 85:
		a := g.createdAt()
		switch g.rng.IntN(5) {
		case 4:
			// A date without time or zone: midnight UTC (TimeZone is UTC).
			return "created_at " + g.pick([]string{">=", "<", ">", "<="}) + " " + sqlString(a.Format("2006-01-02"))
		case 0:
			return "created_at >= " + sqlTime(a)
		case 1:
			return "created_at < " + sqlTime(a)
		case 2:
			b := a.Add(time.Duration(g.rng.Int64N(int64(60 * 24 * time.Hour))))
			return "created_at BETWEEN " + sqlTime(a) + " AND " + sqlTime(b)
		}
		b := a.Add(time.Duration(g.rng.Int64N(int64(30 * 24 * time.Hour))))
		return "(created_at > " + sqlTime(a) + " AND created_at <= " + sqlTime(b) + ")"
	case r < 90:
		return "tags <@ " + sqlArray(g.tagList(6))
	case r < 94:
		return "tag_value(tags, " + sqlString(randKeys[g.rng.IntN(len(randKeys))].key) + ") = " + sqlString(g.pick(randKeys[g.rng.IntN(len(randKeys))].values))
	case r < 96:
		return sqlString(g.someTag()) + " <> ALL(tags)"
	case r < 98:
		return "cardinality(tags) " + g.pick([]string{"=", "<", ">"}) + fmt.Sprintf(" %d", g.rng.IntN(8))
	}
	// NULLs and empty arrays: three-valued logic around the index.
	return g.pick([]string{
		"NULL::text = ANY(tags)",
		"tags @> ARRAY[NULL]::text[]",
		"tags && ARRAY[NULL, " + sqlString(g.someTag()) + "]",
		"tags @> '{}'",
		"tags && '{}'",
		"tags <@ '{}'",
	})
}

// query returns a random read of one namespace.
func (g *gen) query() string {
	ns := g.pick(g.namespaces)
	from := ns + ".entities"
	if g.rng.IntN(10) > 0 { // now and then the whole namespace
		from += " WHERE " + g.pred(ns, 3)
	}
	switch r := g.rng.IntN(100); {
	case r < 30:
		return "SELECT count(*) FROM " + from
	case r < 50:
		return "SELECT id FROM " + from + " ORDER BY id"
	case r < 70:
		dir := g.pick([]string{"", " DESC"})
		return fmt.Sprintf("SELECT id, created_at FROM %s ORDER BY created_at%s, id%s LIMIT %d", from, dir, dir, 1+g.rng.IntN(20))
	case r < 80:
		dir := g.pick([]string{"", " DESC"})
		return fmt.Sprintf("SELECT id FROM %s ORDER BY id%s LIMIT %d OFFSET %d", from, dir, 1+g.rng.IntN(10), g.rng.IntN(10))
	case r < 92:
		key := randKeys[g.rng.IntN(len(randKeys))].key
		return fmt.Sprintf("SELECT tag_value(tags, %s) AS v, count(*) FROM %s GROUP BY 1 ORDER BY 1 NULLS FIRST", sqlString(key), from)
	}
	return "SELECT id, tags, content FROM " + from + " ORDER BY id LIMIT 50"
}

// write returns a random mutation of namespace ns.
func (g *gen) write(ns string) string {
	switch r := g.rng.IntN(100); {
	case r < 35:
		return g.insert(ns, 1+g.rng.IntN(5))
	case r < 50:
		return fmt.Sprintf("UPDATE %s.entities SET tags = array_append(tags, %s) WHERE %s", ns, sqlString(g.someTag()), g.pred(ns, 1))
	case r < 62:
		return fmt.Sprintf("UPDATE %s.entities SET tags = array_remove(tags, %s) WHERE %s", ns, sqlString(g.someTag()), g.pred(ns, 1))
	case r < 70:
		return fmt.Sprintf("UPDATE %s.entities SET tags = %s WHERE id = %s", ns, sqlArray(g.tags()), sqlString(g.someIDs(ns)[0]))
	case r < 76:
		return fmt.Sprintf("UPDATE %s.entities SET tags = array_replace(tags, %s, %s) WHERE %s", ns, sqlString(g.someTag()), sqlString(g.someTag()), g.pred(ns, 1))
	case r < 80:
		return fmt.Sprintf("UPDATE %s.entities SET created_at = %s WHERE id = %s", ns, sqlTime(g.createdAt()), sqlString(g.someIDs(ns)[0]))
	case r < 92:
		return fmt.Sprintf("DELETE FROM %s.entities WHERE id = %s", ns, sqlString(g.someIDs(ns)[0]))
	case r < 97:
		// Selective, so that deletes do not empty the namespace.
		return fmt.Sprintf("DELETE FROM %s.entities WHERE tags @> %s", ns, sqlArray([]string{g.someTag(), g.someTag()}))
	}
	id := g.someIDs(ns)[0]
	return fmt.Sprintf("INSERT INTO %s.entities (id, tags, created_at, updated_at) VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET tags = EXCLUDED.tags",
		ns, sqlString(id), sqlArray(g.tags()), sqlTime(g.createdAt()), sqlTime(g.t0))
}
