package sqltests

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
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
	// About one write per ten queries; now and then inside a transaction
	// that commits or rolls back, with queries in it. A transaction writes
	// to one namespace (single-namespace-transactions in
	// docs/compatibility.md).
	txnNS := ""
	for i := 0; i < queries; i++ {
		if g.rng.IntN(10) == 0 {
			ns := txnNS
			if ns == "" {
				ns = g.pick(namespaces)
				if g.rng.IntN(8) == 0 {
					add("BEGIN", OrderAuto)
					txnNS = ns
				}
			}
			add(g.write(ns), OrderSet)
			if txnNS != "" && g.rng.IntN(4) == 0 {
				add(g.pick([]string{"COMMIT", "ROLLBACK"}), OrderAuto)
				txnNS = ""
			}
		}
		add(g.query(), OrderAuto)
	}
	inTxn := txnNS != ""
	if inTxn {
		add("COMMIT", OrderAuto)
	}
	for _, ns := range namespaces {
		add("DROP SCHEMA "+ns+" CASCADE", OrderAuto)
	}

	// Protocols vary per statement: mostly extended, some simple and
	// binary.
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
	start := time.Now()
	run := runRandom(ctx, t, e.runner.Sides, stmts, protos, namespaces)
	t.Logf("oracle answers: %d counts (%d zero); row queries: %d empty, %d with 1-10 rows, %d with more",
		run.counts, run.zeroCounts, run.empty, run.small, run.large)
	t.Logf("%d statements in %v: %d compared, %d failures, %d resynchronizations",
		len(stmts), time.Since(start).Round(time.Millisecond), run.compared, len(run.failures), run.resyncs)
	for i, fl := range run.failures {
		if i == maxFailuresShown {
			t.Errorf("... and %d more failures (seed %d)", len(run.failures)-i, seed)
			break
		}
		t.Errorf("seed %d, statement %d of %d:\n%s", seed, fl.Line, len(stmts), fl)
	}
	if len(run.failures) > 0 {
		t.Logf("failures by kind (most frequent first):\n%s", Summarize(run.failures, 15))
		t.Logf("reproduce: %s=%d %s=%d %s=%d go test ./sqltests -run 'TestRandom$'", envSeed, seed, envQueries, queries, envEntities, entities)
	}
	if !e.differential {
		t.Logf("no entitydb server: the generated statements were validated against PostgreSQL only")
	}
}

// randomRun is the outcome of runRandom.
type randomRun struct {
	failures []*Failure
	compared int
	resyncs  int
	// Shape of the oracle's answers, so that a generator drifting into
	// trivial queries (all empty, all rows) shows in the log.
	counts, zeroCounts, empty, small, large int
}

func (r *randomRun) fail(fl *Failure) { r.failures = append(r.failures, fl) }

// runRandom runs the statements on every side, one session per side, and
// compares. The last side is the oracle. When the subject's state diverges
// from the oracle's (a write that did something else, or an error inside a
// transaction on one side only), the divergence is reported once and the
// sides are brought back in step: both roll back, and the namespaces are
// copied from the oracle to the subject. Later results stay meaningful.
func runRandom(ctx context.Context, t *testing.T, sides []Side, stmts []*Statement, protos []Protocol, namespaces []string) *randomRun {
	run := &randomRun{}
	conns := make([]*pgconn.PgConn, len(sides))
	for k, s := range sides {
		c, err := pgconn.Connect(ctx, s.ConnString)
		if err != nil {
			t.Fatalf("connect to %s: %v", s.Name, err)
		}
		defer c.Close(context.Background())
		conns[k] = c
	}
	oracle := len(sides) - 1
	inTxn := false
	for i, st := range stmts {
		results := make([]*Result, len(sides))
		for k := range sides {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			results[k] = execute(sctx, conns[k], protos[i], st.SQL, nil)
			cancel()
			if results[k].Code() == "conn" {
				t.Fatalf("statement %d: connection to %s failed: %v\n%s", st.Line, sides[k].Name, results[k].Err, st.SQL)
			}
		}
		switch st.SQL {
		case "BEGIN":
			inTxn = true
		case "COMMIT", "ROLLBACK":
			inTxn = false
		}
		ora := results[oracle]
		if ora.Err != nil {
			run.fail(&Failure{Kind: FileError, File: "random", Line: st.Line, Protocol: protos[i], SQL: st.SQL,
				What: "the generated statement fails on PostgreSQL", Detail: []string{"  " + ora.ErrText()}})
		}
		if strings.HasPrefix(st.SQL, "SELECT") && ora.Err == nil {
			switch n := len(ora.Rows); {
			case strings.HasPrefix(st.SQL, "SELECT count(*)"):
				run.counts++
				if string(ora.Rows[0][0]) == "0" || (len(ora.Rows[0][0]) == 8 && string(ora.Rows[0][0]) == "\x00\x00\x00\x00\x00\x00\x00\x00") {
					run.zeroCounts++
				}
			case n == 0:
				run.empty++
			case n <= 10:
				run.small++
			default:
				run.large++
			}
		}
		if os.Getenv(envTrace) != "" {
			t.Logf("%d [%s]: %s\n%s", st.Line, protos[i], st.SQL, strings.Join(summary(ora), "\n"))
		}
		if len(sides) < 2 {
			continue
		}
		run.compared++
		sub := results[0]
		ordered := analyze(st.SQL).ordered && st.Order != OrderSet
		d := compareResults(sides[0].label(), sides[1].label(), sub, ora, ordered)
		if d == nil {
			continue
		}
		write := !strings.HasPrefix(st.SQL, "SELECT")
		diverged := write || (inTxn && (sub.Err == nil) != (ora.Err == nil))
		fl := &Failure{Kind: Differs, File: "random", Line: st.Line, Protocol: protos[i], SQL: st.SQL, What: d.What, Detail: d.Detail,
			Signature: signature(d, sub, ora)}
		if sub.Err == nil && ora.Err == nil {
			fl.Signature += " in " + queryShape(st.SQL)
		}
		if diverged {
			if err := resync(ctx, conns[0], conns[oracle], namespaces, inTxn); err != nil {
				run.fail(fl)
				t.Errorf("statement %d: cannot bring entitydb back in step with PostgreSQL (%v); stopping", st.Line, err)
				return run
			}
			run.resyncs++
			inTxn = false
			fl.Detail = append(fl.Detail, "  (the states diverged here: both sides rolled back any open transaction and entitydb's namespaces were reloaded from PostgreSQL)")
		}
		run.fail(fl)
	}
	return run
}

