package types

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entitydb/entitydb/internal/pgcluster"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/jackc/pgx/v5/pgconn"
)

// The oracle is a throwaway PostgreSQL 15 cluster shared by the
// differential tests of this package (started on first use, stopped by
// TestMain).

var oracle struct {
	once    sync.Once
	cluster *pgcluster.Cluster
	conn    *pgconn.PgConn
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if oracle.conn != nil {
		oracle.conn.Close(context.Background())
	}
	if oracle.cluster != nil {
		_ = oracle.cluster.Stop()
	}
	os.Exit(code)
}

// oracleConn returns a connection to the shared PostgreSQL cluster,
// failing the test when PostgreSQL cannot be started.
func oracleConn(t testing.TB) *pgconn.PgConn {
	t.Helper()
	oracle.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		oracle.cluster, oracle.err = pgcluster.Start(ctx, pgcluster.Options{Settings: map[string]string{
			"timezone": "UTC", "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
		}})
		if oracle.err != nil {
			return
		}
		oracle.conn, oracle.err = pgconn.Connect(ctx, oracle.cluster.ConnString())
		if oracle.err != nil {
			return
		}
		for _, q := range []string{
			`SET extra_float_digits = 1`,
			`CREATE FUNCTION has_tag_like(tags text[], pattern text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE pattern) $$`,
			`CREATE FUNCTION tag_value(tags text[], key text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT substr(t, length(key) + 2) FROM unnest(tags) WITH ORDINALITY u(t, n) WHERE left(t, length(key) + 1) = key || ':' ORDER BY n LIMIT 1 $$`,
		} {
			if _, oracle.err = oracle.conn.Exec(ctx, q).ReadAll(); oracle.err != nil {
				return
			}
		}
	})
	if oracle.err != nil {
		t.Fatalf("PostgreSQL oracle: %v", oracle.err)
	}
	return oracle.conn
}

// pgResult is what PostgreSQL answered for one single-column query.
type pgResult struct {
	typ  OID
	rows []*string // text values (nil = NULL)
	bin  [][]byte  // binary values when requested
	code pgerr.Code
	msg  string
}

func (r pgResult) String() string {
	if r.code != "" {
		return fmt.Sprintf("ERROR %s: %s", r.code, r.msg)
	}
	var parts []string
	for _, v := range r.rows {
		if v == nil {
			parts = append(parts, "NULL")
		} else {
			parts = append(parts, strconv.Quote(*v))
		}
	}
	return fmt.Sprintf("%s %s", TypeName(r.typ), strings.Join(parts, ","))
}

// pgQuery runs sql on the oracle (extended protocol, so exactly one
// statement) and returns the first column.
func pgQuery(t testing.TB, sql string, binary bool) pgResult {
	t.Helper()
	conn := oracleConn(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	formats := []int16{0}
	if binary {
		formats = []int16{1}
	}
	rr := conn.ExecParams(ctx, sql, nil, nil, nil, formats)
	var res pgResult
	for rr.NextRow() {
		if len(rr.FieldDescriptions()) == 0 {
			continue
		}
		res.typ = OID(rr.FieldDescriptions()[0].DataTypeOID)
		v := rr.Values()[0]
		if binary {
			if v == nil {
				res.bin = append(res.bin, nil)
			} else {
				res.bin = append(res.bin, append([]byte{}, v...))
			}
			continue
		}
		if v == nil {
			res.rows = append(res.rows, nil)
		} else {
			s := string(v)
			res.rows = append(res.rows, &s)
		}
	}
	if fd := rr.FieldDescriptions(); len(fd) > 0 {
		res.typ = OID(fd[0].DataTypeOID)
	}
	_, err := rr.Close()
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			res.code, res.msg = pgerr.Code(pe.Code), pe.Message
			return res
		}
		t.Fatalf("oracle %q: %v", sql, err)
	}
	return res
}

// pgExec runs a statement (SET ...) on the oracle.
func pgExec(t testing.TB, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := oracleConn(t).Exec(ctx, sql).ReadAll(); err != nil {
		t.Fatalf("oracle %q: %v", sql, err)
	}
}
