package namespace

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/bits-and-blooms/bloom/v3"

	"github.com/entitydb/entitydb/storage"
	"github.com/entitydb/entitydb/storage/wal"
)

// defaultCheckpointBytes is the WAL size that triggers a checkpoint.
const defaultCheckpointBytes = 64 << 20

// walBatch is a replayed WAL record.
type walBatch struct {
	off   int64
	batch storage.Batch
}

// readWAL opens the namespace's WAL, returning the trim mark (0 if none)
// and the batches it holds.
func (n *Namespace) readWAL() (*wal.Log, uint64, []walBatch, error) {
	r := n.reg
	path := r.walPath(n.name)
	var mark uint64
	var batches []walBatch
	l, rec, err := wal.Open(r.fs, path, func(off int64, p []byte) error {
		isMark, seq, err := storage.WALRecordSeq(p)
		if err != nil {
			return &storage.CorruptionError{File: path, Offset: off, Err: err}
		}
		if isMark {
			if len(batches) > 0 || mark != 0 {
				return &storage.CorruptionError{File: path, Offset: off, Err: fmt.Errorf("%w: checkpoint mark after records", storage.ErrBadRecord)}
			}
			mark = seq
			return nil
		}
		b, err := storage.DecodeBatch(p)
		if err != nil {
			return &storage.CorruptionError{File: path, Offset: off, Err: err}
		}
		batches = append(batches, walBatch{off, b})
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		r.logger.Warn("namespace WAL missing; starting an empty one", "namespace", n.name, "file", path)
		l, err = wal.Create(r.fs, path)
	}
	if err != nil {
		return nil, 0, nil, fmt.Errorf("load namespace %s: %w", n.name, err)
	}
	if rec.Upgraded {
		r.logger.Info("rewrote WAL in the current format", "namespace", n.name, "file", path, "records", rec.Records)
	} else if rec.TornBytes > 0 {
		r.logger.Warn("truncated torn WAL tail", "namespace", n.name, "file", path, "offset", rec.End, "bytes", rec.TornBytes)
	}
	return l, mark, batches, nil
}

// load reads the checkpoint (or rebuilds the index from entities.ebf when
// the checkpoint is missing or damaged) and replays the WAL.
func (n *Namespace) load() (*state, error) {
	r := n.reg
	start := time.Now()
	l, mark, batches, err := n.readWAL()
	if err != nil {
		return nil, err
	}
	st := newState(n, r)
	st.nsID = n.id
	ok, err := st.loadIndex()
	if err != nil {
		l.Close()
		return nil, err
	}
	if !ok && mark == 0 && !st.idxDamaged {
		// Never checkpointed: the WAL holds every batch since creation.
		st = newState(n, r)
		st.nsID = n.id
	} else if !ok {
		if !st.idxDamaged {
			r.logger.Error("namespace checkpoint missing; rebuilding from entities.ebf and WAL",
				"namespace", n.name, "file", r.idxPath(n.name), "wal_mark", mark)
		}
		st = newState(n, r) // discard anything a failed restore left
		st.nsID = n.id
		if err := st.rebuild(mark, batches); err != nil {
			l.Close()
			return nil, err
		}
		st.rebuilt = true
	}
	walPath := r.walPath(n.name)
	replayed := 0
	for _, wb := range batches {
		seq := Seq(wb.batch.Seq)
		if seq <= st.seq {
			continue // covered by the checkpoint
		}
		if seq != st.seq+1 {
			l.Close()
			return nil, &storage.CorruptionError{File: walPath, Offset: wb.off,
				Err: fmt.Errorf("%w: batch %d follows %d (missing batches)", storage.ErrBadRecord, seq, st.seq)}
		}
		st.applyBatch(&wb.batch)
		replayed++
	}
	st.log = l
	st.walBytes.Store(l.Size())
	st.reqs = make(chan *commitReq, 64)
	st.done = make(chan struct{})
	go st.run()
	r.logger.Debug("namespace loaded", "namespace", n.name, "seq", st.seq, "replayed", replayed, "took", time.Since(start))
	return st, nil
}

// loadIndex restores st from the .idx checkpoint. It returns false when
// there is none or it cannot be used (then the caller rebuilds).
func (st *state) loadIndex() (bool, error) {
	r := st.reg
	path := r.idxPath(st.ns.name)
	data, err := storage.ReadFile(r.fs, path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	ix, err := storage.DecodeIndex(data)
	if err == nil && ix.NS != st.nsID {
		err = fmt.Errorf("checkpoint belongs to namespace incarnation %d, not %d", ix.NS, st.nsID)
	}
	if err == nil {
		err = st.restore(ix)
	}
	if err != nil {
		r.logger.Error("namespace checkpoint unusable; rebuilding from entities.ebf and WAL",
			"namespace", st.ns.name, "err", &storage.CorruptionError{File: path, Offset: 0, Err: err})
		st.idxDamaged = true
		return false, nil
	}
	st.idxSeq = st.seq
	return true, nil
}

// restore builds the in-memory index from a decoded checkpoint.
func (st *state) restore(ix *storage.Index) error {
	st.seq = Seq(ix.Seq)
	st.nextDoc = DocNum(ix.NextDoc)
	// Size the bloom filter for what is there plus room to grow.
	st.bloom = bloom.NewWithEstimates(uint(2*(len(ix.Docs)+len(ix.Tags))+1<<16), 0.01)
	st.lastCommit = ix.LastCommit
	st.docs = make([]docInfo, ix.NextDoc)
	var ids []string
	var created []createdKey
	for i := range ix.Docs {
		x := &ix.Docs[i]
		di := docInfo{id: x.ID, created: toKey(x.Created), prev: DocNum(x.Prev), seq: Seq(x.Seq), flags: fPresent,
			ntags: uint16(x.NTags), clen: x.CLen, off: x.Off, n: x.Len}
		if x.Off == 0 {
			return fmt.Errorf("doc %d has no entities.ebf location", x.Doc)
		}
		if x.Flags&storage.IdxTombstone != 0 {
			di.flags |= fTombstone
		} else {
			created = append(created, createdKey{di.created, DocNum(x.Doc)})
			st.versions++
		}
		if x.Flags&storage.IdxPurged != 0 {
			di.flags |= fPurged
		} else {
			if head, ok := st.ids[x.ID]; ok {
				di.id = st.docs[head].id
			} else {
				ids = append(ids, x.ID)
				st.bloom.AddString(x.ID)
			}
			st.ids[di.id] = DocNum(x.Doc)
		}
		st.docs[x.Doc] = di
	}
	st.live = roaring.New()
	if _, err := st.live.FromBuffer(slices.Clone(ix.Live)); err != nil {
		return fmt.Errorf("live set: %w", err)
	}
	tags := make([]string, 0, len(ix.Tags))
	for i := range ix.Tags {
		p := roaring.New()
		if _, err := p.FromBuffer(slices.Clone(ix.Tags[i].Postings)); err != nil {
			return fmt.Errorf("postings of %q: %w", ix.Tags[i].Tag, err)
		}
		st.postings[ix.Tags[i].Tag] = p
		tags = append(tags, ix.Tags[i].Tag)
		st.bloom.AddString("\x00" + ix.Tags[i].Tag)
	}
	it := st.live.Iterator()
	for it.HasNext() {
		d := it.Next()
		if d >= ix.NextDoc || st.docs[d].flags&(fPresent|fTombstone|fPurged) != fPresent {
			return fmt.Errorf("live set names %d, which is not a kept version", d)
		}
		st.tagSum += uint64(st.docs[d].ntags)
		st.contentSum += uint64(st.docs[d].clen)
	}
	for _, p := range ix.Purges {
		st.purges = append(st.purges, purgeItem{id: p.ID, head: DocNum(p.Head), seq: Seq(p.Seq), marked: true})
		ids = append(ids, p.ID) // listed until reclaimed, for older snapshots
	}
	st.garbage = slices.Clone(ix.Garbage)
	slices.Sort(ids)
	st.byID.bulk(ids)
	slices.SortFunc(tags, strings.Compare)
	st.tagDict.bulk(tags)
	slices.SortFunc(created, cmpCreated)
	st.byCreated.bulk(created)
	return nil
}

// rebuild restores the index from entities.ebf: the versions of this
// namespace incarnation that a completed checkpoint covered (seq <= mark,
// or all if the WAL holds no batches), minus purged ones. The WAL replays
// on top.
func (st *state) rebuild(mark uint64, batches []walBatch) error {
	r := st.reg
	limit := ^uint64(0)
	if len(batches) > 0 {
		limit = batches[0].batch.Seq - 1
	}
	if mark != 0 && mark < limit {
		limit = mark
	}
	type loc struct {
		off int64
		n   uint32
		rec storage.EBFRecord
	}
	var versions []loc
	purgedBelow := map[string]uint32{} // id -> versions below this doc are purged
	bad := 0
	start := time.Now()
	err := r.ebf.Scan(func(off int64, n uint32, rec storage.EBFRecord) error {
		if rec.NS != st.nsID || rec.Seq > limit {
			return nil
		}
		if rec.Op.Kind == storage.OpPurge {
			if rec.Op.Version.Doc > purgedBelow[rec.Op.Version.ID] {
				purgedBelow[rec.Op.Version.ID] = rec.Op.Version.Doc
			}
			return nil
		}
		rec.Op.Version.Content = nil // not kept in memory
		versions = append(versions, loc{off, n, rec})
		return nil
	}, func(off int64, err error) {
		bad++
		r.logger.Warn("entities.ebf: skipping damaged bytes during rebuild", "offset", off, "err", err)
	})
	if err != nil {
		return fmt.Errorf("rebuild %s: scan entities.ebf: %w", st.ns.name, err)
	}
	sort.SliceStable(versions, func(i, j int) bool { return versions[i].rec.Op.Version.Doc < versions[j].rec.Op.Version.Doc })
	var maxSeq uint64
	applied := 0
	for i, v := range versions {
		d := v.rec.Op.Version.Doc
		if i+1 < len(versions) && versions[i+1].rec.Op.Version.Doc == d {
			continue // an older copy from a checkpoint that did not finish
		}
		if d < purgedBelow[v.rec.Op.Version.ID] {
			continue
		}
		seq := Seq(v.rec.Seq)
		for st.seq < seq { // batches are applied in order
			st.seq++
		}
		ver := v.rec.Op.Version
		st.applyVersion(seq, v.rec.Op.Kind, &ver, uint64(v.off), v.n, nil)
		maxSeq = max(maxSeq, v.rec.Seq)
		applied++
	}
	if limit != ^uint64(0) {
		st.seq = Seq(limit)
	} else {
		st.seq = Seq(max(maxSeq, mark))
	}
	r.logger.Warn("rebuilt namespace index from entities.ebf", "namespace", st.ns.name,
		"versions", applied, "seq", st.seq, "damaged_ranges", bad, "took", time.Since(start))
	return nil
}

// maybeCheckpoint starts a background checkpoint when the WAL has grown
// past the threshold. Called by the committer after a group.
func (st *state) maybeCheckpoint() {
	limit := st.reg.opts.CheckpointBytes
	if limit <= 0 {
		limit = defaultCheckpointBytes
	}
	if st.walBytes.Load() < limit || !st.ckptRunning.CompareAndSwap(false, true) {
		return
	}
	st.users.Add(1)
	go func() {
		defer st.ckptRunning.Store(false)
		defer st.users.Add(-1)
		if err := st.checkpoint(false); err != nil {
			st.reg.logger.Error("checkpoint failed", "namespace", st.ns.name, "err", err)
		}
	}()
}

// flushMem appends the WAL-resident versions to entities.ebf, syncs it and
// points the index at the new locations.
func (st *state) flushMem() error {
	st.mu.RLock()
	docs := make([]DocNum, 0, len(st.mem))
	for d := range st.mem {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	var frames []byte
	offs := make([]int, len(docs))
	for i, d := range docs {
		e := st.mem[d]
		di := &st.docs[d]
		kind := storage.OpPut
		if di.flags&fTombstone != 0 {
			kind = storage.OpTombstone
		}
		rec := storage.EBFRecord{NS: st.nsID, Seq: uint64(di.seq), Op: storage.Op{Kind: kind, Version: storage.Version{
			Doc: uint32(d), ID: e.ID, Tags: e.Tags, Content: e.Content, Created: e.CreatedAt, Updated: e.UpdatedAt}}}
		offs[i] = len(frames)
		frames = storage.AppendEBFFrame(frames, storage.EncodeEBFRecord(nil, &rec))
	}
	st.mu.RUnlock()
	if len(docs) == 0 {
		return nil
	}
	base, err := st.reg.ebf.Append(frames)
	if err != nil {
		return err
	}
	if err := st.reg.ebf.Sync(); err != nil {
		return fmt.Errorf("sync entities.ebf: %w", err)
	}
	st.mu.Lock()
	for i, d := range docs {
		end := len(frames)
		if i+1 < len(docs) {
			end = offs[i+1]
		}
		di := &st.docs[d]
		if di.flags&fReclaimed != 0 {
			st.garbage = append(st.garbage, storage.Extent{Off: uint64(base) + uint64(offs[i]), Len: uint32(end - offs[i])})
			continue
		}
		di.off = uint64(base) + uint64(offs[i])
		di.n = uint32(end - offs[i])
		if e := st.mem[d]; e != nil {
			st.cache.Add(d, e)
		}
		delete(st.mem, d)
	}
	st.mu.Unlock()
	return nil
}

// checkpoint moves WAL-resident versions into entities.ebf, reclaims what
// no snapshot can see (purges, history past retention), writes the .idx
// snapshot atomically and trims the WAL to the batches it does not cover.
// Readers are never blocked for longer than it takes to update locations;
// commits keep being written and synced, and wait only while the index
// image is encoded. With final set the committer has already stopped.
func (st *state) checkpoint(final bool) error {
	st.ckptMu.Lock()
	defer st.ckptMu.Unlock()
	return st.checkpointLocked(final)
}

func (st *state) checkpointLocked(final bool) error {
	if err := st.flushMem(); err != nil {
		return fmt.Errorf("checkpoint %s: %w", st.ns.name, err)
	}
	st.applyMu.Lock()
	if err := st.flushMem(); err != nil {
		st.applyMu.Unlock()
		return fmt.Errorf("checkpoint %s: %w", st.ns.name, err)
	}
	st.mu.Lock()
	markers := st.reclaim()
	st.mu.Unlock()
	if len(markers) > 0 {
		if err := st.writePurgeMarkers(markers); err != nil {
			st.applyMu.Unlock()
			return fmt.Errorf("checkpoint %s: %w", st.ns.name, err)
		}
	}
	// The committer cannot apply while applyMu is held and every other
	// writer of the index is this goroutine, so the index can be read
	// without st.mu.
	ix := st.encodeIndex()
	seq := st.seq
	garbage := slices.Clone(st.garbage)
	st.applyMu.Unlock()

	if err := storage.WriteFileAtomic(st.reg.fs, st.reg.idxPath(st.ns.name), storage.EncodeIndex(ix)); err != nil {
		return fmt.Errorf("checkpoint %s: write index: %w", st.ns.name, err)
	}
	st.idxSeq = seq
	// Compaction of what this checkpoint made unreachable.
	if err := st.reg.ebf.Punch(garbage); err != nil {
		st.reg.logger.Warn("punch entities.ebf", "namespace", st.ns.name, "err", err)
	} else {
		st.mu.Lock()
		st.garbage = slices.Delete(st.garbage, 0, len(garbage))
		for _, g := range garbage {
			st.punched += int64(g.Len)
		}
		st.mu.Unlock()
	}
	trim := func() error {
		err := st.log.Rewrite(storage.EncodeCheckpointMark(uint64(seq)), func(p []byte) bool {
			isMark, s, err := storage.WALRecordSeq(p)
			return err == nil && !isMark && Seq(s) > seq
		})
		st.walBytes.Store(st.log.Size())
		return err
	}
	if final {
		return trim()
	}
	var terr error
	req := &commitReq{ctl: func() { terr = trim() }, done: make(chan commitRes)}
	if err := st.submit(req); err != nil {
		return nil // stopping: the final checkpoint trims
	}
	<-req.done
	if terr != nil {
		return fmt.Errorf("checkpoint %s: trim wal: %w", st.ns.name, terr)
	}
	return nil
}

// writePurgeMarkers records in entities.ebf that versions of the ids below
// the given doc numbers are gone, so a rebuild from entities.ebf never
// resurrects purged data that has not been punched yet.
func (st *state) writePurgeMarkers(markers []purgeMarker) error {
	var frames []byte
	for _, m := range markers {
		rec := storage.EBFRecord{NS: st.nsID, Seq: uint64(m.seq), Op: storage.Op{Kind: storage.OpPurge, Version: storage.Version{ID: m.id, Doc: uint32(m.below)}}}
		frames = storage.AppendEBFFrame(frames, storage.EncodeEBFRecord(nil, &rec))
	}
	if _, err := st.reg.ebf.Append(frames); err != nil {
		return err
	}
	return st.reg.ebf.Sync()
}

type purgeMarker struct {
	id    string
	below DocNum
	seq   Seq
}

// reclaim physically removes purged versions and history past the
// retention that no snapshot can see. Caller holds mu exclusively.
func (st *state) reclaim() []purgeMarker {
	var markers []purgeMarker
	oldest := st.oldestActive()
	keep := st.purges[:0]
	for _, p := range st.purges {
		if !p.marked {
			markers = append(markers, purgeMarker{id: p.id, below: p.head + 1, seq: p.seq})
			p.marked = true
		}
		if oldest < p.seq {
			keep = append(keep, p)
			continue
		}
		st.byID.Delete(p.id)
		for d := p.head; d != 0; {
			next := st.docs[d].prev
			st.reclaimVersion(d)
			d = next
		}
	}
	st.purges = keep
	if ret := st.ns.retention.Load(); ret > 0 {
		for _, head := range st.ids {
			kept := uint32(0)
			var newer DocNum
			for d := head; d != 0; {
				kept++
				next := st.docs[d].prev
				if kept > ret+1 && newer != 0 && st.docs[newer].seq <= oldest {
					st.docs[newer].prev = 0
					for x := d; x != 0; {
						nx := st.docs[x].prev
						st.reclaimVersion(x)
						x = nx
					}
					break
				}
				newer = d
				d = next
			}
		}
	}
	return markers
}

// encodeIndex captures the index as a checkpoint image. Caller holds
// applyMu (and is the only other writer).
func (st *state) encodeIndex() *storage.Index {
	ix := &storage.Index{NS: st.nsID, Seq: uint64(st.seq), NextDoc: uint32(st.nextDoc), LastCommit: st.lastCommit}
	ix.Docs = make([]storage.IndexDoc, 0, len(st.docs))
	for d := 1; d < len(st.docs); d++ {
		di := &st.docs[d]
		if di.flags&fPresent == 0 || di.flags&fReclaimed != 0 {
			continue
		}
		var flags uint8
		if di.flags&fTombstone != 0 {
			flags |= storage.IdxTombstone
		}
		if di.flags&fPurged != 0 {
			flags |= storage.IdxPurged
		}
		ix.Docs = append(ix.Docs, storage.IndexDoc{Doc: uint32(d), ID: di.id, Flags: flags, Prev: uint32(di.prev), Seq: uint64(di.seq),
			Created: di.created.time(), NTags: uint32(di.ntags), CLen: di.clen, Off: di.off, Len: di.n})
	}
	ix.Tags = make([]storage.IndexTag, 0, len(st.postings))
	st.tagDict.Ascend(nil, func(t string) bool {
		b, _ := st.postings[t].ToBytes()
		ix.Tags = append(ix.Tags, storage.IndexTag{Tag: t, Postings: b})
		return true
	})
	ix.Live, _ = st.live.ToBytes()
	for _, p := range st.purges {
		ix.Purges = append(ix.Purges, storage.IndexPurge{ID: p.id, Head: uint32(p.head), Seq: uint64(p.seq)})
	}
	ix.Garbage = slices.Clone(st.garbage)
	return ix
}

// dropPrepare unloads the namespace for Drop and returns its ranges in
// entities.ebf.
func (n *Namespace) dropPrepare() ([]storage.Extent, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.dropped {
		return nil, fmt.Errorf("%w: %q", ErrNamespaceNotFound, n.name)
	}
	if n.st == nil {
		st, err := n.load()
		if err != nil {
			// Unreadable: drop anyway; a full compaction reclaims the space.
			n.reg.logger.Warn("drop: namespace does not load; its entities.ebf space waits for Compact", "namespace", n.name, "err", err)
			n.dropped = true
			return nil, nil
		}
		n.st = st
	}
	st := n.st
	st.mu.RLock()
	var ex []storage.Extent
	for _, d := range st.docs {
		if d.off != 0 {
			ex = append(ex, storage.Extent{Off: d.off, Len: d.n})
		}
	}
	ex = append(ex, st.garbage...)
	st.mu.RUnlock()
	if err := st.stop(false); err != nil {
		n.reg.logger.Warn("drop: stop namespace", "namespace", n.name, "err", err)
	}
	n.st = nil
	n.dropped = true
	return ex, nil
}

// evictLoop evicts idle namespaces while loaded indexes exceed the memory
// budget, least recently used first.
func (r *Registry) evictLoop() {
	defer r.wg.Done()
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			r.enforceBudget()
		}
	}
}

func (r *Registry) enforceBudget() {
	r.evictMu.Lock()
	defer r.evictMu.Unlock()
	type cand struct {
		h     *Namespace
		bytes int64
		used  int64
	}
	var cands []cand
	var total int64
	r.mu.Lock()
	handles := make([]*Namespace, 0, len(r.mu.handles))
	for _, h := range r.mu.handles {
		handles = append(handles, h)
	}
	r.mu.Unlock()
	for _, h := range handles {
		h.mu.Lock()
		if st := h.st; st != nil {
			st.mu.RLock()
			b := st.memBytes()
			st.mu.RUnlock()
			total += b
			cands = append(cands, cand{h, b, st.lastUsed.Load()})
		}
		h.mu.Unlock()
	}
	if total <= r.opts.MemoryBudget {
		return
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].used < cands[j].used })
	for _, c := range cands {
		if total <= r.opts.MemoryBudget {
			return
		}
		if err := c.h.unload(true, false); err == nil {
			total -= c.bytes
			r.logger.Debug("evicted namespace", "namespace", c.h.name, "bytes", c.bytes)
		}
	}
}

