package types

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"math"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
)

// Compare orders two values of type t as PostgreSQL's default btree
// operator class does: text bytewise (C collation), floats with NaN above
// everything and equal to itself, -0 equal to 0, numerics with NaN above
// Infinity, arrays element by element (then by length and dimensions),
// jsonb by PostgreSQL's jsonb order. NULL (nil) sorts after every value
// and equals NULL, which is what ORDER BY ... ASC (NULLS LAST), DISTINCT
// and GROUP BY need; SQL comparison operators handle NULL before calling
// this.
func Compare(a, b Datum, t Type) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		}
		return -1
	}
	switch x := a.(type) {
	case string:
		y := b.(string)
		if t.OID == BPCharOID {
			return strings.Compare(strings.TrimRight(x, " "), strings.TrimRight(y, " "))
		}
		return strings.Compare(x, y)
	case int64:
		y := b.(int64)
		if t.OID == OidOID || isRegType(t.OID) {
			return cmp.Compare(uint32(x), uint32(y))
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
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
		return CompareFloat(x, b.(float64))
	case time.Time:
		return x.Compare(b.(time.Time))
	case []byte:
		return bytes.Compare(x, b.([]byte))
	case *apd.Decimal:
		return CompareNumeric(x, b.(*apd.Decimal))
	case Date:
		return cmp.Compare(int64(x), int64(b.(Date)))
	case TimeOfDay:
		return cmp.Compare(int64(x), int64(b.(TimeOfDay)))
	case TimeTZ:
		return compareTimeTZ(x, b.(TimeTZ))
	case Interval:
		return CompareInterval(x, b.(Interval))
	case UUID:
		y := b.(UUID)
		return bytes.Compare(x[:], y[:])
	case JSONB:
		return CompareJSONB(x, b.(JSONB))
	case TID:
		y := b.(TID)
		if c := cmp.Compare(x.Block, y.Block); c != 0 {
			return c
		}
		return cmp.Compare(uint32(x.Offset), uint32(y.Offset))
	case *Array:
		return CompareArrays(x, b.(*Array))
	case *Record:
		return compareRecords(x, b.(*Record))
	}
	return 0
}

// Equal reports whether two non-NULL values of type t are equal under
// Compare (1.0 = 1.00 for numeric, NaN = NaN for floats).
func Equal(a, b Datum, t Type) bool {
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok && t.OID != BPCharOID {
			return x == y
		}
	case int64:
		if y, ok := b.(int64); ok {
			return x == y
		}
	}
	return Compare(a, b, t) == 0
}

func isRegType(o OID) bool {
	switch o {
	case RegclassOID, RegtypeOID, RegprocOID, RegprocedureOID, RegoperOID, RegnamespaceOID, RegroleOID, XIDOID:
		return true
	}
	return false
}

// CompareFloat orders floats as PostgreSQL: NaN is larger than every other
// value (including Infinity) and equal to itself.
func CompareFloat(x, y float64) int {
	if c, ok := nanOrder(math.IsNaN(x), math.IsNaN(y)); ok {
		return c
	}
	return cmp.Compare(x, y)
}

// nanOrder orders NaN after every other value and equal to itself, as
// PostgreSQL's float and numeric comparisons do; decided is false when
// neither side is NaN.
func nanOrder(xNaN, yNaN bool) (c int, decided bool) {
	switch {
	case xNaN && yNaN:
		return 0, true
	case xNaN:
		return 1, true
	case yNaN:
		return -1, true
	}
	return 0, false
}

// intervalKey is PostgreSQL's interval comparison key: the interval as
// 128-bit microseconds with a month of 30 days and a day of 24 hours.
func intervalKey(iv Interval) (hi int64, lo uint64) {
	days := int64(iv.Months)*30 + int64(iv.Days)
	// days * usPerDay + Micros may exceed int64: use 128-bit arithmetic.
	h1, l1 := mul64to128(days, usPerDay)
	return add128(h1, l1, iv.Micros)
}

