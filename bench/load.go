package bench

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/entitydb/entitydb/bench/workload"
	"github.com/jackc/pgx/v5"
)

// The pinned relation (identical on both systems), and the helper
// functions entitydb has built in and PostgreSQL gets in public.
const (
	entitiesDDL = `CREATE TABLE %[1]s.entities (id text PRIMARY KEY DEFAULT replace(gen_random_uuid()::text, '-', ''),
  tags text[] NOT NULL, content bytea, created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX entities_tags_idx ON %[1]s.entities USING gin (tags)`
	globalDDL = `CREATE SCHEMA flat;
CREATE TABLE flat.entities (namespace text NOT NULL, id text NOT NULL, tags text[] NOT NULL, content bytea,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (namespace, id));
CREATE INDEX entities_tags_idx ON flat.entities USING gin (tags)`
	helperFunctions = `CREATE FUNCTION public.has_tag_like(tags text[], pattern text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE pattern) $$;
CREATE FUNCTION public.tag_value(tags text[], key text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT substr(t, length(key) + 2) FROM unnest(tags) WITH ORDINALITY u(t, n) WHERE left(t, length(key) + 1) = key || ':' ORDER BY n LIMIT 1 $$`
)

var entityColumns = []string{"id", "tags", "content", "created_at", "updated_at"}

// LoadStats are the timings of one bulk load.
type LoadStats struct {
	Target      string  `json:"target"`
	Namespaces  int     `json:"namespaces"`
	Rows        int64   `json:"rows"`
	Bytes       int64   `json:"bytes"` // id + tags + content as sent, without framing
	DDLSeconds  float64 `json:"ddl_seconds"`
	CopySeconds float64 `json:"copy_seconds"`
	// AnalyzeSeconds is PostgreSQL's ANALYZE after the load (entitydb keeps
	// its statistics as it goes).
	AnalyzeSeconds float64 `json:"analyze_seconds"`
}

// RowsPerSec is the COPY rate.
func (l LoadStats) RowsPerSec() float64 { return float64(l.Rows) / l.CopySeconds }

// MBPerSec is the COPY payload rate.
func (l LoadStats) MBPerSec() float64 { return float64(l.Bytes) / 1e6 / l.CopySeconds }

// createSchema creates namespace ns: CREATE SCHEMA on entitydb (which makes
// ns.entities), the pinned DDL on PostgreSQL.
func createSchema(ctx context.Context, c *pgx.Conn, name string, postgres bool) error {
	if _, err := c.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		return fmt.Errorf("create schema %s: %w", name, err)
	}
	if postgres {
		if _, err := c.Exec(ctx, fmt.Sprintf(entitiesDDL, name)); err != nil {
			return fmt.Errorf("create %s.entities: %w", name, err)
		}
	}
	return nil
}

// entitySource feeds COPY from a sequence of (namespace, index) pairs;
// withNamespace prepends the namespace column (the global table).
type entitySource struct {
	w             *workload.Workload
	next          func() (*workload.Namespace, int, bool)
	stop          func()
	withNamespace bool
	rename        string // namespace column value instead of the source's name
	e             workload.Entity
	row           []any
	rows, bytes   int64
}

func newEntitySource(w *workload.Workload, seq iter.Seq2[*workload.Namespace, int], withNamespace bool) *entitySource {
	next, stop := iter.Pull2(seq)
	return &entitySource{w: w, next: next, stop: stop, withNamespace: withNamespace}
}

func (s *entitySource) Next() bool {
	ns, i, ok := s.next()
	if !ok {
		s.stop()
		return false
	}
	s.w.Generate(ns, i, &s.e)
	s.row = s.row[:0]
	if s.withNamespace {
		name := ns.Name
		if s.rename != "" {
			name = s.rename
		}
		s.row = append(s.row, name)
	}
	// pgx encodes every row before asking for the next, so the entity's
	// reused slices are safe to hand over.
	s.row = append(s.row, s.e.ID, s.e.Tags, s.e.Content, s.e.CreatedAt, s.e.CreatedAt)
	s.rows++
	s.bytes += int64(len(s.e.ID) + len(s.e.Content))
	for _, t := range s.e.Tags {
		s.bytes += int64(len(t))
	}
	return true
}

