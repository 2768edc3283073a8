package clienttests

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/entitydb/entitydb/internal/pgcluster"
	"github.com/entitydb/entitydb/internal/pgcluster/pgclustertest"
	"github.com/entitydb/entitydb/server/servertest"
)

var execModes = []pgx.QueryExecMode{
	pgx.QueryExecModeCacheStatement,
	pgx.QueryExecModeCacheDescribe,
	pgx.QueryExecModeDescribeExec,
	pgx.QueryExecModeExec,
	pgx.QueryExecModeSimpleProtocol,
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// TestPgxExecModes runs the same entity workload in every QueryExecMode.
func TestPgxExecModes(t *testing.T) {
	inst := start(t)
	for _, mode := range execModes {
		t.Run(mode.String(), func(t *testing.T) {
			cfg, err := pgx.ParseConfig(inst.ConnString())
			if err != nil {
				t.Fatal(err)
			}
			cfg.DefaultQueryExecMode = mode
			ctx := context.Background()
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			if err := conn.Ping(ctx); err != nil {
				t.Fatalf("ping: %v", err)
			}

			var before int64
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM ct.entities WHERE tags @> $1", []string{"type:task"}).Scan(&before); err != nil {
				t.Fatalf("count: %v", err)
			}
			id := "m-" + mode.String()
			tags := []string{"type:task", "mode:" + mode.String(), "has space", `quote"d`}
			content := []byte{0, 1, 2, 255, '\\'}
			tag, err := conn.Exec(ctx, "INSERT INTO ct.entities (id, tags, content) VALUES ($1, $2, $3)", id, tags, content)
			if err != nil || tag.String() != "INSERT 0 1" {
				t.Fatalf("insert: %q %v", tag, err)
			}
			var after int64
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM ct.entities WHERE tags @> $1", []string{"type:task"}).Scan(&after); err != nil {
				t.Fatal(err)
			}
			if after != before+1 {
				t.Fatalf("count after insert = %d, want %d", after, before+1)
			}

			var gotTags []string
			var gotContent []byte
			var created, updated time.Time
			err = conn.QueryRow(ctx, "SELECT tags, content, created_at, updated_at FROM ct.entities WHERE id = $1", id).
				Scan(&gotTags, &gotContent, &created, &updated)
			if err != nil {
				t.Fatalf("select by id: %v", err)
			}
			if !slices.Equal(gotTags, tags) || !slices.Equal(gotContent, content) {
				t.Fatalf("round trip: tags %q content %v", gotTags, gotContent)
			}
			if time.Since(created) > time.Minute || created.After(time.Now().Add(time.Second)) || updated.Before(created) {
				t.Fatalf("timestamps: created %v updated %v", created, updated)
			}

			rows, err := conn.Query(ctx, "SELECT id FROM ct.entities WHERE tags @> $1 ORDER BY id", []string{"type:task", "status:open"})
			if err != nil {
				t.Fatal(err)
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids, []string{"e1", "e3"}) {
				t.Fatalf("tag query: %v", ids)
			}

			tag, err = conn.Exec(ctx, "UPDATE ct.entities SET tags = $2 WHERE id = $1", id, append(tags, "status:open"))
			if err != nil || tag.String() != "UPDATE 1" {
				t.Fatalf("update: %q %v", tag, err)
			}
			var n int64
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM ct.entities WHERE 'status:open' = ANY(tags) AND id = $1", id).Scan(&n); err != nil || n != 1 {
				t.Fatalf("after update: %d %v", n, err)
			}
			tag, err = conn.Exec(ctx, "DELETE FROM ct.entities WHERE id = $1", id)
			if err != nil || tag.String() != "DELETE 1" {
				t.Fatalf("delete: %q %v", tag, err)
			}

			_, err = conn.Exec(ctx, "SELECT * FROM ct.nosuchtable WHERE id = $1", "x")
			if pgCode(err) != "42P01" {
				t.Fatalf("unknown table: %v, want 42P01", err)
			}
			// The connection stays usable after an error.
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM ct.entities WHERE tags && $1", []string{"type:note"}).Scan(&n); err != nil || n != 2 {
				t.Fatalf("after error: %d %v", n, err)
			}
		})
	}
}

