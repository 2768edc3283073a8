package planner

// Value operations the executor needs on Datums: comparison, hashing keys,
// text and binary input/output, casts. The types package owns the complete
// versions (every type, every DateStyle); the functions here cover the
// types the planner itself produces and delegate to planner/types where it
// already provides an operation.

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
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

// formatSettings are the session settings that change how values print.
type formatSettings struct {
	loc              *time.Location
	extraFloatDigits int
}

var defaultFormat = &formatSettings{loc: time.UTC, extraFloatDigits: 1}

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

// ---- text output ----------------------------------------------------------

// formatText appends the text output of d (not NULL) as type t.
func formatText(buf []byte, t types.OID, d Datum, fs *formatSettings) []byte {
	switch x := d.(type) {
	case string:
		return append(buf, x...)
	case int64:
		switch t {
		case types.RegtypeOID, types.RegnamespaceOID:
			return append(buf, regName(t, x)...)
		}
		return strconv.AppendInt(buf, x, 10)
	case bool:
		if x {
			return append(buf, 't')
		}
		return append(buf, 'f')
	case float64:
		return appendFloat(buf, x, t == types.Float4OID, fs)
	case *apd.Decimal:
		return append(buf, formatDecimal(x)...)
	case []byte:
		buf = append(buf, '\\', 'x')
		return hex.AppendEncode(buf, x)
	case time.Time:
		switch t {
		case types.TimestampOID:
			return appendTimestamp(buf, x, nil)
		default:
			loc := time.UTC
			if fs != nil && fs.loc != nil {
				loc = fs.loc
			}
			return appendTimestamp(buf, x.In(loc), loc)
		}
	case types.Date:
		return appendDate(buf, x)
	case types.TimeOfDay:
		return appendTimeOfDay(buf, int64(x))
	case types.Interval:
		return appendInterval(buf, x)
	case types.UUID:
		var tmp [36]byte
		hex.Encode(tmp[0:8], x[0:4])
		tmp[8] = '-'
		hex.Encode(tmp[9:13], x[4:6])
		tmp[13] = '-'
		hex.Encode(tmp[14:18], x[6:8])
		tmp[18] = '-'
		hex.Encode(tmp[19:23], x[8:10])
		tmp[23] = '-'
		hex.Encode(tmp[24:36], x[10:16])
		return append(buf, tmp[:]...)
	case types.TID:
		return fmt.Appendf(buf, "(%d,%d)", x.Block, x.Offset)
	case *types.Array:
		return appendArrayText(buf, x, fs)
	case *types.Record:
		buf = append(buf, '(')
		for i, v := range x.Values {
			if i > 0 {
				buf = append(buf, ',')
			}
			if v == nil {
				continue
			}
			var et types.OID
			if i < len(x.Types) {
				et = x.Types[i].OID
			}
			s := formatText(nil, et, v, fs)
			buf = appendQuotedIfNeeded(buf, s, ',', true)
		}
		return append(buf, ')')
	case types.JSONB:
		return appendJSON(buf, x.V)
	}
	return fmt.Append(buf, d)
}

func formatDecimal(d *apd.Decimal) string {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return "NaN"
	case apd.Infinite:
		if d.Negative {
			return "-Infinity"
		}
		return "Infinity"
	}
	return d.Text('f')
}

func appendFloat(buf []byte, f float64, single bool, fs *formatSettings) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "NaN"...)
	case math.IsInf(f, 1):
		return append(buf, "Infinity"...)
	case math.IsInf(f, -1):
		return append(buf, "-Infinity"...)
	}
	bits := 64
	if single {
		bits = 32
	}
	extra := 1
	if fs != nil {
		extra = fs.extraFloatDigits
	}
	if extra > 0 {
		// Shortest exact representation, PostgreSQL style exponent.
		s := strconv.FormatFloat(f, 'e', -1, bits)
		return appendPGFloat(buf, s, f, bits, -1)
	}
	digits := 15
	if single {
		digits = 6
	}
	digits += extra
	if digits < 1 {
		digits = 1
	}
	s := strconv.FormatFloat(f, 'e', digits-1, bits)
	return appendPGFloat(buf, s, f, bits, digits)
}

