package types

import (
	"cmp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// A JSONB value's V is one of:
//
//	nil            JSON null
//	bool           true / false
//	string         a string
//	*apd.Decimal   a number (numeric semantics: 1.50 keeps its scale)
//	[]any          an array of these
//	JSONObject     an object in jsonb's normal form
//
// jsonb's normal form orders object keys by length, then bytewise, and keeps
// only the last of duplicate keys; text output then prints keys in that
// order with ", " and ": " separators, like PostgreSQL.

// JSONPair is one member of a JSONObject.
type JSONPair struct {
	Key   string
	Value any
}

// JSONObject is a jsonb object: pairs sorted by jsonKeyLess, keys unique.
type JSONObject []JSONPair

// jsonKeyLess is jsonb's key order: shorter first, then bytewise.
func jsonKeyLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func jsonKeyCompare(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// Get returns the value of key and whether it exists.
func (o JSONObject) Get(key string) (any, bool) {
	i := sort.Search(len(o), func(i int) bool { return !jsonKeyLess(o[i].Key, key) })
	if i < len(o) && o[i].Key == key {
		return o[i].Value, true
	}
	return nil, false
}

// NewJSONObject builds an object in normal form from pairs in input order
// (later duplicates win).
func NewJSONObject(pairs []JSONPair) JSONObject {
	o := make(JSONObject, len(pairs))
	copy(o, pairs)
	sort.SliceStable(o, func(i, j int) bool { return jsonKeyLess(o[i].Key, o[j].Key) })
	// keep the last of each run of equal keys
	out := o[:0]
	for i := 0; i < len(o); i++ {
		if i+1 < len(o) && o[i+1].Key == o[i].Key {
			continue
		}
		out = append(out, o[i])
	}
	return out
}

// ---- parsing ----

type jsonParser struct {
	in    string
	i     int
	line  int
	jsonb bool
	depth int
}

// maxJSONDepth bounds nesting (PostgreSQL's limit is its stack depth).
const maxJSONDepth = 10000

func errJSONToken(in, tok string, p *jsonParser) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json").
		WithDetail("Token \"%s\" is invalid.", tok)
}

func errJSONExpected(in, what, tok string) error {
	e := pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json")
	if tok == "" {
		return e.WithDetail("The input string ended unexpectedly.")
	}
	return e.WithDetail("Expected %s, but found \"%s\".", what, tok)
}

// ParseJSONB reads jsonb text input into normal form.
func ParseJSONB(in string) (JSONB, error) {
	p := &jsonParser{in: in, jsonb: true}
	v, err := p.value()
	if err != nil {
		return JSONB{}, err
	}
	p.space()
	if p.i < len(p.in) {
		return JSONB{}, errJSONExpected(in, "end of input", p.token())
	}
	return JSONB{V: v}, nil
}

// validateJSON checks json input (json keeps its text verbatim).
func validateJSON(in string) error {
	p := &jsonParser{in: in}
	if _, err := p.value(); err != nil {
		return err
	}
	p.space()
	if p.i < len(p.in) {
		return errJSONExpected(in, "end of input", p.token())
	}
	return nil
}

func (p *jsonParser) space() {
	for p.i < len(p.in) {
		switch p.in[p.i] {
		case ' ', '\t', '\r':
			p.i++
		case '\n':
			p.line++
			p.i++
		default:
			return
		}
	}
}

// token returns the offending token for error details (PostgreSQL's lexer
// reads an alphanumeric run, or one character).
func (p *jsonParser) token() string {
	if p.i >= len(p.in) {
		return ""
	}
	j := p.i
	for j < len(p.in) {
		c := p.in[j]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"' {
			break
		}
		j++
	}
	if j == p.i {
		_, n := utf8.DecodeRuneInString(p.in[p.i:])
		j = p.i + n
	}
	return p.in[p.i:j]
}

func (p *jsonParser) value() (any, error) {
	p.space()
	if p.i >= len(p.in) {
		return nil, errJSONExpected(p.in, "JSON value", "")
	}
	switch c := p.in[p.i]; {
	case c == '{', c == '[':
		if p.depth++; p.depth > maxJSONDepth {
			return nil, pgerr.New(pgerr.StatementTooComplex, "stack depth limit exceeded").
				WithHint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.")
		}
		defer func() { p.depth-- }()
		if c == '{' {
			return p.object()
		}
		return p.array()
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		tok := p.token()
		switch tok {
		case "true":
			p.i += 4
			return true, nil
		case "false":
			p.i += 5
			return false, nil
		case "null":
			p.i += 4
			return nil, nil
		}
		if isJSONPunct(c) {
			return nil, errJSONExpected(p.in, "JSON value", tok)
		}
		return nil, errJSONToken(p.in, tok, p)
	}
}

func isJSONPunct(c byte) bool {
	return c == ',' || c == ':' || c == ']' || c == '}'
}

