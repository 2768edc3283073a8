package bench

import (
	"strings"
	"testing"

	"github.com/entitydb/entitydb/bench/workload"
)

// pgbench 15.18's report for two -f scripts (captured).
const pgbenchOutput = `pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: multiple scripts
scaling factor: 1
query mode: prepared
number of clients: 1
number of threads: 1
maximum number of tries: 1
duration: 1 s
number of transactions actually processed: 45929
number of failed transactions: 0 (0.000%)
latency average = 0.022 ms
initial connection time = 3.241 ms
tps = 46075.566377 (without initial connection time)
SQL script 1: /tmp/x/select1.sql
 - weight: 1 (targets 50.0% of total)
 - 23004 transactions (50.1% of total, tps = 23077.409239)
 - number of failed transactions: 0 (0.000%)
 - latency average = 0.021 ms
 - latency stddev = 0.097 ms
SQL script 2: /tmp/x/count_tag.sql
 - weight: 1 (targets 50.0% of total)
 - 22925 transactions (49.9% of total, tps = 22998.157138)
 - number of failed transactions: 0 (0.000%)
 - latency average = 0.125 ms
 - latency stddev = 0.098 ms
`

func TestParsePgbench(t *testing.T) {
	rows, err := parsePgbench(pgbenchOutput)
	if err != nil {
		t.Fatal(err)
	}
	want := []PgbenchRow{
		{Query: "select1", Txns: 23004, TPS: 23077.409239, LatencyMS: 0.021},
		{Query: "count_tag", Txns: 22925, TPS: 22998.157138, LatencyMS: 0.125},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows: %+v", len(rows), rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
	failed := strings.Replace(pgbenchOutput, " - number of failed transactions: 0 (0.000%)\n - latency average = 0.125", " - number of failed transactions: 3 (0.010%)\n - latency average = 0.125", 1)
	if _, err := parsePgbench(failed); err == nil {
		t.Error("failed transactions not reported as an error")
	}
	none := strings.ReplaceAll(pgbenchOutput, "23004 transactions", "0 transactions")
	if rows, err := parsePgbench(none); err != nil || rows[0].Txns != 0 || rows[1].Txns != 22925 {
		t.Errorf("a script without transactions: %v, %+v", err, rows)
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