// appendPGFloat renders like C's %g (PostgreSQL's output): scientific when
// the exponent is < -4 or >= the precision, else fixed, without trailing
// zeros.
func appendPGFloat(buf []byte, sci string, f float64, bits, precision int) []byte {
	mant, expS, _ := strings.Cut(sci, "e")
	exp, _ := strconv.Atoi(expS)
	ndig := len(strings.Replace(strings.TrimPrefix(mant, "-"), ".", "", 1))
	p := precision
	if p < 0 {
		// Shortest mode: PostgreSQL switches to exponent form when the
		// exponent is below -4 or at least the number of digits (min 15
		// for double, 6 for float4)... it uses %.{digits}g semantics with
		// the shortest digit count, i.e. fixed when -4 <= exp < 15 (17).
		p = 15
		if bits == 32 {
			p = 6
		}
		if ndig > p {
			p = ndig
		}
	}
	if exp < -4 || exp >= p {
		// d.ddde+XX with at least two exponent digits
		m := mant
		if strings.Contains(m, ".") {
			m = strings.TrimRight(m, "0")
			m = strings.TrimSuffix(m, ".")
		}
		buf = append(buf, m...)
		buf = append(buf, 'e')
		if exp < 0 {
			buf = append(buf, '-')
			exp = -exp
		} else {
			buf = append(buf, '+')
		}
		if exp < 10 {
			buf = append(buf, '0')
		}
		return strconv.AppendInt(buf, int64(exp), 10)
	}
	prec := p - 1 - exp
	if precision < 0 {
		prec = ndig - 1 - exp
	}
	if prec < 0 {
		prec = 0
	}
	s := strconv.FormatFloat(f, 'f', prec, bits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return append(buf, s...)
}

func appendTimestamp(buf []byte, t time.Time, loc *time.Location) []byte {
	y := t.Year()
	bc := y <= 0
	if bc {
		y = 1 - y
	}
	buf = appendPad(buf, y, 4)
	buf = append(buf, '-')
	buf = appendPad(buf, int(t.Month()), 2)
	buf = append(buf, '-')
	buf = appendPad(buf, t.Day(), 2)
	buf = append(buf, ' ')
	buf = appendPad(buf, t.Hour(), 2)
	buf = append(buf, ':')
	buf = appendPad(buf, t.Minute(), 2)
	buf = append(buf, ':')
	buf = appendPad(buf, t.Second(), 2)
	if us := t.Nanosecond() / 1000; us != 0 {
		buf = append(buf, '.')
		var tmp [6]byte
		for i := 5; i >= 0; i-- {
			tmp[i] = byte('0' + us%10)
			us /= 10
		}
		n := 6
		for n > 0 && tmp[n-1] == '0' {
			n--
		}
		buf = append(buf, tmp[:n]...)
	}
	if loc != nil {
		_, off := t.Zone()
		if off < 0 {
			buf = append(buf, '-')
			off = -off
		} else {
			buf = append(buf, '+')
		}
		buf = appendPad(buf, off/3600, 2)
		if m := (off % 3600) / 60; m != 0 || off%60 != 0 {
			buf = append(buf, ':')
			buf = appendPad(buf, m, 2)
			if s := off % 60; s != 0 {
				buf = append(buf, ':')
				buf = appendPad(buf, s, 2)
			}
		}
	}
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

func appendPad(buf []byte, v, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		buf = append(buf, '0')
	}
	return append(buf, s...)
}

func dateToTime(d types.Date) time.Time {
	return types.PostgresEpoch.AddDate(0, 0, int(d))
}

func appendDate(buf []byte, d types.Date) []byte {
	switch d {
	case types.DateNegInf:
		return append(buf, "-infinity"...)
	case types.DatePosInf:
		return append(buf, "infinity"...)
	}
	t := dateToTime(d)
	y := t.Year()
	bc := y <= 0
	if bc {
		y = 1 - y
	}
	buf = appendPad(buf, y, 4)
	buf = append(buf, '-')
	buf = appendPad(buf, int(t.Month()), 2)
	buf = append(buf, '-')
	buf = appendPad(buf, t.Day(), 2)
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

func appendTimeOfDay(buf []byte, us int64) []byte {
	h := us / 3600e6
	us -= h * 3600e6
	m := us / 60e6
	us -= m * 60e6
	s := us / 1e6
	us -= s * 1e6
	buf = appendPad(buf, int(h), 2)
	buf = append(buf, ':')
	buf = appendPad(buf, int(m), 2)
	buf = append(buf, ':')
	buf = appendPad(buf, int(s), 2)
	if us != 0 {
		f := fmt.Sprintf("%06d", us)
		buf = append(buf, '.')
		buf = append(buf, strings.TrimRight(f, "0")...)
	}
	return buf
}

func appendInterval(buf []byte, iv types.Interval) []byte {
	start := len(buf)
	years, months := iv.Months/12, iv.Months%12
	add := func(n int64, unit string) {
		if n == 0 {
			return
		}
		if len(buf) > start {
			buf = append(buf, ' ')
		}
		buf = strconv.AppendInt(buf, n, 10)
		buf = append(buf, ' ')
		buf = append(buf, unit...)
		if n != 1 && n != -1 {
			buf = append(buf, 's')
		}
	}
	add(int64(years), "year")
	add(int64(months), "mon")
	add(int64(iv.Days), "day")
	if iv.Micros != 0 || len(buf) == start {
		if len(buf) > start {
			buf = append(buf, ' ')
		}
		us := iv.Micros
		if us < 0 {
			buf = append(buf, '-')
			us = -us
		} else if len(buf) > start && (iv.Days < 0 || iv.Months < 0) {
			buf = append(buf, '+')
		}
		buf = appendTimeOfDay(buf, us)
	}
	return buf
}

func appendArrayText(buf []byte, a *types.Array, fs *formatSettings) []byte {
	if len(a.Dims) == 0 {
		return append(buf, '{', '}')
	}
	explicit := false
	for _, d := range a.Dims {
		if d.Lower != 1 {
			explicit = true
		}
	}
	if explicit {
		for _, d := range a.Dims {
			buf = fmt.Appendf(buf, "[%d:%d]", d.Lower, d.Lower+d.Len-1)
		}
		buf = append(buf, '=')
	}
	idx := 0
	var rec func(dim int)
	var tmp []byte
	rec = func(dim int) {
		buf = append(buf, '{')
		for i := int32(0); i < a.Dims[dim].Len; i++ {
			if i > 0 {
				buf = append(buf, ',')
			}
			if dim+1 < len(a.Dims) {
				rec(dim + 1)
				continue
			}
			e := a.Elems[idx]
			idx++
			if e == nil {
				buf = append(buf, "NULL"...)
				continue
			}
			tmp = formatText(tmp[:0], a.Elem, e, fs)
			buf = appendQuotedIfNeeded(buf, tmp, ',', false)
		}
		buf = append(buf, '}')
	}
	rec(0)
	return buf
}

// appendQuotedIfNeeded quotes an array element (or record field) when it
// needs it, as array_out/record_out do.
func appendQuotedIfNeeded(buf, s []byte, delim byte, record bool) []byte {
	need := len(s) == 0
	if !record && len(s) == 4 && strings.EqualFold(string(s), "null") {
		need = true
	}
	for _, c := range s {
		if c == '"' || c == '\\' || c == delim || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			need = true
			break
		}
		if !record && (c == '{' || c == '}') {
			need = true
			break
		}
		if record && (c == '(' || c == ')') {
			need = true
			break
		}
	}
	if record && len(s) == 0 {
		return append(buf, '"', '"')
	}
	if !need {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for _, c := range s {
		if c == '"' || c == '\\' {
			buf = append(buf, '\\')
		}
		buf = append(buf, c)
	}
	return append(buf, '"')
}

func appendJSON(buf []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...)
	case bool:
		return strconv.AppendBool(buf, x)
	case string:
		return strconv.AppendQuote(buf, x)
	case float64:
		return strconv.AppendFloat(buf, x, 'g', -1, 64)
	case *apd.Decimal:
		return append(buf, x.Text('f')...)
	case []any:
		buf = append(buf, '[')
		for i, e := range x {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = appendJSON(buf, e)
		}
		return append(buf, ']')
	}
	return fmt.Append(buf, v)
}

