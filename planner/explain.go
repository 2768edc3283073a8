package planner

// EXPLAIN: one text column "QUERY PLAN", PostgreSQL's layout (node title
// with "(cost=S..T rows=N width=W)", detail lines, "->" children).
// Estimates for entity scans come from the namespace itself: when the
// index condition is made of constants, EXPLAIN counts the matching
// postings (cheap: bitmap cardinalities), so rows= is exact for exact
// index predicates. postgres_fdw parses the first line's cost clause.

import (
	"fmt"
	"strings"
	"time"

	"github.com/entitydb/entitydb/namespace"
)

type explainer struct {
	ec      *execCtx
	analyze bool
	verbose bool
	costs   bool
	memo    map[planNode]estimate
	// actual rows per node (EXPLAIN ANALYZE)
	actual map[planNode]*nodeStats
}

type nodeStats struct {
	rows  int64
	loops int64
	time  time.Duration
}

func newExplainer(ec *execCtx) *explainer {
	return &explainer{ec: ec, costs: true, memo: map[planNode]estimate{}}
}

// est returns a node's estimate (memoised).
func (x *explainer) est(p planNode) estimate {
	if e, ok := x.memo[p]; ok {
		return e
	}
	e := p.explain(x).est
	x.memo[p] = e
	return e
}

func fmtCost(f float64) string { return fmt.Sprintf("%.2f", f) }

// lines renders the plan tree.
func (x *explainer) lines(p planNode) []string {
	var out []string
	var walk func(p planNode, indent int, arrow bool)
	walk = func(p planNode, indent int, arrow bool) {
		// projections are not shown (PostgreSQL folds them into nodes)
		if pr, ok := p.(*projectNode); ok {
			walk(pr.input, indent, arrow)
			return
		}
		// index aggregates that will count rows instead (the built index
		// query needs a recheck) show that plan
		if c, ok := p.(interface{ countsRows(*explainer) planNode }); ok {
			if fb := c.countsRows(x); fb != nil {
				walk(fb, indent, arrow)
				return
			}
		}
		if sq, ok := p.(*subqueryScanNode); ok && sq.alias == "*SELECT*" {
			walk(sq.plan, indent, arrow)
			return
		}
		info := p.explain(x)
		x.memo[p] = info.est
		title := info.title
		if x.costs {
			title += fmt.Sprintf("  (cost=%s..%s rows=%d width=%d)", fmtCost(info.est.startup), fmtCost(info.est.total), int64(info.est.rows+0.5), info.est.width)
		}
		if x.analyze {
			if st := x.actual[p]; st != nil {
				title += fmt.Sprintf(" (actual time=%.3f..%.3f rows=%d loops=%d)", 0.0, float64(st.time.Microseconds())/1000, st.rows/max(st.loops, 1), st.loops)
			} else {
				title += " (never executed)"
			}
		}
		prefix := strings.Repeat(" ", indent)
		detailIndent := indent + 2
		if arrow {
			out = append(out, prefix+"->  "+title)
			detailIndent = indent + 6
		} else {
			out = append(out, prefix+title)
		}
		for _, d := range info.details {
			out = append(out, strings.Repeat(" ", detailIndent)+d)
		}
		childIndent := detailIndent
		for _, c := range p.children() {
			walk(c, childIndent, true)
		}
	}
	walk(p, 0, false)
	return out
}

// scanEstimate estimates an entity scan from the namespace's statistics.
func (x *explainer) scanEstimate(s *entityScan) estimate {
	var stats namespace.Stats
	var snap *namespace.Snapshot
	if x.ec != nil {
		if sn, err := x.ec.snapshot(s.ns); err == nil {
			snap = sn
			stats = sn.Stats()
		}
	}
	total := float64(stats.Entities)
	width := 33 + 8 + 8 + int(stats.AvgTags*12) + int(stats.AvgContent) + 24
	rows := total
	startup := 0.0
	residual := s.residual != nil
	if s.index != nil {
		startup = 0.5
		if r, ok := x.builtIndex(s); ok && snap != nil {
			rows = float64(snap.Count(r.t))
			residual = residual || len(r.rechecks) > 0
		} else {
			rows = estimateSelectivity(s.index, total)
		}
	}
	fetchRows := rows
	if residual {
		rows = rows * 0.5
	}
	if s.order != nil && s.limit != nil {
		if c, ok := s.limit.(*constExpr); ok && c.val != nil {
			n := float64(toInt64(c.val))
			if n < rows {
				rows = n
				fetchRows = n * 2
			}
		}
	}
	cost := startup + fetchRows*0.05
	if residual {
		cost += fetchRows * 0.0025
	}
	return estimate{startup: startup, total: cost, rows: rows, width: width}
}

// builtIndex builds a scan's index template as an execution would, when
// its arguments can be evaluated now: constants, and parameters whose
// values the EXPLAIN has (EXPLAIN EXECUTE, or EXPLAIN through Bind).
func (x *explainer) builtIndex(s *entityScan) (ixResult, bool) {
	if s.index == nil || x.ec == nil || !templateEvaluable(s.index, len(x.ec.params)) {
		return ixResult{}, false
	}
	snap, err := x.ec.snapshot(s.ns)
	if err != nil {
		return ixResult{}, false
	}
	r, err := s.index.build(&env{ec: x.ec}, snap)
	return r, err == nil
}

// templateEvaluable reports whether a template depends only on constants
// and on parameters below nparams.
func templateEvaluable(n *ixNode, nparams int) bool {
	ok := true
	check := func(e Expr) {
		if e == nil {
			return
		}
		walkExpr(e, func(x Expr) bool {
			switch f := x.(type) {
			case *colExpr, *dynExpr, *subqueryExpr, *aggRef, *windowRef:
				ok = false
			case *paramRef:
				ok = ok && f.idx < nparams
			case *funcExpr:
				ok = ok && f.def.volatility != volatile
			}
			return ok
		})
	}
	check(n.arg)
	check(n.lo)
	check(n.hi)
	for _, a := range n.args {
		check(a)
	}
	for _, c := range n.children {
		if !templateEvaluable(c, nparams) {
			ok = false
		}
	}
	return ok
}

// estimateSelectivity guesses rows for templates with parameters.
func estimateSelectivity(n *ixNode, total float64) float64 {
	switch n.kind {
	case ixAll:
		return total
	case ixNone:
		return 0
	case ixIDs:
		if n.arg != nil {
			return min(total, 10)
		}
		return min(total, float64(len(n.args)))
	case ixTag, ixTagsAll:
		return max(1, total*0.01)
	case ixTagsAny, ixPrefix, ixLike:
		return max(1, total*0.05)
	case ixCreated:
		return total * 0.33
	case ixNot:
		return total - estimateSelectivity(n.children[0], total)
	case ixAnd:
		r := total
		for _, c := range n.children {
			r = r * estimateSelectivity(c, total) / max(total, 1)
		}
		return max(1, r)
	case ixOr:
		r := 0.0
		for _, c := range n.children {
			r += estimateSelectivity(c, total)
		}
		return min(total, r)
	}
	return total
}

// actualIndex reports what an entity scan did (EXPLAIN ANALYZE).
func (x *explainer) actualIndex(s *entityScan) []string {
	if !x.analyze || s.index == nil || x.ec == nil {
		return nil
	}
	r, ok := x.builtIndex(s)
	if !ok {
		return nil
	}
	return []string{"Index Query: " + describeQuery(r.t)}
}
