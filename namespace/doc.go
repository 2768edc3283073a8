// Package namespace owns the namespace registry and the per-namespace index:
// create, drop, list, lazy loading and eviction of namespaces; tag postings
// (Roaring bitmaps), the key/value and sorted tag dictionaries, ordered
// access, the bloom filter and the entity cache; and the write path that
// turns a Batch into a durable WAL record and an index update.
//
// The API the planner uses is in api.go and stub.go: open a Registry, Get a
// Namespace, take a Snapshot, build a Query tree from tag predicates and
// Eval or Count it, Scan in created_at or id order, Get entities; write with
// a Batch and Commit.
package namespace
