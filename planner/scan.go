package planner

// Entity scans: read ns.entities through the namespace index.
//
// A scan builds its index query when it starts, evaluates it against the
// statement's snapshot, and fetches only the matching entities (or, for an
// ordered scan with a LIMIT, only as many as the LIMIT needs). Rows the
// current transaction wrote but has not committed overlay the snapshot:
// snapshot versions of ids the transaction touched are hidden, and its
// pending rows that satisfy the full predicate are added.

import (
	"sort"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/planner/types"
)

// scanOrder is ordered access by created_at or id.
type scanOrder struct {
	col  int // colCreatedAt or colID
	desc bool
}

type entityScan struct {
	ns   string
	cols []colInfo
	// pred is the whole WHERE predicate (nil: every row); index and
	// residual are its split (index nil: all visible entities).
	pred     Expr
	index    *ixNode
	residual Expr
	// order, when set, makes the scan return rows in that order; limit
	// and offset then bound how many matching rows are read.
	order         *scanOrder
	limit, offset Expr
}

func (s *entityScan) columns() []colInfo   { return s.cols }
func (s *entityScan) children() []planNode { return nil }

// setPredicate installs a WHERE predicate and chooses the index operations.
func (s *entityScan) setPredicate(pred Expr, useIndex bool) {
	s.pred = pred
	if !useIndex {
		s.index, s.residual = nil, pred
		return
	}
	s.index, s.residual, _ = splitPredicate(pred)
}

// exact reports whether the index alone answers the predicate.
func (s *entityScan) exact() bool { return s.residual == nil }

// scanState is what a started scan (or count) shares: snapshot, built
// query, overlay of pending writes.
type scanState struct {
	snap   *namespace.Snapshot
	query  *namespace.Query // nil: all
	hidden *roaring.Bitmap  // snapshot docs replaced by pending writes
	pend   []*namespace.Entity
	// residual is what fetched rows are checked against: the plan's
	// residual and the rechecks of conjuncts the built query answers only
	// approximately (ixResult.rechecks).
	residual Expr
	rechecks bool
	// slab, when set, is the one row buffer of a streaming scan
	// (execCtx.streams): each fetched row overwrites the previous.
	slab *entitySlab
}

func (s *entityScan) prepare(ec *execCtx, outer *env) (*scanState, error) {
	snap, err := ec.snapshot(s.ns)
	if err != nil {
		return nil, err
	}
	st := &scanState{snap: snap, residual: s.residual}
	if s.index != nil {
		r, err := s.index.build(&env{outer: outer, ec: ec}, snap)
		if err != nil {
			return nil, err
		}
		st.query = r.t
		if len(r.rechecks) > 0 {
			st.rechecks = true
			st.residual = withRechecks(s.residual, r.rechecks)
		}
		ec.stats.bitmapOps++
	}
	if w := ec.pendingFor(s.ns); w != nil && len(w.log) > 0 {
		st.hidden = roaring.New()
		for id := range w.byID {
			if d, ok := snap.Lookup(id); ok {
				st.hidden.Add(uint32(d))
			}
		}
		for _, op := range w.live() {
			st.pend = append(st.pend, op.entity)
		}
	}
	return st, nil
}

// candidates returns the snapshot docs matching the index query, minus
// hidden ones; nil with all=true means every visible doc.
func (st *scanState) candidates() (bm *roaring.Bitmap, all bool) {
	if st.query == nil || st.query.Kind == namespace.QAll {
		if st.hidden == nil || st.hidden.IsEmpty() {
			return nil, true
		}
		bm = st.snap.Eval(namespace.All())
	} else if st.query.Kind == namespace.QIDs {
		bm = roaring.New()
		for _, id := range st.query.IDs {
			if d, ok := st.snap.Lookup(id); ok {
				bm.Add(uint32(d))
			}
		}
	} else {
		bm = st.snap.Eval(st.query)
	}
	if st.hidden != nil {
		bm.AndNot(st.hidden)
	}
	return bm, false
}

