package planner

// Relational operators: result, values, filter, project, project-set,
// sort, limit, distinct, joins, set operations, CTE and function scans.
// Aggregation and windows are in agg.go and window.go; entity scans in
// scan.go.

import (
	"sort"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// ---- result: one empty row (SELECT without FROM) ----------------------------

type resultNode struct{}

func (*resultNode) columns() []colInfo   { return nil }
func (*resultNode) children() []planNode { return nil }
func (*resultNode) start(*execCtx, *env) (rowIter, error) {
	return &sliceIter{rows: [][]Datum{{}}}, nil
}
func (*resultNode) explain(*explainer) explainInfo {
	return explainInfo{title: "Result", est: estimate{0, 0.01, 1, 0}}
}

// ---- values -------------------------------------------------------------------

type valuesNode struct {
	rows [][]Expr
	cols []colInfo
}

func (v *valuesNode) columns() []colInfo   { return v.cols }
func (v *valuesNode) children() []planNode { return nil }
func (v *valuesNode) start(ec *execCtx, outer *env) (rowIter, error) {
	i := 0
	e := &env{outer: outer, ec: ec}
	return &funcIter{nextFn: func() ([]Datum, error) {
		if i >= len(v.rows) {
			return nil, nil
		}
		exprs := v.rows[i]
		i++
		row := make([]Datum, len(exprs))
		for j, x := range exprs {
			d, err := x.Eval(e)
			if err != nil {
				return nil, err
			}
			row[j] = d
		}
		return row, nil
	}}, nil
}
func (v *valuesNode) explain(*explainer) explainInfo {
	return explainInfo{title: "Values Scan on \"*VALUES*\"", est: estimate{0, 0.0125 * float64(len(v.rows)), float64(len(v.rows)), 32}}
}

// ---- filter -------------------------------------------------------------------

type filterNode struct {
	input planNode
	pred  Expr
}

func (f *filterNode) columns() []colInfo   { return f.input.columns() }
func (f *filterNode) children() []planNode { return []planNode{f.input} }
func (f *filterNode) start(ec *execCtx, outer *env) (rowIter, error) {
	in, err := startNode(ec, f.input, outer)
	if err != nil {
		return nil, err
	}
	e := &env{outer: outer, ec: ec}
	return &funcIter{nextFn: func() ([]Datum, error) {
		for {
			r, err := in.next()
			if err != nil || r == nil {
				return nil, err
			}
			if err := ec.tick(); err != nil {
				return nil, err
			}
			e.row = r
			v, err := f.pred.Eval(e)
			if err != nil {
				return nil, err
			}
			if v == true {
				return r, nil
			}
		}
	}, closeFn: in.close}, nil
}
func (f *filterNode) explain(x *explainer) explainInfo {
	in := x.est(f.input)
	return explainInfo{title: "Filter", details: []string{"Filter: " + f.pred.String()},
		est: estimate{in.startup, in.total + in.rows*0.0025, in.rows * 0.5, in.width}}
}

// ---- project -----------------------------------------------------------------

type projectNode struct {
	input planNode
	exprs []Expr
	cols  []colInfo
}

func (p *projectNode) columns() []colInfo   { return p.cols }
func (p *projectNode) children() []planNode { return []planNode{p.input} }
func (p *projectNode) start(ec *execCtx, outer *env) (rowIter, error) {
	in, err := startNode(ec, p.input, outer)
	if err != nil {
		return nil, err
	}
	e := &env{outer: outer, ec: ec}
	var shared []Datum
	if ec.streamsRows(p) {
		shared = make([]Datum, len(p.exprs))
	}
	return &funcIter{nextFn: func() ([]Datum, error) {
		r, err := in.next()
		if err != nil || r == nil {
			return nil, err
		}
		e.row = r
		out := shared
		if out == nil {
			out = make([]Datum, len(p.exprs))
		}
		for i, x := range p.exprs {
			if c, ok := x.(*colExpr); ok && c.level == 0 {
				out[i] = r[c.idx]
				continue
			}
			v, err := x.Eval(e)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}, closeFn: in.close}, nil
}
func (p *projectNode) explain(x *explainer) explainInfo {
	in := x.est(p.input)
	return explainInfo{title: "", est: estimate{in.startup, in.total, in.rows, rowWidth(p.cols)}}
}

// ---- project set: set-returning functions in the select list ------------------

// projectSetNode evaluates set-returning expressions per input row and
// emits as many rows as the longest of them produces (shorter ones padded
// with NULL), appending their values to the input row.
type projectSetNode struct {
	input planNode
	srfs  []Expr // each evaluates to a *srfValue
	cols  []colInfo
}

func (p *projectSetNode) columns() []colInfo   { return p.cols }
func (p *projectSetNode) children() []planNode { return []planNode{p.input} }
func (p *projectSetNode) start(ec *execCtx, outer *env) (rowIter, error) {
	in, err := startNode(ec, p.input, outer)
	if err != nil {
		return nil, err
	}
	e := &env{outer: outer, ec: ec}
	var cur []Datum
	var gens []srfGen
	var done []bool
	return &funcIter{nextFn: func() ([]Datum, error) {
		for {
			if cur == nil {
				r, err := in.next()
				if err != nil || r == nil {
					return nil, err
				}
				e.row = r
				cur = r
				gens = gens[:0]
				done = done[:0]
				for _, s := range p.srfs {
					g, err := evalSRF(s, e)
					if err != nil {
						return nil, err
					}
					gens = append(gens, g)
					done = append(done, g == nil)
				}
			}
			out := make([]Datum, len(cur), len(cur)+len(gens))
			copy(out, cur)
			any := false
			for i, g := range gens {
				if done[i] {
					out = append(out, nil)
					continue
				}
				v, ok, err := g.next()
				if err != nil {
					return nil, err
				}
				if !ok {
					done[i] = true
					out = append(out, nil)
					continue
				}
				any = true
				out = append(out, v)
			}
			if !any {
				cur = nil
				continue
			}
			if err := ec.tick(); err != nil {
				return nil, err
			}
			return out, nil
		}
	}, closeFn: in.close}, nil
}
func (p *projectSetNode) explain(x *explainer) explainInfo {
	in := x.est(p.input)
	return explainInfo{title: "ProjectSet", est: estimate{in.startup, in.total + in.rows*0.05, in.rows * 10, rowWidth(p.cols)}}
}

// ---- sort ------------------------------------------------------------------------

type sortKey struct {
	idx        int
	desc       bool
	nullsFirst bool
}

func (k sortKey) String(cols []colInfo) string {
	s := cols[k.idx].name
	if k.desc {
		s += " DESC"
		if !k.nullsFirst {
			s += " NULLS LAST"
		}
	} else if k.nullsFirst {
		s += " NULLS FIRST"
	}
	return s
}

func compareRows(a, b []Datum, keys []sortKey) int {
	for _, k := range keys {
		x, y := a[k.idx], b[k.idx]
		var c int
		switch {
		case x == nil && y == nil:
			c = 0
		case x == nil:
			if k.nullsFirst {
				return -1
			}
			return 1
		case y == nil:
			if k.nullsFirst {
				return 1
			}
			return -1
		default:
			c = compareDatums(x, y)
			if k.desc {
				c = -c
			}
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

type sortNode struct {
	input planNode
	keys  []sortKey
	// limit, when set, keeps only the first limit rows (top-N).
	limit Expr
}

func (s *sortNode) columns() []colInfo   { return s.input.columns() }
func (s *sortNode) children() []planNode { return []planNode{s.input} }
func (s *sortNode) start(ec *execCtx, outer *env) (rowIter, error) {
	rows, err := runPlan(ec, s.input, outer)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool { return compareRows(rows[i], rows[j], s.keys) < 0 })
	return &sliceIter{rows: rows}, nil
}
func (s *sortNode) explain(x *explainer) explainInfo {
	in := x.est(s.input)
	cols := s.input.columns()
	keys := make([]string, len(s.keys))
	for i, k := range s.keys {
		keys[i] = k.String(cols)
	}
	c := in.total + in.rows*2*0.0025*log2(in.rows)
	return explainInfo{title: "Sort", details: []string{"Sort Key: " + strings.Join(keys, ", ")}, est: estimate{c, c + in.rows*0.0025, in.rows, in.width}}
}

// incrementalSortNode sorts input that is already ordered by its first
// presorted keys: it sorts each run of rows equal in those keys by the
// remaining keys, so rows flow (and LIMIT stops the input) early.
type incrementalSortNode struct {
	input     planNode
	keys      []sortKey
	presorted int
}

func (s *incrementalSortNode) columns() []colInfo   { return s.input.columns() }
func (s *incrementalSortNode) children() []planNode { return []planNode{s.input} }
func (s *incrementalSortNode) start(ec *execCtx, outer *env) (rowIter, error) {
	in, err := startNode(ec, s.input, outer)
	if err != nil {
		return nil, err
	}
	prefix := s.keys[:s.presorted]
	var run [][]Datum
	var pending []Datum // first row of the next run
	i := 0
	done := false
	return &funcIter{nextFn: func() ([]Datum, error) {
		for {
			if i < len(run) {
				i++
				return run[i-1], nil
			}
			if done {
				return nil, nil
			}
			run, i = run[:0], 0
			if pending != nil {
				run = append(run, pending)
				pending = nil
			}
			for {
				r, err := in.next()
				if err != nil {
					return nil, err
				}
				if r == nil {
					done = true
					break
				}
				if len(run) > 0 && compareRows(run[0], r, prefix) != 0 {
					pending = r
					break
				}
				run = append(run, r)
			}
			sort.SliceStable(run, func(a, b int) bool { return compareRows(run[a], run[b], s.keys) < 0 })
		}
	}, closeFn: in.close}, nil
}
func (s *incrementalSortNode) explain(x *explainer) explainInfo {
	in := x.est(s.input)
	cols := s.input.columns()
	keys := make([]string, len(s.keys))
	for i, k := range s.keys {
		keys[i] = k.String(cols)
	}
	pre := make([]string, s.presorted)
	copy(pre, keys[:s.presorted])
	return explainInfo{title: "Incremental Sort", details: []string{"Sort Key: " + strings.Join(keys, ", "), "Presorted Key: " + strings.Join(pre, ", ")},
		est: estimate{in.startup, in.total + in.rows*0.005, in.rows, in.width}}
}

// ---- limit ------------------------------------------------------------------------

type limitNode struct {
	input         planNode
	count, offset Expr // nil when absent
}

func (l *limitNode) columns() []colInfo   { return l.input.columns() }
func (l *limitNode) children() []planNode { return []planNode{l.input} }

// bounds evaluates LIMIT and OFFSET; count -1 means no limit.
func (l *limitNode) bounds(ec *execCtx, outer *env) (count, offset int64, err error) {
	count = -1
	e := &env{outer: outer, ec: ec}
	if l.count != nil {
		v, err := l.count.Eval(e)
		if err != nil {
			return 0, 0, err
		}
		if v != nil {
			count = toInt64(v)
			if count < 0 {
				return 0, 0, pgerr.New(pgerr.InvalidRowCountInLimitClause, "LIMIT must not be negative")
			}
		}
	}
	if l.offset != nil {
		v, err := l.offset.Eval(e)
		if err != nil {
			return 0, 0, err
		}
		if v != nil {
			offset = toInt64(v)
			if offset < 0 {
				return 0, 0, pgerr.New(pgerr.InvalidRowCountInResultOffsetClause, "OFFSET must not be negative")
			}
		}
	}
	return count, offset, nil
}

func (l *limitNode) start(ec *execCtx, outer *env) (rowIter, error) {
	count, offset, err := l.bounds(ec, outer)
	if err != nil {
		return nil, err
	}
	if count == 0 {
		return emptyIter{}, nil
	}
	in, err := startNode(ec, l.input, outer)
	if err != nil {
		return nil, err
	}
	n := int64(0)
	skipped := int64(0)
	return &funcIter{nextFn: func() ([]Datum, error) {
		for skipped < offset {
			r, err := in.next()
			if err != nil || r == nil {
				return nil, err
			}
			skipped++
		}
		if count >= 0 && n >= count {
			return nil, nil
		}
		r, err := in.next()
		if err != nil || r == nil {
			return nil, err
		}
		n++
		return r, nil
	}, closeFn: in.close}, nil
}
func (l *limitNode) explain(x *explainer) explainInfo {
	in := x.est(l.input)
	rows := in.rows
	if c, ok := l.count.(*constExpr); ok && c.val != nil {
		if n := float64(toInt64(c.val)); n < rows {
			rows = n
		}
	}
	total := in.startup
	if in.rows > 0 {
		total += (in.total - in.startup) * rows / in.rows
	}
	return explainInfo{title: "Limit", est: estimate{in.startup, total, rows, in.width}}
}

// ---- distinct -------------------------------------------------------------------

type distinctNode struct {
	input planNode
	keys  []int // columns that form the key; nil: all columns
	// onCount > 0 for DISTINCT ON: only the first onCount columns of keys.
}

func (d *distinctNode) columns() []colInfo   { return d.input.columns() }
func (d *distinctNode) children() []planNode { return []planNode{d.input} }
func (d *distinctNode) start(ec *execCtx, outer *env) (rowIter, error) {
	in, err := startNode(ec, d.input, outer)
	if err != nil {
		return nil, err
	}
	seen := map[string]struct{}{}
	var kb []byte
	return &funcIter{nextFn: func() ([]Datum, error) {
		for {
			r, err := in.next()
			if err != nil || r == nil {
				return nil, err
			}
			kb = kb[:0]
			if d.keys == nil {
				for _, v := range r {
					kb = appendKey(kb, v)
				}
			} else {
				for _, i := range d.keys {
					kb = appendKey(kb, r[i])
				}
			}
			if _, ok := seen[string(kb)]; ok {
				continue
			}
			seen[string(kb)] = struct{}{}
			return r, nil
		}
	}, closeFn: in.close}, nil
}
func (d *distinctNode) explain(x *explainer) explainInfo {
	in := x.est(d.input)
	return explainInfo{title: "HashAggregate", est: estimate{in.total, in.total + in.rows*0.01, max(1, in.rows/2), in.width}}
}

// ---- nested loop join ------------------------------------------------------------

type joinKind uint8

const (
	joinInner joinKind = iota
	joinLeft
	joinRight
	joinFull
	joinCross
	joinSemi
	joinAnti
)

func (k joinKind) String() string {
	return [...]string{"Inner", "Left", "Right", "Full", "Inner", "Semi", "Anti"}[k]
}

type nestedLoopNode struct {
	left, right planNode
	kind        joinKind
	cond        Expr // over left++right; nil = true
	lateral     bool // right depends on the left row
	cols        []colInfo
}

func (n *nestedLoopNode) columns() []colInfo   { return n.cols }
func (n *nestedLoopNode) children() []planNode { return []planNode{n.left, n.right} }
func (n *nestedLoopNode) start(ec *execCtx, outer *env) (rowIter, error) {
	lit, err := startNode(ec, n.left, outer)
	if err != nil {
		return nil, err
	}
	nl, nr := len(n.left.columns()), len(n.right.columns())
	var rightRows [][]Datum
	if !n.lateral {
		rightRows, err = runPlan(ec, n.right, outer)
		if err != nil {
			lit.close()
			return nil, err
		}
	}
	candidates := func(l []Datum) ([][]Datum, []int, error) {
		if !n.lateral {
			return rightRows, nil, nil
		}
		rows, err := runPlan(ec, n.right, &env{row: padRow(l, nl+nr), outer: outer, ec: ec})
		return rows, nil, err
	}
	return joinLoop(ec, n.kind, nl, nr, lit, rightRows, candidates, n.cond, &env{outer: outer, ec: ec}), nil
}

// joinLoop is the row loop both join algorithms share. For each left row,
// candidates returns the right rows to try: rows, and which of them (idx;
// nil means all, in order). Each pair that satisfies cond (nil: every
// pair) is joined; semi, anti, left and full joins add or drop rows by
// whether a left row matched. right is the materialised right input
// (indexes in idx refer to it when rows is right): a RIGHT or FULL join
// emits its unmatched rows at the end.
func joinLoop(ec *execCtx, kind joinKind, nl, nr int, left rowIter, right [][]Datum,
	candidates func(l []Datum) (rows [][]Datum, idx []int, err error), cond Expr, e *env) rowIter {
	var rightMatched []bool
	if kind == joinRight || kind == joinFull {
		rightMatched = make([]bool, len(right))
	}
	var cur []Datum
	var rows [][]Datum
	var idx []int
	ci, nc := 0, 0
	matched := false
	leftDone := false
	unmatchedIdx := 0
	return &funcIter{nextFn: func() ([]Datum, error) {
		for {
			if leftDone {
				// emit unmatched right rows for RIGHT/FULL joins
				for rightMatched != nil && unmatchedIdx < len(right) {
					i := unmatchedIdx
					unmatchedIdx++
					if !rightMatched[i] {
						out := make([]Datum, nl+nr)
						copy(out[nl:], right[i])
						return out, nil
					}
				}
				return nil, nil
			}
			if cur == nil {
				r, err := left.next()
				if err != nil {
					return nil, err
				}
				if r == nil {
					leftDone = true
					continue
				}
				if err := ec.tick(); err != nil {
					return nil, err
				}
				cur, matched, ci = r, false, 0
				if rows, idx, err = candidates(r); err != nil {
					return nil, err
				}
				nc = len(rows)
				if idx != nil {
					nc = len(idx)
				}
			}
			for ci < nc {
				i := ci
				if idx != nil {
					i = idx[ci]
				}
				ci++
				if err := ec.tick(); err != nil {
					return nil, err
				}
				out := make([]Datum, nl+nr)
				copy(out, cur)
				copy(out[nl:], rows[i])
				if cond != nil {
					e.row = out
					v, err := cond.Eval(e)
					if err != nil {
						return nil, err
					}
					if v != true {
						continue
					}
				}
				matched = true
				if rightMatched != nil {
					rightMatched[i] = true
				}
				switch kind {
				case joinSemi:
					ci = nc
					return cur, nil
				case joinAnti:
					ci = nc
					continue
				}
				return out, nil
			}
			l := cur
			cur = nil
			if !matched {
				switch kind {
				case joinLeft, joinFull:
					out := make([]Datum, nl+nr)
					copy(out, l)
					return out, nil
				case joinAnti:
					return l, nil
				}
			}
		}
	}, closeFn: left.close}
}
func (n *nestedLoopNode) explain(x *explainer) explainInfo {
	l, r := x.est(n.left), x.est(n.right)
	info := explainInfo{title: "Nested Loop", est: estimate{l.startup + r.startup, l.total + l.rows*r.total, max(1, l.rows*r.rows*0.1), l.width + r.width}}
	if n.kind != joinInner && n.kind != joinCross {
		info.title += " " + n.kind.String() + " Join"
	}
	if n.cond != nil {
		info.details = append(info.details, "Join Filter: "+n.cond.String())
	}
	return info
}

func padRow(r []Datum, n int) []Datum {
	if len(r) >= n {
		return r
	}
	out := make([]Datum, n)
	copy(out, r)
	return out
}

// ---- hash join ----------------------------------------------------------------------

type hashJoinNode struct {
	left, right         planNode
	kind                joinKind
	leftKeys, rightKeys []Expr // evaluated on the left row / the right row
	residual            Expr   // over left++right
	cols                []colInfo
}

func (h *hashJoinNode) columns() []colInfo   { return h.cols }
func (h *hashJoinNode) children() []planNode { return []planNode{h.left, h.right} }
func (h *hashJoinNode) start(ec *execCtx, outer *env) (rowIter, error) {
	rightRows, err := runPlan(ec, h.right, outer)
	if err != nil {
		return nil, err
	}
	nl, nr := len(h.left.columns()), len(h.right.columns())
	table := make(map[string][]int, len(rightRows))
	e := &env{outer: outer, ec: ec}
	var kb []byte
	keyOf := func(row []Datum, keys []Expr) (string, bool, error) {
		e.row = row
		kb = kb[:0]
		for _, k := range keys {
			v, err := k.Eval(e)
			if err != nil {
				return "", false, err
			}
			if v == nil {
				return "", false, nil
			}
			kb = appendKey(kb, v)
		}
		return string(kb), true, nil
	}
	for i, r := range rightRows {
		k, ok, err := keyOf(r, h.rightKeys)
		if err != nil {
			return nil, err
		}
		if ok {
			table[k] = append(table[k], i)
		}
	}
	lit, err := startNode(ec, h.left, outer)
	if err != nil {
		return nil, err
	}
	candidates := func(l []Datum) ([][]Datum, []int, error) {
		k, ok, err := keyOf(l, h.leftKeys)
		if err != nil || !ok || len(table[k]) == 0 {
			return nil, nil, err
		}
		return rightRows, table[k], nil
	}
	return joinLoop(ec, h.kind, nl, nr, lit, rightRows, candidates, h.residual, &env{outer: outer, ec: ec}), nil
}
func (h *hashJoinNode) explain(x *explainer) explainInfo {
	l, r := x.est(h.left), x.est(h.right)
	title := "Hash Join"
	if h.kind != joinInner {
		title = "Hash " + h.kind.String() + " Join"
	}
	conds := make([]string, len(h.leftKeys))
	for i := range h.leftKeys {
		conds[i] = "(" + h.leftKeys[i].String() + " = " + h.rightKeys[i].String() + ")"
	}
	info := explainInfo{title: title, details: []string{"Hash Cond: " + strings.Join(conds, " AND ")},
		est: estimate{r.total, l.total + r.total + l.rows*0.01, max(1, max(l.rows, r.rows)), l.width + r.width}}
	if h.residual != nil {
		info.details = append(info.details, "Join Filter: "+h.residual.String())
	}
	return info
}

// ---- set operations ------------------------------------------------------------------

type setOpKind uint8

const (
	setUnion setOpKind = iota
	setIntersect
	setExcept
)

type setOpNode struct {
	op          setOpKind
	all         bool
	left, right planNode
	cols        []colInfo
	// casts convert each side's columns to the result types (nil entries:
	// no conversion)
	leftCasts, rightCasts []types.Type
}

func (s *setOpNode) columns() []colInfo   { return s.cols }
func (s *setOpNode) children() []planNode { return []planNode{s.left, s.right} }

func convertRow(ec *execCtx, r []Datum, from []colInfo, to []types.Type) ([]Datum, error) {
	if to == nil {
		return r, nil
	}
	var out []Datum
	for i, t := range to {
		if t.OID == 0 || r[i] == nil || from[i].typ == t {
			continue
		}
		if out == nil {
			out = append([]Datum(nil), r...)
		}
		v, err := castValue(r[i], from[i].typ, t, ec)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	if out == nil {
		return r, nil
	}
	return out, nil
}

func (s *setOpNode) start(ec *execCtx, outer *env) (rowIter, error) {
	lcols, rcols := s.left.columns(), s.right.columns()
	if s.op == setUnion && s.all {
		lit, err := startNode(ec, s.left, outer)
		if err != nil {
			return nil, err
		}
		var rit rowIter
		return &funcIter{nextFn: func() ([]Datum, error) {
			if lit != nil {
				r, err := lit.next()
				if err != nil {
					return nil, err
				}
				if r != nil {
					return convertRow(ec, r, lcols, s.leftCasts)
				}
				lit.close()
				lit = nil
				rit, err = startNode(ec, s.right, outer)
				if err != nil {
					return nil, err
				}
			}
			r, err := rit.next()
			if err != nil || r == nil {
				return nil, err
			}
			return convertRow(ec, r, rcols, s.rightCasts)
		}, closeFn: func() {
			if lit != nil {
				lit.close()
			}
			if rit != nil {
				rit.close()
			}
		}}, nil
	}
	lrows, err := runPlan(ec, s.left, outer)
	if err != nil {
		return nil, err
	}
	rrows, err := runPlan(ec, s.right, outer)
	if err != nil {
		return nil, err
	}
	for i, r := range lrows {
		if lrows[i], err = convertRow(ec, r, lcols, s.leftCasts); err != nil {
			return nil, err
		}
	}
	for i, r := range rrows {
		if rrows[i], err = convertRow(ec, r, rcols, s.rightCasts); err != nil {
			return nil, err
		}
	}
	key := func(r []Datum) string {
		var kb []byte
		for _, v := range r {
			kb = appendKey(kb, v)
		}
		return string(kb)
	}
	var out [][]Datum
	switch s.op {
	case setUnion:
		seen := map[string]bool{}
		for _, r := range append(lrows, rrows...) {
			k := key(r)
			if !seen[k] {
				seen[k] = true
				out = append(out, r)
			}
		}
	case setIntersect, setExcept:
		counts := map[string]int{}
		for _, r := range rrows {
			counts[key(r)]++
		}
		emitted := map[string]int{}
		for _, r := range lrows {
			k := key(r)
			if s.op == setIntersect {
				if counts[k] > 0 {
					if s.all {
						counts[k]--
						out = append(out, r)
					} else if emitted[k] == 0 {
						emitted[k]++
						out = append(out, r)
					}
				}
			} else {
				if s.all {
					if counts[k] > 0 {
						counts[k]--
						continue
					}
					out = append(out, r)
				} else if counts[k] == 0 && emitted[k] == 0 {
					emitted[k]++
					out = append(out, r)
				}
			}
		}
	}
	return &sliceIter{rows: out}, nil
}
func (s *setOpNode) explain(x *explainer) explainInfo {
	l, r := x.est(s.left), x.est(s.right)
	title := map[setOpKind]string{setUnion: "Append", setIntersect: "HashSetOp Intersect", setExcept: "HashSetOp Except"}[s.op]
	if s.op == setUnion && !s.all {
		title = "HashAggregate"
	}
	if s.all && s.op != setUnion {
		title += " All"
	}
	return explainInfo{title: title, est: estimate{0, l.total + r.total, l.rows + r.rows, max(l.width, r.width)}}
}

// ---- CTE scan ----------------------------------------------------------------------------

// cteDef is a WITH query, materialised once per execution.
type cteDef struct {
	name      string
	plan      planNode
	cols      []colInfo
	recursive bool
	// for WITH RECURSIVE: the non-recursive and recursive terms
	base, rec planNode
	unionAll  bool
	// id distinguishes materialisations in the execution cache
}

type cteScanNode struct {
	cte   *cteDef
	alias string
	cols  []colInfo
}

func (c *cteScanNode) columns() []colInfo   { return c.cols }
func (c *cteScanNode) children() []planNode { return nil }
func (c *cteScanNode) start(ec *execCtx, outer *env) (rowIter, error) {
	rows, err := ec.materializeCTE(c.cte, outer)
	if err != nil {
		return nil, err
	}
	return &sliceIter{rows: rows}, nil
}
func (c *cteScanNode) explain(x *explainer) explainInfo {
	name := "CTE Scan on " + c.cte.name
	if c.alias != "" && c.alias != c.cte.name {
		name += " " + c.alias
	}
	return explainInfo{title: name, est: estimate{0, 20, 1000, rowWidth(c.cols)}}
}

// workTableNode reads the rows of the previous iteration of a recursive CTE.
type workTableNode struct {
	cte  *cteDef
	cols []colInfo
}

func (w *workTableNode) columns() []colInfo   { return w.cols }
func (w *workTableNode) children() []planNode { return nil }
func (w *workTableNode) start(ec *execCtx, _ *env) (rowIter, error) {
	return &sliceIter{rows: ec.workTables[w.cte]}, nil
}
func (w *workTableNode) explain(*explainer) explainInfo {
	return explainInfo{title: "WorkTable Scan on " + w.cte.name, est: estimate{0, 20, 100, rowWidth(w.cols)}}
}

func (ec *execCtx) materializeCTE(c *cteDef, outer *env) ([][]Datum, error) {
	if rows, ok := ec.cteRows[c]; ok {
		return rows, nil
	}
	var rows [][]Datum
	var err error
	if !c.recursive {
		rows, err = runPlan(ec, c.plan, outer)
		if err != nil {
			return nil, err
		}
	} else {
		rows, err = runPlan(ec, c.base, outer)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		key := func(r []Datum) string {
			var kb []byte
			for _, v := range r {
				kb = appendKey(kb, v)
			}
			return string(kb)
		}
		if !c.unionAll {
			var uniq [][]Datum
			for _, r := range rows {
				if k := key(r); !seen[k] {
					seen[k] = true
					uniq = append(uniq, r)
				}
			}
			rows = uniq
		}
		work := rows
		for iter := 0; len(work) > 0; iter++ {
			if err := ec.checkCancel(); err != nil {
				return nil, err
			}
			if ec.workTables == nil {
				ec.workTables = map[*cteDef][][]Datum{}
			}
			ec.workTables[c] = work
			next, err := runPlan(ec, c.rec, outer)
			if err != nil {
				return nil, err
			}
			if !c.unionAll {
				var uniq [][]Datum
				for _, r := range next {
					if k := key(r); !seen[k] {
						seen[k] = true
						uniq = append(uniq, r)
					}
				}
				next = uniq
			}
			rows = append(rows, next...)
			work = next
			if len(rows) > 50_000_000 {
				return nil, pgerr.New(pgerr.ProgramLimitExceeded, "recursive query produced too many rows")
			}
		}
	}
	if ec.cteRows == nil {
		ec.cteRows = map[*cteDef][][]Datum{}
	}
	ec.cteRows[c] = rows
	return rows, nil
}

// ---- function scan (set-returning functions in FROM) ---------------------------------

type funcScanNode struct {
	fns        []Expr // each a set-returning call (ROWS FROM zips several)
	ordinality bool
	cols       []colInfo
	alias      string
	// multiCol is set when a single function returns several columns
	multiCol bool
	// lateral: started by a lateral join (outer env row = left row)
	lateral bool
}

func (f *funcScanNode) columns() []colInfo   { return f.cols }
func (f *funcScanNode) children() []planNode { return nil }
func (f *funcScanNode) start(ec *execCtx, outer *env) (rowIter, error) {
	// Arguments are bound in the frame of the items to the left: a lateral
	// join passes that frame as outer; otherwise there are no items.
	e := outer
	if !f.lateral {
		e = &env{outer: outer, ec: ec}
	}
	gens := make([]srfGen, len(f.fns))
	for i, fn := range f.fns {
		g, err := evalSRF(fn, e)
		if err != nil {
			return nil, err
		}
		gens[i] = g
	}
	n := int64(0)
	width := len(f.cols)
	return &funcIter{nextFn: func() ([]Datum, error) {
		out := make([]Datum, 0, width)
		any := false
		for _, g := range gens {
			if g == nil {
				out = append(out, nil)
				continue
			}
			v, ok, err := g.next()
			if err != nil {
				return nil, err
			}
			if !ok {
				if f.multiCol {
					return nil, nil
				}
				out = append(out, nil)
				continue
			}
			any = true
			if f.multiCol {
				out = append(out, v.(*types.Record).Values...)
			} else {
				out = append(out, v)
			}
		}
		if !any {
			return nil, nil
		}
		if err := ec.tick(); err != nil {
			return nil, err
		}
		n++
		if f.ordinality {
			out = append(out, n)
		}
		return out, nil
	}}, nil
}
func (f *funcScanNode) explain(x *explainer) explainInfo {
	name := "Function Scan on " + funcNameOf(f.fns[0])
	if f.alias != "" {
		name += " " + f.alias
	}
	return explainInfo{title: name, est: estimate{0, 10, 100, rowWidth(f.cols)}}
}

func funcNameOf(x Expr) string {
	if fe, ok := x.(*funcExpr); ok {
		return fe.def.name
	}
	return "function"
}

func (e *env) rowOrNil() []Datum {
	if e == nil {
		return nil
	}
	return e.row
}

// ---- materialised rows (used by EXPLAIN ANALYZE and DML RETURNING) -----------------------

type rowsNode struct {
	rows  [][]Datum
	cols  []colInfo
	title string
}

func (r *rowsNode) columns() []colInfo   { return r.cols }
func (r *rowsNode) children() []planNode { return nil }
func (r *rowsNode) start(*execCtx, *env) (rowIter, error) {
	return &sliceIter{rows: r.rows}, nil
}
func (r *rowsNode) explain(*explainer) explainInfo {
	return explainInfo{title: r.title, est: estimate{0, 0, float64(len(r.rows)), rowWidth(r.cols)}}
}

func rowWidth(cols []colInfo) int {
	w := 0
	for _, c := range cols {
		w += typeWidth(c.typ.OID)
	}
	return w
}

func typeWidth(oid types.OID) int {
	if i := types.Lookup(oid); i != nil && i.Len > 0 {
		return int(i.Len)
	}
	switch oid {
	case types.TextArrayOID:
		return 64
	case types.ByteaOID:
		return 64
	}
	return 32
}

func log2(x float64) float64 {
	if x < 2 {
		return 1
	}
	n := 0.0
	for x > 1 {
		x /= 2
		n++
	}
	return n
}
