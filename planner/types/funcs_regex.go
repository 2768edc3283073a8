package types

import (
	"regexp"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
)

// regexp_* functions on Go's regexp engine (see like.go for the syntax
// translation and its limits).

func regexFlags(flags string, allowG bool, fname string) (string, bool, error) {
	global := false
	for _, f := range flags {
		switch f {
		case 'g':
			if !allowG {
				return "", false, pgerr.Newf(pgerr.InvalidParameterValue, "%s() does not support the \"global\" option", fname).
					WithHint("Use the regexp_matches function instead.")
			}
			global = true
		case 'i', 'c', 'n', 'm', 's', 'x', 'p', 'w', 'q', 'b', 'e', 't':
		default:
			return "", false, pgerr.Newf(pgerr.InvalidParameterValue, "invalid regular expression option: \"%c\"", f)
		}
	}
	// later c/i flags override earlier ones
	ci := false
	for _, f := range flags {
		if f == 'i' {
			ci = true
		} else if f == 'c' {
			ci = false
		}
	}
	out := ""
	if ci {
		out = "i"
	}
	if strings.ContainsAny(flags, "nmp") {
		out += "n"
	}
	return out, global, nil
}

func compileWithFlags(pattern, flags, fname string, allowG bool) (*regexp.Regexp, bool, error) {
	f, global, err := regexFlags(flags, allowG, fname)
	if err != nil {
		return nil, false, err
	}
	if strings.ContainsRune(flags, 'q') {
		pattern = regexp.QuoteMeta(pattern)
	}
	re, err := compileRegexFlags(pattern, f)
	return re, global, err
}

// expandReplacement applies regexp_replace's replacement syntax: \1..\9
// are groups, \& the whole match, \\ a backslash.
func expandReplacement(dst []byte, repl string, src string, m []int) []byte {
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '\\' || i+1 >= len(repl) {
			dst = append(dst, c)
			continue
		}
		n := repl[i+1]
		switch {
		case n >= '1' && n <= '9':
			g := int(n - '0')
			if 2*g+1 < len(m) && m[2*g] >= 0 {
				dst = append(dst, src[m[2*g]:m[2*g+1]]...)
			}
			i++
		case n == '&':
			dst = append(dst, src[m[0]:m[1]]...)
			i++
		case n == '\\':
			dst = append(dst, '\\')
			i++
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func regexpReplace(src, pattern, repl, flags string, start, n int64) (Datum, error) {
	re, global, err := compileWithFlags(pattern, flags, "regexp_replace", true)
	if err != nil {
		return nil, err
	}
	if start < 1 {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": %d", "start", start)
	}
	offset := len(substrChars(src, 1, start-1))
	// Matches are found over the whole string so that ^ and lookbehind-
	// like anchors see the real start; those before the start position
	// are skipped.
	var out []byte
	pos := 0
	count := int64(0)
	for _, m := range pgFindAll(re, src) {
		if m[0] < offset {
			continue
		}
		count++
		if n == 0 || count == n {
			out = append(out, src[pos:m[0]]...)
			out = expandReplacement(out, repl, src, m)
			pos = m[1]
		}
		if (n == 0 && !global) || (n > 0 && count >= n) {
			break
		}
	}
	out = append(out, src[pos:]...)
	return string(out), nil
}

func decodeRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 1
}

// pgFindAll lists successive matches the way PostgreSQL's regexp
// functions scan: after a non-empty match the search resumes at its end,
// where an empty match is allowed (Go skips empty matches that abut the
// previous match). The extra empty matches are found for patterns whose
// meaning does not depend on the text before the position.
func pgFindAll(re *regexp.Regexp, src string) [][]int {
	all := re.FindAllStringSubmatchIndex(src, -1)
	p := re.String()
	if strings.ContainsAny(p, "^\\") || len(all) == 0 {
		return all
	}
	anchored, err := regexp.Compile(`^(?:` + p + `)`)
	if err != nil {
		return all
	}
	out := make([][]int, 0, len(all))
	for k, m := range all {
		out = append(out, m)
		if m[1] == m[0] {
			continue
		}
		next := len(src) + 1
		if k+1 < len(all) {
			next = all[k+1][0]
		}
		if next == m[1] {
			continue
		}
		if e := anchored.FindStringSubmatchIndex(src[m[1]:]); e != nil && e[1] == 0 {
			for i := range e {
				if e[i] >= 0 {
					e[i] += m[1]
				}
			}
			out = append(out, e)
		}
	}
	return out
}

// matchArray builds regexp_match's result: the capture groups, or the
// whole match when the pattern has none.
func matchArray(src string, m []int) *Array {
	if len(m) == 2 {
		return NewArray1(TextOID, []Datum{src[m[0]:m[1]]})
	}
	elems := make([]Datum, len(m)/2-1)
	for g := 1; g < len(m)/2; g++ {
		if m[2*g] >= 0 {
			elems[g-1] = src[m[2*g]:m[2*g+1]]
		}
	}
	return NewArray1(TextOID, elems)
}

