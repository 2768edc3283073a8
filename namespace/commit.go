package namespace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/entitydb/entitydb/storage"
	"github.com/entitydb/entitydb/storage/wal"
)

// commitReq is a batch (or a control function) waiting for the committer.
type commitReq struct {
	ctx   context.Context
	batch *Batch
	ctl   func() // runs on the committer goroutine between groups
	done  chan commitRes
}

type commitRes struct {
	info CommitInfo
	err  error
}

// maxGroup bounds how many queued batches share one write and fsync.
const maxGroup = 512

// validateBatch checks what can be checked without the index: names,
// lengths and sizes. It changes nothing.
func validateBatch(b *Batch, maxContent int64) error {
	for i := range b.Ops {
		op := &b.Ops[i]
		if err := validID(op.Entity.ID); err != nil {
			return fmt.Errorf("op %d: %w", i, err)
		}
		switch op.Kind {
		case OpPut:
			if len(op.Entity.Tags) > MaxTags {
				return fmt.Errorf("op %d: %w: %d tags (at most %d)", i, ErrInvalidEntity, len(op.Entity.Tags), MaxTags)
			}
			for _, t := range op.Entity.Tags {
				if err := validTag(t); err != nil {
					return fmt.Errorf("op %d: %w", i, err)
				}
			}
			if int64(len(op.Entity.Content)) > maxContent {
				return fmt.Errorf("op %d: %w: %d bytes (at most %d)", i, ErrContentTooLarge, len(op.Entity.Content), maxContent)
			}
		case OpAddTag, OpRemoveTag:
			if err := validTag(op.Tag); err != nil {
				return fmt.Errorf("op %d: %w", i, err)
			}
		case OpDelete, OpPurge:
		default:
			return fmt.Errorf("op %d: %w: unknown op kind %d", i, ErrInvalidEntity, op.Kind)
		}
		switch op.Expect.Kind {
		case ExpectAny, ExpectAbsent, ExpectLive, ExpectVersion:
		default:
			return fmt.Errorf("op %d: %w: unknown expectation %d", i, ErrInvalidEntity, op.Expect.Kind)
		}
	}
	return nil
}

func validID(id string) error {
	if id == "" {
		return fmt.Errorf("%w: empty id", ErrInvalidEntity)
	}
	if len(id) > MaxIDLen {
		return fmt.Errorf("%w: id of %d bytes (at most %d)", ErrInvalidEntity, len(id), MaxIDLen)
	}
	if !utf8.ValidString(id) || containsNUL(id) {
		return fmt.Errorf("%w: id %q is not valid UTF-8 text", ErrInvalidEntity, id)
	}
	return nil
}

func validTag(t string) error {
	if t == "" {
		return fmt.Errorf("%w: empty tag", ErrInvalidEntity)
	}
	if len(t) > MaxTagLen {
		return fmt.Errorf("%w: tag of %d bytes (at most %d)", ErrInvalidEntity, len(t), MaxTagLen)
	}
	if !utf8.ValidString(t) || containsNUL(t) {
		return fmt.Errorf("%w: tag %q is not valid UTF-8 text", ErrInvalidEntity, t)
	}
	return nil
}

func containsNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}

// run is the committer goroutine: one per loaded namespace, the only
// writer of its WAL. It takes every queued batch, validates them in order,
// writes them with one write and one fsync, then applies them to the index.
func (st *state) run() {
	defer close(st.done)
	group := make([]*commitReq, 0, maxGroup)
	for req := range st.reqs {
		group = append(group[:0], req)
	drain:
		for len(group) < maxGroup {
			select {
			case r, ok := <-st.reqs:
				if !ok {
					break drain
				}
				group = append(group, r)
			default:
				break drain
			}
		}
		start := 0
		for i, r := range group {
			if r.ctl != nil {
				st.commitGroup(group[start:i])
				r.ctl()
				close(r.done)
				start = i + 1
			}
		}
		st.commitGroup(group[start:])
	}
}

