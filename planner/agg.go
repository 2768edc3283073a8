package planner

// Aggregation: aggregate functions and the hash aggregate operator.

import (
	"math"
	"sort"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// aggState accumulates one group's values.
type aggState interface {
	add(c *callCtx, args []Datum) error
	result(c *callCtx) (Datum, error)
}

// aggDef describes an aggregate function.
type aggDef struct {
	// newState makes the state of one group (bound to a call's types).
	newState func() aggState
	// mk builds states for local aggregates from the call's types.
	mk func(argTypes []types.Type, ret types.Type) aggState
	// strictArgs: rows with a NULL argument are skipped (like PostgreSQL's
	// strict transition functions).
	strictArgs bool
}

// aggRef is an aggregate call inside an expression. During analysis it is
// collected by the query's aggregation; after planning it is replaced by a
// column of the aggregate node's output.
type aggRef struct {
	def      *funcDef
	args     []Expr
	typ      types.Type
	distinct bool
	filter   Expr
	order    []aggOrder
	star     bool
	idx      int // position among the query's aggregates
}

type aggOrder struct {
	expr       Expr
	desc       bool
	nullsFirst bool
}

func (a *aggRef) Type() types.Type { return a.typ }
func (a *aggRef) Eval(*env) (Datum, error) {
	return nil, pgerr.New(pgerr.InternalError, "aggregate evaluated outside aggregation")
}
func (a *aggRef) String() string {
	if a.star {
		return a.def.name + "(*)"
	}
	s := a.def.name + "("
	if a.distinct {
		s += "DISTINCT "
	}
	s += joinExprs(a.args)
	if len(a.order) > 0 {
		parts := make([]string, len(a.order))
		for i, o := range a.order {
			parts[i] = o.expr.String()
			if o.desc {
				parts[i] += " DESC"
			}
		}
		s += " ORDER BY " + strings.Join(parts, ", ")
	}
	s += ")"
	if a.filter != nil {
		s += " FILTER (WHERE " + a.filter.String() + ")"
	}
	return s
}

// ---- hash aggregate operator --------------------------------------------------

type aggNode struct {
	input  planNode
	groups []Expr
	aggs   []*aggRef
	cols   []colInfo
	// sets, when not nil, are grouping sets (indices into groups); the
	// output then has one more column: the set's index.
	sets [][]int
}

func (a *aggNode) columns() []colInfo   { return a.cols }
func (a *aggNode) children() []planNode { return []planNode{a.input} }

type aggGroup struct {
	set    int
	keys   []Datum
	states []aggState
	// per aggregate: seen argument keys (DISTINCT) and buffered rows (ORDER BY)
	seen     []map[string]struct{}
	buffered [][][]Datum
}

func (a *aggNode) newGroup(keys []Datum) *aggGroup {
	g := &aggGroup{keys: keys, states: make([]aggState, len(a.aggs))}
	for i, ag := range a.aggs {
		g.states[i] = ag.def.agg.newState()
		if ag.distinct {
			if g.seen == nil {
				g.seen = make([]map[string]struct{}, len(a.aggs))
			}
			g.seen[i] = map[string]struct{}{}
		}
		if len(ag.order) > 0 {
			if g.buffered == nil {
				g.buffered = make([][][]Datum, len(a.aggs))
			}
		}
	}
	return g
}

// accumulate feeds the current row (e.row) to every aggregate of a group.
func (a *aggNode) accumulate(cc *callCtx, e *env, g *aggGroup, argBuf []Datum) error {
	for i, ag := range a.aggs {
		if ag.filter != nil {
			v, err := ag.filter.Eval(e)
			if err != nil {
				return err
			}
			if v != true {
				continue
			}
		}
		argBuf = argBuf[:0]
		skip := false
		for _, x := range ag.args {
			v, err := x.Eval(e)
			if err != nil {
				return err
			}
			if v == nil && ag.def.agg.strictArgs {
				skip = true
			}
			argBuf = append(argBuf, v)
		}
		if skip {
			continue
		}
		if ag.distinct {
			var dk []byte
			for _, v := range argBuf {
				dk = appendKey(dk, v)
			}
			if _, ok := g.seen[i][string(dk)]; ok {
				continue
			}
			g.seen[i][string(dk)] = struct{}{}
		}
		if len(ag.order) > 0 {
			row := make([]Datum, 0, len(argBuf)+len(ag.order))
			row = append(row, argBuf...)
			for _, o := range ag.order {
				v, err := o.expr.Eval(e)
				if err != nil {
					return err
				}
				row = append(row, v)
			}
			g.buffered[i] = append(g.buffered[i], row)
			continue
		}
		if err := g.states[i].add(cc, argBuf); err != nil {
			return err
		}
	}
	return nil
}

func (a *aggNode) start(ec *execCtx, outer *env) (rowIter, error) {
	in, err := startNode(ec, a.input, outer)
	if err != nil {
		return nil, err
	}
	defer in.close()
	e := &env{outer: outer, ec: ec}
	cc := &callCtx{env: e}
	groups := map[string]*aggGroup{}
	var order []*aggGroup
	var kb []byte
	argBuf := make([]Datum, 0, 4)
	sets := a.sets
	if sets == nil {
		all := make([]int, len(a.groups))
		for i := range all {
			all[i] = i
		}
		sets = [][]int{all}
	}
	for {
		r, err := in.next()
		if err != nil {
			return nil, err
		}
		if r == nil {
			break
		}
		if err := ec.tick(); err != nil {
			return nil, err
		}
		e.row = r
		var vals []Datum
		if len(a.groups) > 0 {
			vals = make([]Datum, len(a.groups))
			for i, g := range a.groups {
				v, err := g.Eval(e)
				if err != nil {
					return nil, err
				}
				vals[i] = v
			}
		}
		for si, set := range sets {
			kb = kb[:0]
			kb = append(kb, byte(si), byte(si>>8))
			var keys []Datum
			if len(a.groups) > 0 {
				keys = make([]Datum, len(a.groups))
				for _, gi := range set {
					keys[gi] = vals[gi]
				}
				for _, v := range keys {
					kb = appendKey(kb, v)
				}
			}
			g := groups[string(kb)]
			if g == nil {
				g = a.newGroup(keys)
				g.set = si
				groups[string(kb)] = g
				order = append(order, g)
			}
			if err := a.accumulate(cc, e, g, argBuf); err != nil {
				return nil, err
			}
		}
	}
	// empty grouping sets produce a row even without input
	for si, set := range sets {
		if len(set) > 0 || (a.sets == nil && len(a.groups) > 0) {
			continue
		}
		found := false
		for _, g := range order {
			if g.set == si {
				found = true
			}
		}
		if !found {
			g := a.newGroup(make([]Datum, len(a.groups)))
			g.set = si
			order = append(order, g)
		}
	}

	rows := make([][]Datum, 0, len(order))
	for _, g := range order {
		row := make([]Datum, 0, len(a.groups)+len(a.aggs))
		row = append(row, g.keys...)
		for i, ag := range a.aggs {
			if len(ag.order) > 0 {
				buf := g.buffered[i]
				nargs := len(ag.args)
				keys := make([]sortKey, len(ag.order))
				for j, o := range ag.order {
					keys[j] = sortKey{idx: nargs + j, desc: o.desc, nullsFirst: o.nullsFirst}
				}
				sort.SliceStable(buf, func(x, y int) bool { return compareRows(buf[x], buf[y], keys) < 0 })
				for _, br := range buf {
					if err := g.states[i].add(cc, br[:nargs]); err != nil {
						return nil, err
					}
				}
			}
			v, err := g.states[i].result(cc)
			if err != nil {
				return nil, err
			}
			row = append(row, v)
		}
		if a.sets != nil {
			row = append(row, int64(g.set))
		}
		rows = append(rows, row)
	}
	return &sliceIter{rows: rows}, nil
}

func (a *aggNode) explain(x *explainer) explainInfo {
	in := x.est(a.input)
	info := explainInfo{title: "Aggregate", est: estimate{in.total + in.rows*0.0025, in.total + in.rows*0.0025 + 0.01, 1, rowWidth(a.cols)}}
	if len(a.groups) > 0 {
		info.title = "HashAggregate"
		info.details = []string{"Group Key: " + joinExprs(a.groups)}
		info.est.rows = max(1, math.Min(200, in.rows/10))
	}
	return info
}
