package namespace

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/entitydb/entitydb/storage"
)

// Namespace is a handle on one namespace. It stays valid across eviction
// (the index reloads on next use) and fails with ErrNamespaceNotFound after
// Drop. Safe for concurrent use.
type Namespace struct {
	reg       *Registry
	name      string
	id        uint64
	retention atomic.Uint32 // prior versions kept per entity; 0 = all

	// mu guards st and dropped; it is held while the index loads or
	// unloads, so users of this namespace wait for a load, users of
	// others do not.
	mu      sync.Mutex
	st      *state
	dropped bool
}

// Name returns the namespace's name.
func (n *Namespace) Name() string { return n.name }

// acquire returns the loaded state, loading it if needed, and counts the
// caller as a user (which prevents eviction) until release.
func (n *Namespace) acquire() (*state, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.dropped {
		return nil, fmt.Errorf("%w: %q", ErrNamespaceNotFound, n.name)
	}
	if n.st != nil && n.st.broken.Load() && n.st.users.Load() == 0 {
		n.reg.logger.Warn("reloading namespace after a failed WAL write", "namespace", n.name)
		n.st.stop(false)
		n.st = nil
	}
	if n.st == nil {
		n.reg.mu.Lock()
		closed := n.reg.mu.closed
		n.reg.mu.Unlock()
		if closed {
			return nil, ErrClosed
		}
		st, err := n.load()
		if err != nil {
			return nil, err
		}
		n.st = st
	}
	n.st.users.Add(1)
	n.st.lastUsed.Store(time.Now().UnixNano())
	return n.st, nil
}

func (n *Namespace) release(st *state) { st.users.Add(-1) }

// unload stops the committer, optionally checkpoints, and forgets the
// index. With force it unloads even with users (Close, Drop).
func (n *Namespace) unload(checkpoint, force bool) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	st := n.st
	if st == nil {
		return nil
	}
	if !force && st.users.Load() > 0 {
		return errBusy
	}
	err := st.stop(checkpoint)
	n.st = nil
	return err
}

var errBusy = errors.New("namespace in use")

// stop shuts the committer down (after it has finished queued batches),
// checkpoints if asked, and closes the WAL.
func (st *state) stop(checkpoint bool) error {
	st.sendMu.Lock()
	if !st.stopped {
		st.stopped = true
		close(st.reqs)
	}
	st.sendMu.Unlock()
	<-st.done
	// Wait for a background checkpoint; none can start any more.
	st.ckptMu.Lock()
	defer st.ckptMu.Unlock()
	var err error
	if checkpoint && (st.seq > st.idxSeq || st.rebuilt || len(st.garbage) > 0 || len(st.purges) > 0) {
		err = st.checkpointLocked(true)
	}
	if cerr := st.log.Close(); err == nil {
		err = cerr
	}
	return err
}

// submit queues a request for the committer.
func (st *state) submit(req *commitReq) error {
	st.sendMu.RLock()
	defer st.sendMu.RUnlock()
	if st.stopped {
		return ErrClosed
	}
	st.reqs <- req
	return nil
}

// Snapshot returns a consistent read view at the latest committed Seq. It
// never waits for a commit's fsync. Release it when done.
func (n *Namespace) Snapshot(ctx context.Context) (*Snapshot, error) {
	st, err := n.acquire()
	if err != nil {
		return nil, err
	}
	st.mu.RLock()
	s := &Snapshot{st: st, seq: st.seq, live: st.live, docLimit: st.nextDoc}
	s.liveCard = s.live.GetCardinality()
	s.clean = st.versions == s.liveCard
	st.liveShared.Store(true)
	st.snapMu.Lock()
	st.active[s.seq]++
	st.snapMu.Unlock()
	st.mu.RUnlock()
	return s, nil
}

// Commit validates the batch against all earlier batches, writes it to the
// WAL, and returns once it is durable; it is visible to snapshots taken
// after Commit returns (and to none before it is durable). Concurrent
// commits share fsyncs. On error nothing of the batch is applied.
//
// ctx is checked before the batch is written; once its record is being
// written Commit waits for the outcome, so an error always means the
// batch is not committed and success means it is durable.
func (n *Namespace) Commit(ctx context.Context, b *Batch) (CommitInfo, error) {
	if err := ctx.Err(); err != nil {
		return CommitInfo{}, err
	}
	if err := validateBatch(b, n.reg.opts.MaxContentSize); err != nil {
		return CommitInfo{}, err
	}
	st, err := n.acquire()
	if err != nil {
		return CommitInfo{}, err
	}
	defer n.release(st)
	req := &commitReq{ctx: ctx, batch: b, done: make(chan commitRes, 1)}
	if err := st.submit(req); err != nil {
		return CommitInfo{}, err
	}
	res := <-req.done
	return res.info, res.err
}

// Stats returns the namespace's statistics.
func (n *Namespace) Stats() Stats {
	st, err := n.acquire()
	if err != nil {
		return Stats{}
	}
	defer n.release(st)
	return n.stats(st)
}

func (n *Namespace) stats(st *state) Stats {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var s Stats
	s.Entities = st.live.GetCardinality()
	s.Versions = st.versions
	for _, p := range st.postings {
		if p.Intersects(st.live) {
			s.Tags++
		}
	}
	s.IndexBytes = st.memBytes()
	s.WALBytes = st.walBytes.Load()
	if s.Entities > 0 {
		s.AvgTags = float64(st.tagSum) / float64(s.Entities)
		s.AvgContent = float64(st.contentSum) / float64(s.Entities)
	}
	return s
}

// readEBF reads version d from entities.ebf and caches it.
func (st *state) readEBF(d DocNum, off uint64, n uint32) (*Entity, error) {
	if off == 0 {
		return nil, fmt.Errorf("%w: %v has no stored content", ErrEntityNotFound, d)
	}
	rec, err := st.reg.ebf.Read(off, n)
	if err != nil {
		return nil, err
	}
	if rec.NS != st.nsID || DocNum(rec.Op.Version.Doc) != d {
		return nil, &storage.CorruptionError{File: st.reg.ebf.Path(), Offset: int64(off),
			Err: fmt.Errorf("%w: record is %d/%d, want %d/%d", storage.ErrBadRecord, rec.NS, rec.Op.Version.Doc, st.nsID, d)}
	}
	e := entityOf(&rec.Op.Version)
	st.cache.Add(d, e)
	return e, nil
}
