package namespace

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
)

// Snapshot is an immutable, consistent view of a namespace. Safe for
// concurrent use; bitmaps it returns belong to the caller.
//
// A snapshot holds the live set of its Seq (shared copy-on-write with the
// index) and the first DocNum written after it. Postings, orders and the
// id map are shared with the index: they only gain versions newer than the
// snapshot, which its live set excludes, and lose versions only once no
// snapshot can see them.
type Snapshot struct {
	st       *state
	seq      Seq
	live     *roaring.Bitmap
	liveCard uint64
	docLimit DocNum
	// clean is set when every kept version with postings was live at the
	// snapshot (no history, nothing purged awaiting reclamation): then a
	// postings list restricted to docs below docLimit is already the
	// visible set, and counts need no intersection with live.
	clean    bool
	released atomic.Bool
}

// errReleased is returned by Get on a released snapshot.
var errReleased = errors.New("namespace: snapshot released")

// Release lets the store reclaim versions no remaining snapshot can see.
// Calling it twice is harmless.
func (s *Snapshot) Release() {
	if s == nil || s.released.Swap(true) {
		return
	}
	st := s.st
	st.snapMu.Lock()
	if st.active[s.seq]--; st.active[s.seq] <= 0 {
		delete(st.active, s.seq)
	}
	st.snapMu.Unlock()
	st.users.Add(-1)
}

// Seq is the last batch the snapshot sees.
func (s *Snapshot) Seq() Seq { return s.seq }

