package types

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/cockroachdb/apd/v3"
)

// AppendText appends the PostgreSQL text output of d (of type t) to buf, as
// PostgreSQL 15 prints it under the settings s (nil means
// DefaultSettings). d must not be NULL: the caller sends NULL itself (a -1
// length on the wire, an empty field in COPY). Values whose Go type does not
// match t are printed by their Go type, so a mismatch shows up in tests
// rather than as a panic.
func AppendText(buf []byte, d Datum, t Type, s *Settings) []byte {
	s = orDefault(s)
	switch v := d.(type) {
	case string:
		if t.OID == CharOID && len(v) == 1 && v[0] >= 0x80 {
			c := v[0]
			return append(buf, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
		}
		return append(buf, v...)
	case int64:
		if t.OID == RegtypeOID {
			if v == 0 {
				return append(buf, '-')
			}
			if info := infos[OID(v)]; info != nil {
				return append(buf, FormatType(OID(v), -1)...)
			}
		}
		return strconv.AppendInt(buf, v, 10)
	case bool:
		if v {
			return append(buf, 't')
		}
		return append(buf, 'f')
	case time.Time:
		return appendTimestamp(buf, v, t.OID != TimestampOID, s)
	case *Array:
		if IsVector(t.OID) {
			for i, e := range v.Elems {
				if i > 0 {
					buf = append(buf, ' ')
				}
				buf = strconv.AppendInt(buf, e.(int64), 10)
			}
			return buf
		}
		return appendArray(buf, v, s)
	case []byte:
		return appendBytea(buf, v, s.ByteaOutput)
	case float64:
		if t.OID == Float4OID {
			return appendFloat4(buf, v, s.ExtraFloatDigits)
		}
		return appendFloat8(buf, v, s.ExtraFloatDigits)
	case *apd.Decimal:
		return appendNumeric(buf, v)
	case Date:
		return appendDate(buf, v, s)
	case TimeOfDay:
		return appendTimeOfDay(buf, v)
	case TimeTZ:
		return appendTimeTZ(buf, v)
	case Interval:
		return appendInterval(buf, v, s.IntervalStyle)
	case UUID:
		return appendUUID(buf, v)
	case JSONB:
		return appendJSONB(buf, v)
	case TID:
		buf = append(buf, '(')
		buf = strconv.AppendUint(buf, uint64(v.Block), 10)
		buf = append(buf, ',')
		buf = strconv.AppendUint(buf, uint64(v.Offset), 10)
		return append(buf, ')')
	case *Record:
		return appendRecord(buf, v, s)
	case nil:
		return buf
	}
	return fmt.Appendf(buf, "%v", d)
}

// Text returns the text output of d; NULL is "" (use AppendText on hot
// paths).
func Text(d Datum, t Type, s *Settings) string {
	if d == nil {
		return ""
	}
	return string(AppendText(nil, d, t, s))
}

// ---- floats ----

// appendFloat8 prints a float8 like PostgreSQL's float8out.
func appendFloat8(buf []byte, f float64, efd int) []byte {
	return appendFloat(buf, f, efd, 64)
}

// appendFloat4 prints a float4 (held as a float64 that is exactly a
// float32) like float4out.
func appendFloat4(buf []byte, f float64, efd int) []byte {
	return appendFloat(buf, f, efd, 32)
}

func appendFloat(buf []byte, f float64, efd int, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "NaN"...)
	case math.IsInf(f, 1):
		return append(buf, "Infinity"...)
	case math.IsInf(f, -1):
		return append(buf, "-Infinity"...)
	}
	digs := 15 // DBL_DIG
	if bits == 32 {
		digs = 6 // FLT_DIG
	}
	if efd <= 0 {
		p := digs + efd
		if p < 1 {
			p = 1
		}
		return strconv.AppendFloat(buf, f, 'g', p, bits)
	}
	// Shortest exact representation; exponent form when the decimal
	// exponent is below -4 or at least the type's digits.
	if f == math.Trunc(f) && math.Abs(f) < 1e15 && (bits == 64 || math.Abs(f) < 1e6) {
		if f == 0 && math.Signbit(f) {
			return append(buf, "-0"...)
		}
		return strconv.AppendInt(buf, int64(f), 10)
	}
	var tmp [40]byte
	e := shortestExp(tmp[:0], f, bits)
	exp := 0
	for i := len(e) - 1; i >= 0; i-- {
		if e[i] == 'e' {
			exp, _ = strconv.Atoi(string(e[i+1:]))
			break
		}
	}
	if exp < -4 || exp >= digs {
		return append(buf, e...)
	}
	return appendFixedFromExp(buf, e, exp)
}

