package clienttests

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/lib/pq"
)

func openPQ(t *testing.T, connString string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", connString)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestLibPQ(t *testing.T) {
	inst := start(t)
	db := openPQ(t, inst.ConnString())
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}

	t.Run("query", func(t *testing.T) {
		rows, err := db.QueryContext(ctx, "SELECT id, tags, content FROM ct.entities WHERE tags @> $1 ORDER BY id", pq.Array([]string{"type:task"}))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			var id string
			var tags []string
			var content []byte
			if err := rows.Scan(&id, pq.Array(&tags), &content); err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(tags, "type:task") {
				t.Fatalf("%s: tags %v", id, tags)
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids, []string{"e1", "e2", "e3"}) {
			t.Fatalf("ids %v", ids)
		}
		var content []byte
		if err := db.QueryRowContext(ctx, "SELECT content FROM ct.entities WHERE id = 'e3'").Scan(&content); err != nil || content != nil {
			t.Fatalf("NULL content: %v %v", content, err)
		}
	})

	t.Run("exec", func(t *testing.T) {
		res, err := db.ExecContext(ctx, "INSERT INTO ct.entities (id, tags, content) VALUES ($1, $2, $3)", "pq1", pq.Array([]string{"via:pq"}), []byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("rows affected %d", n)
		}
		res, err = db.ExecContext(ctx, "UPDATE ct.entities SET content = $1 WHERE tags @> ARRAY['via:pq']", []byte("y"))
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("update rows affected %d", n)
		}
	})

	t.Run("prepare", func(t *testing.T) {
		stmt, err := db.PrepareContext(ctx, "SELECT count(*) FROM ct.entities WHERE tags @> ARRAY[$1::text]")
		if err != nil {
			t.Fatal(err)
		}
		defer stmt.Close()
		for tag, want := range map[string]int{"type:task": 3, "type:note": 2, "status:open": 3, "none": 0} {
			var n int
			if err := stmt.QueryRowContext(ctx, tag).Scan(&n); err != nil || n != want {
				t.Fatalf("%s: %d %v, want %d", tag, n, err, want)
			}
		}
	})

	t.Run("transactions", func(t *testing.T) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO ct.entities (id, tags) VALUES ('pqtx', '{tx:1}')"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM ct.entities WHERE id = 'pqtx'").Scan(&n); err != nil || n != 0 {
			t.Fatalf("after rollback: %d %v", n, err)
		}
		tx, err = db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO ct.entities (id, tags) VALUES ('pqtx', '{tx:1}')"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM ct.entities WHERE id = 'pqtx'").Scan(&n); err != nil || n != 1 {
			t.Fatalf("after commit: %d %v", n, err)
		}
	})

	t.Run("copy in", func(t *testing.T) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		stmt, err := tx.PrepareContext(ctx, pq.CopyInSchema("ct", "entities", "id", "tags", "content"))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 100 {
			if _, err := stmt.ExecContext(ctx, fmt.Sprintf("pqc%03d", i), pq.Array([]string{"via:copyin", fmt.Sprintf("i:%d", i)}), []byte{byte(i), '\t', '\n'}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := stmt.ExecContext(ctx); err != nil {
			t.Fatal(err)
		}
		if err := stmt.Close(); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM ct.entities WHERE tags @> ARRAY['via:copyin']").Scan(&n); err != nil || n != 100 {
			t.Fatalf("copied rows: %d %v", n, err)
		}
		var content []byte
		if err := db.QueryRowContext(ctx, "SELECT content FROM ct.entities WHERE id = 'pqc042'").Scan(&content); err != nil || !slices.Equal(content, []byte{42, '\t', '\n'}) {
			t.Fatalf("copied content: %v %v", content, err)
		}
	})

	t.Run("errors", func(t *testing.T) {
		_, err := db.ExecContext(ctx, "SELEC 1")
		var pe *pq.Error
		if !errors.As(err, &pe) || pe.Code != "42601" || pe.Position == "" {
			t.Fatalf("syntax error: %#v", err)
		}
		bad := openPQ(t, "postgres://entitydb:wrong@"+inst.Addr()+"/entitydb?sslmode=disable")
		err = bad.PingContext(ctx)
		if !errors.As(err, &pe) || pe.Code != "28P01" {
			t.Fatalf("wrong password: %v", err)
		}
	})
}
