package namespace

import (
	"cmp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/bits-and-blooms/bloom/v3"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/entitydb/entitydb/storage"
	"github.com/entitydb/entitydb/storage/wal"
)

// docInfo is what the index keeps in memory per version.
type docInfo struct {
	id      string
	created timeKey
	prev    DocNum // previous version of the same id, 0 if none
	seq     Seq    // the batch that wrote it
	flags   uint8
	ntags   uint16 // distinct tags (postings entries)
	clen    uint32 // content bytes
	off     uint64 // location in entities.ebf; 0 = WAL-resident (in mem)
	n       uint32 // record length in entities.ebf
}

const (
	fPresent   = 1 << iota // slot used
	fTombstone             // a deletion version
	fPurged                // purged: invisible to snapshots after the purge, reclaimed later
	fReclaimed             // physically removed from postings and orders
)

// timeKey is a timestamp as a sortable pair.
type timeKey struct {
	sec  int64
	nsec int32
}

func toKey(t time.Time) timeKey { return timeKey{t.Unix(), int32(t.Nanosecond())} }
func (k timeKey) time() time.Time {
	return time.Unix(k.sec, int64(k.nsec)).UTC()
}
func cmpTime(a, b timeKey) int {
	if c := cmp.Compare(a.sec, b.sec); c != 0 {
		return c
	}
	return cmp.Compare(a.nsec, b.nsec)
}

type createdKey struct {
	t   timeKey
	doc DocNum
}

func cmpCreated(a, b createdKey) int {
	if c := cmpTime(a.t, b.t); c != 0 {
		return c
	}
	return cmp.Compare(a.doc, b.doc)
}

// purgeItem is a purged chain waiting for the snapshots that can still
// see it to be released.
type purgeItem struct {
	id   string
	head DocNum // newest purged version; older ones follow prev links
	seq  Seq    // the purging batch
	// marked is set once entities.ebf holds a purge marker for it.
	marked bool
}

// state is a loaded namespace: the in-memory index and the open WAL. It
// lives from load to eviction, drop or close.
type state struct {
	ns  *Namespace
	reg *Registry

	// mu guards the index fields below. Writers (the committer applying a
	// durable batch, a checkpoint updating locations, reclamation) hold it
	// exclusively for the short time it takes to change memory; readers
	// hold it shared and never across user callbacks or I/O.
	mu         sync.RWMutex
	seq        Seq
	nextDoc    DocNum
	lastCommit time.Time
	docs       []docInfo // by DocNum; docs[0] unused
	ids        map[string]DocNum
	postings   map[string]*roaring.Bitmap // tag -> versions having it (all kept versions)
	tagDict    *sortedList[string]
	byID       *sortedList[string]
	byCreated  *sortedList[createdKey]
	live       *roaring.Bitmap // versions visible at seq
	mem        map[DocNum]*Entity
	bloom      *bloom.BloomFilter // ids and tags ever added since load
	versions   uint64             // kept, unreclaimed versions with content (puts)
	tagSum     uint64             // sum of ntags over live versions
	contentSum uint64             // sum of content bytes over live versions
	purges     []purgeItem
	garbage    []storage.Extent // entities.ebf ranges no longer referenced
	punched    int64            // bytes punched since the last relocation

	// liveShared is set when a snapshot holds live; the next writer clones
	// it before changing it (copy on write).
	liveShared atomic.Bool

	// snapMu guards active, the count of unreleased snapshots per Seq.
	snapMu sync.Mutex
	active map[Seq]int

	cache *lru.Cache[DocNum, *Entity]

	log      *wal.Log     // owned by the committer goroutine
	sendMu   sync.RWMutex // guards stopped and closing reqs
	stopped  bool
	reqs     chan *commitReq
	done     chan struct{}
	users    atomic.Int64 // in-flight operations and unreleased snapshots
	lastUsed atomic.Int64 // unix nanos of the last use
	walBytes atomic.Int64
	nsID     uint64
	idxSeq   Seq // seq covered by the last checkpoint
	// idxDamaged is set while loading when the .idx exists but is unusable;
	// rebuilt when the index was rebuilt from entities.ebf (a new .idx is
	// due).
	idxDamaged bool
	rebuilt    bool

	// applyMu is held by the committer while it applies a group and by a
	// checkpoint while it captures the index; ckptMu serialises
	// checkpoints.
	// broken is set when the WAL's durable content is unknown after a
	// failed write or sync; the namespace reloads on next use.
	broken      atomic.Bool
	applyMu     sync.Mutex
	ckptMu      sync.Mutex
	ckptRunning atomic.Bool
}

