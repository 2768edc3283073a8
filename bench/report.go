package bench

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// WriteResults writes RESULTS.md, chart.svg and results.json into dir.
func WriteResults(dir string, r *Result, runErr error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	j, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "results.json"), j, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "chart.svg"), []byte(Chart(r)), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "RESULTS.md"), []byte(Markdown(r, runErr)), 0o644)
}

// Markdown renders the whole report.
func Markdown(r *Result, runErr error) string {
	var b strings.Builder
	m := r.Meta
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# entitydb vs PostgreSQL 15: benchmark results\n\n")
	if runErr != nil {
		p("**The run stopped early: %s.** The tables hold what was measured before.\n\n", oneLine(runErr.Error()))
	}
	if len(r.Mismatches) > 0 {
		p("**%d result mismatches: those scenarios were not timed** (see [Mismatches](#mismatches)).\n\n", len(r.Mismatches))
	}
	p("- Run: %s, commit `%s`, %s in total.\n", m.Date, m.Commit, r.Elapsed.Round(1e9))
	p("- Command: `%s`\n", m.Command)
	p("- Machine: %d cores, %s, %.1f GiB RAM, Linux; client and servers on the same machine over 127.0.0.1.\n", m.Cores, m.CPU, float64(m.MemoryBytes)/(1<<30))
	p("- PostgreSQL: %s, initdb `--locale=C --encoding=UTF8`, settings: %s (everything else default).\n", m.PostgresVersion, settingsString(m.PostgresSettings))
	c := m.Config
	p("- Workload: seed %d, %s entities over %d namespaces (Zipf sizes); startup and memory with %d namespaces; scaling with %s namespaces, %s entities each time.\n",
		c.Seed, thousands(float64(c.Total)), c.Namespaces, c.StartupNamespaces, joinInts(c.ScalingShapes), thousands(float64(c.Total)))
	p("- Client: pgx v5, one connection per client, %s warm-up (at least %d executions per connection, at most %s) then %d interleaved rounds of %s per target (%s for writes); the order of the targets rotates every round.\n",
		c.Warmup, c.WarmupOps, c.WarmupLimit, c.Rounds, c.Window, max(c.Window, c.WriteWindow))
	if m.PostgresOnly {
		p("- **PostgreSQL only**: entitydb was not part of this run, so there are no ratios.\n")
	}
	p("\nTargets: **entitydb**; **pg-schema**, PostgreSQL with a schema per namespace (`ns.entities`, primary key on id, GIN on tags); **pg-global**, PostgreSQL with one table `flat.entities` (namespace column, primary key (namespace, id), GIN on tags) loaded in created_at order. ")
	p("Ratios are entitydb's throughput over PostgreSQL's (>1: entitydb is faster; for one client that is also the inverse latency ratio). ")
	p("×floor is a read's p50 over its own server's `SELECT 1` p50 at the same mode and clients: how far above the protocol round trip it is. ")
	p("Durability is on for both (fsync; synchronous_commit=on); no result caching; every read's rows were compared between the systems before timing.\n\n")
	p("![entitydb/PostgreSQL throughput ratios, log scale](chart.svg)\n\n")

	goalSection(&b, r)
	loadSection(&b, r)
	readSection(&b, r)
	writeSection(&b, r)
	startupSection(&b, r)
	scalingSection(&b, r)
	pgbenchSection(&b, r)
	if len(r.Mismatches) > 0 {
		p("## Mismatches\n\nThese reads returned different rows on entitydb and PostgreSQL; they were not timed.\n\n")
		for _, s := range r.Mismatches {
			p("- %s\n", strings.ReplaceAll(s, "\n", " "))
		}
		p("\n")
	}
	return b.String()
}

