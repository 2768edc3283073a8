package planner

// Binding: parse trees become typed expressions over scopes, and queries
// become plan trees. Names resolve against the FROM items of the current
// query, then outwards; a reference to an enclosing query's column is
// recorded as an outer argument of the subquery (see subquery.go), so
// every expression only ever reads its own row or its query's outer row.

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// analyzer binds one statement.
type analyzer struct {
	sess   *Session
	sql    string
	params *paramSet
	// reads and writes list the namespaces the statement touches.
	reads map[string]bool
	// noIndex disables index planning (for tests of the fallback path).
	noIndex bool
	// windowStack holds the WINDOW clauses of the SELECTs being bound.
	windowStack [][]*pg.Node
}

// paramSet holds the statement's parameter types; unresolved entries have
// OID 0 until the context of a reference decides them.
type paramSet struct {
	slots []*types.Type
}

func (p *paramSet) slot(n int) *types.Type {
	for len(p.slots) < n {
		t := types.Type{OID: types.UnknownOID, Typmod: -1}
		p.slots = append(p.slots, &t)
	}
	return p.slots[n-1]
}

// resolve finishes inference: a parameter no context typed is 42P18, as
// in PostgreSQL.
func (p *paramSet) resolve() ([]types.OID, error) {
	out := make([]types.OID, len(p.slots))
	for i, s := range p.slots {
		if s.OID == types.UnknownOID || s.OID == 0 {
			return nil, pgerr.Newf(pgerr.IndeterminateDatatype, "could not determine data type of parameter $%d", i+1)
		}
		out[i] = s.OID
	}
	return out, nil
}

func newAnalyzer(s *Session, sql string, paramTypes []types.OID) *analyzer {
	a := &analyzer{sess: s, sql: sql, params: &paramSet{}, reads: map[string]bool{}}
	for i, o := range paramTypes {
		t := a.params.slot(i + 1)
		if o != 0 {
			*t = types.Of(o)
		}
	}
	return a
}

func (a *analyzer) pos(loc int32) int { return charPos(a.sql, loc) }

func (a *analyzer) errAt(err *pgerr.Error, loc int32) error {
	if err.Position == 0 && loc >= 0 {
		err.Position = a.pos(loc)
	}
	return err
}

// ---- scopes -------------------------------------------------------------------

// queryLevel is one (sub)query: its outer arguments and CTEs.
type queryLevel struct {
	parent    *scope
	outerArgs []Expr
	argKeys   map[string]int
	ctes      map[string]*cteDef
	// recursive CTE being defined (its work table is visible by name)
	workCTE *cteDef
}

func (q *queryLevel) addOuter(x Expr) int {
	k := exprKey(x)
	if i, ok := q.argKeys[k]; ok {
		return i
	}
	if q.argKeys == nil {
		q.argKeys = map[string]int{}
	}
	q.outerArgs = append(q.outerArgs, x)
	q.argKeys[k] = len(q.outerArgs) - 1
	return len(q.outerArgs) - 1
}

// lookupCTE finds a WITH query by name; work reports a reference to the
// recursive CTE being defined (its work table).
func (q *queryLevel) lookupCTE(name string) (c *cteDef, work bool) {
	for l := q; l != nil; {
		if l.workCTE != nil && l.workCTE.name == name {
			return l.workCTE, true
		}
		if c, ok := l.ctes[name]; ok {
			return c, false
		}
		if l.parent == nil {
			return nil, false
		}
		l = l.parent.level
	}
	return nil, false
}

// rangeItem is one FROM item as names see it.
type rangeItem struct {
	alias   string // reference name ("" for an unaliased join)
	schema  string // schema of a base table (for schema.table.column)
	cols    []colInfo
	visible int // columns in SELECT *; the rest are system columns
	offset  int // position of cols[0] in the scope's row
	// hidden marks columns merged away by JOIN USING (not found
	// unqualified, not expanded by *).
	hidden map[int]bool
	rel    relation
	// isJoin marks an aliased join: its columns are the join's columns.
	isJoin bool
}

// scope is what names resolve against at one point of a query.
type scope struct {
	level  *queryLevel
	items  []*rangeItem
	merged map[string]Expr
	// star lists the expansion of * in order.
	star []starCol
	// aggregation/window/SRF collectors; nil where not allowed
	aggs        *[]*aggRef
	wins        *[]*windowRef
	srfs        *[]*funcExpr
	clause      string // for "not allowed in ..." messages
	inAggregate bool
}

type starCol struct {
	name string
	expr Expr
	item *rangeItem
}

func (sc *scope) child(clause string) *scope {
	c := *sc
	c.clause = clause
	c.aggs, c.wins, c.srfs = nil, nil, nil
	return &c
}

func (sc *scope) width() int {
	w := 0
	for _, it := range sc.items {
		if e := it.offset + len(it.cols); e > w {
			w = e
		}
	}
	return w
}

// exprKey identifies an expression structurally (GROUP BY matching, outer
// argument sharing).
func exprKey(x Expr) string {
	var b strings.Builder
	writeExprKey(&b, x)
	return b.String()
}

