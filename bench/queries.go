package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/entitydb/entitydb/bench/workload"
)

// Layout is how a target stores the namespaces.
type Layout int

const (
	// PerNamespace is a schema per namespace with the table ns.entities:
	// entitydb's model, and what PostgreSQL users would pick.
	PerNamespace Layout = iota
	// GlobalTable is one PostgreSQL table flat.entities with a namespace
	// column, loaded in created_at order so namespaces interleave on disk.
	GlobalTable
)

func (l Layout) String() string {
	if l == GlobalTable {
		return "global table"
	}
	return "schema per namespace"
}

// globalTable is the single table of the GlobalTable layout.
const globalTable = "flat.entities"

// Query is one read of the benchmark. SQL is a template:
//
//	{t}     the table: ns_000.entities, or flat.entities
//	{and}   "" or "namespace = $N AND " (N = number of Args + 1)
//	{where} "" or " WHERE namespace = $N"
//
// so every layout runs the same statement, with the namespace as a bound
// parameter in the global table (as an application would send it).
type Query struct {
	Name  string // short name, used in tables and flags
	Title string // what it is, for people
	SQL   string
	// Args returns the parameters for one execution in ns.
	Args func(ns *workload.Namespace, r *rand.Rand) []any
	// Deterministic queries return the same rows in the same order on every
	// system, so the check compares whole results; the others (LIMIT
	// without ORDER BY) compare row counts.
	Deterministic bool
	// Goal is the speed-up the issue asks for in the large namespace.
	Goal float64
	// NoNamespace marks SELECT 1: run once, not per namespace.
	NoNamespace bool
}

func fixed(args ...any) func(*workload.Namespace, *rand.Rand) []any {
	return func(*workload.Namespace, *rand.Rand) []any { return args }
}

// Tags of the read queries, with their share of entities in the workload.
const (
	tagSingle = "status:open" // 30%
	tagAndA   = "type:bug"    // 20% …
	tagAndB   = "priority:high"
	tagOrA    = "status:blocked" // 5% + 10%
	tagOrB    = "status:review"
	tagNewest = "type:bug"
)

// Queries are the reads, in report order.
var Queries = []Query{
	{Name: "select1", Title: "SELECT 1 (round-trip floor)", SQL: "SELECT 1", Args: fixed(), Deterministic: true, NoNamespace: true},
	{Name: "tag_limit", Title: "single tag, LIMIT 100",
		SQL:  "SELECT id, tags, content, created_at FROM {t} WHERE {and}tags @> ARRAY[$1] LIMIT 100",
		Args: fixed(tagSingle), Goal: 1.5},
	{Name: "and_limit", Title: "2-tag AND, LIMIT 100",
		SQL:  "SELECT id, tags, content, created_at FROM {t} WHERE {and}tags @> ARRAY[$1, $2] LIMIT 100",
		Args: fixed(tagAndA, tagAndB), Goal: 10},
	{Name: "or_limit", Title: "2-tag OR, LIMIT 100",
		SQL:  "SELECT id, tags, content, created_at FROM {t} WHERE {and}tags && ARRAY[$1, $2] LIMIT 100",
		Args: fixed(tagOrA, tagOrB), Goal: 10},
	{Name: "prefix_limit", Title: "tag prefix, LIMIT 100",
		SQL:  "SELECT id, tags, content, created_at FROM {t} WHERE {and}has_tag_like(tags, $1) LIMIT 100",
		Args: fixed(workload.AreaPrefix), Goal: 10},
	{Name: "newest20", Title: "newest 20 with a tag",
		SQL:  "SELECT id, tags, content, created_at FROM {t} WHERE {and}tags @> ARRAY[$1] ORDER BY created_at DESC LIMIT 20",
		Args: fixed(tagNewest), Deterministic: true, Goal: 10},
	{Name: "count_tag", Title: "count(*) single tag",
		SQL:  "SELECT count(*) FROM {t} WHERE {and}tags @> ARRAY[$1]",
		Args: fixed(tagSingle), Deterministic: true, Goal: 100},
	{Name: "count_and", Title: "count(*) 2-tag AND",
		SQL:  "SELECT count(*) FROM {t} WHERE {and}tags @> ARRAY[$1, $2]",
		Args: fixed(tagAndA, tagAndB), Deterministic: true, Goal: 100},
	{Name: "count_or", Title: "count(*) 2-tag OR",
		SQL:  "SELECT count(*) FROM {t} WHERE {and}tags && ARRAY[$1, $2]",
		Args: fixed(tagOrA, tagOrB), Deterministic: true, Goal: 100},
	{Name: "count_prefix", Title: "count(*) tag prefix",
		SQL:  "SELECT count(*) FROM {t} WHERE {and}has_tag_like(tags, $1)",
		Args: fixed(workload.AreaPrefix), Deterministic: true, Goal: 100},
	{Name: "group_status", Title: "counts per status: value",
		SQL:  "SELECT tag_value(tags, $1) AS status, count(*) FROM {t}{where} GROUP BY 1 ORDER BY 1",
		Args: fixed("status"), Deterministic: true, Goal: 100},
	{Name: "point", Title: "point lookup by id",
		SQL: "SELECT id, tags, content, created_at FROM {t} WHERE {and}id = $1",
		Args: func(ns *workload.Namespace, r *rand.Rand) []any {
			return []any{workload.ID(r.IntN(ns.Size))}
		}, Deterministic: true, Goal: 1.5},
}

// QueryByName returns the named query, or nil.
func QueryByName(name string) *Query {
	for i := range Queries {
		if Queries[i].Name == name {
			return &Queries[i]
		}
	}
	return nil
}

// render returns q's statement for a layout and namespace, and the
// arguments to bind (the namespace appended for the global table).
func (q *Query) render(l Layout, ns *workload.Namespace, r *rand.Rand) (string, []any) {
	args := q.Args(ns, r)
	return renderSQL(q.SQL, l, ns, len(args)), withNamespace(args, l, ns)
}

func renderSQL(tmpl string, l Layout, ns *workload.Namespace, nargs int) string {
	if ns == nil {
		return tmpl
	}
	if l == GlobalTable {
		p := fmt.Sprintf("$%d", nargs+1)
		return strings.NewReplacer("{t}", globalTable, "{and}", "namespace = "+p+" AND ", "{where}", " WHERE namespace = "+p).Replace(tmpl)
	}
	return strings.NewReplacer("{t}", ns.Name+".entities", "{and}", "", "{where}", "").Replace(tmpl)
}

func withNamespace(args []any, l Layout, ns *workload.Namespace) []any {
	if l == GlobalTable && ns != nil {
		return append(append([]any(nil), args...), ns.Name)
	}
	return args
}
