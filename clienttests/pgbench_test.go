package clienttests

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPgbench runs custom scripts with random ids from 8 clients in every
// protocol mode and requires zero failed transactions.
func TestPgbench(t *testing.T) {
	inst := start(t)
	conn := connect(t, inst.ConnString())
	// 200 entities b1..b200 to read and update.
	var sb strings.Builder
	sb.WriteString("INSERT INTO ct.entities (id, tags, content) VALUES ")
	for i := 1; i <= 200; i++ {
		if i > 1 {
			sb.WriteString(",")
		}
		sb.WriteString("('b" + itoa(i) + "', ARRAY['bench:yes','n:" + itoa(i%7) + "'], 'c')")
	}
	if _, err := conn.Exec(t.Context(), sb.String()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	read := filepath.Join(dir, "read.sql")
	write := filepath.Join(dir, "write.sql")
	// pgbench takes ":word" for a variable even inside a quoted literal,
	// so tags with a colon are built by concatenation ('bench:' || 'yes').
	mustWrite(t, read, `\set id random(1, 200)
\set m random(0, 6)
SELECT id, tags FROM ct.entities WHERE id = 'b' || :id;
SELECT count(*) FROM ct.entities WHERE tags @> ARRAY['bench:' || 'yes', 'n:' || :m];
`)
	mustWrite(t, write, `\set id random(1, 200)
BEGIN;
UPDATE ct.entities SET content = 'u' WHERE id = 'b' || :id;
INSERT INTO ct.entities (tags) VALUES (ARRAY['bench:' || 'new', 'by:' || :client_id]);
END;
`)
	pgbench := tool(t, "pgbench")
	env := []string{"PGPASSWORD=" + inst.Password()}
	for _, mode := range []string{"simple", "extended", "prepared"} {
		t.Run(mode, func(t *testing.T) {
			out, err := run(t, 120*time.Second, env, pgbench,
				"-h", "127.0.0.1", "-p", itoa(inst.Port()), "-U", "entitydb", "-n",
				"-M", mode, "-c", "8", "-j", "2", "-t", "25",
				"-f", read+"@3", "-f", write+"@1", "entitydb")
			if err != nil {
				t.Fatalf("pgbench: %v\n%s", err, out)
			}
			m := regexp.MustCompile(`number of transactions actually processed: (\d+)/(\d+)`).FindStringSubmatch(out)
			if m == nil || m[1] != m[2] || m[1] != "200" {
				t.Fatalf("not every transaction ran:\n%s", out)
			}
			if f := regexp.MustCompile(`number of failed transactions: (\d+)`).FindStringSubmatch(out); f != nil && f[1] != "0" {
				t.Fatalf("failed transactions:\n%s", out)
			}
			if strings.Contains(out, "aborted") {
				t.Fatalf("a client aborted:\n%s", out)
			}
		})
	}
	var n int64
	if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM ct.entities WHERE tags @> ARRAY['bench:new']").Scan(&n); err != nil || n == 0 {
		t.Fatalf("pgbench writes missing: %d %v", n, err)
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