func writeExprKey(b *strings.Builder, x Expr) {
	switch n := x.(type) {
	case nil:
		b.WriteString("nil")
		return
	case *colExpr:
		fmt.Fprintf(b, "c%d.%d", n.level, n.idx)
		return
	case *constExpr:
		fmt.Fprintf(b, "k%d:%s", n.typ.OID, constString(n.typ, n.val))
		return
	case *paramRef:
		fmt.Fprintf(b, "p%d", n.idx)
		return
	case *funcExpr:
		fmt.Fprintf(b, "f%p%s", n.def.ident, n.op)
	case *castExpr:
		fmt.Fprintf(b, "cast%d.%d", n.typ.OID, n.typ.Typmod)
	case *aggRef:
		fmt.Fprintf(b, "agg%p:%v", n.def.ident, n.distinct)
	case *subqueryExpr:
		fmt.Fprintf(b, "sub%p", n)
	case *dynExpr:
		fmt.Fprintf(b, "dyn:%s", n.name)
		return
	case *srfRef:
		b.WriteString("srf:")
		writeExprKey(b, n.fn)
		return
	default:
		fmt.Fprintf(b, "%T", x)
		switch m := x.(type) {
		case *boolExpr:
			fmt.Fprintf(b, "%d", m.op)
		case *nullTestExpr:
			fmt.Fprintf(b, "%v", m.not)
		case *boolTestExpr:
			fmt.Fprintf(b, "%v%v", m.want, m.not)
		case *distinctExpr:
			fmt.Fprintf(b, "%v", m.not)
		case *minMaxExpr:
			fmt.Fprintf(b, "%v", m.greatest)
		case *inListExpr:
			fmt.Fprintf(b, "%v", m.not)
		case *scalarArrayExpr:
			fmt.Fprintf(b, "%s%v", m.opName, m.all)
		case *fieldExpr:
			fmt.Fprintf(b, "%d", m.idx)
		case *subscriptExpr:
			fmt.Fprintf(b, "%v", m.slice)
		}
	}
	b.WriteByte('(')
	for i, c := range exprChildren(x) {
		if i > 0 {
			b.WriteByte(',')
		}
		writeExprKey(b, c)
	}
	b.WriteByte(')')
}

// ---- column resolution ---------------------------------------------------------------

func strNodes(nodes []*pg.Node) ([]string, bool) {
	out := make([]string, 0, len(nodes))
	star := false
	for _, n := range nodes {
		switch {
		case n.GetString_() != nil:
			out = append(out, n.GetString_().Sval)
		case n.GetAStar() != nil:
			star = true
		}
	}
	return out, star
}

