package types

import (
	"strconv"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
)

// maxArrayDims is PostgreSQL's MAXDIM.
const maxArrayDims = 6

// NumElems returns the number of elements (the product of the dimension
// lengths).
func (a *Array) NumElems() int { return len(a.Elems) }

// NDims returns the number of dimensions (0 for an empty array).
func (a *Array) NDims() int { return len(a.Dims) }

// ---- text output ----

func appendArray(buf []byte, a *Array, s *Settings) []byte {
	if len(a.Dims) == 0 || len(a.Elems) == 0 {
		return append(buf, '{', '}')
	}
	for _, d := range a.Dims {
		if d.Lower != 1 {
			for _, d := range a.Dims {
				buf = append(buf, '[')
				buf = strconv.AppendInt(buf, int64(d.Lower), 10)
				buf = append(buf, ':')
				buf = strconv.AppendInt(buf, int64(d.Lower)+int64(d.Len)-1, 10)
				buf = append(buf, ']')
			}
			buf = append(buf, '=')
			break
		}
	}
	et := Of(a.Elem)
	if len(a.Dims) == 1 {
		buf = append(buf, '{')
		for i, e := range a.Elems {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendArrayElem(buf, e, et, s)
		}
		return append(buf, '}')
	}
	idx := 0
	return appendArrayDim(buf, a, 0, &idx, et, s)
}

func appendArrayDim(buf []byte, a *Array, dim int, idx *int, et Type, s *Settings) []byte {
	buf = append(buf, '{')
	for i := int32(0); i < a.Dims[dim].Len; i++ {
		if i > 0 {
			buf = append(buf, ',')
		}
		if dim == len(a.Dims)-1 {
			buf = appendArrayElem(buf, a.Elems[*idx], et, s)
			*idx++
		} else {
			buf = appendArrayDim(buf, a, dim+1, idx, et, s)
		}
	}
	return append(buf, '}')
}

// appendArrayElem appends one element with array_out's quoting: elements
// that are empty, "NULL" in any case, or contain whitespace or any of
// {}",\ are double-quoted with " and \ escaped.
func appendArrayElem(buf []byte, e Datum, et Type, s *Settings) []byte {
	if e == nil {
		return append(buf, "NULL"...)
	}
	if str, ok := e.(string); ok && et.OID != BPCharOID {
		if !arrayNeedsQuote(str) {
			return append(buf, str...)
		}
		buf = append(buf, '"')
		for i := 0; i < len(str); i++ {
			c := str[i]
			if c == '"' || c == '\\' {
				buf = append(buf, '\\')
			}
			buf = append(buf, c)
		}
		return append(buf, '"')
	}
	start := len(buf)
	buf = AppendText(buf, e, et, s)
	if !arrayNeedsQuoteBytes(buf[start:]) {
		return buf
	}
	// Rare: shift the element right by one and escape it.
	elem := append([]byte(nil), buf[start:]...)
	buf = append(buf[:start], '"')
	for _, c := range elem {
		if c == '"' || c == '\\' {
			buf = append(buf, '\\')
		}
		buf = append(buf, c)
	}
	return append(buf, '"')
}

// quoteChars marks the bytes that force an array element to be quoted.
var quoteChars = func() (t [256]bool) {
	for _, c := range []byte("\"\\{}, \t\n\r\v\f") {
		t[c] = true
	}
	return t
}()

func arrayNeedsQuote(s string) bool {
	if len(s) == 0 {
		return true
	}
	if len(s) == 4 && (s[0]|0x20) == 'n' && (s[1]|0x20) == 'u' && (s[2]|0x20) == 'l' && (s[3]|0x20) == 'l' {
		return true
	}
	for i := 0; i < len(s); i++ {
		if quoteChars[s[i]] {
			return true
		}
	}
	return false
}

func arrayNeedsQuoteBytes(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	if len(b) == 4 && (b[0]|0x20) == 'n' && (b[1]|0x20) == 'u' && (b[2]|0x20) == 'l' && (b[3]|0x20) == 'l' {
		return true
	}
	for _, c := range b {
		switch c {
		case '"', '\\', '{', '}', ',', ' ', '\t', '\n', '\r', '\v', '\f':
			return true
		}
	}
	return false
}

// ---- text input ----

func errMalformedArray(input, detail string) error {
	e := pgerr.New(pgerr.InvalidTextRepresentation, "malformed array literal: \""+input+"\"")
	if detail != "" {
		e.Detail = detail
	}
	return e
}

type arrayParser struct {
	// elems are substrings of the input where no escapes were removed.
	in    string
	i     int
	ndim  int // number of dimensions, fixed by the first element seen
	dims  [maxArrayDims]int32
	seen  [maxArrayDims]bool // dims[k] known
	elems []string
	nulls []bool
}

