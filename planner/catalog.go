package planner

// The catalog: which relations exist and what they look like. Every
// namespace is a schema holding the table `entities`; more relations
// (pg_catalog, information_schema, per-type tables, history) are added by
// implementing relation and registering them here.

import (
	"hash/fnv"
	"strings"
	"sync"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// relation is a named table the FROM clause can reference.
type relation interface {
	schemaName() string
	relName() string
	// columns are all the relation's columns; the first nVisible appear in
	// SELECT *, the rest are system columns (ctid).
	columns() []colInfo
	nVisible() int
	oid() uint32
}

// entitiesTable is ns.entities.
type entitiesTable struct {
	ns   string
	cols []colInfo
}

// Column positions of ns.entities rows.
const (
	colID = iota
	colTags
	colContent
	colCreatedAt
	colUpdatedAt
	colCtid
	entityWidth
)

var entityColumnNames = []string{"id", "tags", "content", "created_at", "updated_at", "ctid"}

func newEntitiesTable(ns string) *entitiesTable {
	o := relOID(ns, "entities")
	return &entitiesTable{ns: ns, cols: []colInfo{
		{name: "id", typ: tText, tableOID: o, attnum: 1},
		{name: "tags", typ: tTextArray, tableOID: o, attnum: 2},
		{name: "content", typ: tBytea, tableOID: o, attnum: 3},
		{name: "created_at", typ: tTimestampTZ, tableOID: o, attnum: 4},
		{name: "updated_at", typ: tTimestampTZ, tableOID: o, attnum: 5},
		{name: "ctid", typ: tTID, tableOID: o, attnum: -1},
	}}
}

func (t *entitiesTable) schemaName() string { return t.ns }
func (t *entitiesTable) relName() string    { return "entities" }
func (t *entitiesTable) columns() []colInfo { return t.cols }
func (t *entitiesTable) nVisible() int      { return 5 }
func (t *entitiesTable) oid() uint32        { return relOID(t.ns, "entities") }

// relOID derives a stable OID for a relation from its name (user OIDs
// start at 16384 in PostgreSQL).
func relOID(schema, name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(schema))
	h.Write([]byte{0})
	h.Write([]byte(name))
	oid := 16384 + h.Sum32()%(1<<30)
	relNames.Store(oid, [2]string{schema, name})
	return oid
}

// relNames remembers the names of relation OIDs handed out (regclass
// output).
var relNames sync.Map

// schemaOID derives a stable OID for a namespace.
func schemaOID(name string) uint32 {
	if name == "public" {
		return 2200
	}
	if name == "pg_catalog" {
		return 11
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return 16384 + h.Sum32()%(1<<30)
}

type catalog struct {
	eng *Engine
}

func newCatalog(e *Engine) *catalog { return &catalog{eng: e} }

// schemaExists reports whether a namespace exists (for everyone).
func (c *catalog) schemaExists(name string) bool {
	return c.eng.reg.Exists(name)
}

// schemaVisible reports whether a namespace exists for this session: a
// DROP SCHEMA in the session's open transaction hides it until COMMIT.
func (s *Session) schemaVisible(name string) bool {
	if s.tx != nil && s.tx.dropped(name) {
		return false
	}
	return s.engine.reg.Exists(name)
}

// lookup finds a relation. schema "" searches the session's search_path.
// It returns nil without error when the relation does not exist.
func (c *catalog) lookup(s *Session, schema, name string) relation {
	if schema != "" {
		if r := catalogLookup(schema, name); r != nil {
			return r
		}
		if name == "entities" && s.schemaVisible(schema) {
			return newEntitiesTable(schema)
		}
		return nil
	}
	// pg_catalog is searched first unless search_path places it
	sp := s.searchPath()
	implicit := true
	for _, p := range sp {
		if p == "pg_catalog" {
			implicit = false
		}
	}
	if implicit {
		sp = append([]string{"pg_catalog"}, sp...)
	}
	for _, sch := range sp {
		if r := catalogLookup(sch, name); r != nil {
			return r
		}
		if name == "entities" && s.schemaVisible(sch) {
			return newEntitiesTable(sch)
		}
	}
	return nil
}

// searchPath returns the schemas of search_path that exist, in order
// ("$user" resolves to the session user's schema).
func (s *Session) searchPath() []string {
	var out []string
	for _, p := range splitSearchPath(s.settings.get("search_path")) {
		if p == "$user" {
			p = s.user
		}
		if p == "pg_catalog" || p == "information_schema" {
			out = append(out, p)
			continue
		}
		if s.schemaVisible(p) {
			out = append(out, p)
		}
	}
	return out
}

// creationSchema is the first existing schema in search_path (where
// unqualified names would be created), or "".
func (s *Session) currentSchema() (string, bool) {
	for _, p := range s.searchPath() {
		if p != "pg_catalog" {
			return p, true
		}
	}
	return "", false
}

// regLookup resolves text to a reg* OID.
func (c *catalog) regLookup(ec *execCtx, s string, t types.OID) (Datum, error) {
	str := strings.TrimSpace(s)
	if n, err := parseText(types.OidOID, str, nil); err == nil {
		return n, nil
	}
	switch t {
	case types.RegclassOID:
		schema, name := splitQualified(str)
		if r := c.lookup(ec.sess, schema, name); r != nil {
			return int64(r.oid()), nil
		}
		return nil, pgerr.Newf(pgerr.UndefinedTable, "relation %q does not exist", str)
	case types.RegnamespaceOID:
		if c.schemaExists(str) || str == "pg_catalog" {
			return int64(schemaOID(str)), nil
		}
		return nil, pgerr.Newf(pgerr.UndefinedObject, "schema %q does not exist", str)
	case types.RegtypeOID:
		tt, err := typeByName(strings.ToLower(str))
		if err != nil {
			return nil, pgerr.Newf(pgerr.UndefinedObject, "type %q does not exist", str)
		}
		return int64(tt.OID), nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "cannot resolve %q as %s", str, types.TypeName(t))
}

func splitQualified(s string) (schema, name string) {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		if strings.HasPrefix(p, `"`) && strings.HasSuffix(p, `"`) && len(p) >= 2 {
			parts[i] = strings.ReplaceAll(p[1:len(p)-1], `""`, `"`)
		} else {
			parts[i] = strings.ToLower(p)
		}
	}
	if len(parts) >= 2 {
		return parts[len(parts)-2], parts[len(parts)-1]
	}
	return "", parts[0]
}