func mul64to128(a, b int64) (int64, uint64) {
	neg := (a < 0) != (b < 0)
	ua, ub := uint64(abs64(a)), uint64(abs64(b))
	hi, lo := mulU64(ua, ub)
	if neg {
		lo = ^lo + 1
		hi = ^hi
		if lo == 0 {
			hi++
		}
	}
	return int64(hi), lo
}

func mulU64(a, b uint64) (uint64, uint64) {
	const mask32 = 1<<32 - 1
	a0, a1 := a&mask32, a>>32
	b0, b1 := b&mask32, b>>32
	w0 := a0 * b0
	t := a1*b0 + w0>>32
	w1 := t & mask32
	w2 := t >> 32
	w1 += a0 * b1
	hi := a1*b1 + w2 + w1>>32
	return hi, a * b
}

func add128(hi int64, lo uint64, v int64) (int64, uint64) {
	vlo := uint64(v)
	vhi := int64(0)
	if v < 0 {
		vhi = -1
	}
	nlo := lo + vlo
	carry := int64(0)
	if nlo < lo {
		carry = 1
	}
	return hi + vhi + carry, nlo
}

// CompareInterval compares intervals as PostgreSQL does ('1 mon' = '30
// days', '1 day' = '24 hours').
func CompareInterval(a, b Interval) int {
	ah, al := intervalKey(a)
	bh, bl := intervalKey(b)
	switch {
	case ah < bh:
		return -1
	case ah > bh:
		return 1
	case al < bl:
		return -1
	case al > bl:
		return 1
	}
	return 0
}

// CompareArrays orders arrays like PostgreSQL's btarraycmp: elements in
// storage order (NULL after every value, equal to NULL), then the number
// of elements, the number of dimensions, dimension lengths, lower bounds.
func CompareArrays(a, b *Array) int {
	et := Of(a.Elem)
	n := min(len(a.Elems), len(b.Elems))
	if a.Elem == TextOID || a.Elem == VarcharOID || a.Elem == NameOID {
		for i := 0; i < n; i++ {
			x, xok := a.Elems[i].(string)
			y, yok := b.Elems[i].(string)
			if xok && yok {
				if c := strings.Compare(x, y); c != 0 {
					return c
				}
				continue
			}
			if c := Compare(a.Elems[i], b.Elems[i], et); c != 0 {
				return c
			}
		}
	} else {
		for i := 0; i < n; i++ {
			if c := Compare(a.Elems[i], b.Elems[i], et); c != 0 {
				return c
			}
		}
	}
	if len(a.Elems) != len(b.Elems) {
		return cmp.Compare(len(a.Elems), len(b.Elems))
	}
	if len(a.Dims) != len(b.Dims) {
		return cmp.Compare(len(a.Dims), len(b.Dims))
	}
	for i := range a.Dims {
		if a.Dims[i].Len != b.Dims[i].Len {
			return cmp.Compare(int64(a.Dims[i].Len), int64(b.Dims[i].Len))
		}
	}
	for i := range a.Dims {
		if a.Dims[i].Lower != b.Dims[i].Lower {
			return cmp.Compare(int64(a.Dims[i].Lower), int64(b.Dims[i].Lower))
		}
	}
	return 0
}

func compareRecords(a, b *Record) int {
	n := min(len(a.Values), len(b.Values))
	for i := 0; i < n; i++ {
		if c := Compare(a.Values[i], b.Values[i], a.FieldType(i)); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a.Values), len(b.Values))
}