// ---- binary output ----------------------------------------------------------

// formatBinary appends the binary (send) representation of d as type t.
func formatBinary(buf []byte, t types.OID, d Datum) ([]byte, error) {
	switch t {
	case types.BoolOID:
		if d.(bool) {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case types.Int2OID:
		return binary.BigEndian.AppendUint16(buf, uint16(d.(int64))), nil
	case types.Int4OID, types.OidOID, types.RegclassOID, types.RegtypeOID, types.RegprocOID, types.RegnamespaceOID, types.XIDOID:
		return binary.BigEndian.AppendUint32(buf, uint32(d.(int64))), nil
	case types.Int8OID:
		return binary.BigEndian.AppendUint64(buf, uint64(d.(int64))), nil
	case types.Float4OID:
		return binary.BigEndian.AppendUint32(buf, math.Float32bits(float32(d.(float64)))), nil
	case types.Float8OID:
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(d.(float64))), nil
	case types.TextOID, types.VarcharOID, types.BPCharOID, types.NameOID, types.UnknownOID, types.CharOID, types.JSONOID:
		return append(buf, d.(string)...), nil
	case types.ByteaOID:
		return append(buf, d.([]byte)...), nil
	case types.TimestampTZOID, types.TimestampOID:
		return binary.BigEndian.AppendUint64(buf, uint64(timeToPGMicros(d.(time.Time)))), nil
	case types.DateOID:
		return binary.BigEndian.AppendUint32(buf, uint32(int32(d.(types.Date)))), nil
	case types.TimeOID:
		return binary.BigEndian.AppendUint64(buf, uint64(d.(types.TimeOfDay))), nil
	case types.IntervalOID:
		iv := d.(types.Interval)
		buf = binary.BigEndian.AppendUint64(buf, uint64(iv.Micros))
		buf = binary.BigEndian.AppendUint32(buf, uint32(iv.Days))
		return binary.BigEndian.AppendUint32(buf, uint32(iv.Months)), nil
	case types.UUIDOID:
		u := d.(types.UUID)
		return append(buf, u[:]...), nil
	case types.JSONBOID:
		buf = append(buf, 1)
		return appendJSON(buf, d.(types.JSONB).V), nil
	case types.NumericOID:
		return appendNumericBinary(buf, d.(*apd.Decimal)), nil
	case types.TIDOID:
		x := d.(types.TID)
		buf = binary.BigEndian.AppendUint32(buf, x.Block)
		return binary.BigEndian.AppendUint16(buf, x.Offset), nil
	}
	if elem := types.ElemOf(t); elem != 0 {
		a := d.(*types.Array)
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(a.Dims)))
		hasNull := uint32(0)
		for _, e := range a.Elems {
			if e == nil {
				hasNull = 1
				break
			}
		}
		buf = binary.BigEndian.AppendUint32(buf, hasNull)
		buf = binary.BigEndian.AppendUint32(buf, uint32(a.Elem))
		for _, dim := range a.Dims {
			buf = binary.BigEndian.AppendUint32(buf, uint32(dim.Len))
			buf = binary.BigEndian.AppendUint32(buf, uint32(dim.Lower))
		}
		for _, e := range a.Elems {
			if e == nil {
				buf = binary.BigEndian.AppendUint32(buf, 0xffffffff)
				continue
			}
			at := len(buf)
			buf = append(buf, 0, 0, 0, 0)
			var err error
			buf, err = formatBinary(buf, a.Elem, e)
			if err != nil {
				return nil, err
			}
			binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
		}
		return buf, nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "binary output of type %s is not supported", types.Of(t))
}