// resolveColumn binds a column reference.
func (a *analyzer) resolveColumn(sc *scope, fields []string, loc int32) (Expr, error) {
	x, found, err := a.findColumn(sc, fields, loc)
	if err != nil {
		return nil, err
	}
	if found {
		return x, nil
	}
	if x, ok, err := a.wholeRow(sc, fields, loc); ok || err != nil {
		return x, err
	}
	name := strings.Join(fields, ".")
	if len(fields) == 1 {
		return nil, a.errAt(pgerr.Newf(pgerr.UndefinedColumn, "column %q does not exist", fields[0]), loc)
	}
	// qualified: does the table exist at all?
	if !a.tableVisible(sc, fields[:len(fields)-1]) {
		return nil, a.errAt(pgerr.Newf(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", fields[len(fields)-2]), loc)
	}
	return nil, a.errAt(pgerr.Newf(pgerr.UndefinedColumn, "column %s does not exist", name), loc)
}

// wholeRow binds a reference to a FROM item itself (`SELECT to_json(t)
// FROM … t`): a record of its columns, named like them. A column of that
// name takes precedence (resolveColumn tries columns first), as in
// PostgreSQL.
func (a *analyzer) wholeRow(sc *scope, qual []string, loc int32) (Expr, bool, error) {
	var item *rangeItem
	for s := sc; s != nil && item == nil; {
		for _, it := range s.items {
			if itemMatches(it, qual) {
				item = it
				break
			}
		}
		if s.level == nil || s.level.parent == nil {
			break
		}
		s = s.level.parent
	}
	if item == nil {
		return nil, false, nil
	}
	r := &rowExpr{}
	for i := 0; i < item.visible; i++ {
		if item.hidden[i] {
			continue
		}
		name := item.cols[i].name
		x, ok, err := a.findColumn(sc, append(qual[:len(qual):len(qual)], name), loc)
		if err != nil || !ok {
			return nil, false, err
		}
		r.args = append(r.args, x)
		r.names = append(r.names, name)
	}
	return r, true, nil
}

func (a *analyzer) tableVisible(sc *scope, qual []string) bool {
	for s := sc; s != nil; {
		for _, it := range s.items {
			if itemMatches(it, qual) {
				return true
			}
		}
		if s.level == nil || s.level.parent == nil {
			return false
		}
		s = s.level.parent
	}
	return false
}

func itemMatches(it *rangeItem, qual []string) bool {
	switch len(qual) {
	case 1:
		return it.alias != "" && it.alias == qual[0]
	case 2:
		return it.alias == qual[1] && it.schema == qual[0]
	case 3:
		return it.alias == qual[2] && it.schema == qual[1] && (qual[0] == DatabaseName)
	}
	return false
}

func (a *analyzer) findColumn(sc *scope, fields []string, loc int32) (Expr, bool, error) {
	colName := fields[len(fields)-1]
	qual := fields[:len(fields)-1]
	var found Expr
	count := 0
	if len(qual) == 0 {
		if m, ok := sc.merged[colName]; ok {
			return m, true, nil
		}
	}
	for _, it := range sc.items {
		if len(qual) > 0 && !itemMatches(it, qual) {
			continue
		}
		if len(qual) == 0 && it.isJoin {
			continue // its columns are reachable through its members
		}
		for i, c := range it.cols {
			if c.name != colName {
				continue
			}
			if len(qual) == 0 && it.hidden[i] {
				continue
			}
			found = &colExpr{level: 0, idx: it.offset + i, typ: c.typ, name: qualName(it, c.name)}
			count++
		}
	}
	if count > 1 {
		return nil, false, a.errAt(pgerr.Newf(pgerr.AmbiguousColumn, "column reference %q is ambiguous", strings.Join(fields, ".")), loc)
	}
	if count == 1 {
		return found, true, nil
	}
	if sc.level != nil && sc.level.parent != nil {
		x, ok, err := a.findColumn(sc.level.parent, fields, loc)
		if err != nil || !ok {
			return nil, ok, err
		}
		k := sc.level.addOuter(x)
		return &colExpr{level: 1, idx: k, typ: x.Type(), name: x.String()}, true, nil
	}
	return nil, false, nil
}

func qualName(it *rangeItem, col string) string {
	if it.alias == "" {
		return col
	}
	return it.alias + "." + col
}

// ---- FROM ----------------------------------------------------------------------------

// fromItem is a bound FROM item: its plan and the names it exposes.
type fromItem struct {
	node  planNode
	items []*rangeItem // offsets relative to node's row
	star  []starCol    // * expansion relative to node's row
	// merged USING columns relative to node's row
	merged map[string]Expr
	// lateral: the node reads columns of the items to its left
	lateral bool
}

func shiftItems(items []*rangeItem, by int) []*rangeItem {
	out := make([]*rangeItem, len(items))
	for i, it := range items {
		c := *it
		c.offset += by
		out[i] = &c
	}
	return out
}

func shiftExpr(x Expr, by int) Expr {
	if by == 0 {
		return x
	}
	r, _ := transformExpr(x, func(e Expr) (Expr, bool, error) {
		if c, ok := e.(*colExpr); ok && c.level == 0 {
			cc := *c
			cc.idx += by
			return &cc, true, nil
		}
		return nil, false, nil
	})
	return r
}

func shiftStar(star []starCol, items map[*rangeItem]*rangeItem, by int) []starCol {
	out := make([]starCol, len(star))
	for i, s := range star {
		out[i] = starCol{name: s.name, expr: shiftExpr(s.expr, by), item: items[s.item]}
		if out[i].item == nil {
			out[i].item = s.item
		}
	}
	return out
}

// buildFrom binds the FROM list (comma-separated items are cross joined,
// left to right; later items may refer to earlier ones laterally).
func (a *analyzer) buildFrom(from []*pg.Node, ql *queryLevel) (planNode, *scope, error) {
	sc := &scope{level: ql}
	if len(from) == 0 {
		return &resultNode{}, sc, nil
	}
	var cur *fromItem
	for _, n := range from {
		left := sc
		fi, err := a.fromNode(n, ql, left)
		if err != nil {
			return nil, nil, err
		}
		if cur == nil {
			cur = fi
		} else {
			cur = a.joinItems(cur, fi, joinCross, nil)
			if err := checkUniqueNames(cur.items); err != nil {
				return nil, nil, err
			}
		}
		sc = &scope{level: ql, items: cur.items, star: cur.star, merged: cur.merged}
	}
	return cur.node, sc, nil
}

// joinItems combines two bound items into a join (cond bound by caller
// over the combined row, or nil).
func (a *analyzer) joinItems(l, r *fromItem, kind joinKind, cond Expr) *fromItem {
	nl := len(l.node.columns())
	ritems := shiftItems(r.items, nl)
	mapping := map[*rangeItem]*rangeItem{}
	for i, it := range r.items {
		mapping[it] = ritems[i]
	}
	cols := append(append([]colInfo(nil), l.node.columns()...), r.node.columns()...)
	var node planNode
	if r.lateral {
		node = &nestedLoopNode{left: l.node, right: r.node, kind: kind, cond: cond, lateral: true, cols: cols}
	} else {
		node = &nestedLoopNode{left: l.node, right: r.node, kind: kind, cond: cond, cols: cols}
	}
	merged := map[string]Expr{}
	for k, v := range l.merged {
		merged[k] = v
	}
	for k, v := range r.merged {
		merged[k] = shiftExpr(v, nl)
	}
	return &fromItem{
		node:   node,
		items:  append(append([]*rangeItem(nil), l.items...), ritems...),
		star:   append(append([]starCol(nil), l.star...), shiftStar(r.star, mapping, nl)...),
		merged: merged,
	}
}

// checkUniqueNames refuses two FROM items of one query level with the
// same reference name (`FROM t a, u a`, or one table twice without an
// alias), as PostgreSQL does. Like PostgreSQL it lets two different
// tables of the same name in different schemas through when neither has
// an alias (an unaliased table keeps its schema in rangeItem.schema).
func checkUniqueNames(items []*rangeItem) error {
	for i, it := range items {
		if it.alias == "" {
			continue
		}
		for _, prev := range items[:i] {
			if prev.alias != it.alias {
				continue
			}
			if it.schema != "" && prev.schema != "" && it.schema != prev.schema {
				continue
			}
			return pgerr.Newf(pgerr.DuplicateAlias, "table name %q specified more than once", it.alias)
		}
	}
	return nil
}

func aliasName(al *pg.Alias) (string, []string) {
	if al == nil {
		return "", nil
	}
	cols, _ := strNodes(al.Colnames)
	return al.Aliasname, cols
}

func applyColAliases(cols []colInfo, names []string) ([]colInfo, error) {
	if len(names) > len(cols) {
		return nil, pgerr.Newf(pgerr.InvalidColumnReference, "table has %d columns available but %d columns specified", len(cols), len(names))
	}
	out := append([]colInfo(nil), cols...)
	for i, n := range names {
		out[i].name = n
	}
	return out, nil
}

func itemFromCols(node planNode, alias, schema string, cols []colInfo, visible int, rel relation) *fromItem {
	it := &rangeItem{alias: alias, schema: schema, cols: cols, visible: visible, rel: rel}
	star := make([]starCol, 0, visible)
	for i := 0; i < visible; i++ {
		star = append(star, starCol{name: cols[i].name, expr: &colExpr{idx: i, typ: cols[i].typ, name: qualName(it, cols[i].name)}, item: it})
	}
	return &fromItem{node: node, items: []*rangeItem{it}, star: star}
}

// fromNode binds one FROM item. left is the scope of the items to its
// left (for LATERAL references).
func (a *analyzer) fromNode(n *pg.Node, ql *queryLevel, left *scope) (*fromItem, error) {
	switch {
	case n.GetRangeVar() != nil:
		return a.fromRangeVar(n.GetRangeVar(), ql)
	case n.GetJoinExpr() != nil:
		return a.fromJoin(n.GetJoinExpr(), ql, left)
	case n.GetRangeSubselect() != nil:
		rs := n.GetRangeSubselect()
		alias, colAliases := aliasName(rs.Alias)
		// A LATERAL subquery sees the items to its left; any other sees
		// only enclosing queries (through this query's outer arguments).
		parent := &scope{level: ql}
		if rs.Lateral {
			parent = left
		}
		sub := &queryLevel{parent: parent}
		plan, err := a.analyzeQuery(rs.Subquery, sub)
		if err != nil {
			return nil, err
		}
		cols, err := applyColAliases(plan.columns(), colAliases)
		if err != nil {
			return nil, err
		}
		lateral := rs.Lateral && len(left.items) > 0 && len(sub.outerArgs) > 0
		node := &subqueryScanNode{plan: plan, outerArgs: sub.outerArgs, alias: alias, cols: cols, lateral: lateral}
		fi := itemFromCols(node, alias, "", cols, len(cols), nil)
		fi.lateral = lateral
		return fi, nil
	case n.GetRangeFunction() != nil:
		return a.fromFunction(n.GetRangeFunction(), ql, left)
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "unsupported FROM item %T", n.Node)
}

func (a *analyzer) fromRangeVar(rv *pg.RangeVar, ql *queryLevel) (*fromItem, error) {
	alias, colAliases := aliasName(rv.Alias)
	// CTE reference?
	if rv.Schemaname == "" {
		if c, work := ql.lookupCTE(rv.Relname); c != nil {
			name := rv.Relname
			if alias != "" {
				name = alias
			}
			cols, err := applyColAliases(c.cols, colAliases)
			if err != nil {
				return nil, err
			}
			var node planNode
			if work {
				node = &workTableNode{cte: c, cols: cols}
			} else {
				node = &cteScanNode{cte: c, alias: alias, cols: cols}
			}
			return itemFromCols(node, name, "", cols, len(cols), nil), nil
		}
	}
	rel, err := a.lookupRelation(rv)
	if err != nil {
		return nil, err
	}
	name := rel.relName()
	if alias != "" {
		name = alias
	}
	cols, err := applyColAliases(rel.columns(), colAliases)
	if err != nil {
		return nil, err
	}
	node, err := a.scanNode(rel, cols)
	if err != nil {
		return nil, err
	}
	schema := rel.schemaName()
	if alias != "" {
		schema = ""
	}
	return itemFromCols(node, name, schema, cols, rel.nVisible(), rel), nil
}

// scanNode returns the plan that reads a relation.
func (a *analyzer) scanNode(rel relation, cols []colInfo) (planNode, error) {
	switch r := rel.(type) {
	case *entitiesTable:
		a.reads[r.ns] = true
		return &entityScan{ns: r.ns, cols: cols}, nil
	case *virtualTable:
		return &virtualScan{rel: r, cols: cols}, nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "cannot scan %s.%s", rel.schemaName(), rel.relName())
}

func (a *analyzer) fromJoin(j *pg.JoinExpr, ql *queryLevel, left *scope) (*fromItem, error) {
	l, err := a.fromNode(j.Larg, ql, left)
	if err != nil {
		return nil, err
	}
	lscope := &scope{level: ql, items: l.items, star: l.star, merged: l.merged}
	r, err := a.fromNode(j.Rarg, ql, lscope)
	if err != nil {
		return nil, err
	}
	var kind joinKind
	switch j.Jointype {
	case pg.JoinType_JOIN_INNER:
		kind = joinInner
		if j.Quals == nil && len(j.UsingClause) == 0 && !j.IsNatural {
			kind = joinCross
		}
	case pg.JoinType_JOIN_LEFT:
		kind = joinLeft
	case pg.JoinType_JOIN_RIGHT:
		kind = joinRight
	case pg.JoinType_JOIN_FULL:
		kind = joinFull
	default:
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "join type %s is not supported", j.Jointype)
	}
	if r.lateral && (kind == joinRight || kind == joinFull) {
		return nil, pgerr.New(pgerr.InvalidColumnReference, "invalid reference to FROM-clause entry for table").WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference.")
	}
	joined := a.joinItems(l, r, kind, nil)
	if err := checkUniqueNames(joined.items); err != nil {
		return nil, err
	}
	nl := len(l.node.columns())
	jsc := &scope{level: ql, items: joined.items, merged: joined.merged, clause: "JOIN/ON"}
	var cond Expr
	usingNames, _ := strNodes(j.UsingClause)
	if j.IsNatural {
		lnames := map[string]bool{}
		for _, s := range l.star {
			lnames[s.name] = true
		}
		for _, s := range r.star {
			if lnames[s.name] {
				usingNames = append(usingNames, s.name)
			}
		}
	}
	if len(usingNames) > 0 {
		var conds []Expr
		merged := map[string]Expr{}
		hiddenL := map[*rangeItem]map[int]bool{}
		hiddenR := map[*rangeItem]map[int]bool{}
		var mergedStar []starCol
		usedL, usedR := map[string]bool{}, map[string]bool{}
		for _, name := range usingNames {
			lx, lit, li, err := findStarCol(l, name)
			if err != nil {
				return nil, err
			}
			rx, rit, ri, err := findStarCol(r, name)
			if err != nil {
				return nil, err
			}
			rx = shiftExpr(rx, nl)
			eq, err := a.bindOp("=", lx, rx, -1)
			if err != nil {
				return nil, err
			}
			conds = append(conds, eq)
			var m Expr
			switch kind {
			case joinRight:
				m = rx
			case joinFull:
				typ, err := commonType([]types.Type{lx.Type(), rx.Type()}, "JOIN/USING")
				if err != nil {
					return nil, err
				}
				lc, _ := a.coerce(lx, typ, "JOIN/USING")
				rc, _ := a.coerce(rx, typ, "JOIN/USING")
				m = &coalesceExpr{args: []Expr{lc, rc}, typ: typ}
			default:
				m = lx
			}
			merged[name] = m
			mergedStar = append(mergedStar, starCol{name: name, expr: m})
			if lit != nil {
				if hiddenL[lit] == nil {
					hiddenL[lit] = map[int]bool{}
				}
				hiddenL[lit][li] = true
			}
			if rit != nil {
				if hiddenR[rit] == nil {
					hiddenR[rit] = map[int]bool{}
				}
				hiddenR[rit][ri] = true
			}
			usedL[name], usedR[name] = true, true
		}
		if len(conds) == 1 {
			cond = conds[0]
		} else {
			cond = &boolExpr{op: opAnd, args: conds}
		}
		// rebuild star: merged columns first, then the rest of each side
		star := mergedStar
		for _, s := range joined.star[:len(l.star)] {
			if !usedL[s.name] {
				star = append(star, s)
			}
		}
		for _, s := range joined.star[len(l.star):] {
			if !usedR[s.name] {
				star = append(star, s)
			}
		}
		joined.star = star
		for k, v := range merged {
			joined.merged[k] = v
		}
		// hide the merged columns from unqualified lookup
		for _, it := range joined.items {
			_ = it
		}
		kind2 := kind
		if kind2 == joinCross {
			kind2 = joinInner
		}
		kind = kind2
	} else if j.Quals != nil {
		c, err := a.bindExpr(j.Quals, jsc)
		if err != nil {
			return nil, err
		}
		cond, err = a.coerceBool(c, "JOIN/ON")
		if err != nil {
			return nil, err
		}
	}
	joined.node = a.makeJoin(l.node, r.node, kind, cond, r.lateral)
	if j.Alias != nil {
		alias, colAliases := aliasName(j.Alias)
		cols := make([]colInfo, len(joined.star))
		for i, s := range joined.star {
			cols[i] = colInfo{name: s.name, typ: s.expr.Type()}
		}
		cols, err := applyColAliases(cols, colAliases)
		if err != nil {
			return nil, err
		}
		exprs := make([]Expr, len(joined.star))
		for i, s := range joined.star {
			exprs[i] = s.expr
		}
		node := &projectNode{input: joined.node, exprs: exprs, cols: cols}
		return itemFromCols(node, alias, "", cols, len(cols), nil), nil
	}
	return joined, nil
}

func findStarCol(f *fromItem, name string) (Expr, *rangeItem, int, error) {
	var found *starCol
	for i := range f.star {
		if f.star[i].name == name {
			if found != nil {
				return nil, nil, 0, pgerr.Newf(pgerr.AmbiguousColumn, "common column name %q appears more than once in left table", name)
			}
			found = &f.star[i]
		}
	}
	if found == nil {
		return nil, nil, 0, pgerr.Newf(pgerr.UndefinedColumn, "column %q specified in USING clause does not exist in left table", name)
	}
	idx := -1
	if c, ok := found.expr.(*colExpr); ok && found.item != nil {
		idx = c.idx - found.item.offset
	}
	return found.expr, found.item, idx, nil
}

// makeJoin picks hash or nested-loop join for a join condition.
func (a *analyzer) makeJoin(l, r planNode, kind joinKind, cond Expr, lateral bool) planNode {
	cols := append(append([]colInfo(nil), l.columns()...), r.columns()...)
	if !lateral && cond != nil && kind != joinCross {
		nl := len(l.columns())
		var lk, rk []Expr
		var rest []Expr
		for _, c := range conjuncts(cond) {
			if le, re, ok := equiJoinKeys(c, nl); ok {
				lk = append(lk, le)
				rk = append(rk, re)
				continue
			}
			rest = append(rest, c)
		}
		if len(lk) > 0 {
			return &hashJoinNode{left: l, right: r, kind: kind, leftKeys: lk, rightKeys: rk, residual: andAll(rest), cols: cols}
		}
	}
	if kind == joinCross {
		kind = joinInner
	}
	return &nestedLoopNode{left: l, right: r, kind: kind, cond: cond, lateral: lateral, cols: cols}
}

// equiJoinKeys recognises l = r with each side reading one input only and
// both sides of one type (so hashing agrees with equality).
func equiJoinKeys(c Expr, nl int) (Expr, Expr, bool) {
	f, ok := c.(*funcExpr)
	if !ok || f.op != "=" || len(f.args) != 2 {
		return nil, nil, false
	}
	x, y := f.args[0], f.args[1]
	if x.Type().OID != y.Type().OID || !hashableType(x.Type().OID) {
		return nil, nil, false
	}
	sx, sy := exprSide(x, nl), exprSide(y, nl)
	switch {
	case sx == 1 && sy == 2:
		return x, shiftExpr(y, -nl), true
	case sx == 2 && sy == 1:
		return y, shiftExpr(x, -nl), true
	}
	return nil, nil, false
}

func hashableType(o types.OID) bool {
	switch o {
	case types.Float4OID, types.Float8OID, types.NumericOID, types.RecordOID, types.JSONBOID:
		return false
	}
	return true
}

// exprSide reports which join input an expression reads: 1 left, 2 right,
// 0 none, 3 both (or unknowable: subqueries, volatile functions).
func exprSide(x Expr, nl int) int {
	side := 0
	walkExpr(x, func(e Expr) bool {
		switch n := e.(type) {
		case *colExpr:
			if n.level == 0 {
				if n.idx < nl {
					side |= 1
				} else {
					side |= 2
				}
			}
		case *subqueryExpr:
			for _, arg := range n.outerArgs {
				side |= exprSide(arg, nl)
			}
			if n.test != nil {
				side |= exprSide(n.test, nl)
			}
			return false
		case *funcExpr:
			if n.def.volatility == volatile {
				side = 3
			}
		}
		return true
	})
	return side
}

func conjuncts(x Expr) []Expr {
	if b, ok := x.(*boolExpr); ok && b.op == opAnd {
		var out []Expr
		for _, a := range b.args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	if x == nil {
		return nil
	}
	return []Expr{x}
}

func andAll(xs []Expr) Expr {
	switch len(xs) {
	case 0:
		return nil
	case 1:
		return xs[0]
	}
	return &boolExpr{op: opAnd, args: xs}
}

func (a *analyzer) fromFunction(rf *pg.RangeFunction, ql *queryLevel, left *scope) (*fromItem, error) {
	alias, colAliases := aliasName(rf.Alias)
	fsc := &scope{level: ql, items: left.items, merged: left.merged, clause: "FROM"}
	var fns []Expr
	var cols []colInfo
	multi := false
	// unnest(a, b, ...) in FROM zips its arrays like ROWS FROM (unnest(a),
	// unnest(b), ...)
	if len(rf.Functions) == 1 {
		if l := rf.Functions[0].GetList(); l != nil && len(l.Items) > 0 {
			if fc := l.Items[0].GetFuncCall(); fc != nil && len(fc.Args) > 1 {
				if _, name := funcCallName(fc); name == "unnest" {
					for _, arg := range fc.Args {
						x, err := a.bindExpr(arg, fsc)
						if err != nil {
							return nil, err
						}
						res, err := lookupFunc("unnest", []types.Type{x.Type()})
						if err != nil {
							return nil, a.errAt(pgerr.Flatten(err), fc.Location)
						}
						if res == nil {
							return nil, a.errAt(undefinedFunction("unnest", []types.Type{x.Type()}).(*pgerr.Error), fc.Location)
						}
						if x, err = a.coerce(x, res.argTypes[0], ""); err != nil {
							return nil, err
						}
						fns = append(fns, &funcExpr{def: res.def, args: []Expr{x}, typ: res.ret})
						cols = append(cols, colInfo{name: "unnest", typ: res.ret})
					}
				}
			}
		}
	}
	for _, item := range rf.Functions {
		if len(fns) > 0 {
			break
		}
		// each item is a List of [FuncCall, coldeflist]
		var fnode *pg.Node
		if l := item.GetList(); l != nil && len(l.Items) > 0 {
			fnode = l.Items[0]
		} else {
			fnode = item
		}
		var x Expr
		var err error
		if fc := fnode.GetFuncCall(); fc != nil {
			if _, name := funcCallName(fc); isJSONBToRecord(name) && len(rf.Coldeflist) > 0 && len(rf.Functions) == 1 {
				x, err = a.bindJSONBToRecord(fc, name, rf.Coldeflist, fsc)
			} else {
				x, err = a.bindFuncCallOpts(fc, fsc, true)
			}
		} else {
			x, err = a.bindExpr(fnode, fsc)
		}
		if err != nil {
			return nil, err
		}
		fns = append(fns, x)
		name := figureColname(fnode)
		if fe, ok := x.(*funcExpr); ok && fe.def.srfCols != nil {
			multi = true
			cols = append(cols, fe.def.srfCols...)
			continue
		}
		if fe, ok := x.(*funcExpr); ok && fe.def.srfName != "" {
			cols = append(cols, colInfo{name: fe.def.srfName, typ: x.Type()})
			continue
		}
		cols = append(cols, colInfo{name: name, typ: x.Type()})
	}
	if multi && len(fns) > 1 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "ROWS FROM with multi-column functions is not supported")
	}
	if alias == "" {
		alias = funcNameOf(fns[0])
	}
	if fe, ok := fns[0].(*funcExpr); len(fns) == 1 && !multi && len(colAliases) == 0 && alias != "" && !(ok && fe.def.srfName != "") {
		// a single scalar-returning function's column takes the alias name
		cols[0].name = alias
	}
	if rf.Ordinality {
		cols = append(cols, colInfo{name: "ordinality", typ: tInt8})
	}
	cols, err := applyColAliases(cols, colAliases)
	if err != nil {
		return nil, err
	}
	// Lateral when the arguments read the items to the left.
	lateral := false
	for _, f := range fns {
		if exprSide(f, 1<<30) != 0 {
			lateral = true
		}
	}
	node := &funcScanNode{fns: fns, ordinality: rf.Ordinality, cols: cols, alias: alias, multiCol: multi, lateral: lateral && len(left.items) > 0}
	fi := itemFromCols(node, alias, "", cols, len(cols), nil)
	fi.lateral = node.lateral
	return fi, nil
}