func (p *jsonParser) object() (any, error) {
	p.i++ // {
	var pairs []JSONPair
	p.space()
	if p.i < len(p.in) && p.in[p.i] == '}' {
		p.i++
		return JSONObject{}, nil
	}
	for {
		p.space()
		if p.i >= len(p.in) {
			return nil, errJSONExpected(p.in, "string", "")
		}
		if p.in[p.i] != '"' {
			tok := p.token()
			if !isJSONPunct(p.in[p.i]) && p.in[p.i] != '[' && p.in[p.i] != '{' && !isJSONWord(tok) {
				return nil, errJSONToken(p.in, tok, p)
			}
			return nil, errJSONExpected(p.in, "string", tok)
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.in) {
			return nil, errJSONExpected(p.in, "\":\"", "")
		}
		if p.in[p.i] != ':' {
			return nil, errJSONExpected(p.in, "\":\"", p.token())
		}
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, JSONPair{Key: k.(string), Value: v})
		done, err := p.separator('}')
		if err != nil {
			return nil, err
		}
		if !done {
			continue
		}
		if !p.jsonb {
			return nil, nil
		}
		return NewJSONObject(pairs), nil
	}
}

// separator reads what follows a member or element: ',' (done false) or
// the closing bracket (done true).
func (p *jsonParser) separator(closing byte) (done bool, err error) {
	p.space()
	expected := "\",\" or \"" + string(closing) + "\""
	if p.i >= len(p.in) {
		return false, errJSONExpected(p.in, expected, "")
	}
	switch p.in[p.i] {
	case ',':
		p.i++
		return false, nil
	case closing:
		p.i++
		return true, nil
	}
	return false, errJSONExpected(p.in, expected, p.token())
}

func isJSONWord(tok string) bool { return tok == "true" || tok == "false" || tok == "null" }

func (p *jsonParser) array() (any, error) {
	p.i++ // [
	arr := []any{}
	p.space()
	if p.i < len(p.in) && p.in[p.i] == ']' {
		p.i++
		return arr, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if p.jsonb {
			arr = append(arr, v)
		}
		done, err := p.separator(']')
		if err != nil {
			return nil, err
		}
		if done {
			return arr, nil
		}
	}
}

func (p *jsonParser) str() (any, error) {
	start := p.i
	p.i++ // "
	// fast path: no escapes
	j := p.i
	for j < len(p.in) && p.in[j] != '"' && p.in[j] != '\\' && p.in[j] >= 0x20 {
		j++
	}
	if j < len(p.in) && p.in[j] == '"' {
		s := p.in[p.i:j]
		p.i = j + 1
		return s, nil
	}
	var b strings.Builder
	b.WriteString(p.in[p.i:j])
	p.i = j
	for {
		if p.i >= len(p.in) {
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json").
				WithDetail("Token \"%s\" is invalid.", p.in[start:])
		}
		c := p.in[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c < 0x20:
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json").
				WithDetail("Character with value 0x%02x must be escaped.", c)
		case c == '\\':
			if p.i+1 >= len(p.in) {
				return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json").
					WithDetail("Token \"%s\" is invalid.", p.in[start:])
			}
			e := p.in[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json").
						WithDetail("\"\\u\" must be followed by four hexadecimal digits.")
				}
				if utf16.IsSurrogate(r) {
					if r >= 0xdc00 {
						return nil, pgerr.New(pgerr.UntranslatableCharacter, "invalid input syntax for type json").
							WithDetail("Unicode low surrogate must follow a high surrogate.")
					}
					if p.i+1 < len(p.in) && p.in[p.i] == '\\' && p.in[p.i+1] == 'u' {
						p.i += 2
						r2, ok := p.hex4()
						if !ok {
							return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json").
								WithDetail("\"\\u\" must be followed by four hexadecimal digits.")
						}
						if r2 < 0xdc00 || r2 > 0xdfff {
							return nil, pgerr.New(pgerr.UntranslatableCharacter, "invalid input syntax for type json").
								WithDetail("Unicode low surrogate must follow a high surrogate.")
						}
						r = utf16.DecodeRune(r, r2)
					} else {
						return nil, pgerr.New(pgerr.UntranslatableCharacter, "invalid input syntax for type json").
							WithDetail("Unicode low surrogate must follow a high surrogate.")
					}
				}
				if r == 0 && p.jsonb {
					return nil, pgerr.New(pgerr.UntranslatableCharacter, "unsupported Unicode escape sequence").
						WithDetail("\\u0000 cannot be converted to text.")
				}
				b.WriteRune(r)
			default:
				return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json").
					WithDetail("Escape sequence \"\\%s\" is invalid.", string(e))
			}
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.in) {
		return 0, false
	}
	var r rune
	for k := 0; k < 4; k++ {
		v, ok := unhex(p.in[p.i+k])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	p.i += 4
	return r, true
}

func (p *jsonParser) number() (any, error) {
	start := p.i
	bad := func() error {
		p.i = start
		return errJSONToken(p.in, p.token(), p)
	}
	if p.in[p.i] == '-' {
		p.i++
	}
	if p.i >= len(p.in) || p.in[p.i] < '0' || p.in[p.i] > '9' {
		return nil, bad()
	}
	if p.in[p.i] == '0' {
		p.i++
	} else {
		for p.i < len(p.in) && p.in[p.i] >= '0' && p.in[p.i] <= '9' {
			p.i++
		}
	}
	if p.i < len(p.in) && p.in[p.i] == '.' {
		p.i++
		d := p.i
		for p.i < len(p.in) && p.in[p.i] >= '0' && p.in[p.i] <= '9' {
			p.i++
		}
		if p.i == d {
			return nil, bad()
		}
	}
	if p.i < len(p.in) && (p.in[p.i] == 'e' || p.in[p.i] == 'E') {
		p.i++
		if p.i < len(p.in) && (p.in[p.i] == '+' || p.in[p.i] == '-') {
			p.i++
		}
		d := p.i
		for p.i < len(p.in) && p.in[p.i] >= '0' && p.in[p.i] <= '9' {
			p.i++
		}
		if p.i == d {
			return nil, bad()
		}
	}
	// a number must end at a delimiter
	if p.i < len(p.in) {
		c := p.in[p.i]
		if !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}' || c == ':') {
			return nil, bad()
		}
	}
	if !p.jsonb {
		return nil, nil
	}
	d, err := parseNumeric(p.in[start:p.i])
	if err != nil {
		return nil, err
	}
	return d, nil
}

