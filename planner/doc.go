// Package planner is entitydb's SQL engine: it parses statements with the
// real PostgreSQL grammar, binds names and types, plans, turns tag
// predicates into namespace index operations, and executes, with
// PostgreSQL 15's semantics. The wire server (pgwire) reaches it only
// through Session (session.go); values, casts, functions and operators come
// from planner/types.
//
// # Layers
//
// A statement goes through these steps; each has its file.
//
//	parse.go         pg_query_go (PostgreSQL's parser) -> parse tree; syntax
//	                 errors become 42601 with PostgreSQL's cursor position.
//	                 Parse trees are cached by query text (immutable).
//	analyze*.go      binding: names resolve against scopes (FROM items, then
//	                 enclosing queries), types resolve through the types
//	                 package (overloads, implicit casts, unknown literals,
//	                 parameter type inference). The result is a tree of
//	                 plan nodes whose expressions are typed Expr trees
//	                 (expr.go). Aggregates, window functions and set-returning
//	                 functions are collected while binding and become their
//	                 own operators; expressions above them are rewritten to
//	                 read the operator's output columns.
//	index.go         index selection: the WHERE clause over ns.entities is
//	                 split into conjuncts; the ones the namespace index
//	                 answers become an index template (ixNode), the rest a
//	                 residual filter. See index.go's comment for the forms.
//	scan.go          entity scans: the template becomes a namespace.Query
//	                 when the scan starts (so prepared plans work for any
//	                 parameter values, and a parameter gets the index
//	                 operation its literal would: LIKE patterns are matched
//	                 against the tag dictionary then); count(*), ORDER BY
//	                 created_at|id LIMIT n and GROUP BY tag_value(...) have
//	                 dedicated operators that fetch no entity (or only n).
//	ops.go, agg.go,  physical operators: result, values, filter, project,
//	window.go, srf.go project-set (SRFs in the select list), sort, limit,
//	subquery.go      distinct, nested-loop and hash joins (inner, left,
//	                 right, full, lateral), set operations, CTEs (recursive
//	                 too), function scans, hash aggregation with grouping
//	                 sets, windows with frames, subqueries.
//	stmt.go,         statements: queries, DML (dml.go), EXPLAIN (explain.go),
//	utility.go,      utility statements (transactions, SET/SHOW, schemas,
//	copy.go          cursors, PREPARE/EXECUTE), COPY.
//	locks.go,        row locks: the engine's lock table (waits, deadlock
//	rowlocks.go      detection) and how statements lock and re-check rows.
//	sessimpl.go      the protocol flows: simple queries, Parse/Bind/Execute/
//	                 Sync, portals, statement timeouts, panic recovery.
//	catalog.go,      name resolution (search_path, pg_catalog first) and the
//	catalog_pg.go    pg_catalog / information_schema relations clients read
//	                 (psql's \dn \dt \d \df, postgres_fdw's IMPORT FOREIGN
//	                 SCHEMA), computed from the namespace registry.
//
// Plans are immutable and hold no execution state: start() on the root
// creates iterators (rowIter) that carry it, so one plan serves many
// portals and sessions. Parameterless simple-protocol statements share
// plans through the engine's plan cache, keyed by statement text and the
// settings that binding depends on (search_path, TimeZone, DateStyle...);
// prepared statements keep their plan and are re-bound only when
// search_path changes.
//
// The plan cache is keyed by exact text, not by pg_query fingerprint, on
// measurement (BenchmarkSimpleProtocolCosts; docs/planner.md has the
// table): a repeated text costs 7-12 µs in all, a new literal 59-78 µs
// (parse 36-55, bind and plan 15-17). A fingerprint ignores literal
// values, so as a key it needs the literals too (a lexer scan, 9-18 µs on
// every miss) and then matches more than the text only when whitespace or
// comments differ: no saving. Saving the parse for new literals needs a
// parameterising cache, and plans depend on literal values (literal types
// from spelling, folding and its error positions, ORDER BY positions,
// posting-count estimates, EXPLAIN text). shape.go builds one for the
// case where none of that applies: SELECTs whose string literals are all
// compared with columns share the plan of their text with the literals
// replaced by parameters, and run from it without a parse (~8 µs instead
// of ~75 µs for a point lookup with a new literal).
//
// # Expressions
//
// Datums are Go values whose type the expression knows (types.Datum);
// NULL is nil. Three-valued logic is implemented by boolExpr, strict
// functions return NULL on NULL input, CASE and COALESCE are lazy.
// Correlated subqueries receive the enclosing row's values they need as
// outer arguments (subquery.go), so every expression reads only its own
// row (level 0) or its query's outer row (level 1). Uncorrelated
// subqueries run once per execution.
//
// # Sessions and transactions
//
// A Session holds settings (settings.go; SET inside a transaction block is
// undone by ROLLBACK, ParameterStatus is reported through
// SessionConfig.ReportParam), prepared statements and portals (Parse and
// PREPARE share one namespace, as do portals and DECLARE'd cursors), and
// the transaction (txn.go).
//
// Every statement runs in a transaction: an explicit block (BEGIN ...
// COMMIT), or an implicit one that ends with the statement (simple query
// with one statement), with the query string (several statements), or at
// Sync (extended protocol). Writes are buffered in the transaction and
// commit as one namespace Batch, so a transaction is atomic and durable
// in one WAL record. A transaction writes to one namespace; a write to a
// second fails with 0A000. CREATE/DROP SCHEMA inside a block are undone
// by ROLLBACK (a created namespace is dropped again; a drop is applied at
// COMMIT and hidden from the session until then). Each statement is
// atomic: a failing statement's writes are discarded (the block then is in
// the failed state, 25P02). ROLLBACK TO SAVEPOINT truncates the pending
// writes, settings and schema changes to the savepoint.
//
// # Snapshot rules
//
//   - READ COMMITTED (default): each statement takes a fresh snapshot of
//     each namespace it reads; a cursor keeps its statement's snapshot.
//   - REPEATABLE READ / SERIALIZABLE: one snapshot per namespace for the
//     whole transaction, taken at the namespace's first use.
//   - A transaction sees its own writes: scans hide snapshot versions of
//     ids the transaction wrote and add its pending rows that satisfy the
//     scan's full predicate (including ordered scans, merged in order, and
//     count(*)).
//   - Writers lock rows (locks.go, rowlocks.go): UPDATE, DELETE, INSERT
//     (of a given id), ON CONFLICT and SELECT ... FOR UPDATE/SHARE lock
//     (namespace, id) until the transaction ends; a second writer waits
//     (statement_timeout and cancellation give 57014, lock_timeout and
//     NOWAIT 55P03, SKIP LOCKED skips; a wait that closes a cycle is 40P01
//     "deadlock detected"). After the wait READ COMMITTED re-reads the
//     newest committed version, checks the WHERE clause on it again and
//     updates it (or skips it), as PostgreSQL does; REPEATABLE READ and
//     SERIALIZABLE fail with 40001. A second inserter of an id waits, then
//     gets 23505 (or inserts, if the first rolled back).
//   - Every write also remembers the version it replaces; if a writer that
//     does not take row locks changed it first, COMMIT fails with 40001
//     (an autocommit statement retries itself).
//   - now() is the transaction's start, in microseconds; created_at and
//     updated_at defaults use it. UPDATE does not change updated_at by
//     itself (PostgreSQL would not).
//
// # Debugging with EXPLAIN
//
// EXPLAIN shows the index operations chosen for each entity scan:
//
//	Bitmap Index Scan on tasks.entities  (cost=0.50..0.85 rows=7 width=101)
//	  Index Cond: intersect(tags-all '{type:task}'::text[], not(tag 'archived'::text))
//	  Filter: (entities.content IS NOT NULL)
//
// "Index Cond" is the template (tags-all is an intersection of postings,
// tags-any a union, tag-prefix a scan of the sorted tag dictionary,
// tag-like a LIKE pattern matched against it at run time, ids the id map,
// range(created_at ...) the created_at order); "Filter" is what is
// evaluated on fetched rows; "Index answers the predicate exactly" means no
// row is rechecked. "Index Count" and "Tag Group Count" fetch no entity;
// "Index Scan Forward/Backward using entities_created_at_order" reads in
// order and stops after LIMIT rows. Row estimates for constant conditions
// are exact posting counts, so the first line's "(cost=S..T rows=N
// width=W)" — the part postgres_fdw reads — is meaningful. EXPLAIN ANALYZE
// runs the statement and adds actual row counts, the index query as
// evaluated, and how many entities were fetched. SET entitydb.use_index =
// off plans every scan as a filtered full scan, which is how tests compare
// index answers with plain evaluation.
//
// # What it does not do
//
// No user tables, views, functions or DDL beyond CREATE/DROP SCHEMA (0A000
// with a hint about the fixed table model); no cross-namespace atomic
// commit; tags cannot hold NULL elements or empty strings (the namespace
// index stores tags as strings); schema names are lower-case identifiers.
package planner
