package planner

// pg_catalog and information_schema: the catalog relations clients read
// to discover namespaces and the entities table (psql's \dn and \dt,
// postgres_fdw's IMPORT FOREIGN SCHEMA, JDBC metadata, BI tools). They are
// virtual tables computed from the namespace registry when scanned; the
// executor treats them like any relation (joins, filters, sorts).
//
// Only the relations and columns clients are known to use are provided.
// Column types follow PostgreSQL's, except aclitem[] (text[] here) and the
// information_schema domains (their base types).

import (
	"sort"
	"strconv"
	"strings"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// Well-known OIDs.
const (
	oidPgCatalog         = 11
	oidPublic            = 2200
	oidInformationSchema = 13000
	oidOwner             = 10 // the bootstrap superuser's OID
	oidDatabase          = 16384
	oidDefaultCollation  = 100
	oidCCollation        = 950
	oidBtreeAM           = 403
	oidGinAM             = 2742
	oidHeapAM            = 2
)

// ctab declares a catalog table: "name type, name type, ...".
func ctab(schema, name string, oid uint32, spec string, rows func(ec *execCtx) ([][]Datum, error)) *virtualTable {
	var cols []colInfo
	for i, part := range strings.Split(spec, ",") {
		f := strings.Fields(strings.TrimSpace(part))
		var t types.Type
		switch tn := strings.Join(f[1:], " "); tn {
		// information_schema's domains, as clients see them: their base
		// types (yes_or_no is varchar(3))
		case "character_data":
			t = types.Of(types.VarcharOID)
		case "yes_or_no":
			t = types.Type{OID: types.VarcharOID, Typmod: 3 + 4}
		default:
			var err error
			if t, err = typeByName(tn); err != nil {
				panic("catalog " + name + ": " + err.Error())
			}
		}
		cols = append(cols, colInfo{name: f[0], typ: t, tableOID: oid, attnum: int16(i + 1)})
	}
	return &virtualTable{schema: schema, name: name, cols: cols, rows: rows, fixedOID: oid}
}

// catalogTables are the virtual relations by schema and name.
var catalogTables = map[string]map[string]*virtualTable{}

func regCatalog(t *virtualTable) {
	if catalogTables[t.schema] == nil {
		catalogTables[t.schema] = map[string]*virtualTable{}
	}
	catalogTables[t.schema][t.name] = t
}

// namespaces returns the schemas a session sees, with their OIDs.
func (ec *execCtx) namespaces() []namespace.Info {
	infos := ec.sess.engine.reg.List()
	out := infos[:0:0]
	for _, i := range infos {
		if ec.sess.schemaVisible(i.Name) {
			out = append(out, i)
		}
	}
	return out
}

func nsOID(name string) int64 {
	switch name {
	case "pg_catalog":
		return oidPgCatalog
	case "information_schema":
		return oidInformationSchema
	}
	return int64(schemaOID(name))
}

// entity table objects: the table, its primary key index, its GIN index.
func entitiesObjects(ns string) (table, pkey, gin int64) {
	return int64(relOID(ns, "entities")), int64(relOID(ns, "entities_pkey")), int64(relOID(ns, "entities_tags_idx"))
}

var entityDefaults = map[int]string{
	colID:        "replace((gen_random_uuid())::text, '-'::text, ''::text)",
	colCreatedAt: "now()",
	colUpdatedAt: "now()",
}

func textArray(ss ...string) *types.Array {
	elems := make([]Datum, len(ss))
	for i, s := range ss {
		elems[i] = s
	}
	return types.NewArray1(types.TextOID, elems)
}

func init() {
	regCatalog(ctab("pg_catalog", "pg_namespace", 2615, "oid oid, nspname name, nspowner oid, nspacl text[]", func(ec *execCtx) ([][]Datum, error) {
		rows := [][]Datum{
			{int64(oidPgCatalog), "pg_catalog", int64(oidOwner), nil},
			{int64(oidInformationSchema), "information_schema", int64(oidOwner), nil},
		}
		for _, i := range ec.namespaces() {
			rows = append(rows, []Datum{nsOID(i.Name), i.Name, int64(oidOwner), nil})
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_class", 1259, "oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid, relam oid, relfilenode oid, reltablespace oid, relpages int4, reltuples float4, relallvisible int4, reltoastrelid oid, relhasindex bool, relisshared bool, relpersistence \"char\", relkind \"char\", relnatts int2, relchecks int2, relhasrules bool, relhastriggers bool, relhassubclass bool, relrowsecurity bool, relforcerowsecurity bool, relispopulated bool, relreplident \"char\", relispartition bool, relrewrite oid, relfrozenxid xid, relminmxid xid, relacl text[], reloptions text[], relpartbound text", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		rel := func(oid int64, name string, nsp int64, am int64, kind string, natts int64, tuples float64, hasIndex bool) {
			rows = append(rows, []Datum{oid, name, nsp, int64(0), int64(0), int64(oidOwner), am, oid, int64(0), int64(max(1, int(tuples)/50)), tuples, int64(0), int64(0),
				hasIndex, false, "p", kind, natts, int64(0), false, false, false, false, false, true, "d", false, int64(0), int64(0), int64(0), nil, nil, nil})
		}
		for _, schema := range []string{"pg_catalog", "information_schema"} {
			names := make([]string, 0, len(catalogTables[schema]))
			for n := range catalogTables[schema] {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				t := catalogTables[schema][n]
				kind := "r"
				if schema == "information_schema" || strings.HasPrefix(n, "pg_roles") || n == "pg_settings" || n == "pg_tables" || n == "pg_views" {
					kind = "v"
				}
				rel(int64(t.oid()), n, nsOID(schema), oidHeapAM, kind, int64(len(t.cols)), 0, false)
			}
		}
		for _, i := range ec.namespaces() {
			tbl, pk, gin := entitiesObjects(i.Name)
			n := ec.sess.engine.entityCount(ec, i.Name)
			rel(tbl, "entities", nsOID(i.Name), oidHeapAM, "r", 5, float64(n), true)
			rel(pk, "entities_pkey", nsOID(i.Name), oidBtreeAM, "i", 1, float64(n), false)
			rel(gin, "entities_tags_idx", nsOID(i.Name), oidGinAM, "i", 1, float64(n), false)
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_attribute", 1249, "attrelid oid, attname name, atttypid oid, attstattarget int4, attlen int2, attnum int2, attndims int4, attcacheoff int4, atttypmod int4, attbyval bool, attalign \"char\", attstorage \"char\", attcompression \"char\", attnotnull bool, atthasdef bool, atthasmissing bool, attidentity \"char\", attgenerated \"char\", attisdropped bool, attislocal bool, attinhcount int4, attcollation oid, attacl text[], attoptions text[], attfdwoptions text[]", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		att := func(rel int64, name string, t types.OID, num int64, notNull, hasDef bool) {
			l := int64(-1)
			if i := types.Lookup(t); i != nil {
				l = int64(i.Len)
			}
			coll := int64(0)
			if t == types.TextOID || t == types.TextArrayOID || t == types.NameOID {
				coll = oidDefaultCollation
				if t == types.NameOID {
					coll = oidCCollation
				}
			}
			ndims := int64(0)
			if isArrayType(t) {
				ndims = 1
			}
			storage := "x"
			if l > 0 {
				storage = "p"
			}
			rows = append(rows, []Datum{rel, name, int64(t), int64(-1), l, num, ndims, int64(-1), int64(-1), l > 0 && l <= 8, "i", storage, "", notNull, hasDef, false, "", "", false, true, int64(0), coll, nil, nil, nil})
		}
		for _, schema := range []string{"pg_catalog", "information_schema"} {
			for _, t := range catalogTables[schema] {
				for i, c := range t.cols {
					att(int64(t.oid()), c.name, c.typ.OID, int64(i+1), false, false)
				}
			}
		}
		for _, i := range ec.namespaces() {
			tbl, pk, gin := entitiesObjects(i.Name)
			cols := newEntitiesTable(i.Name).cols
			for k := 0; k < 5; k++ {
				_, hasDef := entityDefaults[k]
				att(tbl, cols[k].name, cols[k].typ.OID, int64(k+1), k != colContent, hasDef)
			}
			att(tbl, "ctid", types.TIDOID, -1, true, false)
			att(pk, "id", types.TextOID, 1, false, false)
			att(gin, "tags", types.TextArrayOID, 1, false, false)
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_attrdef", 2604, "oid oid, adrelid oid, adnum int2, adbin text", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, i := range ec.namespaces() {
			tbl, _, _ := entitiesObjects(i.Name)
			for _, k := range []int{colID, colCreatedAt, colUpdatedAt} {
				rows = append(rows, []Datum{tbl + int64(k) + 1000, tbl, int64(k + 1), entityDefaults[k]})
			}
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_collation", 3456, "oid oid, collname name, collnamespace oid, collowner oid, collprovider \"char\", collisdeterministic bool, collencoding int4, collcollate text, collctype text, colliculocale text, collversion text", func(*execCtx) ([][]Datum, error) {
		return [][]Datum{
			{int64(oidDefaultCollation), "default", int64(oidPgCatalog), int64(oidOwner), "d", true, int64(-1), nil, nil, nil, nil},
			{int64(oidCCollation), "C", int64(oidPgCatalog), int64(oidOwner), "c", true, int64(-1), "C", "C", nil, nil},
			{int64(951), "POSIX", int64(oidPgCatalog), int64(oidOwner), "c", true, int64(-1), "POSIX", "POSIX", nil, nil},
		}, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_type", 1247, "oid oid, typname name, typnamespace oid, typowner oid, typlen int2, typbyval bool, typtype \"char\", typcategory \"char\", typispreferred bool, typisdefined bool, typdelim \"char\", typrelid oid, typelem oid, typarray oid, typinput regproc, typoutput regproc, typreceive regproc, typsend regproc, typalign \"char\", typstorage \"char\", typnotnull bool, typbasetype oid, typtypmod int4, typndims int4, typcollation oid, typdefault text, typacl text[]", func(*execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for oid := types.OID(1); oid < 6000; oid++ {
			i := types.Lookup(oid)
			if i == nil {
				continue
			}
			typtype := "b"
			if i.Category == 'P' {
				typtype = "p"
			}
			coll := int64(0)
			switch oid {
			case types.TextOID, types.VarcharOID, types.BPCharOID, types.TextArrayOID, types.VarcharArrayOID, types.BPCharArrayOID:
				coll = oidDefaultCollation
			case types.NameOID, types.NameArrayOID:
				coll = oidCCollation
			}
			rows = append(rows, []Datum{int64(oid), i.Name, int64(oidPgCatalog), int64(oidOwner), int64(i.Len), i.Len > 0 && i.Len <= 8, typtype, string(i.Category), i.Preferred, true, ",", int64(0), int64(i.Elem), int64(i.Array),
				int64(0), int64(0), int64(0), int64(0), "i", "x", false, int64(0), int64(-1), int64(0), coll, nil, nil})
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_database", 1262, "oid oid, datname name, datdba oid, encoding int4, datlocprovider \"char\", datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid xid, datminmxid xid, dattablespace oid, datcollate text, datctype text, daticulocale text, datcollversion text, datacl text[]", func(*execCtx) ([][]Datum, error) {
		return [][]Datum{{int64(oidDatabase), DatabaseName, int64(oidOwner), int64(6), "c", false, true, int64(-1), int64(0), int64(0), int64(1663), "C", "C", nil, nil, nil}}, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_roles", 12000, "rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz, rolbypassrls bool, rolconfig text[], oid oid", func(ec *execCtx) ([][]Datum, error) {
		return [][]Datum{{ec.sess.user, ec.sess.user == "entitydb", true, true, true, true, false, int64(-1), "********", nil, false, nil, int64(oidOwner)}}, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_settings", 12001, "name text, setting text, unit text, category text, short_desc text, extra_desc text, context text, vartype text, source text, min_val text, max_val text, enumvals text[], boot_val text, reset_val text, sourcefile text, sourceline int4, pending_restart bool", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, n := range sortedGUCNames() {
			d := gucDefs[n]
			ctx := "user"
			if d.ctx == gucInternal {
				ctx = "internal"
			}
			rows = append(rows, []Datum{d.name, ec.sess.showValue(n), nil, "", d.desc, nil, ctx, "string", "default", nil, nil, nil, d.def, d.def, nil, nil, false})
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_index", 2610, "indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool, indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, indimmediate bool, indisclustered bool, indisvalid bool, indcheckxmin bool, indisready bool, indislive bool, indisreplident bool, indkey int2vector, indcollation oidvector, indclass oidvector, indoption int2vector, indexprs text, indpred text", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, i := range ec.namespaces() {
			tbl, pk, gin := entitiesObjects(i.Name)
			i2 := func(v int64) *types.Array { return types.NewVector(types.Int2VectorOID, []Datum{v}) }
			oids := func(v int64) *types.Array { return types.NewVector(types.OidVectorOID, []Datum{v}) }
			rows = append(rows,
				[]Datum{pk, tbl, int64(1), int64(1), true, false, true, false, true, false, true, false, true, true, false, i2(1), oids(oidDefaultCollation), oids(3126), i2(0), nil, nil},
				[]Datum{gin, tbl, int64(1), int64(1), false, false, false, false, true, false, true, false, true, true, false, i2(2), oids(0), oids(2745), i2(0), nil, nil})
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_am", 2601, "oid oid, amname name, amhandler regproc, amtype \"char\"", func(*execCtx) ([][]Datum, error) {
		return [][]Datum{{int64(oidHeapAM), "heap", int64(0), "t"}, {int64(oidBtreeAM), "btree", int64(0), "i"}, {int64(oidGinAM), "gin", int64(0), "i"}}, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_constraint", 2606, "oid oid, conname name, connamespace oid, contype \"char\", condeferrable bool, condeferred bool, convalidated bool, conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid, confupdtype \"char\", confdeltype \"char\", confmatchtype \"char\", conislocal bool, coninhcount int4, connoinherit bool, conkey int2[], confkey int2[], conbin text", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, i := range ec.namespaces() {
			tbl, pk, _ := entitiesObjects(i.Name)
			rows = append(rows, []Datum{pk + 7, "entities_pkey", nsOID(i.Name), "p", false, false, true, tbl, int64(0), pk, int64(0), int64(0), " ", " ", " ", true, int64(0), true,
				types.NewArray1(types.Int2OID, []Datum{int64(1)}), nil, nil})
		}
		return rows, nil
	}))
	for _, empty := range []struct {
		name string
		oid  uint32
		spec string
	}{
		{"pg_description", 2609, "objoid oid, classoid oid, objsubid int4, description text"},
		{"pg_inherits", 2611, "inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool"},
		{"pg_extension", 3079, "oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool, extversion text"},
		{"pg_enum", 3501, "oid oid, enumtypid oid, enumsortorder float4, enumlabel name"},
		{"pg_policy", 3256, "oid oid, polname name, polrelid oid, polcmd \"char\", polpermissive bool, polroles oid[], polqual text, polwithcheck text"},
		{"pg_statistic_ext", 3381, "oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget int4, stxkeys int2[], stxkind \"char\"[]"},
		{"pg_publication", 6104, "oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, pubupdate bool, pubdelete bool, pubtruncate bool, pubviaroot bool"},
		{"pg_publication_rel", 6106, "oid oid, prpubid oid, prrelid oid, prqual text, prattrs int2[]"},
		{"pg_publication_namespace", 6237, "oid oid, pnpubid oid, pnnspid oid"},
		{"pg_depend", 2608, "classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, refobjsubid int4, deptype \"char\""},
		{"pg_range", 3541, "rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, rngsubopc oid, rngcanonical regproc, rngsubdiff regproc"},
		{"pg_trigger", 2620, "oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, tgenabled \"char\", tgisinternal bool"},
		{"pg_rewrite", 2618, "oid oid, rulename name, ev_class oid, ev_type \"char\", ev_enabled \"char\", is_instead bool"},
		{"pg_auth_members", 1261, "roleid oid, member oid, grantor oid, admin_option bool"},
		{"pg_foreign_table", 3118, "ftrelid oid, ftserver oid, ftoptions text[]"},
		{"pg_sequence", 2224, "seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8, seqmin int8, seqcache int8, seqcycle bool"},
		{"pg_matviews", 12010, "schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes bool, ispopulated bool, definition text"},
		{"pg_views", 12011, "schemaname name, viewname name, viewowner name, definition text"},
	} {
		regCatalog(ctab("pg_catalog", empty.name, empty.oid, empty.spec, func(*execCtx) ([][]Datum, error) { return nil, nil }))
	}
	regCatalog(ctab("pg_catalog", "pg_proc", 1255, "oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost float4, prorows float4, provariadic oid, prokind \"char\", prosecdef bool, proleakproof bool, proisstrict bool, proretset bool, provolatile \"char\", proparallel \"char\", pronargs int2, pronargdefaults int2, prorettype oid, proargtypes oid[], proallargtypes oid[], proargmodes \"char\"[], proargnames text[], prosrc text, probin text, proconfig text[], proacl text[]", func(*execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, f := range helperFuncs {
			args := types.NewArray1(types.OidOID, []Datum{int64(types.TextArrayOID), int64(types.TextOID)})
			rows = append(rows, []Datum{f.oid, f.name, int64(oidPublic), int64(oidOwner), int64(14), 100.0, 0.0, int64(0), "f", false, false, true, false, "i", "s", int64(2), int64(0), int64(f.ret), args, nil, nil, textArray(f.argNames...), f.src, nil, nil, nil})
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_tables", 12012, "schemaname name, tablename name, tableowner name, tablespace name, hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, i := range ec.namespaces() {
			rows = append(rows, []Datum{i.Name, "entities", "entitydb", nil, true, false, false, false})
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_indexes", 12072, "schemaname name, tablename name, indexname name, tablespace name, indexdef text", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, i := range ec.namespaces() {
			q := quoteIdent(i.Name)
			rows = append(rows,
				[]Datum{i.Name, "entities", "entities_pkey", nil, "CREATE UNIQUE INDEX entities_pkey ON " + q + ".entities USING btree (id)"},
				[]Datum{i.Name, "entities", "entities_tags_idx", nil, "CREATE INDEX entities_tags_idx ON " + q + ".entities USING gin (tags)"})
		}
		return rows, nil
	}))
	regCatalog(ctab("pg_catalog", "pg_tablespace", 1213, "oid oid, spcname name, spcowner oid, spcacl text[], spcoptions text[]", func(*execCtx) ([][]Datum, error) {
		return [][]Datum{{int64(1663), "pg_default", int64(oidOwner), nil, nil}, {int64(1664), "pg_global", int64(oidOwner), nil, nil}}, nil
	}))

	// information_schema
	regCatalog(ctab("information_schema", "schemata", 13100, "catalog_name name, schema_name name, schema_owner name, default_character_set_catalog name, default_character_set_schema name, default_character_set_name name, sql_path character_data", func(ec *execCtx) ([][]Datum, error) {
		rows := [][]Datum{
			{DatabaseName, "information_schema", "entitydb", nil, nil, nil, nil},
			{DatabaseName, "pg_catalog", "entitydb", nil, nil, nil, nil},
		}
		for _, i := range ec.namespaces() {
			rows = append(rows, []Datum{DatabaseName, i.Name, i.Owner, nil, nil, nil, nil})
		}
		return rows, nil
	}))
	regCatalog(ctab("information_schema", "tables", 13101, "table_catalog name, table_schema name, table_name name, table_type character_data, self_referencing_column_name name, reference_generation character_data, user_defined_type_catalog name, user_defined_type_schema name, user_defined_type_name name, is_insertable_into yes_or_no, is_typed yes_or_no, commit_action character_data", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, i := range ec.namespaces() {
			rows = append(rows, []Datum{DatabaseName, i.Name, "entities", "BASE TABLE", nil, nil, nil, nil, nil, "YES", "NO", nil})
		}
		return rows, nil
	}))
	regCatalog(ctab("information_schema", "table_constraints", 13103, "constraint_catalog name, constraint_schema name, constraint_name name, table_catalog name, table_schema name, table_name name, constraint_type character_data, is_deferrable yes_or_no, initially_deferred yes_or_no, enforced yes_or_no, nulls_distinct yes_or_no", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, i := range ec.namespaces() {
			rows = append(rows, []Datum{DatabaseName, i.Name, "entities_pkey", DatabaseName, i.Name, "entities", "PRIMARY KEY", "NO", "NO", "YES", nil})
		}
		return rows, nil
	}))
	regCatalog(ctab("information_schema", "key_column_usage", 13104, "constraint_catalog name, constraint_schema name, constraint_name name, table_catalog name, table_schema name, table_name name, column_name name, ordinal_position int4, position_in_unique_constraint int4", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, i := range ec.namespaces() {
			rows = append(rows, []Datum{DatabaseName, i.Name, "entities_pkey", DatabaseName, i.Name, "entities", "id", int64(1), nil})
		}
		return rows, nil
	}))
	regCatalog(ctab("information_schema", "columns", 13102, "table_catalog name, table_schema name, table_name name, column_name name, ordinal_position int4, column_default character_data, is_nullable yes_or_no, data_type character_data, character_maximum_length int4, numeric_precision int4, numeric_scale int4, datetime_precision int4, udt_catalog name, udt_schema name, udt_name name, is_identity yes_or_no, is_generated character_data, is_updatable yes_or_no", func(ec *execCtx) ([][]Datum, error) {
		var rows [][]Datum
		for _, i := range ec.namespaces() {
			cols := newEntitiesTable(i.Name).cols
			for k := 0; k < 5; k++ {
				nullable := "NO"
				if k == colContent {
					nullable = "YES"
				}
				var def, dtp Datum
				if d, ok := entityDefaults[k]; ok {
					def = d
				}
				dataType := types.TypeName(cols[k].typ.OID)
				if isArrayType(cols[k].typ.OID) {
					dataType = "ARRAY"
				}
				if cols[k].typ.OID == types.TimestampTZOID {
					dtp = int64(6)
				}
				udt := types.Lookup(cols[k].typ.OID).Name
				rows = append(rows, []Datum{DatabaseName, i.Name, "entities", cols[k].name, int64(k + 1), def, nullable, dataType, nil, nil, nil, dtp, DatabaseName, "pg_catalog", udt, "NO", "NEVER", "YES"})
			}
		}
		return rows, nil
	}))
}

// helperFuncs are the built-in SQL helpers, shown in pg_proc as functions
// of schema public (where the PostgreSQL side of tests defines them).
var helperFuncs = []struct {
	oid      int64
	name     string
	ret      types.OID
	argNames []string
	src      string
}{
	{16500, "has_tag_like", types.BoolOID, []string{"tags", "pattern"}, " SELECT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE pattern) "},
	{16501, "tag_value", types.TextOID, []string{"tags", "key"}, " SELECT substr(t, length(key) + 2) FROM unnest(tags) WITH ORDINALITY u(t, n) WHERE left(t, length(key) + 1) = key || ':' ORDER BY n LIMIT 1 "},
}

// entityCount is a namespace's entity count for catalog statistics.
func (e *Engine) entityCount(ec *execCtx, name string) uint64 {
	ns, err := e.namespace(ec.ctx, name)
	if err != nil {
		return 0
	}
	return ns.Stats().Entities
}

// relByOID finds a relation's schema and name by OID (regclass output).
func (ec *execCtx) relByOID(oid int64) (schema, name string, ok bool) {
	for _, schema := range []string{"pg_catalog", "information_schema"} {
		for n, t := range catalogTables[schema] {
			if int64(t.oid()) == oid {
				return schema, n, true
			}
		}
	}
	if ec == nil || ec.sess == nil {
		return "", "", false
	}
	for _, i := range ec.namespaces() {
		tbl, pk, gin := entitiesObjects(i.Name)
		switch oid {
		case tbl:
			return i.Name, "entities", true
		case pk:
			return i.Name, "entities_pkey", true
		case gin:
			return i.Name, "entities_tags_idx", true
		}
	}
	return "", "", false
}

func init() {
	catalogFn := func(name string, params []types.OID, ret types.OID, fn func(c *callCtx, a []Datum) (Datum, error)) {
		regLocal(&funcDef{name: name, params: params, ret: ret, volatility: stable, strict: true, fn: fn})
	}
	relSize := func(c *callCtx, a []Datum) (Datum, error) {
		ec := c.ec()
		schema, name, ok := ec.relByOID(a[0].(int64))
		if !ok || name != "entities" {
			return int64(0), nil
		}
		ns, err := ec.sess.engine.namespace(ec.ctx, schema)
		if err != nil {
			return nil, err
		}
		st := ns.Stats()
		per := 64 + st.AvgTags*16 + st.AvgContent
		pages := int64(float64(st.Entities)*per/8192) + 1
		return pages * 8192, nil
	}
	for _, n := range []string{"pg_relation_size", "pg_table_size", "pg_total_relation_size", "pg_indexes_size"} {
		catalogFn(n, []types.OID{types.RegclassOID}, types.Int8OID, relSize)
	}
	catalogFn("pg_table_is_visible", []types.OID{types.OidOID}, types.BoolOID, func(c *callCtx, a []Datum) (Datum, error) {
		schema, _, ok := c.ec().relByOID(a[0].(int64))
		if !ok {
			return false, nil
		}
		if schema == "pg_catalog" {
			return true, nil
		}
		for _, p := range c.ec().sess.searchPath() {
			if p == schema {
				return true, nil
			}
		}
		return false, nil
	})
	catalogFn("pg_type_is_visible", []types.OID{types.OidOID}, types.BoolOID, func(*callCtx, []Datum) (Datum, error) { return true, nil })
	catalogFn("pg_function_is_visible", []types.OID{types.OidOID}, types.BoolOID, func(*callCtx, []Datum) (Datum, error) { return true, nil })
	getExpr := func(_ *callCtx, a []Datum) (Datum, error) { return a[0], nil }
	catalogFn("pg_get_expr", []types.OID{types.TextOID, types.OidOID}, types.TextOID, getExpr)
	catalogFn("pg_get_expr", []types.OID{types.TextOID, types.OidOID, types.BoolOID}, types.TextOID, getExpr)
	for _, n := range []string{"obj_description", "shobj_description"} {
		catalogFn(n, []types.OID{types.OidOID, types.NameOID}, types.TextOID, func(*callCtx, []Datum) (Datum, error) { return nil, nil })
	}
	catalogFn("obj_description", []types.OID{types.OidOID}, types.TextOID, func(*callCtx, []Datum) (Datum, error) { return nil, nil })
	catalogFn("col_description", []types.OID{types.OidOID, types.Int4OID}, types.TextOID, func(*callCtx, []Datum) (Datum, error) { return nil, nil })
	catalogFn("pg_encoding_to_char", []types.OID{types.Int4OID}, types.NameOID, func(*callCtx, []Datum) (Datum, error) { return "UTF8", nil })
	indexDef := func(c *callCtx, a []Datum) (Datum, error) {
		schema, name, ok := c.ec().relByOID(a[0].(int64))
		if !ok {
			return nil, nil
		}
		switch name {
		case "entities_pkey":
			return "CREATE UNIQUE INDEX entities_pkey ON " + quoteIdent(schema) + ".entities USING btree (id)", nil
		case "entities_tags_idx":
			return "CREATE INDEX entities_tags_idx ON " + quoteIdent(schema) + ".entities USING gin (tags)", nil
		}
		return nil, nil
	}
	catalogFn("pg_get_indexdef", []types.OID{types.OidOID}, types.TextOID, indexDef)
	catalogFn("pg_get_indexdef", []types.OID{types.OidOID, types.Int4OID, types.BoolOID}, types.TextOID, indexDef)
	null := func(*callCtx, []Datum) (Datum, error) { return nil, nil }
	catalogFn("pg_get_statisticsobjdef_columns", []types.OID{types.OidOID}, types.TextOID, null)
	// no column owns a sequence (ids are text; there are no serial columns)
	catalogFn("pg_get_serial_sequence", []types.OID{types.TextOID, types.TextOID}, types.TextOID, null)
	// to_regclass: the relation's OID, or NULL where ::regclass fails
	catalogFn("to_regclass", []types.OID{types.TextOID}, types.RegclassOID, func(c *callCtx, a []Datum) (Datum, error) {
		v, err := castValue(a[0], types.Of(types.TextOID), types.Of(types.RegclassOID), c.ec())
		if err != nil {
			return nil, nil
		}
		return v, nil
	})
	dbSize := func(c *callCtx, a []Datum) (Datum, error) {
		if name, ok := a[0].(string); ok && name != DatabaseName {
			return nil, pgerr.Newf(pgerr.UndefinedDatabase, "database %q does not exist", name)
		}
		if oid, ok := a[0].(int64); ok && oid != oidDatabase {
			return nil, nil // PostgreSQL: NULL for an unknown database OID
		}
		return c.ec().sess.engine.reg.DiskUsage()
	}
	catalogFn("pg_database_size", []types.OID{types.NameOID}, types.Int8OID, dbSize)
	catalogFn("pg_database_size", []types.OID{types.OidOID}, types.Int8OID, dbSize)
	catalogFn("pg_size_pretty", []types.OID{types.Int8OID}, types.TextOID, func(_ *callCtx, a []Datum) (Datum, error) {
		return sizePretty(a[0].(int64)), nil
	})
	regLocal(&funcDef{name: "pg_is_in_recovery", ret: types.BoolOID, volatility: volatile, fn: func(*callCtx, []Datum) (Datum, error) { return false, nil }})
	catalogFn("pg_get_partkeydef", []types.OID{types.OidOID}, types.TextOID, null)
	catalogFn("pg_get_viewdef", []types.OID{types.OidOID}, types.TextOID, null)
	catalogFn("pg_get_viewdef", []types.OID{types.OidOID, types.BoolOID}, types.TextOID, null)
	catalogFn("pg_get_function_result", []types.OID{types.OidOID}, types.TextOID, func(_ *callCtx, a []Datum) (Datum, error) {
		for _, f := range helperFuncs {
			if f.oid == a[0].(int64) {
				return types.TypeName(f.ret), nil
			}
		}
		return nil, nil
	})
	catalogFn("pg_get_function_arguments", []types.OID{types.OidOID}, types.TextOID, func(_ *callCtx, a []Datum) (Datum, error) {
		for _, f := range helperFuncs {
			if f.oid == a[0].(int64) {
				return f.argNames[0] + " text[], " + f.argNames[1] + " text", nil
			}
		}
		return nil, nil
	})
	catalogFn("pg_get_triggerdef", []types.OID{types.OidOID, types.BoolOID}, types.TextOID, null)
	catalogFn("pg_tablespace_location", []types.OID{types.OidOID}, types.TextOID, func(*callCtx, []Datum) (Datum, error) { return "", nil })
	catalogFn("pg_relation_is_publishable", []types.OID{types.RegclassOID}, types.BoolOID, func(*callCtx, []Datum) (Datum, error) { return false, nil })
	conDef := func(*callCtx, []Datum) (Datum, error) { return "PRIMARY KEY (id)", nil }
	catalogFn("pg_get_constraintdef", []types.OID{types.OidOID}, types.TextOID, conDef)
	catalogFn("pg_get_constraintdef", []types.OID{types.OidOID, types.BoolOID}, types.TextOID, conDef)
}

// catalogLookup resolves a catalog relation name.
func catalogLookup(schema, name string) relation {
	if t, ok := catalogTables[schema][name]; ok {
		return t
	}
	return nil
}

// information_schema._pg_expandarray(anyarray) yields the elements of an
// array with their 1-based positions as records (x, n); JDBC's
// getPrimaryKeys and getIndexInfo expand pg_index.indkey with it. One
// overload per element type the catalog uses.
func init() {
	for _, arr := range []types.OID{types.Int2VectorOID, types.OidVectorOID, types.Int2ArrayOID, types.Int4ArrayOID, types.Int8ArrayOID, types.OidArrayOID, types.TextArrayOID} {
		cols := []types.Column{{Name: "x", Type: types.Of(types.ElemOf(arr))}, {Name: "n", Type: types.Of(types.Int4OID)}}
		regSRF(&funcDef{name: "_pg_expandarray", params: []types.OID{arr}, ret: types.RecordOID, strict: true,
			srfCols: []colInfo{{name: "x", typ: cols[0].Type}, {name: "n", typ: cols[1].Type}},
			fn: func(c *callCtx, args []Datum) (Datum, error) {
				a := args[0].(*types.Array)
				recs := make([]Datum, len(a.Elems))
				for i, v := range a.Elems {
					recs[i] = newRecord(cols, []Datum{v, int64(i + 1)})
				}
				return &sliceGen{vals: recs}, nil
			}})
	}
}

// sizePretty renders a byte count as pg_size_pretty does: bytes below
// 10 kB, then the largest unit (kB, MB, GB, TB, PB) that keeps the number
// below 20480, halves rounded away from zero.
func sizePretty(size int64) string {
	units := []string{"kB", "MB", "GB", "TB", "PB"}
	abs := func(v int64) int64 {
		if v < 0 {
			return -v
		}
		return v
	}
	if abs(size) < 10*1024 {
		return strconv.FormatInt(size, 10) + " bytes"
	}
	// keep one extra bit (halves) for rounding at the chosen unit
	size /= 1 << 9
	for i, u := range units {
		if i == len(units)-1 || abs(size) < 20*1024-1 {
			if size < 0 {
				size = (size - 1) / 2
			} else {
				size = (size + 1) / 2
			}
			return strconv.FormatInt(size, 10) + " " + u
		}
		size /= 1 << 10
	}
	return ""
}
