package namespace

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Benchmarks run on a deterministic dataset: 100 namespaces whose sizes
// follow Zipf's law (s=1) and total 1,000,000 entities at full scale (the
// largest ~193k). ENTITYDB_BENCH_SCALE scales the total (default 0.02 so
// that `make bench-go-smoke` stays quick); the figures in
// docs/performance.md use ENTITYDB_BENCH_SCALE=1.

func benchScale() float64 {
	if v, err := strconv.ParseFloat(os.Getenv("ENTITYDB_BENCH_SCALE"), 64); err == nil && v > 0 {
		return v
	}
	return 0.02
}

const benchNamespaces = 100

// zipfSizes returns the namespace sizes for total entities.
func zipfSizes(total int) []int {
	var h float64
	for i := 1; i <= benchNamespaces; i++ {
		h += 1 / float64(i)
	}
	sizes := make([]int, benchNamespaces)
	for i := range sizes {
		sizes[i] = max(1, int(math.Round(float64(total)/(float64(i+1)*h))))
	}
	return sizes
}

// genEntity makes entity i of a namespace: 5–10 tags over type, status,
// priority, assignee, project and label with realistic cardinalities, and
// 100–500 bytes of content.
func genEntity(rng *rand.Rand, i int, created time.Time) Entity {
	types := []string{"task", "bug", "story", "epic", "note"}
	status := []string{"open", "in_progress", "review", "blocked", "done", "archived"}
	tags := []string{
		"type:" + types[min(rng.IntN(10), 4)%5], // skewed towards task
		"status:" + status[rng.IntN(len(status))],
		"priority:" + strconv.Itoa(rng.IntN(4)),
		"assignee:user" + strconv.Itoa(int(rng.ExpFloat64()*20)%200),
		"project:p" + strconv.Itoa(rng.IntN(50)),
	}
	for k := rng.IntN(6); k > 0; k-- {
		tags = append(tags, "label:l"+strconv.Itoa(rng.IntN(100)))
	}
	content := make([]byte, 100+rng.IntN(401))
	for j := range content {
		content[j] = 'a' + byte(rng.IntN(26))
	}
	return Entity{ID: fmt.Sprintf("%016x%016x", rng.Uint64(), i), Tags: tags, Content: content, CreatedAt: created, UpdatedAt: created}
}

type benchData struct {
	dir    string
	reg    *Registry
	names  []string
	sizes  []int
	global *Namespace // every entity once more, tagged ns:<name>
}

var (
	benchOnce sync.Once
	benchDS   *benchData
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDS != nil {
		benchDS.reg.Close()
		os.RemoveAll(benchDS.dir)
	}
	os.Exit(code)
}

// dataset builds (once per process) the Zipf dataset and a global
// namespace with the same entities tagged by namespace.
func dataset(b *testing.B) *benchData {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "entitydb-bench-")
		if err != nil {
			b.Fatal(err)
		}
		r, err := Open(Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		total := int(1_000_000 * benchScale())
		ds := &benchData{dir: dir, reg: r, sizes: zipfSizes(total)}
		ctx := context.Background()
		r.Create(ctx, "global", "bench")
		ds.global, _ = r.Get(ctx, "global")
		rng := rand.New(rand.NewPCG(42, 42))
		base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		start := time.Now()
		for i, size := range ds.sizes {
			name := fmt.Sprintf("ns%03d", i)
			ds.names = append(ds.names, name)
			if err := r.Create(ctx, name, "bench"); err != nil {
				b.Fatal(err)
			}
			n, _ := r.Get(ctx, name)
			for done := 0; done < size; {
				var batch, gbatch Batch
				for k := 0; k < 2000 && done < size; k++ {
					e := genEntity(rng, done, base.Add(time.Duration(done)*time.Second))
					batch.Insert(e)
					g := e
					g.Tags = append([]string{"ns:" + name}, e.Tags...)
					g.ID = name + "/" + e.ID
					gbatch.Insert(g)
					done++
				}
				if _, err := n.Commit(ctx, &batch); err != nil {
					b.Fatal(err)
				}
				if _, err := ds.global.Commit(ctx, &gbatch); err != nil {
					b.Fatal(err)
				}
			}
			if err := r.Checkpoint(ctx, name); err != nil {
				b.Fatal(err)
			}
		}
		if err := r.Checkpoint(ctx, "global"); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "bench dataset: %d entities in %d namespaces (largest %d) built in %v\n",
			total, len(ds.sizes), ds.sizes[0], time.Since(start).Round(time.Millisecond))
		benchDS = ds
	})
	if benchDS == nil {
		b.Fatal("no dataset")
	}
	return benchDS
}