func timeToPGMicros(t time.Time) int64 {
	return t.Sub(types.PostgresEpoch).Microseconds()
}

func pgMicrosToTime(us int64) time.Time {
	return types.PostgresEpoch.Add(time.Duration(us) * time.Microsecond).UTC()
}

// appendNumericBinary writes numeric_send's format: ndigits, weight, sign,
// dscale, then base-10000 digits.
func appendNumericBinary(buf []byte, d *apd.Decimal) []byte {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return append(buf, 0, 0, 0, 0, 0xC0, 0, 0, 0)
	case apd.Infinite:
		if d.Negative {
			return append(buf, 0, 0, 0, 0, 0xF0, 0, 0, 0)
		}
		return append(buf, 0, 0, 0, 0, 0xD0, 0, 0, 0)
	}
	s := d.Text('f')
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	dscale := len(frac)
	intPart = strings.TrimLeft(intPart, "0")
	// pad integer part to multiple of 4 on the left, frac to multiple of 4 on the right
	for len(intPart)%4 != 0 {
		intPart = "0" + intPart
	}
	for len(frac)%4 != 0 {
		frac += "0"
	}
	all := intPart + frac
	var digits []uint16
	for i := 0; i < len(all); i += 4 {
		v, _ := strconv.Atoi(all[i : i+4])
		digits = append(digits, uint16(v))
	}
	weight := len(intPart)/4 - 1
	// strip leading zero groups
	for len(digits) > 0 && digits[0] == 0 {
		digits = digits[1:]
		weight--
	}
	for len(digits) > 0 && digits[len(digits)-1] == 0 {
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 {
		weight = 0
	}
	sign := uint16(0)
	if neg && len(digits) > 0 {
		sign = 0x4000
	}
	buf = binary.BigEndian.AppendUint16(buf, uint16(len(digits)))
	buf = binary.BigEndian.AppendUint16(buf, uint16(int16(weight)))
	buf = binary.BigEndian.AppendUint16(buf, sign)
	buf = binary.BigEndian.AppendUint16(buf, uint16(dscale))
	for _, dg := range digits {
		buf = binary.BigEndian.AppendUint16(buf, dg)
	}
	return buf
}

// ---- input --------------------------------------------------------------------

func invalidInput(typ types.OID, s string) error {
	return pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: %q", types.TypeName(typ), s)
}

