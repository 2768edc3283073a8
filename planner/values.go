package planner

// Value operations the executor needs on Datums: comparison and hashing
// keys for operators that do not know the static type at hand (sort, hash
// join, DISTINCT), and thin wrappers over the types package's text and
// binary I/O that add what needs the catalog (reg* names).

import (
	"time"

	"github.com/entitydb/entitydb/planner/types"
)

// Datum is a SQL value (see types.Datum).
type Datum = types.Datum

// Frequently used static types.
var (
	tBool        = types.Of(types.BoolOID)
	tInt2        = types.Of(types.Int2OID)
	tInt4        = types.Of(types.Int4OID)
	tInt8        = types.Of(types.Int8OID)
	tFloat4      = types.Of(types.Float4OID)
	tFloat8      = types.Of(types.Float8OID)
	tNumeric     = types.Of(types.NumericOID)
	tText        = types.Of(types.TextOID)
	tName        = types.Of(types.NameOID)
	tBytea       = types.Of(types.ByteaOID)
	tTimestampTZ = types.Of(types.TimestampTZOID)
	tTimestamp   = types.Of(types.TimestampOID)
	tDate        = types.Of(types.DateOID)
	tInterval    = types.Of(types.IntervalOID)
	tUnknown     = types.Of(types.UnknownOID)
	tTextArray   = types.Of(types.TextArrayOID)
	tInt8Array   = types.Of(types.Int8ArrayOID)
	tInt4Array   = types.Of(types.Int4ArrayOID)
	tOid         = types.Of(types.OidOID)
	tUUID        = types.Of(types.UUIDOID)
	tJSONB       = types.Of(types.JSONBOID)
	tRecord      = types.Of(types.RecordOID)
	tVoid        = types.Of(types.VoidOID)
	tTID         = types.Of(types.TIDOID)
	tAnyArray    = types.Of(types.AnyArrayOID)
	tAnyElement  = types.Of(types.AnyElementOID)
)

// formatSettings are the session settings that change how values print
// and parse (the types package's Settings).
type formatSettings = types.Settings

var defaultFormat = types.DefaultSettings()

// typeCategory returns pg_type.typcategory for a type.
func typeCategory(oid types.OID) byte {
	if i := types.Lookup(oid); i != nil {
		return i.Category
	}
	return 'U'
}

func isArrayType(oid types.OID) bool { return types.ElemOf(oid) != 0 }

func isStringType(oid types.OID) bool {
	switch oid {
	case types.TextOID, types.VarcharOID, types.BPCharOID, types.NameOID, types.UnknownOID, types.CharOID:
		return true
	}
	return false
}

func isIntType(oid types.OID) bool {
	switch oid {
	case types.Int2OID, types.Int4OID, types.Int8OID:
		return true
	}
	return false
}

// compareDatums orders two values whose type the caller does not carry
// (sort keys, GREATEST/LEAST, ordered scans) with types.Compare: text
// bytewise, NaN above every number, arrays and records element by
// element, NULL last. Without a type, bpchar compares with its trailing
// spaces and oid as a signed number.
func compareDatums(a, b Datum) int { return types.Compare(a, b, types.Type{}) }

// appendKey appends types.AppendKey's encoding of d: two values of one
// type have equal keys exactly when they compare equal (hash join, hash
// aggregation, DISTINCT, IN lists).
func appendKey(buf []byte, d Datum) []byte { return types.AppendKey(buf, d, types.Type{}) }

// ---- I/O: the types package, plus reg* names from the catalog -------------------

// formatText appends the text output of d (not NULL) as type t.
func formatText(buf []byte, t types.OID, d Datum, fs *formatSettings) []byte {
	if v, ok := d.(int64); ok {
		switch t {
		case types.RegtypeOID, types.RegnamespaceOID, types.RegclassOID, types.RegprocOID, types.RegroleOID:
			return append(buf, regName(t, v)...)
		}
	}
	return types.AppendText(buf, d, types.Of(t), fs)
}

// formatTextType is formatText with the full type (typmods such as
// char(n) padding).
func formatTextType(buf []byte, t types.Type, d Datum, fs *formatSettings) []byte {
	if t.Typmod < 0 {
		return formatText(buf, t.OID, d, fs)
	}
	return types.AppendText(buf, d, t, fs)
}

// formatBinary appends the binary (send) representation of d as type t.
func formatBinary(buf []byte, t types.OID, d Datum) ([]byte, error) {
	return types.AppendBinary(buf, d, types.Of(t))
}

// parseText converts text input to a value of type t.
func parseText(t types.OID, s string, fs *formatSettings) (Datum, error) {
	return types.ParseText(s, types.Of(t), fs)
}

// parseBinary decodes a binary-format value of type t.
func parseBinary(t types.OID, b []byte) (Datum, error) {
	return types.DecodeBinary(b, types.Of(t))
}

func dateToTime(d types.Date) time.Time {
	return types.PostgresEpoch.AddDate(0, 0, int(d))
}
