package bench

import (
	"strings"
	"testing"

	"github.com/entitydb/entitydb/bench/workload"
)

// pgbench 15.18's report of a one-script run (captured).
const pgbenchOutput = `pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: /tmp/x/count_tag.sql
scaling factor: 1
query mode: prepared
number of clients: 1
number of threads: 1
maximum number of tries: 1
duration: 2 s
number of transactions actually processed: 61473
number of failed transactions: 0 (0.000%)
latency average = 0.032 ms
initial connection time = 2.790 ms
tps = 30747.777532 (without initial connection time)
`

func TestParsePgbench(t *testing.T) {
	r, err := parsePgbench(pgbenchOutput)
	if err != nil {
		t.Fatal(err)
	}
	if want := (PgbenchRow{Txns: 61473, TPS: 30747.777532, LatencyMS: 0.032}); r != want {
		t.Errorf("parsed %+v, want %+v", r, want)
	}
	failed := strings.Replace(pgbenchOutput, "failed transactions: 0 (0.000%)", "failed transactions: 3 (0.010%)", 1)
	if _, err := parsePgbench(failed); err == nil {
		t.Error("failed transactions not reported as an error")
	}
	none := strings.Replace(pgbenchOutput, "processed: 61473", "processed: 0", 1)
	if _, err := parsePgbench(none); err == nil {
		t.Error("a run without transactions accepted")
	}
	if _, err := parsePgbench("pgbench: error: connection refused\n"); err == nil {
		t.Error("output without results accepted")
	}
}

func TestPgbenchScript(t *testing.T) {
	w, err := workload.New(workload.Config{Seed: 1, Total: 1000, Namespaces: 3})
	if err != nil {
		t.Fatal(err)
	}
	ns := w.Largest()
	for _, tc := range []struct {
		query  string
		layout Layout
		script string
		vars   []string
	}{
		{"count_and", PerNamespace, "SELECT count(*) FROM ns_000.entities WHERE tags @> ARRAY[:count_and_1, :count_and_2];",
			[]string{"count_and_2=priority:high", "count_and_1=type:bug"}},
		{"count_and", GlobalTable, "SELECT count(*) FROM flat.entities WHERE namespace = :count_and_3 AND tags @> ARRAY[:count_and_1, :count_and_2];",
			[]string{"count_and_3=ns_000", "count_and_2=priority:high", "count_and_1=type:bug"}},
		{"group_status", GlobalTable, "SELECT tag_value(tags, :group_status_1) AS status, count(*) FROM flat.entities WHERE namespace = :group_status_2 GROUP BY 1 ORDER BY 1;",
			[]string{"group_status_2=ns_000", "group_status_1=status"}},
	} {
		script, vars := pgbenchScript(QueryByName(tc.query), tc.layout, ns)
		if !strings.Contains(script, tc.script) || strings.Contains(script, "$") {
			t.Errorf("%s %v: script\n%s\nwant\n%s", tc.query, tc.layout, script, tc.script)
		}
		if strings.Join(vars, " ") != strings.Join(tc.vars, " ") {
			t.Errorf("%s %v: vars %v, want %v", tc.query, tc.layout, vars, tc.vars)
		}
	}
}