func snap(b *testing.B, r *Registry, name string) *Snapshot {
	n, err := r.Get(context.Background(), name)
	if err != nil {
		b.Fatal(err)
	}
	s, err := n.Snapshot(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Release)
	return s
}

// BenchmarkQuery: the planner's operations in the largest namespace and in
// a small one (rank 80).
func BenchmarkQuery(b *testing.B) {
	ds := dataset(b)
	for _, rank := range []int{0, 79} {
		name := ds.names[rank]
		b.Run(fmt.Sprintf("ns=%s/size=%d", name, ds.sizes[rank]), func(b *testing.B) {
			s := snap(b, ds.reg, name)
			var someID string
			s.Scan(ByIDAsc, nil, func(d DocNum) bool { e, _ := s.Get(d); someID = e.ID; return false })
			queries := []struct {
				name string
				q    *Query
			}{
				{"tag", Tag("status:open")},
				{"and2", And(Tag("type:task"), Tag("status:open"))},
				{"or2", Or(Tag("status:blocked"), Tag("priority:3"))},
				{"prefix", Prefix("assignee:user1")},
			}
			for _, q := range queries {
				b.Run("count/"+q.name, func(b *testing.B) {
					b.ReportAllocs()
					var n uint64
					for b.Loop() {
						n = s.Count(q.q)
					}
					b.ReportMetric(float64(n), "matches")
				})
				b.Run("eval/"+q.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						s.Eval(q.q)
					}
				})
			}
			b.Run("newest20/tag", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					f := s.Eval(Tag("status:open"))
					k := 0
					s.Scan(ByCreatedDesc, f, func(d DocNum) bool {
						s.Get(d)
						k++
						return k < 20
					})
				}
			})
			b.Run("get-by-id", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					d, ok := s.Lookup(someID)
					if !ok {
						b.Fatal("missing")
					}
					s.Get(d)
				}
			})
		})
	}
}

// BenchmarkScoped compares a query scoped to a small namespace with the
// same query on one global index filtered by a namespace tag (the old
// dataset model).
func BenchmarkScoped(b *testing.B) {
	ds := dataset(b)
	name := ds.names[79]
	small := snap(b, ds.reg, name)
	global := snap(b, ds.reg, "global")
	for _, c := range []struct {
		shape string
		run   func(s *Snapshot, scope *Query)
	}{
		{"count-tag", func(s *Snapshot, scope *Query) { s.Count(and(scope, Tag("status:open"))) }},
		{"newest20-tag", func(s *Snapshot, scope *Query) {
			k := 0
			s.Scan(ByCreatedDesc, s.Eval(and(scope, Tag("status:open"))), func(d DocNum) bool { s.Get(d); k++; return k < 20 })
		}},
	} {
		b.Run(c.shape+"/namespace", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.run(small, nil)
			}
		})
		b.Run(c.shape+"/global", func(b *testing.B) {
			b.ReportAllocs()
			scope := Tag("ns:" + name)
			for b.Loop() {
				c.run(global, scope)
			}
		})
	}
}

func and(scope, q *Query) *Query {
	if scope == nil {
		return q
	}
	return And(scope, q)
}

