package planner

// Small helpers used across the planner.

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// likePrefix returns the literal prefix of a LIKE pattern and whether the
// pattern is exactly "prefix%" (so a prefix scan answers it exactly).
func likePrefix(p string) (prefix string, exact bool) {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '%':
			rest := p[i:]
			return b.String(), strings.Trim(rest, "%") == ""
		case '_':
			return b.String(), false
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteByte(p[i])
				continue
			}
			return b.String(), false
		default:
			b.WriteByte(c)
		}
	}
	// no wildcard: equality
	return b.String(), false
}

func quoteIdent(s string) string {
	if s != "" && !isReservedWord(s) {
		plain := true
		for i, c := range s {
			if !(c >= 'a' && c <= 'z' || c == '_' || (i > 0 && (c >= '0' && c <= '9' || c == '$'))) {
				plain = false
				break
			}
		}
		if plain {
			return s
		}
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func isReservedWord(s string) bool {
	switch s {
	case "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check",
		"collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role", "current_time",
		"current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except",
		"false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
		"lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
		"placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table", "then",
		"to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with":
		return true
	}
	return false
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n]
}

func locOf(fs *formatSettings) *time.Location {
	if fs == nil || fs.TimeZone == nil {
		return time.UTC
	}
	return fs.TimeZone
}

func isPreferred(oid types.OID) bool {
	if i := types.Lookup(oid); i != nil {
		return i.Preferred
	}
	return false
}

func undefinedOperator(name string, left *types.Type, right types.Type) error {
	if left == nil {
		return pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s %s", name, right).
			WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast.")
	}
	return pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s %s %s", *left, name, right).
		WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.")
}

// likeMatch implements LIKE with the default escape character '\'.
func likeMatch(s, pattern string, ci bool) (bool, error) {
	if ci {
		s, pattern = strings.ToLower(s), strings.ToLower(pattern)
	}
	return likeRec(s, pattern)
}

func likeRec(s, p string) (bool, error) {
	for len(p) > 0 {
		c := p[0]
		switch c {
		case '%':
			for len(p) > 0 && p[0] == '%' {
				p = p[1:]
			}
			if len(p) == 0 {
				return true, nil
			}
			for i := 0; i <= len(s); i++ {
				if i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
					continue
				}
				ok, err := likeRec(s[i:], p)
				if err != nil || ok {
					return ok, err
				}
			}
			return false, nil
		case '_':
			if len(s) == 0 {
				return false, nil
			}
			_, n := utf8.DecodeRuneInString(s)
			s, p = s[n:], p[1:]
		case '\\':
			if len(p) < 2 {
				return false, pgerr.New(pgerr.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
			}
			if len(s) == 0 || s[0] != p[1] {
				return false, nil
			}
			s, p = s[1:], p[2:]
		default:
			if len(s) == 0 || s[0] != c {
				return false, nil
			}
			s, p = s[1:], p[1:]
		}
	}
	return len(s) == 0, nil
}

// tagValue implements tag_value(tags, key): the text after "key:" of the
// first tag with that key, or NULL.
func tagValue(tags *types.Array, key string) Datum {
	for _, e := range tags.Elems {
		if e == nil {
			continue
		}
		s := e.(string)
		if len(s) > len(key) && s[len(key)] == ':' && s[:len(key)] == key {
			return s[len(key)+1:]
		}
	}
	return nil
}