// fetch reads a candidate entity and returns its row if accept takes it
// (nil otherwise). The row is st.slab's when the scan streams.
func (st *scanState) fetch(ec *execCtx, doc namespace.DocNum, accept func([]Datum) (bool, error)) ([]Datum, error) {
	if err := ec.tick(); err != nil {
		return nil, err
	}
	ent, err := st.snap.Get(doc)
	if err != nil {
		return nil, err
	}
	ec.stats.fetched++
	var row []Datum
	if st.slab != nil {
		row = st.slab.fill(ent, doc, false)
	} else {
		row = entityRow(ent, doc, false)
	}
	if ok, err := accept(row); err != nil || !ok {
		return nil, err
	}
	return row, nil
}

// docTID encodes a doc number as a ctid (block, offset) pair.
func docTID(d namespace.DocNum) types.TID {
	return types.TID{Block: uint32(d) >> 15, Offset: uint16(uint32(d)&0x7FFF) + 1}
}

// tidDoc inverts docTID.
func tidDoc(t types.TID) (namespace.DocNum, bool) {
	if t.Offset == 0 || t.Block >= 1<<17 {
		return 0, false
	}
	return namespace.DocNum(t.Block<<15 | uint32(t.Offset-1)), true
}

func (s *entityScan) start(ec *execCtx, outer *env) (rowIter, error) {
	st, err := s.prepare(ec, outer)
	if err != nil {
		return nil, err
	}
	if ec.streamsRows(s) {
		st.slab = &entitySlab{}
	}
	e := &env{outer: outer, ec: ec}
	matchPending := func() ([][]Datum, error) {
		var rows [][]Datum
		for _, p := range st.pend {
			row := entityRow(p, 0, true)
			if s.pred != nil {
				e.row = row
				v, err := s.pred.Eval(e)
				if err != nil {
					return nil, err
				}
				if v != true {
					continue
				}
			}
			rows = append(rows, row)
		}
		return rows, nil
	}
	accept := func(row []Datum) (bool, error) {
		if st.residual == nil {
			return true, nil
		}
		e.row = row
		v, err := st.residual.Eval(e)
		if err != nil {
			return false, err
		}
		return v == true, nil
	}
	if s.order != nil {
		return s.startOrdered(ec, outer, st, matchPending, accept)
	}
	bm, all := st.candidates()
	var it roaring.IntIterable
	if !all {
		it = bm.Iterator()
	} else {
		it = st.snap.Eval(namespace.All()).Iterator()
	}
	var pend [][]Datum
	pendDone := false
	pi := 0
	return &funcIter{nextFn: func() ([]Datum, error) {
		for it.HasNext() {
			row, err := st.fetch(ec, namespace.DocNum(it.Next()), accept)
			if err != nil || row != nil {
				return row, err
			}
		}
		if !pendDone {
			pendDone = true
			var err error
			if pend, err = matchPending(); err != nil {
				return nil, err
			}
		}
		if pi < len(pend) {
			pi++
			return pend[pi-1], nil
		}
		return nil, nil
	}}, nil
}

