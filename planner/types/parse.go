package types

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// ParseText reads the PostgreSQL text form of a value of type t, the way
// PostgreSQL's input function does (with t.Typmod applied: varchar(n)
// length checks, numeric(p,s) rounding). Errors carry PostgreSQL's SQLSTATE
// and message: 22P02 "invalid input syntax for type integer: "x"", 22003
// out of range, 22007/22008 for dates and times.
//
// reg* types accept only numeric OIDs here; name lookups are the
// planner's.
func ParseText(in string, t Type, s *Settings) (Datum, error) {
	s = orDefault(s)
	switch t.OID {
	case TextOID, UnknownOID, JSONOID, CstringOID:
		if t.OID == JSONOID {
			if err := validateJSON(in); err != nil {
				return nil, err
			}
		}
		return in, nil
	case VarcharOID:
		return applyVarcharTypmod(in, t.Typmod, false)
	case BPCharOID:
		return applyBPCharTypmod(in, t.Typmod, false)
	case NameOID:
		return truncateName(in), nil
	case CharOID:
		return parseChar(in), nil
	case BoolOID:
		if b, ok := parseBool(in); ok {
			return b, nil
		}
		return nil, errSyntax("boolean", in)
	case Int2OID:
		return parseInt(in, 16, "smallint")
	case Int4OID:
		return parseInt(in, 32, "integer")
	case Int8OID:
		return parseInt(in, 64, "bigint")
	case OidOID, RegclassOID, RegtypeOID, RegprocOID, RegprocedureOID, RegoperOID, RegnamespaceOID, RegroleOID, XIDOID:
		return parseOid(in, t)
	case Float4OID:
		return parseFloat(in, 32)
	case Float8OID:
		return parseFloat(in, 64)
	case NumericOID:
		d, err := parseNumeric(in)
		if err != nil {
			return nil, err
		}
		return applyNumericTypmod(d, t.Typmod)
	case ByteaOID:
		return parseBytea(in)
	case DateOID:
		return parseDate(in, s)
	case TimeOID:
		return parseTime(in, s, t.Typmod)
	case TimeTZOID:
		return parseTimeTZ(in, s, t.Typmod)
	case TimestampOID:
		return parseTimestamp(in, false, s, t.Typmod)
	case TimestampTZOID:
		return parseTimestamp(in, true, s, t.Typmod)
	case IntervalOID:
		return parseInterval(in, t.Typmod, s.IntervalStyle)
	case UUIDOID:
		return parseUUID(in)
	case JSONBOID:
		return ParseJSONB(in)
	case TIDOID:
		return parseTID(in)
	case RecordOID:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "input of anonymous composite types is not implemented")
	}
	if IsVector(t.OID) {
		var elems []Datum
		for _, f := range strings.Fields(in) {
			v, err := ParseText(f, Of(ElemOf(t.OID)), s)
			if err != nil {
				return nil, err
			}
			elems = append(elems, v)
		}
		return NewVector(t.OID, elems), nil
	}
	if elem := ElemOf(t.OID); elem != 0 {
		return parseArray(in, Type{OID: elem, Typmod: t.Typmod}, s)
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "input of type %s is not supported", t)
}

// ---- bool ----

// parseBool implements PostgreSQL's parse_bool: any unique prefix of
// true/false/yes/no, on/off (at least two letters), 1/0; case-insensitive,
// surrounding whitespace ignored.
func parseBool(in string) (bool, bool) {
	s := strings.TrimFunc(in, func(r rune) bool { return r < 128 && isSpace(byte(r)) })
	if s == "" {
		return false, false
	}
	l := strings.ToLower(s)
	prefix := func(word string) bool { return len(l) <= len(word) && word[:len(l)] == l }
	switch l[0] {
	case 't':
		return true, prefix("true")
	case 'f':
		return false, prefix("false")
	case 'y':
		return true, prefix("yes")
	case 'n':
		return false, prefix("no")
	case 'o':
		if len(l) >= 2 {
			if prefix("on") {
				return true, true
			}
			if prefix("off") {
				return false, true
			}
		}
	case '1':
		return true, len(l) == 1
	case '0':
		return false, len(l) == 1
	}
	return false, false
}

