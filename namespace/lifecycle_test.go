package namespace

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func ebfContains(t *testing.T, dir string, marker string) bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "entities.ebf"))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(b, []byte(marker))
}

// TestPurgeIsPhysical: a purged entity disappears from new snapshots at
// once, stays visible to an older snapshot until it is released, and its
// bytes are gone from entities.ebf after the next checkpoint; a dropped
// namespace's bytes are gone at drop.
func TestPurgeIsPhysical(t *testing.T) {
	dir := t.TempDir()
	r := openTest(t, nil, dir)
	defer r.Close()
	n := mustNS(t, r, "ns1")
	secret := "SECRET-CONTENT-4711"
	commit(t, n, func(b *Batch) {
		b.Insert(Entity{ID: "victim", Tags: []string{"pii"}, Content: []byte(secret + "-v1")})
		b.Insert(Entity{ID: "keep", Tags: []string{"pii"}, Content: []byte("keep")})
	})
	commit(t, n, func(b *Batch) {
		b.Put(Entity{ID: "victim", Tags: []string{"pii"}, Content: []byte(secret + "-v2")}, Expect{})
	})
	if err := r.Checkpoint(ctx, "ns1"); err != nil {
		t.Fatal(err)
	}
	if !ebfContains(t, dir, secret+"-v1") || !ebfContains(t, dir, secret+"-v2") {
		t.Fatal("versions not in entities.ebf after checkpoint")
	}
	old, _ := n.Snapshot(ctx)
	commit(t, n, func(b *Batch) { b.Purge("victim") })
	s, _ := n.Snapshot(ctx)
	if _, ok := s.Lookup("victim"); ok || s.Count(Tag("pii")) != 1 {
		t.Fatal("purged entity visible to a new snapshot")
	}
	s.Release()
	if err := r.Checkpoint(ctx, "ns1"); err != nil {
		t.Fatal(err)
	}
	d, ok := old.Lookup("victim")
	if !ok {
		t.Fatal("older snapshot lost the entity before release")
	}
	if e, err := old.Get(d); err != nil || string(e.Content) != secret+"-v2" {
		t.Fatalf("older snapshot read: %v %v", e, err)
	}
	if !ebfContains(t, dir, secret) {
		t.Fatal("reclaimed while a snapshot could see it")
	}
	old.Release()
	if err := r.Checkpoint(ctx, "ns1"); err != nil {
		t.Fatal(err)
	}
	if ebfContains(t, dir, secret) {
		t.Fatal("purged content still in entities.ebf after release and checkpoint")
	}
	if st := n.Stats(); st.Versions != 1 || st.Entities != 1 {
		t.Fatalf("stats after purge: %+v", st)
	}
	// Drop: files removed, bytes punched.
	m := mustNS(t, r, "ns2")
	commit(t, m, func(b *Batch) { b.Insert(Entity{ID: "x", Content: []byte("DROPPED-DATA-99")}) })
	r.Checkpoint(ctx, "ns2")
	if !ebfContains(t, dir, "DROPPED-DATA-99") {
		t.Fatal("not checkpointed")
	}
	if err := r.Drop(ctx, "ns2"); err != nil {
		t.Fatal(err)
	}
	if ebfContains(t, dir, "DROPPED-DATA-99") {
		t.Fatal("dropped namespace's content still in entities.ebf")
	}
	for _, f := range []string{"ns2.wal", "ns2.idx"} {
		if _, err := os.Stat(filepath.Join(dir, "namespaces", f)); !os.IsNotExist(err) {
			t.Fatalf("%s not removed: %v", f, err)
		}
	}
}

// TestRetention keeps the configured number of prior versions.
func TestRetention(t *testing.T) {
	r := openTest(t, nil, t.TempDir())
	defer r.Close()
	n := mustNS(t, r, "ns1")
	for i := 0; i < 6; i++ {
		commit(t, n, func(b *Batch) { b.Put(Entity{ID: "a", Tags: []string{fmt.Sprint("v:", i)}}, Expect{}) })
	}
	if got := n.Stats().Versions; got != 6 {
		t.Fatalf("history: %d versions, want 6", got)
	}
	if err := r.SetRetention(ctx, "ns1", 2); err != nil {
		t.Fatal(err)
	}
	r.Checkpoint(ctx, "ns1")
	if got := n.Stats().Versions; got != 3 {
		t.Fatalf("retention 2: %d versions, want 3 (current + 2)", got)
	}
	s, _ := n.Snapshot(ctx)
	defer s.Release()
	if s.Count(Tag("v:5")) != 1 || s.Count(Prefix("v:")) != 1 {
		t.Fatal("current version damaged by retention")
	}
}