// ---- type names -------------------------------------------------------------------------

var typeAliases = map[string]types.OID{
	"int": types.Int4OID, "integer": types.Int4OID, "int4": types.Int4OID,
	"bigint": types.Int8OID, "int8": types.Int8OID,
	"smallint": types.Int2OID, "int2": types.Int2OID,
	"text": types.TextOID, "varchar": types.VarcharOID, "character varying": types.VarcharOID,
	"char": types.BPCharOID, "character": types.BPCharOID, "bpchar": types.BPCharOID,
	"\"char\"": types.CharOID,
	"bool":     types.BoolOID, "boolean": types.BoolOID,
	"bytea": types.ByteaOID,
	"real":  types.Float4OID, "float4": types.Float4OID,
	"double precision": types.Float8OID, "float8": types.Float8OID, "float": types.Float8OID,
	"numeric": types.NumericOID, "decimal": types.NumericOID,
	"timestamptz": types.TimestampTZOID, "timestamp with time zone": types.TimestampTZOID,
	"timestamp": types.TimestampOID, "timestamp without time zone": types.TimestampOID,
	"date": types.DateOID, "time": types.TimeOID, "time without time zone": types.TimeOID,
	"timetz": types.TimeTZOID, "time with time zone": types.TimeTZOID,
	"interval": types.IntervalOID, "uuid": types.UUIDOID, "json": types.JSONOID, "jsonb": types.JSONBOID,
	"oid": types.OidOID, "regclass": types.RegclassOID, "regtype": types.RegtypeOID, "regproc": types.RegprocOID,
	"regnamespace": types.RegnamespaceOID, "regrole": types.RegroleOID, "name": types.NameOID, "record": types.RecordOID,
	"tid": types.TIDOID, "xid": types.XIDOID, "unknown": types.UnknownOID, "void": types.VoidOID,
	"anyarray": types.AnyArrayOID, "anyelement": types.AnyElementOID, "cstring": types.CstringOID,
	"pg_node_tree": types.PgNodeTreeOID, "oidvector": types.OidVectorOID, "int2vector": types.Int2VectorOID,
	"regprocedure": types.RegprocedureOID, "regoper": types.RegoperOID,
}

