package namespace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/entitydb/entitydb/storage"
)

// ErrBusy is returned by Evict when the namespace has unreleased snapshots
// or commits in flight.
var ErrBusy = errBusy

// Evict checkpoints a loaded, idle namespace and drops its index from
// memory; the next use reloads it. Evicting an unloaded namespace does
// nothing. ErrBusy if it is in use.
func (r *Registry) Evict(ctx context.Context, name string) error {
	h, err := r.handle(name)
	if err != nil {
		return err
	}
	return h.unload(true, false)
}

// Loaded reports whether the namespace's index is in memory.
func (r *Registry) Loaded(name string) bool {
	r.mu.Lock()
	h := r.mu.handles[name]
	r.mu.Unlock()
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.st != nil
}

// Checkpoint moves the namespace's WAL-resident versions into
// entities.ebf, writes its .idx and trims its WAL, reclaiming purged
// versions and history past retention that no snapshot can see.
func (r *Registry) Checkpoint(ctx context.Context, name string) error {
	return r.withState(name, func(st *state) error { return st.checkpoint(false) })
}

// withState runs fn on the namespace's loaded state (loading it), held
// against eviction until fn returns.
func (r *Registry) withState(name string, fn func(*state) error) error {
	h, err := r.handle(name)
	if err != nil {
		return err
	}
	st, err := h.acquire()
	if err != nil {
		return err
	}
	defer h.release(st)
	return fn(st)
}

// SetRetention sets how many prior versions of each entity the namespace
// keeps (0: all). Older versions are reclaimed at the next checkpoint once
// no snapshot can see them.
func (r *Registry) SetRetention(ctx context.Context, name string, versions int) error {
	if versions < 0 || versions > 1<<30 {
		return fmt.Errorf("%w: retention %d", ErrInvalidEntity, versions)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.entry(name)
	if e == nil || r.mu.closed {
		return fmt.Errorf("%w: %q", ErrNamespaceNotFound, name)
	}
	old := e.Retention
	e.Retention = uint32(versions)
	if err := r.saveCatalog(); err != nil {
		e.Retention = old
		return err
	}
	if h := r.mu.handles[name]; h != nil {
		h.retention.Store(uint32(versions))
	}
	return nil
}

// Compact reclaims entities.ebf space online: every loaded namespace
// checkpoints (punching the ranges of purged and expired versions); one
// whose punched ranges add up to more than a quarter of what it still
// references is rewritten contiguously at the end of the file and its old
// ranges punched, so that space inside partly-live file-system blocks
// returns too; and the file is scanned for records of namespaces that no
// longer exist (dropped while a crash interrupted their cleanup), which
// are punched. Reads and commits continue meanwhile.
func (r *Registry) Compact(ctx context.Context) error {
	r.mu.Lock()
	if r.mu.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	var names []string
	nextID := r.mu.catalog.NextID
	known := map[uint64]bool{}
	for _, e := range r.mu.catalog.Entries {
		known[e.ID] = true
	}
	for name := range r.mu.handles {
		names = append(names, name)
	}
	r.mu.Unlock()
	var errs []error
	for _, name := range names {
		if r.Loaded(name) {
			if err := r.compactNamespace(ctx, name); err != nil && !errors.Is(err, ErrNamespaceNotFound) {
				errs = append(errs, err)
			}
		}
	}
	var dead []storage.Extent
	err := r.ebf.Scan(func(off int64, n uint32, rec storage.EBFRecord) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if rec.NS < nextID && !known[rec.NS] {
			dead = append(dead, storage.Extent{Off: uint64(off), Len: n})
		}
		return nil
	}, nil)
	if err != nil {
		errs = append(errs, err)
	}
	// A namespace created after the catalog snapshot cannot own these
	// records: incarnation ids are never reused.
	if err := r.ebf.Punch(dead); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (r *Registry) compactNamespace(ctx context.Context, name string) error {
	return r.withState(name, func(st *state) error {
		if err := st.checkpoint(false); err != nil {
			return err
		}
		if st.shouldRelocate() {
			r.logger.Info("compaction: rewriting namespace records contiguously", "namespace", name)
			return st.relocate()
		}
		return nil
	})
}

// DiskUsage returns the size in bytes of the store's files: entities.ebf
// and every namespace's WAL, index and catalog file (what
// pg_database_size reports). Nothing is loaded to answer it.
func (r *Registry) DiskUsage() (int64, error) {
	var total int64
	add := func(path string) error {
		f, err := r.fs.OpenFile(path, os.O_RDONLY, 0)
		if err != nil {
			if os.IsNotExist(err) {
				return nil // removed meanwhile (a drop, a checkpoint's rename)
			}
			return err
		}
		defer f.Close()
		n, err := f.Size()
		total += n
		return err
	}
	if err := add(filepath.Join(r.dir, "entities.ebf")); err != nil {
		return 0, err
	}
	names, err := r.fs.ReadDir(r.nsDir)
	if err != nil {
		return 0, err
	}
	for _, n := range names {
		if err := add(filepath.Join(r.nsDir, n)); err != nil {
			return 0, err
		}
	}
	return total, nil
}
