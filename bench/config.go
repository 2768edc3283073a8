package bench

import (
	"strings"
	"time"
)

// Config is one benchmark run. Full and Smoke are the two presets; flags of
// cmd/edbbench override single fields.
type Config struct {
	Seed       uint64 `json:"seed"`
	Total      int    `json:"total"`      // entities in every data set
	Namespaces int    `json:"namespaces"` // the main shape (reads, writes, COPY, pgbench)
	// StartupNamespaces is the second shape: startup and memory with this
	// many namespaces on disk.
	StartupNamespaces int `json:"startup_namespaces"`
	// ScalingShapes are namespace counts with the same Total; each is loaded
	// (the main and second shapes are reused) and measured for startup and
	// per-query latency.
	ScalingShapes []int `json:"scaling_shapes"`

	Clients      []int         `json:"clients"`       // read concurrency
	WriteClients int           `json:"write_clients"` // writers in the multi-client write scenarios
	Warmup       time.Duration `json:"warmup"`        // warm-up window per target and scenario
	WarmupOps    int           `json:"warmup_ops"`    // at least this many ops per connection in warm-up…
	WarmupLimit  time.Duration `json:"warmup_limit"`  // …unless the warm-up ran this long
	Window       time.Duration `json:"window"`        // measurement window per target and round
	Rounds       int           `json:"rounds"`        // interleaved rounds
	WriteWindow  time.Duration `json:"write_window"`  // measurement window of the write scenarios (fsync-bound, noisier)
	CopyRows     int           `json:"copy_rows"`     // rows per COPY in the COPY-rate scenario
	CopyRounds   int           `json:"copy_rounds"`
	StartupRuns  int           `json:"startup_runs"` // restarts per system and shape
	PgbenchTime  time.Duration `json:"pgbench_time"` // per read, target and namespace…
	PgbenchTxns  int           `json:"pgbench_txns"` // …or this many transactions (when > 0)

	// Queries limits the reads to these names (all when empty).
	Queries []string `json:"queries,omitempty"`
	// Skip names scenario groups to leave out: load-only runs, debugging
	// (read, write, copy, pgbench, startup, scaling).
	Skip []string `json:"skip,omitempty"`

	// EntitydbBin is the server binary; empty builds ./cmd/entitydb.
	EntitydbBin string `json:"-"`
	// EntitydbArgs are extra `entitydb serve` flags (e.g. a pprof address).
	EntitydbArgs []string `json:"entitydb_args,omitempty"`
	// PostgresOnly runs PostgreSQL alone (no ratios): for developing the
	// harness before the engine answers.
	PostgresOnly bool `json:"postgres_only,omitempty"`
	// ProfileScenario names scenarios, comma-separated (a read or write row as
	// query/namespace/mode/clients, e.g. count_tag/large/prepared/1 or
	// insert/8ns/prepared/8, or "load" for the bulk load) during which
	// entitydb's CPU profile is fetched from ProfileURL into
	// Out/<scenario>.pprof; reads and writes then run on entitydb alone for
	// the profile's length.
	ProfileScenario string `json:"profile_scenario,omitempty"`
	ProfileURL      string `json:"profile_url,omitempty"`
	// Out is where RESULTS.md, results.json, chart.svg and the pgbench
	// scripts go.
	Out string `json:"-"`
	// TempDir holds data directories (default os.TempDir()).
	TempDir string `json:"-"`
	Command string `json:"command"` // recorded in the report
	Commit  string `json:"-"`       // recorded in the report instead of git's HEAD
}

// Full is `make bench`: the sizes, about 25 minutes on 2 cores.
var Full = Config{
	Seed:              1,
	Total:             1_000_000,
	Namespaces:        100,
	StartupNamespaces: 1000,
	ScalingShapes:     []int{10, 100, 1000, 10000},
	Clients:           []int{1, 4},
	WriteClients:      8,
	Warmup:            300 * time.Millisecond,
	WarmupOps:         6,
	WarmupLimit:       3 * time.Second,
	Window:            500 * time.Millisecond,
	Rounds:            2,
	WriteWindow:       1500 * time.Millisecond,
	CopyRows:          20_000,
	CopyRounds:        3,
	StartupRuns:       5,
	PgbenchTime:       2 * time.Second,
}

// Smoke is `make bench-smoke`: every scenario end to end at small sizes,
// well under two minutes; it checks that both systems return the same rows.
var Smoke = Config{
	Seed:              1,
	Total:             20_000,
	Namespaces:        20,
	StartupNamespaces: 100,
	ScalingShapes:     []int{10, 20, 100},
	Clients:           []int{1, 4},
	WriteClients:      8,
	Warmup:            20 * time.Millisecond,
	WarmupOps:         2,
	WarmupLimit:       time.Second,
	Window:            40 * time.Millisecond,
	Rounds:            1,
	WriteWindow:       40 * time.Millisecond,
	CopyRows:          1000,
	CopyRounds:        1,
	StartupRuns:       1,
	PgbenchTxns:       20,
}

func (c Config) skips(group string) bool {
	for _, s := range c.Skip {
		if s == group {
			return true
		}
	}
	return false
}

// profiles reports whether ProfileScenario (a comma-separated list) names
// the scenario.
func (c Config) profiles(key string) bool {
	for _, p := range strings.Split(c.ProfileScenario, ",") {
		if strings.TrimSpace(p) == key {
			return true
		}
	}
	return false
}

func (c Config) wantQuery(name string) bool {
	if len(c.Queries) == 0 {
		return true
	}
	for _, q := range c.Queries {
		if q == name || name == "select1" {
			return true
		}
	}
	return false
}
