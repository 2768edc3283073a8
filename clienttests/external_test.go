package clienttests

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// repoRoot is the repository root (testdata/node lives there).
func repoRoot(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the source directory")
	}
	return filepath.Dir(filepath.Dir(file))
}

func clientEnv(t *testing.T, connString, password string) []string {
	return []string{
		"ENTITYDB_URL=" + connString,
		"ENTITYDB_BAD_URL=" + strings.Replace(connString, password, "wrong", 1),
	}
}

// TestNodePostgres runs testdata/node/client.js (pg and pg-cursor).
func TestNodePostgres(t *testing.T) {
	inst := start(t)
	script := filepath.Join(repoRoot(t), "testdata", "node", "client.js")
	out, err := run(t, 120*time.Second, clientEnv(t, inst.ConnString(), inst.Password()), tool(t, "node"), script)
	if err != nil || !strings.Contains(out, "node-postgres ok") {
		t.Fatalf("node: %v\n%s", err, out)
	}
}

// runPython runs a client script from testdata with the system Python
// (where Debian's client packages are importable) against a server with
// the fixture; the script prints "<name> ok" when every check passed.
func runPython(t *testing.T, script, name string) {
	t.Helper()
	inst := start(t)
	out, err := run(t, 120*time.Second, clientEnv(t, inst.ConnString(), inst.Password()), "/usr/bin/python3", filepath.Join("testdata", script))
	if err != nil || !strings.Contains(out, name+" ok") {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

// TestPsycopg runs testdata/psycopg_client.py with Debian's psycopg 3.
func TestPsycopg(t *testing.T) { runPython(t, "psycopg_client.py", "psycopg") }

// TestJDBC runs testdata/JdbcClient.java with the PostgreSQL JDBC driver
// (Debian's libpostgresql-jdbc-java) on Java 17.
func TestJDBC(t *testing.T) {
	inst := start(t)
	env := []string{
		fmt.Sprintf("ENTITYDB_JDBC_URL=jdbc:postgresql://127.0.0.1:%d/entitydb", inst.Port()),
		"ENTITYDB_USER=entitydb",
		"ENTITYDB_PASSWORD=" + inst.Password(),
	}
	out, err := run(t, 180*time.Second, env, tool(t, "java"), "-cp", "/usr/share/java/postgresql.jar", filepath.Join("testdata", "JdbcClient.java"))
	if err != nil || !strings.Contains(out, "jdbc ok") {
		t.Fatalf("jdbc: %v\n%s", err, out)
	}
}

// TestSQLAlchemy runs testdata/sqlalchemy_client.py: psycopg2 (parameters
// interpolated into simple-protocol queries) and SQLAlchemy reflection and
// Core, from Debian's packages.
func TestSQLAlchemy(t *testing.T) { runPython(t, "sqlalchemy_client.py", "sqlalchemy") }
