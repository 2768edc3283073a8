package namespace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entitydb/entitydb/storage"
)

var ctx = context.Background()

func openTest(t testing.TB, fs storage.FS, dir string) *Registry {
	t.Helper()
	r, err := Open(Options{Dir: dir, FS: fs})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return r
}

func mustNS(t testing.TB, r *Registry, name string) *Namespace {
	t.Helper()
	if name != "public" && !r.Exists(name) {
		if err := r.Create(ctx, name, "test"); err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
	}
	n, err := r.Get(ctx, name)
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	return n
}

func commit(t testing.TB, n *Namespace, fill func(b *Batch)) CommitInfo {
	t.Helper()
	var b Batch
	fill(&b)
	info, err := n.Commit(ctx, &b)
	if err != nil {
		t.Fatalf("commit: %v", err)
	}
	return info
}

func ent(id string, tags ...string) Entity {
	return Entity{ID: id, Tags: tags, Content: []byte("c-" + id)}
}

func ids(t testing.TB, s *Snapshot, q *Query) []string {
	t.Helper()
	var out []string
	bm := s.Eval(q)
	it := bm.Iterator()
	for it.HasNext() {
		e, err := s.Get(DocNum(it.Next()))
		if err != nil {
			t.Fatalf("get: %v", err)
		}
		out = append(out, e.ID)
	}
	slices.Sort(out)
	if c := s.Count(q); c != uint64(len(out)) {
		t.Fatalf("Count=%d but Eval has %d", c, len(out))
	}
	return out
}

func TestQueries(t *testing.T) {
	r := openTest(t, nil, t.TempDir())
	defer r.Close()
	n := mustNS(t, r, "public")
	commit(t, n, func(b *Batch) {
		b.Insert(ent("a", "type:task", "status:open", "p:1"))
		b.Insert(ent("b", "type:task", "status:done"))
		b.Insert(ent("c", "type:bug", "status:open", "status:open"))
		b.Insert(ent("d", "flag"))
	})
	s, err := n.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Release()
	cases := []struct {
		name string
		q    *Query
		want []string
	}{
		{"all", All(), []string{"a", "b", "c", "d"}},
		{"tag", Tag("type:task"), []string{"a", "b"}},
		{"missing tag", Tag("nope"), nil},
		{"and", And(Tag("type:task"), Tag("status:open")), []string{"a"}},
		{"or", Or(Tag("type:bug"), Tag("status:done")), []string{"b", "c"}},
		{"not", Not(Tag("type:task")), []string{"c", "d"}},
		{"and not", And(Tag("status:open"), Not(Tag("type:bug"))), []string{"a"}},
		{"only not in and", And(Not(Tag("status:open")), Not(Tag("flag"))), []string{"b"}},
		{"prefix", Prefix("status:"), []string{"a", "b", "c"}},
		{"prefix none", Prefix("zzz"), nil},
		{"ids", IDs("a", "zz", "d"), []string{"a", "d"}},
		{"empty and", And(Tag("type:task"), Tag("nope")), nil},
		{"nested", Or(And(Tag("type:task"), Not(Tag("status:done"))), Tag("flag")), []string{"a", "d"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ids(t, s, c.q); !slices.Equal(got, c.want) {
				t.Fatalf("got %v want %v", got, c.want)
			}
		})
	}
	var tags []string
	s.Tags("status:", func(tag string, cnt uint64) bool {
		tags = append(tags, fmt.Sprintf("%s=%d", tag, cnt))
		return true
	})
	if want := []string{"status:done=1", "status:open=2"}; !slices.Equal(tags, want) {
		t.Fatalf("Tags: %v", tags)
	}
	d, ok := s.Lookup("c")
	if !ok {
		t.Fatal("lookup c")
	}
	e, _ := s.Get(d)
	if !slices.Equal(e.Tags, []string{"type:bug", "status:open", "status:open"}) {
		t.Fatalf("tags not preserved: %v", e.Tags)
	}
}

