package types

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/entitydb/entitydb/pgerr"
)

// String functions. Character positions count UTF-8 characters, as in a
// UTF8 database; case mapping folds ASCII letters only (C collation).

// fn registers a strict, immutable function.
func fn(name string, args []OID, ret OID, f EvalFn) *Func {
	fu := &Func{Name: name, Args: args, Result: ret, Strict: true, Volatility: Immutable, Fn: f}
	RegisterFunc(fu)
	return fu
}

func oidsOf(o ...OID) []OID { return o }

func str(d Datum) string { return d.(string) }

// substrChars returns the characters [start, start+count) of s, with
// PostgreSQL's 1-based positions (count < 0 means to the end).
func substrChars(s string, start, count int64) string {
	end := int64(-1)
	if count >= 0 {
		end = start + count
		if end < start { // overflow
			end = 1 << 62
		}
		if end <= 1 {
			return ""
		}
	}
	if start < 1 {
		start = 1
	}
	if end >= 0 && end <= start {
		return ""
	}
	pos := int64(1)
	i := 0
	for i < len(s) && pos < start {
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
		pos++
	}
	if end < 0 {
		return s[i:]
	}
	j := i
	for j < len(s) && pos < end {
		_, n := utf8.DecodeRuneInString(s[j:])
		j += n
		pos++
	}
	return s[i:j]
}

func errNegativeSubstring() error {
	return pgerr.New(pgerr.SubstringError, "negative substring length not allowed")
}