// ---- integers ----

func parseInt(in string, bits int, typ string) (Datum, error) {
	s := trimSpace(in)
	if s == "" {
		return nil, errSyntax(typ, in)
	}
	neg := false
	i := 0
	if s[0] == '+' || s[0] == '-' {
		neg = s[0] == '-'
		i++
	}
	if i == len(s) {
		return nil, errSyntax(typ, in)
	}
	var v uint64
	limit := uint64(1) << (bits - 1) // magnitude limit for negatives
	overflow := false
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return nil, errSyntax(typ, in)
		}
		if v > (math.MaxUint64-9)/10 {
			overflow = true
			continue
		}
		v = v*10 + uint64(c-'0')
		if v > limit {
			overflow = true
		}
	}
	if overflow || (!neg && v == limit) {
		return nil, errRange(in, typ)
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// parseOid reads oid-like types: an unsigned 32-bit number, where negative
// numbers down to -2^31 wrap around as in PostgreSQL's oidin.
func parseOid(in string, t Type) (Datum, error) {
	s := trimSpace(in)
	typ := TypeName(t.OID)
	if t.OID == XIDOID {
		// xidin is strtoul without error checks
		v, _ := strconv.ParseUint(leadingDigits(s), 10, 64)
		return int64(uint32(v)), nil
	}
	if isRegType(t.OID) && s == "-" {
		return int64(0), nil
	}
	if t.OID == RegtypeOID && s == "" {
		return nil, pgerr.New(pgerr.SyntaxError, "invalid type name \"\"")
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return nil, errRange(in, typ)
		}
		if t.OID == RegtypeOID {
			if oid, ok := LookupTypeName(s); ok {
				return int64(oid), nil
			}
			if tok := typeNameSyntaxError(s); tok != "" {
				return nil, pgerr.Newf(pgerr.SyntaxError, "syntax error at or near \"%s\"", tok)
			}
		}
		if t.OID != OidOID && t.OID != XIDOID && s != "" && s != "-" {
			return nil, regNameError(t.OID, s)
		}
		return nil, errSyntax(typ, in)
	}
	if v < math.MinInt32 || v > math.MaxUint32 {
		return nil, errRange(in, typ)
	}
	return int64(uint32(v)), nil
}

// typeNameSyntaxError returns the token where a type name stops parsing as
// one: a second plain word or stray punctuation ("" when it parses).
func typeNameSyntaxError(s string) string {
	words := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			j := i
			for j < len(s) && (s[j] == '_' || s[j] == '$' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9' || s[j] >= 0x80) {
				j++
			}
			words++
			if words > 1 {
				return s[i:j]
			}
			i = j
		case c == '.' || c == '[' || c == ']' || c == '(' || c == ')' || c == '"' || c >= '0' && c <= '9':
			i++
		default:
			return string(c)
		}
	}
	return ""
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

func regNameError(oid OID, name string) error {
	switch oid {
	case RegclassOID:
		return pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", name)
	case RegtypeOID:
		return pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", name)
	case RegnamespaceOID:
		return pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", name)
	case RegroleOID:
		return pgerr.Newf(pgerr.UndefinedObject, "role \"%s\" does not exist", name)
	}
	return pgerr.Newf(pgerr.UndefinedFunction, "function \"%s\" does not exist", name)
}

// ---- floats ----

// parseFloat is float4in/float8in: C's strtof/strtod (decimal or
// hexadecimal, inf/infinity/nan in any case and with a sign), rounding to
// the nearest value of the type; a result that overflows to infinity or
// underflows to zero is 22003, a denormal is accepted.
func parseFloat(in string, bits int) (Datum, error) {
	typ := "double precision"
	if bits == 32 {
		typ = "real"
	}
	s := trimSpace(in)
	if s == "" {
		return nil, errSyntax(typ, in)
	}
	if f, ok := parseNaN(s); ok {
		return f, nil
	}
	if strings.ContainsRune(s, '_') { // Go accepts digit separators
		return nil, errSyntax(typ, in)
	}
	hex := isHexFloat(s)
	if hex && !strings.ContainsAny(s, "pP") {
		s += "p0" // strtod does not require a binary exponent, Go does
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		ne, _ := err.(*strconv.NumError)
		if ne == nil || ne.Err != strconv.ErrRange {
			return nil, errSyntax(typ, in)
		}
		return nil, errFloatRange(in, typ)
	}
	if f == 0 && mantissaNonZero(s, hex) {
		return nil, errFloatRange(in, typ)
	}
	return f, nil
}