func TestSnapshotIsolationAndReplay(t *testing.T) {
	dir := t.TempDir()
	r := openTest(t, nil, dir)
	n := mustNS(t, r, "ns1")
	commit(t, n, func(b *Batch) { b.Insert(ent("x", "v:1")) })
	s1, _ := n.Snapshot(ctx)
	commit(t, n, func(b *Batch) {
		b.Put(ent("x", "v:2"), Expect{Kind: ExpectLive})
		b.Insert(ent("y", "v:2"))
	})
	commit(t, n, func(b *Batch) { b.AddTag("x", "extra", time.Time{}) })
	s2, _ := n.Snapshot(ctx)
	if got := ids(t, s1, Tag("v:2")); got != nil {
		t.Fatalf("old snapshot sees new batch: %v", got)
	}
	if got := ids(t, s1, Tag("v:1")); !slices.Equal(got, []string{"x"}) {
		t.Fatalf("old snapshot lost version: %v", got)
	}
	if got := ids(t, s2, Tag("v:2")); !slices.Equal(got, []string{"x", "y"}) {
		t.Fatalf("s2: %v", got)
	}
	if got := ids(t, s2, Tag("extra")); !slices.Equal(got, []string{"x"}) {
		t.Fatalf("s2 extra: %v", got)
	}
	s1.Release()
	s2.Release()
	seq := s2.Seq()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r = openTest(t, nil, dir)
	defer r.Close()
	n = mustNS(t, r, "ns1")
	s, _ := n.Snapshot(ctx)
	defer s.Release()
	if s.Seq() != seq {
		t.Fatalf("seq after reopen %v want %v", s.Seq(), seq)
	}
	if got := ids(t, s, And(Tag("v:2"), Tag("extra"))); !slices.Equal(got, []string{"x"}) {
		t.Fatalf("after reopen: %v", got)
	}
}

func TestBadInput(t *testing.T) {
	r := openTest(t, nil, t.TempDir())
	defer r.Close()
	n := mustNS(t, r, "public")
	commit(t, n, func(b *Batch) { b.Insert(ent("dup")) })
	long := string(make([]byte, MaxIDLen+1))
	cases := []struct {
		name string
		b    Batch
		want error
	}{
		{"empty id", Batch{Ops: []Op{{Kind: OpPut, Entity: Entity{}}}}, ErrInvalidEntity},
		{"long id", Batch{Ops: []Op{{Kind: OpPut, Entity: Entity{ID: long}}}}, ErrInvalidEntity},
		{"empty tag", Batch{Ops: []Op{{Kind: OpPut, Entity: Entity{ID: "a", Tags: []string{""}}}}}, ErrInvalidEntity},
		{"long tag", Batch{Ops: []Op{{Kind: OpPut, Entity: Entity{ID: "a", Tags: []string{string(make([]byte, MaxTagLen+1))}}}}}, ErrInvalidEntity},
		{"content", Batch{Ops: []Op{{Kind: OpPut, Entity: Entity{ID: "a", Content: make([]byte, 64<<20+1)}}}}, ErrContentTooLarge},
		{"duplicate", Batch{Ops: []Op{{Kind: OpPut, Entity: ent("dup"), Expect: Expect{Kind: ExpectAbsent}}}}, ErrDuplicateID},
		{"delete missing", Batch{Ops: []Op{{Kind: OpDelete, Entity: Entity{ID: "nope"}}}}, ErrEntityNotFound},
		{"conflict", Batch{Ops: []Op{{Kind: OpPut, Entity: ent("dup"), Expect: Expect{Kind: ExpectVersion, Doc: 99}}}}, ErrConflict},
		{"atomic", Batch{Ops: []Op{{Kind: OpPut, Entity: ent("new1"), Expect: Expect{Kind: ExpectAbsent}}, {Kind: OpPut, Entity: ent("dup"), Expect: Expect{Kind: ExpectAbsent}}}}, ErrDuplicateID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := n.Commit(ctx, &c.b)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v want %v", err, c.want)
			}
		})
	}
	s, _ := n.Snapshot(ctx)
	defer s.Release()
	if got := ids(t, s, All()); !slices.Equal(got, []string{"dup"}) {
		t.Fatalf("failed batches changed state: %v", got)
	}
	for _, name := range []string{"", "system", "pg_x", "information_schema", "default", "a\x00b", "\xff", string(make([]byte, 64))} {
		if err := r.Create(ctx, name, ""); !errors.Is(err, ErrInvalidName) {
			t.Errorf("create %q: %v", name, err)
		}
	}
	if _, err := r.Get(ctx, "nosuch"); !errors.Is(err, ErrNamespaceNotFound) {
		t.Errorf("get unknown: %v", err)
	}
	if _, err := r.Get(ctx, "system"); !errors.Is(err, ErrNamespaceNotFound) {
		t.Errorf("get system: %v", err)
	}
	if err := r.Create(ctx, "public", ""); !errors.Is(err, ErrNamespaceExists) {
		t.Errorf("create public: %v", err)
	}
	if err := r.Drop(ctx, "public"); !errors.Is(err, ErrInvalidName) {
		t.Errorf("drop public: %v", err)
	}
}

