package namespace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/entitydb/entitydb/storage"
	"github.com/entitydb/entitydb/storage/wal"
)

const (
	publicName  = "public"
	systemName  = "system"
	nsDirName   = "namespaces"
	catalogFile = "catalog"
)

// Registry is the set of namespaces in one data directory. Opening it loads
// no namespace; Get loads one on first use. Safe for concurrent use.
type Registry struct {
	opts   Options
	fs     storage.FS
	dir    string
	nsDir  string
	logger *slog.Logger
	ebf    *storage.EBF

	// mu guards the catalog, the handles and closed. It is never held
	// while a namespace loads or writes.
	mu struct {
		sync.Mutex
		catalog storage.Catalog
		byName  map[string]int // catalog entry index by name
		handles map[string]*Namespace
		closed  bool
	}
	// loadMu serialises eviction decisions.
	evictMu sync.Mutex
	stop    chan struct{}
	wg      sync.WaitGroup
}

// Open opens (creating if needed) the store in opts.Dir. The namespace
// `public` always exists; `system` is internal (see System).
func Open(opts Options) (*Registry, error) {
	if opts.Dir == "" {
		return nil, errors.New("namespace: Options.Dir is empty")
	}
	if opts.MaxContentSize <= 0 {
		opts.MaxContentSize = 64 << 20
	}
	r := &Registry{opts: opts, fs: opts.FS, dir: opts.Dir, nsDir: filepath.Join(opts.Dir, nsDirName), stop: make(chan struct{})}
	if r.fs == nil {
		r.fs = storage.OSFS{}
	}
	r.logger = opts.Logger
	if r.logger == nil {
		r.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := r.fs.MkdirAll(r.nsDir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	ebf, err := storage.OpenEBF(r.fs, filepath.Join(r.dir, "entities.ebf"), r.logger)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	r.ebf = ebf
	r.mu.handles = map[string]*Namespace{}
	if err := r.loadCatalog(); err != nil {
		ebf.Close()
		return nil, err
	}
	if r.opts.MemoryBudget > 0 {
		r.wg.Add(1)
		go r.evictLoop()
	}
	return r, nil
}

func (r *Registry) catalogPath() string { return filepath.Join(r.nsDir, catalogFile) }

func (r *Registry) loadCatalog() error {
	data, err := storage.ReadFile(r.fs, r.catalogPath())
	switch {
	case err == nil:
		c, err := storage.DecodeCatalog(data)
		if err != nil {
			return &storage.CorruptionError{File: r.catalogPath(), Offset: 0, Err: err}
		}
		r.mu.catalog = *c
	case os.IsNotExist(err):
		r.mu.catalog = storage.Catalog{NextID: 1}
	default:
		return fmt.Errorf("open catalog: %w", err)
	}
	// The built-in namespaces always exist.
	changed := false
	for _, name := range []string{publicName, systemName} {
		if r.entry(name) == nil {
			if err := r.createFiles(name); err != nil {
				return err
			}
			r.mu.catalog.Entries = append(r.mu.catalog.Entries, storage.CatalogEntry{
				Name: name, Owner: "entitydb", CreatedAt: time.Now().UTC(), ID: r.mu.catalog.NextID, Internal: name == systemName})
			r.mu.catalog.NextID++
			changed = true
		}
	}
	if changed {
		if err := r.saveCatalog(); err != nil {
			return err
		}
	}
	return r.removeOrphans()
}

// removeOrphans deletes namespace files that no catalog entry owns (left
// by a crash during create or drop): a .wal or .idx whose base is some
// name's file-name base but no entry's, and temporary files. Files whose
// base no name has are not ours and stay.
func (r *Registry) removeOrphans() error {
	names, err := r.fs.ReadDir(r.nsDir)
	if err != nil {
		return fmt.Errorf("list namespaces: %w", err)
	}
	for _, f := range names {
		if f == catalogFile {
			continue
		}
		ext := filepath.Ext(f)
		switch ext {
		case ".wal", ".idx":
			name, ok := storage.NamespaceFromFileBase(strings.TrimSuffix(f, ext))
			if !ok || r.entry(name) != nil {
				continue
			}
		case ".tmp":
		default:
			continue // not ours
		}
		r.logger.Warn("removing orphaned namespace file", "file", f)
		if err := r.fs.Remove(filepath.Join(r.nsDir, f)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("remove orphan %s: %w", f, err)
		}
	}
	return nil
}

func (r *Registry) entry(name string) *storage.CatalogEntry {
	if len(r.mu.byName) != len(r.mu.catalog.Entries) {
		r.reindex()
	}
	for range 2 {
		i, ok := r.mu.byName[name]
		if !ok {
			return nil
		}
		if i < len(r.mu.catalog.Entries) && r.mu.catalog.Entries[i].Name == name {
			return &r.mu.catalog.Entries[i]
		}
		r.reindex() // stale after a rolled-back change
	}
	return nil
}

func (r *Registry) reindex() {
	r.mu.byName = make(map[string]int, len(r.mu.catalog.Entries))
	for i, e := range r.mu.catalog.Entries {
		r.mu.byName[e.Name] = i
	}
}

func (r *Registry) saveCatalog() error {
	r.reindex()
	if err := storage.WriteFileAtomic(r.fs, r.catalogPath(), storage.EncodeCatalog(&r.mu.catalog)); err != nil {
		return fmt.Errorf("write catalog: %w", err)
	}
	return nil
}

// walPath and idxPath name a namespace's files: the name itself for plain
// names, else an encoded form (storage.NamespaceFileBase).
func (r *Registry) walPath(name string) string {
	return filepath.Join(r.nsDir, storage.NamespaceFileBase(name)+".wal")
}

func (r *Registry) idxPath(name string) string {
	return filepath.Join(r.nsDir, storage.NamespaceFileBase(name)+".idx")
}

func (r *Registry) createFiles(name string) error {
	_ = r.fs.Remove(r.idxPath(name))
	l, err := wal.Create(r.fs, r.walPath(name))
	if err != nil {
		return fmt.Errorf("create namespace %s: %w", name, err)
	}
	return l.Close()
}

// Close checkpoints and closes every loaded namespace and the entity store.
func (r *Registry) Close() error {
	r.mu.Lock()
	if r.mu.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	r.mu.closed = true
	handles := make([]*Namespace, 0, len(r.mu.handles))
	for _, n := range r.mu.handles {
		handles = append(handles, n)
	}
	r.mu.Unlock()
	close(r.stop)
	r.wg.Wait()
	var first error
	for _, n := range handles {
		if err := n.unload(true, true); err != nil && first == nil {
			first = err
		}
	}
	if err := r.ebf.Close(); err != nil && first == nil {
		first = err
	}
	return first
}

// Create creates a namespace. ErrNamespaceExists, ErrInvalidName.
func (r *Registry) Create(ctx context.Context, name, owner string) error {
	if err := ValidName(name); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.mu.closed {
		return ErrClosed
	}
	if r.entry(name) != nil {
		return fmt.Errorf("%w: %q", ErrNamespaceExists, name)
	}
	if err := r.createFiles(name); err != nil {
		return err
	}
	r.mu.catalog.Entries = append(r.mu.catalog.Entries, storage.CatalogEntry{
		Name: name, Owner: owner, CreatedAt: time.Now().UTC(), ID: r.mu.catalog.NextID})
	r.mu.catalog.NextID++
	if err := r.saveCatalog(); err != nil {
		r.mu.catalog.Entries = r.mu.catalog.Entries[:len(r.mu.catalog.Entries)-1]
		_ = r.fs.Remove(r.walPath(name))
		return err
	}
	return nil
}

// Drop removes a namespace and its files; its versions in entities.ebf
// become garbage for compaction. ErrNamespaceNotFound; `public` cannot be
// dropped (ErrInvalidName).
func (r *Registry) Drop(ctx context.Context, name string) error {
	if name == publicName || name == systemName {
		return fmt.Errorf("%w: %q cannot be dropped", ErrInvalidName, name)
	}
	h, err := r.handle(name)
	if err != nil {
		return err
	}
	// Collect the namespace's entities.ebf ranges before its index goes.
	extents, err := h.dropPrepare()
	if err != nil {
		return err
	}
	r.mu.Lock()
	if r.mu.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	var kept []storage.CatalogEntry
	for _, e := range r.mu.catalog.Entries {
		if e.Name != name {
			kept = append(kept, e)
		}
	}
	old := r.mu.catalog.Entries
	r.mu.catalog.Entries = kept
	if err := r.saveCatalog(); err != nil {
		r.mu.catalog.Entries = old
		r.mu.Unlock()
		return err
	}
	delete(r.mu.handles, name)
	r.mu.Unlock()
	for _, p := range []string{r.walPath(name), r.idxPath(name)} {
		if err := r.fs.Remove(p); err != nil && !os.IsNotExist(err) {
			r.logger.Warn("drop: remove file", "file", p, "err", err)
		}
	}
	if err := r.fs.SyncDir(r.nsDir); err != nil {
		r.logger.Warn("drop: sync namespaces directory", "err", err)
	}
	if err := r.ebf.Punch(extents); err != nil {
		r.logger.Warn("drop: reclaim entities.ebf space", "namespace", name, "err", err)
	}
	return nil
}

// List returns the user-visible namespaces sorted by name (not `system`).
func (r *Registry) List() []Info {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Info, 0, len(r.mu.catalog.Entries))
	for _, e := range r.mu.catalog.Entries {
		if !e.Internal {
			out = append(out, Info{Name: e.Name, CreatedAt: e.CreatedAt, Owner: e.Owner})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Exists reports whether a user-visible namespace exists.
func (r *Registry) Exists(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.entry(name)
	return e != nil && !e.Internal
}

// handle returns the (possibly unloaded) handle of a catalog namespace.
func (r *Registry) handle(name string) (*Namespace, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.mu.closed {
		return nil, ErrClosed
	}
	e := r.entry(name)
	if e == nil {
		return nil, fmt.Errorf("%w: %q", ErrNamespaceNotFound, name)
	}
	h := r.mu.handles[name]
	if h == nil {
		h = &Namespace{reg: r, name: name, id: e.ID}
		h.retention.Store(e.Retention)
		r.mu.handles[name] = h
	}
	return h, nil
}

// Get returns the namespace, loading its index on first use.
// ErrNamespaceNotFound.
func (r *Registry) Get(ctx context.Context, name string) (*Namespace, error) {
	if name == systemName {
		return nil, fmt.Errorf("%w: %q", ErrNamespaceNotFound, name)
	}
	return r.get(ctx, name)
}

func (r *Registry) get(ctx context.Context, name string) (*Namespace, error) {
	h, err := r.handle(name)
	if err != nil {
		return nil, err
	}
	st, err := h.acquire()
	if err != nil {
		return nil, err
	}
	h.release(st)
	return h, nil
}

// System returns the internal namespace for roles and catalog metadata.
func (r *Registry) System(ctx context.Context) (*Namespace, error) { return r.get(ctx, systemName) }

// ValidName reports whether name can name a user namespace. A name is
// what PostgreSQL accepts for a schema a user creates: 1 to MaxNameLen
// bytes of UTF-8 without NUL, any case, spaces and punctuation included
// (SQL spells such names as quoted identifiers). Reserved, as in
// PostgreSQL or for the store: `pg_*` (case-sensitive, as PostgreSQL's
// check), `information_schema`, `system` (the internal namespace) and
// `default`, the alias of `public` in REST paths and migration (see
// CanonicalName), which a namespace of that name would make ambiguous.
// Names that differ only in case are different namespaces.
func ValidName(name string) error {
	if name == "" || len(name) > MaxNameLen {
		return fmt.Errorf("%w: %q (1 to %d bytes)", ErrInvalidName, name, MaxNameLen)
	}
	if !utf8.ValidString(name) || strings.IndexByte(name, 0) >= 0 {
		return fmt.Errorf("%w: %q (UTF-8 text without NUL)", ErrInvalidName, name)
	}
	if name == systemName || name == "default" || name == "information_schema" || strings.HasPrefix(name, "pg_") {
		return fmt.Errorf("%w: %q is reserved", ErrInvalidName, name)
	}
	return nil
}

// CanonicalName maps the proposal's alias `default` to `public` (for names
// typed outside SQL, e.g. in REST paths) and returns other names unchanged.
func CanonicalName(name string) string {
	if name == "default" {
		return "public"
	}
	return name
}