func TestPgxTransactions(t *testing.T) {
	inst := start(t)
	conn := connect(t, inst.ConnString())
	ctx := context.Background()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO ct.entities (id, tags) VALUES ($1, $2)", "tx1", []string{"t:x"}); err != nil {
		t.Fatal(err)
	}
	if conn.PgConn().TxStatus() != 'T' {
		t.Fatalf("tx status %c", conn.PgConn().TxStatus())
	}
	if _, err := tx.Exec(ctx, "SELECT * FROM ct.nosuch"); pgCode(err) != "42P01" {
		t.Fatalf("err = %v", err)
	}
	if conn.PgConn().TxStatus() != 'E' {
		t.Fatalf("tx status %c, want E", conn.PgConn().TxStatus())
	}
	if _, err := tx.Exec(ctx, "SELECT 1"); pgCode(err) != "25P02" {
		t.Fatalf("in failed tx: %v, want 25P02", err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM ct.entities WHERE id = 'tx1'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("rolled-back insert visible: %d %v", n, err)
	}
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO ct.entities (id, tags) VALUES ($1, $2)", "tx2", []string{"t:y"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM ct.entities WHERE tags @> ARRAY['t:y']").Scan(&n); err != nil || n != 1 {
		t.Fatalf("committed insert: %d %v", n, err)
	}
}

func TestPgxSendBatch(t *testing.T) {
	inst := start(t)
	conn := connect(t, inst.ConnString())
	ctx := context.Background()
	b := &pgx.Batch{}
	for i := range 20 {
		b.Queue("INSERT INTO ct.entities (id, tags) VALUES ($1, $2)", fmt.Sprintf("b%02d", i), []string{"batch:yes", fmt.Sprintf("n:%d", i%3)})
	}
	b.Queue("SELECT count(*) FROM ct.entities WHERE tags @> ARRAY['batch:yes']")
	b.Queue("SELECT id FROM ct.entities WHERE tags @> $1 ORDER BY id", []string{"batch:yes", "n:0"})
	br := conn.SendBatch(ctx, b)
	for i := range 20 {
		tag, err := br.Exec()
		if err != nil || tag.String() != "INSERT 0 1" {
			t.Fatalf("insert %d: %q %v", i, tag, err)
		}
	}
	var n int64
	if err := br.QueryRow().Scan(&n); err != nil || n != 20 {
		t.Fatalf("count: %d %v", n, err)
	}
	rows, err := br.Query()
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"b00", "b03", "b06", "b09", "b12", "b15", "b18"}; !slices.Equal(ids, want) {
		t.Fatalf("ids %v, want %v", ids, want)
	}
	if err := br.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestPgxCopy(t *testing.T) {
	inst := start(t)
	conn := connect(t, inst.ConnString())
	ctx := context.Background()
	const n = 2000
	src := pgx.CopyFromSlice(n, func(i int) ([]any, error) {
		return []any{fmt.Sprintf("c%05d", i), []string{"copy:bin", fmt.Sprintf("mod:%d", i%10)}, []byte(fmt.Sprintf("content %d", i))}, nil
	})
	copied, err := conn.CopyFrom(ctx, pgx.Identifier{"ct", "entities"}, []string{"id", "tags", "content"}, src)
	if err != nil || copied != n {
		t.Fatalf("CopyFrom: %d %v", copied, err)
	}
	var count int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM ct.entities WHERE tags @> ARRAY['copy:bin','mod:7']").Scan(&count); err != nil || count != n/10 {
		t.Fatalf("count: %d %v", count, err)
	}
	var content []byte
	if err := conn.QueryRow(ctx, "SELECT content FROM ct.entities WHERE id = 'c01234'").Scan(&content); err != nil || string(content) != "content 1234" {
		t.Fatalf("content: %q %v", content, err)
	}

	// Text and CSV COPY FROM STDIN through the protocol.
	tag, err := conn.PgConn().CopyFrom(ctx, strings.NewReader("t1\t{copy:text,a}\nt2\t{copy:text,\"b c\"}\n"), "COPY ct.entities (id, tags) FROM STDIN")
	if err != nil || tag.String() != "COPY 2" {
		t.Fatalf("text copy: %q %v", tag, err)
	}
	tag, err = conn.PgConn().CopyFrom(ctx, strings.NewReader("v1,\"{copy:csv}\"\nv2,\"{copy:csv,x}\"\n"), "COPY ct.entities (id, tags) FROM STDIN (FORMAT csv)")
	if err != nil || tag.String() != "COPY 2" {
		t.Fatalf("csv copy: %q %v", tag, err)
	}
	var sb strings.Builder
	tag, err = conn.PgConn().CopyTo(ctx, &sb, "COPY (SELECT id, tags FROM ct.entities WHERE tags && ARRAY['copy:text','copy:csv'] ORDER BY id) TO STDOUT")
	if err != nil || tag.String() != "COPY 4" {
		t.Fatalf("copy to: %q %v", tag, err)
	}
	want := "t1\t{copy:text,a}\nt2\t{copy:text,\"b c\"}\nv1\t{copy:csv}\nv2\t{copy:csv,x}\n"
	if sb.String() != want {
		t.Fatalf("copy to stdout:\n%q\nwant\n%q", sb.String(), want)
	}
	sb.Reset()
	if _, err := conn.PgConn().CopyTo(ctx, &sb, "COPY ct.entities (id) TO STDOUT (FORMAT csv)"); err != nil {
		t.Fatal(err)
	}
	if got := len(lines(sb.String())); got != 5+n+4 {
		t.Fatalf("csv copy out: %d lines, want %d", got, 5+n+4)
	}
	// A bad row fails the whole COPY; the connection stays usable.
	_, err = conn.PgConn().CopyFrom(ctx, strings.NewReader("bad1\t{ok}\nbad2\tnot-an-array\n"), "COPY ct.entities (id, tags) FROM STDIN")
	if err == nil {
		t.Fatal("bad COPY data accepted")
	}
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM ct.entities WHERE id = 'bad1'").Scan(&count); err != nil || count != 0 {
		t.Fatalf("partial COPY visible: %d %v", count, err)
	}
}

