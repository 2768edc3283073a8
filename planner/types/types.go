package types

import (
	"fmt"
	"strconv"
	"time"

	"github.com/cockroachdb/apd/v3"
)

// OID is a PostgreSQL type OID as sent in RowDescription and
// ParameterDescription. Only built-in OIDs are used, so clients decode our
// values with the codecs they already have for PostgreSQL.
type OID uint32

// Built-in type OIDs (pg_type.oid in PostgreSQL 15).
const (
	UnspecifiedOID OID = 0

	BoolOID         OID = 16
	ByteaOID        OID = 17
	CharOID         OID = 18 // "char", one byte
	NameOID         OID = 19
	Int8OID         OID = 20
	Int2OID         OID = 21
	Int2VectorOID   OID = 22
	Int4OID         OID = 23
	RegprocOID      OID = 24
	TextOID         OID = 25
	OidOID          OID = 26
	TIDOID          OID = 27
	XIDOID          OID = 28
	OidVectorOID    OID = 30
	JSONOID         OID = 114
	PgNodeTreeOID   OID = 194
	Float4OID       OID = 700
	Float8OID       OID = 701
	UnknownOID      OID = 705
	BPCharOID       OID = 1042
	VarcharOID      OID = 1043
	DateOID         OID = 1082
	TimeOID         OID = 1083
	TimeTZOID       OID = 1266
	TimestampOID    OID = 1114
	TimestampTZOID  OID = 1184
	IntervalOID     OID = 1186
	NumericOID      OID = 1700
	RegprocedureOID OID = 2202
	RegoperOID      OID = 2203
	RegclassOID     OID = 2205
	RegtypeOID      OID = 2206
	RecordOID       OID = 2249
	CstringOID      OID = 2275
	AnyElementOID   OID = 2283
	AnyArrayOID     OID = 2277
	VoidOID         OID = 2278
	UUIDOID         OID = 2950
	JSONBOID        OID = 3802
	RegnamespaceOID OID = 4089
	RegroleOID      OID = 4096

	// Pseudo-types of function signatures (polymorphism).
	AnyOID                   OID = 2276 // "any": any type, not coerced
	AnyNonArrayOID           OID = 2776
	AnyCompatibleOID         OID = 5077
	AnyCompatibleArrayOID    OID = 5078
	AnyCompatibleNonArrayOID OID = 5079

	BoolArrayOID        OID = 1000
	ByteaArrayOID       OID = 1001
	CharArrayOID        OID = 1002
	NameArrayOID        OID = 1003
	Int2ArrayOID        OID = 1005
	Int4ArrayOID        OID = 1007
	TextArrayOID        OID = 1009
	BPCharArrayOID      OID = 1014
	VarcharArrayOID     OID = 1015
	Int8ArrayOID        OID = 1016
	Float4ArrayOID      OID = 1021
	Float8ArrayOID      OID = 1022
	OidArrayOID         OID = 1028
	TimestampArrayOID   OID = 1115
	DateArrayOID        OID = 1182
	TimeArrayOID        OID = 1183
	TimeTZArrayOID      OID = 1270
	TimestampTZArrayOID OID = 1185
	IntervalArrayOID    OID = 1187
	NumericArrayOID     OID = 1231
	UUIDArrayOID        OID = 2951
	JSONArrayOID        OID = 199
	JSONBArrayOID       OID = 3807
	RecordArrayOID      OID = 2287
)

// Type is the static type of an expression or column: its OID and type
// modifier (-1 when none), as PostgreSQL reports them in RowDescription.
// Datums do not carry their type; the expression that produced them does.
type Type struct {
	OID    OID
	Typmod int32
}

// Of returns the type with the given OID and no modifier.
func Of(oid OID) Type { return Type{OID: oid, Typmod: -1} }