// parseText converts text input to a value of type t.
func parseText(t types.OID, s string, fs *formatSettings) (Datum, error) {
	switch t {
	case types.TextOID, types.VarcharOID, types.BPCharOID, types.NameOID, types.UnknownOID, types.JSONOID, types.CharOID:
		return s, nil
	case types.BoolOID:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "t", "true", "yes", "y", "on", "1", "tr", "tru", "ye":
			return true, nil
		case "f", "false", "no", "n", "off", "0", "fa", "fal", "fals", "of":
			return false, nil
		}
		return nil, invalidInput(types.BoolOID, s)
	case types.Int2OID, types.Int4OID, types.Int8OID, types.OidOID:
		v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return nil, pgerr.Newf(pgerr.NumericValueOutOfRange, "value %q is out of range for type %s", s, types.TypeName(t))
			}
			return nil, invalidInput(t, s)
		}
		return checkIntRange(t, v)
	case types.Float4OID, types.Float8OID:
		v, err := parseFloat(strings.TrimSpace(s))
		if err != nil {
			return nil, invalidInput(t, s)
		}
		if t == types.Float4OID {
			v = float64(float32(v))
		}
		return v, nil
	case types.NumericOID:
		d, _, err := apd.NewFromString(strings.TrimSpace(s))
		if err != nil {
			return nil, invalidInput(t, s)
		}
		return d, nil
	case types.ByteaOID:
		return parseBytea(s)
	case types.TimestampTZOID:
		loc := time.UTC
		if fs != nil && fs.loc != nil {
			loc = fs.loc
		}
		return parseTimestamp(s, loc, true)
	case types.TimestampOID:
		return parseTimestamp(s, time.UTC, false)
	case types.DateOID:
		tm, err := parseTimestamp(s, time.UTC, false)
		if err != nil {
			return nil, invalidInput(t, s)
		}
		return types.Date(tm.(time.Time).Sub(types.PostgresEpoch).Hours() / 24), nil
	case types.UUIDOID:
		h := strings.ReplaceAll(strings.Trim(strings.TrimSpace(s), "{}"), "-", "")
		b, err := hex.DecodeString(h)
		if err != nil || len(b) != 16 {
			return nil, invalidInput(t, s)
		}
		var u types.UUID
		copy(u[:], b)
		return u, nil
	case types.IntervalOID:
		return parseInterval(s)
	}
	if elem := types.ElemOf(t); elem != 0 {
		return parseArrayText(elem, s, fs)
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "input of type %s is not supported", types.Of(t))
}

func checkIntRange(t types.OID, v int64) (Datum, error) {
	switch t {
	case types.Int2OID:
		if v < math.MinInt16 || v > math.MaxInt16 {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "smallint out of range")
		}
	case types.Int4OID:
		if v < math.MinInt32 || v > math.MaxInt32 {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range")
		}
	case types.OidOID:
		if v < math.MinInt32 || v > math.MaxUint32 {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "OID out of range")
		}
		if v < 0 {
			v = int64(uint32(int32(v)))
		}
	}
	return v, nil
}

func parseFloat(s string) (float64, error) {
	switch strings.ToLower(s) {
	case "nan":
		return math.NaN(), nil
	case "infinity", "inf", "+infinity", "+inf":
		return math.Inf(1), nil
	case "-infinity", "-inf":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(s, 64)
}

func parseBytea(s string) (Datum, error) {
	if strings.HasPrefix(s, `\x`) {
		h := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
				return -1
			}
			return r
		}, s[2:])
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid hexadecimal data: odd number of digits")
		}
		return b, nil
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			out = append(out, '\\')
			i++
			continue
		}
		if i+3 < len(s) {
			v, err := strconv.ParseUint(s[i+1:i+4], 8, 8)
			if err == nil {
				out = append(out, byte(v))
				i += 3
				continue
			}
		}
		return nil, invalidInput(types.ByteaOID, s)
	}
	return out, nil
}

var tsLayouts = []string{
	"2006-01-02 15:04:05.999999999Z07:00:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z07",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999 MST",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006-01-02Z07",
}