// ---- output ----

func appendJSONB(buf []byte, j JSONB) []byte {
	return appendJSONValue(buf, j.V)
}

func appendJSONValue(buf []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...)
	case bool:
		if x {
			return append(buf, "true"...)
		}
		return append(buf, "false"...)
	case string:
		return appendJSONString(buf, x)
	case *apd.Decimal:
		return appendNumeric(buf, x)
	case []any:
		buf = append(buf, '[')
		for i, e := range x {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = appendJSONValue(buf, e)
		}
		return append(buf, ']')
	case JSONObject:
		buf = append(buf, '{')
		for i, p := range x {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = appendJSONString(buf, p.Key)
			buf = append(buf, ": "...)
			buf = appendJSONValue(buf, p.Value)
		}
		return append(buf, '}')
	}
	return buf
}

// appendJSONString quotes s as PostgreSQL's escape_json does.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			buf = append(buf, '\\', '"')
		case '\\':
			buf = append(buf, '\\', '\\')
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\f':
			buf = append(buf, '\\', 'f')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		default:
			if c < 0x20 {
				buf = append(buf, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			} else {
				buf = append(buf, c)
			}
		}
	}
	return append(buf, '"')
}

// String returns the jsonb text output.
func (j JSONB) String() string { return string(appendJSONB(nil, j)) }

// ---- comparison ----

// jsonTypeRank orders jsonb kinds: null < string < number < boolean <
// array < object.
func jsonTypeRank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case string:
		return 1
	case *apd.Decimal:
		return 2
	case bool:
		return 3
	case []any:
		return 4
	case JSONObject:
		return 5
	}
	return 6
}

// CompareJSONB orders jsonb values like PostgreSQL's btree opclass.
func CompareJSONB(a, b JSONB) int { return compareJSONValue(a.V, b.V, true) }

func compareJSONValue(a, b any, top bool) int {
	ra, rb := jsonTypeRank(a), jsonTypeRank(b)
	// A top-level scalar is stored as a one-element "raw scalar" array and
	// sorts among arrays by that rule; PostgreSQL then orders a raw scalar
	// array before a real array of equal length only by content.
	if ra != rb {
		if top {
			_, aArr := a.([]any)
			_, bArr := b.([]any)
			if aArr && !bArr && ra != 5 && rb != 5 {
				// real array vs raw scalar: compare as arrays
				return compareJSONValue(a, []any{b}, false)
			}
			if bArr && !aArr && ra != 5 && rb != 5 {
				return compareJSONValue([]any{a}, b, false)
			}
		}
		return cmp.Compare(ra, rb)
	}
	switch x := a.(type) {
	case nil:
		return 0
	case string:
		y := b.(string)
		return strings.Compare(x, y)
	case *apd.Decimal:
		return CompareNumeric(x, b.(*apd.Decimal))
	case bool:
		y := b.(bool)
		if x == y {
			return 0
		}
		if !x {
			return -1
		}
		return 1
	case []any:
		y := b.([]any)
		if len(x) != len(y) {
			return cmp.Compare(len(x), len(y))
		}
		for i := range x {
			if c := compareJSONValue(x[i], y[i], false); c != 0 {
				return c
			}
		}
		return 0
	case JSONObject:
		y := b.(JSONObject)
		if len(x) != len(y) {
			return cmp.Compare(len(x), len(y))
		}
		for i := range x {
			if c := jsonKeyCompare(x[i].Key, y[i].Key); c != 0 {
				return c
			}
			if c := compareJSONValue(x[i].Value, y[i].Value, false); c != 0 {
				return c
			}
		}
		return 0
	}
	return 0
}

var _ = strconv.Itoa
