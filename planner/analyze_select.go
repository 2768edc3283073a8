package planner

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// analyzeQuery binds a query (SELECT, VALUES, set operation) at a level.
func (a *analyzer) analyzeQuery(n *pg.Node, ql *queryLevel) (planNode, error) {
	if ss := n.GetSelectStmt(); ss != nil {
		return a.analyzeSelect(ss, ql)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "only SELECT, VALUES and set operations are supported as subqueries")
}

func (a *analyzer) analyzeSelect(s *pg.SelectStmt, ql *queryLevel) (planNode, error) {
	if s.WithClause != nil {
		if err := a.bindWith(s.WithClause, ql); err != nil {
			return nil, err
		}
	}
	if s.IntoClause != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SELECT INTO is not supported").
			WithHint("Each namespace has the one table entities; use INSERT INTO ns.entities SELECT ... instead.")
	}
	switch {
	case s.Op != pg.SetOperation_SETOP_NONE && s.Op != pg.SetOperation_SET_OPERATION_UNDEFINED:
		if len(s.LockingClause) > 0 {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed with UNION/INTERSECT/EXCEPT", lockStrengthName(s.LockingClause))
		}
		node, err := a.analyzeSetOp(s, ql)
		if err != nil {
			return nil, err
		}
		return a.finishOutput(node, s, ql)
	case len(s.ValuesLists) > 0:
		node, err := a.analyzeValues(s.ValuesLists, ql, nil)
		if err != nil {
			return nil, err
		}
		return a.finishOutput(node, s, ql)
	}
	return a.analyzeSimpleSelect(s, ql)
}

// bindWith binds WITH queries into the level's CTE table.
func (a *analyzer) bindWith(w *pg.WithClause, ql *queryLevel) error {
	if ql.ctes == nil {
		ql.ctes = map[string]*cteDef{}
	}
	for _, n := range w.Ctes {
		cte := n.GetCommonTableExpr()
		colAliases, _ := strNodes(cte.Aliascolnames)
		if _, dup := ql.ctes[cte.Ctename]; dup {
			return a.errAt(pgerr.Newf(pgerr.DuplicateAlias, "WITH query name %q specified more than once", cte.Ctename), cte.Location)
		}
		ss := cte.Ctequery.GetSelectStmt()
		if ss == nil {
			return a.errAt(pgerr.New(pgerr.FeatureNotSupported, "data-modifying statements in WITH are not supported"), cte.Location)
		}
		def := &cteDef{name: cte.Ctename}
		if w.Recursive && (ss.Op == pg.SetOperation_SETOP_UNION) && cteSelfReferencing(ss.Rarg, cte.Ctename) {
			// non-recursive term first
			baseLevel := &queryLevel{parent: &scope{level: ql}}
			base, err := a.analyzeSelect(ss.Larg, baseLevel)
			if err != nil {
				return err
			}
			cols, err := applyColAliases(base.columns(), colAliases)
			if err != nil {
				return err
			}
			def.recursive, def.base, def.cols, def.unionAll = true, base, cols, ss.All
			recLevel := &queryLevel{parent: &scope{level: ql}, workCTE: def}
			rec, err := a.analyzeSelect(ss.Rarg, recLevel)
			if err != nil {
				return err
			}
			if len(rec.columns()) != len(cols) {
				return pgerr.New(pgerr.SyntaxError, "each UNION query must have the same number of columns")
			}
			// recursive term rows take the base's types
			casts, err := castsTo(rec.columns(), colTypes(cols))
			if err != nil {
				return err
			}
			if casts != nil {
				rec = &setOpNode{op: setUnion, all: true, left: rec, right: &rowsNode{cols: rec.columns()}, cols: cols, leftCasts: casts}
			}
			def.rec = rec
			ql.ctes[cte.Ctename] = def
			continue
		}
		sub := &queryLevel{parent: &scope{level: ql}}
		plan, err := a.analyzeQuery(cte.Ctequery, sub)
		if err != nil {
			return err
		}
		cols, err := applyColAliases(plan.columns(), colAliases)
		if err != nil {
			return err
		}
		def.plan, def.cols = plan, cols
		ql.ctes[cte.Ctename] = def
	}
	return nil
}

func castsTo(from []colInfo, to []types.Type) ([]types.Type, error) {
	var out []types.Type
	for i, c := range from {
		if c.typ.OID != to[i].OID {
			if out == nil {
				out = make([]types.Type, len(from))
			}
			out[i] = to[i]
		}
	}
	return out, nil
}

func cteSelfReferencing(s *pg.SelectStmt, name string) bool {
	found := false
	var walk func(n any)
	walk = func(n any) {
		switch v := n.(type) {
		case *pg.SelectStmt:
			if v == nil {
				return
			}
			for _, f := range v.FromClause {
				walk(f)
			}
			walk(v.Larg)
			walk(v.Rarg)
		case *pg.Node:
			if v == nil {
				return
			}
			if rv := v.GetRangeVar(); rv != nil && rv.Schemaname == "" && rv.Relname == name {
				found = true
			}
			if j := v.GetJoinExpr(); j != nil {
				walk(j.Larg)
				walk(j.Rarg)
			}
			if rs := v.GetRangeSubselect(); rs != nil {
				walk(rs.Subquery.GetSelectStmt())
			}
		}
	}
	walk(s)
	return found
}