// cur is an id's state as seen by a batch being validated.
type cur struct {
	head  DocNum // newest version (0: none)
	live  bool
	known bool // any version exists (purge target)
	ent   *Entity
}

func (st *state) commitGroup(group []*commitReq) {
	if len(group) == 0 {
		return
	}
	res := make([]commitRes, len(group))
	st.mu.RLock()
	nextDoc, seq, last := st.nextDoc, st.seq, st.lastCommit
	st.mu.RUnlock()
	overlay := map[string]*cur{}
	var frames []byte
	var batches []*storage.Batch
	owners := make([]int, 0, len(group))
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			res[i].err = err
			continue
		}
		now := time.Now().UTC()
		if !now.After(last) {
			now = last.Add(time.Nanosecond)
		}
		local := map[string]*cur{}
		b, err := st.resolve(r.batch, overlay, local, nextDoc, now)
		if err != nil {
			res[i].err = err
			continue
		}
		if len(b.Ops) == 0 {
			res[i].info = CommitInfo{Seq: seq, CommitTime: last}
			continue
		}
		for id, c := range local {
			overlay[id] = c
		}
		nextDoc += DocNum(countVersions(b))
		seq++
		last = now
		b.Seq = uint64(seq)
		b.CommitTime = now.UnixNano()
		frames = wal.AppendFrame(frames, storage.EncodeBatch(nil, b))
		batches = append(batches, b)
		owners = append(owners, i)
		res[i].info = CommitInfo{Seq: seq, CommitTime: now}
	}
	if len(batches) > 0 {
		err := st.writeDurable(frames)
		if err != nil {
			for _, i := range owners {
				res[i] = commitRes{err: err}
			}
		} else {
			st.applyMu.Lock()
			st.mu.Lock()
			for _, b := range batches {
				st.applyBatch(b)
			}
			st.mu.Unlock()
			st.applyMu.Unlock()
			st.walBytes.Store(st.log.Size())
		}
	}
	for i, r := range group {
		r.done <- res[i]
	}
	if len(batches) > 0 {
		st.maybeCheckpoint()
	}
}

// writeDurable appends frames to the WAL and syncs; on failure the WAL is
// cut back so that nothing of the failed batches can be replayed.
func (st *state) writeDurable(frames []byte) error {
	before := st.log.Size()
	if err := st.log.Append(frames); err != nil {
		if errors.Is(err, wal.ErrBroken) {
			st.broken.Store(true)
		}
		return fmt.Errorf("namespace %s: %w", st.ns.name, err)
	}
	if err := st.log.Sync(); err != nil {
		if rerr := st.log.Rollback(before); rerr != nil {
			// The file's durable content is unknown: the next use reloads
			// the namespace from what is on disk.
			st.broken.Store(true)
			st.reg.logger.Error("wal rollback failed; namespace will reload", "namespace", st.ns.name, "err", rerr)
		}
		return fmt.Errorf("namespace %s: sync wal: %w", st.ns.name, err)
	}
	return nil
}

func countVersions(b *storage.Batch) int {
	n := 0
	for i := range b.Ops {
		if b.Ops[i].Kind != storage.OpPurge {
			n++
		}
	}
	return n
}

// lookupCur returns the state of id as the batch sees it.
func (st *state) lookupCur(id string, overlay, local map[string]*cur) (*cur, error) {
	if c, ok := local[id]; ok {
		return c, nil
	}
	c := &cur{}
	if o, ok := overlay[id]; ok {
		*c = *o
	} else {
		st.mu.RLock()
		head, ok := st.ids[id]
		if ok {
			c.head, c.known = head, true
			c.live = st.isLive(head)
			if c.live {
				e, err := st.readLocked(head)
				if err != nil {
					st.mu.RUnlock()
					return nil, err
				}
				c.ent = e
			}
		}
		st.mu.RUnlock()
	}
	local[id] = c
	return c, nil
}

