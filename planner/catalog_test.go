package planner

import "testing"

// Catalog queries that clients send (psql, postgres_fdw) must run and see
// the namespaces.
func TestCatalogQueries(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA tasks")
	// psql \dn
	got := fmtRows(ts.query(`SELECT n.nspname AS "Name", pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner" FROM pg_catalog.pg_namespace n WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ORDER BY 1`))
	if got != "public|entitydb\ntasks|entitydb\n" {
		t.Fatalf("\\dn:\n%s", got)
	}
	// postgres_fdw IMPORT FOREIGN SCHEMA
	got = fmtRows(ts.query(`SELECT relname, attname, format_type(atttypid, atttypmod), attnotnull, pg_get_expr(adbin, adrelid), attgenerated, collname, collnsp.nspname FROM pg_class c JOIN pg_namespace n ON relnamespace = n.oid LEFT JOIN pg_attribute a ON attrelid = c.oid AND attnum > 0 AND NOT attisdropped LEFT JOIN pg_attrdef ad ON adrelid = c.oid AND adnum = attnum LEFT JOIN pg_collation coll ON coll.oid = attcollation LEFT JOIN pg_namespace collnsp ON collnsp.oid = collnamespace WHERE c.relkind IN ('r','v','f','m','p') AND n.nspname = 'tasks' AND NOT c.relispartition ORDER BY c.relname, a.attnum`))
	want := "entities|id|text|t|replace((gen_random_uuid())::text, '-'::text, ''::text)||default|pg_catalog\n" +
		"entities|tags|text[]|t|NULL||default|pg_catalog\n" +
		"entities|content|bytea|f|NULL||NULL|NULL\n" +
		"entities|created_at|timestamp with time zone|t|now()||NULL|NULL\n" +
		"entities|updated_at|timestamp with time zone|t|now()||NULL|NULL\n"
	if got != want {
		t.Fatalf("import:\n%s\nwant\n%s", got, want)
	}
	ts.expectOne("SELECT 'tasks.entities'::regclass::text", "tasks.entities")
	ts.expectOne("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'tasks'", "5")
	ts.expectOne("SELECT pg_relation_size('tasks.entities'::regclass) > 0", "t")
}