// analyzeValues binds VALUES lists; targetTypes, when given, are the
// column types the rows will be stored as (INSERT), so untyped literals
// take them directly.
func (a *analyzer) analyzeValues(lists []*pg.Node, ql *queryLevel, targetTypes []types.Type) (*valuesNode, error) {
	sc := &scope{level: ql, clause: "VALUES"}
	var rows [][]Expr
	width := -1
	for _, l := range lists {
		items := l.GetList().Items
		if width >= 0 && len(items) != width {
			return nil, pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length")
		}
		width = len(items)
		row := make([]Expr, len(items))
		for i, it := range items {
			if it.GetSetToDefault() != nil && targetTypes != nil {
				row[i] = &defaultMarker{}
				continue
			}
			x, err := a.bindExpr(it, sc)
			if err != nil {
				return nil, err
			}
			row[i] = x
		}
		rows = append(rows, row)
	}
	cols := make([]colInfo, width)
	for c := 0; c < width; c++ {
		var t types.Type
		if targetTypes != nil && c < len(targetTypes) {
			t = targetTypes[c]
		} else {
			ts := make([]types.Type, 0, len(rows))
			for _, r := range rows {
				if _, ok := r[c].(*defaultMarker); ok {
					continue
				}
				ts = append(ts, r[c].Type())
			}
			var err error
			if t, err = commonType(ts, "VALUES"); err != nil {
				return nil, err
			}
		}
		for _, r := range rows {
			if _, ok := r[c].(*defaultMarker); ok {
				continue
			}
			var err error
			if targetTypes != nil {
				r[c], err = a.coerceAssign(r[c], t, "")
			} else {
				r[c], err = a.coerce(r[c], t, "VALUES")
			}
			if err != nil {
				return nil, err
			}
		}
		cols[c] = colInfo{name: "column" + itoa(c+1), typ: t}
	}
	return &valuesNode{rows: rows, cols: cols}, nil
}

// defaultMarker is DEFAULT in an INSERT's VALUES row.
type defaultMarker struct{}

func (*defaultMarker) Type() types.Type         { return tUnknown }
func (*defaultMarker) Eval(*env) (Datum, error) { return defaultValue{}, nil }
func (*defaultMarker) String() string           { return "DEFAULT" }

// defaultValue is the Datum DEFAULT evaluates to; INSERT replaces it.
type defaultValue struct{}

func itoa(n int) string { return strconv.Itoa(n) }

func (a *analyzer) analyzeSetOp(s *pg.SelectStmt, ql *queryLevel) (planNode, error) {
	leftLevel := &queryLevel{parent: ql.parent, ctes: ql.ctes}
	rightLevel := &queryLevel{parent: ql.parent, ctes: ql.ctes}
	l, err := a.analyzeSelect(s.Larg, leftLevel)
	if err != nil {
		return nil, err
	}
	r, err := a.analyzeSelect(s.Rarg, rightLevel)
	if err != nil {
		return nil, err
	}
	// both sides' outer references belong to this level
	if len(leftLevel.outerArgs) > 0 || len(rightLevel.outerArgs) > 0 {
		l = a.relevel(l, leftLevel, ql)
		r = a.relevel(r, rightLevel, ql)
	}
	lc, rc := l.columns(), r.columns()
	opName := map[pg.SetOperation]string{pg.SetOperation_SETOP_UNION: "UNION", pg.SetOperation_SETOP_INTERSECT: "INTERSECT", pg.SetOperation_SETOP_EXCEPT: "EXCEPT"}[s.Op]
	if len(lc) != len(rc) {
		return nil, pgerr.Newf(pgerr.SyntaxError, "each %s query must have the same number of columns", opName)
	}
	cols := make([]colInfo, len(lc))
	var lcasts, rcasts []types.Type
	for i := range lc {
		t, err := commonType([]types.Type{lc[i].typ, rc[i].typ}, opName)
		if err != nil {
			return nil, err
		}
		cols[i] = colInfo{name: lc[i].name, typ: t}
		if lc[i].typ.OID != t.OID {
			if lcasts == nil {
				lcasts = make([]types.Type, len(lc))
			}
			lcasts[i] = t
		}
		if rc[i].typ.OID != t.OID {
			if rcasts == nil {
				rcasts = make([]types.Type, len(lc))
			}
			rcasts[i] = t
		}
	}
	kind := map[pg.SetOperation]setOpKind{pg.SetOperation_SETOP_UNION: setUnion, pg.SetOperation_SETOP_INTERSECT: setIntersect, pg.SetOperation_SETOP_EXCEPT: setExcept}[s.Op]
	return &setOpNode{op: kind, all: s.All, left: l, right: r, cols: cols, leftCasts: lcasts, rightCasts: rcasts}, nil
}

// relevel moves a branch's outer arguments into ql (set operation
// branches share their query's outer row).
func (a *analyzer) relevel(p planNode, from, to *queryLevel) planNode {
	if len(from.outerArgs) == 0 {
		return p
	}
	args := make([]Expr, len(from.outerArgs))
	for i, x := range from.outerArgs {
		k := to.addOuter(x)
		args[i] = &colExpr{level: 1, idx: k, typ: x.Type(), name: x.String()}
	}
	return &subqueryScanNode{plan: p, outerArgs: args, alias: "*SELECT*", cols: p.columns()}
}

// orderByPosition resolves ORDER BY n to the index of output column n
// (of ncols); -1 when the item is not a position.
func (a *analyzer) orderByPosition(sb *pg.SortBy, ncols int) (int, error) {
	c := sb.Node.GetAConst()
	if c == nil {
		return -1, nil
	}
	if c.GetIval() == nil {
		return -1, errNonIntegerConstant(a, c, "ORDER BY")
	}
	n := c.GetIval().Ival
	if n < 1 || int(n) > ncols {
		return -1, a.errAt(pgerr.Newf(pgerr.InvalidColumnReference, "ORDER BY position %d is not in select list", n), c.Location)
	}
	return int(n) - 1, nil
}

