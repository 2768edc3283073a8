package namespace

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entitydb/entitydb/storage"
)

var (
	modelOps   = flag.Int("model.ops", 3000, "operations per model-based test run")
	modelSeeds = flag.Int("model.seeds", 0, "run this many extra seeds instead of the fixed ones")
)

// model is the trivial reference: the live entities by id.
type model map[string]Entity

func (m model) clone() model { return maps.Clone(m) }

func (m model) match(q *Query, e Entity) bool {
	switch q.Kind {
	case QAll:
		return true
	case QTag:
		return slices.Contains(e.Tags, q.Tag)
	case QPrefix:
		return slices.ContainsFunc(e.Tags, func(t string) bool { return strings.HasPrefix(t, q.Tag) })
	case QIDs:
		return slices.Contains(q.IDs, e.ID)
	case QCreatedRange:
		return (q.From.IsZero() || !e.CreatedAt.Before(q.From)) && (q.To.IsZero() || e.CreatedAt.Before(q.To))
	case QAnd:
		for _, a := range q.Args {
			if !m.match(a, e) {
				return false
			}
		}
		return true
	case QOr:
		for _, a := range q.Args {
			if m.match(a, e) {
				return true
			}
		}
		return false
	case QNot:
		return !m.match(q.Args[0], e)
	}
	panic("kind")
}

var (
	modelTags = []string{"type:task", "type:bug", "type:note", "status:open", "status:done", "status:open:later", "p:1", "p:2", "flag", "label:x"}
	modelBase = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
)

func randQuery(rng *rand.Rand, depth int) *Query {
	k := rng.IntN(10)
	if depth > 2 {
		k = rng.IntN(4)
	}
	switch k {
	case 0, 1:
		return Tag(modelTags[rng.IntN(len(modelTags))])
	case 2:
		return Prefix([]string{"type:", "status:", "status:open", "p", "zz", ""}[rng.IntN(6)])
	case 3:
		return IDs(fmt.Sprintf("e%d", rng.IntN(80)), fmt.Sprintf("e%d", rng.IntN(80)), "missing")
	case 4:
		from := modelBase.Add(time.Duration(rng.IntN(100)) * time.Minute)
		if rng.IntN(4) == 0 {
			from = time.Time{}
		}
		return CreatedRange(from, from.Add(time.Duration(rng.IntN(60))*time.Minute+time.Minute))
	case 5:
		return All()
	case 6, 7:
		return And(randQuery(rng, depth+1), randQuery(rng, depth+1), randQuery(rng, depth+1))
	case 8:
		return Or(randQuery(rng, depth+1), randQuery(rng, depth+1))
	}
	return Not(randQuery(rng, depth+1))
}