// goalSection summarises every goal: the worst row of its family.
func goalSection(b *strings.Builder, r *Result) {
	type fam struct {
		name      string
		rows, met int
		worst     float64
		where     string
	}
	var fams []*fam
	byName := map[string]*fam{}
	for _, row := range r.Rows {
		if row.Goal.Min == 0 || row.Skipped != "" {
			continue
		}
		f := byName[row.Goal.Family]
		if f == nil {
			f = &fam{name: row.Goal.Family, worst: math.Inf(1)}
			byName[f.name] = f
			fams = append(fams, f)
		}
		ratio := row.Ratio(row.Goal.Vs)
		if ratio == 0 {
			continue
		}
		f.rows++
		if ratio >= row.Goal.Min {
			f.met++
		}
		if ratio < f.worst {
			f.worst, f.where = ratio, fmt.Sprintf("%s %s %s %dc vs %s", row.Scenario, row.Namespace, row.Mode, row.Clients, row.Goal.Vs)
			// A read cannot beat PostgreSQL by more than PostgreSQL's latency
			// over entitydb's own round trip (1 client).
			if fl := row.Floor[Entitydb]; fl > 0 && row.Clients == 1 {
				f.where += fmt.Sprintf(" (ceiling at entitydb's SELECT 1 round trip: %s)", ratioText(row.By[row.Goal.Vs].P50/fl))
			}
		}
	}
	fmt.Fprintf(b, "## Goals\n\n| goal (issue 5) | rows meeting it | worst ratio | where |\n|---|---|---|---|\n")
	for _, f := range fams {
		if f.rows == 0 {
			fmt.Fprintf(b, "| %s | no data | | |\n", f.name)
			continue
		}
		fmt.Fprintf(b, "| %s | %d of %d %s | %s | %s |\n", f.name, f.met, f.rows, mark(f.met == f.rows), ratioText(f.worst), f.where)
	}
	if l := loadRatio(r); l > 0 {
		fmt.Fprintf(b, "| bulk load of the main data set (COPY rows/s): ≥ 2× | %s | %s | all namespaces, one connection |\n", mark(l >= 2), ratioText(l))
	}
	if e, pg, ok := startupAt(r, r.Meta.Config.StartupNamespaces); ok {
		fmt.Fprintf(b, "| startup to first answer with %d namespaces: ≤ 50 ms | %s | %.1f ms (PostgreSQL %.1f ms) | median of %d restarts |\n",
			r.Meta.Config.StartupNamespaces, mark(e <= 50), e, pg, r.Meta.Config.StartupRuns)
	}
	if e, pg, ok := memoryRows(r); ok {
		fmt.Fprintf(b, "| idle RSS below PostgreSQL's | %s | %.1f MiB (PostgreSQL %.1f MiB PSS, %.1f MiB RSS summed) | after restart, one connection |\n",
			mark(e.Idle.RSS < pg.Idle.PSS), MiB(e.Idle.RSS), MiB(pg.Idle.PSS), MiB(pg.Idle.RSS))
		share := float64(e.One.RSS) / float64(e.All.RSS)
		fmt.Fprintf(b, "| RSS after touching 1 of %d namespaces ≤ 10%% of after all | %s | %.0f%% (%.1f of %.1f MiB) | |\n",
			e.Namespaces, mark(share <= 0.10), 100*share, MiB(e.One.RSS), MiB(e.All.RSS))
	}
	b.WriteString("\n")
}

func mark(ok bool) string {
	if ok {
		return "✅"
	}
	return "❌"
}

func loadRatio(r *Result) float64 {
	var e, pg float64
	for _, l := range r.Loads {
		if l.Namespaces != r.Meta.Config.Namespaces {
			continue
		}
		switch l.Target {
		case Entitydb:
			e = l.RowsPerSec()
		case PgSchema:
			pg = l.RowsPerSec()
		}
	}
	if e == 0 || pg == 0 {
		return 0
	}
	return e / pg
}

func startupAt(r *Result, n int) (edb, pg float64, ok bool) {
	for _, s := range r.Startup {
		if s.Namespaces != n {
			continue
		}
		if s.System == Entitydb {
			edb, ok = s.Median, true
		} else {
			pg = s.Median
		}
	}
	return edb, pg, ok && pg > 0
}

func memoryRows(r *Result) (edb, pg MemoryRow, ok bool) {
	var okE, okP bool
	for _, m := range r.Memory {
		if m.System == Entitydb {
			edb, okE = m, true
		} else {
			pg, okP = m, true
		}
	}
	return edb, pg, okE && okP
}

