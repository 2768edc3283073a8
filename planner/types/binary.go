package types

import (
	"bytes"
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// AppendBinary appends PostgreSQL's binary send format of d (of type t) to
// buf. d must not be NULL. Binary formats do not depend on settings.
func AppendBinary(buf []byte, d Datum, t Type) ([]byte, error) {
	switch v := d.(type) {
	case string:
		if t.OID == CharOID && v == "" {
			return append(buf, 0), nil
		}
		return append(buf, v...), nil
	case int64:
		switch t.OID {
		case Int2OID:
			return binary.BigEndian.AppendUint16(buf, uint16(v)), nil
		case Int4OID:
			return binary.BigEndian.AppendUint32(buf, uint32(v)), nil
		case Int8OID:
			return binary.BigEndian.AppendUint64(buf, uint64(v)), nil
		case OidOID, RegclassOID, RegtypeOID, RegprocOID, RegprocedureOID, RegoperOID, RegnamespaceOID, RegroleOID, XIDOID:
			return binary.BigEndian.AppendUint32(buf, uint32(v)), nil
		}
	case bool:
		if v {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case float64:
		if t.OID == Float4OID {
			if math.IsNaN(v) {
				return binary.BigEndian.AppendUint32(buf, 0x7fc00000), nil
			}
			return binary.BigEndian.AppendUint32(buf, math.Float32bits(float32(v))), nil
		}
		if math.IsNaN(v) {
			return binary.BigEndian.AppendUint64(buf, 0x7ff8000000000000), nil
		}
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(v)), nil
	case []byte:
		return append(buf, v...), nil
	case time.Time:
		return binary.BigEndian.AppendUint64(buf, uint64(TimestampMicros(v))), nil
	case Date:
		return binary.BigEndian.AppendUint32(buf, uint32(v)), nil
	case TimeOfDay:
		return binary.BigEndian.AppendUint64(buf, uint64(v)), nil
	case TimeTZ:
		return appendTimeTZBinary(buf, v), nil
	case Interval:
		buf = binary.BigEndian.AppendUint64(buf, uint64(v.Micros))
		buf = binary.BigEndian.AppendUint32(buf, uint32(v.Days))
		return binary.BigEndian.AppendUint32(buf, uint32(v.Months)), nil
	case UUID:
		return append(buf, v[:]...), nil
	case *apd.Decimal:
		return appendNumericBinary(buf, v), nil
	case JSONB:
		if t.OID == JSONBOID {
			buf = append(buf, 1)
		}
		return appendJSONB(buf, v), nil
	case TID:
		buf = binary.BigEndian.AppendUint32(buf, v.Block)
		return binary.BigEndian.AppendUint16(buf, v.Offset), nil
	case *Array:
		return appendArrayBinary(buf, v)
	case *Record:
		return appendRecordBinary(buf, v)
	}
	return buf, pgerr.Newf(pgerr.FeatureNotSupported, "binary output of type %s is not supported", t)
}

func appendArrayBinary(buf []byte, a *Array) ([]byte, error) {
	ndim := len(a.Dims)
	if len(a.Elems) == 0 {
		ndim = 0
	}
	hasNull := uint32(0)
	for _, e := range a.Elems {
		if e == nil {
			hasNull = 1
			break
		}
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(ndim))
	buf = binary.BigEndian.AppendUint32(buf, hasNull)
	buf = binary.BigEndian.AppendUint32(buf, uint32(a.Elem))
	if ndim == 0 {
		return buf, nil
	}
	for _, d := range a.Dims {
		buf = binary.BigEndian.AppendUint32(buf, uint32(d.Len))
		buf = binary.BigEndian.AppendUint32(buf, uint32(d.Lower))
	}
	et := Of(a.Elem)
	for _, e := range a.Elems {
		var err error
		if buf, err = appendBinaryItem(buf, e, et); err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// appendBinaryItem appends an element or field of an array or record: its
// length (-1 for NULL) and its binary form.
func appendBinaryItem(buf []byte, d Datum, t Type) ([]byte, error) {
	if d == nil {
		return binary.BigEndian.AppendUint32(buf, 0xffffffff), nil
	}
	at := len(buf)
	buf = append(buf, 0, 0, 0, 0)
	buf, err := AppendBinary(buf, d, t)
	if err != nil {
		return buf, err
	}
	binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	return buf, nil
}

func appendRecordBinary(buf []byte, r *Record) ([]byte, error) {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(r.Values)))
	for i, v := range r.Values {
		t := Of(UnknownOID)
		if i < len(r.Types) {
			t = r.Types[i]
		}
		buf = binary.BigEndian.AppendUint32(buf, uint32(t.OID))
		var err error
		if buf, err = appendBinaryItem(buf, v, t); err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// numeric binary: ndigits, weight, sign, dscale (int16 each), then base
// 10000 digits.
const (
	numSignPos  = 0x0000
	numSignNeg  = 0x4000
	numSignNaN  = 0xC000
	numSignPInf = 0xD000
	numSignNInf = 0xF000
)

func appendNumericBinary(buf []byte, d *apd.Decimal) []byte {
	put := func(ndigits, weight int, sign uint16, dscale int) {
		buf = binary.BigEndian.AppendUint16(buf, uint16(ndigits))
		buf = binary.BigEndian.AppendUint16(buf, uint16(int16(weight)))
		buf = binary.BigEndian.AppendUint16(buf, sign)
		buf = binary.BigEndian.AppendUint16(buf, uint16(dscale))
	}
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		put(0, 0, numSignNaN, 0)
		return buf
	case apd.Infinite:
		// PostgreSQL sends infinities with display scale 32
		if d.Negative {
			put(0, 0, numSignNInf, 32)
		} else {
			put(0, 0, numSignPInf, 32)
		}
		return buf
	}
	dscale := numScale(d)
	var tmp [64]byte
	digits := d.Coeff.Append(tmp[:0], 10)
	if d.Coeff.Sign() == 0 {
		put(0, 0, numSignPos, dscale)
		return buf
	}
	if d.Exponent > 0 {
		for i := 0; i < int(d.Exponent); i++ {
			digits = append(digits, '0')
		}
	}
	intLen := len(digits) - dscale // may be <= 0
	// Pad so the integer part is a multiple of 4 digits and the fraction
	// too.
	lead := (4 - ((intLen%4)+4)%4) % 4
	var padded []byte
	if intLen < 0 {
		lead = 0
		// fraction starts with -intLen zeros
		padded = make([]byte, 0, dscale+8)
		for i := 0; i < -intLen; i++ {
			padded = append(padded, '0')
		}
		padded = append(padded, digits...)
		intLen = 0
	} else {
		padded = make([]byte, 0, len(digits)+8)
		for i := 0; i < lead; i++ {
			padded = append(padded, '0')
		}
		padded = append(padded, digits...)
		intLen += lead
	}
	for (len(padded)-intLen)%4 != 0 {
		padded = append(padded, '0')
	}
	groups := len(padded) / 4
	weight := intLen/4 - 1
	vals := make([]uint16, groups)
	for g := 0; g < groups; g++ {
		v := 0
		for k := 0; k < 4; k++ {
			v = v*10 + int(padded[g*4+k]-'0')
		}
		vals[g] = uint16(v)
	}
	// strip leading and trailing zero groups
	start, end := 0, len(vals)
	for start < end && vals[start] == 0 {
		start++
		weight--
	}
	for end > start && vals[end-1] == 0 {
		end--
	}
	sign := uint16(numSignPos)
	if d.Negative {
		sign = numSignNeg
	}
	put(end-start, weight, sign, dscale)
	for _, v := range vals[start:end] {
		buf = binary.BigEndian.AppendUint16(buf, v)
	}
	return buf
}

// ---- binary input ----

func errBinary(t Type) error {
	return pgerr.Newf(pgerr.InvalidBinaryRepresentation, "incorrect binary data format for type %s", t)
}

// DecodeBinary reads PostgreSQL's binary receive format of a value of
// type t. Errors are 22P03 for malformed data (the caller adds the
// parameter number), 22021 for invalid UTF-8 in text.
func DecodeBinary(b []byte, t Type) (Datum, error) {
	fixed := func(n int) error {
		if len(b) != n {
			return errBinary(t)
		}
		return nil
	}
	switch t.OID {
	case TextOID, VarcharOID, BPCharOID, NameOID, UnknownOID, CharOID, JSONOID, CstringOID:
		if t.OID != CharOID {
			// "char" is one raw byte; the others are client text
			if err := CheckText(b); err != nil {
				return nil, err
			}
		} else if !utf8.Valid(b) {
			return nil, errInvalidUTF8(b)
		}
		s := string(b)
		if t.OID != CharOID {
			return ParseText(s, t, nil) // the text form: typmods, json validity
		}
		if s == "\x00" {
			return "", nil
		}
		return s, nil
	case JSONBOID:
		if len(b) < 1 || b[0] != 1 {
			return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "unsupported jsonb version number "+strconv.Itoa(int(firstByte(b))))
		}
		if err := CheckText(b[1:]); err != nil {
			return nil, err
		}
		return ParseJSONB(string(b[1:]))
	case BoolOID:
		if err := fixed(1); err != nil {
			return nil, err
		}
		return b[0] != 0, nil
	case Int2OID:
		if err := fixed(2); err != nil {
			return nil, err
		}
		return int64(int16(binary.BigEndian.Uint16(b))), nil
	case Int4OID:
		if err := fixed(4); err != nil {
			return nil, err
		}
		return int64(int32(binary.BigEndian.Uint32(b))), nil
	case Int8OID:
		if err := fixed(8); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint64(b)), nil
	case OidOID, RegclassOID, RegtypeOID, RegprocOID, RegprocedureOID, RegoperOID, RegnamespaceOID, RegroleOID, XIDOID:
		if err := fixed(4); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint32(b)), nil
	case Float4OID:
		if err := fixed(4); err != nil {
			return nil, err
		}
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b))), nil
	case Float8OID:
		if err := fixed(8); err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
	case ByteaOID:
		return append([]byte(nil), b...), nil
	case TimestampOID, TimestampTZOID:
		if err := fixed(8); err != nil {
			return nil, err
		}
		t2, err := checkTimestamp(TimestampFromMicros(int64(binary.BigEndian.Uint64(b))))
		if err != nil {
			return nil, err
		}
		return roundTimestamp(t2, t.Typmod), nil
	case DateOID:
		if err := fixed(4); err != nil {
			return nil, err
		}
		d := Date(int32(binary.BigEndian.Uint32(b)))
		if err := checkDate(d); err != nil {
			return nil, err
		}
		return d, nil
	case TimeOID:
		if err := fixed(8); err != nil {
			return nil, err
		}
		v := int64(binary.BigEndian.Uint64(b))
		if v < 0 || v > usPerDay {
			return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "time out of range")
		}
		return TimeOfDay(v), nil
	case TimeTZOID:
		return decodeTimeTZBinary(b, t.Typmod)
	case IntervalOID:
		if err := fixed(16); err != nil {
			return nil, err
		}
		return Interval{
			Micros: int64(binary.BigEndian.Uint64(b)),
			Days:   int32(binary.BigEndian.Uint32(b[8:])),
			Months: int32(binary.BigEndian.Uint32(b[12:])),
		}, nil
	case UUIDOID:
		if err := fixed(16); err != nil {
			return nil, err
		}
		var u UUID
		copy(u[:], b)
		return u, nil
	case NumericOID:
		d, err := decodeNumericBinary(b)
		if err != nil {
			return nil, err
		}
		return applyNumericTypmod(d, t.Typmod)
	case TIDOID:
		if err := fixed(6); err != nil {
			return nil, err
		}
		return TID{Block: binary.BigEndian.Uint32(b), Offset: binary.BigEndian.Uint16(b[4:])}, nil
	case RecordOID:
		return decodeRecordBinary(b)
	}
	if elem := ElemOf(t.OID); elem != 0 {
		return decodeArrayBinary(b, Type{OID: elem, Typmod: t.Typmod})
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "binary input of type %s is not supported", t)
}

