package workload

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func mustNew(t testing.TB, cfg Config) *Workload {
	t.Helper()
	w, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		name                string
		cfg                 Config
		first, last         string
		firstSize, lastSize int // expected within ±1
	}{
		{"main", Default, "ns_000", "ns_099", 192776, 1928},
		{"thousand", Config{Seed: 1, Total: 1_000_000, Namespaces: 1000}, "ns_000", "ns_999", 133592, 134},
		{"ten", Config{Seed: 1, Total: 1_000_000, Namespaces: 10}, "ns_000", "ns_009", 341417, 34142},
		{"ten_thousand", Config{Seed: 1, Total: 1_000_000, Namespaces: 10000}, "ns_0000", "ns_9999", 102170, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := mustNew(t, tc.cfg)
			if len(w.Namespaces) != tc.cfg.Namespaces {
				t.Fatalf("%d namespaces, want %d", len(w.Namespaces), tc.cfg.Namespaces)
			}
			sum := 0
			for k, ns := range w.Namespaces {
				sum += ns.Size
				if k > 0 && ns.Size > w.Namespaces[k-1].Size {
					t.Errorf("%s (%d) larger than %s (%d)", ns.Name, ns.Size, w.Namespaces[k-1].Name, w.Namespaces[k-1].Size)
				}
				if w.Namespace(ns.Name) != ns {
					t.Errorf("Namespace(%q) does not find it", ns.Name)
				}
			}
			if sum != tc.cfg.Total {
				t.Errorf("sizes add up to %d, want %d", sum, tc.cfg.Total)
			}
			l, s := w.Largest(), w.Smallest()
			if l.Name != tc.first || s.Name != tc.last {
				t.Errorf("names %s..%s, want %s..%s", l.Name, s.Name, tc.first, tc.last)
			}
			if abs(l.Size-tc.firstSize) > 1 || abs(s.Size-tc.lastSize) > 1 {
				t.Errorf("sizes %d..%d, want %d..%d", l.Size, s.Size, tc.firstSize, tc.lastSize)
			}
			// size ∝ 1/(rank+1): size·(rank+1) is the same for every rank (within rounding).
			for _, ns := range []*Namespace{w.Namespaces[1], w.Namespaces[len(w.Namespaces)/2]} {
				if got, want := float64(ns.Size*(ns.Rank+1)), float64(l.Size); math.Abs(got-want)/want > 0.01+float64(ns.Rank+1)/float64(l.Size) {
					t.Errorf("%s: size·(rank+1) = %.0f, want ≈ %.0f", ns.Name, got, want)
				}
			}
		})
	}
}

func TestNewRejectsEmptyNamespaces(t *testing.T) {
	if _, err := New(Config{Total: 5, Namespaces: 10}); err == nil {
		t.Fatal("5 entities over 10 namespaces accepted")
	}
}

func TestDeterministic(t *testing.T) {
	a, b := mustNew(t, Default), mustNew(t, Default)
	other := mustNew(t, Config{Seed: 2, Total: Default.Total, Namespaces: Default.Namespaces})
	same, differ := 0, 0
	for _, i := range []int{0, 1, 17, 4242, 192775} {
		ea, eb, eo := a.Entity(a.Largest(), i), b.Entity(b.Largest(), i), other.Entity(other.Largest(), i)
		if !equalEntity(ea, eb) {
			t.Errorf("entity %d differs between two workloads of the same config:\n%+v\n%+v", i, ea, eb)
		}
		if equalEntity(ea, eo) {
			same++
		} else {
			differ++
		}
	}
	if differ == 0 {
		t.Errorf("seed 2 generated the same entities as seed 1")
	}
	// Generating into a reused Entity gives the same result as a fresh one.
	var e Entity
	a.Generate(a.Largest(), 5, &e)
	a.Generate(a.Largest(), 6, &e)
	if !equalEntity(e, a.Entity(a.Largest(), 6)) {
		t.Errorf("reused Entity differs from a fresh one")
	}
}