// startOrdered streams rows in created_at or id order. Documents come from
// Snapshot.Scan in chunks (the first chunk sized by LIMIT+OFFSET), so a
// LIMIT n query reads about n entities; pending rows are merged in.
func (s *entityScan) startOrdered(ec *execCtx, outer *env, st *scanState, matchPending func() ([][]Datum, error), accept func([]Datum) (bool, error)) (rowIter, error) {
	var order namespace.Order
	switch {
	case s.order.col == colCreatedAt && !s.order.desc:
		order = namespace.ByCreatedAsc
	case s.order.col == colCreatedAt:
		order = namespace.ByCreatedDesc
	case !s.order.desc:
		order = namespace.ByIDAsc
	default:
		order = namespace.ByIDDesc
	}
	want := int64(256)
	if s.limit != nil {
		e := &env{outer: outer, ec: ec}
		v, err := s.limit.Eval(e)
		if err != nil {
			return nil, err
		}
		if v != nil {
			want = toInt64(v)
			if s.offset != nil {
				o, err := s.offset.Eval(e)
				if err != nil {
					return nil, err
				}
				if o != nil {
					want += toInt64(o)
				}
			}
			if st.residual != nil || st.hidden != nil {
				want = want*2 + 16
			}
		}
	}
	if want < 1 {
		want = 1
	}
	bm, all := st.candidates()
	var filter *roaring.Bitmap
	if !all {
		filter = bm
	}
	pend, err := matchPending()
	if err != nil {
		return nil, err
	}
	keyIdx := s.order.col
	desc := s.order.desc
	sort.SliceStable(pend, func(i, j int) bool {
		c := compareDatums(pend[i][keyIdx], pend[j][keyIdx])
		if desc {
			return c > 0
		}
		return c < 0
	})
	var buf []namespace.DocNum
	bi := 0
	consumed := 0
	done := false
	chunk := int(want)
	var nextSnap []Datum
	fill := func() {
		buf = buf[:0]
		bi = 0
		skip := consumed
		n := 0
		st.snap.Scan(order, filter, func(d namespace.DocNum) bool {
			if n < skip {
				n++
				return true
			}
			n++
			buf = append(buf, d)
			return len(buf) < chunk
		})
		consumed += len(buf)
		if len(buf) < chunk {
			done = true
		}
		if chunk < 1<<20 {
			chunk *= 4
		}
	}
	nextFromSnapshot := func() ([]Datum, error) {
		for {
			if bi >= len(buf) {
				if done {
					return nil, nil
				}
				fill()
				if len(buf) == 0 {
					return nil, nil
				}
			}
			doc := buf[bi]
			bi++
			row, err := st.fetch(ec, doc, accept)
			if err != nil || row != nil {
				return row, err
			}
		}
	}
	pi := 0
	snapDone := false
	return &funcIter{nextFn: func() ([]Datum, error) {
		if nextSnap == nil && !snapDone {
			r, err := nextFromSnapshot()
			if err != nil {
				return nil, err
			}
			if r == nil {
				snapDone = true
			}
			nextSnap = r
		}
		if pi < len(pend) {
			if nextSnap == nil {
				pi++
				return pend[pi-1], nil
			}
			c := compareDatums(pend[pi][keyIdx], nextSnap[keyIdx])
			if (desc && c > 0) || (!desc && c < 0) {
				pi++
				return pend[pi-1], nil
			}
		}
		r := nextSnap
		nextSnap = nil
		return r, nil
	}}, nil
}

func (s *entityScan) explain(x *explainer) explainInfo {
	info := explainInfo{}
	name := s.ns + ".entities"
	switch {
	case s.index == nil && s.order == nil:
		info.title = "Seq Scan on " + name
	case s.order != nil:
		dir := "Forward"
		if s.order.desc {
			dir = "Backward"
		}
		info.title = "Index Scan " + dir + " using entities_" + entityColumnNames[s.order.col] + "_order on " + name
	default:
		info.title = "Bitmap Index Scan on " + name
	}
	if s.index != nil {
		info.details = append(info.details, "Index Cond: "+s.index.String())
	}
	if s.order != nil {
		info.details = append(info.details, "Order: "+entityColumnNames[s.order.col]+map[bool]string{true: " DESC", false: " ASC"}[s.order.desc])
	}
	residual := s.residual
	var pending []Expr // rechecks decided by the values
	if r, ok := x.builtIndex(s); ok {
		residual = withRechecks(residual, r.rechecks)
	} else if s.index != nil {
		pending = s.index.rechecks()
	}
	if residual != nil {
		info.details = append(info.details, "Filter: "+residual.String())
	}
	if len(pending) > 0 {
		info.details = append(info.details, "Recheck if the pattern matches too many tags: "+andAll(pending).String())
	}
	if s.index != nil && residual == nil && len(pending) == 0 {
		info.details = append(info.details, "Index answers the predicate exactly (no recheck)")
	}
	info.est = x.scanEstimate(s)
	if lines := x.actualIndex(s); len(lines) > 0 {
		info.details = append(info.details, lines...)
	}
	return info
}

// ---- count(*) answered by the index ---------------------------------------------------

// countNode is SELECT count(*) [, count(*)...] FROM ns.entities WHERE
// <exact index predicate>: the index counts, no entity is fetched.
type countNode struct {
	scan  *entityScan
	naggs int
	cols  []colInfo
	// fallback aggregates the scan's rows; it runs when the built query
	// needs rows rechecked (a LIKE pattern the dictionary cannot answer).
	fallback planNode
}