// TestLazyLoadAndEviction: opening loads nothing; Get loads; a memory
// budget evicts idle namespaces, which reload transparently.
func TestLazyLoadAndEviction(t *testing.T) {
	dir := t.TempDir()
	r := openTest(t, nil, dir)
	for i := 0; i < 5; i++ {
		n := mustNS(t, r, fmt.Sprint("ns", i))
		commit(t, n, func(b *Batch) {
			for k := 0; k < 200; k++ {
				b.Insert(Entity{ID: fmt.Sprint(k), Tags: []string{"t:" + fmt.Sprint(k%7)}, Content: bytes.Repeat([]byte("x"), 200)})
			}
		})
	}
	r.Close()
	r, err := Open(Options{Dir: dir, MemoryBudget: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := 0; i < 5; i++ {
		if r.Loaded(fmt.Sprint("ns", i)) {
			t.Fatal("Open loaded a namespace")
		}
	}
	handles := []*Namespace{}
	for i := 0; i < 5; i++ {
		n, err := r.Get(ctx, fmt.Sprint("ns", i))
		if err != nil {
			t.Fatal(err)
		}
		if !r.Loaded(n.Name()) {
			t.Fatal("Get did not load")
		}
		handles = append(handles, n)
	}
	held, _ := handles[0].Snapshot(ctx) // in use: must not be evicted
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		loaded := 0
		for i := 1; i < 5; i++ {
			if r.Loaded(fmt.Sprint("ns", i)) {
				loaded++
			}
		}
		if loaded == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	for i := 1; i < 5; i++ {
		if r.Loaded(fmt.Sprint("ns", i)) {
			t.Fatalf("ns%d not evicted under the budget", i)
		}
	}
	if !r.Loaded("ns0") || held.Count(Tag("t:3")) == 0 {
		t.Fatal("namespace with a held snapshot was evicted")
	}
	held.Release()
	s, err := handles[3].Snapshot(ctx) // transparent reload
	if err != nil {
		t.Fatal(err)
	}
	if s.Count(All()) != 200 || s.Count(Tag("t:3")) != 29 {
		t.Fatalf("after reload: %d entities", s.Count(All()))
	}
	s.Release()
}

// TestReadersSeeWholeBatches: while writers commit batches of two
// entities, every snapshot sees an even number of them, and all of a
// snapshot's reads agree with each other however long it is held.
func TestReadersSeeWholeBatches(t *testing.T) {
	r := openTest(t, nil, t.TempDir())
	defer r.Close()
	n := mustNS(t, r, "ns1")
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				var b Batch
				b.Insert(Entity{ID: fmt.Sprintf("%d-%d-a", w, i), Tags: []string{"pair"}})
				b.Insert(Entity{ID: fmt.Sprintf("%d-%d-b", w, i), Tags: []string{"pair"}})
				if i%3 == 2 {
					b.Delete(fmt.Sprintf("%d-%d-a", w, i-1), Expect{})
					b.Delete(fmt.Sprintf("%d-%d-b", w, i-1), Expect{})
				}
				if _, err := n.Commit(ctx, &b); err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	for i := 0; i < 200; i++ {
		s, err := n.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c := s.Count(Tag("pair"))
		if c%2 != 0 {
			t.Fatalf("snapshot sees half a batch: %d", c)
		}
		time.Sleep(time.Millisecond)
		scanned := uint64(0)
		s.Scan(ByIDAsc, nil, func(DocNum) bool { scanned++; return true })
		if scanned != c || s.Count(All()) != c || s.Eval(Tag("pair")).GetCardinality() != c {
			t.Fatalf("snapshot reads disagree: count %d scan %d", c, scanned)
		}
		s.Release()
	}
	stop.Store(true)
	wg.Wait()
}

// TestClosed: operations after Close fail with ErrClosed.
func TestClosed(t *testing.T) {
	r := openTest(t, nil, t.TempDir())
	n := mustNS(t, r, "public")
	r.Close()
	if _, err := r.Get(ctx, "public"); !errors.Is(err, ErrClosed) {
		t.Fatalf("get after close: %v", err)
	}
	var b Batch
	b.Insert(ent("a"))
	if _, err := n.Commit(ctx, &b); !errors.Is(err, ErrClosed) {
		t.Fatalf("commit after close: %v", err)
	}
}

func allocated(t *testing.T, path string) int64 {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		t.Fatal(err)
	}
	return st.Blocks * 512
}

// TestCompactionReclaimsSpace: purging scattered entities frees little
// (their records share file-system blocks with live ones); Compact then
// rewrites the namespace contiguously and the file's allocated size drops,
// while every query still answers the same, also after reopening.
func TestCompactionReclaimsSpace(t *testing.T) {
	dir := t.TempDir()
	r := openTest(t, nil, dir)
	n := mustNS(t, r, "ns1")
	const N = 4000
	for start := 0; start < N; start += 500 {
		commit(t, n, func(b *Batch) {
			for i := start; i < start+500; i++ {
				b.Insert(Entity{ID: fmt.Sprint("e", i), Tags: []string{fmt.Sprint("m:", i%5)}, Content: bytes.Repeat([]byte{byte('a' + i%26)}, 900)})
			}
		})
	}
	r.Checkpoint(ctx, "ns1")
	ebf := filepath.Join(dir, "entities.ebf")
	full := allocated(t, ebf)
	commit(t, n, func(b *Batch) {
		for i := 0; i < N; i++ {
			if i%4 != 0 {
				b.Purge(fmt.Sprint("e", i))
			}
		}
	})
	r.Checkpoint(ctx, "ns1")
	punched := allocated(t, ebf)
	want := contents(t, r, "ns1")
	if len(want) != N/4 {
		t.Fatalf("%d entities after purge", len(want))
	}
	if err := r.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	compacted := allocated(t, ebf)
	t.Logf("allocated: full %d KiB, after purge %d KiB, after compaction %d KiB", full>>10, punched>>10, compacted>>10)
	if full < 3<<20 {
		t.Skipf("file system does not report allocation as expected (%d bytes)", full)
	}
	if compacted > full/3 {
		t.Fatalf("compaction left %d of %d bytes allocated", compacted, full)
	}
	sameState(t, contents(t, r, "ns1"), want)
	if err := r.Compact(ctx); err != nil { // nothing more to do
		t.Fatal(err)
	}
	r.Close()
	r = openTest(t, nil, dir)
	defer r.Close()
	sameState(t, contents(t, r, "ns1"), want)
}

// TestRelocateUnderReads: readers holding snapshots keep reading every
// entity while the namespace's records are rewritten and the old ranges
// punched, again and again.
func TestRelocateUnderReads(t *testing.T) {
	r := openTest(t, nil, t.TempDir())
	defer r.Close()
	n := mustNS(t, r, "ns1")
	commit(t, n, func(b *Batch) {
		for i := 0; i < 300; i++ {
			b.Insert(Entity{ID: fmt.Sprint("e", i), Content: []byte(fmt.Sprint("content-", i))})
		}
	})
	r.Checkpoint(ctx, "ns1")
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				s, err := n.Snapshot(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				s.Scan(ByIDAsc, nil, func(d DocNum) bool {
					e, err := s.Get(d)
					if err != nil || string(e.Content) != "content-"+e.ID[1:] {
						t.Errorf("read during relocation: %v %v", e, err)
						return false
					}
					return true
				})
				s.Release()
			}
		}()
	}
	h, _ := r.handle("ns1")
	for i := 0; i < 20; i++ {
		st, err := h.acquire()
		if err != nil {
			t.Fatal(err)
		}
		st.cache.Purge() // force reads from entities.ebf
		err = st.relocate()
		h.release(st)
		if err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
}
