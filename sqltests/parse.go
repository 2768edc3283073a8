package sqltests

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Target names used by onlyif/skipif.
const (
	Entitydb = "entitydb"
	Postgres = "postgres"
)

// Statement is one statement of a test file with the directives that
// precede it.
type Statement struct {
	File string // base name of the test file
	Line int    // 1-based line of the statement's first token
	SQL  string // the statement without the trailing semicolon

	// Order forces how rows are compared: OrderAuto (ORDER BY decides),
	// OrderRows (the order matters) or OrderSet (multiset).
	Order Order
	// OnlyIf, when set, names the only target that runs the statement.
	OnlyIf string
	// SkipIf names targets that do not run the statement.
	SkipIf []string
	// Reason is the documented difference (a key in
	// docs/compatibility.md) that justifies OnlyIf/SkipIf.
	Reason string
	// ExpectError is the SQLSTATE every target that runs the statement
	// must fail with ("" = must succeed).
	ExpectError string
	// Args are parameters, sent in text format with unspecified types (the
	// server infers them). nil entries are NULL. Statements with Args are
	// not run under the simple protocol, which has no parameters.
	Args []*string
	// HasArgs distinguishes `-- args []` from no args directive.
	HasArgs bool
	// Session names the connection the statement runs on; "" is the
	// file's main session. Other sessions open on first use.
	Session string
}

// Runs reports whether the target runs the statement.
func (s *Statement) Runs(target string) bool {
	if s.OnlyIf != "" && s.OnlyIf != target {
		return false
	}
	for _, t := range s.SkipIf {
		if t == target {
			return false
		}
	}
	return true
}

// Order says how the rows of a statement are compared.
type Order int

const (
	// OrderAuto compares in order when the statement's top level has ORDER
	// BY (or is FETCH/EXPLAIN/SHOW), else as multisets.
	OrderAuto Order = iota
	// OrderRows always compares in order (`-- ordered`).
	OrderRows
	// OrderSet always compares as multisets (`-- rowsort`).
	OrderSet
)

// File is a parsed test file.
type File struct {
	Path       string
	Name       string // base name without .sql
	Statements []*Statement
}

// ParseFile reads and parses a test file.
func ParseFile(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	base := filepath.Base(path)
	stmts, err := Parse(base, string(b))
	if err != nil {
		return nil, err
	}
	return &File{Path: path, Name: strings.TrimSuffix(base, ".sql"), Statements: stmts}, nil
}

// Parse splits a test file into statements. Statements end with a
// semicolon outside quotes, dollar quotes and comments. Directive lines are
// comments of the form `-- <directive> ...` between statements; they apply
// to the next statement:
//
//	-- rowsort                         compare rows as a multiset
//	-- ordered                         compare rows in order even without ORDER BY
//	-- onlyif entitydb|postgres <key>  run on that target only
//	-- skipif entitydb|postgres <key>  do not run on that target
//	-- expect-error <SQLSTATE>         every target must fail with this code
//	-- args ["text", null, "42"]       parameters (JSON array of strings/null)
//	-- session <name>                  run on another connection (opened on first use;
//	                                   "main" is the default one)
//
// <key> names a difference documented in docs/compatibility.md. Any other
// comment is free text; a comment whose first word is a directive name
// must be a well-formed directive.
func Parse(name, src string) ([]*Statement, error) {
	var (
		out     []*Statement
		pending = &Statement{File: name}
		hasDir  bool
		body    strings.Builder
		start   = 0 // line of the statement's first token, 0 = none yet
		line    = 1
	)
	errf := func(l int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, l, fmt.Sprintf(format, args...))
	}
	i := 0
	n := len(src)
	for i < n {
		c := src[i]
		switch {
		case c == '\n':
			line++
			if start != 0 {
				body.WriteByte(c)
			}
			i++
		case c == '-' && i+1 < n && src[i+1] == '-':
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = n - i
			}
			comment := src[i : i+end]
			if start == 0 {
				ok, err := applyDirective(pending, strings.TrimSpace(comment[2:]))
				if err != nil {
					return nil, errf(line, "%v", err)
				}
				hasDir = hasDir || ok
			} else {
				body.WriteString(comment)
			}
			i += end
		case c == ';':
			if start == 0 {
				return nil, errf(line, "empty statement")
			}
			pending.Line = start
			pending.SQL = strings.TrimSpace(body.String())
			out = append(out, pending)
			pending = &Statement{File: name}
			hasDir = false
			body.Reset()
			start = 0
			i++
		case c == ' ' || c == '\t' || c == '\r':
			if start != 0 {
				body.WriteByte(c)
			}
			i++
		default:
			if start == 0 {
				start = line
			}
			j, lines, err := scanToken(src, i)
			if err != nil {
				return nil, errf(line, "%v", err)
			}
			body.WriteString(src[i:j])
			line += lines
			i = j
		}
	}
	if start != 0 {
		return nil, errf(start, "statement does not end with a semicolon")
	}
	if hasDir {
		return nil, errf(line, "directives at the end of the file apply to no statement")
	}
	return out, nil
}