// parseNaN accepts the NaN spellings of C's strtod that Go's ParseFloat
// does not: a sign, and "nan(chars)".
func parseNaN(s string) (float64, bool) {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	if len(s) < 3 || !strings.EqualFold(s[:3], "nan") {
		return 0, false
	}
	s = s[3:]
	if s == "" {
		return math.NaN(), true
	}
	if s[0] != '(' || s[len(s)-1] != ')' {
		return 0, false
	}
	for _, c := range []byte(s[1 : len(s)-1]) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
			return 0, false
		}
	}
	return math.NaN(), true
}

func isHexFloat(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	return len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
}

func errFloatRange(in, typ string) error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "\""+in+"\" is out of range for type "+typ)
}

// mantissaNonZero reports whether a float literal has a nonzero digit
// before its exponent (so that a zero result means underflow).
func mantissaNonZero(s string, hex bool) bool {
	if hex {
		s = s[strings.IndexAny(s, "xX")+1:]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 'p' || c == 'P' || (!hex && (c == 'e' || c == 'E')):
			return false
		case c >= '1' && c <= '9', hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'):
			return true
		}
	}
	return false
}

// ---- numeric ----

func parseNumeric(in string) (*apd.Decimal, error) {
	s := trimSpace(in)
	if s == "" {
		return nil, errSyntax("numeric", in)
	}
	switch strings.ToLower(s) {
	case "nan":
		return numNaN(), nil
	case "infinity", "+infinity", "inf", "+inf":
		return numPosInf(), nil
	case "-infinity", "-inf":
		return numNegInf(), nil
	}
	// Validate: [sign] digits [. digits] [e [sign] digits], with at least
	// one digit in the mantissa.
	i := 0
	if s[i] == '+' || s[i] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return nil, errSyntax("numeric", in)
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		ed := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			ed++
		}
		if ed == 0 {
			return nil, errSyntax("numeric", in)
		}
	}
	if i != len(s) {
		return nil, errSyntax("numeric", in)
	}
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return nil, errRange(in, "numeric")
	}
	if d.Exponent < -numericMaxDisplayScale*2 || d.Exponent > 200000 {
		return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
	}
	return numNormalize(d), nil
}

// ---- text types ----

// charLen counts characters of a UTF-8 string.
func charLen(s string) int { return utf8.RuneCountInString(s) }