// queryShape names the kind of a generated query for failure signatures.
func queryShape(sql string) string {
	switch {
	case strings.HasPrefix(sql, "SELECT count(*)"):
		return "count(*)"
	case strings.Contains(sql, "GROUP BY"):
		return "GROUP BY tag_value"
	case strings.Contains(sql, "ORDER BY created_at"):
		return "ORDER BY created_at LIMIT"
	case strings.Contains(sql, "OFFSET"):
		return "ORDER BY id LIMIT OFFSET"
	case strings.Contains(sql, "LIMIT 50"):
		return "id, tags, content"
	case strings.HasPrefix(sql, "SELECT"):
		return "ORDER BY id"
	}
	return strings.SplitN(sql, " ", 2)[0]
}

// resync rolls both sides back (when a transaction is open) and copies the
// namespaces' entities from the oracle to the subject.
func resync(ctx context.Context, sub, oracle *pgconn.PgConn, namespaces []string, inTxn bool) error {
	exec := func(c *pgconn.PgConn, sql string, args ...[]byte) *Result {
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		return readOne(c.ExecParams(sctx, sql, args, nil, nil, nil))
	}
	if inTxn {
		for _, c := range []*pgconn.PgConn{sub, oracle} {
			if r := exec(c, "ROLLBACK"); r.Err != nil {
				return fmt.Errorf("ROLLBACK: %s", r.ErrText())
			}
		}
	}
	for _, ns := range namespaces {
		rows := exec(oracle, "SELECT id, tags, content, created_at, updated_at FROM "+ns+".entities ORDER BY id")
		if rows.Err != nil {
			return fmt.Errorf("read %s on PostgreSQL: %s", ns, rows.ErrText())
		}
		if r := exec(sub, "DELETE FROM "+ns+".entities"); r.Err != nil {
			return fmt.Errorf("empty %s: %s", ns, r.ErrText())
		}
		for start := 0; start < len(rows.Rows); start += 100 {
			batch := rows.Rows[start:min(start+100, len(rows.Rows))]
			var values []string
			var args [][]byte
			for _, row := range batch {
				n := len(args)
				values = append(values, fmt.Sprintf("($%d, $%d::text[], $%d::bytea, $%d::timestamptz, $%d::timestamptz)", n+1, n+2, n+3, n+4, n+5))
				args = append(args, row...)
			}
			sql := "INSERT INTO " + ns + ".entities (id, tags, content, created_at, updated_at) VALUES " + strings.Join(values, ", ")
			if r := exec(sub, sql, args...); r.Err != nil {
				return fmt.Errorf("copy %s: %s", ns, r.ErrText())
			}
		}
	}
	return nil
}

// TestRandomResync checks that runRandom reports a difference and brings
// the subject back in step after a diverging write: two PostgreSQL
// clusters stand in for the two sides, the first with an extra entity.
func TestRandomResync(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two PostgreSQL clusters")
	}
	_, a := startOracle(t)
	_, b := startOracle(t)
	ctx := context.Background()
	sides := []Side{{Name: Entitydb, Label: "subject", ConnString: a}, {Name: Postgres, ConnString: b}}
	for k, s := range sides {
		c, err := pgconn.Connect(ctx, s.ConnString)
		if err != nil {
			t.Fatal(err)
		}
		sql := "CREATE SCHEMA rnd_x; INSERT INTO rnd_x.entities (id, tags) VALUES ('one', ARRAY['a']), ('two', ARRAY['c'])"
		if k == 0 {
			sql += "; INSERT INTO rnd_x.entities (id, tags) VALUES ('extra', ARRAY['a'])"
		}
		if _, err := c.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatal(err)
		}
		c.Close(ctx)
	}
	var stmts []*Statement
	for i, sql := range []string{
		"SELECT count(*) FROM rnd_x.entities WHERE tags @> ARRAY['a']",
		"UPDATE rnd_x.entities SET tags = array_append(tags, 'b') WHERE tags @> ARRAY['a']",
		"SELECT count(*) FROM rnd_x.entities WHERE tags @> ARRAY['a']",
		"SELECT id, tags FROM rnd_x.entities ORDER BY id",
	} {
		stmts = append(stmts, &Statement{File: "random", Line: i + 1, SQL: sql})
	}
	run := runRandom(ctx, t, sides, stmts, []Protocol{Extended, Simple, Binary, Extended}, []string{"rnd_x"})
	var lines []int
	for _, f := range run.failures {
		lines = append(lines, f.Line)
	}
	if fmt.Sprint(lines) != "[1 2]" || run.resyncs != 1 || run.compared != 4 {
		for _, f := range run.failures {
			t.Log(f)
		}
		t.Errorf("failures at statements %v, %d resyncs, %d compared; want [1 2], 1, 4", lines, run.resyncs, run.compared)
	}
}
