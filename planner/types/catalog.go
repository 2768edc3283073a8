package types

// Info describes a built-in type: what pg_type would say about it.
type Info struct {
	OID       OID
	Name      string // pg_type.typname ("int4", "_text")
	SQLName   string // format_type() spelling ("integer", "text[]")
	Len       int16  // typlen: -1 varlena, -2 cstring
	Category  byte   // typcategory: 'N' numeric, 'S' string, 'A' array...
	Elem      OID    // element type of an array type, else 0
	Array     OID    // array type of this element type, else 0
	Preferred bool   // typispreferred within its category
}

var infos = map[OID]*Info{}

func reg(oid OID, name, sqlName string, length int16, cat byte, array OID, preferred bool) {
	infos[oid] = &Info{OID: oid, Name: name, SQLName: sqlName, Len: length, Category: cat, Array: array, Preferred: preferred}
	if array != 0 {
		infos[array] = &Info{OID: array, Name: "_" + name, SQLName: sqlName + "[]", Len: -1, Category: 'A', Elem: oid}
	}
}

func init() {
	reg(BoolOID, "bool", "boolean", 1, 'B', BoolArrayOID, true)
	reg(ByteaOID, "bytea", "bytea", -1, 'U', ByteaArrayOID, false)
	reg(CharOID, "char", "\"char\"", 1, 'Z', CharArrayOID, false)
	reg(NameOID, "name", "name", 64, 'S', NameArrayOID, false)
	reg(Int8OID, "int8", "bigint", 8, 'N', Int8ArrayOID, false)
	reg(Int2OID, "int2", "smallint", 2, 'N', Int2ArrayOID, false)
	reg(Int4OID, "int4", "integer", 4, 'N', Int4ArrayOID, false)
	reg(TextOID, "text", "text", -1, 'S', TextArrayOID, true)
	reg(OidOID, "oid", "oid", 4, 'N', OidArrayOID, true)
	reg(JSONOID, "json", "json", -1, 'U', JSONArrayOID, false)
	reg(Float4OID, "float4", "real", 4, 'N', Float4ArrayOID, false)
	reg(Float8OID, "float8", "double precision", 8, 'N', Float8ArrayOID, true)
	reg(UnknownOID, "unknown", "unknown", -2, 'X', 0, false)
	reg(BPCharOID, "bpchar", "character", -1, 'S', BPCharArrayOID, false)
	reg(VarcharOID, "varchar", "character varying", -1, 'S', VarcharArrayOID, false)
	reg(DateOID, "date", "date", 4, 'D', DateArrayOID, false)
	reg(TimeOID, "time", "time without time zone", 8, 'D', TimeArrayOID, false)
	reg(TimestampOID, "timestamp", "timestamp without time zone", 8, 'D', TimestampArrayOID, false)
	reg(TimestampTZOID, "timestamptz", "timestamp with time zone", 8, 'D', TimestampTZArrayOID, true)
	reg(IntervalOID, "interval", "interval", 16, 'T', IntervalArrayOID, true)
	reg(NumericOID, "numeric", "numeric", -1, 'N', NumericArrayOID, false)
	reg(UUIDOID, "uuid", "uuid", 16, 'U', UUIDArrayOID, false)
	reg(JSONBOID, "jsonb", "jsonb", -1, 'U', JSONBArrayOID, false)
	reg(RecordOID, "record", "record", -1, 'P', RecordArrayOID, false)
	reg(TIDOID, "tid", "tid", 6, 'U', 0, false)
	reg(RegclassOID, "regclass", "regclass", 4, 'N', 0, false)
	reg(RegtypeOID, "regtype", "regtype", 4, 'N', 0, false)
	reg(RegprocOID, "regproc", "regproc", 4, 'N', 0, false)
	reg(RegnamespaceOID, "regnamespace", "regnamespace", 4, 'N', 0, false)
	reg(VoidOID, "void", "void", 4, 'P', 0, false)
	reg(TimeTZOID, "timetz", "time with time zone", 12, 'D', TimeTZArrayOID, false)
	reg(XIDOID, "xid", "xid", 4, 'U', 1011, false)
	reg(RegprocedureOID, "regprocedure", "regprocedure", 4, 'N', 2207, false)
	reg(RegoperOID, "regoper", "regoper", 4, 'N', 2208, false)
	reg(RegroleOID, "regrole", "regrole", 4, 'N', 4097, false)
	reg(Int2VectorOID, "int2vector", "int2vector", -1, 'A', 1006, false)
	reg(OidVectorOID, "oidvector", "oidvector", -1, 'A', 1013, false)
	// the catalog's vectors are arrays of their elements (subscripts, ANY,
	// anyarray) with lower bound 0 and a text form of their own
	// (IsVector)
	infos[Int2VectorOID].Elem = Int2OID
	infos[OidVectorOID].Elem = OidOID
	reg(PgNodeTreeOID, "pg_node_tree", "pg_node_tree", -1, 'Z', 0, false)
	reg(CstringOID, "cstring", "cstring", -2, 'P', 1263, false)
	reg(AnyOID, "any", "\"any\"", 4, 'P', 0, false)
	reg(AnyElementOID, "anyelement", "anyelement", 4, 'P', 0, false)
	reg(AnyArrayOID, "anyarray", "anyarray", -1, 'P', 0, false)
	reg(AnyNonArrayOID, "anynonarray", "anynonarray", 4, 'P', 0, false)
	reg(AnyCompatibleOID, "anycompatible", "anycompatible", 4, 'P', 0, false)
	reg(AnyCompatibleArrayOID, "anycompatiblearray", "anycompatiblearray", -1, 'P', 0, false)
	reg(AnyCompatibleNonArrayOID, "anycompatiblenonarray", "anycompatiblenonarray", 4, 'P', 0, false)
	// Array types whose OIDs are not named constants.
	for _, a := range []struct {
		oid, elem OID
	}{{RegclassOID, 2210}, {RegtypeOID, 2211}, {RegprocOID, 1008}, {RegnamespaceOID, 4090}, {TIDOID, 1010}} {
		infos[a.oid].Array = a.elem
		infos[a.elem] = &Info{OID: a.elem, Name: "_" + infos[a.oid].Name, SQLName: infos[a.oid].SQLName + "[]", Len: -1, Category: 'A', Elem: a.oid}
	}
}

// Lookup returns what is known of a built-in type, or nil.
func Lookup(oid OID) *Info { return infos[oid] }

// TypeName returns the format_type() spelling of a built-in type, or "".
func TypeName(oid OID) string {
	if i := infos[oid]; i != nil {
		return i.SQLName
	}
	return ""
}

// ArrayOf returns the array type OID of an element type, or 0.
func ArrayOf(elem OID) OID {
	if i := infos[elem]; i != nil {
		return i.Array
	}
	return 0
}

// ElemOf returns the element type OID of an array type, or 0.
func ElemOf(array OID) OID {
	if i := infos[array]; i != nil {
		return i.Elem
	}
	return 0
}

// IsVector reports int2vector and oidvector: one-dimensional arrays with
// lower bound 0 whose text form is the elements separated by spaces
// ("1 2"), as pg_index.indkey and pg_proc.proargtypes show them.
func IsVector(oid OID) bool { return oid == Int2VectorOID || oid == OidVectorOID }

// NewVector returns an int2vector or oidvector value.
func NewVector(oid OID, elems []Datum) *Array {
	a := &Array{Elem: ElemOf(oid), Elems: elems}
	if len(elems) > 0 {
		a.Dims = []ArrayDim{{Len: int32(len(elems)), Lower: 0}}
	}
	return a
}
