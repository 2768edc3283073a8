package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/entitydb/entitydb/bench/workload"
	"github.com/jackc/pgx/v5"
)

// nsKind is a namespace a read runs in: the largest or the smallest of the
// main shape (or, for scaling, the largest and the median).
type nsKind struct {
	kind string
	ns   *workload.Namespace
}

func (e *env) readNamespaces() []nsKind {
	return []nsKind{{"large", e.w.Largest()}, {"small", e.w.Smallest()}}
}

func (e *env) queries() []*Query {
	var out []*Query
	for i := range Queries {
		if e.cfg.wantQuery(Queries[i].Name) {
			out = append(out, &Queries[i])
		}
	}
	return out
}

// readOp runs q in ns and reads every row.
func readOp(q *Query, l Layout, ns *workload.Namespace) op {
	var args0 []any
	if ns != nil {
		args0 = q.Args(ns, rand.New(rand.NewPCG(0, 0)))
	}
	sql := renderSQL(q.SQL, l, ns, len(args0))
	return func(ctx context.Context, c *pgx.Conn, _ int, r *rand.Rand) error {
		rows, err := c.Query(ctx, sql, withNamespace(q.Args(ns, r), l, ns)...)
		if err != nil {
			return err
		}
		for rows.Next() {
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("%s: %w", q.Name, err)
		}
		return nil
	}
}

// fetch runs a statement and renders its rows as text for comparison.
func fetch(ctx context.Context, c *pgx.Conn, sql string, args []any) ([]string, error) {
	rows, err := c.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString(" | ")
			}
			switch v := v.(type) {
			case time.Time:
				b.WriteString(v.UTC().Format(time.RFC3339Nano))
			case []byte:
				fmt.Fprintf(&b, "%q", v)
			default:
				fmt.Fprintf(&b, "%v", v)
			}
		}
		out = append(out, b.String())
	}
	return out, rows.Err()
}

// check runs every read once on every target in both modes before anything
// is timed, and compares: whole results for deterministic queries, row
// counts for the others. It returns the disagreements by "query/ns"; those
// reads are not timed, and the run reports them and fails.
func (e *env) check(ctx context.Context) map[string]string {
	bad := map[string]string{}
	ref := e.target(PgSchema)
	for _, q := range e.queries() {
		kinds := e.readNamespaces()
		if q.NoNamespace {
			kinds = []nsKind{{"", nil}}
		}
		for _, k := range kinds {
			key := q.Name + "/" + k.kind
			r := rand.New(rand.NewPCG(42, 0))
			argSets := [][]any{nil}
			if k.ns != nil {
				argSets = argSets[:0]
				for range 3 { // three sets for random arguments (point lookups: three ids)
					args := q.Args(k.ns, r)
					if len(argSets) > 0 && fmt.Sprint(args) == fmt.Sprint(argSets[0]) {
						break // fixed arguments: once is enough
					}
					argSets = append(argSets, args)
				}
			}
			for _, m := range modes {
				for _, args := range argSets {
					want, err := e.checkOne(ctx, ref, m.mode, q, k.ns, args)
					if err != nil {
						bad[key] = fmt.Sprintf("%s %s: %v", ref.name, m.name, err)
						continue
					}
					for _, t := range e.targets {
						if t == ref {
							continue
						}
						got, err := e.checkOne(ctx, t, m.mode, q, k.ns, args)
						if msg := compareRows(q, want, got, err); msg != "" && bad[key] == "" {
							bad[key] = fmt.Sprintf("%s (%s protocol, args %v): %s", t.name, m.name, args, msg)
						}
					}
				}
			}
			if bad[key] != "" {
				e.logf("MISMATCH %s: %s", key, bad[key])
				e.res.Mismatches = append(e.res.Mismatches, key+": "+bad[key])
			}
		}
	}
	return bad
}

func (e *env) checkOne(ctx context.Context, t *target, mode pgx.QueryExecMode, q *Query, ns *workload.Namespace, args []any) ([]string, error) {
	conns, err := t.connsFor(ctx, mode, 1)
	if err != nil {
		return nil, err
	}
	return fetch(ctx, conns[0], renderSQL(q.SQL, t.layout, ns, len(args)), withNamespace(args, t.layout, ns))
}