func parseTimestamp(s string, loc *time.Location, withTZ bool) (Datum, error) {
	str := strings.TrimSpace(s)
	switch strings.ToLower(str) {
	case "epoch":
		return time.Unix(0, 0).UTC(), nil
	case "infinity":
		return time.Date(294277, 1, 1, 0, 0, 0, 0, time.UTC), nil
	case "-infinity":
		return time.Date(-4713, 1, 1, 0, 0, 0, 0, time.UTC), nil
	}
	if strings.HasSuffix(str, " UTC") || strings.HasSuffix(str, " utc") {
		str = str[:len(str)-4] + "Z"
	}
	for _, l := range tsLayouts {
		var tm time.Time
		var err error
		if withTZ {
			tm, err = time.ParseInLocation(l, str, loc)
		} else {
			tm, err = time.ParseInLocation(l, str, time.UTC)
			if err == nil {
				tm = time.Date(tm.Year(), tm.Month(), tm.Day(), tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond(), time.UTC)
			}
		}
		if err == nil {
			return roundMicros(tm.UTC()), nil
		}
	}
	oid := types.TimestampOID
	if withTZ {
		oid = types.TimestampTZOID
	}
	return nil, pgerr.Newf(pgerr.InvalidDatetimeFormat, "invalid input syntax for type %s: %q", types.TypeName(oid), s)
}

// roundMicros rounds to PostgreSQL's microsecond precision.
func roundMicros(t time.Time) time.Time { return t.Round(time.Microsecond) }

func parseInterval(s string) (Datum, error) {
	var iv types.Interval
	fields := strings.Fields(strings.ToLower(s))
	if len(fields) == 0 {
		return nil, invalidInput(types.IntervalOID, s)
	}
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.Contains(f, ":") {
			neg := strings.HasPrefix(f, "-")
			f = strings.TrimLeft(f, "+-")
			parts := strings.Split(f, ":")
			var h, m int64
			var sec float64
			h, _ = strconv.ParseInt(parts[0], 10, 64)
			if len(parts) > 1 {
				m, _ = strconv.ParseInt(parts[1], 10, 64)
			}
			if len(parts) > 2 {
				sec, _ = strconv.ParseFloat(parts[2], 64)
			}
			us := h*3600e6 + m*60e6 + int64(math.Round(sec*1e6))
			if neg {
				us = -us
			}
			iv.Micros += us
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, invalidInput(types.IntervalOID, s)
		}
		unit := "second"
		if i+1 < len(fields) {
			unit = strings.TrimSuffix(fields[i+1], "s")
			i++
		}
		switch unit {
		case "year", "y", "yr":
			iv.Months += int32(v * 12)
		case "mon", "month", "mons":
			iv.Months += int32(v)
		case "week", "w":
			iv.Days += int32(v * 7)
		case "day", "d":
			iv.Days += int32(v)
		case "hour", "h", "hr":
			iv.Micros += int64(v * 3600e6)
		case "minute", "min", "m":
			iv.Micros += int64(v * 60e6)
		case "second", "sec", "s":
			iv.Micros += int64(math.Round(v * 1e6))
		case "millisecond", "ms", "msec":
			iv.Micros += int64(v * 1e3)
		case "microsecond", "us", "usec":
			iv.Micros += int64(v)
		default:
			return nil, invalidInput(types.IntervalOID, s)
		}
	}
	return iv, nil
}

// parseArrayText parses array_in's format for one- and multi-dimensional
// arrays.
func parseArrayText(elem types.OID, s string, fs *formatSettings) (Datum, error) {
	p := arrayParser{s: s, elem: elem, fs: fs}
	return p.parse()
}

type arrayParser struct {
	s    string
	i    int
	elem types.OID
	fs   *formatSettings
}

func (p *arrayParser) errf() error {
	return pgerr.Newf(pgerr.InvalidTextRepresentation, "malformed array literal: %q", p.s)
}