func newState(ns *Namespace, reg *Registry) *state {
	st := &state{
		ns:        ns,
		reg:       reg,
		nextDoc:   1,
		docs:      make([]docInfo, 1, 64),
		ids:       map[string]DocNum{},
		postings:  map[string]*roaring.Bitmap{},
		tagDict:   newSortedList(strings.Compare),
		byID:      newSortedList(strings.Compare),
		byCreated: newSortedList(cmpCreated),
		live:      roaring.New(),
		mem:       map[DocNum]*Entity{},
		active:    map[Seq]int{},
		bloom:     bloom.NewWithEstimates(1<<16, 0.01),
	}
	size := reg.opts.EntityCacheSize
	if size <= 0 {
		size = 4096
	}
	st.cache, _ = lru.New[DocNum, *Entity](size)
	return st
}

// uniqueTags returns tags without duplicates, first occurrence order.
func uniqueTags(tags []string) []string {
	if len(tags) < 2 {
		return tags
	}
	if len(tags) < 16 {
		out := make([]string, 0, len(tags))
	outer:
		for _, t := range tags {
			for _, o := range out {
				if o == t {
					continue outer
				}
			}
			out = append(out, t)
		}
		return out
	}
	seen := make(map[string]struct{}, len(tags))
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if _, ok := seen[t]; !ok {
			seen[t] = struct{}{}
			out = append(out, t)
		}
	}
	return out
}

func (st *state) writableLive() *roaring.Bitmap {
	if st.liveShared.Load() {
		st.live = st.live.Clone()
		st.liveShared.Store(false)
	}
	return st.live
}

func (st *state) growDocs(d DocNum) {
	for DocNum(len(st.docs)) <= d {
		st.docs = append(st.docs, docInfo{})
	}
}

// isLive reports whether d is the live version of its id.
func (st *state) isLive(d DocNum) bool { return d != 0 && st.live.Contains(uint32(d)) }

// unlive removes the live version d from the live set and the sums.
func (st *state) unlive(d DocNum) {
	if !st.isLive(d) {
		return
	}
	st.writableLive().Remove(uint32(d))
	di := &st.docs[d]
	st.tagSum -= uint64(di.ntags)
	st.contentSum -= uint64(di.clen)
}

// applyBatch applies a durable (or replayed) batch. Caller holds mu.
// off/n give the entities.ebf locations of versions being replayed from a
// checkpoint (nil for WAL batches).
func (st *state) applyBatch(b *storage.Batch) {
	seq := Seq(b.Seq)
	for i := range b.Ops {
		op := &b.Ops[i]
		switch op.Kind {
		case storage.OpPut, storage.OpTombstone:
			st.applyVersion(seq, op.Kind, &op.Version, 0, 0, entityOf(&op.Version))
		case storage.OpPurge:
			st.applyPurge(seq, op.Version.ID)
		}
	}
	st.seq = seq
	st.lastCommit = time.Unix(0, b.CommitTime).UTC()
}

func entityOf(v *storage.Version) *Entity {
	return &Entity{ID: v.ID, Tags: v.Tags, Content: v.Content, CreatedAt: v.Created.UTC(), UpdatedAt: v.Updated.UTC()}
}