func (c *countNode) columns() []colInfo   { return c.cols }
func (c *countNode) children() []planNode { return nil }
func (c *countNode) start(ec *execCtx, outer *env) (rowIter, error) {
	st, err := c.scan.prepare(ec, outer)
	if err != nil {
		return nil, err
	}
	if st.rechecks {
		return c.fallback.start(ec, outer)
	}
	var n uint64
	q := st.query
	if q == nil {
		q = namespace.All()
	}
	if st.hidden == nil {
		n = st.snap.Count(q)
	} else {
		bm, _ := st.candidates()
		if bm == nil {
			bm = st.snap.Eval(namespace.All())
			bm.AndNot(st.hidden)
		}
		n = bm.GetCardinality()
		e := &env{outer: outer, ec: ec}
		for _, p := range st.pend {
			if c.scan.pred != nil {
				e.row = entityRow(p, 0, true)
				v, err := c.scan.pred.Eval(e)
				if err != nil {
					return nil, err
				}
				if v != true {
					continue
				}
			}
			n++
		}
	}
	ec.stats.counted++
	row := make([]Datum, c.naggs)
	for i := range row {
		row[i] = int64(n)
	}
	return &sliceIter{rows: [][]Datum{row}}, nil
}

// countsRows returns the fallback when the values at hand make the scan
// recheck rows (EXPLAIN shows the plan that would run).
func (c *countNode) countsRows(x *explainer) planNode {
	if r, ok := x.builtIndex(c.scan); ok && len(r.rechecks) > 0 {
		return c.fallback
	}
	return nil
}

func (c *countNode) explain(x *explainer) explainInfo {
	info := explainInfo{title: "Index Count on " + c.scan.ns + ".entities"}
	if c.scan.index != nil {
		info.details = append(info.details, "Index Cond: "+c.scan.index.String())
	}
	info.details = append(info.details, "Entities fetched: none (posting cardinality)")
	est := x.scanEstimate(c.scan)
	info.est = estimate{startup: est.startup, total: est.startup + 0.01, rows: 1, width: 8}
	if lines := x.actualIndex(c.scan); len(lines) > 0 {
		info.details = append(info.details, lines...)
	}
	return info
}

// ---- plan-time choices -----------------------------------------------------------

// applyWhere attaches a WHERE predicate: to an entity scan as an index
// choice, through inner joins to the inputs its conjuncts read (so each
// entity scan gets its own index conditions), elsewhere as a filter.
func (a *analyzer) applyWhere(node planNode, pred Expr) planNode {
	if pred == nil {
		return node
	}
	switch n := node.(type) {
	case *entityScan:
		if n.pred != nil {
			pred = andAll([]Expr{n.pred, pred})
		}
		n.setPredicate(pred, !a.noIndex)
		return n
	case *nestedLoopNode:
		var rest []Expr
		nl := len(n.left.columns())
		for _, c := range conjuncts(pred) {
			switch side := exprSide(c, nl); {
			case side == 1 && (n.kind == joinInner || n.kind == joinCross || n.kind == joinLeft):
				// also under LATERAL: the right side then runs only for
				// the left rows the query keeps, as in PostgreSQL
				n.left = a.applyWhere(n.left, c)
			case side == 2 && !n.lateral && (n.kind == joinInner || n.kind == joinCross || n.kind == joinRight):
				n.right = a.applyWhere(n.right, shiftExpr(c, -nl))
			default:
				rest = append(rest, c)
			}
		}
		if len(rest) == 0 {
			return n
		}
		if !n.lateral && (n.kind == joinCross || n.kind == joinInner) {
			// equality conditions across the inputs become a hash join
			cond := andAll(append(conjuncts(n.cond), rest...))
			return a.makeJoin(n.left, n.right, joinInner, cond, false)
		}
		return &filterNode{input: n, pred: andAll(rest)}
	case *hashJoinNode:
		var rest []Expr
		nl := len(n.left.columns())
		for _, c := range conjuncts(pred) {
			switch side := exprSide(c, nl); {
			case side == 1 && (n.kind == joinInner || n.kind == joinLeft):
				n.left = a.applyWhere(n.left, c)
			case side == 2 && (n.kind == joinInner || n.kind == joinRight):
				n.right = a.applyWhere(n.right, shiftExpr(c, -nl))
			default:
				rest = append(rest, c)
			}
		}
		if len(rest) == 0 {
			return n
		}
		return &filterNode{input: n, pred: andAll(rest)}
	}
	return &filterNode{input: node, pred: pred}
}