func equalEntity(a, b Entity) bool {
	return a.ID == b.ID && strings.Join(a.Tags, ",") == strings.Join(b.Tags, ",") &&
		string(a.Content) == string(b.Content) && a.CreatedAt.Equal(b.CreatedAt)
}

// TestDistributions generates the largest namespace of the main shape and
// checks every distribution the issue specifies.
func TestDistributions(t *testing.T) {
	w := mustNew(t, Default)
	ns := w.Largest()
	counts := map[string]int{}
	var (
		e                      Entity
		tagTotal, contentTotal int
		withAssignee, withArea int
		projects, assignees    = map[string]int{}, map[string]int{}
		labelsPerEntity        = map[int]int{}
		prev                   = TimeStart.Add(-1)
	)
	for i := 0; i < ns.Size; i++ {
		w.Generate(ns, i, &e)
		if e.ID != ID(i) || len(e.ID) != 9 || e.ID[0] != 'e' {
			t.Fatalf("entity %d has id %q", i, e.ID)
		}
		if !e.CreatedAt.After(prev) || !e.CreatedAt.Before(TimeEnd) {
			t.Fatalf("entity %d: created_at %v not after %v or not before %v", i, e.CreatedAt, prev, TimeEnd)
		}
		prev = e.CreatedAt
		if n := len(e.Content); n < MinContent || n > MaxContent {
			t.Fatalf("entity %d: content of %d bytes", i, len(e.Content))
		}
		if i%1000 == 0 && !json.Valid(e.Content) {
			t.Fatalf("entity %d: content is not JSON: %s", i, e.Content)
		}
		contentTotal += len(e.Content)
		if n := len(e.Tags); n < 5 || n > 10 {
			t.Fatalf("entity %d has %d tags: %v", i, n, e.Tags)
		}
		tagTotal += len(e.Tags)
		keys := map[string]int{}
		seen := map[string]bool{}
		area := false
		for _, tag := range e.Tags {
			if seen[tag] {
				t.Fatalf("entity %d: duplicate tag %q", i, tag)
			}
			seen[tag] = true
			key, _, ok := strings.Cut(tag, ":")
			if !ok {
				t.Fatalf("entity %d: tag %q has no key", i, tag)
			}
			keys[key]++
			switch key {
			case "type", "status", "priority":
				counts[tag]++
			case "project":
				projects[tag]++
			case "assignee":
				assignees[tag]++
			case "label":
				if strings.HasPrefix(tag, "label:area-") {
					area = true
				}
			}
		}
		for _, key := range []string{"type", "status", "priority", "project"} {
			if keys[key] != 1 {
				t.Fatalf("entity %d has %d %s: tags: %v", i, keys[key], key, e.Tags)
			}
		}
		withAssignee += keys["assignee"]
		labelsPerEntity[keys["label"]]++
		if area {
			withArea++
		}
	}
	n := float64(ns.Size)
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.4f, want %.4f ± %.4f", what, got, want, tol)
		}
	}
	for _, d := range []struct {
		values []string
		shares []float64
	}{{Types, TypeShare}, {Statuses, StatusShare}, {Priorities, PriorityShare}} {
		for k, v := range d.values {
			near("share of "+v, float64(counts[v])/n, d.shares[k]/100, 0.005)
		}
	}
	near("assignee share", float64(withAssignee)/n, AssigneeShare, 0.005)
	near("area label share", float64(withArea)/n, AreaShare, 0.01)
	near("tags per entity", float64(tagTotal)/n, 7.85, 0.03)
	near("content bytes per entity", float64(contentTotal)/n, 300, 3)
	for k := MinLabels; k <= MaxLabels; k++ {
		near("share with "+string(rune('0'+k))+" labels", float64(labelsPerEntity[k])/n, 0.2, 0.005)
	}
	if len(labelsPerEntity) != MaxLabels-MinLabels+1 {
		t.Errorf("label counts per entity: %v", labelsPerEntity)
	}
	// Zipf: the top value has share 1/H(n), and rank 1 has half the share of rank 0.
	zipfCheck := func(what string, got map[string]int, distinct int, tag func(int) string) {
		t.Helper()
		if len(got) > distinct || len(got) < distinct*9/10 {
			t.Errorf("%s: %d distinct values, want ≈ %d", what, len(got), distinct)
		}
		h := 0.0
		for k := 1; k <= distinct; k++ {
			h += 1 / float64(k)
		}
		near(what+" top share", float64(got[tag(1)])/float64(sum(got)), 1/h, 0.01)
		near(what+" rank-2/rank-1", float64(got[tag(2)])/float64(got[tag(1)]), 0.5, 0.05)
	}
	zipfCheck("project", projects, ns.Projects, projectTag)
	zipfCheck("assignee", assignees, ns.Assignees, assigneeTag)
	if ns.Projects != 96 || ns.Assignees != 4819 {
		t.Errorf("%d projects and %d assignees, want 96 and 4819 (size/2000, size/40)", ns.Projects, ns.Assignees)
	}
}

