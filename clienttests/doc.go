// Package clienttests drives a real entitydb server (server/servertest)
// with the clients users run against PostgreSQL: pgx v5 in every
// QueryExecMode, lib/pq through database/sql, psql, pgbench,
// node-postgres with pg-cursor, and psycopg 3. It holds tests only.
//
// The external clients are installed by `make deps`
// (scripts/install-test-deps.sh): psql and pgbench come with PostgreSQL 15,
// node-postgres lives in testdata/node (repository root), psycopg is
// Debian's python3-psycopg run with /usr/bin/python3. A missing client is
// a test failure, never a skip.
//
// Values are checked against PostgreSQL 15 itself where the expected
// answer is not obvious from the input (typed binary scans start a
// throwaway cluster through internal/pgcluster).
package clienttests
