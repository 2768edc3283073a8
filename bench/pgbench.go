package bench

import (
	"bufio"
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

// pgbench runs the read mix (every read, equal weights, one client,
// prepared) with pgbench against every target, in the large and the small
// namespace, and records each script's share of the mix. The scripts are
// written to Out/pgbench/ so the run can be repeated by hand.
func (e *env) pgbench(ctx context.Context, bad map[string]string) error {
	bin, err := exec.LookPath("pgbench")
	if err != nil {
		bin = filepath.Join(e.pg.cluster.BinDir(), "pgbench")
	}
	dir := filepath.Join(e.cfg.Out, "pgbench")
	for _, k := range e.readNamespaces() {
		for _, t := range e.targets {
			layoutDir := "schema-" + k.kind
			if t.layout == GlobalTable {
				layoutDir = "global"
			}
			sdir := filepath.Join(dir, layoutDir)
			if err := os.MkdirAll(sdir, 0o755); err != nil {
				return err
			}
			var files, vars []string
			for _, q := range e.queries() {
				if bad[q.Name+"/"+k.kind] != "" || (q.NoNamespace && bad[q.Name+"/"] != "") {
					continue
				}
				ns := k.ns
				if q.NoNamespace {
					ns = nil
				}
				script, v := pgbenchScript(q, t.layout, ns)
				f := filepath.Join(sdir, q.Name+".sql")
				if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
					return err
				}
				files = append(files, f)
				vars = append(vars, v...)
			}
			rows, cmdline, err := runPgbench(ctx, bin, t, files, vars, e.cfg.PgbenchTime)
			if err != nil {
				return fmt.Errorf("%s %s: %w", t.name, k.kind, err)
			}
			var parts []string
			for _, r := range rows {
				r.Namespace = k.kind
				e.res.Pgbench = append(e.res.Pgbench, r)
				parts = append(parts, fmt.Sprintf("%s %.2fms", r.Query, r.LatencyMS))
			}
			e.logf("pgbench %s %s: %s", t.name, k.kind, strings.Join(parts, ", "))
			if t.name == PgSchema && k.kind == "large" {
				e.res.Meta.PgbenchCommand = cmdline
			}
		}
	}
	return nil
}

// runPgbench runs one pgbench mix and parses its per-script report.
func runPgbench(ctx context.Context, bin string, t *target, files, vars []string, d time.Duration) ([]PgbenchRow, string, error) {
	u, err := url.Parse(t.srv.ConnString())
	if err != nil {
		return nil, "", err
	}
	pw, _ := u.User.Password()
	args := []string{"-n", "-M", "prepared", "-c", "1", "-j", "1", "-T", strconv.Itoa(max(1, int(d.Seconds()))),
		"-h", u.Hostname(), "-p", u.Port(), "-U", u.User.Username()}
	for _, v := range vars {
		args = append(args, "-D", v)
	}
	for _, f := range files {
		args = append(args, "-f", f)
	}
	args = append(args, strings.TrimPrefix(u.Path, "/"))
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+pw, "PGSSLMODE=disable")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmdline := "pgbench " + strings.Join(args, " ")
	if err := cmd.Run(); err != nil {
		return nil, cmdline, fmt.Errorf("pgbench: %v\n%s%s", err, tail(out.String(), 2000), tail(errb.String(), 2000))
	}
	rows, err := parsePgbench(out.String())
	if err != nil {
		return nil, cmdline, fmt.Errorf("%w\n%s%s", err, tail(out.String(), 2000), tail(errb.String(), 2000))
	}
	for i := range rows {
		rows[i].Target = t.name
	}
	return rows, cmdline, nil
}

var (
	pgbenchScriptRE  = regexp.MustCompile(`^SQL script \d+: (.+)$`)
	pgbenchTxnsRE    = regexp.MustCompile(`^ - (\d+) transactions \([^,]*, tps = ([0-9.]+)\)`)
	pgbenchLatencyRE = regexp.MustCompile(`^ - latency average = ([0-9.]+) ms`)
	pgbenchFailedRE  = regexp.MustCompile(`^ - number of failed transactions: (\d+)`)
)

// parsePgbench reads pgbench's per-script sections (printed when several
// -f scripts run).
func parsePgbench(out string) ([]PgbenchRow, error) {
	var rows []PgbenchRow
	s := bufio.NewScanner(strings.NewReader(out))
	for s.Scan() {
		line := s.Text()
		if m := pgbenchScriptRE.FindStringSubmatch(line); m != nil {
			rows = append(rows, PgbenchRow{Query: strings.TrimSuffix(filepath.Base(m[1]), ".sql")})
			continue
		}
		if len(rows) == 0 {
			continue
		}
		r := &rows[len(rows)-1]
		if m := pgbenchTxnsRE.FindStringSubmatch(line); m != nil {
			r.Txns, _ = strconv.Atoi(m[1])
			r.TPS, _ = strconv.ParseFloat(m[2], 64)
		} else if m := pgbenchLatencyRE.FindStringSubmatch(line); m != nil {
			r.LatencyMS, _ = strconv.ParseFloat(m[1], 64)
		} else if m := pgbenchFailedRE.FindStringSubmatch(line); m != nil {
			r.Failed, _ = strconv.Atoi(m[1])
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("pgbench printed no per-script results")
	}
	ran := 0
	for _, r := range rows {
		ran += r.Txns // a short mix may not reach a slow script; that row stays empty
		if r.Failed > 0 {
			return nil, fmt.Errorf("pgbench: %d failed transactions in script %s", r.Failed, r.Query)
		}
	}
	if ran == 0 {
		return nil, fmt.Errorf("pgbench ran no transaction")
	}
	return rows, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