// Datum is one SQL value. The dynamic Go type depends on the static SQL type
// (Type.OID), by this table; nil is SQL NULL for every type:
//
//	bool                               bool
//	int2, int4, int8, oid, reg*, xid   int64
//	float4, float8                     float64
//	numeric                            *apd.Decimal (never mutated once built)
//	text, varchar, bpchar, name,
//	"char", unknown, json              string
//	bytea                              []byte (never mutated once built)
//	timestamptz                        time.Time in UTC
//	timestamp                          time.Time whose UTC wall clock is the value
//	date                               Date
//	time                               TimeOfDay
//	timetz                             TimeTZ
//	interval                           Interval
//	uuid                               UUID
//	jsonb                              JSONB
//	tid                                TID
//	any array type                     *Array
//	record                             *Record
//
// Values are immutable once produced: operators build new values rather than
// changing their inputs, so rows can be shared between operators and cached.
type Datum = any

// Decimal is the numeric representation (an alias so callers need not import
// apd to name it).
type Decimal = apd.Decimal

// Date is a calendar date as days since 2000-01-01 (PostgreSQL's epoch).
// DateNegInf and DatePosInf are -infinity and infinity.
type Date int32

// Date infinities, as PostgreSQL represents them.
const (
	DateNegInf Date = -1 << 31
	DatePosInf Date = 1<<31 - 1
)

// TimeOfDay is a time without time zone in microseconds since midnight.
type TimeOfDay int64

// TimeTZ is a time with time zone: a time of day and the UTC offset it
// was given with, in seconds west of UTC as PostgreSQL stores it
// ('12:00+02' has Zone -7200).
type TimeTZ struct {
	Time TimeOfDay
	Zone int32
}

// Interval is PostgreSQL's interval: months, days and microseconds are kept
// apart because their lengths vary.
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}

// UUID is a 16-byte UUID.
type UUID [16]byte

// JSONB is a jsonb value: a parsed JSON document in PostgreSQL's normal
// form. Its representation is defined in json.go.
type JSONB struct {
	V any
}

// TID is a tuple identifier (block, offset), the type of the ctid column.
type TID struct {
	Block  uint32
	Offset uint16
}

// Array is a (possibly multi-dimensional) array. Elems holds the elements in
// row-major order; len(Elems) is the product of the dimension lengths. A nil
// element is NULL. An empty array has no dimensions.
type Array struct {
	Elem  OID // element type OID
	Dims  []ArrayDim
	Elems []Datum
}

// ArrayDim is one dimension of an array: its length and lower bound
// (1 unless the array was written with explicit bounds).
type ArrayDim struct {
	Len   int32
	Lower int32
}

// NewArray1 returns a one-dimensional array with lower bound 1 (or an empty
// array when elems is empty).
func NewArray1(elem OID, elems []Datum) *Array {
	a := &Array{Elem: elem, Elems: elems}
	if len(elems) > 0 {
		a.Dims = []ArrayDim{{Len: int32(len(elems)), Lower: 1}}
	}
	return a
}

// Record is an anonymous row value (ROW(...), composite results).
type Record struct {
	Types  []Type
	Names  []string // optional field names; nil when anonymous
	Values []Datum
}

// FieldType returns the type of field i (the zero Type when unknown).
func (r *Record) FieldType(i int) Type {
	if i < len(r.Types) {
		return r.Types[i]
	}
	return Type{}
}

// FieldName returns the name of field i: its own, or f1, f2... as
// PostgreSQL names the columns of an anonymous record.
func (r *Record) FieldName(i int) string {
	if i < len(r.Names) && r.Names[i] != "" {
		return r.Names[i]
	}
	return "f" + strconv.Itoa(i+1)
}

// PostgresEpoch is 2000-01-01 00:00:00 UTC, the zero of PostgreSQL's
// binary date and timestamp encodings.
var PostgresEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// String renders a Type for messages ("text", "integer[]"...).
func (t Type) String() string {
	if n := TypeName(t.OID); n != "" {
		return n
	}
	return fmt.Sprintf("oid %d", uint32(t.OID))
}
