package planner

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/namespace"
)

// benchEnv loads n entities with 8 tags each into namespace b.
func benchEnv(b *testing.B, n int) *testSession {
	b.Helper()
	ts := newTestEnv(b).session()
	ts.exec("CREATE SCHEMA b")
	var lines []string
	for i := 0; i < n; i++ {
		lines = append(lines, fmt.Sprintf("e%07d\t{type:task,status:s%d,prio:p%d,owner:u%d,team:t%d,k1:v%d,k2:v%d,flag%d}\tcontent-%d\n",
			i, i%5, i%3, i%100, i%10, i%7, i%11, i%2, i))
	}
	r := &recorder{}
	// feed in chunks like a client would
	for i := 0; i < len(lines); i += 1000 {
		r.copyIn = append(r.copyIn, strings.Join(lines[i:min(i+1000, len(lines))], ""))
	}
	if err := ts.s.ExecSimple(context.Background(), "COPY b.entities (id, tags, content) FROM STDIN", r); err != nil {
		b.Fatal(err)
	}
	return ts
}

type nullOut struct{ recorder }

func (nullOut) Row([][]byte) error { return nil }

func runPrepared(b *testing.B, ts *testSession, sql string, params []BindParam) {
	ctx := context.Background()
	ts.s.CloseStatement("p")
	if _, err := ts.s.Prepare(ctx, "p", sql, nil); err != nil {
		b.Fatal(err)
	}
	out := &nullOut{}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := ts.s.Bind(ctx, "", "p", params, []int16{1}); err != nil {
			b.Fatal(err)
		}
		if _, _, err := ts.s.Execute(ctx, "", 0, out); err != nil {
			b.Fatal(err)
		}
		if err := ts.s.Sync(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQueries(b *testing.B) {
	ts := benchEnv(b, 100000)
	b.Run("point-lookup", func(b *testing.B) {
		runPrepared(b, ts, "SELECT id, tags, content, created_at, updated_at FROM b.entities WHERE id = $1", []BindParam{{Value: []byte("e0004242")}})
	})
	b.Run("tag-limit-100", func(b *testing.B) {
		runPrepared(b, ts, "SELECT id, tags, content FROM b.entities WHERE tags @> ARRAY['status:s3'] LIMIT 100", nil)
	})
	b.Run("tag-order-limit-100", func(b *testing.B) {
		runPrepared(b, ts, "SELECT id, tags FROM b.entities WHERE tags @> ARRAY['owner:u7'] ORDER BY created_at DESC LIMIT 100", nil)
	})
	b.Run("count-two-tags", func(b *testing.B) {
		runPrepared(b, ts, "SELECT count(*) FROM b.entities WHERE tags @> ARRAY['status:s3', 'team:t4']", nil)
	})
	b.Run("group-by-tag", func(b *testing.B) {
		runPrepared(b, ts, "SELECT tag_value(tags, 'status'), count(*) FROM b.entities GROUP BY 1", nil)
	})
	// the same index shapes with the pattern, key or tags bound as a parameter
	b.Run("count-prefix-literal", func(b *testing.B) {
		runPrepared(b, ts, "SELECT count(*) FROM b.entities WHERE has_tag_like(tags, 'owner:u1%')", nil)
	})
	b.Run("count-prefix-param", func(b *testing.B) {
		runPrepared(b, ts, "SELECT count(*) FROM b.entities WHERE has_tag_like(tags, $1)", []BindParam{{Value: []byte("owner:u1%")}})
	})
	b.Run("group-by-tag-param", func(b *testing.B) {
		runPrepared(b, ts, "SELECT tag_value(tags, $1), count(*) FROM b.entities GROUP BY 1", []BindParam{{Value: []byte("status")}})
	})
	b.Run("prefix-limit-100-param", func(b *testing.B) {
		runPrepared(b, ts, "SELECT id, tags, content, created_at FROM b.entities WHERE has_tag_like(tags, $1) LIMIT 100", []BindParam{{Value: []byte("owner:u1%")}})
	})
	b.Run("or-limit-100-param", func(b *testing.B) {
		runPrepared(b, ts, "SELECT id, tags, content, created_at FROM b.entities WHERE tags && $1 LIMIT 100", []BindParam{{Value: []byte("{status:s1,team:t2}")}})
	})
	b.Run("simple-point-lookup", func(b *testing.B) {
		out := &nullOut{}
		b.ReportAllocs()
		for b.Loop() {
			if err := ts.s.ExecSimple(context.Background(), "SELECT id, tags FROM b.entities WHERE id = 'e0004242'", out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSimpleDistinctLiterals(b *testing.B) {
	ts := benchEnv(b, 10000)
	out := &nullOut{}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		sql := fmt.Sprintf("SELECT id, tags FROM b.entities WHERE id = 'e%07d'", i%10000)
		if err := ts.s.ExecSimple(context.Background(), sql, out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrites measures autocommit and transaction-block writes. The
// data directory is on tmpfs when the machine has /dev/shm, so fsync does
// not hide the SQL layer's cost.
func BenchmarkWrites(b *testing.B) {
	dir := b.TempDir()
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if dir, err = os.MkdirTemp("/dev/shm", "entitydb-bench-"); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
	}
	reg, err := namespace.Open(namespace.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { reg.Close() })
	eng, err := NewEngine(Config{Registry: reg})
	if err != nil {
		b.Fatal(err)
	}
	ts := (&testEnv{t: b, reg: reg, eng: eng}).session()
	ts.exec("CREATE SCHEMA w")
	ts.exec("INSERT INTO w.entities (id, tags, content) SELECT 'e' || i, ARRAY['n:' || i % 10], 'c'::bytea FROM generate_series(1, 1000) i")
	ctx := context.Background()
	exec := func(b *testing.B, sql string, params func(i int) []BindParam) {
		ts.s.CloseStatement("w")
		if _, err := ts.s.Prepare(ctx, "w", sql, nil); err != nil {
			b.Fatal(err)
		}
		out := &nullOut{}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			if err := ts.s.Bind(ctx, "", "w", params(i), nil); err != nil {
				b.Fatal(err)
			}
			if _, _, err := ts.s.Execute(ctx, "", 0, out); err != nil {
				b.Fatal(err)
			}
			if err := ts.s.Sync(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("update-by-id", func(b *testing.B) {
		exec(b, "UPDATE w.entities SET content = $1 WHERE id = $2", func(i int) []BindParam {
			return []BindParam{{Value: []byte(fmt.Sprint(i))}, {Value: []byte(fmt.Sprintf("e%d", 1+i%1000))}}
		})
	})
	inserted := 0 // ids stay new across the benchmark's runs
	b.Run("insert-with-id", func(b *testing.B) {
		exec(b, "INSERT INTO w.entities (id, tags) VALUES ($1, '{new}')", func(int) []BindParam {
			inserted++
			return []BindParam{{Value: []byte(fmt.Sprintf("i%d", inserted))}}
		})
	})
	b.Run("insert-generated-id", func(b *testing.B) {
		exec(b, "INSERT INTO w.entities (tags) VALUES ('{gen}')", func(int) []BindParam { return nil })
	})
	b.Run("block-update-insert", func(b *testing.B) {
		out := &nullOut{}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			sql := fmt.Sprintf("BEGIN; UPDATE w.entities SET content = 'u' WHERE id = 'e%d'; INSERT INTO w.entities (tags) VALUES ('{blk}'); END", 1+i%1000)
			if err := ts.s.ExecSimple(ctx, sql, out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSimpleProtocolCosts splits the cost of a simple-protocol
// statement whose text the caches have not seen (a new literal) into the
// steps a fingerprint-keyed plan cache could skip or would add: parsing
// (pg_query's C parser plus the protobuf tree), fingerprinting and
// normalising (each runs the C parser again), scanning (the lexer, to pull
// the literals out), and binding/planning; and the whole statement with
// and without the shape cache (shape.go). docs/planner.md reports them.
func BenchmarkSimpleProtocolCosts(b *testing.B) {
	ts := benchEnv(b, 10000)
	queries := map[string]string{
		"point":   "SELECT id, tags, content FROM b.entities WHERE id = 'e%07d'",
		"tag-top": "SELECT id, tags FROM b.entities WHERE tags @> ARRAY['status:s3', 'owner:u%d'] ORDER BY created_at DESC LIMIT 10",
	}
	for _, name := range []string{"point", "tag-top"} {
		q := queries[name]
		text := func(i int) string { return fmt.Sprintf(q, i%10000) }
		b.Run(name+"/parse", func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if _, err := pg.Parse(text(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/fingerprint", func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if _, err := pg.FingerprintToUInt64(text(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/normalize", func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if _, err := pg.Normalize(text(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/scan", func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if _, err := pg.Scan(text(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/bind-and-plan", func(b *testing.B) {
			sql := text(42)
			stmts, err := ts.s.engine.parse(sql)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ts.s.planStatement(stmts[0], sql, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		out := &nullOut{}
		b.Run(name+"/end-to-end-same-text", func(b *testing.B) {
			sql := text(42)
			b.ReportAllocs()
			for b.Loop() {
				if err := ts.s.ExecSimple(context.Background(), sql, out); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, shapes := range []string{"on", "off"} {
			b.Run(name+"/end-to-end-new-literal/shape_cache="+shapes, func(b *testing.B) {
				ts.exec("SET entitydb.shape_cache = " + shapes)
				defer ts.exec("RESET entitydb.shape_cache")
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					if err := ts.s.ExecSimple(context.Background(), text(i), out); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
