package planner

import (
	"fmt"
	"slices"
	"testing"

	"github.com/entitydb/entitydb/pgerr"
)

func TestScanShape(t *testing.T) {
	cases := []struct {
		sql    string
		masked string
		lits   []string
	}{
		{`SELECT * FROM a.entities WHERE id = 'e1'`, `SELECT * FROM a.entities WHERE id = $1`, []string{"e1"}},
		{`SELECT 1 FROM t WHERE x IN ('a''b', 'c') AND "we'ird" = 'd'`, `SELECT 1 FROM t WHERE x IN ($1, $2) AND "we'ird" = $3`, []string{"a'b", "c", "d"}},
		{`SELECT "a""'" FROM t WHERE y='z'`, `SELECT "a""'" FROM t WHERE y=$1`, []string{"z"}},
		{`SELECT 1 FROM t WHERE x = ''`, `SELECT 1 FROM t WHERE x = $1`, []string{""}},
	}
	for _, c := range cases {
		masked, lits, _, ok := scanShape(c.sql)
		if !ok || masked != c.masked || !slices.Equal(lits, c.lits) {
			t.Errorf("scanShape(%q) = %q %q %v, want %q %q", c.sql, masked, lits, ok, c.masked, c.lits)
		}
	}
	for _, sql := range []string{
		`SELECT 1`,                         // no literal: the text caches serve it
		`SELECT 1 FROM t WHERE x = E'a\n'`, // prefixed string
		`SELECT 1 FROM t WHERE x = U&'a'`,  // prefixed string
		`SELECT 1 FROM t WHERE x = $$a$$`,  // dollar quote
		`SELECT 'a'; SELECT 'b'`,           // several statements
		`SELECT 'a' -- c`,                  // comment
		`SELECT /* c */ 'a'`,               // comment
		`SELECT 'a`,                        // unterminated
		`SELECT 1 FROM t WHERE x = $1 OR 'a' = x`,
	} {
		if _, _, _, ok := scanShape(sql); ok {
			t.Errorf("scanShape(%q) accepted", sql)
		}
	}
}

// TestShapeCache: statements that differ only in literals compared with
// columns run from one plan and give what the normal path gives; other
// literals are never shared; a literal that does not convert reports the
// error the normal path reports.
func TestShapeCache(t *testing.T) {
	env := newTestEnv(t)
	ts := env.session()
	ts.exec("CREATE SCHEMA sh")
	for i := range 20 {
		ts.exec(fmt.Sprintf("INSERT INTO sh.entities (id, tags, created_at) VALUES ('e%02d', ARRAY['k:%d', 'status:s%d'], '2024-01-%02d')", i, i, i%3, i+1))
	}
	off := env.session()
	off.exec("SET entitydb.shape_cache = off")

	hits := func() int64 { return env.eng.shapeHits.Load() }
	shared := []string{
		"SELECT id FROM sh.entities WHERE id = '%s'",
		"SELECT id, tags FROM sh.entities WHERE tags @> ARRAY['%s'] ORDER BY id",
		"SELECT count(*) FROM sh.entities WHERE '%s' = ANY(tags)",
		"SELECT id FROM sh.entities WHERE id IN ('%s', 'e03') ORDER BY id",
		"SELECT count(*) FROM sh.entities WHERE has_tag_like(tags, '%s')",
		"SELECT id FROM sh.entities WHERE id LIKE '%s' ORDER BY id",
	}
	vals := []string{"e01", "k:1", "status:s2", "e1%", "k:%", "e05", "nothing"}
	for _, q := range shared {
		before := hits()
		for _, v := range vals {
			sql := fmt.Sprintf(q, v)
			got, want := ts.query(sql), off.query(sql)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: shape cache %v, normal path %v", sql, got, want)
			}
		}
		if n := hits() - before; n != int64(len(vals)-1) {
			t.Errorf("%s: %d statements ran from the shape, want %d", q, n, len(vals)-1)
		}
	}

	notShared := []string{
		"SELECT '%s' FROM sh.entities WHERE id = 'e01'",                                // select-list constant
		"SELECT id FROM sh.entities WHERE id = '%s'::text",                             // cast
		"SELECT id FROM sh.entities WHERE id = lower('%s')",                            // function argument
		"SELECT id FROM sh.entities WHERE tags @> '{k:1}' OR id = 'x' OR '%s' = 'e01'", // constant against constant
		"SELECT id FROM sh.entities WHERE id = DATE '2024-01-01'::text || '%s'",
		"SELECT id FROM sh.entities WHERE id || '%s' = 'e01x'", // not a comparison
	}
	for _, q := range notShared {
		before := hits()
		for _, v := range vals {
			ts.query(fmt.Sprintf(q, v))
		}
		if n := hits() - before; n != 0 {
			t.Errorf("%s: %d statements ran from a shape, want 0", q, n)
		}
	}

	// Errors: a literal that does not convert takes the normal path, with
	// its position; constant folding errors stay plan-time errors.
	ts.query("SELECT id FROM sh.entities WHERE created_at > '2024-01-05' ORDER BY id")
	before := hits()
	e := ts.expectCode("SELECT id FROM sh.entities WHERE created_at > 'garbage' ORDER BY id", pgerr.InvalidDatetimeFormat)
	if e.Position != 47 {
		t.Errorf("error position %d, want 47", e.Position)
	}
	if hits() != before {
		t.Errorf("a failing literal ran from the shape")
	}
	ts.exec("CREATE SCHEMA empty")
	ts.expectCode("SELECT id FROM empty.entities WHERE id = 'a' OR created_at = 'abc'::int::text::timestamptz", pgerr.InvalidTextRepresentation)
	ts.expectCode("SELECT id FROM empty.entities WHERE id = 'b' OR created_at = 'abc'::int::text::timestamptz", pgerr.InvalidTextRepresentation)
	ts.expectCode("SELECT id FROM sh.entities ORDER BY 'x'", pgerr.SyntaxError)

	// a failed transaction refuses shaped statements too
	ts.exec("BEGIN")
	ts.expectCode("SELECT 1/0", pgerr.DivisionByZero)
	ts.expectCode("SELECT id FROM sh.entities WHERE id = 'e07'", pgerr.InFailedSqlTransaction)
	ts.exec("ROLLBACK")
	ts.expectOne("SELECT id FROM sh.entities WHERE id = 'e07'", "e07")
}