func firstByte(b []byte) byte {
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// CheckText accepts b as text input from a client: valid UTF-8 without
// NUL bytes, which PostgreSQL verifies on every string a client sends
// (22021 otherwise).
func CheckText(b []byte) error {
	if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 {
		return nil
	}
	return errInvalidUTF8(b)
}

// CheckTextString is CheckText for a string.
func CheckTextString(s string) error {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return nil
	}
	return errInvalidUTF8([]byte(s))
}

// errInvalidUTF8 reports the first invalid sequence (or NUL byte) like
// PostgreSQL: "invalid byte sequence for encoding "UTF8": 0xc3 0x28".
func errInvalidUTF8(b []byte) error {
	for i := 0; i < len(b); {
		if b[i] == 0 {
			return pgerr.New(pgerr.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x00")
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			msg := "invalid byte sequence for encoding \"UTF8\": 0x" + hex2(b[i])
			for k := 1; k < utf8SeqLen(b[i]) && i+k < len(b); k++ {
				msg += " 0x" + hex2(b[i+k])
			}
			return pgerr.New(pgerr.CharacterNotInRepertoire, msg)
		}
		i += n
	}
	return pgerr.New(pgerr.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"")
}

func utf8SeqLen(c byte) int {
	switch {
	case c >= 0xf0:
		return 4
	case c >= 0xe0:
		return 3
	case c >= 0xc0:
		return 2
	}
	return 1
}

func hex2(c byte) string {
	const h = "0123456789abcdef"
	return string([]byte{h[c>>4], h[c&15]})
}

func decodeNumericBinary(b []byte) (*apd.Decimal, error) {
	if len(b) < 8 {
		return nil, errBinary(Of(NumericOID))
	}
	ndigits := int(binary.BigEndian.Uint16(b))
	weight := int(int16(binary.BigEndian.Uint16(b[2:])))
	sign := binary.BigEndian.Uint16(b[4:])
	dscale := int(binary.BigEndian.Uint16(b[6:]))
	if len(b) != 8+2*ndigits {
		return nil, errBinary(Of(NumericOID))
	}
	switch sign {
	case numSignNaN:
		return numNaN(), nil
	case numSignPInf:
		return numPosInf(), nil
	case numSignNInf:
		return numNegInf(), nil
	case numSignPos, numSignNeg:
	default:
		return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid sign in external \"numeric\" value")
	}
	if dscale > 0x3fff {
		return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid scale in external \"numeric\" value")
	}
	d := new(apd.Decimal)
	tenK := apd.NewBigInt(10000)
	for i := 0; i < ndigits; i++ {
		v := binary.BigEndian.Uint16(b[8+2*i:])
		if v >= 10000 {
			return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "invalid digit in external \"numeric\" value")
		}
		d.Coeff.Mul(&d.Coeff, tenK)
		d.Coeff.Add(&d.Coeff, apd.NewBigInt(int64(v)))
	}
	// value = coeff * 10000^(weight - ndigits + 1)
	d.Exponent = int32(4 * (weight - ndigits + 1))
	d.Negative = sign == numSignNeg
	numNormalize(d)
	return numRescale(d, dscale, false), nil
}

