package bench

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestRenderSQL(t *testing.T) {
	w := mustWorkload(t)
	ns := w.Smallest()
	for _, tc := range []struct {
		query  string
		layout Layout
		want   string
	}{
		{"tag_limit", PerNamespace, "SELECT id, tags, content, created_at FROM ns_002.entities WHERE tags @> ARRAY[$1] LIMIT 100"},
		{"tag_limit", GlobalTable, "SELECT id, tags, content, created_at FROM flat.entities WHERE namespace = $2 AND tags @> ARRAY[$1] LIMIT 100"},
		{"group_status", PerNamespace, "SELECT tag_value(tags, $1) AS status, count(*) FROM ns_002.entities GROUP BY 1 ORDER BY 1"},
		{"group_status", GlobalTable, "SELECT tag_value(tags, $1) AS status, count(*) FROM flat.entities WHERE namespace = $2 GROUP BY 1 ORDER BY 1"},
		{"select1", GlobalTable, "SELECT 1"},
	} {
		q := QueryByName(tc.query)
		target := ns
		if q.NoNamespace {
			target = nil
		}
		sql, args := q.render(tc.layout, target, nil)
		if sql != tc.want {
			t.Errorf("%s %v:\n got %s\nwant %s", tc.query, tc.layout, sql, tc.want)
		}
		if tc.layout == GlobalTable && target != nil && args[len(args)-1] != ns.Name {
			t.Errorf("%s: global table args %v do not end with the namespace", tc.query, args)
		}
	}
}

func sampleResult() *Result {
	r := &Result{Meta: Meta{Date: "2026-01-01 00:00 UTC", Commit: "abc", Cores: 2, CPU: "Test CPU <x>", Config: Full, PostgresSettings: PostgresSettings}}
	st := func(tps, p50 float64) Stats { return Stats{Ops: 100, Seconds: 1, TPS: tps, P50: p50, P99: 2 * p50} }
	r.Rows = []Row{
		{Group: "read", Scenario: "select1", Title: "SELECT 1", Mode: "prepared", Clients: 1,
			By: map[string]Stats{Entitydb: st(20000, 0.05), PgSchema: st(25000, 0.04), PgGlobal: st(25000, 0.04)}},
		{Group: "read", Scenario: "count_tag", Title: "count(*) single tag", Namespace: "large", NSName: "ns_000", NSSize: 192776, Mode: "prepared", Clients: 1,
			By:    map[string]Stats{Entitydb: st(5000, 0.2), PgSchema: st(29, 35), PgGlobal: st(25, 40)},
			Floor: map[string]float64{Entitydb: 0.05, PgSchema: 0.04}, Goal: readGoal(QueryByName("count_tag"), "large", 1)},
		{Group: "read", Scenario: "tag_limit", Title: "single tag, LIMIT 100", Namespace: "large", Mode: "prepared", Clients: 1,
			By: map[string]Stats{Entitydb: st(2000, 0.5), PgSchema: st(2500, 0.4), PgGlobal: st(800, 1.2)}, Goal: readGoal(QueryByName("tag_limit"), "large", 1)},
		{Group: "read", Scenario: "point", Title: "point lookup by id", Namespace: "small", Mode: "prepared", Clients: 1,
			Skipped: "results differ: x", Goal: readGoal(QueryByName("point"), "small", 1)},
		{Group: "write", Scenario: "insert", Title: "durable insert, 1 client", Namespace: "1 ns", NSName: "ns_002", Mode: "prepared", Clients: 1,
			By: map[string]Stats{Entitydb: st(3000, 0.3), PgSchema: st(2000, 0.5), PgGlobal: st(2000, 0.5)}, Goal: Goal{Min: 1, Vs: PgSchema, Family: "durable insert and update, 1 client: ≥ 1×"}},
	}
	r.Startup = []StartupRow{{System: Entitydb, Namespaces: 1000, Runs: []float64{20, 30, 25}, Median: 25}, {System: Postgresql, Namespaces: 1000, Runs: []float64{230}, Median: 230}}
	r.Memory = []MemoryRow{{System: Entitydb, Namespaces: 1000, Idle: Memory{RSS: 20 << 20}, One: Memory{RSS: 25 << 20}, All: Memory{RSS: 500 << 20}},
		{System: Postgresql, Namespaces: 1000, Idle: Memory{RSS: 130 << 20, PSS: 79 << 20}, One: Memory{RSS: 135 << 20}, All: Memory{RSS: 300 << 20}}}
	r.Mismatches = []string{"point/small: entitydb (prepared protocol, args [e1]): 0 rows, PostgreSQL returns 1"}
	return r
}

func TestMarkdown(t *testing.T) {
	md := Markdown(sampleResult(), nil)
	for _, want := range []string{
		"| count(*) single tag | prepared | 1 | 5,000 | 0.200 | 0.400 | 4.0 | 29 | 35.0 | 70.0 | 875.0 |", // ×floor = p50/floor
		"| 172× | 200× | ≥ 100× vs schema ✅ |",                                                            // ratios vs both layouts
		"| single tag, LIMIT 100 | prepared | 1 | 2,000 |",
		"0.80× | 2.50× | ≥ 1.5× vs schema ❌ |",
		"| point lookup by id | prepared | 1 | not timed: results differ |",
		"| 1000 | 25.0 | 20.0, 30.0, 25.0 | 230 | 230 | 9.20× |",
		"| startup to first answer with 1000 namespaces: ≤ 50 ms | ✅ |",
		"| RSS after touching 1 of 1000 namespaces ≤ 10% of after all | ✅ | 5% (25.0 of 500.0 MiB) |",
		"| idle RSS below PostgreSQL's | ✅ | 20.0 MiB (PostgreSQL 79.0 MiB PSS",
		"| durable insert and update, 1 client: ≥ 1× | 1 of 1 ✅ | 1.50× |",
		"## Mismatches",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(md)
	}
}

func TestChartIsValidSVG(t *testing.T) {
	svg := Chart(sampleResult())
	d := xml.NewDecoder(strings.NewReader(svg))
	rects, texts := 0, []string{}
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("invalid SVG: %v\n%s", err, svg)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local == "rect" {
				rects++
			}
		case xml.CharData:
			texts = append(texts, string(el))
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"count(*) single tag", "172×", "200×", "0.80×", "1000×", "0.1×", "startup to first answer, 1000 namespaces", "9.20×", "Test CPU <x>"} {
		if !strings.Contains(all, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	// background + 3 legend boxes + bars: count_tag 2, tag_limit 2, insert 2, startup 1, select1 2
	if rects != 1+2+9 {
		t.Errorf("%d rects, want %d", rects, 1+2+9)
	}
}

func TestStats(t *testing.T) {
	var s sample
	for i := 1; i <= 100; i++ {
		s.lat = append(s.lat, durMS(float64(i)))
	}
	s.elapsed = durMS(2000)
	st := s.stats()
	if st.Ops != 100 || st.TPS != 50 || st.P50 != 50 || st.P99 != 99 {
		t.Errorf("stats = %+v, want 100 ops, 50/s, p50 50, p99 99", st)
	}
}