// errNonIntegerConstant is PostgreSQL's error for a constant other than
// an integer as an ORDER BY, GROUP BY or DISTINCT ON item ('x', 1.5,
// NULL, true): only integers name output positions.
func errNonIntegerConstant(a *analyzer, c *pg.A_Const, clause string) error {
	return a.errAt(pgerr.Newf(pgerr.SyntaxError, "non-integer constant in %s", clause), c.Location)
}

// finishOutput applies ORDER BY / LIMIT of a VALUES or set-operation query
// (ORDER BY can only name output columns).
func (a *analyzer) finishOutput(node planNode, s *pg.SelectStmt, ql *queryLevel) (planNode, error) {
	cols := node.columns()
	var keys []sortKey
	for _, n := range s.SortClause {
		sb := n.GetSortBy()
		idx, err := a.orderByPosition(sb, len(cols))
		if err != nil {
			return nil, err
		}
		if cr := sb.Node.GetColumnRef(); cr != nil && idx < 0 {
			f, _ := strNodes(cr.Fields)
			if len(f) == 1 {
				for i, c := range cols {
					if c.name == f[0] {
						idx = i
						break
					}
				}
			}
			if idx < 0 {
				return nil, a.errAt(pgerr.Newf(pgerr.UndefinedColumn, "column %q does not exist", strings.Join(f, ".")), cr.Location)
			}
		}
		if idx < 0 {
			return nil, a.errAt(pgerr.New(pgerr.FeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause").
				WithDetail("Only result column names can be used, not expressions or functions."), sb.Location)
		}
		keys = append(keys, sortKeyFor(idx, sb))
	}
	if len(keys) > 0 {
		node = &sortNode{input: node, keys: keys}
	}
	return a.applyLimit(node, s, ql)
}

func sortKeyFor(idx int, sb *pg.SortBy) sortKey {
	k := sortKey{idx: idx}
	k.desc = sb.SortbyDir == pg.SortByDir_SORTBY_DESC
	if len(sb.UseOp) > 0 && opName(sb.UseOp) == ">" {
		k.desc = true
	}
	k.nullsFirst = k.desc
	switch sb.SortbyNulls {
	case pg.SortByNulls_SORTBY_NULLS_FIRST:
		k.nullsFirst = true
	case pg.SortByNulls_SORTBY_NULLS_LAST:
		k.nullsFirst = false
	}
	return k
}

func (a *analyzer) limitExprs(s *pg.SelectStmt, ql *queryLevel) (count, offset Expr, err error) {
	sc := &scope{level: ql, clause: "LIMIT"}
	if s.LimitCount != nil {
		if c := s.LimitCount.GetAConst(); c == nil || !c.Isnull {
			x, err := a.bindExpr(s.LimitCount, sc)
			if err != nil {
				return nil, nil, err
			}
			if count, err = a.coerce(x, tInt8, "argument of LIMIT"); err != nil {
				return nil, nil, err
			}
		}
	}
	if s.LimitOffset != nil {
		x, err := a.bindExpr(s.LimitOffset, sc)
		if err != nil {
			return nil, nil, err
		}
		if offset, err = a.coerce(x, tInt8, "argument of OFFSET"); err != nil {
			return nil, nil, err
		}
	}
	if s.LimitOption == pg.LimitOption_LIMIT_OPTION_WITH_TIES {
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "FETCH FIRST ... WITH TIES is not supported")
	}
	return count, offset, nil
}

func (a *analyzer) applyLimit(node planNode, s *pg.SelectStmt, ql *queryLevel) (planNode, error) {
	count, offset, err := a.limitExprs(s, ql)
	if err != nil {
		return nil, err
	}
	if count == nil && offset == nil {
		return node, nil
	}
	return &limitNode{input: node, count: count, offset: offset}, nil
}

type target struct {
	expr Expr
	name string
	// node is the parse node (ORDER BY/GROUP BY matching by name); nil
	// for the columns of a * expansion
	node *pg.Node
}

// bindTargets binds a select list or RETURNING list: * expands against
// starScope, expressions bind in sc and are named as PostgreSQL names
// them.
func (a *analyzer) bindTargets(list []*pg.Node, starScope, sc *scope) ([]target, error) {
	var targets []target
	for _, n := range list {
		rt := n.GetResTarget()
		if cr := rt.Val.GetColumnRef(); cr != nil {
			fields, star := strNodes(cr.Fields)
			if star {
				exp, err := a.expandStar(starScope, fields, cr.Location)
				if err != nil {
					return nil, err
				}
				targets = append(targets, exp...)
				continue
			}
		}
		x, err := a.bindExpr(rt.Val, sc)
		if err != nil {
			return nil, err
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
		}
		targets = append(targets, target{expr: x, name: name, node: rt.Val})
	}
	return targets, nil
}