// TestPgxCancel cancels a running statement through CancelRequest.
func TestPgxCancel(t *testing.T) {
	inst := servertest.Start(t)
	cfg, err := pgx.ParseConfig(inst.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, DeadlineDelay: 10 * time.Second}
	}
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = conn.Exec(ctx, longQuery)
	if pgCode(err) != "57014" {
		t.Fatalf("err = %v, want 57014", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("cancel took %v", d)
	}
	var n int32
	if err := conn.QueryRow(context.Background(), "SELECT 7").Scan(&n); err != nil || n != 7 {
		t.Fatalf("after cancel: %d %v", n, err)
	}
}

func TestPgxConnectErrors(t *testing.T) {
	inst := servertest.Start(t)
	ctx := context.Background()
	cs := inst.ConnString()
	cases := map[string]struct{ connString, code string }{
		"wrong password":   {strings.Replace(cs, inst.Password(), "wrong", 1), "28P01"},
		"unknown database": {strings.Replace(cs, "/entitydb?", "/nosuchdb?", 1), "3D000"},
		"unknown role":     {strings.Replace(cs, "entitydb:", "nobody:", 1), "28000"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			conn, err := pgx.Connect(ctx, tc.connString)
			if err == nil {
				conn.Close(ctx)
				t.Fatal("connected")
			}
			var pe *pgconn.PgError
			if !errors.As(err, &pe) || pe.Code != tc.code || pe.Severity != "FATAL" {
				t.Fatalf("err = %v, want FATAL %s", err, tc.code)
			}
		})
	}
}

// typeCases are expressions of every type entitydb returns, with edge
// values; their binary (and text) decodings are compared with
// PostgreSQL 15's.
var typeCases = []struct{ name, expr string }{
	{"int2", "(-32768)::int2, 0::int2, 32767::int2"},
	{"int4", "(-2147483648)::int4, 2147483647::int4"},
	{"int8", "(-9223372036854775808)::int8, 9223372036854775807::int8"},
	{"float4", "1.5::float4, 'NaN'::float4, '-Infinity'::float4, 3.4028235e38::float4"},
	{"float8", "0.1::float8, 1e308::float8, '-0'::float8, 'Infinity'::float8"},
	{"numeric", "0::numeric, 12.345::numeric, (-0.0001)::numeric, 123456789012345678901234567890.123456789::numeric, 'NaN'::numeric, 1e-20::numeric"},
	{"bool", "true, false"},
	{"text", "''::text, 'héllo ✓'::text, 'tab\there'::text"},
	{"varchar", "'abc'::varchar"},
	{"bytea", "'\\x'::bytea, '\\x00ff10'::bytea"},
	{"timestamptz", "'2024-02-29 13:14:15.123456+00'::timestamptz, '1999-12-31 23:59:59+05'::timestamptz, 'infinity'::timestamptz"},
	{"timestamp", "'2024-02-29 13:14:15.5'::timestamp, '0001-01-01 00:00:00'::timestamp"},
	{"date", "'2024-02-29'::date, '1970-01-01'::date, 'infinity'::date"},
	{"interval", "'1 year 2 mons 3 days 04:05:06.789'::interval, '-1 day'::interval"},
	{"uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid"},
	{"oid", "26::oid, 4294967295::oid"},
	{"text[]", "ARRAY['a', 'b,c', NULL, '', 'q\"uote']::text[], '{}'::text[]"},
	{"int4[]", "ARRAY[1, NULL, 3]::int4[]"},
	{"int8[]", "ARRAY[1, 2]::int8[]"},
	{"jsonb", `'{"b": [1, 2.5, "x"], "a": null}'::jsonb`},
	{"null", "NULL::text, NULL::int4"},
}

