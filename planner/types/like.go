package types

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/entitydb/entitydb/pgerr"
)

// likeMatch implements LIKE: % matches any sequence, _ one character
// (one byte for bytea), backslash escapes the next character. ci folds
// ASCII letters only, as PostgreSQL does under the C collation.
func likeMatch(s, p string, ci, bytewise bool) (Datum, error) {
	if ci {
		s, p = asciiLower(s), asciiLower(p)
	}
	ok, err := LikeMatch(s, p, bytewise)
	if err != nil {
		return nil, err
	}
	return ok, nil
}

// LikeMatch reports whether s matches the LIKE pattern p (escape
// character backslash). bytewise makes _ match one byte instead of one
// UTF-8 character. A pattern ending in a lone escape is 22025.
func LikeMatch(s, p string, bytewise bool) (bool, error) {
	adv := func(str string, i int) int {
		if bytewise || str[i] < utf8.RuneSelf {
			return i + 1
		}
		_, n := utf8.DecodeRuneInString(str[i:])
		return i + n
	}
	si, pi := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(p) {
			switch c := p[pi]; c {
			case '%':
				starP = pi
				starS = si
				pi++
				continue
			case '_':
				si = adv(s, si)
				pi++
				continue
			case '\\':
				if pi+1 >= len(p) {
					return false, pgerr.New(pgerr.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
				}
				if s[si] == p[pi+1] {
					si++
					pi += 2
					continue
				}
			default:
				if s[si] == c {
					si++
					pi++
					continue
				}
			}
		}
		if starP < 0 {
			return false, nil
		}
		starS = adv(s, starS)
		si = starS
		pi = starP + 1
	}
	for pi < len(p) && p[pi] == '%' {
		pi++
	}
	if pi < len(p) && p[pi] == '\\' && pi+1 >= len(p) {
		return false, pgerr.New(pgerr.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
	}
	return pi == len(p), nil
}

// LikeEscape is like_escape(pattern, escape): rewrites a pattern written
// with another escape character (or none, for an empty escape) into the
// backslash form LikeMatch reads.
func LikeEscape(p, esc string) (string, error) {
	if esc == "\\" {
		return p, nil
	}
	if esc == "" {
		return strings.ReplaceAll(p, "\\", "\\\\"), nil
	}
	if utf8.RuneCountInString(esc) != 1 {
		return "", pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string").
			WithHint("Escape string must be empty or one character.")
	}
	var b strings.Builder
	escaped := false
	for _, r := range p {
		switch {
		case escaped:
			if r == '\\' {
				b.WriteString("\\\\")
			} else {
				b.WriteByte('\\')
				b.WriteRune(r)
			}
			escaped = false
		case string(r) == esc:
			escaped = true
		case r == '\\':
			b.WriteString("\\\\")
		default:
			b.WriteRune(r)
		}
	}
	if escaped {
		b.WriteByte('\\')
	}
	return b.String(), nil
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 32
				}
			}
			return string(b)
		}
	}
	return s
}

func asciiUpper(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'a' && b[j] <= 'z' {
					b[j] -= 32
				}
			}
			return string(b)
		}
	}
	return s
}

// ---- regular expressions ----

// PostgreSQL's regular expressions are Henry Spencer's ARE; we translate
// them to Go's RE2 syntax where the two agree: '.' and [^...] match
// newlines (flag s), \m \M \y become \b, \Y becomes \B, \Z becomes \z,
// [[:<:]] and [[:>:]] become \b. Back-references and lookahead/lookbehind
// constraints are not supported (2201B), and case-insensitive matching
// folds all of Unicode where PostgreSQL under the C collation folds ASCII
// only.

var regexCache struct {
	sync.Mutex
	m map[regexKey]*regexp.Regexp
}

type regexKey struct {
	pattern string
	flags   string
}

func compileRegex(pattern string, ci bool) (*regexp.Regexp, error) {
	flags := ""
	if ci {
		flags = "i"
	}
	return compileRegexFlags(pattern, flags)
}

// compileRegexFlags compiles an ARE with PostgreSQL flag letters (i, c,
// n, s, x, g is handled by callers).
func compileRegexFlags(pattern, flags string) (*regexp.Regexp, error) {
	key := regexKey{pattern, flags}
	regexCache.Lock()
	if re, ok := regexCache.m[key]; ok {
		regexCache.Unlock()
		return re, nil
	}
	regexCache.Unlock()
	goFlags := "s"
	for _, f := range flags {
		switch f {
		case 'i':
			goFlags += "i"
		case 'c':
		case 'n', 'm':
			goFlags = strings.ReplaceAll(goFlags, "s", "") + "m"
		case 's':
		case 'g':
		case 'x':
		default:
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid regular expression option: \"%c\"", f)
		}
	}
	translated, err := translateRegex(pattern)
	if err != nil {
		return nil, err
	}
	if goFlags != "" {
		translated = "(?" + goFlags + ")" + translated
	}
	re, err := regexp.Compile(translated)
	if err != nil {
		msg := err.Error()
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: "+msg)
	}
	regexCache.Lock()
	if regexCache.m == nil || len(regexCache.m) > 4096 {
		regexCache.m = map[regexKey]*regexp.Regexp{}
	}
	regexCache.m[key] = re
	regexCache.Unlock()
	return re, nil
}

func translateRegex(p string) (string, error) {
	if !strings.ContainsAny(p, "\\[(") {
		return p, nil
	}
	p = strings.ReplaceAll(p, "[[:<:]]", `\b`)
	p = strings.ReplaceAll(p, "[[:>:]]", `\b`)
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '\\' && i+1 < len(p) {
			n := p[i+1]
			if !inClass {
				switch n {
				case 'm', 'M', 'y':
					b.WriteString(`\b`)
					i++
					continue
				case 'Y':
					b.WriteString(`\B`)
					i++
					continue
				case 'Z':
					b.WriteString(`\z`)
					i++
					continue
				case '1', '2', '3', '4', '5', '6', '7', '8', '9':
					return "", pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: back-references are not supported")
				}
			}
			b.WriteByte(c)
			b.WriteByte(n)
			i++
			continue
		}
		if c == '[' && !inClass {
			inClass = true
			b.WriteByte(c)
			// a ']' right after '[' or '[^' is literal
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
			continue
		}
		if c == '[' && inClass && i+1 < len(p) && (p[i+1] == ':' || p[i+1] == '.' || p[i+1] == '=') {
			end := strings.Index(p[i+2:], string(p[i+1])+"]")
			if end >= 0 {
				b.WriteString(p[i : i+2+end+2])
				i += 2 + end + 1
				continue
			}
		}
		if c == ']' && inClass {
			inClass = false
		}
		if c == '(' && !inClass && i+2 < len(p) && p[i+1] == '?' && (p[i+2] == '=' || p[i+2] == '!' || p[i+2] == '<') {
			return "", pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: lookahead and lookbehind constraints are not supported")
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}