func init() {
	T, I4, I8, B, BA := TextOID, Int4OID, Int8OID, BoolOID, ByteaOID
	charLength := func(_ *EvalContext, a []Datum) (Datum, error) { return int64(charLen(str(a[0]))), nil }
	for _, n := range []string{"length", "char_length", "character_length"} {
		fn(n, oidsOf(T), I4, charLength)
		fn(n, oidsOf(BPCharOID), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
			return int64(charLen(strings.TrimRight(str(a[0]), " "))), nil
		})
	}
	fn("octet_length", oidsOf(T), I4, func(_ *EvalContext, a []Datum) (Datum, error) { return int64(len(str(a[0]))), nil })
	fn("octet_length", oidsOf(BPCharOID), I4, func(_ *EvalContext, a []Datum) (Datum, error) { return int64(len(str(a[0]))), nil })
	fn("bit_length", oidsOf(T), I4, func(_ *EvalContext, a []Datum) (Datum, error) { return int64(8 * len(str(a[0]))), nil })
	fn("lower", oidsOf(T), T, func(_ *EvalContext, a []Datum) (Datum, error) { return asciiLower(str(a[0])), nil })
	fn("upper", oidsOf(T), T, func(_ *EvalContext, a []Datum) (Datum, error) { return asciiUpper(str(a[0])), nil })
	fn("initcap", oidsOf(T), T, func(_ *EvalContext, a []Datum) (Datum, error) { return initcap(str(a[0])), nil })
	substr2 := func(_ *EvalContext, a []Datum) (Datum, error) { return substrChars(str(a[0]), a[1].(int64), -1), nil }
	substr3 := func(_ *EvalContext, a []Datum) (Datum, error) {
		if a[2].(int64) < 0 {
			return nil, errNegativeSubstring()
		}
		return substrChars(str(a[0]), a[1].(int64), a[2].(int64)), nil
	}
	for _, n := range []string{"substr", "substring"} {
		fn(n, oidsOf(T, I4), T, substr2)
		fn(n, oidsOf(T, I4, I4), T, substr3)
		fn(n, oidsOf(BA, I4), BA, func(_ *EvalContext, a []Datum) (Datum, error) {
			return byteaSubstr(a[0].([]byte), a[1].(int64), -1)
		})
		fn(n, oidsOf(BA, I4, I4), BA, func(_ *EvalContext, a []Datum) (Datum, error) {
			if a[2].(int64) < 0 {
				return nil, errNegativeSubstring()
			}
			return byteaSubstr(a[0].([]byte), a[1].(int64), a[2].(int64))
		})
	}
	// substring(text from pattern): POSIX regex; (text, pattern, escape): SIMILAR TO
	fn("substring", oidsOf(T, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		re, err := compileRegex(str(a[1]), false)
		if err != nil {
			return nil, err
		}
		m := re.FindStringSubmatchIndex(str(a[0]))
		if m == nil {
			return nil, nil
		}
		if len(m) > 2 {
			if m[2] < 0 {
				return nil, nil
			}
			return str(a[0])[m[2]:m[3]], nil
		}
		return str(a[0])[m[0]:m[1]], nil
	})
	fn("substring", oidsOf(T, T, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		pat, err := SimilarToRegex(str(a[1]), a[2].(string), true)
		if err != nil {
			return nil, err
		}
		re, err := compileRegex(pat, false)
		if err != nil {
			return nil, err
		}
		m := re.FindStringSubmatchIndex(str(a[0]))
		if m == nil {
			return nil, nil
		}
		// the part between the two escape-double-quote separators, if any
		if len(m) > 2 && m[2] >= 0 {
			return str(a[0])[m[2]:m[3]], nil
		}
		return str(a[0])[m[0]:m[1]], nil
	})
	strpos := func(_ *EvalContext, a []Datum) (Datum, error) {
		i := strings.Index(str(a[0]), str(a[1]))
		if i < 0 {
			return int64(0), nil
		}
		return int64(utf8.RuneCountInString(str(a[0])[:i]) + 1), nil
	}
	fn("strpos", oidsOf(T, T), I4, strpos)
	fn("position", oidsOf(T, T), I4, strpos)
	fn("position", oidsOf(BA, BA), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
		return int64(strings.Index(string(a[0].([]byte)), string(a[1].([]byte))) + 1), nil
	})
	fn("replace", oidsOf(T, T, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		if str(a[1]) == "" {
			return a[0], nil
		}
		return strings.ReplaceAll(str(a[0]), str(a[1]), str(a[2])), nil
	})
	fn("split_part", oidsOf(T, T, I4), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		s, d, n := str(a[0]), str(a[1]), a[2].(int64)
		if n == 0 {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "field position must not be zero")
		}
		var parts []string
		if d == "" {
			parts = []string{s}
			if s == "" {
				parts = nil
			}
		} else if s == "" {
			parts = nil
		} else {
			parts = strings.Split(s, d)
		}
		if n < 0 {
			n = int64(len(parts)) + n + 1
		}
		if n < 1 || n > int64(len(parts)) {
			return "", nil
		}
		return parts[n-1], nil
	})
	fn("left", oidsOf(T, I4), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		s, n := str(a[0]), a[1].(int64)
		if n < 0 {
			n = int64(charLen(s)) + n
			if n < 0 {
				n = 0
			}
		}
		return substrChars(s, 1, n), nil
	})
	fn("right", oidsOf(T, I4), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		s, n := str(a[0]), a[1].(int64)
		l := int64(charLen(s))
		if n < 0 {
			n = l + n
			if n < 0 {
				n = 0
			}
		}
		if n > l {
			n = l
		}
		return substrChars(s, l-n+1, -1), nil
	})
	pad := func(left bool) EvalFn {
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			s, n := str(a[0]), a[1].(int64)
			fill := " "
			if len(a) > 2 {
				fill = str(a[2])
			}
			if n <= 0 {
				return "", nil
			}
			if n > 10485760*4 {
				return nil, pgerr.New(pgerr.ProgramLimitExceeded, "requested length too large")
			}
			l := int64(charLen(s))
			if l >= n || fill == "" {
				return substrChars(s, 1, n), nil
			}
			fr := []rune(fill)
			padding := make([]rune, 0, n-l)
			for i := int64(0); i < n-l; i++ {
				padding = append(padding, fr[i%int64(len(fr))])
			}
			if left {
				return string(padding) + s, nil
			}
			return s + string(padding), nil
		}
	}
	fn("lpad", oidsOf(T, I4), T, pad(true))
	fn("lpad", oidsOf(T, I4, T), T, pad(true))
	fn("rpad", oidsOf(T, I4), T, pad(false))
	fn("rpad", oidsOf(T, I4, T), T, pad(false))
	trimFn := func(left, right bool) EvalFn {
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			chars := " "
			if len(a) > 1 {
				chars = str(a[1])
			}
			s := str(a[0])
			if left {
				s = strings.TrimLeft(s, chars)
			}
			if right {
				s = strings.TrimRight(s, chars)
			}
			return s, nil
		}
	}
	fn("btrim", oidsOf(T), T, trimFn(true, true))
	fn("btrim", oidsOf(T, T), T, trimFn(true, true))
	fn("ltrim", oidsOf(T), T, trimFn(true, false))
	fn("ltrim", oidsOf(T, T), T, trimFn(true, false))
	fn("rtrim", oidsOf(T), T, trimFn(false, true))
	fn("rtrim", oidsOf(T, T), T, trimFn(false, true))
	fn("btrim", oidsOf(BA, BA), BA, func(_ *EvalContext, a []Datum) (Datum, error) {
		set := string(a[1].([]byte))
		b := a[0].([]byte)
		i, j := 0, len(b)
		for i < j && strings.IndexByte(set, b[i]) >= 0 {
			i++
		}
		for j > i && strings.IndexByte(set, b[j-1]) >= 0 {
			j--
		}
		return append([]byte(nil), b[i:j]...), nil
	})
	RegisterFunc(&Func{Name: "concat", Args: oidsOf(AnyOID), Variadic: AnyOID, Result: T, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				var buf []byte
				for i, v := range a {
					if v != nil {
						buf = AppendText(buf, v, args[i], ctx.settings())
					}
				}
				return string(buf), nil
			}
		}})
	RegisterFunc(&Func{Name: "concat_ws", Args: oidsOf(T, AnyOID), Variadic: AnyOID, Result: T, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				if a[0] == nil {
					return nil, nil
				}
				var buf []byte
				first := true
				for i := 1; i < len(a); i++ {
					if a[i] == nil {
						continue
					}
					if !first {
						buf = append(buf, str(a[0])...)
					}
					first = false
					buf = AppendText(buf, a[i], args[i], ctx.settings())
				}
				return string(buf), nil
			}
		}})
	RegisterFunc(&Func{Name: "format", Args: oidsOf(T), Result: T, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn { return bindFormat(args) }})
	RegisterFunc(&Func{Name: "format", Args: oidsOf(T, AnyOID), Variadic: AnyOID, Result: T, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn { return bindFormat(args) }})
	fn("repeat", oidsOf(T, I4), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		n := a[1].(int64)
		if n <= 0 {
			return "", nil
		}
		if int64(len(str(a[0])))*n > 1<<30-1 {
			return nil, pgerr.New(pgerr.ProgramLimitExceeded, "requested length too large")
		}
		return strings.Repeat(str(a[0]), int(n)), nil
	})
	// overlay(s PLACING r FROM start [FOR count]): s with count characters
	// from start replaced by r (count defaults to r's length).
	overlay := func(_ *EvalContext, a []Datum) (Datum, error) {
		s, r, start := str(a[0]), str(a[1]), a[2].(int64)
		count := int64(utf8.RuneCountInString(r))
		if len(a) > 3 {
			count = a[3].(int64)
		}
		if start <= 0 {
			return nil, errNegativeSubstring()
		}
		if start+count > math.MaxInt32 || start+count < math.MinInt32 {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range")
		}
		return substrChars(s, 1, start-1) + r + substrChars(s, start+count, -1), nil
	}
	fn("overlay", oidsOf(T, T, I4), T, overlay)
	fn("overlay", oidsOf(T, T, I4, I4), T, overlay)
	fn("reverse", oidsOf(T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		r := []rune(str(a[0]))
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return string(r), nil
	})
	fn("md5", oidsOf(T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		h := md5.Sum([]byte(str(a[0])))
		return hex.EncodeToString(h[:]), nil
	})
	fn("md5", oidsOf(BA), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		h := md5.Sum(a[0].([]byte))
		return hex.EncodeToString(h[:]), nil
	})
	fn("starts_with", oidsOf(T, T), B, func(_ *EvalContext, a []Datum) (Datum, error) {
		return strings.HasPrefix(str(a[0]), str(a[1])), nil
	})
	fn("quote_ident", oidsOf(T), T, func(_ *EvalContext, a []Datum) (Datum, error) { return QuoteIdent(str(a[0])), nil })
	fn("quote_literal", oidsOf(T), T, func(_ *EvalContext, a []Datum) (Datum, error) { return QuoteLiteral(str(a[0])), nil })
	RegisterFunc(&Func{Name: "quote_literal", Args: oidsOf(AnyElementOID), Result: T, Strict: true, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				s, err := castToText(a[0], args[0], ctx.settings())
				if err != nil {
					return nil, err
				}
				return QuoteLiteral(s), nil
			}
		}})
	RegisterFunc(&Func{Name: "quote_nullable", Args: oidsOf(T), Result: T, Volatility: Immutable,
		Fn: func(_ *EvalContext, a []Datum) (Datum, error) {
			if a[0] == nil {
				return "NULL", nil
			}
			return QuoteLiteral(str(a[0])), nil
		}})
	RegisterFunc(&Func{Name: "quote_nullable", Args: oidsOf(AnyElementOID), Result: T, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				if a[0] == nil {
					return "NULL", nil
				}
				s, err := castToText(a[0], args[0], ctx.settings())
				if err != nil {
					return nil, err
				}
				return QuoteLiteral(s), nil
			}
		}})
	fn("to_hex", oidsOf(I4), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return strconv.FormatUint(uint64(uint32(a[0].(int64))), 16), nil
	})
	fn("to_hex", oidsOf(I8), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return strconv.FormatUint(uint64(a[0].(int64)), 16), nil
	})
	fn("chr", oidsOf(I4), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		c := a[0].(int64)
		if c == 0 {
			return nil, pgerr.New(pgerr.ProgramLimitExceeded, "null character not permitted")
		}
		if c < 0 || c > 0x10ffff {
			return nil, pgerr.Newf(pgerr.ProgramLimitExceeded, "requested character too large for encoding: %d", c)
		}
		if c >= 0xd800 && c <= 0xdfff {
			return nil, pgerr.Newf(pgerr.ProgramLimitExceeded, "requested character not valid for encoding: %d", c)
		}
		return string(rune(c)), nil
	})
	fn("ascii", oidsOf(T), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
		s := str(a[0])
		if s == "" {
			return int64(0), nil
		}
		r, _ := utf8.DecodeRuneInString(s)
		return int64(r), nil
	})
	fn("translate", oidsOf(T, T, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		from, to := []rune(str(a[1])), []rune(str(a[2]))
		var b strings.Builder
		for _, r := range str(a[0]) {
			idx := -1
			for k, f := range from {
				if f == r {
					idx = k
					break
				}
			}
			switch {
			case idx < 0:
				b.WriteRune(r)
			case idx < len(to):
				b.WriteRune(to[idx])
			}
		}
		return b.String(), nil
	})
	fn("like_escape", oidsOf(T, T), T, func(_ *EvalContext, a []Datum) (Datum, error) { return LikeEscape(str(a[0]), str(a[1])) })
	fn("like_escape", oidsOf(BA, BA), BA, func(_ *EvalContext, a []Datum) (Datum, error) {
		return likeEscapeBytes(a[0].([]byte), a[1].([]byte))
	})
	RegisterFunc(&Func{Name: "similar_to_escape", Args: oidsOf(T, T), Result: T, Volatility: Immutable,
		Fn: func(_ *EvalContext, a []Datum) (Datum, error) {
			if a[0] == nil {
				return nil, nil
			}
			if a[1] == nil {
				return nil, nil
			}
			return SimilarToRegex(str(a[0]), str(a[1]), false)
		}})
	fn("similar_to_escape", oidsOf(T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return SimilarToRegex(str(a[0]), "\\", false)
	})
	// entitydb helpers
	fn("has_tag_like", oidsOf(TextArrayOID, T), B, func(_ *EvalContext, a []Datum) (Datum, error) {
		return HasTagLike(a[0].(*Array), str(a[1]))
	})
	fn("tag_value", oidsOf(TextArrayOID, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return TagValue(a[0].(*Array), str(a[1])), nil
	})
	// bytea
	fn("length", oidsOf(BA), I4, func(_ *EvalContext, a []Datum) (Datum, error) { return int64(len(a[0].([]byte))), nil })
	fn("octet_length", oidsOf(BA), I4, func(_ *EvalContext, a []Datum) (Datum, error) { return int64(len(a[0].([]byte))), nil })
	fn("get_byte", oidsOf(BA, I4), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
		b, n := a[0].([]byte), a[1].(int64)
		if n < 0 || n >= int64(len(b)) {
			return nil, pgerr.Newf(pgerr.ArraySubscriptError, "index %d out of valid range, 0..%d", n, len(b)-1)
		}
		return int64(b[n]), nil
	})
	fn("set_byte", oidsOf(BA, I4, I4), BA, func(_ *EvalContext, a []Datum) (Datum, error) {
		b, n := a[0].([]byte), a[1].(int64)
		if n < 0 || n >= int64(len(b)) {
			return nil, pgerr.Newf(pgerr.ArraySubscriptError, "index %d out of valid range, 0..%d", n, len(b)-1)
		}
		out := append([]byte(nil), b...)
		out[n] = byte(a[2].(int64))
		return out, nil
	})
	fn("encode", oidsOf(BA, T), T, func(_ *EvalContext, a []Datum) (Datum, error) { return Encode(a[0].([]byte), str(a[1])) })
	fn("decode", oidsOf(T, T), BA, func(_ *EvalContext, a []Datum) (Datum, error) { return Decode(str(a[0]), str(a[1])) })
	fn("convert_from", oidsOf(BA, NameOID), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ConvertFrom(a[0].([]byte), str(a[1]))
	}).Volatility = Stable
	fn("convert_to", oidsOf(T, NameOID), BA, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ConvertTo(str(a[0]), str(a[1]))
	}).Volatility = Stable
}