// TestPgxTypedScans compares pgx's decoding of every type, in binary
// (cache_statement) and text (simple protocol), with PostgreSQL 15's.
func TestPgxTypedScans(t *testing.T) {
	inst := servertest.Start(t)
	pg := pgclustertest.Start(t, pgcluster.Options{})
	ctx := context.Background()
	ours := connect(t, inst.ConnString())
	theirs := connect(t, pg.ConnString())
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		for _, tc := range typeCases {
			t.Run(mode.String()+"/"+tc.name, func(t *testing.T) {
				q := "SELECT " + tc.expr
				got, gotFields, err := values(ctx, ours, mode, q)
				if err != nil {
					t.Fatalf("entitydb: %v", err)
				}
				want, wantFields, err := values(ctx, theirs, mode, q)
				if err != nil {
					t.Fatalf("postgres: %v", err)
				}
				for i := range wantFields {
					if i >= len(gotFields) || gotFields[i].DataTypeOID != wantFields[i].DataTypeOID || gotFields[i].Format != wantFields[i].Format {
						t.Fatalf("column %d: got %+v, want %+v", i, gotFields, wantFields)
					}
				}
				if !sameValues(got, want) {
					t.Fatalf("values differ\n got  %#v\n want %#v", got, want)
				}
			})
		}
	}
	// Binary parameters: pgx encodes each from the OID the server infers.
	params := []struct {
		cast string
		arg  any
	}{
		{"int2", int16(-7)}, {"int4", int32(1 << 30)}, {"int8", int64(-1 << 40)},
		{"float4", float32(2.5)}, {"float8", 3.25}, {"bool", true}, {"text", "ünï"},
		{"bytea", []byte{0, 1, 2}}, {"timestamptz", time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC)},
		{"date", pgtype.Date{Time: time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC), Valid: true}},
		{"uuid", [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
		{"text[]", []string{"a", "b c"}}, {"numeric", pgtype.Numeric{Int: bigInt(12345), Exp: -2, Valid: true}},
		{"interval", pgtype.Interval{Months: 1, Days: 2, Microseconds: 3, Valid: true}},
	}
	for _, p := range params {
		t.Run("param/"+p.cast, func(t *testing.T) {
			q := "SELECT $1::" + p.cast
			got, _, err := values(ctx, ours, pgx.QueryExecModeCacheStatement, q, p.arg)
			if err != nil {
				t.Fatalf("entitydb: %v", err)
			}
			want, _, err := values(ctx, theirs, pgx.QueryExecModeCacheStatement, q, p.arg)
			if err != nil {
				t.Fatalf("postgres: %v", err)
			}
			if !sameValues(got, want) {
				t.Fatalf("got %#v, want %#v", got, want)
			}
		})
	}
}

// sameValues compares decoded values by their Go syntax, so that NaN
// equals NaN and pointers inside big numbers compare by value.
func sameValues(a, b []any) bool {
	return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
}

func values(ctx context.Context, conn *pgx.Conn, mode pgx.QueryExecMode, q string, args ...any) ([]any, []pgconn.FieldDescription, error) {
	rows, err := conn.Query(ctx, q, append([]any{mode}, args...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var vals []any
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			return nil, nil, err
		}
		vals = append(vals, v...)
	}
	fields := slices.Clone(rows.FieldDescriptions())
	for i := range fields {
		fields[i].Name = "" // names of unnamed expressions are not compared here
	}
	return vals, fields, rows.Err()
}

func bigInt(n int64) *big.Int { return big.NewInt(n) }
