package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// kill9ServeEnv, when set to "<data dir> <listen address>", makes the test
// binary serve instead of testing: TestKill9Wire runs the server as this
// child process so that it can SIGKILL it.
const kill9ServeEnv = "ENTITYDB_KILL9_SERVE"

const kill9Password = "kill9-secret"

// kill9Namespaces are the namespaces the writers spread over.
var kill9Namespaces = []string{"k0", "k1", "k2", "k3"}

// TestKill9Wire proves, through the wire protocol and the real binary's
// code, that every write the server acknowledged survives kill -9: clients
// insert (autocommit), commit multi-row transactions, update tags and
// COPY rows into four namespaces; the server is SIGKILLed at a random
// moment; after a restart on the same data directory every acknowledged
// write is there, and every transaction is all there or not at all.
// Several rounds run on one data directory, so later rounds also recover
// from earlier recoveries.
func TestKill9Wire(t *testing.T) {
	if v := os.Getenv(kill9ServeEnv); v != "" {
		dir, addr, _ := strings.Cut(v, " ")
		os.Exit(run([]string{"serve", "--data", dir, "--listen", addr}, io.Discard, io.Discard))
	}
	rounds := 6
	if testing.Short() {
		rounds = 2
	}
	dir := t.TempDir()
	st := &kill9State{acked: map[string]string{}, groups: map[string][]string{}}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	seed := rng.Uint64()
	t.Logf("seed %d", seed)
	rng = rand.New(rand.NewPCG(seed, 9))
	for round := 0; round < rounds; round++ {
		srv := startKill9Server(t, dir)
		ctx := context.Background()
		if round == 0 {
			conn := srv.connect(t)
			for _, ns := range kill9Namespaces {
				if _, err := conn.Exec(ctx, "CREATE SCHEMA "+ns); err != nil {
					t.Fatal(err)
				}
			}
			conn.Close(ctx)
		} else {
			st.verify(t, srv, round)
		}
		// writers run until the kill breaks their connections
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			conn := srv.connect(t)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close(context.Background())
				st.write(conn, fmt.Sprintf("r%dw%d", round, w), kill9Namespaces[w])
			}()
		}
		time.Sleep(time.Duration(150+rng.IntN(500)) * time.Millisecond)
		srv.kill(t)
		wg.Wait()
	}
	srv := startKill9Server(t, dir)
	st.verify(t, srv, rounds)
	srv.kill(t)
	if len(st.acked) < 100 {
		t.Errorf("only %d writes acknowledged: the test did not exercise the server", len(st.acked))
	}
}

// kill9State is what the server acknowledged: acked maps an entity (ns
// and id) to the tag its last acknowledged write gave it; groups maps a
// transaction to the entities it inserted.
type kill9State struct {
	mu     sync.Mutex
	acked  map[string]string
	groups map[string][]string
	// maybe holds entities whose last write was sent but not answered:
	// any of their states is allowed, as long as groups stay whole.
	maybe map[string]bool
}

func (s *kill9State) ack(key, tag string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acked[key] = tag
}

