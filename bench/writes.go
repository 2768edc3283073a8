package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/entitydb/entitydb/bench/workload"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// writeNamespaces are the namespaces writes go to: ranks 2…9, never the
// namespaces the reads use, so reads measure the loaded data.
func (e *env) writeNamespaces() []*workload.Namespace {
	return e.w.Namespaces[2:10]
}

// insertSQL and updateSQL are the durable single-entity writes, one
// statement each in autocommit.
func insertSQL(l Layout, ns *workload.Namespace) string {
	if l == GlobalTable {
		return "INSERT INTO flat.entities (namespace, id, tags, content) VALUES ($4, $1, $2, $3)"
	}
	return "INSERT INTO " + ns.Name + ".entities (id, tags, content) VALUES ($1, $2, $3)"
}

func updateSQL(l Layout, ns *workload.Namespace) string {
	if l == GlobalTable {
		return "UPDATE flat.entities SET tags = $2, updated_at = now() WHERE namespace = $3 AND id = $1"
	}
	return "UPDATE " + ns.Name + ".entities SET tags = $2, updated_at = now() WHERE id = $1"
}

// inserted counts the rows each target inserted per namespace, so the
// writes can be checked afterwards.
type inserted struct {
	mu sync.Mutex
	n  map[string]*atomic.Int64 // target/namespace → rows
}

func (in *inserted) counter(target, ns string) *atomic.Int64 {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.n == nil {
		in.n = map[string]*atomic.Int64{}
	}
	k := target + "/" + ns
	if in.n[k] == nil {
		in.n[k] = new(atomic.Int64)
	}
	return in.n[k]
}

// writeOp inserts a fresh entity, or replaces the status: tag of a random
// existing one, in the worker's namespace (all workers share nss[0] unless
// spread).
//
// An update that fails with a serialization failure (40001, two clients
// updating the same entity at once) is retried, as an application must,
// and counted in retries (warm-up included); the retries are part of the
// operation's time.
// PostgreSQL at READ COMMITTED waits for the row lock instead and never
// fails here.
func (e *env) writeOp(t *target, update, spread bool, ins *inserted, retries *atomic.Int64) op {
	nss := e.writeNamespaces()
	return func(ctx context.Context, c *pgx.Conn, worker int, r *rand.Rand) error {
		ns := nss[0]
		if spread {
			ns = nss[worker%len(nss)]
		}
		if update {
			ent := e.w.Entity(ns, r.IntN(ns.Size))
			tags := workload.WithTag(ent.Tags, "status", workload.Statuses[r.IntN(len(workload.Statuses))][len("status:"):])
			args := withNamespace([]any{ent.ID, tags}, t.layout, ns)
			tag, err := c.Exec(ctx, updateSQL(t.layout, ns), args...)
			for try := 1; isSerializationFailure(err) && try < maxRetries; try++ {
				retries.Add(1)
				tag, err = c.Exec(ctx, updateSQL(t.layout, ns), args...)
			}
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 1 {
				return fmt.Errorf("update %s/%s: %d rows affected, want 1", ns.Name, ent.ID, tag.RowsAffected())
			}
			return nil
		}
		cnt := ins.counter(t.name, ns.Name)
		ent := e.w.Entity(ns, ns.Size+int(cnt.Add(1))-1)
		args := withNamespace([]any{ent.ID, ent.Tags, ent.Content}, t.layout, ns)
		tag, err := c.Exec(ctx, insertSQL(t.layout, ns), args...)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return fmt.Errorf("insert %s/%s: %d rows affected, want 1", ns.Name, ent.ID, tag.RowsAffected())
		}
		return nil
	}
}

// maxRetries bounds the attempts of one update.
const maxRetries = 100

func isSerializationFailure(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "40001"
}

// writes times durable inserts and tag updates at 1 client, at
// WriteClients clients on one namespace, and at WriteClients clients on as
// many namespaces; then checks that every target holds exactly the rows it
// was sent.
func (e *env) writes(ctx context.Context) error {
	p := e.timing()
	p.window = max(p.window, e.cfg.WriteWindow)
	n := e.cfg.WriteClients
	ins := &inserted{}
	for _, kind := range []string{"insert", "update"} {
		for _, s := range []struct {
			clients int
			spread  bool
			label   string
			goal    float64
		}{{1, false, "1 client", 1}, {n, false, fmt.Sprintf("%d clients, 1 namespace", n), 0}, {n, true, fmt.Sprintf("%d clients, %d namespaces", n, n), 2}} {
			row := Row{Group: "write", Scenario: kind, Title: "durable " + kind + ", " + s.label, Shape: len(e.w.Namespaces),
				Namespace: "1ns", NSName: e.writeNamespaces()[0].Name, NSSize: e.writeNamespaces()[0].Size,
				Mode: "prepared", Clients: s.clients}
			if s.spread {
				row.Namespace = fmt.Sprintf("%dns", n)
			}
			switch {
			case s.goal == 1:
				row.Goal = Goal{Min: 1, Vs: PgSchema, Family: "durable insert and update, 1 client: ≥ 1×"}
			case s.goal == 2:
				row.Goal = Goal{Min: 2, Vs: PgSchema, Family: fmt.Sprintf("durable insert and update, %d clients on %d namespaces: ≥ 2×", n, n)}
			}
			conns := make([][]*pgx.Conn, len(e.targets))
			ops := make([]op, len(e.targets))
			retries := make([]atomic.Int64, len(e.targets))
			for i, t := range e.targets {
				cs, err := t.connsFor(ctx, pgx.QueryExecModeCacheStatement, s.clients)
				if err != nil {
					return err
				}
				conns[i], ops[i] = cs, e.writeOp(t, kind == "update", s.spread, ins, &retries[i])
			}
			samples, err := interleaved(ctx, conns, ops, p)
			if err != nil {
				return fmt.Errorf("%s: %w", row.Title, err)
			}
			row.By = map[string]Stats{}
			var parts []string
			for i, t := range e.targets {
				st := samples[i].stats()
				st.Retries = int(retries[i].Load())
				row.By[t.name] = st
				parts = append(parts, fmt.Sprintf("%s %.0f/s p50 %.2fms", t.name, st.TPS, st.P50))
				if st.Retries > 0 {
					parts[len(parts)-1] += fmt.Sprintf(" (%d retries after 40001)", st.Retries)
				}
			}
			e.logf("%-34s %s", row.Title, strings.Join(parts, "  "))
			e.res.Rows = append(e.res.Rows, row)
			if e.targets[0].name == Entitydb {
				e.profileScenario(ctx, row.key(), conns[0], ops[0])
			}
		}
	}
	return e.checkInserted(ctx, ins)
}