var dollarTag = regexp.MustCompile(`^\$([A-Za-z_][A-Za-z0-9_]*)?\$`)

// scanToken returns the end of the token starting at src[i] (a quoted
// string, identifier, dollar-quoted string, block comment, or a single
// byte) and the number of newlines in it.
func scanToken(src string, i int) (int, int, error) {
	c := src[i]
	switch {
	case c == '\'':
		// E'...' strings allow backslash escapes; the E was written as a
		// preceding byte token, so look back.
		escapes := i > 0 && (src[i-1] == 'E' || src[i-1] == 'e') && (i < 2 || !isIdentByte(src[i-2]))
		j := i + 1
		for j < len(src) {
			switch {
			case escapes && src[j] == '\\':
				j += 2
				continue
			case src[j] == '\'' && j+1 < len(src) && src[j+1] == '\'':
				j += 2
				continue
			case src[j] == '\'':
				return j + 1, strings.Count(src[i:j], "\n"), nil
			}
			j++
		}
		return 0, 0, fmt.Errorf("unterminated string literal")
	case c == '"':
		j := strings.IndexByte(src[i+1:], '"')
		if j < 0 {
			return 0, 0, fmt.Errorf("unterminated quoted identifier")
		}
		// "" inside identifiers: the scan simply restarts at the next quote.
		end := i + 1 + j + 1
		return end, strings.Count(src[i:end], "\n"), nil
	case c == '$' && (i == 0 || !isIdentByte(src[i-1])):
		if m := dollarTag.FindString(src[i:]); m != "" {
			k := strings.Index(src[i+len(m):], m)
			if k < 0 {
				return 0, 0, fmt.Errorf("unterminated dollar-quoted string %s", m)
			}
			end := i + len(m) + k + len(m)
			return end, strings.Count(src[i:end], "\n"), nil
		}
	case c == '/' && i+1 < len(src) && src[i+1] == '*':
		depth, j := 0, i
		for j < len(src) {
			if strings.HasPrefix(src[j:], "/*") {
				depth++
				j += 2
			} else if strings.HasPrefix(src[j:], "*/") {
				depth--
				j += 2
				if depth == 0 {
					return j, strings.Count(src[i:j], "\n"), nil
				}
			} else {
				j++
			}
		}
		return 0, 0, fmt.Errorf("unterminated block comment")
	}
	return i + 1, 0, nil
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

var sqlstateRE = regexp.MustCompile(`^[0-9A-Z]{5}$`)

// applyDirective applies the comment text (without "--") to s. It reports
// whether the comment was a directive.
func applyDirective(s *Statement, text string) (bool, error) {
	word, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch word {
	case "rowsort", "ordered":
		if rest != "" {
			return true, fmt.Errorf("directive %q takes no arguments (got %q)", word, rest)
		}
		if s.Order != OrderAuto {
			return true, fmt.Errorf("more than one of rowsort/ordered")
		}
		if word == "rowsort" {
			s.Order = OrderSet
		} else {
			s.Order = OrderRows
		}
	case "onlyif", "skipif":
		target, reason, _ := strings.Cut(rest, " ")
		reason = strings.TrimSpace(reason)
		if target != Entitydb && target != Postgres {
			return true, fmt.Errorf("%s needs a target, entitydb or postgres (got %q)", word, target)
		}
		if reason == "" {
			return true, fmt.Errorf("%s %s needs a reason: a difference key documented in docs/compatibility.md", word, target)
		}
		if s.OnlyIf != "" || len(s.SkipIf) > 0 {
			return true, fmt.Errorf("at most one onlyif/skipif per statement")
		}
		if word == "onlyif" {
			s.OnlyIf = target
		} else {
			s.SkipIf = append(s.SkipIf, target)
		}
		s.Reason = reason
	case "expect-error":
		if !sqlstateRE.MatchString(rest) {
			return true, fmt.Errorf("expect-error needs a SQLSTATE such as 42P01 (got %q)", rest)
		}
		s.ExpectError = rest
	case "session":
		if !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(rest) {
			return true, fmt.Errorf("session needs a lower-case name (got %q)", rest)
		}
		if rest != "main" {
			s.Session = rest
		}
	case "args":
		var raw []*string
		if err := json.Unmarshal([]byte(rest), &raw); err != nil {
			return true, fmt.Errorf("args must be a JSON array of strings and nulls: %v", err)
		}
		s.Args, s.HasArgs = raw, true
	default:
		return false, nil
	}
	return true, nil
}

// ReasonKey is the first word of a skip reason: the difference key that
// docs/compatibility.md must mention.
func (s *Statement) ReasonKey() string {
	k, _, _ := strings.Cut(s.Reason, " ")
	return k
}
