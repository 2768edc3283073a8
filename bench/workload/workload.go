package workload

import (
	"container/heap"
	"fmt"
	"iter"
	"math"
	"sort"
	"time"
)

// Config selects a workload. The same Config always yields the same
// entities, byte for byte.
type Config struct {
	Seed       uint64 // every random choice derives from it
	Total      int    // entities over all namespaces
	Namespaces int    // number of namespaces, sized by Zipf: size ∝ 1/(rank+1)
}

// Default is the main shape: 1,000,000 entities over 100
// namespaces, ns_000 ≈ 193k … ns_099 ≈ 1.9k.
var Default = Config{Seed: 1, Total: 1_000_000, Namespaces: 100}

// The time range of created_at: entities of every namespace are spread
// evenly over it, in id order.
var (
	TimeStart = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	TimeEnd   = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
)

// Namespace is one namespace of a workload. Its fields are read-only.
type Namespace struct {
	Rank      int    // 0 is the largest
	Name      string // ns_000, ns_001, … (at least three digits, all the same width)
	Size      int    // entities
	Projects  int    // distinct project:pN values, ≈ Size/2000, at least 1
	Assignees int    // distinct assignee:uN values, ≈ Size/40, at least 1

	projects, assignees zipf
}

// Workload is a generated data set: the namespaces and, on demand, each of
// their entities. It is safe for concurrent use.
type Workload struct {
	Config     Config
	Namespaces []*Namespace
	byName     map[string]*Namespace
}

// New lays out the namespaces of cfg.
func New(cfg Config) (*Workload, error) {
	if cfg.Namespaces < 1 || cfg.Total < cfg.Namespaces {
		return nil, fmt.Errorf("workload: need at least one entity per namespace (total %d, namespaces %d)", cfg.Total, cfg.Namespaces)
	}
	sizes := zipfSizes(cfg.Total, cfg.Namespaces)
	width := max(3, len(fmt.Sprint(cfg.Namespaces-1)))
	w := &Workload{Config: cfg, byName: make(map[string]*Namespace, cfg.Namespaces)}
	projectDists := map[int]zipf{}
	assigneeDists := map[int]zipf{}
	dist := func(cache map[int]zipf, n int) zipf {
		d, ok := cache[n]
		if !ok {
			d = newZipf(n, 1)
			cache[n] = d
		}
		return d
	}
	for rank, size := range sizes {
		ns := &Namespace{
			Rank:      rank,
			Name:      fmt.Sprintf("ns_%0*d", width, rank),
			Size:      size,
			Projects:  max(1, int(math.Round(float64(size)/2000))),
			Assignees: max(1, int(math.Round(float64(size)/40))),
		}
		ns.projects = dist(projectDists, ns.Projects)
		ns.assignees = dist(assigneeDists, ns.Assignees)
		w.Namespaces = append(w.Namespaces, ns)
		w.byName[ns.Name] = ns
	}
	return w, nil
}

// Namespace returns the namespace called name, or nil.
func (w *Workload) Namespace(name string) *Namespace { return w.byName[name] }

// Largest and Smallest return the first and the last namespace by size.
func (w *Workload) Largest() *Namespace  { return w.Namespaces[0] }
func (w *Workload) Smallest() *Namespace { return w.Namespaces[len(w.Namespaces)-1] }

// zipfSizes splits total over n namespaces in proportion to 1/(rank+1),
// rounding by largest remainder so the sizes add up to total exactly, and
// giving every namespace at least one entity.
func zipfSizes(total, n int) []int {
	var h float64
	for k := 1; k <= n; k++ {
		h += 1 / float64(k)
	}
	sizes := make([]int, n)
	type rem struct {
		rank int
		frac float64
	}
	rems := make([]rem, n)
	sum := 0
	for k := range sizes {
		exact := float64(total) / (float64(k+1) * h)
		sizes[k] = int(exact)
		rems[k] = rem{k, exact - float64(sizes[k])}
		sum += sizes[k]
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].frac > rems[b].frac })
	for i := 0; sum < total; i++ {
		sizes[rems[i%n].rank]++
		sum++
	}
	// Lift empty tails to one entity, taking from the largest namespace.
	for k := range sizes {
		if sizes[k] == 0 {
			sizes[k] = 1
			sizes[0]--
		}
	}
	return sizes
}

// ID returns the id of entity i of a namespace: e%08d.
func ID(i int) string {
	var b [9]byte
	b[0] = 'e'
	for p := 8; p >= 1; p-- {
		b[p] = byte('0' + i%10)
		i /= 10
	}
	if i != 0 {
		return fmt.Sprintf("e%08d", i) // does not happen below 10^8 entities
	}
	return string(b[:])
}

// CreatedAt returns the creation time of entity i of ns: entities are
// spread evenly over [TimeStart, TimeEnd) in id order, each jittered within
// its own slot, so created_at strictly increases with the id. Entities past
// the namespace's size continue the sequence after TimeEnd.
func (w *Workload) CreatedAt(ns *Namespace, i int) time.Time {
	span := TimeEnd.Sub(TimeStart).Microseconds()
	slot := func(i int) int64 { // i·span/size without overflowing
		n := int64(ns.Size)
		return span/n*int64(i) + span%n*int64(i)/n
	}
	lo, hi := slot(i), slot(i+1)
	r := newRNG(w.Config.Seed, uint64(ns.Rank), uint64(i), 1)
	us := lo
	if hi > lo {
		us += int64(r.intn(int(hi - lo)))
	}
	return TimeStart.Add(time.Duration(us) * time.Microsecond)
}

// All yields every (namespace, index) pair, namespace by namespace in id
// order.
func (w *Workload) All() iter.Seq2[*Namespace, int] {
	return func(yield func(*Namespace, int) bool) {
		for _, ns := range w.Namespaces {
			for i := 0; i < ns.Size; i++ {
				if !yield(ns, i) {
					return
				}
			}
		}
	}
}

// ByTime yields every (namespace, index) pair in created_at order over all
// namespaces (ties by rank), so namespaces interleave: the load order of
// the single global table.
func (w *Workload) ByTime() iter.Seq2[*Namespace, int] {
	return func(yield func(*Namespace, int) bool) {
		h := make(cursorHeap, 0, len(w.Namespaces))
		for _, ns := range w.Namespaces {
			h = append(h, cursor{ns: ns, at: w.CreatedAt(ns, 0)})
		}
		heap.Init(&h)
		for len(h) > 0 {
			c := &h[0]
			if !yield(c.ns, c.i) {
				return
			}
			c.i++
			if c.i == c.ns.Size {
				heap.Pop(&h)
				continue
			}
			c.at = w.CreatedAt(c.ns, c.i)
			heap.Fix(&h, 0)
		}
	}
}

type cursor struct {
	ns *Namespace
	i  int
	at time.Time
}

type cursorHeap []cursor

func (h cursorHeap) Len() int { return len(h) }
func (h cursorHeap) Less(a, b int) bool {
	if !h[a].at.Equal(h[b].at) {
		return h[a].at.Before(h[b].at)
	}
	return h[a].ns.Rank < h[b].ns.Rank
}
func (h cursorHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *cursorHeap) Push(x any)   { *h = append(*h, x.(cursor)) }
func (h *cursorHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
