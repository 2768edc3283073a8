package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSmoke is `make bench-smoke`, and part of `make test`: the whole
// benchmark end to end at small sizes (Smoke) against a freshly built
// entitydb and a throwaway PostgreSQL. It fails when a scenario errors, when
// the systems return different rows, or when a scenario has no measurement
// for a system. It times nothing against goals: timing goals belong to the
// full run, not to tests.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end benchmark run; skipped with -short")
	}
	cfg := Smoke
	cfg.Out = t.TempDir()
	cfg.Command = "go test ./bench -run TestSmoke"
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	res, err := Run(ctx, cfg, testLog{t})
	if werr := WriteResults(cfg.Out, res, err); werr != nil {
		t.Errorf("write results: %v", werr)
	}
	if err != nil {
		t.Fatalf("benchmark run: %v", err)
	}
	for _, m := range res.Mismatches {
		t.Errorf("systems disagree: %s", m)
	}

	targets := []string{PgSchema, PgGlobal}
	systems := []string{Postgresql}
	if !cfg.PostgresOnly {
		targets = append(targets, Entitydb)
		systems = append(systems, Entitydb)
	}
	groups := map[string]int{}
	for _, row := range res.Rows {
		groups[row.Group]++
		if row.Skipped != "" {
			continue // reported above as a mismatch
		}
		for _, tg := range targets {
			if tg == PgGlobal && row.Group == "scaling" {
				continue // the global table exists in the main shape only
			}
			if s := row.By[tg]; s.Ops == 0 || s.TPS <= 0 || s.P50 <= 0 {
				t.Errorf("%s %s: no measurement for %s: %+v", row.Group, row.key(), tg, s)
			}
		}
	}
	// Reads: every query × 2 namespaces × 2 modes × clients (SELECT 1 once per mode × clients).
	perMode := len(cfg.Clients) * len(modes)
	if want := (len(Queries)-1)*2*perMode + perMode; groups["read"] != want {
		t.Errorf("%d read rows, want %d", groups["read"], want)
	}
	if groups["write"] != 6 || groups["copy"] != 1 {
		t.Errorf("%d write rows and %d copy rows, want 6 and 1", groups["write"], groups["copy"])
	}
	if want := len(cfg.ScalingShapes) * len(scalingQueries) * 2; groups["scaling"] != want {
		t.Errorf("%d scaling rows, want %d", groups["scaling"], want)
	}
	for _, sys := range systems {
		shapes := map[int]bool{}
		for _, s := range res.Startup {
			if s.System == sys && s.Median > 0 {
				shapes[s.Namespaces] = true
			}
		}
		for _, n := range append(cfg.ScalingShapes, cfg.StartupNamespaces) {
			if !shapes[n] {
				t.Errorf("no startup measurement of %s with %d namespaces", sys, n)
			}
		}
		mem := false
		for _, m := range res.Memory {
			mem = mem || (m.System == sys && m.Idle.RSS > 0 && m.All.RSS > 0)
		}
		if !mem {
			t.Errorf("no memory measurement of %s", sys)
		}
	}
	pgb := map[string]int{}
	for _, p := range res.Pgbench {
		pgb[p.Target]++
	}
	for _, tg := range targets {
		if want := 2*(len(Queries)-1) + 1; pgb[tg] != want {
			t.Errorf("pgbench: %d results for %s, want %d", pgb[tg], tg, want)
		}
	}
	md, err := os.ReadFile(filepath.Join(cfg.Out, "RESULTS.md"))
	if err != nil || !strings.Contains(string(md), "## Reads, large namespace") {
		t.Errorf("RESULTS.md not written: %v", err)
	}
}

// testLog sends the run's progress lines to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
