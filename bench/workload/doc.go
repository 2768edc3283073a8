// Package workload generates the benchmark's data set: entities in
// namespaces, deterministic for a given Config (seed, total, namespace
// count), so PostgreSQL and entitydb load exactly the same bytes and every
// run of the benchmark measures the same data.
//
// # Shape
//
// Namespaces are named ns_000, ns_001, … (at least three digits) and sized
// by Zipf: size ∝ 1/(rank+1), rounded so the sizes add up to Config.Total.
// The main shape (Default) is 1,000,000 entities over 100 namespaces,
// ns_000 ≈ 193k … ns_099 ≈ 1.9k; the benchmark also uses 10, 1,000 and
// 10,000 namespaces with the same total.
//
// # Entities
//
// Entity i of a namespace has id e%08d (i from 0), 100–500 bytes of
// JSON-like ASCII content (300 on average), a created_at that strictly
// increases with i over 2023-01-01 … 2025-07-01 UTC, and 5–10 tags
// (7.85 on average), in this order:
//
//	type:      task 45%, bug 20, note 15, doc 10, epic 5, story 5
//	status:    open 30%, done 30, in_progress 15, review 10, closed 10, blocked 5
//	priority:  medium 40%, low 30, high 20, critical 10
//	project:pN Zipf over ≈ size/2000 projects (N from 1)
//	assignee:uN on 85% of entities, Zipf over ≈ size/40 people
//	label:…    1–5 distinct labels (uniform count) from a 300-word Zipf
//	           vocabulary; ten of them are label:area-*, placed so that
//	           about 18% of entities carry one (the prefix query)
//
// # Usage
//
//	w, _ := workload.New(workload.Default)
//	var e workload.Entity
//	for ns, i := range w.All() {      // or w.ByTime() for the global table
//		w.Generate(ns, i, &e)         // reuses e's slices
//		...
//	}
//
// Every entity is generated from its own random stream seeded by (seed,
// namespace rank, index), so entities can be produced in any order and in
// parallel; ByTime merges all namespaces by created_at, which is how the
// single-table PostgreSQL layout is loaded (namespaces interleave on disk).
// Indexes past a namespace's size give fresh entities for insert
// benchmarks.
//
// The package does no I/O and knows nothing of SQL.
package workload