// resolve turns a Batch into the versions it writes, checking every
// expectation against the committed state plus earlier batches in the
// group (overlay) and earlier ops of this batch (local).
func (st *state) resolve(b *Batch, overlay, local map[string]*cur, nextDoc DocNum, now time.Time) (*storage.Batch, error) {
	out := &storage.Batch{Ops: make([]storage.Op, 0, len(b.Ops))}
	written := uint32(0) // versions written so far by this batch
	for i := range b.Ops {
		op := &b.Ops[i]
		id := op.Entity.ID
		c, err := st.lookupCur(id, overlay, local)
		if err != nil {
			return nil, fmt.Errorf("op %d: read %q: %w", i, id, err)
		}
		switch op.Expect.Kind {
		case ExpectAbsent:
			if c.live {
				return nil, fmt.Errorf("op %d: %w: %q", i, ErrDuplicateID, id)
			}
		case ExpectLive:
			if !c.live && !(op.Kind == OpPurge && c.known) {
				return nil, fmt.Errorf("op %d: %w: %q", i, ErrEntityNotFound, id)
			}
		case ExpectVersion:
			if !c.live || c.head != op.Expect.Doc {
				return nil, fmt.Errorf("op %d: %w: %q changed since %v", i, ErrConflict, id, op.Expect.Doc)
			}
		}
		var v storage.Version
		v.ID = id
		kind := storage.OpPut
		switch op.Kind {
		case OpPut:
			v.Tags = slices.Clone(op.Entity.Tags)
			if op.Entity.Content != nil {
				v.Content = slices.Clone(op.Entity.Content)
			}
			v.Created, v.Updated = op.Entity.CreatedAt, op.Entity.UpdatedAt
			if v.Created.IsZero() {
				v.Created = now
				if c.live {
					v.Created = c.ent.CreatedAt
				}
			}
			if v.Updated.IsZero() {
				v.Updated = now
			}
		case OpAddTag, OpRemoveTag:
			if !c.live {
				return nil, fmt.Errorf("op %d: %w: %q", i, ErrEntityNotFound, id)
			}
			has := slices.Contains(c.ent.Tags, op.Tag)
			if op.Kind == OpAddTag && has || op.Kind == OpRemoveTag && !has {
				continue // no-op
			}
			if op.Kind == OpAddTag {
				if len(c.ent.Tags) >= MaxTags {
					return nil, fmt.Errorf("op %d: %w: more than %d tags", i, ErrInvalidEntity, MaxTags)
				}
				v.Tags = append(slices.Clone(c.ent.Tags), op.Tag)
			} else {
				v.Tags = make([]string, 0, len(c.ent.Tags))
				for _, t := range c.ent.Tags {
					if t != op.Tag {
						v.Tags = append(v.Tags, t)
					}
				}
			}
			v.Content = c.ent.Content
			v.Created = c.ent.CreatedAt
			v.Updated = op.Entity.UpdatedAt
			if v.Updated.IsZero() {
				v.Updated = now
			}
		case OpDelete:
			if !c.live {
				return nil, fmt.Errorf("op %d: %w: %q", i, ErrEntityNotFound, id)
			}
			kind = storage.OpTombstone
			v.Created = c.ent.CreatedAt
			v.Updated = op.Entity.UpdatedAt
			if v.Updated.IsZero() {
				v.Updated = now
			}
		case OpPurge:
			if !c.known {
				return nil, fmt.Errorf("op %d: %w: %q", i, ErrEntityNotFound, id)
			}
			below := uint32(nextDoc) + written
			out.Ops = append(out.Ops, storage.Op{Kind: storage.OpPurge, Version: storage.Version{ID: id, Doc: below}})
			*c = cur{}
			continue
		}
		if uint64(nextDoc)+uint64(written) >= 1<<32-1 {
			return nil, fmt.Errorf("op %d: namespace %s is out of version numbers", i, st.ns.name)
		}
		v.Doc = uint32(nextDoc) + written
		written++
		out.Ops = append(out.Ops, storage.Op{Kind: kind, Version: v})
		c.head, c.known = DocNum(v.Doc), true
		c.live = kind == storage.OpPut
		c.ent = nil
		if c.live {
			c.ent = entityOf(&v)
		}
	}
	return out, nil
}