type orderedScanResult uint8

const (
	orderedNone   orderedScanResult = iota
	orderedFull                     // the scan delivers the ORDER BY order
	orderedPrefix                   // the scan orders by the first key only
)

// tryOrderedScan lets an entity scan return rows in ORDER BY order when
// the first sort key is created_at or id. id is unique, so it decides the
// whole order; created_at may tie, so further keys need an incremental
// sort within each run of equal created_at (which still stops early under
// LIMIT).
func (a *analyzer) tryOrderedScan(node planNode, exprs []Expr, keys []sortKey, count, offset Expr) orderedScanResult {
	s, ok := node.(*entityScan)
	if !ok || s.order != nil || a.noIndex {
		return orderedNone
	}
	k := keys[0]
	c, ok := exprs[k.idx].(*colExpr)
	if !ok || c.level != 0 || (c.idx != colCreatedAt && c.idx != colID) {
		return orderedNone
	}
	s.order = &scanOrder{col: c.idx, desc: k.desc}
	s.limit, s.offset = count, offset
	if len(keys) > 1 && c.idx != colID {
		return orderedPrefix
	}
	return orderedFull
}

// tryIndexAggregate answers count(*) over an exactly indexed scan.
func (a *analyzer) tryIndexAggregate(node planNode, groups []Expr, aggs []*aggRef) planNode {
	s, ok := node.(*entityScan)
	if !ok || a.noIndex || !s.exact() || len(aggs) == 0 {
		return nil
	}
	if len(groups) > 0 {
		return a.tryTagGroup(s, groups, aggs)
	}
	for _, ag := range aggs {
		if !isCountStar(ag) {
			return nil
		}
	}
	cols := make([]colInfo, len(aggs))
	for i := range cols {
		cols[i] = colInfo{name: "count", typ: tInt8}
	}
	return &countNode{scan: s, naggs: len(aggs), cols: cols, fallback: &aggNode{input: s, aggs: aggs, cols: cols}}
}

// isCountStar: count(*) or count of a NOT NULL column, no DISTINCT/FILTER.
func isCountStar(ag *aggRef) bool {
	if ag.def.name != "count" || ag.distinct || ag.filter != nil {
		return false
	}
	if len(ag.args) == 0 {
		return true
	}
	c, ok := ag.args[0].(*colExpr)
	return ok && c.level == 0 && (c.idx == colID || c.idx == colTags || c.idx == colCreatedAt || c.idx == colUpdatedAt)
}

// pendingFor returns the transaction's pending writes to ns, if any.
func (ec *execCtx) pendingFor(ns string) *txnWrites {
	if ec.tx == nil || ec.tx.writes == nil || ec.tx.writes.ns != ns {
		return nil
	}
	return ec.tx.writes
}

// tryTagGroup answers SELECT tag_value(tags, k), count(*) ... GROUP BY
// tag_value(tags, k) from posting cardinalities, for a key k that does not
// depend on the row (a literal or a parameter, evaluated at start).
func (a *analyzer) tryTagGroup(s *entityScan, groups []Expr, aggs []*aggRef) planNode {
	if len(groups) != 1 {
		return nil
	}
	f, ok := groups[0].(*funcExpr)
	if !ok || f.def.name != "tag_value" || len(f.args) != 2 || !isCol(f.args[0], colTags) {
		return nil
	}
	key := f.args[1]
	if !rowIndependent(key) {
		return nil
	}
	for _, ag := range aggs {
		if !isCountStar(ag) {
			return nil
		}
	}
	cols := []colInfo{{name: "tag_value", typ: tText}}
	for range aggs {
		cols = append(cols, colInfo{name: "count", typ: tInt8})
	}
	fallback := &aggNode{input: s, groups: groups, aggs: aggs, cols: cols}
	return &tagGroupNode{scan: s, key: key, naggs: len(aggs), cols: cols, fallback: fallback}
}

