package sqltests

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// analysis is what the runner learns from parsing a statement with the
// PostgreSQL grammar.
type analysis struct {
	ordered bool     // the result order is defined (top-level ORDER BY, FETCH, EXPLAIN, SHOW)
	schemas []string // schemas the statement creates (the runner drops them around a file)
	lint    string   // why the statement cannot give a deterministic result, "" if it can
	write   bool     // the statement changes data or namespaces
}

// analyze parses sql. Statements that do not parse (syntax error tests)
// give the zero analysis.
func analyze(sql string) analysis {
	var a analysis
	tree, err := pg_query.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 {
		return a
	}
	node := tree.Stmts[0].Stmt
	switch {
	case node.GetSelectStmt() != nil:
		sel := node.GetSelectStmt()
		a.ordered = len(sel.SortClause) > 0
		if !a.ordered && len(sel.FromClause) > 0 && (sel.LimitCount != nil || sel.LimitOffset != nil) {
			a.lint = "LIMIT/OFFSET without ORDER BY returns arbitrary rows; add an ORDER BY that makes the order total"
		}
	case node.GetFetchStmt() != nil, node.GetExplainStmt() != nil, node.GetVariableShowStmt() != nil:
		a.ordered = true
	case node.GetCreateSchemaStmt() != nil:
		a.schemas = append(a.schemas, node.GetCreateSchemaStmt().Schemaname)
		a.write = true
	case node.GetInsertStmt() != nil, node.GetUpdateStmt() != nil, node.GetDeleteStmt() != nil,
		node.GetDropStmt() != nil, node.GetTruncateStmt() != nil:
		a.write = true
	}
	return a
}

// quoteIdent quotes a name as an SQL identifier.
func quoteIdent(s string) string {
	out := []byte{'"'}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, s[i])
	}
	return string(append(out, '"'))
}

// describeOrder explains a comparison mode in failure messages.
func describeOrder(ordered bool, o Order) string {
	switch {
	case o == OrderSet:
		return "as multisets (-- rowsort)"
	case o == OrderRows:
		return "in order (-- ordered)"
	case ordered:
		return "in order (the statement orders its result)"
	}
	return "as multisets (no ORDER BY)"
}