// BenchmarkCommit measures durable single-entity commits (each waits for
// its fsync): 1 writer, 8 writers on one namespace (group commit) and 8
// writers on 8 namespaces (parallel WALs).
func BenchmarkCommit(b *testing.B) {
	for _, c := range []struct {
		name       string
		writers    int
		namespaces int
	}{{"writers=1", 1, 1}, {"writers=8/namespaces=1", 8, 1}, {"writers=8/namespaces=8", 8, 8}} {
		b.Run(c.name, func(b *testing.B) {
			r, err := Open(Options{Dir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			ctx := context.Background()
			var nss []*Namespace
			for i := 0; i < c.namespaces; i++ {
				r.Create(ctx, fmt.Sprint("w", i), "bench")
				n, _ := r.Get(ctx, fmt.Sprint("w", i))
				nss = append(nss, n)
			}
			rng := rand.New(rand.NewPCG(1, 1))
			proto := genEntity(rng, 0, time.Now())
			var next atomic.Int64
			b.ResetTimer()
			cpu0 := cpuTime()
			start := time.Now()
			var wg sync.WaitGroup
			for w := 0; w < c.writers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					n := nss[w%len(nss)]
					for {
						i := next.Add(1)
						if i > int64(b.N) {
							return
						}
						e := proto
						e.ID = strconv.FormatInt(i, 10)
						var batch Batch
						batch.Insert(e)
						if _, err := n.Commit(ctx, &batch); err != nil {
							b.Error(err)
							return
						}
					}
				}(w)
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "commits/s")
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Microsecond)/float64(b.N), "cpu-µs/commit")
		})
	}
}

// cpuTime is the process's user plus system CPU time (the commit path's
// cost on a machine with few cores, where throughput alone hides it).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkOpen measures opening a store of 1000 namespaces (each with a
// checkpoint) and the first answer from one of them.
func BenchmarkOpen(b *testing.B) {
	dir := b.TempDir()
	ctx := context.Background()
	r, err := Open(Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for i := 0; i < 1000; i++ {
		name := fmt.Sprintf("t%04d", i)
		r.Create(ctx, name, "bench")
		n, _ := r.Get(ctx, name)
		var batch Batch
		for k := 0; k < 20; k++ {
			batch.Insert(genEntity(rng, k, time.Now()))
		}
		n.Commit(ctx, &batch)
		r.Evict(ctx, name)
	}
	r.Close()
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			r, err := Open(Options{Dir: dir})
			if err != nil {
				b.Fatal(err)
			}
			r.Close()
		}
	})
	b.Run("open+first-count", func(b *testing.B) {
		for b.Loop() {
			r, err := Open(Options{Dir: dir})
			if err != nil {
				b.Fatal(err)
			}
			n, err := r.Get(ctx, "t0500")
			if err != nil {
				b.Fatal(err)
			}
			s, _ := n.Snapshot(ctx)
			if s.Count(Tag("type:task")) == 0 {
				b.Fatal("no tasks")
			}
			s.Release()
			r.Close()
		}
	})
}

// BenchmarkHeap reports the heap in use with all 100 namespaces loaded and
// with one loaded after evicting the others.
func BenchmarkHeap(b *testing.B) {
	ds := dataset(b)
	ctx := context.Background()
	heap := func() float64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapInuse)
	}
	for b.Loop() {
		// Start from nothing loaded, so entity caches filled while the
		// dataset was built do not count: this is index memory.
		ds.reg.Evict(ctx, "global")
		for _, name := range ds.names {
			if err := ds.reg.Evict(ctx, name); err != nil {
				b.Fatal(err)
			}
		}
		none := heap()
		for _, name := range ds.names {
			n, _ := ds.reg.Get(ctx, name)
			s, _ := n.Snapshot(ctx)
			s.Count(Tag("type:task"))
			s.Release()
		}
		all := heap()
		for _, name := range ds.names[1:] {
			if err := ds.reg.Evict(ctx, name); err != nil {
				b.Fatal(err)
			}
		}
		one := heap()
		for _, name := range ds.names[:1] {
			ds.reg.Evict(ctx, name)
		}
		n, _ := ds.reg.Get(ctx, ds.names[50])
		s, _ := n.Snapshot(ctx)
		s.Release()
		oneSmall := heap()
		b.ReportMetric(none/(1<<20), "MB-none-loaded")
		b.ReportMetric(all/(1<<20), "MB-all-loaded")
		b.ReportMetric(one/(1<<20), "MB-largest-loaded")
		b.ReportMetric(oneSmall/(1<<20), "MB-one-small-loaded")
		ds.reg.Evict(ctx, ds.names[50])
	}
}
