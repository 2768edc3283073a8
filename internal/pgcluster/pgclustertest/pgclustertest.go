// Package pgclustertest starts throwaway PostgreSQL clusters for tests: the
// testing-flavoured face of internal/pgcluster.
//
//	func TestSomething(t *testing.T) {
//		pg := pgclustertest.Start(t, pgcluster.Options{})
//		conn, err := pgx.Connect(ctx, pg.ConnString())
//		...
//	}
//
// Start fails the test (it never skips) when PostgreSQL cannot be started:
// PostgreSQL 15 is installed wherever the tests run, and a silently skipped
// oracle would turn differential tests into no-ops. The cluster is stopped
// and its directory removed on t.Cleanup.
//
// Unless the caller sets them, Start turns off durability (fsync,
// synchronous_commit, full_page_writes): test clusters are thrown away, and
// without fsync initdb'ed clusters answer DDL-heavy test setups much faster.
// Benchmarks use pgcluster.Start directly and state their own settings.
package pgclustertest

import (
	"context"
	"testing"
	"time"

	"github.com/entitydb/entitydb/internal/pgcluster"
)

// testSettings are applied unless opts.Settings names them.
var testSettings = map[string]string{
	"fsync":              "off",
	"synchronous_commit": "off",
	"full_page_writes":   "off",
}

// Start starts a cluster for the test and stops it on t.Cleanup.
func Start(t testing.TB, opts pgcluster.Options) *pgcluster.Cluster {
	t.Helper()
	settings := map[string]string{}
	for k, v := range testSettings {
		settings[k] = v
	}
	for k, v := range opts.Settings {
		settings[k] = v
	}
	opts.Settings = settings
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := pgcluster.Start(ctx, opts)
	if err != nil {
		t.Fatalf("start PostgreSQL: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Errorf("stop PostgreSQL: %v", err)
		}
	})
	return c
}
