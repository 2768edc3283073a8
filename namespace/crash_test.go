package namespace

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entitydb/entitydb/storage"
	"github.com/entitydb/entitydb/storage/wal"
)

// contents returns the live entities of a namespace as id -> "tags|content".
func contents(t *testing.T, r *Registry, name string) map[string]string {
	t.Helper()
	n, err := r.Get(ctx, name)
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	s, err := n.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Release()
	out := map[string]string{}
	var ferr error
	s.Scan(ByIDAsc, nil, func(d DocNum) bool {
		e, err := s.Get(d)
		if err != nil {
			ferr = err
			return false
		}
		out[e.ID] = strings.Join(e.Tags, ",") + "|" + string(e.Content)
		return true
	})
	if ferr != nil {
		t.Fatal(ferr)
	}
	return out
}

func sameState(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		var extra, missing []string
		for id := range got {
			if _, ok := want[id]; !ok {
				extra = append(extra, id)
			}
		}
		for id := range want {
			if _, ok := got[id]; !ok {
				missing = append(missing, id)
			}
		}
		t.Fatalf("%d entities, want %d (extra %v, missing %v)", len(got), len(want), extra, missing)
	}
	for id, w := range want {
		if got[id] != w {
			t.Fatalf("entity %s = %q, want %q", id, got[id], w)
		}
	}
}