func (p *arrayParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *arrayParser) parse() (Datum, error) {
	p.skipSpace()
	var lowers []int32
	if p.i < len(p.s) && p.s[p.i] == '[' {
		// explicit bounds [l:u][l:u]=
		for p.i < len(p.s) && p.s[p.i] == '[' {
			end := strings.IndexByte(p.s[p.i:], ']')
			if end < 0 {
				return nil, p.errf()
			}
			lo, _, ok := strings.Cut(p.s[p.i+1:p.i+end], ":")
			if !ok {
				return nil, p.errf()
			}
			l, err := strconv.Atoi(strings.TrimSpace(lo))
			if err != nil {
				return nil, p.errf()
			}
			lowers = append(lowers, int32(l))
			p.i += end + 1
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != '=' {
			return nil, p.errf()
		}
		p.i++
		p.skipSpace()
	}
	if p.i >= len(p.s) || p.s[p.i] != '{' {
		return nil, pgerr.Newf(pgerr.InvalidTextRepresentation, "malformed array literal: %q", p.s).WithDetail("Array value must start with \"{\" or dimension information.")
	}
	var elems []Datum
	var dims []int32
	if err := p.parseLevel(0, &dims, &elems); err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i != len(p.s) {
		return nil, pgerr.Newf(pgerr.InvalidTextRepresentation, "malformed array literal: %q", p.s).WithDetail("Junk after closing right brace.")
	}
	a := &types.Array{Elem: p.elem, Elems: elems}
	if len(elems) == 0 {
		return a, nil
	}
	for i, d := range dims {
		lower := int32(1)
		if i < len(lowers) {
			lower = lowers[i]
		}
		a.Dims = append(a.Dims, types.ArrayDim{Len: d, Lower: lower})
	}
	return a, nil
}

func (p *arrayParser) parseLevel(level int, dims *[]int32, elems *[]Datum) error {
	// at '{'
	p.i++
	if len(*dims) <= level {
		*dims = append(*dims, -1)
	}
	count := int32(0)
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		if level > 0 || count != 0 {
			(*dims)[level] = 0
		}
		*dims = (*dims)[:level]
		return nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return p.errf()
		}
		if p.s[p.i] == '{' {
			if err := p.parseLevel(level+1, dims, elems); err != nil {
				return err
			}
		} else {
			if len(*dims) > level+1 {
				return p.errf()
			}
			v, isNull, err := p.parseElem()
			if err != nil {
				return err
			}
			if isNull {
				*elems = append(*elems, nil)
			} else {
				d, err := parseText(p.elem, v, p.fs)
				if err != nil {
					return err
				}
				*elems = append(*elems, d)
			}
		}
		count++
		p.skipSpace()
		if p.i >= len(p.s) {
			return p.errf()
		}
		if p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.s[p.i] == '}' {
			p.i++
			break
		}
		return p.errf()
	}
	if (*dims)[level] == -1 {
		(*dims)[level] = count
	} else if (*dims)[level] != count {
		return pgerr.Newf(pgerr.InvalidTextRepresentation, "malformed array literal: %q", p.s).WithDetail("Multidimensional arrays must have sub-arrays with matching dimensions.")
	}
	return nil
}

func (p *arrayParser) parseElem() (string, bool, error) {
	if p.s[p.i] == '"' {
		p.i++
		var b strings.Builder
		for p.i < len(p.s) {
			c := p.s[p.i]
			if c == '\\' && p.i+1 < len(p.s) {
				b.WriteByte(p.s[p.i+1])
				p.i += 2
				continue
			}
			if c == '"' {
				p.i++
				return b.String(), false, nil
			}
			b.WriteByte(c)
			p.i++
		}
		return "", false, p.errf()
	}
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == ',' || c == '}' {
			break
		}
		if c == '{' || c == '"' {
			return "", false, p.errf()
		}
		if c == '\\' && p.i+1 < len(p.s) {
			b.WriteByte(p.s[p.i+1])
			p.i += 2
			continue
		}
		b.WriteByte(c)
		p.i++
	}
	v := strings.TrimRight(b.String(), " \t\n\r")
	if v == "" {
		return "", false, p.errf()
	}
	if strings.EqualFold(v, "null") {
		return "", true, nil
	}
	return v, false, nil
}