func typeByName(name string) (types.Type, error) {
	n := strings.TrimPrefix(name, "pg_catalog.")
	arr := false
	if strings.HasSuffix(n, "[]") {
		arr = true
		n = strings.TrimSuffix(n, "[]")
	}
	if strings.HasPrefix(n, "_") {
		if o, ok := typeAliases[n[1:]]; ok {
			n = n[1:]
			arr = true
			_ = o
		}
	}
	o, ok := typeAliases[n]
	if !ok {
		return types.Type{}, pgerr.Newf(pgerr.UndefinedObject, "type %q does not exist", name)
	}
	if arr {
		ao := types.ArrayOf(o)
		if ao == 0 {
			return types.Type{}, pgerr.Newf(pgerr.UndefinedObject, "type %q does not exist", name+"[]")
		}
		o = ao
	}
	return types.Of(o), nil
}

// resolveTypeName binds a TypeName node.
func (a *analyzer) resolveTypeName(tn *pg.TypeName) (types.Type, error) {
	names, _ := strNodes(tn.Names)
	if len(names) == 0 {
		return types.Type{}, pgerr.New(pgerr.SyntaxError, "missing type name")
	}
	name := names[len(names)-1]
	if len(names) > 1 && names[0] != "pg_catalog" {
		return types.Type{}, a.errAt(pgerr.Newf(pgerr.UndefinedObject, "type %q does not exist", strings.Join(names, ".")), tn.Location)
	}
	t, err := typeByName(name)
	if err != nil {
		return types.Type{}, a.errAt(err.(*pgerr.Error), tn.Location)
	}
	// typmods
	var mods []int64
	for _, m := range tn.Typmods {
		if c := m.GetAConst(); c != nil {
			if iv := c.GetIval(); iv != nil {
				mods = append(mods, int64(iv.Ival))
			}
		}
	}
	if t.OID == types.BPCharOID && len(tn.Typmods) == 0 && name != "bpchar" {
		t.Typmod = 5 // char means char(1)
	} else if len(mods) > 0 {
		tm, err := types.Typmod(t.OID, mods)
		if err != nil {
			return types.Type{}, a.errAt(err.(*pgerr.Error), tn.Location)
		}
		t.Typmod = tm
	}
	if len(tn.ArrayBounds) > 0 {
		ao := types.ArrayOf(t.OID)
		if ao == 0 {
			return types.Type{}, pgerr.Newf(pgerr.UndefinedObject, "could not find array type for data type %s", t)
		}
		tm := t.Typmod // an array keeps its elements' modifier
		t = types.Of(ao)
		t.Typmod = tm
	}
	return t, nil
}

