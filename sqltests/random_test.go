package sqltests

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Environment of the randomized differential test (see env_test.go).
const (
	envSeed     = "SQLTESTS_SEED"
	envQueries  = "SQLTESTS_QUERIES"
	envEntities = "SQLTESTS_ENTITIES"
)

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return n
}

// TestRandom generates namespaces of entities with realistic tags and runs
// random tag queries (nested AND/OR/NOT of containment, overlap, = ANY,
// prefixes in both forms, id lists, created_at ranges; count, ORDER BY +
// LIMIT, GROUP BY a tag value) against entitydb and PostgreSQL, with random
// writes interleaved so that the index is also tested after mutation. Every
// result must be identical. The seed is printed with every failure;
// SQLTESTS_SEED=<seed> reproduces a run.
func TestRandom(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(envSeed); v != "" {
		s, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", envSeed, v, err)
		}
		seed = s
	}
	queries, entities := 2000, 400
	if *flagLong {
		queries, entities = 50000, 3000
	}
	queries = envInt(t, envQueries, queries)
	entities = envInt(t, envEntities, entities)
	t.Logf("seed %d (reproduce with %s=%d), %d queries, %d entities per namespace", seed, envSeed, seed, queries, entities)

	e := newEnv(t)
	ctx := context.Background()
	namespaces := []string{"rnd_alpha", "rnd_beta", "rnd_gamma"}
	g := newGen(seed, namespaces)

	// The whole run is one session per side, like a file.
	var stmts []*Statement
	add := func(sql string, order Order) {
		stmts = append(stmts, &Statement{File: "random", Line: len(stmts) + 1, SQL: sql, Order: order})
	}
	for _, ns := range namespaces {
		add("CREATE SCHEMA "+ns, OrderAuto)
		for n := 0; n < entities; n += 50 {
			add(g.insert(ns, min(50, entities-n)), OrderAuto)
		}
	}
	inTxn := false
	for i := 0; i < queries; i++ {
		// About one write per ten queries; now and then inside a
		// transaction that commits or rolls back, with queries in it.
		if g.rng.IntN(10) == 0 {
			if !inTxn && g.rng.IntN(8) == 0 {
				add("BEGIN", OrderAuto)
				inTxn = true
			}
			add(g.write(), OrderSet)
			if inTxn && g.rng.IntN(4) == 0 {
				add(g.pick([]string{"COMMIT", "ROLLBACK"}), OrderAuto)
				inTxn = false
			}
		}
		add(g.query(), OrderAuto)
	}
	if inTxn {
		add("COMMIT", OrderAuto)
	}
	for _, ns := range namespaces {
		add("DROP SCHEMA "+ns+" CASCADE", OrderAuto)
	}

	// Protocols vary per statement: mostly extended, some simple and
	// binary (a file runs under one protocol; here every statement draws).
	f := &File{Path: fmt.Sprintf("random(seed=%d)", seed), Name: "random", Statements: stmts}
	protos := make([]Protocol, len(stmts))
	for i := range protos {
		switch r := g.rng.IntN(10); {
		case r < 6:
			protos[i] = Extended
		case r < 8:
			protos[i] = Simple
		default:
			protos[i] = Binary
		}
	}
	// Shape of the oracle's answers, so that a generator drifting into
	// trivial queries (all empty, all rows) shows in the log.
	var empty, small, large, zeroCounts, counts int
	e.runner.Trace = func(st *Statement, side string, res *Result) {
		if side != Postgres || !strings.HasPrefix(st.SQL, "SELECT") || res.Err != nil {
			return
		}
		if strings.HasPrefix(st.SQL, "SELECT count(*)") && len(res.Rows) == 1 {
			counts++
			if string(res.Rows[0][0]) == "0" {
				zeroCounts++
			}
			return
		}
		switch n := len(res.Rows); {
		case n == 0:
			empty++
		case n <= 10:
			small++
		default:
			large++
		}
		if os.Getenv(envTrace) != "" {
			t.Logf("%d: %s\n%s", st.Line, st.SQL, strings.Join(summary(res), "\n"))
		}
	}
	defer func() { e.runner.Trace = nil }()
	start := time.Now()
	rep := e.runner.runMixed(ctx, f, protos)
	t.Logf("oracle answers: %d counts (%d zero); row queries: %d empty, %d with 1-10 rows, %d with more", counts, zeroCounts, empty, small, large)
	t.Logf("%d statements in %v: %d compared, %d failures", len(stmts), time.Since(start).Round(time.Millisecond), rep.Compared, len(rep.Failures))
	for i, fl := range rep.Failures {
		if i == maxFailuresShown {
			t.Errorf("... and %d more failures (seed %d)", len(rep.Failures)-i, seed)
			break
		}
		t.Errorf("seed %d, statement %d of %d:\n%s", seed, fl.Line, len(stmts), fl)
	}
	if len(rep.Failures) > 0 {
		t.Logf("reproduce: %s=%d %s=%d %s=%d go test ./sqltests -run 'TestRandom$'", envSeed, seed, envQueries, queries, envEntities, entities)
	}
	if !e.differential {
		t.Logf("no entitydb server: the generated statements were validated against PostgreSQL only")
	}
	if s := strings.TrimSpace(os.Getenv(envTarget)); s == Postgres && rep.Compared > 0 {
		t.Errorf("oracle-only mode compared %d statements", rep.Compared)
	}
}
