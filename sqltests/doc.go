// Package sqltests proves entitydb's SQL semantics against PostgreSQL 15:
// the same statements run against both systems through the same client, and
// every result must be identical.
//
// # Layout
//
//	testdata/fixture.sql    the shared data set, loaded into both systems once
//	testdata/*.sql          test files, one per area of the SQL surface
//	testdata/pending/*.sql  files for features the engine lacks yet (run with
//	                        SQLTESTS_PENDING=1; each listed in docs/compatibility.md)
//	oracle.sql              makes PostgreSQL behave like entitydb's relation model
//	files_test.go           TestSQL: every file under every protocol
//	random_test.go          TestRandom: generated data and random tag queries
//
// # The two sides
//
// The subject is an in-process entitydb (server/servertest). The oracle is a
// throwaway PostgreSQL 15 cluster (internal/pgcluster) created with
// `initdb --locale=C --encoding=UTF8`, TimeZone UTC, superuser and database
// both named "entitydb" like ours. oracle.sql installs event triggers so that
// CREATE SCHEMA also creates the pinned `entities` table with its GIN index
// and DROP SCHEMA ... RESTRICT fails (2BP01) only on namespaces that hold
// entities, plus public.entities and the helper functions has_tag_like and
// tag_value with their pinned definitions.
//
// # Test files
//
// Plain SQL; each statement ends with a semicolon. Both sides keep one
// session for the whole file, so SET, transactions, savepoints and cursors
// behave as in a real session. Comment lines just before a statement may be
// directives (see Parse):
//
//	-- rowsort                        compare rows as a multiset
//	-- ordered                        compare in order although there is no ORDER BY
//	-- onlyif entitydb <key>          run on one side only
//	-- skipif entitydb <key> <why>    do not run on that side
//	-- expect-error 23505             every side that runs it must fail with this code
//	-- args ["a", null]               parameters ($1, $2), types inferred by the server
//	-- session other                  run on a second connection (for isolation tests)
//
// <key> names a difference documented in docs/compatibility.md
// (TestFilesWellFormed checks it). A statement that fails on PostgreSQL
// without expect-error is a test-file error, so files document every error
// they provoke, and an oracle-only run (SQLTESTS_TARGET=postgres) validates
// the files themselves.
//
// Rows are compared in order when the statement's top level has ORDER BY
// (or is FETCH, SHOW, EXPLAIN), else as multisets; a top-level LIMIT
// without ORDER BY is rejected as nondeterministic. Write ORDER BY clauses
// that make the order total (add id), and aggregate ordered values with
// ORDER BY inside the aggregate (array_agg(x ORDER BY x)). Values that
// legitimately differ between systems (generated ids, now()) are compared
// through expressions: length(id), id ~ '^[0-9a-f]{32}$',
// created_at = updated_at.
//
// Files that write create their own namespaces (CREATE SCHEMA): the runner
// drops every namespace a file creates before and after it runs. The
// fixture's namespaces are read-only; the runner fingerprints them after
// every file, reports a file that changed them, and reloads the fixture.
//
// # What is compared
//
// For every statement: column names, type OIDs, type modifiers, type sizes
// and formats of the RowDescription; every value's bytes (text output formats
// under the simple and extended protocols, binary encodings under the binary
// protocol); the command tag; and the SQLSTATE of errors (messages may
// differ). Each file runs three times, once per protocol:
//
//	extended  Parse/Bind/Describe/Execute/Sync, text results (the default)
//	simple    Query messages (statements with args are not run)
//	binary    prepared first, then binary results for every type pgx reads
//	          in binary, as pgx does
//
// # Reading a failure
//
//	testdata/select.sql:42 [extended] DIFFERS: rows differ in order-sensitive
//	comparison: first difference at row 3 (entitydb 10 rows, postgres 10 rows)
//	    SELECT ...
//	  entitydb          | postgres
//	  2: (b, 1)         | 2: (b, 1)
//	! 3: (c, 2)         | 3: (c, 3)
//
// DIFFERS is an engine difference; TEST FILE ERROR means the file is wrong
// (PostgreSQL disagrees with it); BROKEN means a connection failed and the
// rest of the file did not run. A difference after a write that already
// differed in the same file says so: fix the first one first. At the end,
// TestSQL logs the failures grouped by kind (the subject's error message,
// or what differs), most frequent first. Run one file with
// `go test ./sqltests -run 'TestSQL/select/extended'`, and write every
// failure to a Markdown file with SQLTESTS_REPORT=/tmp/report.md.
// env_test.go lists the other environment variables.
//
// # The randomized test
//
// TestRandom (random_test.go, generator in randgen_test.go) creates three
// namespaces of generated entities and runs 2,000 random tag queries
// (50,000 with -long, see `make sqltests-long`) with writes interleaved,
// some inside transactions, under random protocols. The seed is printed;
// SQLTESTS_SEED reproduces a run. When a write leaves entitydb in another
// state than PostgreSQL, the difference is reported and entitydb's
// namespaces are reloaded from PostgreSQL, so later queries still test
// something.
//
// # Self-tests
//
// TestRunnerReportsDifferences feeds the runner two sessions that differ in
// a setting and checks each kind of failure; TestFilesDeterministic runs all
// files against two independent PostgreSQL clusters, which must agree (a
// file that compares a generated id or now() fails there);
// TestFilesWellFormed parses every file and checks the skip keys against
// docs/compatibility.md.
package sqltests
