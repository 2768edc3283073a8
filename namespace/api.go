package namespace

// This file is the contract between the namespace package and its callers
// (the planner, the wire server's role store, the REST API). Signatures here
// change only with a note to every caller.

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/entitydb/entitydb/storage"
)

// DocNum identifies one entity version inside one namespace. Every write
// of an entity creates a version with a new, larger DocNum; a version's
// tags, content and timestamps never change, so postings of a DocNum never
// change either. Snapshots decide which versions are visible.
type DocNum uint32

// String renders the number for logs and EXPLAIN.
func (d DocNum) String() string { return fmt.Sprintf("doc#%d", uint32(d)) }

// Seq is a namespace's commit sequence number. It grows by one per
// committed batch; a Snapshot sees exactly the batches with Seq <= its own.
type Seq uint64

// String renders the number for logs.
func (s Seq) String() string { return fmt.Sprintf("seq#%d", uint64(s)) }

// Entity is one version of an entity, as stored.
//
// Tags are stored exactly as given, order and duplicates included (the SQL
// column is PostgreSQL's text[] and must round-trip); the index treats them
// as a set. Content nil is SQL NULL and differs from an empty, non-nil
// content. CreatedAt and UpdatedAt are set by the caller (the SQL layer
// evaluates now() and column defaults); the store keeps nanoseconds.
type Entity struct {
	ID        string
	Tags      []string
	Content   []byte
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Limits on entity fields. Content is limited by Options.MaxContentSize.
const (
	MaxIDLen  = 255  // bytes; ids are non-empty
	MaxTagLen = 1024 // bytes; tags are non-empty
	MaxTags   = 4096 // tags per entity
)

// MaxNameLen is the longest namespace name in bytes: PostgreSQL's longest
// identifier (NAMEDATALEN-1). SQL truncates longer identifiers before
// they reach the store; the store refuses them (ErrInvalidName).
const MaxNameLen = 63

// Sentinel errors. Callers branch on them with errors.Is; the concrete
// error usually wraps one with the offending name, id or tag.
var (
	// ErrNamespaceNotFound is returned when a namespace does not exist (or
	// was dropped while in use).
	ErrNamespaceNotFound = errors.New("namespace does not exist")
	// ErrNamespaceExists is returned by Create for an existing namespace.
	ErrNamespaceExists = errors.New("namespace already exists")
	// ErrInvalidName is returned for a namespace name that is not valid
	// (empty, longer than MaxNameLen, not UTF-8, holding NUL) or is
	// reserved (see ValidName).
	ErrInvalidName = errors.New("invalid namespace name")
	// ErrInvalidEntity is returned for an empty or over-long id or tag, or
	// too many tags.
	ErrInvalidEntity = errors.New("invalid entity")
	// ErrContentTooLarge is returned for content over Options.MaxContentSize.
	ErrContentTooLarge = errors.New("content too large")
	// ErrDuplicateID is returned by a batch that inserts an id that is live.
	ErrDuplicateID = errors.New("duplicate entity id")
	// ErrEntityNotFound is returned by AddTag, RemoveTag, Delete and Purge
	// ops (and Expect(Live) puts) whose id is not live.
	ErrEntityNotFound = errors.New("entity does not exist")
	// ErrConflict is returned when an op's Expect does not hold at commit:
	// another batch changed the entity after the caller read it.
	ErrConflict = errors.New("write conflict")
	// ErrClosed is returned after the registry was closed.
	ErrClosed = errors.New("store closed")
)

// Options configure a Registry.
type Options struct {
	// Dir is the data directory; it holds entities.ebf and namespaces/.
	Dir string
	// MemoryBudget bounds the memory of loaded namespace indexes in bytes;
	// idle namespaces are evicted beyond it. 0 means no bound.
	MemoryBudget int64
	// MaxContentSize bounds an entity's content; 0 means 64 MiB.
	MaxContentSize int64
	// EntityCacheSize is the number of decoded entities each loaded
	// namespace keeps in its LRU cache; 0 means a default.
	EntityCacheSize int
	// Logger receives recovery and compaction messages; nil discards them.
	Logger *slog.Logger
	// CheckpointBytes is the WAL size that makes a namespace checkpoint;
	// 0 means 64 MiB.
	CheckpointBytes int64
	// FS is the file system; nil means the operating system's. Tests use
	// storage.MemFS and storage.FaultFS.
	FS storage.FS
}

// Info describes a namespace in the registry.
type Info struct {
	Name      string
	CreatedAt time.Time
	Owner     string
}

// Order is an ordered-access order for Snapshot.Scan.
type Order int

// Orders Snapshot.Scan supports.
const (
	ByCreatedAsc Order = iota
	ByCreatedDesc
	ByIDAsc
	ByIDDesc
)

// Expect is a precondition checked when a batch commits, against the state
// left by all earlier committed batches.
type Expect struct {
	Kind ExpectKind
	Doc  DocNum // for ExpectVersion: the version the caller read
}

// ExpectKind says what Expect requires.
type ExpectKind int

// Expectation kinds.
const (
	ExpectAny     ExpectKind = iota // no precondition (upsert)
	ExpectAbsent                    // the id is not live (insert)
	ExpectLive                      // the id is live, any version
	ExpectVersion                   // the live version is exactly Doc
)

// OpKind is the kind of a batch op.
type OpKind uint8

// Op kinds.
const (
	OpPut       OpKind = iota + 1 // write a full new version
	OpDelete                      // write a tombstone version
	OpPurge                       // remove the entity and its history
	OpAddTag                      // new version with one more tag (no-op if present)
	OpRemoveTag                   // new version without a tag (no-op if absent)
)

// Op is one write in a Batch.
type Op struct {
	Kind   OpKind
	Entity Entity // OpPut: the full new version; other ops use Entity.ID
	Tag    string // OpAddTag, OpRemoveTag
	Expect Expect
}

// Batch is a set of writes to one namespace that commit atomically: all or
// none are applied, readers never see part of it, and it is one unit in the
// namespace's WAL. Ops apply in order; a later op on the same id sees the
// earlier one.
type Batch struct {
	Ops []Op
}

// Insert adds a new entity; the commit fails with ErrDuplicateID if the id
// is live.
func (b *Batch) Insert(e Entity) {
	b.Ops = append(b.Ops, Op{Kind: OpPut, Entity: e, Expect: Expect{Kind: ExpectAbsent}})
}

// Put writes a full new version of e.ID under the given precondition.
func (b *Batch) Put(e Entity, expect Expect) {
	b.Ops = append(b.Ops, Op{Kind: OpPut, Entity: e, Expect: expect})
}

// Delete writes a tombstone for id under the given precondition.
func (b *Batch) Delete(id string, expect Expect) {
	b.Ops = append(b.Ops, Op{Kind: OpDelete, Entity: Entity{ID: id}, Expect: expect})
}

// Purge removes id and all its versions: invisible at once, physically gone
// after the next compaction at the latest.
func (b *Batch) Purge(id string) {
	b.Ops = append(b.Ops, Op{Kind: OpPurge, Entity: Entity{ID: id}, Expect: Expect{Kind: ExpectLive}})
}

// AddTag writes a new version of id with tag appended, stamped updatedAt.
func (b *Batch) AddTag(id, tag string, updatedAt time.Time) {
	b.Ops = append(b.Ops, Op{Kind: OpAddTag, Entity: Entity{ID: id, UpdatedAt: updatedAt}, Tag: tag, Expect: Expect{Kind: ExpectLive}})
}

// RemoveTag writes a new version of id without tag, stamped updatedAt.
func (b *Batch) RemoveTag(id, tag string, updatedAt time.Time) {
	b.Ops = append(b.Ops, Op{Kind: OpRemoveTag, Entity: Entity{ID: id, UpdatedAt: updatedAt}, Tag: tag, Expect: Expect{Kind: ExpectLive}})
}

// Len is the number of ops.
func (b *Batch) Len() int { return len(b.Ops) }

// CommitInfo reports a committed batch.
type CommitInfo struct {
	Seq        Seq       // the batch's sequence number
	CommitTime time.Time // the versions' commit timestamp
}

// Query is a bitmap expression over a snapshot's visible versions, built by
// the planner from tag predicates and evaluated by Snapshot.Eval and
// Snapshot.Count. Leaves are postings; inner nodes are set operations.
type Query struct {
	Kind     QueryKind
	Tag      string    // QTag; QPrefix: the prefix
	IDs      []string  // QIDs
	From, To time.Time // QCreatedRange: From <= created_at < To (zero = unbounded)
	Args     []*Query  // QAnd, QOr: operands; QNot: one operand
}

// QueryKind is the node kind of a Query.
type QueryKind uint8

// Query node kinds.
const (
	QAll          QueryKind = iota // every visible entity
	QTag                           // entities having Tag
	QPrefix                        // entities having a tag that starts with Tag
	QIDs                           // entities whose id is in IDs
	QCreatedRange                  // entities created in [From, To)
	QAnd                           // intersection of Args
	QOr                            // union of Args
	QNot                           // visible entities not in Args[0]
)

// Convenience constructors for Query trees.
func All() *Query               { return &Query{Kind: QAll} }
func Tag(t string) *Query       { return &Query{Kind: QTag, Tag: t} }
func Prefix(p string) *Query    { return &Query{Kind: QPrefix, Tag: p} }
func IDs(ids ...string) *Query  { return &Query{Kind: QIDs, IDs: ids} }
func And(args ...*Query) *Query { return &Query{Kind: QAnd, Args: args} }
func Or(args ...*Query) *Query  { return &Query{Kind: QOr, Args: args} }
func Not(q *Query) *Query       { return &Query{Kind: QNot, Args: []*Query{q}} }
func CreatedRange(from, to time.Time) *Query {
	return &Query{Kind: QCreatedRange, From: from, To: to}
}

// Stats are a namespace's statistics for the planner and EXPLAIN.
type Stats struct {
	Entities   uint64 // live entities
	Versions   uint64 // stored versions, live and historical
	Tags       uint64 // distinct tags with at least one live entity
	IndexBytes int64  // memory held by the loaded index (0 if not loaded)
	WALBytes   int64
	AvgTags    float64 // mean tags per live entity
	AvgContent float64 // mean content bytes per live entity
}
