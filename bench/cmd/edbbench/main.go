// Command edbbench runs the entitydb vs PostgreSQL benchmark (see package
// bench) and writes RESULTS.md, chart.svg and results.json.
//
//	go run ./bench/cmd/edbbench                      # full run (make bench)
//	go run ./bench/cmd/edbbench -smoke -out /tmp/r   # small end-to-end run
//	go run ./bench/cmd/edbbench -postgres-only -total 50000 -skip startup,scaling
//
// It exits 1 when a scenario failed or the systems returned different rows.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/entitydb/entitydb/bench"
)

func main() {
	var (
		smoke       = flag.Bool("smoke", false, "small sizes: every scenario end to end in well under two minutes")
		seed        = flag.Uint64("seed", 0, "workload seed")
		total       = flag.Int("total", 0, "entities in every data set")
		namespaces  = flag.Int("namespaces", 0, "namespaces of the main shape")
		startupNS   = flag.Int("startup-namespaces", 0, "namespaces on disk for startup and memory")
		scaling     = flag.String("scaling", "", "namespace counts of the scaling shapes, comma-separated")
		clients     = flag.String("clients", "", "read client counts, comma-separated")
		writers     = flag.Int("writers", 0, "clients of the multi-client write scenarios")
		warmup      = flag.Duration("warmup", 0, "warm-up window per target and scenario")
		window      = flag.Duration("window", 0, "measurement window per target and round")
		rounds      = flag.Int("rounds", 0, "interleaved rounds")
		writeWindow = flag.Duration("write-window", 0, "measurement window of the write scenarios per target and round")
		copyRows    = flag.Int("copy-rows", 0, "rows per COPY in the COPY-rate scenario")
		startupRuns = flag.Int("startup-runs", 0, "restarts per system and shape")
		pgbenchTime = flag.Duration("pgbench-time", 0, "pgbench duration per read, target and namespace")
		queries     = flag.String("queries", "", "only these reads, comma-separated (select1 always runs)")
		skip        = flag.String("skip", "", "leave out scenario groups: read,write,copy,pgbench,startup,memory,scaling")
		bin         = flag.String("entitydb", "", "entitydb binary (default: go build ./cmd/entitydb)")
		binArgs     = flag.String("entitydb-args", "", "extra `entitydb serve` flags, space-separated")
		pgOnly      = flag.Bool("postgres-only", false, "run PostgreSQL alone (no ratios)")
		profile     = flag.String("profile", "", "scenarios to CPU-profile on entitydb, comma-separated: reads or writes as query/ns/mode/clients (count_tag/large/prepared/1, insert/8ns/prepared/8), or load")
		profileURL  = flag.String("profile-url", "", "entitydb's pprof CPU profile URL, e.g. http://127.0.0.1:6060/debug/pprof/profile")
		out         = flag.String("out", "bench/results", "output directory")
		tmp         = flag.String("tmp", "", "directory for data (default $TMPDIR)")
		command     = flag.String("command", "", "command line to state in the report (default: this one)")
		commit      = flag.String("commit", "", "the commit entitydb was built from, for the report (default: git HEAD of the working tree, marked when it has uncommitted changes)")
	)
	flag.Parse()

	cfg := bench.Full
	if *smoke {
		cfg = bench.Smoke
	}
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["seed"] {
		cfg.Seed = *seed
	}
	ints := map[string]struct {
		v   int
		dst *int
	}{
		"total": {*total, &cfg.Total}, "namespaces": {*namespaces, &cfg.Namespaces}, "startup-namespaces": {*startupNS, &cfg.StartupNamespaces},
		"writers": {*writers, &cfg.WriteClients}, "rounds": {*rounds, &cfg.Rounds}, "copy-rows": {*copyRows, &cfg.CopyRows},
		"startup-runs": {*startupRuns, &cfg.StartupRuns},
	}
	for name, x := range ints {
		if set[name] {
			*x.dst = x.v
		}
	}
	durs := map[string]struct {
		v   time.Duration
		dst *time.Duration
	}{"warmup": {*warmup, &cfg.Warmup}, "window": {*window, &cfg.Window}, "write-window": {*writeWindow, &cfg.WriteWindow}, "pgbench-time": {*pgbenchTime, &cfg.PgbenchTime}}
	for name, x := range durs {
		if set[name] {
			*x.dst = x.v
		}
	}
	var err error
	if set["scaling"] {
		if cfg.ScalingShapes, err = intList(*scaling); err != nil {
			fatal(err)
		}
	}
	if set["clients"] {
		if cfg.Clients, err = intList(*clients); err != nil {
			fatal(err)
		}
	}
	cfg.Queries = list(*queries)
	cfg.Skip = list(*skip)
	cfg.EntitydbBin = *bin
	cfg.EntitydbArgs = strings.Fields(*binArgs)
	cfg.PostgresOnly = *pgOnly
	cfg.ProfileScenario, cfg.ProfileURL = *profile, *profileURL
	cfg.Out, cfg.TempDir = *out, *tmp
	cfg.Command = *command
	cfg.Commit = *commit
	if cfg.Command == "" {
		cfg.Command = "go run ./bench/cmd/edbbench " + strings.Join(os.Args[1:], " ")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, runErr := bench.Run(ctx, cfg, os.Stderr)
	if err := bench.WriteResults(cfg.Out, res, runErr); err != nil {
		fatal(err)
	}
	fmt.Fprintf(os.Stderr, "results in %s/RESULTS.md\n", cfg.Out)
	if runErr != nil {
		fatal(runErr)
	}
	if len(res.Mismatches) > 0 {
		fatal(fmt.Errorf("%d result mismatches between entitydb and PostgreSQL", len(res.Mismatches)))
	}
}

func list(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func intList(s string) ([]int, error) {
	var out []int
	for _, f := range list(s) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("bad number %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "edbbench:", err)
	os.Exit(1)
}