func TestLabels(t *testing.T) {
	if len(Labels) != LabelVocabulary {
		t.Fatalf("%d labels, want %d", len(Labels), LabelVocabulary)
	}
	seen := map[string]bool{}
	areas := 0
	for _, l := range Labels {
		if seen[l] || !strings.HasPrefix(l, "label:") {
			t.Errorf("bad or duplicate label %q", l)
		}
		seen[l] = true
		if strings.HasPrefix(l, "label:area-") {
			areas++
		}
	}
	if areas != 10 {
		t.Errorf("%d area labels, want 10", areas)
	}
}

func TestByTimeInterleaves(t *testing.T) {
	w := mustNew(t, Config{Seed: 3, Total: 20000, Namespaces: 20})
	seen := map[string]int{}
	prev := TimeStart.Add(-1)
	firstThousand := map[string]bool{}
	n := 0
	for ns, i := range w.ByTime() {
		at := w.CreatedAt(ns, i)
		if at.Before(prev) {
			t.Fatalf("%s/%d at %v comes after %v", ns.Name, i, at, prev)
		}
		prev = at
		if seen[ns.Name] != i {
			t.Fatalf("%s: entity %d after %d entities", ns.Name, i, seen[ns.Name])
		}
		seen[ns.Name]++
		if n < 1000 {
			firstThousand[ns.Name] = true
		}
		n++
	}
	if n != 20000 {
		t.Errorf("ByTime yielded %d entities, want 20000", n)
	}
	for _, ns := range w.Namespaces {
		if seen[ns.Name] != ns.Size {
			t.Errorf("%s: %d of %d entities", ns.Name, seen[ns.Name], ns.Size)
		}
	}
	if len(firstThousand) != 20 {
		t.Errorf("the first 1000 entities come from %d namespaces, want all 20", len(firstThousand))
	}
	all := 0
	for range w.All() {
		all++
	}
	if all != 20000 {
		t.Errorf("All yielded %d entities", all)
	}
}

func TestWithTag(t *testing.T) {
	tags := []string{"type:bug", "status:open", "label:x"}
	got := WithTag(tags, "status", "done")
	if strings.Join(got, ",") != "type:bug,status:done,label:x" || tags[1] != "status:open" {
		t.Errorf("WithTag = %v (input now %v)", got, tags)
	}
	if got := WithTag(tags, "owner", "me"); strings.Join(got, ",") != "type:bug,status:open,label:x,owner:me" {
		t.Errorf("WithTag appending = %v", got)
	}
}

func sum(m map[string]int) int {
	s := 0
	for _, v := range m {
		s += v
	}
	return s
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func BenchmarkGenerate(b *testing.B) {
	w := mustNew(b, Default)
	var e Entity
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		w.Generate(w.Largest(), i%w.Largest().Size, &e)
		i++
	}
}