func init() {
	T := TextOID
	fn("regexp_replace", oidsOf(T, T, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return regexpReplace(str(a[0]), str(a[1]), str(a[2]), "", 1, 0)
	})
	fn("regexp_replace", oidsOf(T, T, T, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return regexpReplace(str(a[0]), str(a[1]), str(a[2]), str(a[3]), 1, 0)
	})
	fn("regexp_replace", oidsOf(T, T, T, Int4OID), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return regexpReplace(str(a[0]), str(a[1]), str(a[2]), "", a[3].(int64), 0)
	})
	fn("regexp_replace", oidsOf(T, T, T, Int4OID, Int4OID), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		if a[4].(int64) < 0 {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": %d", "n", a[4].(int64))
		}
		return regexpReplace(str(a[0]), str(a[1]), str(a[2]), "", a[3].(int64), a[4].(int64))
	})
	fn("regexp_replace", oidsOf(T, T, T, Int4OID, Int4OID, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		if a[4].(int64) < 0 {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": %d", "n", a[4].(int64))
		}
		return regexpReplace(str(a[0]), str(a[1]), str(a[2]), str(a[5]), a[3].(int64), a[4].(int64))
	})
	match := func(_ *EvalContext, a []Datum) (Datum, error) {
		flags := ""
		if len(a) > 2 {
			flags = str(a[2])
		}
		re, _, err := compileWithFlags(str(a[1]), flags, "regexp_match", false)
		if err != nil {
			return nil, err
		}
		m := re.FindStringSubmatchIndex(str(a[0]))
		if m == nil {
			return nil, nil
		}
		return matchArray(str(a[0]), m), nil
	}
	fn("regexp_match", oidsOf(T, T), TextArrayOID, match)
	fn("regexp_match", oidsOf(T, T, T), TextArrayOID, match)
	matches := func(_ *EvalContext, a []Datum) (Rows, error) {
		flags := ""
		if len(a) > 2 {
			flags = str(a[2])
		}
		re, global, err := compileWithFlags(str(a[1]), flags, "regexp_matches", true)
		if err != nil {
			return nil, err
		}
		src := str(a[0])
		n := 1
		if global {
			n = -1
		}
		all := pgFindAll(re, src)
		if n == 1 && len(all) > 1 {
			all = all[:1]
		}
		i := 0
		row := make([]Datum, 1)
		return func() ([]Datum, bool, error) {
			if i >= len(all) {
				return nil, false, nil
			}
			row[0] = matchArray(src, all[i])
			i++
			return row, true, nil
		}, nil
	}
	for _, args := range [][]OID{{T, T}, {T, T, T}} {
		RegisterFunc(&Func{Name: "regexp_matches", Args: args, Result: TextArrayOID, Strict: true, Volatility: Immutable, SRF: matches})
	}
	split := func(_ *EvalContext, a []Datum) (Datum, error) {
		flags := ""
		if len(a) > 2 {
			flags = str(a[2])
		}
		re, _, err := compileWithFlags(str(a[1]), flags, "regexp_split_to_array", false)
		if err != nil {
			return nil, err
		}
		src := str(a[0])
		var elems []Datum
		start := 0
		for _, m := range re.FindAllStringIndex(src, -1) {
			if m[0] == m[1] && (m[0] == start || m[0] >= len(src)) {
				continue
			}
			elems = append(elems, src[start:m[0]])
			start = m[1]
		}
		elems = append(elems, src[start:])
		return NewArray1(TextOID, elems), nil
	}
	fn("regexp_split_to_array", oidsOf(T, T), TextArrayOID, split)
	fn("regexp_split_to_array", oidsOf(T, T, T), TextArrayOID, split)
	for _, args := range [][]OID{{T, T}, {T, T, T}} {
		RegisterFunc(&Func{Name: "regexp_split_to_table", Args: args, Result: TextOID, Strict: true, Volatility: Immutable, SRF: srfFromArray(split)})
	}
	like := func(_ *EvalContext, a []Datum) (Datum, error) {
		flags := ""
		if len(a) > 2 {
			flags = str(a[2])
		}
		re, _, err := compileWithFlags(str(a[1]), flags, "regexp_like", false)
		if err != nil {
			return nil, err
		}
		return re.MatchString(str(a[0])), nil
	}
	fn("regexp_like", oidsOf(T, T), BoolOID, like)
	fn("regexp_like", oidsOf(T, T, T), BoolOID, like)
	count := func(_ *EvalContext, a []Datum) (Datum, error) {
		flags := ""
		start := int64(1)
		if len(a) > 2 {
			start = a[2].(int64)
			if start < 1 {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": %d", "start", start)
			}
		}
		if len(a) > 3 {
			flags = str(a[3])
		}
		re, _, err := compileWithFlags(str(a[1]), flags, "regexp_count", false)
		if err != nil {
			return nil, err
		}
		src := substrChars(str(a[0]), start, -1)
		return int64(len(re.FindAllStringIndex(src, -1))), nil
	}
	fn("regexp_count", oidsOf(T, T), Int4OID, count)
	fn("regexp_count", oidsOf(T, T, Int4OID), Int4OID, count)
	fn("regexp_count", oidsOf(T, T, Int4OID, T), Int4OID, count)
	// SIMILAR TO support: the planner rewrites "a SIMILAR TO b" as
	// "a ~ similar_to_escape(b)".
}