// write runs a mix of writes into ns until the connection breaks.
func (s *kill9State) write(conn *pgx.Conn, prefix, ns string) {
	ctx := context.Background()
	var mine []string // acknowledged ids of this writer
	for i := 0; ; i++ {
		id := fmt.Sprintf("%s-%d", prefix, i)
		key := ns + "/" + id
		var err error
		switch i % 7 {
		case 3: // a multi-row transaction
			ids := []string{id + "a", id + "b", id + "c"}
			var tx pgx.Tx
			if tx, err = conn.Begin(ctx); err == nil {
				for _, x := range ids {
					if _, err = tx.Exec(ctx, "INSERT INTO "+ns+".entities (id, tags) VALUES ($1, $2)", x, []string{"v:0", "g:" + id}); err != nil {
						break
					}
				}
				if err == nil {
					err = tx.Commit(ctx)
				} else {
					_ = tx.Rollback(ctx)
				}
			}
			s.mu.Lock()
			var keys []string
			for _, x := range ids {
				keys = append(keys, ns+"/"+x)
			}
			s.groups[key] = keys
			s.mu.Unlock()
			if err != nil {
				return
			}
			for _, k := range keys {
				s.ack(k, "v:0")
			}
			mine = append(mine, ids...)
		case 5: // a tag update of an acknowledged row
			if len(mine) == 0 {
				continue
			}
			x := mine[i%len(mine)]
			tag := fmt.Sprintf("v:%d", i)
			s.markMaybe(ns + "/" + x)
			if _, err = conn.Exec(ctx, "UPDATE "+ns+".entities SET tags = $2 WHERE id = $1", x, []string{tag}); err != nil {
				return
			}
			s.ack(ns+"/"+x, tag)
			s.unmarkMaybe(ns + "/" + x)
		case 6: // COPY of a few rows
			var rows [][]any
			var keys []string
			for j := 0; j < 5; j++ {
				x := fmt.Sprintf("%s-c%d", id, j)
				rows = append(rows, []any{x, []string{"v:0"}})
				keys = append(keys, ns+"/"+x)
			}
			s.mu.Lock()
			s.groups[key] = keys
			s.mu.Unlock()
			if _, err = conn.CopyFrom(ctx, pgx.Identifier{ns, "entities"}, []string{"id", "tags"}, pgx.CopyFromRows(rows)); err != nil {
				return
			}
			for j, k := range keys {
				s.ack(k, "v:0")
				mine = append(mine, fmt.Sprintf("%s-c%d", id, j))
			}
		default: // an autocommit insert
			if _, err = conn.Exec(ctx, "INSERT INTO "+ns+".entities (id, tags, content) VALUES ($1, $2, $3)", id, []string{"v:0"}, []byte(strings.Repeat("x", i%300))); err != nil {
				return
			}
			s.ack(key, "v:0")
			mine = append(mine, id)
		}
	}
}

func (s *kill9State) markMaybe(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.maybe == nil {
		s.maybe = map[string]bool{}
	}
	s.maybe[key] = true
}

func (s *kill9State) unmarkMaybe(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.maybe, key)
}

// verify checks the restarted server against what was acknowledged, then
// adopts its state for entities whose last write was in flight.
func (s *kill9State) verify(t *testing.T, srv *kill9Server, round int) {
	t.Helper()
	ctx := context.Background()
	conn := srv.connect(t)
	defer conn.Close(ctx)
	present := map[string]string{} // key -> its v: tag
	for _, ns := range kill9Namespaces {
		rows, err := conn.Query(ctx, "SELECT id, tags FROM "+ns+".entities")
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for rows.Next() {
			var id string
			var tags []string
			if err := rows.Scan(&id, &tags); err != nil {
				t.Fatal(err)
			}
			v := ""
			for _, tag := range tags {
				if strings.HasPrefix(tag, "v:") {
					v = tag
				}
			}
			present[ns+"/"+id] = v
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lost := 0
	for key, tag := range s.acked {
		got, ok := present[key]
		switch {
		case !ok:
			lost++
			if lost <= 5 {
				t.Errorf("round %d: acknowledged %s is missing after kill -9", round, key)
			}
		case got != tag && !s.maybe[key]:
			t.Errorf("round %d: %s has %q after kill -9, its last acknowledged write gave %q", round, key, got, tag)
		}
	}
	if lost > 5 {
		t.Errorf("round %d: %d acknowledged entities missing in all", round, lost)
	}
	for g, keys := range s.groups {
		n := 0
		for _, k := range keys {
			if _, ok := present[k]; ok {
				n++
			}
		}
		if n != 0 && n != len(keys) {
			t.Errorf("round %d: transaction %s is half there: %d of %d rows", round, g, n, len(keys))
		}
	}
	// in-flight updates may or may not have landed; take what is there
	for key := range s.maybe {
		if v, ok := present[key]; ok {
			s.acked[key] = v
		}
	}
	s.maybe = nil
	t.Logf("round %d: %d acknowledged entities verified", round, len(s.acked))
}

// kill9Server is the child process serving the data directory.
type kill9Server struct {
	cmd  *exec.Cmd
	addr string
}

func startKill9Server(t *testing.T, dir string) *kill9Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKill9Wire$")
	cmd.Env = append(os.Environ(), kill9ServeEnv+"="+dir+" "+addr, "ENTITYDB_PASSWORD="+kill9Password)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	srv := &kill9Server{cmd: cmd, addr: addr}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for deadline := time.Now().Add(30 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return srv
		}
		if time.Now().After(deadline) {
			t.Fatalf("server on %s did not start: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *kill9Server) connect(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), fmt.Sprintf("postgres://entitydb:%s@%s/entitydb?sslmode=disable", kill9Password, s.addr))
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

func (s *kill9Server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	_ = s.cmd.Wait()
}
