package clienttests

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/entitydb/entitydb/server/servertest"
)

// fixtureSQL creates namespace ct with five entities, in one simple-query
// string as psql -c would send it.
const fixtureSQL = `CREATE SCHEMA ct;
INSERT INTO ct.entities (id, tags, content) VALUES
  ('e1', ARRAY['type:task','status:open','prio:1'], 'one'::bytea),
  ('e2', ARRAY['type:task','status:done','prio:2'], 'two'::bytea),
  ('e3', ARRAY['type:task','status:open','prio:3'], NULL),
  ('e4', ARRAY['type:note'], 'four'::bytea),
  ('e5', ARRAY['type:note','status:open'], ''::bytea);`

// longQuery runs for minutes unless cancelled.
const longQuery = "SELECT count(*) FROM generate_series(1, 3000000000)"

// start starts a server with the fixture loaded.
func start(t *testing.T) *servertest.Instance {
	t.Helper()
	inst := servertest.Start(t)
	conn := connect(t, inst.ConnString())
	if _, err := conn.Exec(context.Background(), fixtureSQL); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return inst
}

func connect(t testing.TB, connString string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// tool returns the path of an external client, failing the test when it
// is missing (install it with `make deps`).
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		for _, dir := range []string{"/usr/lib/postgresql/15/bin", "/usr/local/bin"} {
			if p2, err2 := exec.LookPath(dir + "/" + name); err2 == nil {
				return p2
			}
		}
		t.Fatalf("%s not found (run `make deps`): %v", name, err)
	}
	return p
}

// run runs a command with a timeout and returns its combined output.
func run(t *testing.T, timeout time.Duration, env []string, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return string(out), fmt.Errorf("%s timed out after %v: %w", name, timeout, ctx.Err())
	}
	return string(out), err
}

// lines splits command output into trimmed, non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