// Count returns the number of visible entities matching q without fetching
// any entity.
func (s *Snapshot) Count(q *Query) uint64 {
	if q == nil {
		return s.liveCard
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return s.countLocked(q)
}

func (s *Snapshot) countLocked(q *Query) uint64 {
	switch q.Kind {
	case QAll:
		return s.liveCard
	case QNot:
		if len(q.Args) == 1 {
			return s.liveCard - s.countLocked(q.Args[0])
		}
	}
	// Nothing committed since the snapshot and no dead versions in the
	// postings: cardinalities of postings are the answer.
	if s.clean && s.st.nextDoc == s.docLimit {
		if n, ok := s.countClean(q); ok {
			return n
		}
	}
	if q.Kind == QTag {
		p := s.posting(q.Tag)
		if p == nil {
			return 0
		}
		return p.AndCardinality(s.live)
	}
	bm, _, inLive := s.eval(q)
	if inLive {
		return bm.GetCardinality()
	}
	return bm.AndCardinality(s.live)
}

// countClean counts tag leaves and And/Or of tag leaves with roaring's
// cardinality operations, intersecting smallest first and never
// materialising the last step. It reports false for other shapes.
func (s *Snapshot) countClean(q *Query) (uint64, bool) {
	switch q.Kind {
	case QTag:
		if p := s.posting(q.Tag); p != nil {
			return p.GetCardinality(), true
		}
		return 0, true
	case QAnd, QOr:
		if len(q.Args) == 0 {
			return 0, false
		}
		ps := make([]*roaring.Bitmap, 0, len(q.Args))
		for _, a := range q.Args {
			if a.Kind != QTag {
				return 0, false
			}
			p := s.posting(a.Tag)
			if p == nil {
				if q.Kind == QAnd {
					return 0, true
				}
				continue
			}
			ps = append(ps, p)
		}
		switch len(ps) {
		case 0:
			return 0, true
		case 1:
			return ps[0].GetCardinality(), true
		}
		if q.Kind == QOr {
			if len(ps) == 2 { // |a ∪ b| = |a| + |b| - |a ∩ b|, nothing materialised
				return ps[0].GetCardinality() + ps[1].GetCardinality() - ps[0].AndCardinality(ps[1]), true
			}
			return roaring.FastOr(ps...).GetCardinality(), true
		}
		slices.SortFunc(ps, func(a, b *roaring.Bitmap) int {
			ca, cb := a.GetCardinality(), b.GetCardinality()
			switch {
			case ca < cb:
				return -1
			case ca > cb:
				return 1
			}
			return 0
		})
		if len(ps) == 2 {
			return ps[0].AndCardinality(ps[1]), true
		}
		acc := roaring.And(ps[0], ps[1])
		for _, p := range ps[2 : len(ps)-1] {
			acc.And(p)
		}
		return acc.AndCardinality(ps[len(ps)-1]), true
	}
	return 0, false
}

// Eval returns the visible versions matching q.
func (s *Snapshot) Eval(q *Query) *roaring.Bitmap {
	if q == nil {
		q = All()
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	bm, owned, inLive := s.eval(q)
	if inLive {
		if owned {
			return bm
		}
		return bm.Clone()
	}
	if owned {
		bm.And(s.live)
		return bm
	}
	return roaring.And(bm, s.live)
}

var emptyBitmap = roaring.New()

func (s *Snapshot) posting(tag string) *roaring.Bitmap {
	if !s.st.bloom.TestString("\x00" + tag) {
		return nil
	}
	return s.st.postings[tag]
}

// eval computes q over all versions. The result is owned (the caller may
// change it) or shared (read only), and inLive says it is already a
// subset of the snapshot's live set. Caller holds st.mu shared.
func (s *Snapshot) eval(q *Query) (bm *roaring.Bitmap, owned, inLive bool) {
	switch q.Kind {
	case QAll:
		return s.live, false, true
	case QTag:
		if p := s.posting(q.Tag); p != nil {
			return p, false, false
		}
		return emptyBitmap, false, true
	case QPrefix:
		var parts []*roaring.Bitmap
		s.st.tagDict.Ascend(&q.Tag, func(t string) bool {
			if !strings.HasPrefix(t, q.Tag) {
				return false
			}
			parts = append(parts, s.st.postings[t])
			return true
		})
		switch len(parts) {
		case 0:
			return emptyBitmap, false, true
		case 1:
			return parts[0], false, false
		}
		return roaring.FastOr(parts...), true, false
	case QIDs:
		out := roaring.New()
		for _, id := range q.IDs {
			if d, ok := s.lookupLocked(id); ok {
				out.Add(uint32(d))
			}
		}
		return out, true, true
	case QCreatedRange:
		out := roaring.New()
		from := createdKey{t: toKey(q.From)}
		var start *createdKey
		if !q.From.IsZero() {
			start = &from
		}
		to := toKey(q.To)
		s.st.byCreated.Ascend(start, func(k createdKey) bool {
			if !q.To.IsZero() && cmpTime(k.t, to) >= 0 {
				return false
			}
			if k.doc < s.docLimit {
				out.Add(uint32(k.doc))
			}
			return true
		})
		return out, true, false
	case QNot:
		if len(q.Args) != 1 {
			return emptyBitmap, false, true
		}
		child, _, _ := s.eval(q.Args[0])
		return roaring.AndNot(s.live, child), true, true
	case QOr:
		if len(q.Args) == 0 {
			return emptyBitmap, false, true
		}
		if len(q.Args) == 1 {
			return s.eval(q.Args[0])
		}
		parts := make([]*roaring.Bitmap, 0, len(q.Args))
		allIn := true
		for _, a := range q.Args {
			bm, _, in := s.eval(a)
			allIn = allIn && in
			parts = append(parts, bm)
		}
		return roaring.FastOr(parts...), true, allIn
	case QAnd:
		return s.evalAnd(q.Args)
	}
	return emptyBitmap, false, true
}

// evalAnd intersects the positive operands smallest first, then subtracts
// the negated ones (And(a, Not(b)) is a AND NOT b, never live minus b).
func (s *Snapshot) evalAnd(args []*Query) (*roaring.Bitmap, bool, bool) {
	if len(args) == 0 {
		return s.live, false, true
	}
	type part struct {
		bm     *roaring.Bitmap
		owned  bool
		inLive bool
		card   uint64
	}
	var pos []part
	var neg []*roaring.Bitmap
	for _, a := range args {
		if a.Kind == QNot && len(a.Args) == 1 {
			bm, _, _ := s.eval(a.Args[0])
			neg = append(neg, bm)
			continue
		}
		bm, owned, in := s.eval(a)
		c := bm.GetCardinality()
		if c == 0 {
			return emptyBitmap, false, true
		}
		pos = append(pos, part{bm, owned, in, c})
	}
	var acc *roaring.Bitmap
	inLive := false
	if len(pos) == 0 {
		acc, inLive = s.live.Clone(), true
	} else {
		slices.SortFunc(pos, func(a, b part) int {
			switch {
			case a.card < b.card:
				return -1
			case a.card > b.card:
				return 1
			}
			return 0
		})
		if len(pos) == 1 {
			if len(neg) == 0 {
				return pos[0].bm, pos[0].owned, pos[0].inLive
			}
			acc = pos[0].bm
			if !pos[0].owned {
				acc = acc.Clone()
			}
		} else {
			acc = roaring.And(pos[0].bm, pos[1].bm)
			for _, p := range pos[2:] {
				if acc.IsEmpty() {
					break
				}
				acc.And(p.bm)
			}
		}
		for _, p := range pos {
			inLive = inLive || p.inLive
		}
	}
	for _, n := range neg {
		if acc.IsEmpty() {
			break
		}
		acc.AndNot(n)
	}
	return acc, true, inLive
}

// Lookup returns the visible version of id.
func (s *Snapshot) Lookup(id string) (DocNum, bool) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return s.lookupLocked(id)
}

func (s *Snapshot) lookupLocked(id string) (DocNum, bool) {
	if !s.st.bloom.TestString(id) {
		return 0, false
	}
	d, ok := s.st.ids[id]
	if !ok {
		return s.lookupPurged(id)
	}
	for d != 0 && d >= s.docLimit {
		d = s.st.docs[d].prev
	}
	if d == 0 || !s.live.Contains(uint32(d)) {
		return s.lookupPurged(id)
	}
	return d, true
}

// lookupPurged finds id among chains purged after this snapshot was taken
// (rare: only while such a snapshot is held).
func (s *Snapshot) lookupPurged(id string) (DocNum, bool) {
	for _, p := range s.st.purges {
		if p.id != id || p.seq <= s.seq {
			continue
		}
		for d := p.head; d != 0; d = s.st.docs[d].prev {
			if d < s.docLimit && s.live.Contains(uint32(d)) {
				return d, true
			}
		}
	}
	return 0, false
}

// Get returns a version's entity: any version the snapshot can see,
// including history reached through other means. The result is shared
// (cached) and must not be modified.
func (s *Snapshot) Get(doc DocNum) (*Entity, error) {
	if s.released.Load() {
		return nil, errReleased
	}
	st := s.st
	st.mu.RLock()
	if doc == 0 || doc >= s.docLimit || int(doc) >= len(st.docs) || st.docs[doc].flags&(fPresent|fReclaimed) != fPresent {
		st.mu.RUnlock()
		return nil, fmt.Errorf("%w: %v", ErrEntityNotFound, doc)
	}
	if e, ok := st.mem[doc]; ok {
		st.mu.RUnlock()
		return e, nil
	}
	di := st.docs[doc]
	st.mu.RUnlock()
	if e, ok := st.cache.Get(doc); ok {
		return e, nil
	}
	e, err := st.readEBF(doc, di.off, di.n)
	if err != nil {
		// Compaction may have moved the version (and punched its old
		// range) after we copied its location: read it where it is now.
		st.mu.RLock()
		cur := st.docs[doc]
		st.mu.RUnlock()
		if cur.off != di.off && cur.off != 0 {
			return st.readEBF(doc, cur.off, cur.n)
		}
	}
	return e, err
}

// scanBatch is how many keys Scan collects per lock hold.
const scanBatch = 128

// Scan calls fn for the visible versions in filter (nil: all visible) in
// the given order until fn returns false, without materialising the rest
// (newest-N with a tag set reads N entities, not all matches).
//
// A filter much smaller than the namespace is sorted directly (touching
// only its members); otherwise the order index is walked and each key is
// tested against the filter. fn runs without any lock held and may call
// other Snapshot methods.
func (s *Snapshot) Scan(order Order, filter *roaring.Bitmap, fn func(DocNum) bool) {
	st := s.st
	if filter != nil {
		st.mu.RLock()
		total := uint64(st.byCreated.Len())
		st.mu.RUnlock()
		if card := filter.GetCardinality(); card*16 < total || card < 64 {
			s.scanSparse(order, filter, fn)
			return
		}
	}
	switch order {
	case ByCreatedAsc, ByCreatedDesc:
		s.scanCreated(order == ByCreatedDesc, filter, fn)
	case ByIDAsc, ByIDDesc:
		s.scanIDs(order == ByIDDesc, filter, fn)
	}
}

func (s *Snapshot) scanSparse(order Order, filter *roaring.Bitmap, fn func(DocNum) bool) {
	st := s.st
	st.mu.RLock()
	type key struct {
		t   createdKey
		id  string
		doc DocNum
	}
	keys := make([]key, 0, filter.GetCardinality())
	it := filter.Iterator()
	for it.HasNext() {
		d := DocNum(it.Next())
		if d >= s.docLimit || !s.live.Contains(uint32(d)) || int(d) >= len(st.docs) {
			continue
		}
		di := &st.docs[d]
		keys = append(keys, key{createdKey{di.created, d}, di.id, d})
	}
	st.mu.RUnlock()
	switch order {
	case ByCreatedAsc:
		slices.SortFunc(keys, func(a, b key) int { return cmpCreated(a.t, b.t) })
	case ByCreatedDesc:
		slices.SortFunc(keys, func(a, b key) int { return cmpCreated(b.t, a.t) })
	case ByIDAsc:
		slices.SortFunc(keys, func(a, b key) int { return strings.Compare(a.id, b.id) })
	case ByIDDesc:
		slices.SortFunc(keys, func(a, b key) int { return strings.Compare(b.id, a.id) })
	}
	for _, k := range keys {
		if !fn(k.doc) {
			return
		}
	}
}

func (s *Snapshot) scanCreated(desc bool, filter *roaring.Bitmap, fn func(DocNum) bool) {
	st := s.st
	var from *createdKey
	batch := 16 // grows: a LIMIT 20 touches little more than 20 keys
	buf := make([]DocNum, 0, scanBatch)
	for {
		buf = buf[:0]
		var last createdKey
		more := false
		st.mu.RLock()
		visit := func(k createdKey) bool {
			if from != nil && k == *from {
				return true // resume point, already handled
			}
			if len(buf) == batch {
				more = true
				return false
			}
			last = k
			// The filter first: it is usually the sparser set.
			if k.doc < s.docLimit && (filter == nil || filter.Contains(uint32(k.doc))) && s.live.Contains(uint32(k.doc)) {
				buf = append(buf, k.doc)
			}
			return true
		}
		n := 0
		counting := func(k createdKey) bool {
			n++
			if n > 8*batch && len(buf) > 0 {
				more = true
				return false
			}
			return visit(k)
		}
		if desc {
			st.byCreated.Descend(from, counting)
		} else {
			st.byCreated.Ascend(from, counting)
		}
		st.mu.RUnlock()
		for _, d := range buf {
			if !fn(d) {
				return
			}
		}
		if !more {
			return
		}
		l := last
		from = &l
		batch = min(2*batch, scanBatch)
	}
}

func (s *Snapshot) scanIDs(desc bool, filter *roaring.Bitmap, fn func(DocNum) bool) {
	st := s.st
	var from *string
	batch := 16
	buf := make([]DocNum, 0, scanBatch)
	for {
		buf = buf[:0]
		var last string
		more := false
		n := 0
		st.mu.RLock()
		prevID, havePrev := "", false
		visit := func(id string) bool {
			if from != nil && id == *from || havePrev && id == prevID {
				return true // resume point or a duplicate (purged and re-inserted)
			}
			prevID, havePrev = id, true
			n++
			if len(buf) == batch || n > 8*batch && len(buf) > 0 {
				more = true
				return false
			}
			last = id
			if d, ok := s.lookupLocked(id); ok && (filter == nil || filter.Contains(uint32(d))) {
				buf = append(buf, d)
			}
			return true
		}
		if desc {
			st.byID.Descend(from, visit)
		} else {
			st.byID.Ascend(from, visit)
		}
		st.mu.RUnlock()
		for _, d := range buf {
			if !fn(d) {
				return
			}
		}
		if !more {
			return
		}
		l := last
		from = &l
		batch = min(2*batch, scanBatch)
	}
}

// Tags calls fn for each tag starting with prefix in ascending byte order
// (the sorted dictionary) with the number of visible entities having it,
// skipping tags with none, until fn returns false.
func (s *Snapshot) Tags(prefix string, fn func(tag string, count uint64) bool) {
	st := s.st
	type tc struct {
		tag string
		n   uint64
	}
	from := prefix
	first := true
	for {
		var buf []tc
		more := false
		st.mu.RLock()
		st.tagDict.Ascend(&from, func(t string) bool {
			if !strings.HasPrefix(t, prefix) {
				return false
			}
			if !first && t == from {
				return true
			}
			if len(buf) == scanBatch {
				more = true
				return false
			}
			from = t
			if n := st.postings[t].AndCardinality(s.live); n > 0 {
				buf = append(buf, tc{t, n})
			}
			return true
		})
		st.mu.RUnlock()
		first = false
		for _, x := range buf {
			if !fn(x.tag, x.n) {
				return
			}
		}
		if !more {
			return
		}
	}
}

// Stats returns the namespace's statistics as of the snapshot (entity
// count exactly; the other figures describe the index at the time of the
// call).
func (s *Snapshot) Stats() Stats {
	st := s.st.ns.stats(s.st)
	st.Entities = s.liveCard
	return st
}