func (e *env) checkInserted(ctx context.Context, ins *inserted) error {
	for _, t := range e.targets {
		conns, err := t.connsFor(ctx, pgx.QueryExecModeSimpleProtocol, 1)
		if err != nil {
			return err
		}
		for _, ns := range e.writeNamespaces() {
			want := int64(ns.Size) + ins.counter(t.name, ns.Name).Load()
			var got int64
			sql, args := renderSQL("SELECT count(*) FROM {t}{where}", t.layout, ns, 0), withNamespace(nil, t.layout, ns)
			if err := conns[0].QueryRow(ctx, sql, args...).Scan(&got); err != nil {
				return fmt.Errorf("%s: count %s: %w", t.name, ns.Name, err)
			}
			if got != want {
				msg := fmt.Sprintf("writes %s/%s: %d rows after the writes, want %d", t.name, ns.Name, got, want)
				e.logf("MISMATCH %s", msg)
				e.res.Mismatches = append(e.res.Mismatches, msg)
			}
		}
	}
	return nil
}

// copyRate times COPY of CopyRows fresh entities into a new namespace (the
// namespace is created untimed first), CopyRounds times per target,
// interleaved.
func (e *env) copyRate(ctx context.Context) error {
	src := e.w.Largest()
	rows := min(e.cfg.CopyRows, src.Size)
	durs := make([][]time.Duration, len(e.targets))
	for round := 0; round < e.cfg.CopyRounds; round++ {
		for k := range e.targets {
			i := (k + round) % len(e.targets)
			t := e.targets[i]
			conns, err := t.connsFor(ctx, pgx.QueryExecModeCacheStatement, 1)
			if err != nil {
				return err
			}
			c := conns[0]
			name := fmt.Sprintf("copy_%d", round)
			table := pgx.Identifier{name, "entities"}
			cols := entityColumns
			global := t.layout == GlobalTable
			if global {
				table, cols = pgx.Identifier{"flat", "entities"}, append([]string{"namespace"}, entityColumns...)
			} else if err := createSchema(ctx, c, name, t.name != Entitydb); err != nil {
				return err
			}
			s := newEntitySource(e.w, oneNamespace(src, 0, rows), global)
			if global {
				s = newRenamedSource(s, name)
			}
			t0 := time.Now()
			n, err := c.CopyFrom(ctx, table, cols, s)
			d := time.Since(t0)
			if err != nil {
				return fmt.Errorf("%s: copy: %w", t.name, err)
			}
			if n != int64(rows) {
				return fmt.Errorf("%s: copy: %d rows, want %d", t.name, n, rows)
			}
			durs[i] = append(durs[i], d)
		}
	}
	row := Row{Group: "copy", Scenario: "copy", Title: fmt.Sprintf("COPY %d rows into a new namespace", rows),
		Namespace: "new", Shape: len(e.w.Namespaces), Mode: "copy", Clients: 1, By: map[string]Stats{},
		Goal: Goal{Min: 2, Vs: PgSchema, Family: "COPY bulk load: ≥ 2×"}}
	var parts []string
	for i, t := range e.targets {
		s := sample{lat: durs[i]}
		for _, d := range durs[i] {
			s.elapsed += d
		}
		st := s.stats()
		st.Ops = rows * len(durs[i])
		st.TPS = float64(st.Ops) / st.Seconds
		row.By[t.name] = st
		parts = append(parts, fmt.Sprintf("%s %.0f rows/s", t.name, st.TPS))
	}
	e.logf("%-34s %s", row.Title, strings.Join(parts, "  "))
	e.res.Rows = append(e.res.Rows, row)
	return nil
}

// newRenamedSource makes an entity source put name in the namespace column.
func newRenamedSource(s *entitySource, name string) *entitySource {
	s.rename = name
	return s
}