func rewrite(t *testing.T, fs storage.FS, path string, f func([]byte) []byte) {
	t.Helper()
	data, err := storage.ReadFile(fs, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Remove(path); err != nil {
		t.Fatal(err)
	}
	if data = f(data); data == nil {
		return // removed
	}
	if err := storage.WriteFileAtomic(fs, path, data); err != nil {
		t.Fatal(err)
	}
}

// walOffsets returns the offsets of the records in a WAL file, and the
// end of the last one (the file goes on with zeros written ahead).
func walOffsets(t *testing.T, fs storage.FS, path string) ([]int64, int64) {
	data, _ := storage.ReadFile(fs, path)
	var offs []int64
	end, _, err := wal.Decode(data, func(off int64, _ []byte) error { offs = append(offs, off); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return offs, end
}

// TestWALCorruption damages a namespace's WAL in named ways: a torn final
// record is dropped (its commit never returned), anything else is a
// CorruptionError naming the file and offset, and other namespaces stay
// usable.
func TestWALCorruption(t *testing.T) {
	const batches = 6
	cases := []struct {
		name    string
		damage  func(b []byte, offs []int64, end int64) []byte
		corrupt int // record index reported, -1 none
		keep    int // batches that survive
	}{
		{"torn_last_record", func(b []byte, _ []int64, end int64) []byte { return b[:end-5] }, -1, batches - 1},
		{"torn_last_record_in_space_ahead", func(b []byte, _ []int64, end int64) []byte {
			copy(b[end-5:end], make([]byte, 5))
			return b
		}, -1, batches - 1},
		{"torn_last_header", func(b []byte, offs []int64, _ int64) []byte { return b[:offs[batches-1]+3] }, -1, batches - 1},
		{"bad_checksum", func(b []byte, offs []int64, _ int64) []byte { b[offs[2]+wal.FrameHeaderSize+3] ^= 0x10; return b }, 2, 0},
		{"bad_length", func(b []byte, offs []int64, _ int64) []byte {
			binary.LittleEndian.PutUint32(b[offs[3]:], 3)
			return b
		}, 3, 0},
		{"zeroed_middle", func(b []byte, offs []int64, _ int64) []byte {
			copy(b[offs[1]:offs[2]+4], make([]byte, offs[2]+4-offs[1]))
			return b
		}, 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := storage.NewMemFS()
			r := openTest(t, fs, "/data")
			n := mustNS(t, r, "ns1")
			want := map[string]string{}
			var states []map[string]string
			for i := 0; i < batches; i++ {
				id := fmt.Sprintf("id%d", i)
				commit(t, n, func(b *Batch) { b.Insert(Entity{ID: id, Tags: []string{"k:v"}, Content: []byte(id)}) })
				want[id] = "k:v|" + id
				states = append(states, copyMap(want))
			}
			commit(t, mustNS(t, r, "public"), func(b *Batch) { b.Insert(ent("p")) })
			// Crash so that the WAL is not checkpointed away by Close.
			fs = fs.Crash(nil)
			r.Close()
			path := filepath.Join("/data", "namespaces", "ns1.wal")
			offs, end := walOffsets(t, fs, path)
			rewrite(t, fs, path, func(b []byte) []byte { return c.damage(b, offs, end) })
			r = openTest(t, fs, "/data")
			defer r.Close()
			_, err := r.Get(ctx, "ns1")
			if c.corrupt >= 0 {
				var ce *storage.CorruptionError
				if !errors.As(err, &ce) || ce.File != path || ce.Offset != offs[c.corrupt] {
					t.Fatalf("want CorruptionError at %s:%d, got %v", path, offs[c.corrupt], err)
				}
				if got := contents(t, r, "public"); got["p"] == "" {
					t.Fatal("other namespace unusable")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sameState(t, contents(t, r, "ns1"), states[c.keep-1])
			// Writing continues after the repaired tail.
			commit(t, mustNS(t, r, "ns1"), func(b *Batch) { b.Insert(ent("after")) })
		})
	}
}

func copyMap(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestIndexCorruption damages a checkpoint in named ways; the namespace is
// rebuilt from entities.ebf and the WAL, says so in the log, and has
// exactly the committed state (purged entities stay purged).
func TestIndexCorruption(t *testing.T) {
	cases := []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"missing", func([]byte) []byte { return nil }},
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"bad_checksum", func(b []byte) []byte { b[len(b)/2] ^= 1; return b }},
		{"bad_length", func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[len(b)-storage.IndexTrailerSize:], 5)
			return b
		}},
		{"zeroed_middle", func(b []byte) []byte { copy(b[20:len(b)-20], make([]byte, len(b)-40)); return b }},
		{"bad_magic", func(b []byte) []byte { b[0] = 'x'; return b }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := storage.NewMemFS()
			var logBuf bytes.Buffer
			var logMu sync.Mutex
			logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
				logMu.Lock()
				defer logMu.Unlock()
				return logBuf.Write(p)
			}), nil))
			opts := Options{Dir: "/data", FS: fs, Logger: logger}
			r, err := Open(opts)
			if err != nil {
				t.Fatal(err)
			}
			n := mustNS(t, r, "ns1")
			for i := 0; i < 20; i++ {
				commit(t, n, func(b *Batch) {
					b.Insert(Entity{ID: fmt.Sprint("e", i), Tags: []string{fmt.Sprint("m:", i%3)}, Content: []byte{byte(i)}})
				})
			}
			commit(t, n, func(b *Batch) { b.Purge("e3"); b.Delete("e4", Expect{}) })
			commit(t, n, func(b *Batch) { b.Put(Entity{ID: "e5", Tags: []string{"new"}}, Expect{}) })
			if err := r.Checkpoint(ctx, "ns1"); err != nil {
				t.Fatal(err)
			}
			commit(t, n, func(b *Batch) { b.Insert(ent("after-checkpoint", "m:9")); b.Purge("e6") })
			want := contents(t, r, "ns1")
			fs = fs.Crash(nil) // keep the WAL tail un-checkpointed
			r.Close()
			rewrite(t, fs, filepath.Join("/data", "namespaces", "ns1.idx"), c.damage)
			opts.FS = fs
			r, err = Open(opts)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got := contents(t, r, "ns1")
			sameState(t, got, want)
			if _, ok := got["e3"]; ok {
				t.Fatal("purged entity resurrected")
			}
			logMu.Lock()
			msg := logBuf.String()
			logMu.Unlock()
			if !strings.Contains(msg, "rebuil") {
				t.Fatalf("rebuild not logged: %s", msg)
			}
			// And it checkpoints and reloads cleanly afterwards.
			if err := r.Checkpoint(ctx, "ns1"); err != nil {
				t.Fatal(err)
			}
			if err := r.Evict(ctx, "ns1"); err != nil {
				t.Fatal(err)
			}
			sameState(t, contents(t, r, "ns1"), want)
		})
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestDiskFull fails writes part-way at many points (ENOSPC) during commits
// and checkpoints: the failing operation reports the error and changes
// nothing; once space is back the store works, and after reopen and after
// a crash it holds exactly the acknowledged writes.
func TestDiskFull(t *testing.T) {
	mem := storage.NewMemFS()
	fs := storage.NewFaultFS(mem)
	opts := Options{Dir: "/data", FS: fs, CheckpointBytes: 1 << 30}
	r, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	n := mustNS(t, r, "ns1")
	want := map[string]string{}
	failures := 0
	commit(t, n, func(b *Batch) { b.Insert(Entity{ID: "base", Content: []byte("b")}) })
	for budget := int64(0); budget < 400; budget += 13 {
		id := fmt.Sprint("x", budget)
		fs.SetWriteBudget(budget)
		var b Batch
		b.Insert(Entity{ID: id, Tags: []string{"a", "b:" + id}, Content: bytes.Repeat([]byte("z"), 100)})
		b.AddTag("base", id, time.Time{})
		_, err := n.Commit(ctx, &b)
		fs.SetWriteBudget(-1)
		if err == nil {
			want[id] = "a,b:" + id + "|" + strings.Repeat("z", 100)
		} else {
			failures++
			if !strings.Contains(err.Error(), "no space") {
				t.Fatalf("budget %d: unexpected error %v", budget, err)
			}
		}
		// a checkpoint that runs out of space half-way
		fs.SetWriteBudget(budget * 3)
		cerr := r.Checkpoint(ctx, "ns1")
		fs.SetWriteBudget(-1)
		if cerr != nil && !strings.Contains(cerr.Error(), "no space") {
			t.Fatalf("checkpoint: %v", cerr)
		}
	}
	if failures == 0 {
		t.Fatal("no write failed: the test does not exercise ENOSPC")
	}
	got := contents(t, r, "ns1")
	base := got["base"]
	delete(got, "base")
	sameState(t, got, want)
	crashed := mem.Crash(nil)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r, err = Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	after := contents(t, r, "ns1")
	if after["base"] != base {
		t.Fatalf("base %q want %q", after["base"], base)
	}
	delete(after, "base")
	sameState(t, after, want)
	r.Close()
	opts.FS = crashed
	r, err = Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	after = contents(t, r, "ns1")
	delete(after, "base")
	sameState(t, after, want)
}