func loadSection(b *strings.Builder, r *Result) {
	if len(r.Loads) == 0 {
		return
	}
	fmt.Fprintf(b, "## Bulk load\n\nOne connection, `pgx.CopyFrom` (binary COPY) per namespace (the global table: one COPY in created_at order); PostgreSQL's indexes exist during the load, as in an application's schema, and ANALYZE runs after it.\n\n")
	fmt.Fprintf(b, "| target | namespaces | rows | DDL s | COPY s | rows/s | MB/s | ANALYZE s |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, l := range r.Loads {
		fmt.Fprintf(b, "| %s | %d | %s | %.1f | %.1f | %s | %.1f | %.1f |\n", l.Target, l.Namespaces, thousands(float64(l.Rows)),
			l.DDLSeconds, l.CopySeconds, thousands(l.RowsPerSec()), l.MBPerSec(), l.AnalyzeSeconds)
	}
	b.WriteString("\n")
}

var targetOrder = []string{Entitydb, PgSchema, PgGlobal}

// statsCells renders tps, p50 and p99 (and ×floor) of one target.
func statsCells(row Row, t string, floor bool) string {
	s, ok := row.By[t]
	if !ok || s.Ops == 0 {
		if floor {
			return " | | | |"
		}
		return " | | |"
	}
	out := fmt.Sprintf(" %s | %s | %s |", thousands(s.TPS), ms(s.P50), ms(s.P99))
	if floor {
		f := row.Floor[t]
		if f > 0 && row.Scenario != "select1" {
			out += fmt.Sprintf(" %.1f |", s.P50/f)
		} else {
			out += " |"
		}
	}
	return out
}

func goalCell(row Row) string {
	if row.Goal.Min == 0 {
		return ""
	}
	ratio := row.Ratio(row.Goal.Vs)
	vs := "schema"
	if row.Goal.Vs == PgGlobal {
		vs = "global"
	}
	if ratio == 0 {
		return fmt.Sprintf("≥ %g× vs %s", row.Goal.Min, vs)
	}
	return fmt.Sprintf("≥ %g× vs %s %s", row.Goal.Min, vs, mark(ratio >= row.Goal.Min))
}

func readSection(b *strings.Builder, r *Result) {
	for _, kind := range []string{"large", "small"} {
		var rows []Row
		for _, row := range r.Rows {
			if row.Group == "read" && (row.Namespace == kind || (kind == "large" && row.Scenario == "select1")) {
				rows = append(rows, row)
			}
		}
		if len(rows) == 0 {
			continue
		}
		name := ""
		for _, row := range rows {
			if row.NSName != "" {
				name = fmt.Sprintf(" (%s, %s entities)", row.NSName, thousands(float64(row.NSSize)))
				break
			}
		}
		fmt.Fprintf(b, "## Reads, %s namespace%s\n\nLatencies in ms; c = client connections.\n\n", kind, name)
		b.WriteString("| query | mode | c | entitydb tps | p50 | p99 | ×floor | pg-schema tps | p50 | p99 | ×floor | pg-global tps | p50 | p99 | ×floor | vs schema | vs global | goal |\n")
		b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
		for _, row := range rows {
			fmt.Fprintf(b, "| %s | %s | %d |", row.Title, row.Mode, row.Clients)
			if row.Skipped != "" {
				fmt.Fprintf(b, " not timed: results differ | | | | | | | | | | | | | | | |\n")
				continue
			}
			for _, t := range targetOrder {
				b.WriteString(statsCells(row, t, true))
			}
			fmt.Fprintf(b, " %s | %s | %s |\n", ratioText(row.Ratio(PgSchema)), ratioText(row.Ratio(PgGlobal)), goalCell(row))
		}
		b.WriteString("\n")
	}
}