// relocateThreshold: a namespace is rewritten contiguously when the bytes
// punched out of its entities.ebf ranges since its last rewrite exceed
// this fraction of the bytes it still references (holes inside file-system
// blocks that are partly live free nothing).
const relocateThreshold = 0.25

// relocateMinBytes: below this many punched bytes a rewrite is not worth
// it (a variable so that tests can exercise rewrites on tiny data).
var relocateMinBytes int64 = 64 << 10

// shouldRelocate reports whether enough of the namespace's records were
// punched to make rewriting its live records worthwhile.
func (st *state) shouldRelocate() bool {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var kept int64
	for i := range st.docs {
		kept += int64(st.docs[i].n)
	}
	return st.punched > relocateMinBytes && float64(st.punched) > relocateThreshold*float64(kept)
}

// relocate copies every kept version of the namespace into one contiguous
// run at the end of entities.ebf, points the index at the copies, and
// checkpoints, which punches the old ranges. Reads continue throughout:
// a reader that copied an old location before the switch retries at the
// new one (Snapshot.Get); commits wait only while locations are switched.
func (st *state) relocate() error {
	st.ckptMu.Lock()
	defer st.ckptMu.Unlock()
	type mv struct {
		doc    DocNum
		off    uint64
		n      uint32
		newOff uint64
	}
	st.mu.RLock()
	var moves []mv
	for d := range st.docs {
		if di := &st.docs[d]; di.off != 0 && di.flags&fReclaimed == 0 {
			moves = append(moves, mv{doc: DocNum(d), off: di.off, n: di.n})
		}
	}
	st.mu.RUnlock()
	const chunk = 8 << 20
	for start := 0; start < len(moves); {
		var buf []byte
		end := start
		for end < len(moves) && (len(buf) == 0 || len(buf)+int(moves[end].n) <= chunk) {
			frame, err := st.reg.ebf.ReadFrame(moves[end].off, moves[end].n)
			if err != nil {
				return fmt.Errorf("relocate %s: %w", st.ns.name, err)
			}
			moves[end].newOff = uint64(len(buf))
			buf = append(buf, frame...)
			end++
		}
		base, err := st.reg.ebf.Append(buf)
		if err != nil {
			return fmt.Errorf("relocate %s: %w", st.ns.name, err)
		}
		for i := start; i < end; i++ {
			moves[i].newOff += uint64(base)
		}
		start = end
	}
	if err := st.reg.ebf.Sync(); err != nil {
		return fmt.Errorf("relocate %s: %w", st.ns.name, err)
	}
	st.mu.Lock()
	for _, m := range moves {
		di := &st.docs[m.doc]
		if di.off == m.off && di.flags&fReclaimed == 0 {
			di.off = m.newOff
			st.garbage = append(st.garbage, storage.Extent{Off: m.off, Len: m.n})
		} else {
			st.garbage = append(st.garbage, storage.Extent{Off: m.newOff, Len: m.n})
		}
	}
	st.mu.Unlock()
	err := st.checkpointLocked(false)
	st.mu.Lock()
	st.punched = 0 // the old ranges just punched are not fragmentation
	st.mu.Unlock()
	return err
}
