package planner_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/entitydb/entitydb/server/servertest"
)

// TestPgbenchHotRows runs pgbench with 8 clients that increment counters
// on three hot entities inside BEGIN ... END. Writers wait for each
// other's row locks, so no transaction fails (pgbench runs without
// --max-tries) and no increment is lost.
func TestPgbenchHotRows(t *testing.T) {
	pgbench, err := exec.LookPath("pgbench")
	if err != nil {
		if pgbench, err = exec.LookPath("/usr/lib/postgresql/15/bin/pgbench"); err != nil {
			t.Fatalf("pgbench not found (install postgresql-client-15): %v", err)
		}
	}
	inst := servertest.Start(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, inst.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA hot; INSERT INTO hot.entities (id, tags, content) VALUES ('h1', '{}', '0'), ('h2', '{}', '0'), ('h3', '{}', '0')"); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "hot.sql")
	if err := os.WriteFile(script, []byte(`\set h random(1, 3)
BEGIN;
UPDATE hot.entities SET content = convert_to((convert_from(content, 'UTF8')::int + 1)::text, 'UTF8') WHERE id = 'h' || :h;
SELECT content FROM hot.entities WHERE id = 'h' || :h;
INSERT INTO hot.entities (tags) VALUES (ARRAY['client', :client_id::text]);
END;
`), 0o600); err != nil {
		t.Fatal(err)
	}
	const clients, perClient = 8, 25
	total := 0
	for _, mode := range []string{"simple", "extended", "prepared"} {
		t.Run(mode, func(t *testing.T) {
			cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(cctx, pgbench, "-h", "127.0.0.1", "-p", strconv.Itoa(inst.Port()), "-U", "entitydb", "-n",
				"-M", mode, "-c", strconv.Itoa(clients), "-j", "2", "-t", strconv.Itoa(perClient), "-f", script, "entitydb")
			cmd.Env = append(os.Environ(), "PGPASSWORD="+inst.Password())
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("pgbench: %v\n%s", err, out)
			}
			m := regexp.MustCompile(`number of transactions actually processed: (\d+)/(\d+)`).FindSubmatch(out)
			if m == nil || string(m[1]) != string(m[2]) || string(m[1]) != strconv.Itoa(clients*perClient) {
				t.Fatalf("not every transaction ran:\n%s", out)
			}
			if f := regexp.MustCompile(`number of failed transactions: (\d+)`).FindSubmatch(out); f != nil && string(f[1]) != "0" {
				t.Fatalf("failed transactions:\n%s", out)
			}
			total += clients * perClient
		})
	}
	var sum int
	if err := conn.QueryRow(ctx, "SELECT sum(convert_from(content, 'UTF8')::int) FROM hot.entities WHERE id IN ('h1', 'h2', 'h3')").Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum != total {
		t.Fatalf("counters add up to %d, want %d (lost updates)", sum, total)
	}
}