// TestSyncFailure: a commit whose fsync fails is not acknowledged and the
// namespace recovers for the next commit.
func TestSyncFailure(t *testing.T) {
	fs := storage.NewFaultFS(storage.NewMemFS())
	r := openTest(t, fs, "/data")
	defer r.Close()
	n := mustNS(t, r, "ns1")
	commit(t, n, func(b *Batch) { b.Insert(ent("a")) })
	fs.SetFailSync(true)
	var b Batch
	b.Insert(ent("b"))
	if _, err := n.Commit(ctx, &b); err == nil {
		t.Fatal("commit with failing fsync succeeded")
	}
	fs.SetFailSync(false)
	commit(t, n, func(b *Batch) { b.Insert(ent("c")) })
	got := contents(t, r, "ns1")
	if _, ok := got["b"]; ok || got["a"] == "" || got["c"] == "" {
		t.Fatalf("state after failed sync: %v", got)
	}
}

// TestCrashUnderLoad crashes an in-memory file system (dropping unsynced
// data, tearing unsynced tails) while writers commit pairs of entities to
// several namespaces with frequent checkpoints. Every acknowledged pair
// survives; no pair is half-present.
func TestCrashUnderLoad(t *testing.T) {
	for round := 0; round < 8; round++ {
		mem := storage.NewMemFS()
		opts := Options{Dir: "/data", FS: mem, CheckpointBytes: 2 << 10}
		r, err := Open(opts)
		if err != nil {
			t.Fatal(err)
		}
		names := []string{"n1", "n2", "public"}
		for _, nm := range names[:2] {
			r.Create(ctx, nm, "")
		}
		var mu sync.Mutex
		acked := map[string]bool{} // "ns/id"
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					nm := names[(w+i)%len(names)]
					n, err := r.Get(ctx, nm)
					if err != nil {
						return
					}
					a, b := fmt.Sprintf("w%d-%d-a", w, i), fmt.Sprintf("w%d-%d-b", w, i)
					var batch Batch
					batch.Insert(Entity{ID: a, Tags: []string{"pair:" + a}})
					batch.Insert(Entity{ID: b, Tags: []string{"pair:" + a}})
					if _, err := n.Commit(ctx, &batch); err == nil {
						mu.Lock()
						acked[nm+"/"+a] = true
						mu.Unlock()
					}
				}
			}(w)
		}
		time.Sleep(time.Duration(20+round*10) * time.Millisecond)
		mu.Lock()
		ackedNow := maps2(acked)
		mu.Unlock()
		crashed := mem.Crash(rand.New(rand.NewPCG(uint64(round), 7)))
		close(stop)
		wg.Wait()
		r.Close()
		opts.FS = crashed
		r2, err := Open(opts)
		if err != nil {
			t.Fatalf("round %d reopen: %v", round, err)
		}
		for _, nm := range names {
			got := contents(t, r2, nm)
			for k := range ackedNow {
				ns, a, _ := strings.Cut(k, "/")
				if ns == nm && got[a] == "" {
					t.Fatalf("round %d: acknowledged %s lost", round, k)
				}
			}
			for id := range got {
				if strings.HasSuffix(id, "-a") {
					if _, ok := got[strings.TrimSuffix(id, "-a")+"-b"]; !ok {
						t.Fatalf("round %d: half a batch: %s", round, id)
					}
				}
			}
		}
		if len(ackedNow) == 0 {
			t.Fatalf("round %d: nothing acknowledged", round)
		}
		r2.Close()
	}
}

func maps2(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
