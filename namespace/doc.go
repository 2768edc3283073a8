// Package namespace owns the namespace registry and the per-namespace
// index: create, drop, list, lazy loading and eviction of namespaces; tag
// postings (Roaring bitmaps), the sorted tag dictionary, ordered access by
// created_at and id, the bloom filter and the entity cache; and the write
// path that turns a Batch into a durable WAL record and an index update.
//
// # Usage
//
//	reg, err := namespace.Open(namespace.Options{Dir: "data"})
//	ns, err := reg.Get(ctx, "public")           // loads .idx + replays .wal
//
//	var b namespace.Batch
//	b.Insert(namespace.Entity{ID: "t1", Tags: []string{"type:task", "status:open"}})
//	b.AddTag("t0", "status:done", now)
//	info, err := ns.Commit(ctx, &b)             // returns once durable
//
//	snap, err := ns.Snapshot(ctx)               // never waits for an fsync
//	defer snap.Release()
//	n := snap.Count(namespace.And(namespace.Tag("type:task"), namespace.Tag("status:open")))
//	hits := snap.Eval(namespace.Prefix("status:"))
//	snap.Scan(namespace.ByCreatedDesc, hits, func(d namespace.DocNum) bool {
//		e, _ := snap.Get(d)                     // shared, read only
//		return wantMore(e)                     // LIMIT: stop early
//	})
//
// # Model
//
// Every write of an entity creates a version with a new DocNum (increasing
// within the namespace); a version never changes. Deletion writes a
// tombstone version. Each Commit is one batch with the next Seq. The index
// keeps, per namespace: the doc table (id, created_at, previous version,
// batch, entities.ebf location), id -> newest version, postings tag ->
// versions having it (all kept versions, history included), the live set
// (the versions visible now), the id order, the created_at order and the
// sorted tag dictionary. Tags are stored as given; the index treats them
// as a set. The key/value view of `key:value` tags is the dictionary's
// range of the prefix "key:": Snapshot.Tags("status:", fn) lists the
// distinct values of status with their counts, and Prefix("status:")
// is the union of their postings. A bloom filter over ids and tags answers
// most lookups of unknown ids and tags without touching the maps.
//
// # What a reader sees while writes commit
//
// A Snapshot is taken at the latest Seq whose batch is durable and
// applied. It sees exactly the batches with Seq <= snapshot.Seq(): all of
// each, never part of one. A batch becomes visible to snapshots taken
// after its Commit returned, and possibly a moment earlier (after its
// fsync, while the committer still wakes the caller), never before it is
// durable. Reads never wait for an fsync: the committer writes and syncs
// first, then takes the index lock only for the in-memory update (micro-
// seconds), so a reader waits at most for that update or for a checkpoint
// to swap entity locations. The same snapshot gives the same answers for
// its whole life, whatever commits, checkpoints, evictions of other
// namespaces or reclamation happen meanwhile, so several scans of one SQL
// transaction (REPEATABLE READ) agree. Purge hides an entity from
// snapshots taken after it at once; snapshots taken before still see it
// until released, and only then is it reclaimed.
//
// How: a snapshot holds the live bitmap of its Seq (shared copy-on-write:
// the next writer clones it) and the first DocNum written after it.
// Postings and orders are shared with the index; they only gain newer
// DocNums (excluded by the snapshot's limit) and lose versions only when
// no unreleased snapshot can see them.
//
// Snapshot.Get returns cached *Entity values shared between readers; they
// must not be modified. Bitmaps returned by Eval belong to the caller.
//
// # Write path
//
// Commit validates the batch's fields (ids, tags, sizes: typed errors,
// nothing changed), then hands it to the namespace's committer goroutine.
// The committer takes every queued batch (group commit), checks each
// batch's Expect preconditions in order against the committed state plus
// the earlier batches of the group, turns AddTag/RemoveTag/Delete into full
// versions, appends all records with one write, syncs once, then applies
// them to the index and answers each caller. A batch that fails its
// checks fails alone; a failed write or sync fails the whole group and is
// cut off the log (a disk-full error leaves the store usable). Namespaces
// have separate logs and committers, so they never wait on each other.
//
// # Limits and errors
//
// Ids are 1–255 bytes (MaxIDLen) and tags 1–1024 bytes (MaxTagLen) of
// UTF-8 text without NUL; an entity has at most 4096 tags (MaxTags);
// content is at most Options.MaxContentSize (64 MiB by default). Bad input
// returns ErrInvalidEntity or ErrContentTooLarge (wrapped with the op
// index and the value) before anything is written. Namespace names are
// what PostgreSQL accepts for a user's schema: 1–63 bytes (MaxNameLen) of
// UTF-8 without NUL, any case and punctuation, minus the reserved names
// of ValidName (ErrInvalidName); "A" and "a" are different namespaces.
// Plain names ([a-z_][a-z0-9_$]*) name their files directly, others use
// an encoded file name (storage.NamespaceFileBase, docs/format/README.md);
// the catalog keeps the real name. Unknown namespaces give
// ErrNamespaceNotFound.
// Insert of a live id gives ErrDuplicateID; AddTag, RemoveTag and Delete
// of an id that is not live give ErrEntityNotFound, as does Purge of an id
// that never existed (purging a deleted entity removes its history); a
// failed Expect gives ErrConflict. A batch with any such error commits
// nothing. Disk errors (ENOSPC, EIO) fail the batches of that write and
// leave the store consistent; the next commit retries. Damaged files give
// a *storage.CorruptionError naming the file and offset.
//
// # Lifecycle
//
// Open reads only the catalog. Get (or any use of a handle) loads the
// namespace: its .idx checkpoint if present, else a rebuild from
// entities.ebf when the WAL says a checkpoint existed, then the WAL batches
// after it. A checkpoint (when the WAL passes Options.CheckpointBytes, on
// eviction, on Close, or by Registry.Checkpoint) moves WAL-resident
// versions to entities.ebf, reclaims purged versions and history past the
// retention that no snapshot can see, writes the .idx atomically, punches
// the reclaimed ranges out of entities.ebf and trims the WAL. With
// Options.MemoryBudget set, idle namespaces (no snapshot, no commit in
// flight) are checkpointed and evicted, least recently used first, until
// the loaded indexes fit; handles stay valid and reload on next use.
// Drop removes the namespace from the catalog, deletes its files and
// punches its entities.ebf ranges.
//
// # Invariants
//
//   - DocNums and Seqs only grow within a namespace incarnation.
//   - A version's postings, content and timestamps never change.
//   - live is a subset of the kept put versions; a snapshot's visible set
//     is its live bitmap, restricted to DocNums below its limit.
//   - Every version in the .idx has an entities.ebf location; versions
//     after the .idx's Seq are in the WAL (and in memory once loaded).
//   - A reclaimed version is visible to no unreleased snapshot.
//
// # Not here
//
// SQL semantics (NULLs, types, catalogs) live in the planner; byte
// formats, files and recovery of single files in package storage. There
// are no cross-namespace transactions. Snapshots pin their namespace in
// memory: release them.
package namespace