// castToText is CAST(d AS text).
func castToText(d Datum, t Type, s *Settings) (string, error) {
	v, err := Cast(d, t, Of(TextOID), s)
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// likeEscapeBytes is like_escape for bytea (byte-wise).
func likeEscapeBytes(p, esc []byte) (Datum, error) {
	if len(esc) > 1 {
		return nil, pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string").
			WithHint("Escape string must be empty or one character.")
	}
	if len(esc) == 1 && esc[0] == '\\' {
		return append([]byte(nil), p...), nil
	}
	out := make([]byte, 0, len(p))
	escaped := false
	for _, c := range p {
		switch {
		case escaped:
			out = append(out, '\\')
			if c == '\\' {
				out = append(out, '\\')
			} else {
				out = append(out, c)
			}
			escaped = false
		case len(esc) == 1 && c == esc[0]:
			escaped = true
		case c == '\\':
			out = append(out, '\\', '\\')
		default:
			out = append(out, c)
		}
	}
	if escaped {
		out = append(out, '\\')
	}
	return out, nil
}

func byteaSubstr(b []byte, start, count int64) (Datum, error) {
	end := int64(len(b)) + 1
	if count >= 0 {
		end = start + count
	}
	if start < 1 {
		start = 1
	}
	if end > int64(len(b))+1 {
		end = int64(len(b)) + 1
	}
	if end <= start {
		return []byte{}, nil
	}
	return append([]byte(nil), b[start-1:end-1]...), nil
}

// initcap upper-cases the first ASCII letter of each run of ASCII
// alphanumerics and lower-cases the rest (C collation).
func initcap(s string) string {
	b := []byte(s)
	wasAlnum := false
	for i, c := range b {
		if wasAlnum {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 32
			}
		} else if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
		wasAlnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
	}
	return string(b)
}