// shortestExp returns the shortest 'e' representation of f that lies
// strictly inside f's rounding interval. PostgreSQL's Ryu is built without
// STRICTLY_SHORTEST, so it never prints a decimal that sits exactly on the
// boundary between two floats; Go's strconv does when the mantissa is
// even, so such results get one more digit.
func shortestExp(buf []byte, f float64, bits int) []byte {
	e := strconv.AppendFloat(buf, f, 'e', -1, bits)
	mant, exp := splitExp(e)
	digits := len(mant)
	if mant[0] == '-' {
		digits--
	}
	if digits > 1 {
		digits-- // the '.'
	}
	if !mayBeOnBoundary(mant, exp) || !onBoundary(mant, exp, f, bits) {
		return e
	}
	for prec := digits; prec < 20; prec++ {
		e = strconv.AppendFloat(buf[:0], f, 'e', prec, bits)
		m, x := splitExp(e)
		m = trimMantissaZeros(m)
		if !onBoundary(m, x, f, bits) {
			out := append(buf[:0], m...)
			return append(out, e[len(e)-len(x)-1:]...)
		}
	}
	return e
}

func splitExp(e []byte) (mant []byte, exp []byte) {
	for i := len(e) - 1; i >= 0; i-- {
		if e[i] == 'e' {
			return e[:i], e[i+1:]
		}
	}
	return e, nil
}

func trimMantissaZeros(m []byte) []byte {
	dot := false
	for _, c := range m {
		if c == '.' {
			dot = true
		}
	}
	if !dot {
		return m
	}
	for len(m) > 0 && m[len(m)-1] == '0' {
		m = m[:len(m)-1]
	}
	if len(m) > 0 && m[len(m)-1] == '.' {
		m = m[:len(m)-1]
	}
	return m
}

// mayBeOnBoundary is a cheap necessary condition for onBoundary: a
// rounding boundary is a dyadic rational, so a decimal with k digits after
// the point can only be one if its digits are divisible by 5^k.
func mayBeOnBoundary(mant, exp []byte) bool {
	var digits uint64
	n := 0
	for _, c := range mant {
		if c >= '0' && c <= '9' {
			digits = digits*10 + uint64(c-'0')
			n++
		}
	}
	e, err := strconv.Atoi(string(exp))
	if err != nil {
		return true
	}
	k := n - 1 - e // digits after the decimal point
	if k <= 0 {
		return true
	}
	if k > 27 {
		return false
	}
	p := uint64(1)
	for i := 0; i < k; i++ {
		p *= 5
	}
	return digits%p == 0
}

// onBoundary reports whether the decimal mant×10^exp is exactly halfway
// between f and a neighbour: nudging it by a tiny amount either way then
// parses to a different float.
func onBoundary(mant, exp []byte, f float64, bits int) bool {
	const tiny = "000000000000000000000000001" // far below half an ulp
	var b [80]byte
	up := append(b[:0], mant...)
	if !containsDot(mant) {
		up = append(up, '.')
	}
	up = append(append(append(up, tiny...), 'e'), exp...)
	if v, err := strconv.ParseFloat(string(up), bits); err == nil && v != f {
		return true
	}
	// decrement the last digit and append nines
	dn := append([]byte(nil), mant...)
	i := len(dn) - 1
	for i >= 0 && (dn[i] == '0' || dn[i] == '.') {
		if dn[i] == '0' {
			dn[i] = '9'
		}
		i--
	}
	if i < 0 || dn[i] < '1' || dn[i] > '9' {
		return false
	}
	dn[i]--
	if !containsDot(dn) {
		dn = append(dn, '.')
	}
	dn = append(append(dn, "999999999999999999999999999e"...), exp...)
	if v, err := strconv.ParseFloat(string(dn), bits); err == nil && v != f {
		return true
	}
	return false
}

func containsDot(b []byte) bool {
	for _, c := range b {
		if c == '.' {
			return true
		}
	}
	return false
}

