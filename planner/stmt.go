package planner

// Statements: planning (with the plan cache) and running. A running
// statement is either a row stream (SELECT, RETURNING, SHOW, EXPLAIN,
// FETCH) or a completed command with a tag.

import (
	"context"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

type stmtKind uint8

const (
	stmtQuery stmtKind = iota
	stmtDML
	stmtUtility
	stmtExplain
	stmtEmpty
)

// stmtPlan is an analysed statement. Immutable once built; shared by the
// plan cache, prepared statements and portals.
type stmtPlan struct {
	kind       stmtKind
	query      planNode
	cols       []colInfo
	dml        *dmlPlan
	tag        string
	paramTypes []types.OID
	// utility statements keep their parse tree and run it each time
	node *pg.Node
	text string
	// explain
	explainOf *stmtPlan
	// explainExec is EXPLAIN EXECUTE: the prepared statement is looked up
	// and its parameters evaluated when the EXPLAIN runs
	explainExec *pg.ExecuteStmt
	explainAn   bool
	explainVb   bool
	explainCo   bool
	// searchPath is the search_path the plan was bound under.
	searchPath string
	// cacheable: no session-dependent folding happened
	cacheable bool
}

// planKey identifies a cached plan.
type planKey struct {
	text       string
	searchPath string
	// formats: settings that constant folding may depend on
	formats string
	noIndex string
}

// planStatement analyses one statement.
func (s *Session) planStatement(raw *rawStmt, sql string, paramTypes []types.OID) (*stmtPlan, error) {
	a := newAnalyzer(s, sql, paramTypes)
	// entitydb.use_index = off plans every entity scan as a full scan with
	// a filter (for comparisons and debugging)
	if v, ok := s.settings.vals["entitydb.use_index"]; ok {
		if b, err := parseBoolSetting("entitydb.use_index", v); err == nil && b == "off" {
			a.noIndex = true
		}
	}
	p, err := a.planNode(raw.node, raw.text)
	if err != nil {
		return nil, err
	}
	if p.paramTypes, err = a.params.resolve(); err != nil {
		return nil, err
	}
	p.searchPath = s.settings.get("search_path")
	return p, nil
}

func (a *analyzer) planNode(n *pg.Node, text string) (*stmtPlan, error) {
	switch {
	case n == nil:
		return &stmtPlan{kind: stmtEmpty}, nil
	case n.GetSelectStmt() != nil:
		q, err := a.analyzeSelect(n.GetSelectStmt(), &queryLevel{})
		if err != nil {
			return nil, err
		}
		return &stmtPlan{kind: stmtQuery, query: q, cols: q.columns(), tag: "SELECT", cacheable: true}, nil
	case n.GetInsertStmt() != nil:
		return a.analyzeInsert(n.GetInsertStmt())
	case n.GetUpdateStmt() != nil:
		return a.analyzeUpdate(n.GetUpdateStmt())
	case n.GetDeleteStmt() != nil:
		return a.analyzeDelete(n.GetDeleteStmt())
	case n.GetExplainStmt() != nil:
		ex := n.GetExplainStmt()
		p := &stmtPlan{kind: stmtExplain, tag: "EXPLAIN", explainCo: true, cols: []colInfo{{name: "QUERY PLAN", typ: tText}}}
		for _, o := range ex.Options {
			de := o.GetDefElem()
			on := true
			if de.Arg != nil {
				v := strings.ToLower(defElemString(de.Arg))
				on = !(v == "false" || v == "off" || v == "0")
			}
			switch de.Defname {
			case "analyze":
				p.explainAn = on
			case "verbose":
				p.explainVb = on
			case "costs":
				p.explainCo = on
			case "format":
				if v := strings.ToLower(defElemString(de.Arg)); v != "text" {
					return nil, pgerr.Newf(pgerr.FeatureNotSupported, "EXPLAIN format %s is not supported", v)
				}
			case "buffers", "timing", "summary", "settings", "wal":
			default:
				return nil, pgerr.Newf(pgerr.SyntaxError, "unrecognized EXPLAIN option %q", de.Defname)
			}
		}
		if es := ex.Query.GetExecuteStmt(); es != nil {
			if _, ok := a.sess.prepared[es.Name]; !ok {
				return nil, pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement %q does not exist", es.Name)
			}
			p.explainExec = es
			return p, nil
		}
		inner, err := a.planNode(ex.Query, text)
		if err != nil {
			return nil, err
		}
		if inner.kind == stmtUtility || inner.kind == stmtExplain {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN of this statement is not supported")
		}
		p.explainOf = inner
		return p, nil
	}
	p := &stmtPlan{kind: stmtUtility, node: n, text: text}
	cols, err := a.utilityColumns(n)
	if err != nil {
		return nil, err
	}
	p.cols = cols
	return p, nil
}

func defElemString(n *pg.Node) string {
	switch {
	case n == nil:
		return ""
	case n.GetString_() != nil:
		return n.GetString_().Sval
	case n.GetAConst() != nil:
		c := n.GetAConst()
		switch v := c.Val.(type) {
		case *pg.A_Const_Sval:
			return v.Sval.Sval
		case *pg.A_Const_Ival:
			return fmt.Sprint(v.Ival.Ival)
		case *pg.A_Const_Fval:
			return v.Fval.Fval
		case *pg.A_Const_Boolval:
			if v.Boolval.Boolval {
				return "true"
			}
			return "false"
		}
	case n.GetInteger() != nil:
		return fmt.Sprint(n.GetInteger().Ival)
	case n.GetBoolean() != nil:
		if n.GetBoolean().Boolval {
			return "true"
		}
		return "false"
	case n.GetTypeName() != nil:
		names, _ := strNodes(n.GetTypeName().Names)
		return strings.Join(names, ".")
	}
	return ""
}

// utilityColumns describes the rows a utility statement returns.
func (a *analyzer) utilityColumns(n *pg.Node) ([]colInfo, error) {
	switch {
	case n.GetVariableShowStmt() != nil:
		name := n.GetVariableShowStmt().Name
		if strings.EqualFold(name, "all") {
			return []colInfo{{name: "name", typ: tText}, {name: "setting", typ: tText}, {name: "description", typ: tText}}, nil
		}
		d, ok := gucDefs[strings.ToLower(name)]
		if !ok {
			if strings.Contains(name, ".") {
				return []colInfo{{name: name, typ: tText}}, nil
			}
			return nil, pgerr.Newf(pgerr.UndefinedObject, "unrecognized configuration parameter %q", name)
		}
		return []colInfo{{name: d.name, typ: tText}}, nil
	case n.GetFetchStmt() != nil:
		fs := n.GetFetchStmt()
		if fs.Ismove {
			return nil, nil
		}
		if p, ok := a.sess.portals[fs.Portalname]; ok {
			return p.plan.cols, nil
		}
		return nil, nil
	case n.GetExecuteStmt() != nil:
		if p, ok := a.sess.prepared[n.GetExecuteStmt().Name]; ok {
			return p.plan.cols, nil
		}
	}
	return nil, nil
}

// running is a started statement.
type running struct {
	cols []colInfo
	it   rowIter
	ec   *execCtx
	// tag is the completion tag of a statement without rows; tagFn makes
	// it from the number of rows sent otherwise.
	tag    string
	tagFn  func(n int64) string
	done   func()
	closed bool
	// empty: an empty query (EmptyQueryResponse)
	empty bool
}

func (r *running) finish() {
	if r.closed {
		return
	}
	r.closed = true
	if r.it != nil {
		r.it.close()
	}
	if r.ec != nil {
		r.ec.release()
	}
	if r.done != nil {
		r.done()
	}
}

func selectTag(n int64) string { return fmt.Sprintf("SELECT %d", n) }

// start runs or starts a planned statement in the current transaction.
func (s *Session) start(ctx context.Context, p *stmtPlan, params []Datum, out Output) (*running, error) {
	switch p.kind {
	case stmtEmpty:
		return &running{empty: true}, nil
	case stmtQuery:
		s.tx.isoLocked = true
		ec := s.newExecCtx(ctx, params)
		if out != nil {
			// rows go to the client (or COPY TO) one at a time; a cursor
			// (out == nil) keeps them
			if nodes, ok := streamNodes(p.query); ok {
				ec.streams = nodes
			}
		}
		it, err := p.query.start(ec, nil)
		if err != nil {
			ec.release()
			return nil, err
		}
		return &running{cols: p.cols, it: it, ec: ec, tagFn: selectTag}, nil
	case stmtDML:
		s.tx.isoLocked = true
		ec := s.newExecCtx(ctx, params)
		n, rows, err := s.runDML(ec, p.dml)
		ec.release()
		if err != nil {
			return nil, err
		}
		tag := dmlTag(p.tag, n)
		if p.dml.returning != nil {
			return &running{cols: p.cols, it: &sliceIter{rows: rows}, tagFn: func(int64) string { return tag }}, nil
		}
		return &running{tag: tag}, nil
	case stmtExplain:
		s.tx.isoLocked = true
		return s.runExplain(ctx, p, params)
	}
	return s.runUtility(ctx, p, params, out)
}

func dmlTag(verb string, n int64) string {
	if verb == "INSERT" {
		return fmt.Sprintf("INSERT 0 %d", n)
	}
	return fmt.Sprintf("%s %d", verb, n)
}

// runExplain renders (and for ANALYZE, runs) a plan.
func (s *Session) runExplain(ctx context.Context, p *stmtPlan, params []Datum) (*running, error) {
	inner := p.explainOf
	if p.explainExec != nil {
		// EXPLAIN EXECUTE: the prepared plan with the given values, so
		// index conditions are shown as that execution builds them
		ps, vals, err := s.executeParams(ctx, p.explainExec)
		if err != nil {
			return nil, err
		}
		if ps.plan.kind != stmtQuery && ps.plan.kind != stmtDML {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN of this statement is not supported")
		}
		inner, params = ps.plan, vals
	}
	ec := s.newExecCtx(ctx, params)
	x := newExplainer(ec)
	x.verbose, x.costs = p.explainVb, p.explainCo
	var lines []string
	var actualRows int64
	var elapsed string
	if p.explainAn {
		x.analyze = true
		x.actual = map[planNode]*nodeStats{}
		ec.instr = x.actual
		start := nowFunc()
		switch inner.kind {
		case stmtQuery:
			it, err := startNode(ec, inner.query, nil)
			if err != nil {
				ec.release()
				return nil, err
			}
			for {
				r, err := it.next()
				if err != nil {
					it.close()
					ec.release()
					return nil, err
				}
				if r == nil {
					break
				}
				actualRows++
			}
			it.close()
		case stmtDML:
			n, _, err := s.runDML(ec, inner.dml)
			if err != nil {
				ec.release()
				return nil, err
			}
			actualRows = n
		}
		elapsed = fmt.Sprintf("Execution Time: %.3f ms", float64(nowFunc().Sub(start).Microseconds())/1000)
	}
	switch inner.kind {
	case stmtQuery:
		lines = x.lines(inner.query)
	case stmtDML:
		title := map[dmlKind]string{dmlInsert: "Insert on ", dmlUpdate: "Update on ", dmlDelete: "Delete on "}[inner.dml.kind] + inner.dml.ns + ".entities"
		src := x.est(inner.dml.source)
		head := title
		if x.costs {
			head += fmt.Sprintf("  (cost=%s..%s rows=0 width=0)", fmtCost(src.startup), fmtCost(src.total))
		}
		if x.analyze {
			head += fmt.Sprintf(" (actual rows=0 loops=1)")
		}
		lines = append(lines, head)
		for _, l := range x.lines(inner.dml.source) {
			if strings.HasPrefix(l, " ") {
				lines = append(lines, "      "+l)
			} else {
				lines = append(lines, "  ->  "+l)
			}
		}
	}
	if p.explainAn {
		lines = append(lines, fmt.Sprintf("Rows: %d; entities fetched: %d; index counts: %d", actualRows, ec.stats.fetched, ec.stats.counted))
		lines = append(lines, elapsed)
	}
	ec.release()
	rows := make([][]Datum, len(lines))
	for i, l := range lines {
		rows[i] = []Datum{l}
	}
	return &running{cols: p.cols, it: &sliceIter{rows: rows}, tag: "EXPLAIN", tagFn: func(int64) string { return "EXPLAIN" }}, nil
}