func (s *entitySource) Values() ([]any, error) { return s.row, nil }
func (s *entitySource) Err() error             { return nil }

// oneNamespace yields the entities [from, to) of ns.
func oneNamespace(ns *workload.Namespace, from, to int) iter.Seq2[*workload.Namespace, int] {
	return func(yield func(*workload.Namespace, int) bool) {
		for i := from; i < to; i++ {
			if !yield(ns, i) {
				return
			}
		}
	}
}

// loadPerNamespace creates every namespace of w and COPYs its entities, one
// namespace after the other on one connection; PostgreSQL then runs
// ANALYZE.
func loadPerNamespace(ctx context.Context, c *pgx.Conn, w *workload.Workload, target string, postgres bool) (LoadStats, error) {
	st := LoadStats{Target: target, Namespaces: len(w.Namespaces)}
	if postgres {
		if _, err := c.Exec(ctx, helperFunctions); err != nil {
			return st, fmt.Errorf("helper functions: %w", err)
		}
	}
	t0 := time.Now()
	for _, ns := range w.Namespaces {
		if err := createSchema(ctx, c, ns.Name, postgres); err != nil {
			return st, err
		}
	}
	st.DDLSeconds = time.Since(t0).Seconds()
	t0 = time.Now()
	for _, ns := range w.Namespaces {
		src := newEntitySource(w, oneNamespace(ns, 0, ns.Size), false)
		n, err := c.CopyFrom(ctx, pgx.Identifier{ns.Name, "entities"}, entityColumns, src)
		if err != nil {
			return st, fmt.Errorf("copy into %s.entities: %w", ns.Name, err)
		}
		if n != int64(ns.Size) {
			return st, fmt.Errorf("copy into %s.entities: %d rows, want %d", ns.Name, n, ns.Size)
		}
		st.Rows += src.rows
		st.Bytes += src.bytes
	}
	st.CopySeconds = time.Since(t0).Seconds()
	if postgres {
		t0 = time.Now()
		if _, err := c.Exec(ctx, "ANALYZE"); err != nil {
			return st, fmt.Errorf("analyze: %w", err)
		}
		st.AnalyzeSeconds = time.Since(t0).Seconds()
	}
	return st, nil
}

// loadGlobal loads w into PostgreSQL's single table in created_at order.
func loadGlobal(ctx context.Context, c *pgx.Conn, w *workload.Workload, target string) (LoadStats, error) {
	st := LoadStats{Target: target, Namespaces: len(w.Namespaces)}
	t0 := time.Now()
	if _, err := c.Exec(ctx, globalDDL); err != nil {
		return st, fmt.Errorf("create %s: %w", globalTable, err)
	}
	st.DDLSeconds = time.Since(t0).Seconds()
	t0 = time.Now()
	src := newEntitySource(w, w.ByTime(), true)
	n, err := c.CopyFrom(ctx, pgx.Identifier{"flat", "entities"}, append([]string{"namespace"}, entityColumns...), src)
	if err != nil {
		return st, fmt.Errorf("copy into %s: %w", globalTable, err)
	}
	if n != int64(w.Config.Total) {
		return st, fmt.Errorf("copy into %s: %d rows, want %d", globalTable, n, w.Config.Total)
	}
	st.Rows, st.Bytes = src.rows, src.bytes
	st.CopySeconds = time.Since(t0).Seconds()
	t0 = time.Now()
	if _, err := c.Exec(ctx, "ANALYZE "+globalTable); err != nil {
		return st, fmt.Errorf("analyze: %w", err)
	}
	st.AnalyzeSeconds = time.Since(t0).Seconds()
	return st, nil
}
