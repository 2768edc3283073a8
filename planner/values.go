package planner

// Value operations the executor needs on Datums: comparison and hashing
// keys for operators that do not know the static type at hand (sort, hash
// join, DISTINCT), and thin wrappers over the types package's text and
// binary I/O that add what needs the catalog (reg* names).

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
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

// compareDatums orders two non-NULL values of the same type. Text compares
// bytes (collation "C").
func compareDatums(a, b Datum) int {
	switch x := a.(type) {
	case int64:
		y := b.(int64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case string:
		return strings.Compare(x, b.(string))
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case float64:
		return compareFloat(x, b.(float64))
	case *apd.Decimal:
		return compareDecimal(x, b.(*apd.Decimal))
	case time.Time:
		return x.Compare(b.(time.Time))
	case []byte:
		return bytes.Compare(x, b.([]byte))
	case types.Date:
		y := b.(types.Date)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case types.TimeOfDay:
		y := b.(types.TimeOfDay)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case types.Interval:
		return compareInterval(x, b.(types.Interval))
	case types.UUID:
		y := b.(types.UUID)
		return bytes.Compare(x[:], y[:])
	case types.TID:
		y := b.(types.TID)
		if x.Block != y.Block {
			if x.Block < y.Block {
				return -1
			}
			return 1
		}
		switch {
		case x.Offset < y.Offset:
			return -1
		case x.Offset > y.Offset:
			return 1
		}
		return 0
	case *types.Array:
		return compareArrays(x, b.(*types.Array))
	case *types.Record:
		y := b.(*types.Record)
		for i := 0; i < len(x.Values) && i < len(y.Values); i++ {
			if c := compareNullsLast(x.Values[i], y.Values[i]); c != 0 {
				return c
			}
		}
		return len(x.Values) - len(y.Values)
	case types.JSONB:
		return strings.Compare(fmt.Sprint(x.V), fmt.Sprint(b.(types.JSONB).V))
	}
	// Mixed integer/float representations can meet after lenient casts.
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func compareFloat(x, y float64) int {
	// PostgreSQL: NaN equals NaN and sorts above everything.
	xn, yn := math.IsNaN(x), math.IsNaN(y)
	switch {
	case xn && yn:
		return 0
	case xn:
		return 1
	case yn:
		return -1
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func compareDecimal(x, y *apd.Decimal) int {
	xn, yn := x.Form == apd.NaN || x.Form == apd.NaNSignaling, y.Form == apd.NaN || y.Form == apd.NaNSignaling
	switch {
	case xn && yn:
		return 0
	case xn:
		return 1
	case yn:
		return -1
	}
	return x.Cmp(y)
}

func compareInterval(a, b types.Interval) int {
	// PostgreSQL compares intervals by their span with 30-day months and
	// 24-hour days.
	ta := int64(a.Months)*30*86400e6 + int64(a.Days)*86400e6 + a.Micros
	tb := int64(b.Months)*30*86400e6 + int64(b.Days)*86400e6 + b.Micros
	switch {
	case ta < tb:
		return -1
	case ta > tb:
		return 1
	}
	return 0
}

// compareNullsLast orders NULL after every value (array element and record
// field order).
func compareNullsLast(a, b Datum) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return compareDatums(a, b)
}

func compareArrays(a, b *types.Array) int {
	n := len(a.Elems)
	if len(b.Elems) < n {
		n = len(b.Elems)
	}
	for i := 0; i < n; i++ {
		if c := compareNullsLast(a.Elems[i], b.Elems[i]); c != 0 {
			return c
		}
	}
	if len(a.Elems) != len(b.Elems) {
		if len(a.Elems) < len(b.Elems) {
			return -1
		}
		return 1
	}
	// Same elements: compare dimensions.
	if len(a.Dims) != len(b.Dims) {
		if len(a.Dims) < len(b.Dims) {
			return -1
		}
		return 1
	}
	for i := range a.Dims {
		if a.Dims[i] != b.Dims[i] {
			if a.Dims[i].Len != b.Dims[i].Len {
				if a.Dims[i].Len < b.Dims[i].Len {
					return -1
				}
				return 1
			}
			if a.Dims[i].Lower < b.Dims[i].Lower {
				return -1
			}
			return 1
		}
	}
	return 0
}

// datumsEqual is SQL equality for two non-NULL values (NaN equals NaN as in
// PostgreSQL's btree semantics).
func datumsEqual(a, b Datum) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	}
	return compareDatums(a, b) == 0
}

// appendKey appends a canonical encoding of d to buf, such that two values
// of one type have equal keys exactly when they are equal (hash join, hash
// aggregation, DISTINCT).
func appendKey(buf []byte, d Datum) []byte {
	switch x := d.(type) {
	case nil:
		return append(buf, 0)
	case string:
		buf = append(buf, 1)
		buf = binary.AppendUvarint(buf, uint64(len(x)))
		return append(buf, x...)
	case int64:
		buf = append(buf, 2)
		return binary.BigEndian.AppendUint64(buf, uint64(x))
	case bool:
		if x {
			return append(buf, 3, 1)
		}
		return append(buf, 3, 0)
	case float64:
		if x == 0 {
			x = 0 // -0 equals 0
		}
		if math.IsNaN(x) {
			return append(buf, 4, 0xff)
		}
		buf = append(buf, 4)
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(x))
	case *apd.Decimal:
		var r apd.Decimal
		r.Reduce(x)
		s := r.Text('e')
		buf = append(buf, 5)
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		return append(buf, s...)
	case []byte:
		buf = append(buf, 6)
		buf = binary.AppendUvarint(buf, uint64(len(x)))
		return append(buf, x...)
	case time.Time:
		buf = append(buf, 7)
		return binary.BigEndian.AppendUint64(buf, uint64(x.UnixNano()))
	case *types.Array:
		buf = append(buf, 8)
		buf = binary.AppendUvarint(buf, uint64(len(x.Elems)))
		for _, e := range x.Elems {
			buf = appendKey(buf, e)
		}
		return buf
	case *types.Record:
		buf = append(buf, 9)
		for _, e := range x.Values {
			buf = appendKey(buf, e)
		}
		return buf
	case types.Interval:
		buf = append(buf, 10)
		t := int64(x.Months)*30*86400e6 + int64(x.Days)*86400e6 + x.Micros
		return binary.BigEndian.AppendUint64(buf, uint64(t))
	}
	s := fmt.Sprintf("%T:%v", d, d)
	buf = append(buf, 11)
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

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