// applyVersion installs one version. e is its decoded entity when it is
// WAL-resident (kept in mem), nil when it lives in entities.ebf at off.
func (st *state) applyVersion(seq Seq, kind storage.OpKind, v *storage.Version, off uint64, n uint32, e *Entity) {
	d := DocNum(v.Doc)
	st.growDocs(d)
	if d >= st.nextDoc {
		st.nextDoc = d + 1
	}
	prev, known := st.ids[v.ID]
	if known {
		st.unlive(prev)
	} else {
		st.byID.Insert(v.ID)
		st.bloom.AddString(v.ID)
	}
	id := v.ID
	if known {
		id = st.docs[prev].id // share the string
	}
	di := docInfo{id: id, created: toKey(v.Created), prev: prev, seq: seq, flags: fPresent, off: off, n: n}
	st.ids[id] = d
	if kind == storage.OpTombstone {
		di.flags |= fTombstone
		st.docs[d] = di
		if e != nil {
			st.mem[d] = e
		}
		return
	}
	tags := uniqueTags(v.Tags)
	di.ntags = uint16(len(tags))
	di.clen = uint32(len(v.Content))
	st.docs[d] = di
	for _, t := range tags {
		p := st.postings[t]
		if p == nil {
			p = roaring.New()
			st.postings[t] = p
			st.tagDict.Insert(t)
			st.bloom.AddString("\x00" + t)
		}
		p.Add(uint32(d))
	}
	st.writableLive().Add(uint32(d))
	st.tagSum += uint64(di.ntags)
	st.contentSum += uint64(di.clen)
	st.versions++
	st.byCreated.Insert(createdKey{di.created, d})
	if e != nil {
		st.mem[d] = e
	}
}

// applyPurge hides id and its history from later snapshots; the versions
// are reclaimed once no snapshot older than seq remains.
func (st *state) applyPurge(seq Seq, id string) {
	head, ok := st.ids[id]
	if !ok {
		return
	}
	st.unlive(head)
	for d := head; d != 0; d = st.docs[d].prev {
		if st.docs[d].flags&fPurged != 0 {
			break
		}
		st.docs[d].flags |= fPurged
	}
	delete(st.ids, id)
	// byID keeps the id until reclamation: older snapshots still list it.
	st.purges = append(st.purges, purgeItem{id: id, head: head, seq: seq})
}

// oldestActive returns the smallest Seq of an unreleased snapshot, or
// st.seq+1 if none (callers hold mu).
func (st *state) oldestActive() Seq {
	st.snapMu.Lock()
	defer st.snapMu.Unlock()
	oldest := st.seq + 1
	for s := range st.active {
		if s < oldest {
			oldest = s
		}
	}
	return oldest
}

// reclaimVersion removes version d from every structure. The tags are
// found from the version's content (memory, cache or entities.ebf).
func (st *state) reclaimVersion(d DocNum) {
	di := &st.docs[d]
	if di.flags&fReclaimed != 0 {
		return
	}
	if di.flags&fTombstone == 0 {
		if e, err := st.readLocked(d); err == nil {
			for _, t := range uniqueTags(e.Tags) {
				if p := st.postings[t]; p != nil {
					p.Remove(uint32(d))
					if p.IsEmpty() {
						delete(st.postings, t)
						st.tagDict.Delete(t)
					}
				}
			}
		} else {
			// Unreadable content: scan every postings list instead.
			for t, p := range st.postings {
				p.Remove(uint32(d))
				if p.IsEmpty() {
					delete(st.postings, t)
					st.tagDict.Delete(t)
				}
			}
		}
		st.byCreated.Delete(createdKey{di.created, d})
		st.versions--
	}
	if di.off != 0 {
		st.garbage = append(st.garbage, storage.Extent{Off: di.off, Len: di.n})
	}
	delete(st.mem, d)
	st.cache.Remove(d)
	di.flags |= fReclaimed
	di.prev = 0
	di.off, di.n = 0, 0
}

// readLocked returns version d's entity; caller holds mu (shared is
// enough).
func (st *state) readLocked(d DocNum) (*Entity, error) {
	if e, ok := st.mem[d]; ok {
		return e, nil
	}
	if e, ok := st.cache.Get(d); ok {
		return e, nil
	}
	di := st.docs[d]
	return st.readEBF(d, di.off, di.n)
}

// memBytes estimates the index's memory.
func (st *state) memBytes() int64 {
	n := int64(cap(st.docs)) * 64
	n += int64(len(st.ids)) * 48
	for t, p := range st.postings {
		n += int64(len(t)) + 64 + int64(p.GetSizeInBytes())
	}
	n += st.tagDict.memBytes(16) + st.byID.memBytes(16) + st.byCreated.memBytes(24)
	n += int64(st.live.GetSizeInBytes())
	for _, e := range st.mem {
		n += int64(len(e.Content)) + int64(len(e.ID)) + 96
		for _, t := range e.Tags {
			n += int64(len(t)) + 16
		}
	}
	n += int64(st.bloom.Cap() / 8)
	return n
}