// parseArray reads array_in's text form into an array of elemType.
func parseArray(in string, elem Type, s *Settings) (*Array, error) {
	p := &arrayParser{in: in}
	p.skipSpace()
	var explicit []ArrayDim
	if p.i < len(in) && in[p.i] == '[' {
		for p.i < len(in) && in[p.i] == '[' {
			p.i++
			lo, ok := p.int()
			if !ok {
				return nil, errMalformedArray(in, "Missing array dimension value.")
			}
			hi := lo
			if p.i < len(in) && in[p.i] == ':' {
				p.i++
				if hi, ok = p.int(); !ok {
					return nil, errMalformedArray(in, "Missing array dimension value.")
				}
			} else {
				lo = 1
			}
			if p.i >= len(in) || in[p.i] != ']' {
				return nil, errMalformedArray(in, "Missing \"]\" after array dimensions.")
			}
			p.i++
			if hi < lo {
				return nil, pgerr.New(pgerr.ArraySubscriptError, "upper bound cannot be less than lower bound")
			}
			if len(explicit) == maxArrayDims {
				return nil, pgerr.Newf(pgerr.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", maxArrayDims+1, maxArrayDims)
			}
			explicit = append(explicit, ArrayDim{Len: int32(hi - lo + 1), Lower: int32(lo)})
			p.skipSpace()
		}
		if p.i >= len(in) || in[p.i] != '=' {
			return nil, errMalformedArray(in, "Missing \"=\" after array dimensions.")
		}
		p.i++
		p.skipSpace()
	}
	if p.i >= len(in) || in[p.i] != '{' {
		return nil, errMalformedArray(in, "Array value must start with \"{\" or dimension information.")
	}
	if err := p.level(0); err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(in) {
		return nil, errMalformedArray(in, "Junk after closing right brace.")
	}
	a := &Array{Elem: elem.OID}
	if len(p.elems) == 0 {
		if explicit != nil {
			return nil, errMalformedArray(in, "Specified array dimensions do not match array contents.")
		}
		return a, nil
	}
	a.Dims = make([]ArrayDim, p.ndim)
	for k := 0; k < p.ndim; k++ {
		a.Dims[k] = ArrayDim{Len: p.dims[k], Lower: 1}
	}
	if explicit != nil {
		if len(explicit) != p.ndim {
			return nil, errMalformedArray(in, "Specified array dimensions do not match array contents.")
		}
		for k := range explicit {
			if explicit[k].Len != a.Dims[k].Len {
				return nil, errMalformedArray(in, "Specified array dimensions do not match array contents.")
			}
		}
		a.Dims = explicit
	}
	a.Elems = make([]Datum, len(p.elems))
	for k, e := range p.elems {
		if p.nulls[k] {
			continue
		}
		v, err := ParseText(e, elem, s)
		if err != nil {
			return nil, err
		}
		a.Elems[k] = v
	}
	return a, nil
}

func (p *arrayParser) skipSpace() {
	for p.i < len(p.in) && isSpace(p.in[p.i]) {
		p.i++
	}
}

func (p *arrayParser) int() (int, bool) {
	p.skipSpace()
	start := p.i
	if p.i < len(p.in) && (p.in[p.i] == '-' || p.in[p.i] == '+') {
		p.i++
	}
	for p.i < len(p.in) && p.in[p.i] >= '0' && p.in[p.i] <= '9' {
		p.i++
	}
	n, err := strconv.Atoi(p.in[start:p.i])
	p.skipSpace()
	return n, err == nil
}

// level reads one brace-enclosed level starting at p.in[p.i] == '{'.
func (p *arrayParser) level(depth int) error {
	if depth >= maxArrayDims {
		return pgerr.Newf(pgerr.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", depth+1, maxArrayDims)
	}
	p.i++ // '{'
	count := int32(0)
	for {
		p.skipSpace()
		if p.i >= len(p.in) {
			return errMalformedArray(p.in, "Unexpected end of input.")
		}
		c := p.in[p.i]
		if c == '}' {
			p.i++
			break
		}
		if count > 0 {
			if c != ',' {
				return errMalformedArray(p.in, "Unexpected \""+string(c)+"\" character.")
			}
			p.i++
			p.skipSpace()
			if p.i >= len(p.in) {
				return errMalformedArray(p.in, "Unexpected end of input.")
			}
			c = p.in[p.i]
		}
		if c == '{' {
			if p.ndim != 0 && depth+1 >= p.ndim {
				return errMalformedArray(p.in, "Unexpected \"{\" character.")
			}
			if err := p.level(depth + 1); err != nil {
				return err
			}
		} else {
			if c == '}' || c == ',' {
				return errMalformedArray(p.in, "Unexpected \""+string(c)+"\" character.")
			}
			if p.ndim == 0 {
				p.ndim = depth + 1
			} else if p.ndim != depth+1 {
				return errMalformedArray(p.in, "Multidimensional arrays must have sub-arrays with matching dimensions.")
			}
			if err := p.scalar(); err != nil {
				return err
			}
		}
		count++
	}
	if count == 0 {
		// only the whole literal may be empty
		if depth > 0 {
			return errMalformedArray(p.in, "Unexpected \"}\" character.")
		}
		return nil
	}
	if p.seen[depth] {
		if p.dims[depth] != count {
			return errMalformedArray(p.in, "Multidimensional arrays must have sub-arrays with matching dimensions.")
		}
	} else {
		p.seen[depth] = true
		p.dims[depth] = count
	}
	return nil
}

// scalar reads one element (quoted or not) ending before ',' or '}'.
func (p *arrayParser) scalar() error {
	in := p.in
	var b []byte
	if in[p.i] == '"' {
		p.i++
		// fast path: no escapes, the element is a substring of the input
		if j := strings.IndexAny(in[p.i:], "\"\\"); j >= 0 && in[p.i+j] == '"' {
			elem := in[p.i : p.i+j]
			p.i += j + 1
			p.skipSpace()
			if p.i >= len(in) {
				return errMalformedArray(in, "Unexpected end of input.")
			}
			if in[p.i] != ',' && in[p.i] != '}' {
				return errMalformedArray(in, "Unexpected array element.")
			}
			p.elems = append(p.elems, elem)
			p.nulls = append(p.nulls, false)
			return nil
		}
		for {
			if p.i >= len(in) {
				return errMalformedArray(in, "Unexpected end of input.")
			}
			c := in[p.i]
			if c == '\\' {
				p.i++
				if p.i >= len(in) {
					return errMalformedArray(in, "Unexpected end of input.")
				}
				b = append(b, in[p.i])
				p.i++
				continue
			}
			if c == '"' {
				p.i++
				break
			}
			b = append(b, c)
			p.i++
		}
		p.skipSpace()
		if p.i >= len(in) {
			return errMalformedArray(in, "Unexpected end of input.")
		}
		if in[p.i] != ',' && in[p.i] != '}' {
			return errMalformedArray(in, "Unexpected array element.")
		}
		if b == nil {
			b = []byte{}
		}
		p.elems = append(p.elems, string(b))
		p.nulls = append(p.nulls, false)
		return nil
	}
	// fast path: a plain element up to ',' or '}' without escapes
	if j := strings.IndexAny(in[p.i:], ",}\\\"{"); j > 0 && (in[p.i+j] == ',' || in[p.i+j] == '}') {
		elem := strings.TrimRight(in[p.i:p.i+j], " \t\n\r\v\f")
		p.i += j
		if len(elem) == 4 && (elem[0]|0x20) == 'n' && (elem[1]|0x20) == 'u' && (elem[2]|0x20) == 'l' && (elem[3]|0x20) == 'l' {
			p.elems = append(p.elems, "")
			p.nulls = append(p.nulls, true)
			return nil
		}
		p.elems = append(p.elems, elem)
		p.nulls = append(p.nulls, false)
		return nil
	}
	start := p.i
	escaped := false
	keep := 0 // length of b that must survive trailing-space trimming
	for {
		if p.i >= len(in) {
			return errMalformedArray(in, "Unexpected end of input.")
		}
		c := in[p.i]
		switch c {
		case '\\':
			p.i++
			if p.i >= len(in) {
				return errMalformedArray(in, "Unexpected end of input.")
			}
			b = append(b, in[p.i])
			p.i++
			escaped = true
			keep = len(b)
			continue
		case '"', '{':
			return errMalformedArray(in, "Unexpected \""+string(c)+"\" character.")
		case ',', '}':
		default:
			b = append(b, c)
			p.i++
			if !isSpace(c) {
				keep = len(b)
			}
			continue
		}
		break
	}
	b = b[:keep]
	_ = start
	if !escaped && len(b) == 4 && (b[0]|0x20) == 'n' && (b[1]|0x20) == 'u' && (b[2]|0x20) == 'l' && (b[3]|0x20) == 'l' {
		p.elems = append(p.elems, "")
		p.nulls = append(p.nulls, true)
		return nil
	}
	p.elems = append(p.elems, string(b))
	p.nulls = append(p.nulls, false)
	return nil
}