type binReader struct {
	b   []byte
	err bool
}

func (r *binReader) u32() uint32 {
	if len(r.b) < 4 {
		r.err = true
		r.b = nil
		return 0
	}
	v := binary.BigEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *binReader) bytes(n int) []byte {
	if n < 0 || len(r.b) < n {
		r.err = true
		r.b = nil
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func decodeArrayBinary(b []byte, elem Type) (Datum, error) {
	r := &binReader{b: b}
	ndim := int32(r.u32())
	_ = r.u32() // flags
	elemOID := OID(r.u32())
	if r.err {
		return nil, errBinary(Of(ArrayOf(elem.OID)))
	}
	if ndim < 0 || ndim > maxArrayDims {
		return nil, pgerr.Newf(pgerr.InvalidBinaryRepresentation, "invalid number of dimensions: %d", ndim)
	}
	if elemOID != elem.OID {
		return nil, pgerr.Newf(pgerr.DatatypeMismatch, "binary data has array element type %d (%s) instead of expected %d (%s)",
			elemOID, TypeName(elemOID), elem.OID, TypeName(elem.OID))
	}
	a := &Array{Elem: elem.OID}
	if ndim == 0 {
		if len(r.b) != 0 {
			return nil, errBinary(Of(ArrayOf(elem.OID)))
		}
		return a, nil
	}
	n := int64(1)
	a.Dims = make([]ArrayDim, ndim)
	for i := range a.Dims {
		l := int32(r.u32())
		lb := int32(r.u32())
		if l < 0 {
			return nil, errBinary(Of(ArrayOf(elem.OID)))
		}
		a.Dims[i] = ArrayDim{Len: l, Lower: lb}
		n *= int64(l)
		if n > 1<<27 {
			return nil, pgerr.New(pgerr.ProgramLimitExceeded, "array size exceeds the maximum allowed (134217727)")
		}
	}
	if r.err {
		return nil, errBinary(Of(ArrayOf(elem.OID)))
	}
	if n == 0 {
		a.Dims = nil
		return a, nil
	}
	if int64(len(r.b)) < n*4 {
		return nil, errBinary(Of(ArrayOf(elem.OID)))
	}
	a.Elems = make([]Datum, n)
	for i := range a.Elems {
		l := int32(r.u32())
		if l == -1 {
			continue
		}
		eb := r.bytes(int(l))
		if r.err {
			return nil, errBinary(Of(ArrayOf(elem.OID)))
		}
		v, err := DecodeBinary(eb, elem)
		if err != nil {
			return nil, err
		}
		a.Elems[i] = v
	}
	if r.err || len(r.b) != 0 {
		return nil, errBinary(Of(ArrayOf(elem.OID)))
	}
	return a, nil
}

func decodeRecordBinary(b []byte) (Datum, error) {
	r := &binReader{b: b}
	n := int32(r.u32())
	if r.err || n < 0 || int64(n)*8 > int64(len(r.b)) {
		return nil, errBinary(Of(RecordOID))
	}
	rec := &Record{Types: make([]Type, n), Values: make([]Datum, n)}
	for i := int32(0); i < n; i++ {
		oid := OID(r.u32())
		l := int32(r.u32())
		rec.Types[i] = Of(oid)
		if l == -1 {
			continue
		}
		fb := r.bytes(int(l))
		if r.err {
			return nil, errBinary(Of(RecordOID))
		}
		v, err := DecodeBinary(fb, Of(oid))
		if err != nil {
			return nil, err
		}
		rec.Values[i] = v
	}
	if r.err || len(r.b) != 0 {
		return nil, errBinary(Of(RecordOID))
	}
	return rec, nil
}
