package pgwire_test

// End-to-end benchmarks of the wire path: a real server (servertest) and a
// pgx client in one process, so a CPU profile (-cpuprofile) shows the
// message loop, the session and the row encoding together. The data look
// like the benchmark workload's (bench/workload): entities with 5-10 tags,
// ~300 bytes of content, ten label:area-* labels on ~18% of them.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/entitydb/entitydb/server/servertest"
)

// benchEntities is the namespace size; large enough that posting lists
// span several roaring containers.
const benchEntities = 50000

// benchConn starts a server and connects to it.
func benchConn(b *testing.B) *pgx.Conn {
	b.Helper()
	inst := servertest.Start(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, inst.ConnString())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close(ctx) })
	return conn
}

func benchServer(b *testing.B) *pgx.Conn {
	b.Helper()
	conn := benchConn(b)
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "CREATE SCHEMA wb"); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(vals ...string) string { return vals[rng.IntN(len(vals))] }
	rows := make([][]any, benchEntities)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		tags := []string{
			"type:" + pick("task", "task", "bug", "note", "doc"),
			"status:" + pick("open", "open", "done", "done", "in_progress", "review", "closed", "blocked"),
			"priority:" + pick("medium", "low", "high", "critical"),
			fmt.Sprintf("project:p%d", rng.IntN(25)),
		}
		for n := 1 + rng.IntN(4); n > 0; n-- {
			if rng.IntN(20) < 4 {
				tags = append(tags, fmt.Sprintf("label:area-%d", rng.IntN(10)))
			} else {
				tags = append(tags, fmt.Sprintf("label:w%d", rng.IntN(300)))
			}
		}
		content := []byte(`{"title":"` + strings.Repeat("x", 100+rng.IntN(300)) + `"}`)
		rows[i] = []any{fmt.Sprintf("e%08d", i), tags, content, start.Add(time.Duration(i) * time.Minute)}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"wb", "entities"}, []string{"id", "tags", "content", "created_at"}, pgx.CopyFromRows(rows)); err != nil {
		b.Fatal(err)
	}
	return conn
}

// cpuTime is the process's user and system CPU time so far. On a shared
// machine, CPU per operation (client and server together) varies much less
// than wall time, which includes waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWire runs the benchmark suite's read shapes through pgx; besides
// wall time it reports cpu-ns/op (client and server).
func BenchmarkWire(b *testing.B) {
	conn := benchServer(b)
	ctx := context.Background()
	read := func(b *testing.B, mode pgx.QueryExecMode, sql string, args func(i int) []any) {
		b.ReportAllocs()
		cpu := cpuTime()
		defer func() { b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op") }()
		i := 0
		for b.Loop() {
			i++
			rows, err := conn.Query(ctx, sql, append([]any{mode}, args(i)...)...)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				_ = rows.RawValues()
				n++
			}
			if rows.Err() != nil || n == 0 {
				b.Fatalf("%s: %d rows, %v", sql, n, rows.Err())
			}
		}
	}
	const cols = "id, tags, content, created_at"
	none := func(int) []any { return nil }
	for _, m := range []struct {
		name string
		mode pgx.QueryExecMode
	}{{"prepared", pgx.QueryExecModeCacheStatement}, {"simple", pgx.QueryExecModeSimpleProtocol}} {
		b.Run("select1/"+m.name, func(b *testing.B) { read(b, m.mode, "SELECT 1", none) })
		b.Run("point/"+m.name, func(b *testing.B) {
			read(b, m.mode, "SELECT "+cols+" FROM wb.entities WHERE id = $1", func(i int) []any {
				return []any{fmt.Sprintf("e%08d", (i*7919)%benchEntities)}
			})
		})
		b.Run("tag_limit/"+m.name, func(b *testing.B) {
			read(b, m.mode, "SELECT "+cols+" FROM wb.entities WHERE tags @> $1 LIMIT 100", func(int) []any { return []any{[]string{"status:open"}} })
		})
		b.Run("or_limit/"+m.name, func(b *testing.B) {
			read(b, m.mode, "SELECT "+cols+" FROM wb.entities WHERE tags && $1 LIMIT 100", func(int) []any { return []any{[]string{"status:blocked", "status:review"}} })
		})
		b.Run("prefix_limit/"+m.name, func(b *testing.B) {
			read(b, m.mode, "SELECT "+cols+" FROM wb.entities WHERE has_tag_like(tags, $1) LIMIT 100", func(int) []any { return []any{"label:area-%"} })
		})
	}
}

// BenchmarkCopy loads 20,000 rows per operation with pgx's CopyFrom (COPY
// FROM STDIN, binary) into a new namespace, like the benchmark suite's
// COPY scenario; it reports rows/s.
func BenchmarkCopy(b *testing.B) {
	conn := benchConn(b)
	ctx := context.Background()
	const n = 20000
	rng := rand.New(rand.NewPCG(3, 4))
	rows := make([][]any, n)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		tags := []string{"type:task", fmt.Sprintf("status:s%d", rng.IntN(6)), fmt.Sprintf("priority:p%d", rng.IntN(4)),
			fmt.Sprintf("project:p%d", rng.IntN(10)), fmt.Sprintf("assignee:u%d", rng.IntN(500)), fmt.Sprintf("label:w%d", rng.IntN(300))}
		content := []byte(`{"title":"` + strings.Repeat("x", 100+rng.IntN(300)) + `"}`)
		rows[i] = []any{fmt.Sprintf("e%08d", i), tags, content, start.Add(time.Duration(i) * time.Minute)}
	}
	b.ReportAllocs()
	cpu := cpuTime()
	ns := 0
	for b.Loop() {
		ns++
		name := fmt.Sprintf("c%d", ns)
		if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
			b.Fatal(err)
		}
		got, err := conn.CopyFrom(ctx, pgx.Identifier{name, "entities"}, []string{"id", "tags", "content", "created_at"}, pgx.CopyFromRows(rows))
		if err != nil || got != n {
			b.Fatalf("copy: %d rows, %v", got, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(n*b.N), "cpu-ns/row")
}
