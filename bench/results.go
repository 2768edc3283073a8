package bench

import "time"

// Target names, in report order.
const (
	Entitydb   = "entitydb"
	PgSchema   = "pg-schema"
	PgGlobal   = "pg-global"
	Postgresql = "postgres" // server-level rows (startup, memory): one PostgreSQL
)

// Result is everything one run measured; the report renders it.
type Result struct {
	Meta       Meta          `json:"meta"`
	Loads      []LoadStats   `json:"loads"`
	Rows       []Row         `json:"rows"`
	Startup    []StartupRow  `json:"startup"`
	Memory     []MemoryRow   `json:"memory"`
	Pgbench    []PgbenchRow  `json:"pgbench"`
	Mismatches []string      `json:"mismatches"`
	Elapsed    time.Duration `json:"elapsed_ns"`
}

// Meta says what ran where.
type Meta struct {
	Date             string            `json:"date"`
	Commit           string            `json:"commit"`
	Command          string            `json:"command"`
	CPU              string            `json:"cpu"`
	Cores            int               `json:"cores"`
	MemoryBytes      int64             `json:"memory_bytes"`
	GoVersion        string            `json:"go_version"`
	PostgresVersion  string            `json:"postgres_version"`
	PostgresSettings map[string]string `json:"postgres_settings"`
	Config           Config            `json:"config"`
	PostgresOnly     bool              `json:"postgres_only"`
	PgbenchCommand   string            `json:"pgbench_command"`
}

// Row is one scenario measured on every target, interleaved.
type Row struct {
	Group     string           `json:"group"` // read, write, copy, scaling
	Scenario  string           `json:"scenario"`
	Title     string           `json:"title"`
	Namespace string           `json:"namespace"` // large, small, or a namespace name
	NSName    string           `json:"ns_name"`
	NSSize    int              `json:"ns_size"`
	Shape     int              `json:"shape"` // namespaces in the data set
	Mode      string           `json:"mode"`  // prepared, simple
	Clients   int              `json:"clients"`
	By        map[string]Stats `json:"by"`
	// Floor is each target's SELECT 1 p50 at the same mode and clients.
	Floor map[string]float64 `json:"floor_p50_ms,omitempty"`
	Goal  Goal               `json:"goal"`
	// Skipped says why the row was not timed (a result mismatch).
	Skipped string `json:"skipped,omitempty"`
}

// Goal is the target ratio entitydb/PostgreSQL for a row, against
// one PostgreSQL layout.
type Goal struct {
	Min    float64 `json:"min"` // 0: no goal
	Vs     string  `json:"vs"`
	Family string  `json:"family"` // the goal this row counts toward
}

// Ratio returns entitydb's throughput over target vs's (>1: entitydb is
// faster), or 0 when either is missing.
func (r Row) Ratio(vs string) float64 {
	e, p := r.By[Entitydb], r.By[vs]
	if e.TPS == 0 || p.TPS == 0 {
		return 0
	}
	return e.TPS / p.TPS
}

// StartupRow is process start → first answered query, for one system and
// data shape, over several restarts.
type StartupRow struct {
	System     string    `json:"system"`
	Namespaces int       `json:"namespaces"`
	Runs       []float64 `json:"runs_ms"`
	Median     float64   `json:"median_ms"`
}

// MemoryRow is a server's memory at three points after a restart: idle
// (one connection, SELECT 1), after one namespace was queried, after all.
type MemoryRow struct {
	System     string `json:"system"`
	Namespaces int    `json:"namespaces"`
	Idle       Memory `json:"idle"`
	One        Memory `json:"one"`
	All        Memory `json:"all"`
}

// PgbenchRow is one query of the pgbench read mix on one target.
type PgbenchRow struct {
	Target    string  `json:"target"`
	Namespace string  `json:"namespace"`
	Query     string  `json:"query"`
	Txns      int     `json:"transactions"`
	TPS       float64 `json:"tps"` // of this script within the mix
	LatencyMS float64 `json:"latency_avg_ms"`
	Failed    int     `json:"failed"`
}