// figureColname derives a result column name like PostgreSQL's
// FigureColname.
func figureColname(n *pg.Node) string {
	name, strength := figureColnameInternal(n)
	if strength == 0 || name == "" {
		return "?column?"
	}
	return name
}

// figureColnameInternal returns a name and its strength: 2 for a real
// name (column, function), 1 for a type name of a cast (a weaker name an
// outer cast may replace), 0 for none.
func figureColnameInternal(n *pg.Node) (string, int) {
	if n == nil {
		return "", 0
	}
	switch {
	case n.GetColumnRef() != nil:
		f, star := strNodes(n.GetColumnRef().Fields)
		if len(f) > 0 && !star {
			return f[len(f)-1], 2
		}
	case n.GetAIndirection() != nil:
		ind := n.GetAIndirection()
		for i := len(ind.Indirection) - 1; i >= 0; i-- {
			if s := ind.Indirection[i].GetString_(); s != nil {
				return s.Sval, 2
			}
		}
		return figureColnameInternal(ind.Arg)
	case n.GetFuncCall() != nil:
		f, _ := strNodes(n.GetFuncCall().Funcname)
		return f[len(f)-1], 2
	case n.GetAExpr() != nil:
		if n.GetAExpr().Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case n.GetTypeCast() != nil:
		tc := n.GetTypeCast()
		name, strength := figureColnameInternal(tc.Arg)
		if strength <= 1 {
			names, _ := strNodes(tc.TypeName.Names)
			if len(names) > 0 {
				return names[len(names)-1], 1
			}
		}
		return name, strength
	case n.GetCollateClause() != nil:
		return figureColnameInternal(n.GetCollateClause().Arg)
	case n.GetGroupingFunc() != nil:
		return "grouping", 2
	case n.GetSubLink() != nil:
		sl := n.GetSubLink()
		switch sl.SubLinkType {
		case pg.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg.SubLinkType_EXPR_SUBLINK:
			ss := sl.Subselect.GetSelectStmt()
			for ss != nil && ss.Op != pg.SetOperation_SETOP_NONE && ss.Larg != nil {
				ss = ss.Larg
			}
			if ss != nil && len(ss.TargetList) >= 1 {
				if rt := ss.TargetList[0].GetResTarget(); rt != nil {
					if rt.Name != "" {
						return rt.Name, 2
					}
					if name, st := figureColnameInternal(rt.Val); st > 0 {
						return name, 2
					}
					return "?column?", 2
				}
			}
		}
	case n.GetCaseExpr() != nil:
		return "case", 1
	case n.GetAArrayExpr() != nil:
		return "array", 2
	case n.GetRowExpr() != nil:
		return "row", 2
	case n.GetCoalesceExpr() != nil:
		return "coalesce", 2
	case n.GetMinMaxExpr() != nil:
		if n.GetMinMaxExpr().Op == pg.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case n.GetSqlvalueFunction() != nil:
		switch n.GetSqlvalueFunction().Op {
		case pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
			return "current_date", 2
		case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
			return "current_time", 2
		case pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
			return "current_timestamp", 2
		case pg.SQLValueFunctionOp_SVFOP_LOCALTIME, pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
			return "localtime", 2
		case pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
			return "localtimestamp", 2
		case pg.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
			return "current_role", 2
		case pg.SQLValueFunctionOp_SVFOP_CURRENT_USER:
			return "current_user", 2
		case pg.SQLValueFunctionOp_SVFOP_USER:
			return "user", 2
		case pg.SQLValueFunctionOp_SVFOP_SESSION_USER:
			return "session_user", 2
		case pg.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
			return "current_catalog", 2
		case pg.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
			return "current_schema", 2
		}
	}
	return "", 0
}