func (m model) ids(q *Query) []string {
	var out []string
	for id, e := range m {
		if m.match(q, e) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// check compares every kind of read of s with the model.
func check(t *testing.T, rng *rand.Rand, s *Snapshot, m model, step int) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("step %d: %s", step, fmt.Sprintf(format, args...))
	}
	if got := s.Count(All()); got != uint64(len(m)) {
		fail("count all %d, model %d", got, len(m))
	}
	for id, want := range m {
		d, ok := s.Lookup(id)
		if !ok {
			fail("lookup %q: missing", id)
		}
		e, err := s.Get(d)
		if err != nil {
			fail("get %q: %v", id, err)
		}
		if e.ID != id || !slices.Equal(e.Tags, want.Tags) || string(e.Content) != string(want.Content) ||
			(e.Content == nil) != (want.Content == nil) || !e.CreatedAt.Equal(want.CreatedAt) || !e.UpdatedAt.Equal(want.UpdatedAt) {
			fail("entity %q = %+v, model %+v", id, e, want)
		}
	}
	for i := 0; i < 8; i++ {
		q := randQuery(rng, 0)
		want := m.ids(q)
		var got []string
		it := s.Eval(q).Iterator()
		for it.HasNext() {
			e, err := s.Get(DocNum(it.Next()))
			if err != nil {
				fail("get: %v", err)
			}
			got = append(got, e.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			fail("eval %s: got %v want %v", qs(q), got, want)
		}
		if c := s.Count(q); c != uint64(len(want)) {
			fail("count %s: %d want %d", qs(q), c, len(want))
		}
		// ordered scans with a limit
		order := Order(rng.IntN(4))
		limit := 1 + rng.IntN(10)
		var filter = s.Eval(q)
		var scanned []Entity
		s.Scan(order, filter, func(d DocNum) bool {
			e, _ := s.Get(d)
			scanned = append(scanned, *e)
			return len(scanned) < limit
		})
		var all []Entity
		for _, id := range want {
			all = append(all, m[id])
		}
		slices.SortFunc(all, func(a, b Entity) int {
			switch order {
			case ByCreatedAsc:
				return a.CreatedAt.Compare(b.CreatedAt)
			case ByCreatedDesc:
				return b.CreatedAt.Compare(a.CreatedAt)
			case ByIDAsc:
				return strings.Compare(a.ID, b.ID)
			}
			return strings.Compare(b.ID, a.ID)
		})
		if len(all) > limit {
			all = all[:limit]
		}
		if len(all) != len(scanned) {
			fail("scan %d %s: %d entities, want %d", order, qs(q), len(scanned), len(all))
		}
		for i := range all {
			// Created order ties may come in any order; compare keys.
			a, b := all[i], scanned[i]
			if order <= ByCreatedDesc && !a.CreatedAt.Equal(b.CreatedAt) || order > ByCreatedDesc && a.ID != b.ID {
				fail("scan %d %s: position %d is %s, want %s", order, qs(q), i, b.ID, a.ID)
			}
		}
	}
	prefix := []string{"", "status:", "type:", "p:", "q"}[rng.IntN(5)]
	counts := map[string]uint64{}
	for _, e := range m {
		for _, t := range uniqueTags(e.Tags) {
			if strings.HasPrefix(t, prefix) {
				counts[t]++
			}
		}
	}
	var prev string
	s.Tags(prefix, func(tag string, n uint64) bool {
		if tag <= prev && prev != "" {
			fail("Tags out of order: %q after %q", tag, prev)
		}
		prev = tag
		if counts[tag] != n {
			fail("Tags %q=%d, model %d", tag, n, counts[tag])
		}
		delete(counts, tag)
		return true
	})
	if len(counts) != 0 {
		fail("Tags(%q) missed %v", prefix, counts)
	}
}

func qs(q *Query) string {
	switch q.Kind {
	case QAll:
		return "all"
	case QTag:
		return q.Tag
	case QPrefix:
		return q.Tag + "*"
	case QIDs:
		return fmt.Sprint(q.IDs)
	case QCreatedRange:
		return fmt.Sprintf("[%s,%s)", q.From.Format(time.TimeOnly), q.To.Format(time.TimeOnly))
	case QNot:
		return "!" + qs(q.Args[0])
	}
	var parts []string
	for _, a := range q.Args {
		parts = append(parts, qs(a))
	}
	op := "&"
	if q.Kind == QOr {
		op = "|"
	}
	return "(" + strings.Join(parts, op) + ")"
}

func randEntity(rng *rand.Rand, id string) Entity {
	n := rng.IntN(5)
	tags := make([]string, n)
	for i := range tags {
		tags[i] = modelTags[rng.IntN(len(modelTags))]
	}
	e := Entity{ID: id, Tags: tags,
		CreatedAt: modelBase.Add(time.Duration(rng.IntN(6000)) * time.Second),
		UpdatedAt: modelBase.Add(time.Duration(rng.IntN(6000)) * time.Second)}
	if rng.IntN(5) > 0 {
		e.Content = []byte(strings.Repeat(id, rng.IntN(4)))
	}
	return e
}

// TestModel runs random operations against the store and the model and
// compares every query. It covers checkpoints, eviction, reopen, crash
// (on an in-memory file system that drops unsynced data), purge and
// retention.
func TestModel(t *testing.T) {
	seeds := []uint64{1, 2, 3}
	if *modelSeeds > 0 {
		seeds = nil
		for i := 0; i < *modelSeeds; i++ {
			seeds = append(seeds, uint64(100+i))
		}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) { runModel(t, seed, *modelOps) })
	}
}

// modelNames are the names of the model's third namespace, by seed.
var modelNames = []string{`quo"te`, "beta", "Alpha", "../etc", "with space", "123", "ns.x", strings.Repeat("ü", 31) + "!"}

