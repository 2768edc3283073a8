package planner

// Plan nodes. A plan is an immutable tree built once per statement text
// (and cached); executing it calls start on the root, which starts its
// children and returns a rowIter holding the execution state. Plans never
// hold per-execution state, so one plan serves many executions, portals and
// sessions at once.

import (
	"github.com/entitydb/entitydb/planner/types"
)

// colInfo describes one column of a plan node's output.
type colInfo struct {
	name string
	typ  types.Type
	// tableOID/attnum identify a base-table column (RowDescription).
	tableOID uint32
	attnum   int16
}

// planNode is a node of an executable plan.
type planNode interface {
	// columns describes the rows the node produces.
	columns() []colInfo
	// start begins an execution. outer is the row environment of the
	// enclosing query for correlated subqueries (nil at top level).
	start(ec *execCtx, outer *env) (rowIter, error)
	// children returns the input nodes (for EXPLAIN and plan walks).
	children() []planNode
	// explain describes the node for EXPLAIN: a title and detail lines.
	explain(x *explainer) explainInfo
}

// rowIter produces rows. next returns (nil, nil) at the end. Rows belong to
// the caller: an iterator never modifies a row it returned.
type rowIter interface {
	next() ([]Datum, error)
	close()
}

// estimate is a node's cost estimate in PostgreSQL's units.
type estimate struct {
	startup, total float64
	rows           float64
	width          int
}

type explainInfo struct {
	title   string
	details []string
	est     estimate
	// actual rows/loops are filled by EXPLAIN ANALYZE through instrumentation
}

// ---- simple iterators -------------------------------------------------------

// sliceIter iterates over materialised rows.
type sliceIter struct {
	rows [][]Datum
	i    int
}

func (s *sliceIter) next() ([]Datum, error) {
	if s.i >= len(s.rows) {
		return nil, nil
	}
	r := s.rows[s.i]
	s.i++
	return r, nil
}
func (s *sliceIter) close() {}

// emptyIter produces no rows.
type emptyIter struct{}

func (emptyIter) next() ([]Datum, error) { return nil, nil }
func (emptyIter) close()                 {}

// funcIter adapts closures.
type funcIter struct {
	nextFn  func() ([]Datum, error)
	closeFn func()
}

func (f *funcIter) next() ([]Datum, error) { return f.nextFn() }
func (f *funcIter) close() {
	if f.closeFn != nil {
		f.closeFn()
	}
}

// drain reads all rows of an iterator and closes it.
func drain(it rowIter) ([][]Datum, error) {
	defer it.close()
	var out [][]Datum
	for {
		r, err := it.next()
		if err != nil {
			return nil, err
		}
		if r == nil {
			return out, nil
		}
		out = append(out, r)
	}
}

// runPlan starts a plan and returns all its rows.
func runPlan(ec *execCtx, p planNode, outer *env) ([][]Datum, error) {
	it, err := startNode(ec, p, outer)
	if err != nil {
		return nil, err
	}
	return drain(it)
}

func colTypes(cols []colInfo) []types.Type {
	ts := make([]types.Type, len(cols))
	for i, c := range cols {
		ts[i] = c.typ
	}
	return ts
}

func walkPlan(p planNode, fn func(planNode)) {
	fn(p)
	for _, c := range p.children() {
		walkPlan(c, fn)
	}
}
