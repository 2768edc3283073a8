// Package bench measures entitydb side by side with PostgreSQL 15 on the
// same machine, the same data and the same queries, and writes a report a
// user can read (bench/results/RESULTS.md, chart.svg, results.json).
//
// # What a run does
//
//  1. Generates the workload (package workload): 1,000,000 entities over 100
//     Zipf-sized namespaces by default, deterministic for a seed.
//  2. Starts entitydb (`entitydb serve --data DIR --listen 127.0.0.1:PORT`,
//     built from ./cmd/entitydb unless a binary is given) and a throwaway
//     PostgreSQL cluster (internal/pgcluster) with PostgresSettings:
//     durability on, shared_buffers=2GB, work_mem=16MB, random_page_cost=1.1,
//     jit=off.
//  3. Loads the same entities with binary COPY (pgx.CopyFrom) into entitydb
//     and into PostgreSQL in two layouts: a schema per namespace
//     ("pg-schema", the pinned ns.entities DDL with its GIN index) and one
//     global table with a namespace column loaded in created_at order
//     ("pg-global"); ANALYZE on PostgreSQL. Load rates are recorded.
//  4. Checks every read (Queries) on every target in both protocols: whole
//     results for deterministic queries, row counts for LIMIT without ORDER
//     BY. A disagreement is reported and that read is not timed; the run
//     then fails.
//  5. Times the reads in the largest and the smallest namespace, prepared
//     (pgx's cached statements) and simple protocol, at 1 and 4 connections;
//     durable inserts and tag updates at 1 and 8 clients and 8 clients on 8
//     namespaces (then checks every target holds exactly the rows it was
//     sent); COPY into a new namespace; the read mix through pgbench.
//  6. Startup (process start → first answered query in one namespace) and
//     memory (idle, after 1 namespace, after all) with 1,000 namespaces on
//     disk, and the scaling shapes (10, 100, 1,000, 10,000 namespaces, same
//     total): startup and per-query latency.
//
// # Measurement rules
//
// Every scenario runs on all targets in one run: a warm-up window per
// target (at least WarmupOps executions per connection, so PostgreSQL's
// plan cache has settled on a generic plan if it will), then Rounds rounds
// of one Window per target, the order rotating each round so that drift hits
// every target alike. Each connection runs a closed loop; throughput is
// operations over wall time, p50/p99 are nearest-rank over all operations.
// No result is cached by the client; every read consumes all its rows.
// Ratios are entitydb's throughput over PostgreSQL's.
//
// # Profiling
//
// With -profile query/ns/mode/clients[,…] (reads and writes, e.g.
// count_tag/large/prepared/1 or insert/8ns/prepared/8, or "load"), edbbench
// builds bench/cmd/edbprof (the same server package with net/http/pprof) in
// place of cmd/entitydb, and after timing each named scenario runs it on
// entitydb alone while it saves a 10-second CPU profile of the server:
// `go tool pprof -top <out>/<scenario>.pprof`. "load" profiles the first
// seconds of the bulk load.
//
// # What it does not do
//
// It asserts no timing goals (the report marks them); it does not drop the
// page cache (startup is measured warm); client and servers share the
// machine's cores.
package bench