func compareRows(q *Query, want, got []string, err error) string {
	switch {
	case err != nil:
		return "error: " + err.Error()
	case len(want) != len(got):
		return fmt.Sprintf("%d rows, PostgreSQL returns %d", len(got), len(want))
	case !q.Deterministic:
		return ""
	}
	for i := range want {
		if want[i] != got[i] {
			return fmt.Sprintf("row %d is\n    %s\nPostgreSQL returns\n    %s", i+1, clip(got[i]), clip(want[i]))
		}
	}
	return ""
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// readGoal is the goal for a read row.
func readGoal(q *Query, kind string, clients int) Goal {
	switch {
	case q.NoNamespace || q.Goal == 0:
		return Goal{}
	case kind == "small":
		return Goal{Min: 100, Vs: PgGlobal, Family: "small namespace vs the global table, every read: ≥ 100×"}
	case q.Goal == 1.5 && clients > 1:
		return Goal{Min: 1, Vs: PgSchema, Family: "single tag LIMIT 100 and point lookup, large, 4 clients: ≥ 1×"}
	case q.Goal == 1.5:
		return Goal{Min: 1.5, Vs: PgSchema, Family: "single tag LIMIT 100 and point lookup, large, 1 client: ≥ 1.5×"}
	case q.Goal == 10:
		return Goal{Min: 10, Vs: PgSchema, Family: "2-tag AND, OR, prefix, newest 20 with LIMIT, large: ≥ 10×"}
	default:
		return Goal{Min: q.Goal, Vs: PgSchema, Family: "count(*) by tag (single, AND, OR, prefix) and counts per value, large: ≥ 100×"}
	}
}

// reads times every query in both namespaces, both modes and every client
// count, interleaving the targets.
func (e *env) reads(ctx context.Context, bad map[string]string) error {
	p := e.timing()
	for _, q := range e.queries() {
		kinds := e.readNamespaces()
		if q.NoNamespace {
			kinds = []nsKind{{"", nil}}
		}
		for _, k := range kinds {
			for _, m := range modes {
				for _, clients := range e.cfg.Clients {
					row := Row{Group: "read", Scenario: q.Name, Title: q.Title, Namespace: k.kind,
						Shape: len(e.w.Namespaces), Mode: m.name, Clients: clients, Goal: readGoal(q, k.kind, clients)}
					if k.ns != nil {
						row.NSName, row.NSSize = k.ns.Name, k.ns.Size
					}
					if msg := bad[q.Name+"/"+k.kind]; msg != "" {
						row.Skipped = "results differ: " + msg
						e.res.Rows = append(e.res.Rows, row)
						continue
					}
					if err := e.measureRead(ctx, &row, q, k.ns, m.mode, p); err != nil {
						return fmt.Errorf("%s/%s/%s/%d: %w", q.Name, k.kind, m.name, clients, err)
					}
					e.res.Rows = append(e.res.Rows, row)
					if t := e.target(Entitydb); t != nil && e.cfg.profiles(row.key()) {
						conns, err := t.connsFor(ctx, m.mode, clients)
						if err != nil {
							return err
						}
						e.profileScenario(ctx, row.key(), conns, readOp(q, t.layout, k.ns))
					}
				}
			}
		}
	}
	e.fillFloors()
	return nil
}

func (r Row) key() string {
	return fmt.Sprintf("%s/%s/%s/%d", r.Scenario, r.Namespace, r.Mode, r.Clients)
}

func (e *env) timing() timing {
	return timing{warmup: e.cfg.Warmup, warmupOps: e.cfg.WarmupOps, warmupLimit: e.cfg.WarmupLimit, window: e.cfg.Window, rounds: e.cfg.Rounds, seed: e.cfg.Seed}
}

func (e *env) measureRead(ctx context.Context, row *Row, q *Query, ns *workload.Namespace, mode pgx.QueryExecMode, p timing) error {
	conns := make([][]*pgx.Conn, len(e.targets))
	ops := make([]op, len(e.targets))
	for i, t := range e.targets {
		cs, err := t.connsFor(ctx, mode, row.Clients)
		if err != nil {
			return err
		}
		conns[i], ops[i] = cs, readOp(q, t.layout, ns)
	}
	samples, err := interleaved(ctx, conns, ops, p)
	if err != nil {
		return err
	}
	row.By = map[string]Stats{}
	var parts []string
	for i, t := range e.targets {
		st := samples[i].stats()
		row.By[t.name] = st
		parts = append(parts, fmt.Sprintf("%s %.0f/s p50 %.3fms", t.name, st.TPS, st.P50))
	}
	e.logf("%-34s %s", row.key(), strings.Join(parts, "  "))
	return nil
}

// fillFloors attaches each target's SELECT 1 p50 (same mode and clients)
// to the read rows.
func (e *env) fillFloors() {
	floors := map[string]map[string]float64{}
	for _, r := range e.res.Rows {
		if r.Group == "read" && r.Scenario == "select1" && r.By != nil {
			f := map[string]float64{}
			for t, s := range r.By {
				f[t] = s.P50
			}
			floors[fmt.Sprintf("%s/%d", r.Mode, r.Clients)] = f
		}
	}
	for i := range e.res.Rows {
		r := &e.res.Rows[i]
		if r.Group == "read" && r.Scenario != "select1" {
			r.Floor = floors[fmt.Sprintf("%s/%d", r.Mode, r.Clients)]
		}
	}
}

// scalingQueries are timed in every shape, prepared, one client, in the
// largest and the median namespace, on entitydb and the schema layout.
var scalingQueries = []string{"tag_limit", "count_tag", "point"}

func (e *env) scalingReads(ctx context.Context) error {
	p := e.timing()
	n := len(e.w.Namespaces)
	kinds := []nsKind{{"largest", e.w.Largest()}, {"median", e.w.Namespaces[n/2]}}
	var targets []*target
	for _, t := range e.targets {
		if t.layout == PerNamespace {
			targets = append(targets, t)
		}
	}
	for _, name := range scalingQueries {
		q := QueryByName(name)
		for _, k := range kinds {
			row := Row{Group: "scaling", Scenario: q.Name, Title: q.Title, Namespace: k.kind, NSName: k.ns.Name,
				NSSize: k.ns.Size, Shape: n, Mode: "prepared", Clients: 1}
			conns := make([][]*pgx.Conn, len(targets))
			ops := make([]op, len(targets))
			for i, t := range targets {
				cs, err := t.connsFor(ctx, pgx.QueryExecModeCacheStatement, 1)
				if err != nil {
					return err
				}
				conns[i], ops[i] = cs, readOp(q, t.layout, k.ns)
			}
			// The same check as the main reads, on this shape's data.
			if q.Deterministic && len(targets) > 1 {
				args := q.Args(k.ns, rand.New(rand.NewPCG(7, 7)))
				want, err := fetch(ctx, conns[len(conns)-1][0], renderSQL(q.SQL, PerNamespace, k.ns, len(args)), args)
				if err != nil {
					return err
				}
				got, err := fetch(ctx, conns[0][0], renderSQL(q.SQL, PerNamespace, k.ns, len(args)), args)
				if msg := compareRows(q, want, got, err); msg != "" {
					row.Skipped = "results differ: " + msg
					e.res.Mismatches = append(e.res.Mismatches, fmt.Sprintf("scaling %d/%s/%s: %s", n, q.Name, k.kind, msg))
					e.res.Rows = append(e.res.Rows, row)
					continue
				}
			}
			samples, err := interleaved(ctx, conns, ops, p)
			if err != nil {
				return err
			}
			row.By = map[string]Stats{}
			for i, t := range targets {
				row.By[t.name] = samples[i].stats()
			}
			e.logf("scaling %5d %-24s entitydb p50 %.3fms  pg p50 %.3fms", n, q.Name+"/"+k.kind, row.By[Entitydb].P50, row.By[PgSchema].P50)
			e.res.Rows = append(e.res.Rows, row)
		}
	}
	return nil
}