// tagGroupNode is SELECT tag_value(tags, 'k'), count(*) FROM ns.entities
// WHERE <exact index predicate> GROUP BY 1: each value's count is the
// cardinality of its posting (intersected with the predicate); no entity is
// fetched. tag_value takes an entity's first tag with the key, so when some
// entity has two values of the key (postings overlap) or the transaction
// has pending writes, it falls back to aggregating rows.
type tagGroupNode struct {
	scan     *entityScan
	key      Expr
	naggs    int
	cols     []colInfo
	fallback planNode
}

func (t *tagGroupNode) columns() []colInfo   { return t.cols }
func (t *tagGroupNode) children() []planNode { return nil }

// maxTagGroupValues bounds the per-value counting; beyond it, rows are
// aggregated instead.
const maxTagGroupValues = 100000

func (t *tagGroupNode) start(ec *execCtx, outer *env) (rowIter, error) {
	st, err := t.scan.prepare(ec, outer)
	if err != nil {
		return nil, err
	}
	if st.hidden != nil || st.rechecks {
		return t.fallback.start(ec, outer)
	}
	k, err := t.key.Eval(&env{outer: outer, ec: ec})
	if err != nil {
		return nil, err
	}
	key, ok := k.(string)
	if !ok { // NULL: one group of NULL
		return t.fallback.start(ec, outer)
	}
	prefix := key + ":"
	type tv struct {
		tag string
		n   uint64
	}
	var vals []tv
	var total uint64
	st.snap.Tags(prefix, func(tag string, n uint64) bool {
		vals = append(vals, tv{tag, n})
		total += n
		return len(vals) <= maxTagGroupValues
	})
	if len(vals) > maxTagGroupValues || total != st.snap.Count(namespace.Prefix(prefix)) {
		return t.fallback.start(ec, outer)
	}
	ec.stats.counted++
	q := st.query
	var rows [][]Datum
	emit := func(v Datum, n uint64) {
		row := make([]Datum, 1+t.naggs)
		row[0] = v
		for i := 1; i <= t.naggs; i++ {
			row[i] = int64(n)
		}
		rows = append(rows, row)
	}
	for _, v := range vals {
		n := v.n
		if q != nil && q.Kind != namespace.QAll {
			n = st.snap.Count(qAnd(q, namespace.Tag(v.tag)))
		}
		if n > 0 {
			emit(v.tag[len(prefix):], n)
		}
	}
	base := q
	if base == nil {
		base = namespace.All()
	}
	if n := st.snap.Count(qAnd(base, qNot(namespace.Prefix(prefix)))); n > 0 {
		emit(nil, n)
	}
	return &sliceIter{rows: rows}, nil
}

// countsRows returns the fallback when the values at hand make the scan
// recheck rows (EXPLAIN shows the plan that would run).
func (t *tagGroupNode) countsRows(x *explainer) planNode {
	if r, ok := x.builtIndex(t.scan); ok && len(r.rechecks) > 0 {
		return t.fallback
	}
	return nil
}

func (t *tagGroupNode) explain(x *explainer) explainInfo {
	info := explainInfo{title: "Tag Group Count on " + t.scan.ns + ".entities"}
	key := t.key.String()
	if c, ok := t.key.(*constExpr); ok {
		if k, ok := c.val.(string); ok {
			key = quoteLiteral(k)
		}
	}
	info.details = append(info.details, "Group Key: tag_value(tags, "+key+")")
	if t.scan.index != nil {
		info.details = append(info.details, "Index Cond: "+t.scan.index.String())
	}
	info.details = append(info.details, "Entities fetched: none (posting cardinalities; rows are aggregated if an entity has two values of the key)")
	est := x.scanEstimate(t.scan)
	info.est = estimate{startup: est.startup + 1, total: est.startup + 2, rows: 10, width: 40}
	return info
}