// AppendKey appends a byte string that identifies d among values of type
// t: two values get equal keys exactly when Compare says they are equal
// (1.0 and 1.00, NaN and NaN, '1 mon' and '30 days', NULL and NULL). Use
// it to build hash keys for GROUP BY, DISTINCT, hash joins and IN lists:
// concatenating the keys of several columns is unambiguous. Keys do not
// preserve order.
func AppendKey(buf []byte, d Datum, t Type) []byte {
	if d == nil {
		return append(buf, 0)
	}
	switch x := d.(type) {
	case string:
		if t.OID == BPCharOID {
			x = strings.TrimRight(x, " ")
		}
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
		if math.IsNaN(x) {
			return append(buf, 4, 0xff)
		}
		if x == 0 {
			x = 0 // -0 == 0
		}
		buf = append(buf, 4)
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(x))
	case time.Time:
		buf = append(buf, 5)
		return binary.BigEndian.AppendUint64(buf, uint64(TimestampMicros(x)))
	case []byte:
		buf = append(buf, 6)
		buf = binary.AppendUvarint(buf, uint64(len(x)))
		return append(buf, x...)
	case *apd.Decimal:
		buf = append(buf, 7)
		switch x.Form {
		case apd.NaN, apd.NaNSignaling:
			return append(buf, 'N')
		case apd.Infinite:
			if x.Negative {
				return append(buf, '-', 'I')
			}
			return append(buf, 'I')
		}
		// Strip trailing zeros so that 1.0 and 1.00 agree.
		var r apd.Decimal
		r.Reduce(x)
		if r.Negative && r.Coeff.Sign() != 0 {
			buf = append(buf, '-')
		}
		buf = r.Coeff.Append(buf, 10)
		buf = append(buf, 'e')
		return binary.AppendVarint(buf, int64(r.Exponent))
	case Date:
		buf = append(buf, 8)
		return binary.BigEndian.AppendUint32(buf, uint32(x))
	case TimeOfDay:
		buf = append(buf, 9)
		return binary.BigEndian.AppendUint64(buf, uint64(x))
	case TimeTZ:
		return appendTimeTZBinary(append(buf, 16), x)
	case Interval:
		hi, lo := intervalKey(x)
		buf = append(buf, 10)
		buf = binary.BigEndian.AppendUint64(buf, uint64(hi))
		return binary.BigEndian.AppendUint64(buf, lo)
	case UUID:
		buf = append(buf, 11)
		return append(buf, x[:]...)
	case JSONB:
		buf = append(buf, 12)
		return appendJSONKey(buf, x.V)
	case TID:
		buf = append(buf, 13)
		buf = binary.BigEndian.AppendUint32(buf, x.Block)
		return binary.BigEndian.AppendUint16(buf, x.Offset)
	case *Array:
		buf = append(buf, 14)
		buf = binary.AppendUvarint(buf, uint64(len(x.Dims)))
		for _, dim := range x.Dims {
			buf = binary.AppendVarint(buf, int64(dim.Len))
			buf = binary.AppendVarint(buf, int64(dim.Lower))
		}
		et := Of(x.Elem)
		for _, e := range x.Elems {
			buf = AppendKey(buf, e, et)
		}
		return buf
	case *Record:
		buf = append(buf, 15)
		buf = binary.AppendUvarint(buf, uint64(len(x.Values)))
		for i, v := range x.Values {
			buf = AppendKey(buf, v, x.FieldType(i))
		}
		return buf
	}
	return append(buf, 0xfe)
}

func appendJSONKey(buf []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(buf, 'n')
	case bool:
		if x {
			return append(buf, 't')
		}
		return append(buf, 'f')
	case string:
		buf = append(buf, 's')
		buf = binary.AppendUvarint(buf, uint64(len(x)))
		return append(buf, x...)
	case *apd.Decimal:
		return AppendKey(append(buf, '#'), x, Of(NumericOID))
	case []any:
		buf = append(buf, '[')
		buf = binary.AppendUvarint(buf, uint64(len(x)))
		for _, e := range x {
			buf = appendJSONKey(buf, e)
		}
		return buf
	case JSONObject:
		buf = append(buf, '{')
		buf = binary.AppendUvarint(buf, uint64(len(x)))
		for _, p := range x {
			buf = binary.AppendUvarint(buf, uint64(len(p.Key)))
			buf = append(buf, p.Key...)
			buf = appendJSONKey(buf, p.Value)
		}
		return buf
	}
	return buf
}

var hashSeed = maphash.MakeSeed()

// Hash returns a hash of d consistent with Equal (values that compare
// equal hash equally). The seed is fixed per process.
func Hash(d Datum, t Type) uint64 {
	switch x := d.(type) {
	case string:
		if t.OID != BPCharOID {
			return maphash.String(hashSeed, x)
		}
	case int64:
		return maphash.Comparable(hashSeed, x)
	}
	var tmp [64]byte
	return maphash.Bytes(hashSeed, AppendKey(tmp[:0], d, t))
}