// appendFixedFromExp rewrites "d.ddde±x" (x within -4..digs) in plain
// notation.
func appendFixedFromExp(buf, e []byte, exp int) []byte {
	mant, _ := splitExp(e)
	neg := mant[0] == '-'
	if neg {
		buf = append(buf, '-')
		mant = mant[1:]
	}
	digits := make([]byte, 0, len(mant))
	for _, c := range mant {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	point := exp + 1 // digits before the decimal point
	switch {
	case point <= 0:
		buf = append(buf, '0', '.')
		for i := 0; i < -point; i++ {
			buf = append(buf, '0')
		}
		return append(buf, digits...)
	case point >= len(digits):
		buf = append(buf, digits...)
		for i := len(digits); i < point; i++ {
			buf = append(buf, '0')
		}
		return buf
	}
	buf = append(buf, digits[:point]...)
	buf = append(buf, '.')
	return append(buf, digits[point:]...)
}

// ---- numeric ----

func appendNumeric(buf []byte, d *apd.Decimal) []byte {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return append(buf, "NaN"...)
	case apd.Infinite:
		if d.Negative {
			return append(buf, "-Infinity"...)
		}
		return append(buf, "Infinity"...)
	}
	if d.Negative && d.Coeff.Sign() != 0 {
		buf = append(buf, '-')
	}
	start := len(buf)
	buf = d.Coeff.Append(buf, 10)
	if buf[start] == '-' { // Coeff is non-negative by apd's invariant; be safe
		buf = append(buf[:start], buf[start+1:]...)
	}
	exp := int(d.Exponent)
	if exp >= 0 {
		if !(len(buf)-start == 1 && buf[start] == '0') {
			for i := 0; i < exp; i++ {
				buf = append(buf, '0')
			}
		}
		return buf
	}
	scale := -exp
	n := len(buf) - start
	if n <= scale {
		// 0.000ddd: insert leading zeros
		pad := scale - n + 1
		for i := 0; i < pad; i++ {
			buf = append(buf, '0')
		}
		copy(buf[start+pad:], buf[start:start+n])
		for i := 0; i < pad; i++ {
			buf[start+i] = '0'
		}
		n += pad
	}
	// insert '.' before the last scale digits
	buf = append(buf, 0)
	pos := start + n - scale
	copy(buf[pos+1:], buf[pos:start+n])
	buf[pos] = '.'
	return buf
}

// ---- bytea ----

func appendBytea(buf []byte, b []byte, mode ByteaOutput) []byte {
	if mode == ByteaHex {
		buf = append(buf, '\\', 'x')
		n := len(buf)
		buf = slices.Grow(buf, 2*len(b))[:n+2*len(b)]
		out := buf[n:]
		for i, c := range b {
			out[2*i] = hexDigits[c>>4]
			out[2*i+1] = hexDigits[c&15]
		}
		return buf
	}
	for _, c := range b {
		switch {
		case c == '\\':
			buf = append(buf, '\\', '\\')
		case c < 0x20 || c > 0x7e:
			buf = append(buf, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
		default:
			buf = append(buf, c)
		}
	}
	return buf
}

const hexDigits = "0123456789abcdef"

// ---- uuid ----

func appendUUID(buf []byte, u UUID) []byte {
	const hexd = "0123456789abcdef"
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf = append(buf, '-')
		}
		buf = append(buf, hexd[c>>4], hexd[c&15])
	}
	return buf
}

// String returns the canonical text form of the UUID.
func (u UUID) String() string { return string(appendUUID(nil, u)) }

// ---- record ----

// appendRecord prints a row value: (a,b,"c d",) with NULL as nothing.
func appendRecord(buf []byte, r *Record, s *Settings) []byte {
	buf = append(buf, '(')
	var tmp []byte
	for i, v := range r.Values {
		if i > 0 {
			buf = append(buf, ',')
		}
		if v == nil {
			continue
		}
		tmp = AppendText(tmp[:0], v, r.FieldType(i), s)
		buf = appendRecordField(buf, tmp)
	}
	return append(buf, ')')
}

func appendRecordField(buf, f []byte) []byte {
	quote := len(f) == 0
	for _, c := range f {
		if c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || isSpace(c) {
			quote = true
			break
		}
	}
	if !quote {
		return append(buf, f...)
	}
	buf = append(buf, '"')
	for _, c := range f {
		if c == '"' || c == '\\' {
			buf = append(buf, c)
		}
		buf = append(buf, c)
	}
	return append(buf, '"')
}

// isSpace is PostgreSQL's scanner_isspace/array_isspace: space, \t, \n,
// \r, \v, \f.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
