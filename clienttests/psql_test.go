package clienttests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func psql(t *testing.T, connString string, args ...string) (string, error) {
	t.Helper()
	return run(t, 60*time.Second, nil, tool(t, "psql"), append([]string{connString, "-X", "-v", "ON_ERROR_STOP=1", "-At"}, args...)...)
}

func TestPsql(t *testing.T) {
	inst := start(t)
	cs := strings.Replace(inst.ConnString(), "sslmode=disable", "sslmode=prefer", 1)

	t.Run("commands", func(t *testing.T) {
		out, err := psql(t, cs, "-c", "SELECT id FROM ct.entities WHERE tags @> ARRAY['type:task','status:open'] ORDER BY id")
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if got := strings.Join(lines(out), ","); got != "e1,e3" {
			t.Fatalf("got %q", got)
		}
	})

	t.Run("multi-statement string", func(t *testing.T) {
		out, err := psql(t, cs, "-c", "INSERT INTO ct.entities (id, tags) VALUES ('p1', '{via:psql}'); SELECT count(*) FROM ct.entities WHERE tags @> '{via:psql}'; SELECT 'done'")
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		// psql 15 prints every result of a multi-statement -c.
		if got := strings.Join(lines(out), ","); got != "INSERT 0 1,1,done" {
			t.Fatalf("got %q", got)
		}
		out, err = psql(t, cs, "-c", "SELECT count(*) FROM ct.entities WHERE 'via:psql' = ANY(tags)")
		if err != nil || strings.TrimSpace(out) != "1" {
			t.Fatalf("%v %q", err, out)
		}
		// An error stops the string; the rest does not run.
		out, err = psql(t, cs, "-c", "INSERT INTO ct.entities (id, tags) VALUES ('p2', '{via:psql}'); SELECT * FROM ct.nosuch; INSERT INTO ct.entities (id, tags) VALUES ('p3', '{via:psql}')")
		if err == nil || !strings.Contains(out, `relation "ct.nosuch" does not exist`) {
			t.Fatalf("want an error, got %v\n%s", err, out)
		}
		out, _ = psql(t, cs, "-c", "SELECT count(*) FROM ct.entities WHERE id IN ('p2','p3')")
		if strings.TrimSpace(out) != "0" {
			t.Fatalf("statements of a failed string were kept: %q", out)
		}
	})

	t.Run("script", func(t *testing.T) {
		script := filepath.Join(t.TempDir(), "s.sql")
		err := os.WriteFile(script, []byte(`
CREATE SCHEMA tour;
INSERT INTO tour.entities (id, tags, content) VALUES ('a', ARRAY['type:task','status:open'], 'x');
INSERT INTO tour.entities (tags) VALUES (ARRAY['type:task','status:done']);
BEGIN;
UPDATE tour.entities SET tags = array_append(tags, 'seen') WHERE id = 'a';
COMMIT;
SELECT count(*) FROM tour.entities WHERE tags @> ARRAY['type:task'];
SELECT tags FROM tour.entities WHERE id = 'a';
SELECT length(id) FROM tour.entities WHERE tags @> ARRAY['status:done'];
`), 0o600)
		if err != nil {
			t.Fatal(err)
		}
		out, err := psql(t, cs, "-f", script)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		l := lines(out)
		want := []string{"CREATE SCHEMA", "INSERT 0 1", "INSERT 0 1", "BEGIN", "UPDATE 1", "COMMIT", "2", "{type:task,status:open,seen}", "32"}
		if strings.Join(l, "|") != strings.Join(want, "|") {
			t.Fatalf("got\n%s\nwant\n%s", strings.Join(l, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("copy", func(t *testing.T) {
		dir := t.TempDir()
		in := filepath.Join(dir, "in.tsv")
		if err := os.WriteFile(in, []byte("cp1\t{via:copy,a}\t\\\\x6869\ncp2\t{via:copy}\t\\N\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := psql(t, cs, "-c", `\copy ct.entities (id, tags, content) from '`+in+`'`)
		if err != nil || strings.TrimSpace(out) != "COPY 2" {
			t.Fatalf("copy from: %v\n%s", err, out)
		}
		outFile := filepath.Join(dir, "out.tsv")
		out, err = psql(t, cs, "-c", `\copy (SELECT id, tags, content FROM ct.entities WHERE tags @> '{via:copy}' ORDER BY id) to '`+outFile+`'`)
		if err != nil || strings.TrimSpace(out) != "COPY 2" {
			t.Fatalf("copy to: %v\n%s", err, out)
		}
		b, err := os.ReadFile(outFile)
		if err != nil {
			t.Fatal(err)
		}
		if want := "cp1\t{via:copy,a}\t\\\\x6869\ncp2\t{via:copy}\t\\N\n"; string(b) != want {
			t.Fatalf("copied out %q, want %q", b, want)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		bad := strings.Replace(cs, inst.Password(), "wrong", 1)
		out, err := psql(t, bad, "-c", "SELECT 1")
		if err == nil || !strings.Contains(out, `password authentication failed for user "entitydb"`) {
			t.Fatalf("want a password failure, got %v\n%s", err, out)
		}
	})

	t.Run("ctrl-c cancels", func(t *testing.T) {
		cmd := exec.Command(tool(t, "psql"), cs, "-X", "-At", "-c", longQuery)
		var buf strings.Builder
		cmd.Stdout, cmd.Stderr = &buf, &buf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second)
		start := time.Now()
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatal("psql did not stop after SIGINT")
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("cancel took %v", d)
		}
		if !strings.Contains(buf.String(), "canceling statement due to user request") {
			t.Fatalf("psql output: %q", buf.String())
		}
	})
}