func TestRegistry(t *testing.T) {
	dir := t.TempDir()
	r := openTest(t, nil, dir)
	for _, name := range []string{"b_ns", "a_ns"} {
		if err := r.Create(ctx, name, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for _, i := range r.List() {
		names = append(names, i.Name)
	}
	if !slices.Equal(names, []string{"a_ns", "b_ns", "public"}) {
		t.Fatalf("list: %v", names)
	}
	if r.Exists("system") || !r.Exists("a_ns") {
		t.Fatal("exists")
	}
	if _, err := r.System(ctx); err != nil {
		t.Fatal(err)
	}
	n := mustNS(t, r, "a_ns")
	commit(t, n, func(b *Batch) { b.Insert(ent("x", "t")) })
	if err := r.Drop(ctx, "a_ns"); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Snapshot(ctx); !errors.Is(err, ErrNamespaceNotFound) {
		t.Fatalf("dropped handle: %v", err)
	}
	if r.Exists("a_ns") {
		t.Fatal("dropped still exists")
	}
	r.Close()
	r = openTest(t, nil, dir)
	defer r.Close()
	if r.Exists("a_ns") || !r.Exists("b_ns") {
		t.Fatal("catalog not persisted")
	}
	n = mustNS(t, r, "a_ns") // re-create: empty
	s, _ := n.Snapshot(ctx)
	defer s.Release()
	if s.Count(All()) != 0 {
		t.Fatal("re-created namespace has old data")
	}
}

func TestScanOrders(t *testing.T) {
	r := openTest(t, nil, t.TempDir())
	defer r.Close()
	n := mustNS(t, r, "public")
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const N = 1000
	commit(t, n, func(b *Batch) {
		for i := 0; i < N; i++ {
			e := ent(fmt.Sprintf("id%04d", (i*7919)%N), fmt.Sprintf("m:%d", i%3))
			e.CreatedAt = base.Add(time.Duration((i*31)%N) * time.Second)
			b.Insert(e)
		}
	})
	s, _ := n.Snapshot(ctx)
	defer s.Release()
	for _, filter := range []*Query{nil, Tag("m:1"), IDs("id0001", "id0500", "id0999")} {
		var f = s.Eval(filter)
		if filter == nil {
			f = nil
		}
		for _, order := range []Order{ByCreatedAsc, ByCreatedDesc, ByIDAsc, ByIDDesc} {
			var got []*Entity
			s.Scan(order, f, func(d DocNum) bool {
				e, err := s.Get(d)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, e)
				return true
			})
			want := uint64(len(got))
			if filter != nil && s.Count(filter) != want || filter == nil && want != N {
				t.Fatalf("order %d filter %v: %d entities", order, filter, len(got))
			}
			sorted := slices.IsSortedFunc(got, func(a, b *Entity) int {
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
			if !sorted {
				t.Fatalf("order %d not sorted", order)
			}
			// early stop
			k := 0
			s.Scan(order, f, func(DocNum) bool { k++; return k < 5 })
			if want >= 5 && k != 5 {
				t.Fatalf("early stop: %d calls", k)
			}
		}
	}
}