// parseBinary decodes a binary-format parameter of type t.
func parseBinary(t types.OID, b []byte) (Datum, error) {
	bad := func() error {
		return pgerr.Newf(pgerr.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
	}
	switch t {
	case types.BoolOID:
		if len(b) != 1 {
			return nil, bad()
		}
		return b[0] != 0, nil
	case types.Int2OID:
		if len(b) != 2 {
			return nil, bad()
		}
		return int64(int16(binary.BigEndian.Uint16(b))), nil
	case types.Int4OID:
		if len(b) != 4 {
			return nil, bad()
		}
		return int64(int32(binary.BigEndian.Uint32(b))), nil
	case types.OidOID:
		if len(b) != 4 {
			return nil, bad()
		}
		return int64(binary.BigEndian.Uint32(b)), nil
	case types.Int8OID:
		if len(b) != 8 {
			return nil, bad()
		}
		return int64(binary.BigEndian.Uint64(b)), nil
	case types.Float4OID:
		if len(b) != 4 {
			return nil, bad()
		}
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b))), nil
	case types.Float8OID:
		if len(b) != 8 {
			return nil, bad()
		}
		return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
	case types.TextOID, types.VarcharOID, types.BPCharOID, types.NameOID, types.UnknownOID, types.JSONOID, types.CharOID:
		return string(b), nil
	case types.ByteaOID:
		return append([]byte(nil), b...), nil
	case types.TimestampTZOID, types.TimestampOID:
		if len(b) != 8 {
			return nil, bad()
		}
		return pgMicrosToTime(int64(binary.BigEndian.Uint64(b))), nil
	case types.DateOID:
		if len(b) != 4 {
			return nil, bad()
		}
		return types.Date(int32(binary.BigEndian.Uint32(b))), nil
	case types.UUIDOID:
		if len(b) != 16 {
			return nil, bad()
		}
		var u types.UUID
		copy(u[:], b)
		return u, nil
	case types.IntervalOID:
		if len(b) != 16 {
			return nil, bad()
		}
		return types.Interval{Micros: int64(binary.BigEndian.Uint64(b)), Days: int32(binary.BigEndian.Uint32(b[8:])), Months: int32(binary.BigEndian.Uint32(b[12:]))}, nil
	case types.NumericOID:
		return parseNumericBinary(b)
	case types.JSONBOID:
		if len(b) < 1 || b[0] != 1 {
			return nil, bad()
		}
		return nil, pgerr.New(pgerr.FeatureNotSupported, "binary jsonb parameters are not supported")
	}
	if elem := types.ElemOf(t); elem != 0 {
		if len(b) < 12 {
			return nil, bad()
		}
		ndim := int(binary.BigEndian.Uint32(b))
		elemOID := types.OID(binary.BigEndian.Uint32(b[8:]))
		if elemOID != elem && elemOID != 0 {
			// Accept int/text variants by decoding with the sent element type,
			// then converting.
		}
		off := 12
		a := &types.Array{Elem: elem}
		total := 1
		for i := 0; i < ndim; i++ {
			if len(b) < off+8 {
				return nil, bad()
			}
			l := int32(binary.BigEndian.Uint32(b[off:]))
			lo := int32(binary.BigEndian.Uint32(b[off+4:]))
			a.Dims = append(a.Dims, types.ArrayDim{Len: l, Lower: lo})
			total *= int(l)
			off += 8
		}
		if ndim == 0 {
			total = 0
		}
		a.Elems = make([]Datum, 0, total)
		for i := 0; i < total; i++ {
			if len(b) < off+4 {
				return nil, bad()
			}
			n := int32(binary.BigEndian.Uint32(b[off:]))
			off += 4
			if n < 0 {
				a.Elems = append(a.Elems, nil)
				continue
			}
			if len(b) < off+int(n) {
				return nil, bad()
			}
			src := elemOID
			if src == 0 {
				src = elem
			}
			v, err := parseBinary(src, b[off:off+int(n)])
			if err != nil {
				return nil, err
			}
			if src != elem {
				v, err = castValue(v, types.Of(src), types.Of(elem), nil)
				if err != nil {
					return nil, err
				}
			}
			a.Elems = append(a.Elems, v)
			off += int(n)
		}
		return a, nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "binary input of type %s is not supported", types.Of(t))
}

func parseNumericBinary(b []byte) (Datum, error) {
	if len(b) < 8 {
		return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid numeric binary data")
	}
	ndig := int(binary.BigEndian.Uint16(b))
	weight := int(int16(binary.BigEndian.Uint16(b[2:])))
	sign := binary.BigEndian.Uint16(b[4:])
	dscale := int(binary.BigEndian.Uint16(b[6:]))
	switch sign {
	case 0xC000:
		return &apd.Decimal{Form: apd.NaN}, nil
	case 0xD000:
		return &apd.Decimal{Form: apd.Infinite}, nil
	case 0xF000:
		return &apd.Decimal{Form: apd.Infinite, Negative: true}, nil
	}
	if len(b) < 8+2*ndig {
		return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid numeric binary data")
	}
	var sb strings.Builder
	if sign == 0x4000 {
		sb.WriteByte('-')
	}
	// integer part
	var digits []int
	for i := 0; i < ndig; i++ {
		digits = append(digits, int(binary.BigEndian.Uint16(b[8+2*i:])))
	}
	intGroups := weight + 1
	if intGroups <= 0 {
		sb.WriteByte('0')
	} else {
		for i := 0; i < intGroups; i++ {
			d := 0
			if i < len(digits) {
				d = digits[i]
			}
			if i == 0 {
				sb.WriteString(strconv.Itoa(d))
			} else {
				fmt.Fprintf(&sb, "%04d", d)
			}
		}
	}
	if dscale > 0 {
		var fr strings.Builder
		for i := intGroups; fr.Len() < dscale; i++ {
			d := 0
			if i >= 0 && i < len(digits) {
				d = digits[i]
			}
			fmt.Fprintf(&fr, "%04d", d)
		}
		sb.WriteByte('.')
		sb.WriteString(fr.String()[:dscale])
	}
	d, _, err := apd.NewFromString(sb.String())
	if err != nil {
		return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid numeric binary data")
	}
	return d, nil
}
