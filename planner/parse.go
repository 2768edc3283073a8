package planner

// Parsing with the real PostgreSQL grammar (pg_query_go, PostgreSQL 17's
// parser; everything PostgreSQL 15 accepts parses the same way).

import (
	"strings"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgparser "github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/entitydb/entitydb/pgerr"
)

// rawStmt is one parsed statement of a query string. Parse trees are
// shared between sessions through the parse cache and never modified.
type rawStmt struct {
	node *pg.Node
	// text is the statement's own text (for PREPARE, DECLARE and plan
	// caching); loc is its byte offset in the query string.
	text string
	loc  int
}

// parse splits and parses a query string (cached by text).
func (e *Engine) parse(sql string) ([]*rawStmt, error) {
	if stmts, ok := e.parseCache.Get(sql); ok {
		return stmts, nil
	}
	tree, err := pg.Parse(sql)
	if err != nil {
		return nil, syntaxError(sql, err)
	}
	stmts := make([]*rawStmt, 0, len(tree.Stmts))
	for _, rs := range tree.Stmts {
		loc := int(rs.StmtLocation)
		end := len(sql)
		if rs.StmtLen > 0 {
			end = loc + int(rs.StmtLen)
		}
		if end > len(sql) {
			end = len(sql)
		}
		stmts = append(stmts, &rawStmt{node: rs.Stmt, text: strings.TrimSpace(sql[loc:end]), loc: loc})
	}
	if len(sql) < 64<<10 {
		e.parseCache.Add(sql, stmts)
	}
	return stmts, nil
}

// syntaxError converts a parser error into 42601 with PostgreSQL's 1-based
// character position.
func syntaxError(sql string, err error) error {
	pe, ok := err.(*pgparser.Error)
	if !ok {
		return pgerr.Wrap(err, pgerr.SyntaxError, err.Error())
	}
	code := pgerr.SyntaxError
	msg := pe.Message
	switch {
	case strings.HasPrefix(msg, "unterminated quoted string"), strings.HasPrefix(msg, "unterminated"):
		code = pgerr.SyntaxError
	case strings.Contains(msg, "is out of range for type"):
		code = pgerr.NumericValueOutOfRange
	case strings.HasPrefix(msg, "invalid Unicode escape"), strings.HasPrefix(msg, "invalid unicode"):
		code = pgerr.SyntaxError
	case strings.HasPrefix(msg, "zero-length delimited identifier"):
		code = pgerr.SyntaxError
	}
	out := pgerr.Wrap(err, code, msg)
	if pe.Cursorpos > 0 {
		out.Position = pe.Cursorpos
	}
	return out
}

// charPos converts a 0-based byte offset in sql to PostgreSQL's 1-based
// character position (0 when unknown).
func charPos(sql string, loc int32) int {
	if loc < 0 {
		return 0
	}
	l := int(loc)
	if l > len(sql) {
		l = len(sql)
	}
	return utf8.RuneCountInString(sql[:l]) + 1
}