func runModel(t *testing.T, seed uint64, ops int) {
	defer func(v int64) { relocateMinBytes = v }(relocateMinBytes)
	relocateMinBytes = 0 // Compact rewrites namespaces even on tiny data
	rng := rand.New(rand.NewPCG(seed, 99))
	mem := storage.NewMemFS()
	var fs storage.FS = mem
	opts := Options{Dir: "/data", FS: fs, CheckpointBytes: 4 << 10, EntityCacheSize: 16}
	r, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { r.Close() }()
	// The third namespace's name varies with the seed: names that are
	// not plain use encoded file names (storage.NamespaceFileBase), and
	// "Alpha" differs from "alpha" only in case.
	third := modelNames[int(seed)%len(modelNames)]
	names := []string{"public", "alpha", third}
	for _, n := range names[1:] {
		if err := r.Create(ctx, n, "t"); err != nil {
			t.Fatal(err)
		}
	}
	if seed == 2 {
		if err := r.SetRetention(ctx, "alpha", 1); err != nil {
			t.Fatal(err)
		}
	}
	models := map[string]model{}
	for _, n := range names {
		models[n] = model{}
	}
	type held struct {
		s    *Snapshot
		m    model
		step int
	}
	var snaps []held
	now := modelBase
	for step := 0; step < ops; step++ {
		name := names[rng.IntN(len(names))]
		m := models[name]
		n, err := r.Get(ctx, name)
		if err != nil {
			t.Fatalf("step %d get: %v", step, err)
		}
		id := fmt.Sprintf("e%d", rng.IntN(80))
		cur, live := m[id]
		now = now.Add(time.Millisecond)
		var b Batch
		var want error
		next := m.clone()
		switch k := rng.IntN(100); {
		case k < 30:
			e := randEntity(rng, id)
			b.Insert(e)
			if live {
				want = ErrDuplicateID
			} else {
				next[id] = e
			}
		case k < 45:
			e := randEntity(rng, id)
			b.Put(e, Expect{})
			next[id] = e
		case k < 55:
			tag := modelTags[rng.IntN(len(modelTags))]
			b.AddTag(id, tag, now)
			if !live {
				want = ErrEntityNotFound
			} else if !slices.Contains(cur.Tags, tag) {
				cur.Tags = append(slices.Clone(cur.Tags), tag)
				cur.UpdatedAt = now
				next[id] = cur
			}
		case k < 63:
			tag := modelTags[rng.IntN(len(modelTags))]
			b.RemoveTag(id, tag, now)
			if !live {
				want = ErrEntityNotFound
			} else if slices.Contains(cur.Tags, tag) {
				cur.Tags = slices.DeleteFunc(slices.Clone(cur.Tags), func(t string) bool { return t == tag })
				cur.UpdatedAt = now
				next[id] = cur
			}
		case k < 72:
			b.Delete(id, Expect{})
			if !live {
				want = ErrEntityNotFound
			}
			delete(next, id)
		case k < 76:
			b.Purge(id)
			delete(next, id) // purging an unknown id fails; a deleted one succeeds
			if !live {
				want = nil
				s, _ := n.Snapshot(ctx)
				s.st.mu.RLock()
				_, known := s.st.ids[id]
				s.st.mu.RUnlock()
				s.Release()
				if !known {
					want = ErrEntityNotFound
				}
			}
		case k < 82:
			// a multi-op batch, sometimes failing as a whole
			id2 := fmt.Sprintf("e%d", rng.IntN(80))
			e1, e2 := randEntity(rng, id), randEntity(rng, id2)
			b.Put(e1, Expect{})
			next[id] = e1
			b.Insert(e2)
			if _, ok := next[id2]; ok {
				want = ErrDuplicateID
				next = m
			} else {
				next[id2] = e2
			}
		case k < 86:
			if err := r.Checkpoint(ctx, name); err != nil {
				t.Fatalf("step %d checkpoint: %v", step, err)
			}
			continue
		case k < 89:
			err := r.Evict(ctx, name)
			if err != nil && !errors.Is(err, ErrBusy) {
				t.Fatalf("step %d evict: %v", step, err)
			}
			continue
		case k < 91:
			for _, h := range snaps {
				h.s.Release()
			}
			snaps = nil
			if rng.IntN(2) == 0 {
				if err := r.Close(); err != nil {
					t.Fatalf("step %d close: %v", step, err)
				}
			} else {
				// Crash: whatever was not synced is lost; every
				// acknowledged commit must survive.
				old := r
				mem = mem.Crash(rng)
				opts.FS = mem
				defer old.Close()
			}
			r, err = Open(opts)
			if err != nil {
				t.Fatalf("step %d reopen: %v", step, err)
			}
			continue
		case k < 93:
			if len(snaps) < 3 {
				s, err := n.Snapshot(ctx)
				if err != nil {
					t.Fatal(err)
				}
				snaps = append(snaps, held{s, m.clone(), step})
			}
			continue
		case k < 95:
			if len(snaps) > 0 {
				i := rng.IntN(len(snaps))
				h := snaps[i]
				if h.s.st.ns.name == name { // compare with the model of its time
					check(t, rng, h.s, h.m, step)
				}
				h.s.Release()
				snaps = slices.Delete(snaps, i, i+1)
			}
			continue
		default:
			if err := r.Compact(ctx); err != nil {
				t.Fatalf("step %d compact: %v", step, err)
			}
			if k%2 == 0 { // rewrite one namespace's records regardless of fragmentation
				h, _ := r.handle(name)
				st, err := h.acquire()
				if err != nil {
					t.Fatal(err)
				}
				err = st.relocate()
				h.release(st)
				if err != nil {
					t.Fatalf("step %d relocate: %v", step, err)
				}
			}
			continue
		}
		_, err = n.Commit(ctx, &b)
		if !errors.Is(err, want) || (want == nil) != (err == nil) {
			t.Fatalf("step %d: commit %v: got %v want %v", step, b.Ops[0].Kind, err, want)
		}
		if err == nil {
			models[name] = next
		}
		if step%7 == 0 {
			s, err := n.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			check(t, rng, s, models[name], step)
			s.Release()
		}
	}
	for _, h := range snaps {
		h.s.Release()
	}
	for _, name := range names {
		n, _ := r.Get(ctx, name)
		s, _ := n.Snapshot(ctx)
		check(t, rng, s, models[name], ops)
		s.Release()
	}
}