// HasTagLike is has_tag_like(tags, pattern): whether some non-NULL tag
// matches the LIKE pattern.
func HasTagLike(tags *Array, pattern string) (bool, error) {
	for _, e := range tags.Elems {
		s, ok := e.(string)
		if !ok {
			continue
		}
		m, err := LikeMatch(s, pattern, false)
		if err != nil {
			return false, err
		}
		if m {
			return true, nil
		}
	}
	return false, nil
}

// TagValue is tag_value(tags, key): the text after "key:" of the first tag
// that starts with it, or NULL.
func TagValue(tags *Array, key string) Datum {
	for _, e := range tags.Elems {
		s, ok := e.(string)
		if !ok || len(s) <= len(key) {
			if ok && len(s) == len(key)+1 && strings.HasPrefix(s, key) && s[len(key)] == ':' {
				return ""
			}
			continue
		}
		if s[len(key)] == ':' && strings.HasPrefix(s, key) {
			return s[len(key)+1:]
		}
	}
	return nil
}

var reservedKeywords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast char character check coalesce collate collation column concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp current_user dec decimal default deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full grant greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull join lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary real references returning right row select session_user setof similar smallint some substring symmetric table tablesample then time timestamp to trailing treat trim true union unique user using values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`) {
		reservedKeywords[w] = true
	}
}

// QuoteIdent is quote_ident: double-quotes an identifier unless it is a
// plain lower-case name that is not a reserved key word.
func QuoteIdent(s string) string {
	safe := s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] == '_')
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			safe = false
		}
	}
	if safe && !reservedKeywords[s] {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuoteLiteral is quote_literal: single quotes doubled, and the E”
// form with doubled backslashes when the text has a backslash.
func QuoteLiteral(s string) string {
	var b strings.Builder
	if strings.IndexByte(s, '\\') >= 0 {
		b.WriteByte('E')
	}
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\'' || c == '\\' {
			b.WriteByte(c)
		}
		b.WriteByte(c)
	}
	b.WriteByte('\'')
	return b.String()
}

// bindFormat implements format(): %s, %I, %L, %%, positions (%2$s),
// widths (%10s, %-10s, %*s).
func bindFormat(args []Type) EvalFn {
	return func(ctx *EvalContext, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		f := str(a[0])
		var b strings.Builder
		next := 1
		errFew := func() error { return pgerr.New(pgerr.InvalidParameterValue, "too few arguments for format()") }
		for i := 0; i < len(f); i++ {
			c := f[i]
			if c != '%' {
				b.WriteByte(c)
				continue
			}
			i++
			if i >= len(f) {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "unterminated format() type specifier").
					WithHint("For a single \"%%\" use \"%%%%\".")
			}
			if f[i] == '%' {
				b.WriteByte('%')
				continue
			}
			// [argpos$][flags][width]type
			readNum := func() (int, bool) {
				start := i
				n := 0
				for i < len(f) && f[i] >= '0' && f[i] <= '9' {
					n = n*10 + int(f[i]-'0')
					i++
				}
				return n, i > start
			}
			argPos := 0
			if n, ok := readNum(); ok {
				if i < len(f) && f[i] == '$' {
					argPos = n
					i++
				} else {
					i -= len(strconv.Itoa(n))
				}
			}
			left := false
			if i < len(f) && f[i] == '-' {
				left = true
				i++
			}
			width := 0
			if i < len(f) && f[i] == '*' {
				i++
				wpos := next
				if n, ok := readNum(); ok && i < len(f) && f[i] == '$' {
					wpos = n
					i++
				} else {
					next++
				}
				if wpos >= len(a) {
					return nil, errFew()
				}
				if a[wpos] != nil {
					w, _ := a[wpos].(int64)
					width = int(w)
					if width < 0 {
						left = true
						width = -width
					}
				}
			} else if n, ok := readNum(); ok {
				width = n
			}
			if i >= len(f) {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "unterminated format() type specifier").
					WithHint("For a single \"%%\" use \"%%%%\".")
			}
			typ := f[i]
			if typ != 's' && typ != 'I' && typ != 'L' {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized format() type specifier \"%c\"", typ).
					WithHint("For a single \"%%\" use \"%%%%\".")
			}
			pos := next
			if argPos > 0 {
				pos = argPos
			}
			if pos >= len(a) {
				return nil, errFew()
			}
			next = pos + 1
			v := a[pos]
			var out string
			switch typ {
			case 's':
				if v != nil {
					out = string(AppendText(nil, v, args[pos], ctx.settings()))
				}
			case 'I':
				if v == nil {
					return nil, pgerr.New(pgerr.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
				}
				out = QuoteIdent(string(AppendText(nil, v, args[pos], ctx.settings())))
			case 'L':
				if v == nil {
					out = "NULL"
				} else {
					out = QuoteLiteral(string(AppendText(nil, v, args[pos], ctx.settings())))
				}
			}
			if n := charLen(out); n < width {
				padding := strings.Repeat(" ", width-n)
				if left {
					out += padding
				} else {
					out = padding + out
				}
			}
			b.WriteString(out)
		}
		return b.String(), nil
	}
}

// Encode is encode(bytea, format) for hex, base64 and escape.
func Encode(b []byte, format string) (Datum, error) {
	switch strings.ToLower(format) {
	case "hex":
		return hex.EncodeToString(b), nil
	case "base64":
		s := base64.StdEncoding.EncodeToString(b)
		var out strings.Builder
		for len(s) > 76 {
			out.WriteString(s[:76])
			out.WriteByte('\n')
			s = s[76:]
		}
		out.WriteString(s)
		return out.String(), nil
	case "escape":
		var out []byte
		for _, c := range b {
			switch {
			case c == 0 || c >= 0x80:
				out = append(out, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
			case c == '\\':
				out = append(out, '\\', '\\')
			default:
				out = append(out, c)
			}
		}
		return string(out), nil
	}
	return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized encoding: \"%s\"", format)
}

// Decode is decode(text, format).
func Decode(s, format string) (Datum, error) {
	switch strings.ToLower(format) {
	case "hex":
		return decodeHexBytes(s)
	case "base64":
		clean := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, s)
		for _, c := range clean {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid symbol \"%c\" found while decoding base64 sequence", c)
			}
		}
		out, err := base64.StdEncoding.DecodeString(clean)
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid base64 end sequence").
				WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.")
		}
		return out, nil
	case "escape":
		return unescapeBytea(s)
	}
	return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized encoding: \"%s\"", format)
}

func normEncoding(name string) string {
	n := strings.ToUpper(strings.NewReplacer("-", "", "_", "").Replace(name))
	switch n {
	case "UTF8", "UNICODE":
		return "UTF8"
	case "LATIN1", "ISO88591":
		return "LATIN1"
	case "SQLASCII":
		return "SQL_ASCII"
	}
	return ""
}

// ConvertFrom is convert_from(bytea, encoding): UTF8, LATIN1 and
// SQL_ASCII sources.
func ConvertFrom(b []byte, enc string) (Datum, error) {
	switch normEncoding(enc) {
	case "UTF8", "SQL_ASCII":
		for _, c := range b {
			if c == 0 {
				return nil, errInvalidUTF8(b)
			}
		}
		if !utf8.Valid(b) {
			return nil, errInvalidUTF8(b)
		}
		return string(b), nil
	case "LATIN1":
		r := make([]rune, len(b))
		for i, c := range b {
			if c == 0 {
				return nil, pgerr.New(pgerr.CharacterNotInRepertoire, "invalid byte sequence for encoding \"LATIN1\": 0x00")
			}
			r[i] = rune(c)
		}
		return string(r), nil
	}
	return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid source encoding name \"%s\"", enc)
}

// ConvertTo is convert_to(text, encoding).
func ConvertTo(s, enc string) (Datum, error) {
	switch normEncoding(enc) {
	case "UTF8", "SQL_ASCII":
		return []byte(s), nil
	case "LATIN1":
		out := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xff {
				return nil, pgerr.Newf(pgerr.UntranslatableCharacter, "character with byte sequence %s in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"", utf8Bytes(r))
			}
			out = append(out, byte(r))
		}
		return out, nil
	}
	return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid destination encoding name \"%s\"", enc)
}

func utf8Bytes(r rune) string {
	var buf [4]byte
	n := utf8.EncodeRune(buf[:], r)
	parts := make([]string, n)
	for i := 0; i < n; i++ {
		parts[i] = "0x" + hex2(buf[i])
	}
	return strings.Join(parts, " ")
}

// SimilarToRegex translates a SQL SIMILAR TO pattern into a POSIX regular
// expression (similar_to_escape). forSubstring keeps the escape-double-
// quote separators as a capture group.
func SimilarToRegex(pat, esc string, forSubstring bool) (string, error) {
	var escRune rune = -1
	if esc != "" {
		if utf8.RuneCountInString(esc) != 1 {
			return "", pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string").
				WithHint("Escape string must be empty or one character.")
		}
		escRune, _ = utf8.DecodeRuneInString(esc)
	}
	var b strings.Builder
	b.WriteString("^(?:")
	afterEscape := false
	inBracket := 0
	nquotes := 0
	for _, r := range pat {
		switch {
		case afterEscape:
			if r == '"' && inBracket == 0 {
				switch nquotes {
				case 0:
					b.WriteString("){1,1}?(")
				case 1:
					b.WriteString("){1,1}(?:")
				default:
					return "", pgerr.New(pgerr.InvalidUseOfEscapeCharacter, "SQL regular expression may not contain more than two escape-double-quote separators")
				}
				nquotes++
			} else {
				b.WriteByte('\\')
				b.WriteRune(r)
			}
			afterEscape = false
		case r == escRune:
			afterEscape = true
		case inBracket > 0:
			if r == '\\' {
				b.WriteByte('\\')
			}
			if r == ']' {
				inBracket = 0
			}
			b.WriteRune(r)
		case r == '[':
			inBracket = 1
			b.WriteRune(r)
		case r == '%':
			b.WriteString(".*")
		case r == '_':
			b.WriteByte('.')
		case r == '(':
			b.WriteString("(?:")
		case r == '\\' || r == '.' || r == '^' || r == '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(")$")
	out := b.String()
	if !forSubstring && nquotes > 0 {
		// plain SIMILAR TO: separators are just grouping
	}
	return out, nil
}