// analyzeSimpleSelect binds SELECT ... FROM ... WHERE ... GROUP BY ...
// HAVING ... WINDOW ... ORDER BY ... LIMIT.
func (a *analyzer) analyzeSimpleSelect(s *pg.SelectStmt, ql *queryLevel) (planNode, error) {
	node, sc, err := a.buildFrom(s.FromClause, ql)
	if err != nil {
		return nil, err
	}
	a.windowStack = append(a.windowStack, s.WindowClause)
	defer func() { a.windowStack = a.windowStack[:len(a.windowStack)-1] }()

	// WHERE
	var where Expr
	if s.WhereClause != nil {
		wsc := sc.child("WHERE")
		w, err := a.bindExpr(s.WhereClause, wsc)
		if err != nil {
			return nil, err
		}
		if w, err = a.coerceBool(w, "WHERE"); err != nil {
			return nil, err
		}
		where = w
		node = a.applyWhere(node, w)
	}

	var aggs []*aggRef
	var wins []*windowRef
	var srfs []*funcExpr

	// select list
	tsc := sc.child("SELECT")
	tsc.aggs, tsc.wins, tsc.srfs = &aggs, &wins, &srfs
	targets, err := a.bindTargets(s.TargetList, sc, tsc)
	if err != nil {
		return nil, err
	}
	if len(s.TargetList) == 0 && len(s.FromClause) == 0 {
		// SELECT; with nothing selected returns one empty row
	}

	// GROUP BY, with grouping sets (ROLLUP, CUBE, GROUPING SETS) expanded
	// into lists of group expression indices.
	var groups []Expr
	gsc := sc.child("GROUP BY")
	var groupSRFs []*funcExpr // set-returning calls written in GROUP BY
	gsc.srfs = &groupSRFs
	groupIdx := func(x Expr) int {
		if i := indexOfExpr(groups, x); i >= 0 {
			return i
		}
		groups = append(groups, x)
		return len(groups) - 1
	}
	bindG := func(g *pg.Node) (int, error) {
		x, err := a.bindGroupItem(g, gsc, targets, "GROUP BY")
		if err != nil {
			return 0, err
		}
		return groupIdx(a.defaultText(x)), nil
	}
	var setsOf func(g *pg.Node) ([][]int, error)
	setsOf = func(g *pg.Node) ([][]int, error) {
		gs := g.GetGroupingSet()
		if gs == nil {
			if r := g.GetRowExpr(); r != nil {
				var set []int
				for _, x := range r.Args {
					i, err := bindG(x)
					if err != nil {
						return nil, err
					}
					set = append(set, i)
				}
				return [][]int{set}, nil
			}
			i, err := bindG(g)
			if err != nil {
				return nil, err
			}
			return [][]int{{i}}, nil
		}
		switch gs.Kind {
		case pg.GroupingSetKind_GROUPING_SET_EMPTY:
			return [][]int{{}}, nil
		case pg.GroupingSetKind_GROUPING_SET_SIMPLE:
			var set []int
			for _, c := range gs.Content {
				sub, err := setsOf(c)
				if err != nil {
					return nil, err
				}
				for _, ss := range sub {
					set = append(set, ss...)
				}
			}
			return [][]int{set}, nil
		case pg.GroupingSetKind_GROUPING_SET_ROLLUP, pg.GroupingSetKind_GROUPING_SET_CUBE:
			var elems [][]int
			for _, c := range gs.Content {
				sub, err := setsOf(c)
				if err != nil {
					return nil, err
				}
				var flat []int
				for _, ss := range sub {
					flat = append(flat, ss...)
				}
				elems = append(elems, flat)
			}
			var out [][]int
			if gs.Kind == pg.GroupingSetKind_GROUPING_SET_ROLLUP {
				for n := len(elems); n >= 0; n-- {
					var set []int
					for _, e := range elems[:n] {
						set = append(set, e...)
					}
					out = append(out, set)
				}
				return out, nil
			}
			for mask := (1 << len(elems)) - 1; mask >= 0; mask-- {
				var set []int
				for i, e := range elems {
					if mask&(1<<(len(elems)-1-i)) != 0 {
						set = append(set, e...)
					}
				}
				out = append(out, set)
			}
			return out, nil
		case pg.GroupingSetKind_GROUPING_SET_SETS:
			var out [][]int
			for _, c := range gs.Content {
				sub, err := setsOf(c)
				if err != nil {
					return nil, err
				}
				out = append(out, sub...)
			}
			return out, nil
		}
		return nil, pgerr.New(pgerr.FeatureNotSupported, "unsupported grouping set")
	}
	var groupSets [][]int
	usesSets := false
	for _, g := range s.GroupClause {
		if g.GetGroupingSet() != nil {
			usesSets = true
		}
	}
	if usesSets {
		groupSets = [][]int{{}}
		for _, g := range s.GroupClause {
			sub, err := setsOf(g)
			if err != nil {
				return nil, err
			}
			var next [][]int
			for _, a := range groupSets {
				for _, b := range sub {
					next = append(next, append(append([]int(nil), a...), b...))
				}
			}
			groupSets = next
		}
	} else {
		for _, g := range s.GroupClause {
			if _, err := bindG(g); err != nil {
				return nil, err
			}
		}
	}
	emptyGrouping := usesSets

	// HAVING
	var having Expr
	if s.HavingClause != nil {
		hsc := sc.child("HAVING")
		hsc.aggs = &aggs
		h, err := a.bindExpr(s.HavingClause, hsc)
		if err != nil {
			return nil, err
		}
		if having, err = a.coerceBool(h, "HAVING"); err != nil {
			return nil, err
		}
	}

	// ORDER BY (output names/positions, or input expressions)
	type orderItem struct {
		target int // index into targets, or -1
		expr   Expr
		sb     *pg.SortBy
	}
	var orders []orderItem
	osc := sc.child("ORDER BY")
	osc.aggs, osc.wins = &aggs, &wins
	for _, n := range s.SortClause {
		sb := n.GetSortBy()
		idx, err := a.orderByPosition(sb, len(targets))
		if err != nil {
			return nil, err
		}
		if cr := sb.Node.GetColumnRef(); cr != nil && idx < 0 {
			f, star := strNodes(cr.Fields)
			if len(f) == 1 && !star {
				match := -1
				for i, t := range targets {
					if t.name == f[0] {
						if match >= 0 && exprKey(targets[match].expr) != exprKey(t.expr) {
							return nil, a.errAt(pgerr.Newf(pgerr.AmbiguousColumn, "ORDER BY %q is ambiguous", f[0]), cr.Location)
						}
						if match < 0 {
							match = i
						}
					}
				}
				idx = match
			}
		}
		if idx >= 0 {
			orders = append(orders, orderItem{target: idx, sb: sb})
			continue
		}
		x, err := a.bindExpr(sb.Node, osc)
		if err != nil {
			return nil, err
		}
		if x.Type().OID == types.UnknownOID {
			x = a.defaultText(x)
		}
		// an expression equal to a target uses that column
		k := exprKey(x)
		for i, t := range targets {
			if exprKey(t.expr) == k {
				idx = i
				break
			}
		}
		orders = append(orders, orderItem{target: idx, expr: x, sb: sb})
	}

	// DISTINCT ON expressions
	var distinctOn []Expr
	distinct := len(s.DistinctClause) > 0
	if distinct && !(len(s.DistinctClause) == 1 && (s.DistinctClause[0] == nil || s.DistinctClause[0].Node == nil)) {
		for _, d := range s.DistinctClause {
			if d == nil || d.Node == nil {
				continue
			}
			x, err := a.bindGroupItem(d, osc, targets, "DISTINCT ON")
			if err != nil {
				return nil, err
			}
			distinctOn = append(distinctOn, x)
		}
	}

	// rewriteOutputs applies fn to the select list, ORDER BY and DISTINCT
	// ON expressions (as each planning step above them maps references).
	rewriteOutputs := func(fn func(Expr) (Expr, error)) error {
		var err error
		for i := range targets {
			if targets[i].expr, err = fn(targets[i].expr); err != nil {
				return err
			}
		}
		for i := range orders {
			if orders[i].expr != nil {
				if orders[i].expr, err = fn(orders[i].expr); err != nil {
					return err
				}
			}
		}
		for i := range distinctOn {
			if distinctOn[i], err = fn(distinctOn[i]); err != nil {
				return err
			}
		}
		return nil
	}

	// Set-returning functions in GROUP BY (`SELECT unnest(tags), count(*)
	// … GROUP BY 1`) run before the aggregation, as in PostgreSQL: a
	// project-set under it produces their values, and every reference to
	// them (group keys, select list, ORDER BY, DISTINCT ON) reads that
	// column. The select list's own call of the same function is then
	// that column too, not a set-returning call after the aggregation.
	if pre := srfsIn(groups); len(pre) > 0 {
		width := len(node.columns())
		cols := append([]colInfo(nil), node.columns()...)
		fns := make([]Expr, len(pre))
		at := map[string]int{}
		for k, f := range pre {
			cols = append(cols, colInfo{name: f.def.name, typ: f.typ})
			fns[k] = f
			at[exprKey(f)] = width + k
		}
		node = &projectSetNode{input: node, srfs: fns, cols: cols}
		var kept []*funcExpr
		newIdx := map[int]int{}
		for i, f := range srfs {
			if _, moved := at[exprKey(f)]; !moved {
				newIdx[i] = len(kept)
				kept = append(kept, f)
			}
		}
		srfs = kept
		fix := func(x Expr) (Expr, error) {
			return transformExpr(x, func(e Expr) (Expr, bool, error) {
				r, ok := e.(*srfRef)
				if !ok {
					return nil, false, nil
				}
				if i, ok := at[exprKey(r.fn)]; ok {
					return &colExpr{idx: i, typ: r.fn.typ, name: r.fn.String()}, true, nil
				}
				return &srfRef{idx: newIdx[r.idx], fn: r.fn}, true, nil
			})
		}
		for i := range groups {
			if groups[i], err = fix(groups[i]); err != nil {
				return nil, err
			}
		}
		if err := rewriteOutputs(fix); err != nil {
			return nil, err
		}
	}

	// Functional dependency: grouping by a table's primary key (id)
	// groups by every column of that table.
	for _, g := range append([]Expr(nil), groups...) {
		c, ok := g.(*colExpr)
		if !ok || c.level != 0 {
			continue
		}
		for _, it := range sc.items {
			if _, isEnt := it.rel.(*entitiesTable); !isEnt || c.idx != it.offset+colID {
				continue
			}
			have := map[int]bool{}
			for _, x := range groups {
				if cx, ok := x.(*colExpr); ok && cx.level == 0 {
					have[cx.idx] = true
				}
			}
			for k := range it.cols {
				if !have[it.offset+k] {
					groups = append(groups, &colExpr{idx: it.offset + k, typ: it.cols[k].typ, name: qualName(it, it.cols[k].name)})
				}
			}
		}
	}

	// Aggregation.
	hasAgg := len(aggs) > 0 || len(groups) > 0 || having != nil || emptyGrouping
	var locking []lockTarget
	if len(s.LockingClause) > 0 {
		verb := lockStrengthName(s.LockingClause)
		switch {
		case distinct:
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed with DISTINCT clause", verb)
		case len(groups) > 0 || emptyGrouping:
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed with GROUP BY clause", verb)
		case having != nil:
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed with HAVING clause", verb)
		case len(aggs) > 0:
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed with aggregate functions", verb)
		case len(wins) > 0:
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed with window functions", verb)
		}
		if locking, err = a.lockTargets(s.LockingClause, sc); err != nil {
			return nil, err
		}
	}
	if hasAgg {
		if groupSets != nil {
			node = a.planGroupingSets(node, groups, aggs, groupSets)
		} else {
			node = a.planAggregate(node, groups, aggs)
		}
		rw := func(x Expr) (Expr, error) { return a.rewriteForAggSets(x, groups, len(groups), aggs, groupSets) }
		if err := rewriteOutputs(rw); err != nil {
			return nil, err
		}
		for _, w := range wins {
			for j := range w.args {
				if w.args[j], err = rw(w.args[j]); err != nil {
					return nil, err
				}
			}
			for j := range w.partition {
				if w.partition[j], err = rw(w.partition[j]); err != nil {
					return nil, err
				}
			}
			for j := range w.order {
				if w.order[j].expr, err = rw(w.order[j].expr); err != nil {
					return nil, err
				}
			}
			if w.filter != nil {
				if w.filter, err = rw(w.filter); err != nil {
					return nil, err
				}
			}
		}
		for i := range srfs {
			for j := range srfs[i].args {
				if srfs[i].args[j], err = rw(srfs[i].args[j]); err != nil {
					return nil, err
				}
			}
		}
		if having != nil {
			h, err := rw(having)
			if err != nil {
				return nil, err
			}
			node = &filterNode{input: node, pred: h}
		}
	}

	// Windows.
	if len(wins) > 0 {
		width := len(node.columns())
		cols := append([]colInfo(nil), node.columns()...)
		for _, w := range wins {
			cols = append(cols, colInfo{name: w.def.name, typ: w.typ})
		}
		node = &windowNode{input: node, funcs: wins, cols: cols}
		mapWin := func(x Expr) (Expr, error) {
			return transformExpr(x, func(e Expr) (Expr, bool, error) {
				if w, ok := e.(*windowRef); ok {
					return &colExpr{idx: width + w.idx, typ: w.typ, name: w.String()}, true, nil
				}
				return nil, false, nil
			})
		}
		if err := rewriteOutputs(mapWin); err != nil {
			return nil, err
		}
	}

	// Set-returning functions in the select list.
	if len(srfs) > 0 {
		width := len(node.columns())
		cols := append([]colInfo(nil), node.columns()...)
		var fns []Expr
		for _, f := range srfs {
			cols = append(cols, colInfo{name: f.def.name, typ: f.typ})
			fns = append(fns, f)
		}
		node = &projectSetNode{input: node, srfs: fns, cols: cols}
		mapSRF := func(x Expr) (Expr, error) {
			return transformSRF(x, width)
		}
		if err := rewriteOutputs(mapSRF); err != nil {
			return nil, err
		}
	}

	// Projection: targets, then hidden ORDER BY / DISTINCT ON columns.
	exprs := make([]Expr, 0, len(targets))
	cols := make([]colInfo, 0, len(targets))
	for _, t := range targets {
		x := t.expr
		if x.Type().OID == types.UnknownOID {
			x = a.defaultText(x)
		}
		exprs = append(exprs, x)
		ci := colInfo{name: t.name, typ: x.Type()}
		if c, ok := x.(*colExpr); ok && c.level == 0 && !hasAgg && len(wins) == 0 && len(srfs) == 0 {
			in := node.columns()
			if c.idx < len(in) {
				ci.tableOID, ci.attnum = in[c.idx].tableOID, in[c.idx].attnum
			}
		}
		cols = append(cols, ci)
	}
	nvisible := len(exprs)
	var keys []sortKey
	for _, o := range orders {
		idx := o.target
		if idx < 0 {
			if distinct && len(distinctOn) == 0 {
				return nil, a.errAt(pgerr.New(pgerr.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list"), o.sb.Location)
			}
			idx = len(exprs)
			exprs = append(exprs, o.expr)
			cols = append(cols, colInfo{name: o.expr.String(), typ: o.expr.Type()})
		}
		keys = append(keys, sortKeyFor(idx, o.sb))
	}
	var distinctKeys []int
	if len(distinctOn) > 0 {
		for _, d := range distinctOn {
			idx := indexOfExpr(exprs, d)
			if idx < 0 {
				idx = len(exprs)
				exprs = append(exprs, d)
				cols = append(cols, colInfo{name: "?distinct?", typ: d.Type()})
			}
			distinctKeys = append(distinctKeys, idx)
		}
		// ORDER BY must start with the DISTINCT ON expressions
		for i := range keys {
			if i >= len(distinctKeys) {
				break
			}
			if keys[i].idx != distinctKeys[i] {
				if exprKey(exprs[keys[i].idx]) != exprKey(exprs[distinctKeys[i]]) {
					return nil, pgerr.New(pgerr.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
				}
			}
		}
	}

	// ordered index scans answer ORDER BY created_at|id [LIMIT n] directly
	count, offset, err := a.limitExprs(s, ql)
	if err != nil {
		return nil, err
	}
	presorted := 0 // leading sort keys the scan already orders by
	if !hasAgg && len(wins) == 0 && len(srfs) == 0 && !distinct && len(keys) > 0 {
		switch a.tryOrderedScan(node, exprs, keys, count, offset) {
		case orderedFull:
			keys = nil
		case orderedPrefix:
			presorted = 1
		}
	}
	if len(locking) > 0 {
		node = &lockRowsNode{input: node, targets: locking, recheck: where}
	}
	node = &projectNode{input: node, exprs: exprs, cols: cols}

	switch {
	case len(distinctOn) > 0:
		if len(keys) > 0 {
			node = &sortNode{input: node, keys: keys}
		}
		node = &distinctNode{input: node, keys: distinctKeys}
	case distinct:
		keysAll := make([]int, nvisible)
		for i := range keysAll {
			keysAll[i] = i
		}
		node = &distinctNode{input: node, keys: keysAll}
		if len(keys) > 0 {
			node = &sortNode{input: node, keys: keys}
		}
	default:
		if presorted > 0 {
			node = &incrementalSortNode{input: node, keys: keys, presorted: presorted}
		} else if len(keys) > 0 {
			node = &sortNode{input: node, keys: keys}
		}
	}
	if count != nil || offset != nil {
		node = &limitNode{input: node, count: count, offset: offset}
	}
	if len(exprs) > nvisible {
		final := make([]Expr, nvisible)
		for i := range final {
			final[i] = &colExpr{idx: i, typ: cols[i].typ, name: cols[i].name}
		}
		node = &projectNode{input: node, exprs: final, cols: cols[:nvisible]}
	}
	return node, nil
}

// lockStrengthName spells the strongest FOR UPDATE/SHARE clause for
// messages ("FOR UPDATE is not allowed with ...").
func lockStrengthName(clauses []*pg.Node) string {
	strongest := pg.LockClauseStrength_LCS_NONE
	for _, c := range clauses {
		if lc := c.GetLockingClause(); lc != nil && lc.Strength > strongest {
			strongest = lc.Strength
		}
	}
	switch strongest {
	case pg.LockClauseStrength_LCS_FORKEYSHARE:
		return "FOR KEY SHARE"
	case pg.LockClauseStrength_LCS_FORSHARE:
		return "FOR SHARE"
	case pg.LockClauseStrength_LCS_FORNOKEYUPDATE:
		return "FOR NO KEY UPDATE"
	}
	return "FOR UPDATE"
}

// lockTargets resolves FOR UPDATE/SHARE [OF name, ...] [NOWAIT | SKIP
// LOCKED] to the ns.entities items of the FROM clause. Other relations
// (catalogs, subqueries, functions) are read without locks.
func (a *analyzer) lockTargets(clauses []*pg.Node, sc *scope) ([]lockTarget, error) {
	var out []lockTarget
	add := func(it *rangeItem, policy waitPolicy) {
		t, ok := it.rel.(*entitiesTable)
		if !ok || it.isJoin {
			return
		}
		for i := range out {
			if out[i].offset == it.offset {
				out[i].policy = max(out[i].policy, policy) // NOWAIT over SKIP LOCKED over waiting
				return
			}
		}
		out = append(out, lockTarget{ns: t.ns, offset: it.offset, policy: policy})
	}
	for _, c := range clauses {
		lc := c.GetLockingClause()
		if lc == nil {
			continue
		}
		policy := waitBlock
		switch lc.WaitPolicy {
		case pg.LockWaitPolicy_LockWaitSkip:
			policy = waitSkip
		case pg.LockWaitPolicy_LockWaitError:
			policy = waitError
		}
		if len(lc.LockedRels) == 0 {
			for _, it := range sc.items {
				add(it, policy)
			}
			continue
		}
		for _, r := range lc.LockedRels {
			rv := r.GetRangeVar()
			found := false
			for _, it := range sc.items {
				if it.alias == rv.Relname {
					add(it, policy)
					found = true
				}
			}
			if !found {
				return nil, a.errAt(pgerr.Newf(pgerr.UndefinedTable, "relation %q in %s clause not found in FROM clause", rv.Relname, lockStrengthName([]*pg.Node{c})), rv.Location)
			}
		}
	}
	return out, nil
}

func transformSRF(x Expr, width int) (Expr, error) {
	if r, ok := x.(*srfRef); ok {
		return &colExpr{idx: width + r.idx, typ: r.fn.typ, name: r.fn.String()}, nil
	}
	return transformExpr(x, func(e Expr) (Expr, bool, error) {
		if r, ok := e.(*srfRef); ok {
			return &colExpr{idx: width + r.idx, typ: r.fn.typ, name: r.fn.String()}, true, nil
		}
		return nil, false, nil
	})
}

// indexOfExpr returns the position of the first expression in xs equal to
// x (by exprKey), or -1.
func indexOfExpr(xs []Expr, x Expr) int {
	k := exprKey(x)
	for i, y := range xs {
		if exprKey(y) == k {
			return i
		}
	}
	return -1
}

// srfsIn lists the set-returning calls the expressions refer to (through
// srfRef), each once.
func srfsIn(xs []Expr) []*funcExpr {
	var out []*funcExpr
	seen := map[string]bool{}
	for _, x := range xs {
		walkExpr(x, func(e Expr) bool {
			if r, ok := e.(*srfRef); ok {
				if k := exprKey(r.fn); !seen[k] {
					seen[k] = true
					out = append(out, r.fn)
				}
			}
			return true
		})
	}
	return out
}

// bindGroupItem binds a GROUP BY / DISTINCT ON (clause) item: an output
// position, an input column or expression, or an output column name.
func (a *analyzer) bindGroupItem(g *pg.Node, sc *scope, targets []target, clause string) (Expr, error) {
	if c := g.GetAConst(); c != nil {
		iv := c.GetIval()
		if iv == nil {
			return nil, errNonIntegerConstant(a, c, clause)
		}
		i := int(iv.Ival) - 1
		if i < 0 || i >= len(targets) {
			return nil, a.errAt(pgerr.Newf(pgerr.InvalidColumnReference, "%s position %d is not in select list", clause, iv.Ival), c.Location)
		}
		return targets[i].expr, nil
	}
	if cr := g.GetColumnRef(); cr != nil {
		f, _ := strNodes(cr.Fields)
		if len(f) == 1 {
			if x, ok, err := a.findColumn(sc, f, cr.Location); err != nil {
				return nil, err
			} else if ok {
				return x, nil
			}
			for _, t := range targets {
				if t.name == f[0] {
					return t.expr, nil
				}
			}
		}
	}
	return a.bindExpr(g, sc)
}

// rewriteForAggSets is rewriteForAgg that also maps GROUPING() calls to
// the grouping-set column.
func (a *analyzer) rewriteForAggSets(x Expr, groups []Expr, ngroups int, aggs []*aggRef, sets [][]int) (Expr, error) {
	setCol := ngroups + len(aggs)
	x, err := transformExpr(x, func(e Expr) (Expr, bool, error) {
		g, ok := e.(*groupingRef)
		if !ok {
			return nil, false, nil
		}
		ge := &groupingExpr{setCol: setCol, sets: sets}
		for _, arg := range g.args {
			idx := indexOfExpr(groups, arg)
			if idx < 0 {
				return nil, false, pgerr.New(pgerr.GroupingError, "arguments to GROUPING must be grouping expressions of the associated query level")
			}
			ge.args = append(ge.args, idx)
		}
		return ge, true, nil
	})
	if err != nil {
		return nil, err
	}
	return a.rewriteForAgg(x, groups, ngroups)
}

// rewriteForAgg maps an expression over FROM rows to one over aggregate
// rows (group keys, then aggregate results).
func (a *analyzer) rewriteForAgg(x Expr, groups []Expr, ngroups int) (Expr, error) {
	keys := make(map[string]int, len(groups))
	for i, g := range groups {
		if _, ok := keys[exprKey(g)]; !ok {
			keys[exprKey(g)] = i
		}
	}
	var rw func(e Expr) (Expr, bool, error)
	rw = func(e Expr) (Expr, bool, error) {
		switch n := e.(type) {
		case *aggRef:
			return &colExpr{idx: ngroups + n.idx, typ: n.typ, name: n.String()}, true, nil
		case *constExpr, *paramRef, *dynExpr, *groupingExpr:
			return e, true, nil
		case *srfRef:
			return e, true, nil
		}
		if i, ok := keys[exprKey(e)]; ok {
			return &colExpr{idx: i, typ: e.Type(), name: e.String()}, true, nil
		}
		if c, ok := e.(*colExpr); ok && c.level == 0 {
			return nil, false, pgerr.Newf(pgerr.GroupingError, "column %q must appear in the GROUP BY clause or be used in an aggregate function", c.name)
		}
		return nil, false, nil
	}
	return transformExpr(x, rw)
}

// expandStar expands * or t.* in a select list.
func (a *analyzer) expandStar(sc *scope, qual []string, loc int32) ([]target, error) {
	var out []target
	if len(qual) == 0 {
		if len(sc.items) == 0 {
			return nil, a.errAt(pgerr.New(pgerr.SyntaxError, "SELECT * with no tables specified is not valid"), loc)
		}
		for _, s := range sc.star {
			out = append(out, target{expr: s.expr, name: s.name})
		}
		return out, nil
	}
	for _, it := range sc.items {
		if !itemMatches(it, qual) {
			continue
		}
		for i := 0; i < it.visible; i++ {
			c := it.cols[i]
			out = append(out, target{expr: &colExpr{idx: it.offset + i, typ: c.typ, name: qualName(it, c.name)}, name: c.name})
		}
		return out, nil
	}
	return nil, a.errAt(pgerr.Newf(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", qual[len(qual)-1]), loc)
}

// planAggregate builds the aggregation over node, answering count(*) and
// GROUP BY tag_value(...) from the index when it can.
func (a *analyzer) planAggregate(node planNode, groups []Expr, aggs []*aggRef) planNode {
	if p := a.tryIndexAggregate(node, groups, aggs); p != nil {
		return p
	}
	cols := make([]colInfo, 0, len(groups)+len(aggs))
	for _, g := range groups {
		cols = append(cols, colInfo{name: g.String(), typ: g.Type()})
	}
	for _, ag := range aggs {
		cols = append(cols, colInfo{name: ag.def.name, typ: ag.typ})
	}
	return &aggNode{input: node, groups: groups, aggs: aggs, cols: cols}
}

// planGroupingSets aggregates once per grouping set.
func (a *analyzer) planGroupingSets(node planNode, groups []Expr, aggs []*aggRef, sets [][]int) planNode {
	cols := make([]colInfo, 0, len(groups)+len(aggs)+1)
	for _, g := range groups {
		cols = append(cols, colInfo{name: g.String(), typ: g.Type()})
	}
	for _, ag := range aggs {
		cols = append(cols, colInfo{name: ag.def.name, typ: ag.typ})
	}
	cols = append(cols, colInfo{name: "?groupingset?", typ: tInt4})
	return &aggNode{input: node, groups: groups, aggs: aggs, cols: cols, sets: sets}
}

// groupingRef is GROUPING(args) before aggregation is planned.
type groupingRef struct{ args []Expr }

func (g *groupingRef) Type() types.Type { return tInt4 }
func (g *groupingRef) Eval(*env) (Datum, error) {
	return nil, pgerr.New(pgerr.GroupingError, "GROUPING must be used with GROUP BY")
}
func (g *groupingRef) String() string { return "GROUPING(" + joinExprs(g.args) + ")" }

// groupingExpr evaluates GROUPING(args) from the grouping-set column: bit
// i (from the left) is 1 when argument i is not grouped in the row's set.
type groupingExpr struct {
	args   []int
	setCol int
	sets   [][]int
}

func (g *groupingExpr) Type() types.Type { return tInt4 }
func (g *groupingExpr) Eval(e *env) (Datum, error) {
	var set []int
	if g.sets != nil {
		set = g.sets[e.row[g.setCol].(int64)]
	}
	var v int64
	for _, a := range g.args {
		v <<= 1
		in := g.sets == nil
		for _, x := range set {
			if x == a {
				in = true
			}
		}
		if !in {
			v |= 1
		}
	}
	return v, nil
}
func (g *groupingExpr) String() string { return "GROUPING(...)" }
