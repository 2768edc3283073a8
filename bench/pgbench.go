package bench

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/entitydb/entitydb/bench/workload"
)

// pgbenchScript renders q as a pgbench script for a layout and namespace.
// Parameters become pgbench variables named <query>_<n>, passed with -D
// (a literal 'key:value' inside quotes would be taken for a variable), so
// that in -M prepared they are bound, as pgx binds them. Point lookups use
// one fixed id.
func pgbenchScript(q *Query, l Layout, ns *workload.Namespace) (script string, vars []string) {
	var args []any
	if ns != nil {
		args = q.Args(ns, rand.New(rand.NewPCG(5, 5)))
	}
	sql := renderSQL(q.SQL, l, ns, len(args))
	args = withNamespace(args, l, ns)
	for k := len(args); k >= 1; k-- {
		v := fmt.Sprintf("%s_%d", q.Name, k)
		sql = strings.ReplaceAll(sql, fmt.Sprintf("$%d", k), ":"+v)
		vars = append(vars, fmt.Sprintf("%s=%v", v, args[k-1]))
	}
	return "-- " + q.Title + "\n" + sql + ";\n", vars
}

// pgbench runs the reads once more with pgbench as an independent load
// generator: each read's script on its own (one client, prepared), on every
// target in turn, in the large and the small namespace, so each row is
// comparable with the pgx measurement of the same read. The scripts are
// written to Out/pgbench/ so any run can be repeated by hand.
func (e *env) pgbench(ctx context.Context, bad map[string]string) error {
	bin, err := exec.LookPath("pgbench")
	if err != nil {
		bin = filepath.Join(e.pg.cluster.BinDir(), "pgbench")
	}
	dir := filepath.Join(e.cfg.Out, "pgbench")
	for _, k := range e.readNamespaces() {
		for _, q := range e.queries() {
			if q.NoNamespace && k.kind != "large" {
				continue // SELECT 1 once
			}
			if bad[q.Name+"/"+k.kind] != "" || (q.NoNamespace && bad[q.Name+"/"] != "") {
				continue
			}
			ns := k.ns
			if q.NoNamespace {
				ns = nil
			}
			var parts []string
			for _, t := range e.targets {
				layoutDir := "schema-" + k.kind
				if t.layout == GlobalTable {
					layoutDir = "global-" + k.kind
				}
				sdir := filepath.Join(dir, layoutDir)
				if err := os.MkdirAll(sdir, 0o755); err != nil {
					return err
				}
				script, vars := pgbenchScript(q, t.layout, ns)
				f := filepath.Join(sdir, q.Name+".sql")
				if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
					return err
				}
				r, cmdline, err := runPgbench(ctx, bin, t, f, vars, e.cfg.PgbenchTime, e.cfg.PgbenchTxns)
				if rel, err := filepath.Rel(e.cfg.Out, f); err == nil {
					cmdline = strings.Replace(cmdline, f, rel, 1) // as run from the output directory
				}
				if err != nil {
					return fmt.Errorf("%s %s %s: %w", t.name, q.Name, k.kind, err)
				}
				r.Query, r.Namespace = q.Name, k.kind
				e.res.Pgbench = append(e.res.Pgbench, r)
				parts = append(parts, fmt.Sprintf("%s %.0f/s %.3fms", t.name, r.TPS, r.LatencyMS))
				if t.name == PgSchema && k.kind == "large" && q.Name == "count_tag" {
					e.res.Meta.PgbenchCommand = cmdline
				}
			}
			e.logf("pgbench %-22s %s", q.Name+"/"+k.kind, strings.Join(parts, "  "))
		}
	}
	return nil
}

// runPgbench runs one script and parses pgbench's summary.
func runPgbench(ctx context.Context, bin string, t *target, file string, vars []string, d time.Duration, txns int) (PgbenchRow, string, error) {
	u, err := url.Parse(t.srv.ConnString())
	if err != nil {
		return PgbenchRow{}, "", err
	}
	pw, _ := u.User.Password()
	args := []string{"-n", "-M", "prepared", "-c", "1", "-j", "1"}
	if txns > 0 {
		args = append(args, "-t", strconv.Itoa(txns))
	} else {
		args = append(args, "-T", strconv.Itoa(max(1, int(d.Seconds()))))
	}
	args = append(args, "-h", u.Hostname(), "-p", u.Port(), "-U", u.User.Username())
	for _, v := range vars {
		args = append(args, "-D", v)
	}
	args = append(args, "-f", file, strings.TrimPrefix(u.Path, "/"))
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+pw, "PGSSLMODE=disable")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmdline := "pgbench " + strings.Join(args, " ")
	if err := cmd.Run(); err != nil {
		return PgbenchRow{}, cmdline, fmt.Errorf("pgbench: %v\n%s%s", err, tail(out.String(), 2000), tail(errb.String(), 2000))
	}
	r, err := parsePgbench(out.String())
	if err != nil {
		return r, cmdline, fmt.Errorf("%w\n%s%s", err, tail(out.String(), 2000), tail(errb.String(), 2000))
	}
	r.Target = t.name
	return r, cmdline, nil
}

var (
	pgbenchTxnsRE    = regexp.MustCompile(`(?m)^number of transactions actually processed: (\d+)`)
	pgbenchFailedRE  = regexp.MustCompile(`(?m)^number of failed transactions: (\d+)`)
	pgbenchLatencyRE = regexp.MustCompile(`(?m)^latency average = ([0-9.]+) ms`)
	pgbenchTPSRE     = regexp.MustCompile(`(?m)^tps = ([0-9.]+) \(without initial connection time\)`)
)

// parsePgbench reads pgbench's summary of a one-script run.
func parsePgbench(out string) (PgbenchRow, error) {
	var r PgbenchRow
	m := pgbenchTxnsRE.FindStringSubmatch(out)
	l := pgbenchLatencyRE.FindStringSubmatch(out)
	tps := pgbenchTPSRE.FindStringSubmatch(out)
	if m == nil || l == nil || tps == nil {
		return r, fmt.Errorf("pgbench printed no summary")
	}
	r.Txns, _ = strconv.Atoi(m[1])
	r.LatencyMS, _ = strconv.ParseFloat(l[1], 64)
	r.TPS, _ = strconv.ParseFloat(tps[1], 64)
	if f := pgbenchFailedRE.FindStringSubmatch(out); f != nil {
		r.Failed, _ = strconv.Atoi(f[1])
	}
	if r.Failed > 0 {
		return r, fmt.Errorf("pgbench: %d failed transactions", r.Failed)
	}
	if r.Txns == 0 {
		return r, fmt.Errorf("pgbench ran no transaction")
	}
	return r, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
