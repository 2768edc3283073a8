package namespace

// Placeholder bodies so callers compile against the contract while the
// engine is built. Every signature here is part of the contract (api.go);
// the bodies go away as the implementation lands.

import (
	"context"
	"errors"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

var errTODO = errors.New("namespace: not implemented yet")

// Registry is the set of namespaces in one data directory. Opening it loads
// no namespace; Get loads one on first use. Safe for concurrent use.
type Registry struct{}

// Open opens (creating if needed) the store in opts.Dir. The namespace
// `public` always exists; `system` is internal (see System).
func Open(opts Options) (*Registry, error) { return nil, errTODO }

// Close checkpoints and closes every loaded namespace and the entity store.
func (r *Registry) Close() error { return errTODO }

// Create creates a namespace. ErrNamespaceExists, ErrInvalidName.
func (r *Registry) Create(ctx context.Context, name, owner string) error { return errTODO }

// Drop removes a namespace and its files; its versions in entities.ebf
// become garbage for compaction. ErrNamespaceNotFound; `public` cannot be
// dropped (ErrInvalidName).
func (r *Registry) Drop(ctx context.Context, name string) error { return errTODO }

// List returns the user-visible namespaces sorted by name (not `system`).
func (r *Registry) List() []Info { return nil }

// Exists reports whether a user-visible namespace exists.
func (r *Registry) Exists(name string) bool { return false }

// Get returns the namespace, loading its index on first use.
// ErrNamespaceNotFound.
func (r *Registry) Get(ctx context.Context, name string) (*Namespace, error) { return nil, errTODO }

// System returns the internal namespace for roles and catalog metadata.
func (r *Registry) System(ctx context.Context) (*Namespace, error) { return nil, errTODO }

// Namespace is a handle on one namespace. It stays valid across eviction
// (the index reloads on next use) and fails with ErrNamespaceNotFound after
// Drop. Safe for concurrent use.
type Namespace struct{}

// Name returns the namespace's name.
func (n *Namespace) Name() string { return "" }

// Snapshot returns a consistent read view at the latest committed Seq. It
// never waits for a commit's fsync. Release it when done.
func (n *Namespace) Snapshot(ctx context.Context) (*Snapshot, error) { return nil, errTODO }

// Commit validates the batch against all earlier batches, writes it to the
// WAL, and returns once it is durable; it is visible to snapshots taken
// after Commit returns (and to none before it is durable). Concurrent
// commits share fsyncs. On error nothing of the batch is applied.
func (n *Namespace) Commit(ctx context.Context, b *Batch) (CommitInfo, error) {
	return CommitInfo{}, errTODO
}

// Stats returns the namespace's statistics.
func (n *Namespace) Stats() Stats { return Stats{} }

// Snapshot is an immutable, consistent view of a namespace. Safe for
// concurrent use; bitmaps it returns belong to the caller.
type Snapshot struct{}

// Release lets the store reclaim versions no remaining snapshot can see.
func (s *Snapshot) Release() {}

// Seq is the last batch the snapshot sees.
func (s *Snapshot) Seq() Seq { return 0 }

// Count returns the number of visible entities matching q without fetching
// any entity.
func (s *Snapshot) Count(q *Query) uint64 { return 0 }

// Eval returns the visible versions matching q.
func (s *Snapshot) Eval(q *Query) *roaring.Bitmap { return roaring.New() }

// Lookup returns the visible version of id.
func (s *Snapshot) Lookup(id string) (DocNum, bool) { return 0, false }

// Get returns a visible version's entity. The result is shared (cached)
// and must not be modified.
func (s *Snapshot) Get(doc DocNum) (*Entity, error) { return nil, errTODO }

// Scan calls fn for the visible versions in filter (nil: all visible) in
// the given order until fn returns false, without materialising the rest
// (newest-N with a tag set reads N entities, not all matches).
func (s *Snapshot) Scan(order Order, filter *roaring.Bitmap, fn func(DocNum) bool) {}

// Tags calls fn for each tag starting with prefix in ascending byte order
// (the sorted dictionary) with the number of visible entities having it,
// skipping tags with none, until fn returns false.
func (s *Snapshot) Tags(prefix string, fn func(tag string, count uint64) bool) {}

// Stats returns the namespace's statistics as of the snapshot.
func (s *Snapshot) Stats() Stats { return Stats{} }

// ValidName reports whether name can name a user namespace: a lower-case
// SQL identifier ([a-z_][a-z0-9_$]*, at most 63 bytes) that is not reserved
// (`system`, `pg_*`, `information_schema`). The alias `default` is
// resolved by CanonicalName, not here.
func ValidName(name string) error { return errTODO }

// CanonicalName maps the proposal's alias `default` to `public` (for names
// typed outside SQL, e.g. in REST paths) and returns other names unchanged.
func CanonicalName(name string) string {
	if name == "default" {
		return "public"
	}
	return name
}

var _ = time.Now