// truncateChars returns the first n characters of s.
func truncateChars(s string, n int) string {
	if n <= 0 {
		return ""
	}
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// applyVarcharTypmod checks or (explicit casts) truncates to varchar(n).
func applyVarcharTypmod(s string, typmod int32, explicit bool) (Datum, error) {
	if typmod < 5 {
		return s, nil
	}
	n := int(typmod - 4)
	if len(s) <= n || charLen(s) <= n {
		return s, nil
	}
	cut := truncateChars(s, n)
	if !explicit && strings.TrimRight(s[len(cut):], " ") != "" {
		return nil, pgerr.Newf(pgerr.StringDataRightTruncation, "value too long for type character varying(%d)", n)
	}
	return cut, nil
}

// applyBPCharTypmod pads or truncates to character(n).
func applyBPCharTypmod(s string, typmod int32, explicit bool) (Datum, error) {
	if typmod < 5 {
		return s, nil
	}
	n := int(typmod - 4)
	l := charLen(s)
	if l > n {
		cut := truncateChars(s, n)
		if !explicit && strings.TrimRight(s[len(cut):], " ") != "" {
			return nil, pgerr.Newf(pgerr.StringDataRightTruncation, "value too long for type character(%d)", n)
		}
		return cut, nil
	}
	if l < n {
		return s + strings.Repeat(" ", n-l), nil
	}
	return s, nil
}

// truncateName cuts a name to 63 bytes on a character boundary.
func truncateName(s string) string {
	if len(s) <= 63 {
		return s
	}
	n := 63
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// parseChar reads "char": the first byte, or \ooo.
func parseChar(in string) string {
	if len(in) == 4 && in[0] == '\\' && isOct(in[1]) && isOct(in[2]) && isOct(in[3]) {
		return string([]byte{(in[1]-'0')<<6 | (in[2]-'0')<<3 | (in[3] - '0')})
	}
	if in == "" {
		return ""
	}
	return in[:1]
}

func isOct(c byte) bool { return c >= '0' && c <= '7' }

// ---- bytea ----

func parseBytea(in string) (Datum, error) {
	if len(in) >= 2 && in[0] == '\\' && in[1] == 'x' {
		return decodeHexBytes(in[2:])
	}
	return unescapeBytea(in)
}

// decodeHexBytes reads pairs of hex digits (hex_decode), skipping white
// space between pairs; a bad digit is named as the character it starts.
func decodeHexBytes(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)/2)
	badDigit := func(i int) error {
		_, size := utf8.DecodeRuneInString(s[i:])
		return pgerr.Newf(pgerr.InvalidParameterValue, "invalid hexadecimal digit: \"%s\"", s[i:i+size])
	}
	for i := 0; i < len(s); {
		if isSpace(s[i]) {
			i++
			continue
		}
		hi, ok := unhex(s[i])
		if !ok {
			return nil, badDigit(i)
		}
		if i+1 >= len(s) {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
		}
		lo, ok := unhex(s[i+1])
		if !ok {
			return nil, badDigit(i + 1)
		}
		out = append(out, hi<<4|lo)
		i += 2
	}
	return out, nil
}

// unescapeBytea reads bytea's escape format: bytes as themselves, \\ for
// a backslash and \ooo for any byte.
func unescapeBytea(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c != '\\':
			out = append(out, c)
			i++
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i += 2
		case i+3 < len(s) && s[i+1] >= '0' && s[i+1] <= '3' && isOct(s[i+2]) && isOct(s[i+3]):
			out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 4
		default:
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type bytea")
		}
	}
	return out, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// ---- uuid ----

// parseUUID accepts 32 hex digits, optionally in braces, with a hyphen
// allowed after any group of four digits.
func parseUUID(in string) (Datum, error) {
	s := in
	if len(s) > 0 && s[0] == '{' {
		if s[len(s)-1] != '}' {
			return nil, errSyntax("uuid", in)
		}
		s = s[1 : len(s)-1]
	}
	var u UUID
	n := 0
	for i := 0; i < len(s); {
		if n == 32 {
			return nil, errSyntax("uuid", in)
		}
		hi, ok1 := unhex(s[i])
		if i+1 >= len(s) {
			return nil, errSyntax("uuid", in)
		}
		lo, ok2 := unhex(s[i+1])
		if !ok1 || !ok2 {
			return nil, errSyntax("uuid", in)
		}
		u[n/2] = hi<<4 | lo
		n += 2
		i += 2
		if i < len(s) && s[i] == '-' && n%4 == 0 && n < 32 {
			i++
		}
	}
	if n != 32 {
		return nil, errSyntax("uuid", in)
	}
	return u, nil
}

// ---- tid ----

func parseTID(in string) (Datum, error) {
	s := in
	if len(s) < 5 || s[0] != '(' || s[len(s)-1] != ')' {
		return nil, errSyntax("tid", in)
	}
	parts := strings.Split(s[1:len(s)-1], ",")
	if len(parts) != 2 {
		return nil, errSyntax("tid", in)
	}
	b, err1 := strconv.ParseInt(parts[0], 10, 64)
	o, err2 := strconv.ParseInt(parts[1], 10, 32)
	if err1 != nil || err2 != nil || b < math.MinInt32 || b > math.MaxUint32 || o < math.MinInt16 || o > math.MaxUint16 {
		return nil, errSyntax("tid", in)
	}
	return TID{Block: uint32(b), Offset: uint16(o)}, nil
}

var _ = hex.EncodeToString