func writeSection(b *strings.Builder, r *Result) {
	var rows []Row
	for _, row := range r.Rows {
		if row.Group == "write" || row.Group == "copy" {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(b, "## Writes\n\nEach insert or update is one autocommit statement, acknowledged after it is durable; writes go to namespaces the reads do not use (%s…). COPY: rows/s, p50/p99 are per COPY.\n\n", rows[0].NSName)
	b.WriteString("| scenario | c | entitydb /s | p50 | p99 | pg-schema /s | p50 | p99 | pg-global /s | p50 | p99 | vs schema | vs global | goal |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, row := range rows {
		fmt.Fprintf(b, "| %s | %d |", row.Title, row.Clients)
		for _, t := range targetOrder {
			b.WriteString(statsCells(row, t, false))
		}
		fmt.Fprintf(b, " %s | %s | %s |\n", ratioText(row.Ratio(PgSchema)), ratioText(row.Ratio(PgGlobal)), goalCell(row))
	}
	b.WriteString("\n")
	for _, row := range rows {
		for _, t := range targetOrder {
			if n := row.By[t].Retries; n > 0 {
				fmt.Fprintf(b, "- %s, %s: %d updates failed with a serialization failure (40001) and were retried (warm-up included); the retries are inside the measured latency. PostgreSQL at READ COMMITTED waits for the row lock instead.\n", row.Title, t, n)
			}
		}
	}
	b.WriteString("\n")
}

func startupSection(b *strings.Builder, r *Result) {
	if len(r.Startup) == 0 && len(r.Memory) == 0 {
		return
	}
	fmt.Fprintf(b, "## Startup and memory\n\nStartup: from starting the server process on existing data to the first answer of a tag count in one namespace (the median one), including connection and authentication; the page cache is warm. PostgreSQL is stopped (fast shutdown) and its postmaster started again on the same data directory.\n\n")
	b.WriteString("| namespaces on disk | entitydb median ms | runs | PostgreSQL median ms | runs | PostgreSQL/entitydb |\n|--:|--:|---|--:|---|--:|\n")
	shapes := map[int]bool{}
	var ns []int
	for _, s := range r.Startup {
		if !shapes[s.Namespaces] {
			shapes[s.Namespaces] = true
			ns = append(ns, s.Namespaces)
		}
	}
	sort.Ints(ns)
	for _, n := range ns {
		var e, p StartupRow
		for _, s := range r.Startup {
			if s.Namespaces == n {
				if s.System == Entitydb {
					e = s
				} else {
					p = s
				}
			}
		}
		ratio := ""
		if e.Median > 0 && p.Median > 0 {
			ratio = ratioText(p.Median / e.Median)
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s |\n", n, ms(e.Median), runsText(e.Runs), ms(p.Median), runsText(p.Runs), ratio)
	}
	b.WriteString("\n")
	if len(r.Memory) > 0 {
		fmt.Fprintf(b, "Memory after a restart with %d namespaces on disk: idle (one connection ran `SELECT 1`), after a tag count in one namespace, after a tag count in every namespace. RSS is summed over the server's processes; PSS divides shared pages (PostgreSQL's shared buffers) among them.\n\n", r.Memory[0].Namespaces)
		b.WriteString("| system | processes | idle RSS MiB | PSS | one namespace RSS | PSS | all namespaces RSS | PSS | one/all (RSS) |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, m := range r.Memory {
			fmt.Fprintf(b, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f%% |\n", m.System, m.All.Procs,
				MiB(m.Idle.RSS), MiB(m.Idle.PSS), MiB(m.One.RSS), MiB(m.One.PSS), MiB(m.All.RSS), MiB(m.All.PSS), 100*float64(m.One.RSS)/float64(m.All.RSS))
		}
		b.WriteString("\n")
	}
}

func scalingSection(b *strings.Builder, r *Result) {
	var rows []Row
	for _, row := range r.Rows {
		if row.Group == "scaling" {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		return
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Scenario != rows[j].Scenario {
			return scalingIndex(rows[i].Scenario) < scalingIndex(rows[j].Scenario)
		}
		if rows[i].Namespace != rows[j].Namespace {
			return rows[i].Namespace < rows[j].Namespace
		}
		return rows[i].Shape < rows[j].Shape
	})
	fmt.Fprintf(b, "## Scaling: the same %s entities over more namespaces\n\nPrepared statements, one client; the largest and the median namespace of each shape (they shrink as the count grows). Should stay flat: latency per query, and startup (above).\n\n", thousands(float64(r.Meta.Config.Total)))
	b.WriteString("| query | namespace | namespaces | its size | entitydb p50 ms | p99 | PostgreSQL p50 ms | p99 | vs schema |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, row := range rows {
		if row.Skipped != "" {
			fmt.Fprintf(b, "| %s | %s | %d | %s | not timed: results differ | | | | |\n", row.Title, row.Namespace, row.Shape, thousands(float64(row.NSSize)))
			continue
		}
		e, p := row.By[Entitydb], row.By[PgSchema]
		fmt.Fprintf(b, "| %s | %s | %d | %s | %s | %s | %s | %s | %s |\n", row.Title, row.Namespace, row.Shape, thousands(float64(row.NSSize)),
			ms(e.P50), ms(e.P99), ms(p.P50), ms(p.P99), ratioText(row.Ratio(PgSchema)))
	}
	b.WriteString("\n")
}

func scalingIndex(name string) int {
	for i, n := range scalingQueries {
		if n == name {
			return i
		}
	}
	return len(scalingQueries)
}

func pgbenchSection(b *strings.Builder, r *Result) {
	if len(r.Pgbench) == 0 {
		return
	}
	how := fmt.Sprintf("-T %d", int(r.Meta.Config.PgbenchTime.Seconds()))
	if r.Meta.Config.PgbenchTxns > 0 {
		how = fmt.Sprintf("-t %d", r.Meta.Config.PgbenchTxns)
	}
	fmt.Fprintf(b, "## pgbench\n\nThe reads once more through an independent load generator: `pgbench -n -M prepared -c 1 %s`, each read's script on its own, the targets one after the other; tags passed with `-D`, point lookups use one fixed id. Average latency in ms. The scripts are in `pgbench/`; the PostgreSQL schema-layout command for count(*) single tag was (paths relative to this directory; the port and the password, in PGPASSWORD, were the run's):\n\n```\n%s\n```\n\n",
		how, r.Meta.PgbenchCommand)
	b.WriteString("| query | namespace | entitydb ms | pg-schema ms | pg-global ms | vs schema | vs global |\n|---|---|--:|--:|--:|--:|--:|\n")
	type key struct{ q, ns string }
	lat := map[key]map[string]float64{}
	var keys []key
	for _, p := range r.Pgbench {
		k := key{p.Query, p.Namespace}
		if lat[k] == nil {
			lat[k] = map[string]float64{}
			keys = append(keys, k)
		}
		lat[k][p.Target] = p.LatencyMS
	}
	for _, k := range keys {
		l := lat[k]
		ratio := func(vs string) string {
			if l[Entitydb] == 0 || l[vs] == 0 {
				return ""
			}
			return ratioText(l[vs] / l[Entitydb])
		}
		title := k.q
		if q := QueryByName(k.q); q != nil {
			title = q.Title
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", title, k.ns, ms(l[Entitydb]), ms(l[PgSchema]), ms(l[PgGlobal]), ratio(PgSchema), ratio(PgGlobal))
	}
	b.WriteString("\n")
}

// Formatting.

func ratioText(x float64) string {
	switch {
	case x == 0 || math.IsInf(x, 0) || math.IsNaN(x):
		return ""
	case x >= 100:
		return fmt.Sprintf("%.0f×", x)
	case x >= 10:
		return fmt.Sprintf("%.1f×", x)
	default:
		return fmt.Sprintf("%.2f×", x)
	}
}

func ms(x float64) string {
	switch {
	case x == 0:
		return ""
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	case x >= 10:
		return fmt.Sprintf("%.1f", x)
	case x >= 1:
		return fmt.Sprintf("%.2f", x)
	default:
		return fmt.Sprintf("%.3f", x)
	}
}

// thousands renders x rounded, with thousands separators (below 10 with one
// decimal).
func thousands(x float64) string {
	if x < 10 && x != math.Trunc(x) {
		return fmt.Sprintf("%.1f", x)
	}
	s := fmt.Sprintf("%.0f", x)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func runsText(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = ms(x)
	}
	return strings.Join(parts, ", ")
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = thousands(float64(x))
	}
	return strings.Join(parts, " / ")
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
