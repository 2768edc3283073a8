package planner

// INSERT, UPDATE and DELETE on ns.entities. Writes go to the transaction's
// pending set (txn.go) and commit as one Batch; each statement is atomic
// (the session truncates the pending set to its mark when a statement
// fails).

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

type dmlKind uint8

const (
	dmlInsert dmlKind = iota
	dmlUpdate
	dmlDelete
)

type conflictAction uint8

const (
	conflictError conflictAction = iota
	conflictNothing
	conflictUpdate
)

type setItem struct {
	col  int
	expr Expr
}

type dmlPlan struct {
	kind dmlKind
	ns   string
	// insert: source yields rows of targetCols; update/delete: source is
	// the entity scan selecting the target rows (entity row layout).
	source     planNode
	targetCols []int
	set        []setItem
	onConflict conflictAction
	// conflictSet/conflictWhere evaluate over existing row ++ EXCLUDED row
	conflictWhere Expr
	// recheck is the WHERE clause of UPDATE/DELETE over the source's rows,
	// checked again on a row's newest version after waiting for its lock
	// (rowlocks.go).
	recheck   Expr
	returning []Expr
	retCols   []colInfo
}

func (d *dmlPlan) verb() string {
	return [...]string{"INSERT", "UPDATE", "DELETE"}[d.kind]
}

// lookupRelation resolves a relation name (42P01 if there is none).
func (a *analyzer) lookupRelation(rv *pg.RangeVar) (relation, error) {
	rel := a.sess.engine.catalog.lookup(a.sess, rv.Schemaname, rv.Relname)
	if rel == nil {
		name := rv.Relname
		if rv.Schemaname != "" {
			name = rv.Schemaname + "." + rv.Relname
		}
		return nil, a.errAt(pgerr.Newf(pgerr.UndefinedTable, "relation %q does not exist", name), rv.Location)
	}
	return rel, nil
}

// targetTable resolves the relation of a DML statement.
func (a *analyzer) targetTable(rv *pg.RangeVar) (*entitiesTable, error) {
	rel, err := a.lookupRelation(rv)
	if err != nil {
		return nil, err
	}
	t, ok := rel.(*entitiesTable)
	if !ok {
		return nil, a.errAt(pgerr.Newf(pgerr.WrongObjectType, "cannot change relation %q", rel.relName()), rv.Location)
	}
	return t, nil
}

func entityColIndex(name string) int {
	for i, n := range entityColumnNames[:5] {
		if n == name {
			return i
		}
	}
	return -1
}

func (a *analyzer) analyzeInsert(s *pg.InsertStmt) (*stmtPlan, error) {
	ql := &queryLevel{}
	if s.WithClause != nil {
		if err := a.bindWith(s.WithClause, ql); err != nil {
			return nil, err
		}
	}
	t, err := a.targetTable(s.Relation)
	if err != nil {
		return nil, err
	}
	d := &dmlPlan{kind: dmlInsert, ns: t.ns}
	alias := targetAlias(s.Relation)
	if len(s.Cols) == 0 {
		d.targetCols = []int{colID, colTags, colContent, colCreatedAt, colUpdatedAt}
	} else {
		seen := map[int]bool{}
		for _, c := range s.Cols {
			rt := c.GetResTarget()
			if len(rt.Indirection) > 0 {
				return nil, a.errAt(pgerr.New(pgerr.FeatureNotSupported, "INSERT into array elements is not supported"), rt.Location)
			}
			idx, err := a.targetColumn(rt, seen, "column %q specified more than once")
			if err != nil {
				return nil, err
			}
			d.targetCols = append(d.targetCols, idx)
		}
	}
	ttypes := make([]types.Type, len(d.targetCols))
	for i, c := range d.targetCols {
		ttypes[i] = t.cols[c].typ
	}
	switch {
	case s.SelectStmt == nil:
		// DEFAULT VALUES
		d.targetCols = nil
		d.source = &resultNode{}
	case len(s.SelectStmt.GetSelectStmt().ValuesLists) > 0 && s.SelectStmt.GetSelectStmt().Op == pg.SetOperation_SETOP_NONE && len(s.SelectStmt.GetSelectStmt().SortClause) == 0 && s.SelectStmt.GetSelectStmt().LimitCount == nil:
		vs := s.SelectStmt.GetSelectStmt()
		if vs.WithClause != nil {
			if err := a.bindWith(vs.WithClause, ql); err != nil {
				return nil, err
			}
		}
		for _, l := range vs.ValuesLists {
			if n := len(l.GetList().Items); n > len(d.targetCols) {
				return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
			} else if n < len(d.targetCols) && len(s.Cols) > 0 {
				return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions")
			}
		}
		width := len(vs.ValuesLists[0].GetList().Items)
		d.targetCols = d.targetCols[:width]
		ttypes = ttypes[:width]
		v, err := a.analyzeValuesTyped(vs.ValuesLists, ql, ttypes, d.targetCols)
		if err != nil {
			return nil, err
		}
		d.source = v
	default:
		src, err := a.analyzeQuery(s.SelectStmt, ql)
		if err != nil {
			return nil, err
		}
		sc := src.columns()
		if len(sc) > len(d.targetCols) {
			return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
		}
		if len(sc) < len(d.targetCols) && len(s.Cols) > 0 {
			return nil, pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions")
		}
		d.targetCols = d.targetCols[:len(sc)]
		exprs := make([]Expr, len(sc))
		cols := make([]colInfo, len(sc))
		for i, c := range sc {
			x, err := a.coerceAssign(&colExpr{idx: i, typ: c.typ, name: c.name}, ttypes[i], entityColumnNames[d.targetCols[i]])
			if err != nil {
				return nil, err
			}
			exprs[i] = x
			cols[i] = colInfo{name: c.name, typ: ttypes[i]}
		}
		d.source = &projectNode{input: src, exprs: exprs, cols: cols}
	}
	// ON CONFLICT
	if oc := s.OnConflictClause; oc != nil {
		if oc.Infer != nil {
			ok := false
			if oc.Infer.Conname == "entities_pkey" {
				ok = true
			}
			if len(oc.Infer.IndexElems) == 1 {
				if ie := oc.Infer.IndexElems[0].GetIndexElem(); ie != nil && ie.Name == "id" {
					ok = true
				}
			}
			if !ok {
				return nil, pgerr.New(pgerr.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
			}
		} else if oc.Action == pg.OnConflictAction_ONCONFLICT_UPDATE {
			return nil, pgerr.New(pgerr.SyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name").
				WithHint("For example, ON CONFLICT (column_name).")
		}
		switch oc.Action {
		case pg.OnConflictAction_ONCONFLICT_NOTHING:
			d.onConflict = conflictNothing
		case pg.OnConflictAction_ONCONFLICT_UPDATE:
			d.onConflict = conflictUpdate
			// scope: the target row (alias) then EXCLUDED
			tcols := t.cols[:entityWidth]
			it := &rangeItem{alias: alias, schema: t.ns, cols: tcols, visible: 5}
			ex := &rangeItem{alias: "excluded", cols: tcols, visible: 5, offset: entityWidth}
			sc := &scope{level: &queryLevel{}, items: []*rangeItem{it, ex}, clause: "ON CONFLICT DO UPDATE"}
			set, err := a.bindSetList(oc.TargetList, sc, t)
			if err != nil {
				return nil, err
			}
			d.set = set
			if oc.WhereClause != nil {
				w, err := a.bindExpr(oc.WhereClause, sc)
				if err != nil {
					return nil, err
				}
				if d.conflictWhere, err = a.coerceBool(w, "WHERE"); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := a.bindReturning(d, s.ReturningList, t, alias); err != nil {
		return nil, err
	}
	return &stmtPlan{kind: stmtDML, dml: d, cols: d.retCols, tag: "INSERT"}, nil
}

// analyzeValuesTyped binds INSERT ... VALUES with the target columns' types.
func (a *analyzer) analyzeValuesTyped(lists []*pg.Node, ql *queryLevel, ttypes []types.Type, targetCols []int) (*valuesNode, error) {
	sc := &scope{level: ql, clause: "VALUES"}
	rows := make([][]Expr, 0, len(lists))
	for _, l := range lists {
		items := l.GetList().Items
		row := make([]Expr, len(items))
		for i, it := range items {
			if it.GetSetToDefault() != nil {
				row[i] = &defaultMarker{}
				continue
			}
			var x Expr
			var err error
			if ae := it.GetAArrayExpr(); ae != nil && isArrayType(ttypes[i].OID) {
				x, err = a.bindArray(ae, sc, types.ElemOf(ttypes[i].OID))
			} else {
				x, err = a.bindExpr(it, sc)
			}
			if err != nil {
				return nil, err
			}
			if row[i], err = a.coerceAssign(x, ttypes[i], entityColumnNames[targetCols[i]]); err != nil {
				return nil, err
			}
		}
		rows = append(rows, row)
	}
	cols := make([]colInfo, len(ttypes))
	for i, t := range ttypes {
		cols[i] = colInfo{name: entityColumnNames[targetCols[i]], typ: t}
	}
	return &valuesNode{rows: rows, cols: cols}, nil
}

// targetColumn resolves a column named in an INSERT column list or an
// UPDATE SET list; seen catches a second mention (dupFormat has the
// statement's wording of that error).
func (a *analyzer) targetColumn(rt *pg.ResTarget, seen map[int]bool, dupFormat string) (int, error) {
	idx := entityColIndex(rt.Name)
	if idx < 0 {
		return 0, a.errAt(pgerr.Newf(pgerr.UndefinedColumn, "column %q of relation %q does not exist", rt.Name, "entities"), rt.Location)
	}
	if seen[idx] {
		return 0, a.errAt(pgerr.Newf(pgerr.DuplicateColumn, dupFormat, rt.Name), rt.Location)
	}
	seen[idx] = true
	return idx, nil
}

// bindSetList binds UPDATE ... SET col = expr, (a, b) = (x, y).
func (a *analyzer) bindSetList(list []*pg.Node, sc *scope, t *entitiesTable) ([]setItem, error) {
	var out []setItem
	seen := map[int]bool{}
	for _, n := range list {
		rt := n.GetResTarget()
		idx, err := a.targetColumn(rt, seen, "multiple assignments to same column %q")
		if err != nil {
			return nil, err
		}
		if rt.Val.GetMultiAssignRef() != nil {
			return nil, a.errAt(pgerr.New(pgerr.FeatureNotSupported, "multiple-column UPDATE SET (a, b) = (...) is not supported"), rt.Location)
		}
		var x Expr
		if rt.Val.GetSetToDefault() != nil {
			x = &defaultMarker{}
		} else {
			if len(rt.Indirection) > 0 {
				ix := rt.Indirection[0].GetAIndices()
				if len(rt.Indirection) != 1 || ix == nil || ix.IsSlice || !isArrayType(t.cols[idx].typ.OID) {
					return nil, a.errAt(pgerr.New(pgerr.FeatureNotSupported, "only assignment to single array elements (col[i] = v) is supported"), rt.Location)
				}
				sub, err := a.bindExpr(ix.Uidx, sc)
				if err != nil {
					return nil, err
				}
				if sub, err = a.coerce(sub, tInt4, "array subscript"); err != nil {
					return nil, err
				}
				v, err := a.bindExpr(rt.Val, sc)
				if err != nil {
					return nil, err
				}
				if v, err = a.coerceAssign(v, types.Of(types.ElemOf(t.cols[idx].typ.OID)), rt.Name); err != nil {
					return nil, err
				}
				col := &colExpr{idx: idx, typ: t.cols[idx].typ, name: rt.Name}
				out = append(out, setItem{col: idx, expr: &arraySetExpr{arr: col, index: sub, val: v}})
				continue
			}
			if ae := rt.Val.GetAArrayExpr(); ae != nil {
				x, err = a.bindArray(ae, sc, types.ElemOf(t.cols[idx].typ.OID))
			} else {
				x, err = a.bindExpr(rt.Val, sc)
			}
			if err != nil {
				return nil, err
			}
			if x, err = a.coerceAssign(x, t.cols[idx].typ, rt.Name); err != nil {
				return nil, err
			}
		}
		out = append(out, setItem{col: idx, expr: x})
	}
	return out, nil
}

func (a *analyzer) bindReturning(d *dmlPlan, list []*pg.Node, t *entitiesTable, alias string) error {
	return a.bindReturningIn(d, list, t, alias, nil)
}

// bindReturningIn binds RETURNING; in (when not nil) is the scope of the
// statement's rows (UPDATE ... FROM / DELETE ... USING rows).
func (a *analyzer) bindReturningIn(d *dmlPlan, list []*pg.Node, t *entitiesTable, alias string, in *scope) error {
	if len(list) == 0 {
		return nil
	}
	it := &rangeItem{alias: alias, schema: t.ns, cols: t.cols, visible: 5}
	sc := &scope{level: &queryLevel{}, items: []*rangeItem{it}, clause: "RETURNING"}
	for i := 0; i < 5; i++ {
		sc.star = append(sc.star, starCol{name: t.cols[i].name, expr: &colExpr{idx: i, typ: t.cols[i].typ, name: t.cols[i].name}, item: it})
	}
	if in != nil {
		c := *in
		c.clause = "RETURNING"
		sc = &c
	}
	targets, err := a.bindTargets(list, sc, sc)
	if err != nil {
		return err
	}
	for _, t := range targets {
		x := t.expr
		if t.node != nil && x.Type().OID == types.UnknownOID {
			x = a.defaultText(x)
		}
		d.returning = append(d.returning, x)
		d.retCols = append(d.retCols, colInfo{name: t.name, typ: x.Type()})
	}
	return nil
}

func (a *analyzer) analyzeUpdate(s *pg.UpdateStmt) (*stmtPlan, error) {
	d, t, sc, err := a.dmlTarget(dmlUpdate, s.WithClause, s.Relation, s.WhereClause, s.FromClause)
	if err != nil {
		return nil, err
	}
	if d.set, err = a.bindSetList(s.TargetList, sc.child("UPDATE"), t); err != nil {
		return nil, err
	}
	if err := a.bindReturningIn(d, s.ReturningList, t, targetAlias(s.Relation), sc); err != nil {
		return nil, err
	}
	return &stmtPlan{kind: stmtDML, dml: d, cols: d.retCols, tag: "UPDATE"}, nil
}

func (a *analyzer) analyzeDelete(s *pg.DeleteStmt) (*stmtPlan, error) {
	d, t, sc, err := a.dmlTarget(dmlDelete, s.WithClause, s.Relation, s.WhereClause, s.UsingClause)
	if err != nil {
		return nil, err
	}
	if err := a.bindReturningIn(d, s.ReturningList, t, targetAlias(s.Relation), sc); err != nil {
		return nil, err
	}
	return &stmtPlan{kind: stmtDML, dml: d, cols: d.retCols, tag: "DELETE"}, nil
}

// dmlTarget binds what UPDATE and DELETE share: WITH, the target table
// and the scan (joined to FROM/USING items) that selects the target rows.
// The scope is that of the scan's rows.
func (a *analyzer) dmlTarget(kind dmlKind, with *pg.WithClause, rv *pg.RangeVar, where *pg.Node, from []*pg.Node) (*dmlPlan, *entitiesTable, *scope, error) {
	ql := &queryLevel{}
	if with != nil {
		if err := a.bindWith(with, ql); err != nil {
			return nil, nil, nil, err
		}
	}
	t, err := a.targetTable(rv)
	if err != nil {
		return nil, nil, nil, err
	}
	scan, sc, w, err := a.dmlScan(t, rv, where, ql, from)
	if err != nil {
		return nil, nil, nil, err
	}
	return &dmlPlan{kind: kind, ns: t.ns, source: scan, recheck: w}, t, sc, nil
}

// targetAlias is the name a DML statement's target is referred to by.
func targetAlias(rv *pg.RangeVar) string {
	if rv.Alias != nil {
		return rv.Alias.Aliasname
	}
	return "entities"
}

// dmlScan plans the scan that selects UPDATE/DELETE targets. With FROM
// (UPDATE) or USING (DELETE) items, target rows are joined to them; the
// target's columns come first in each row. It also returns the bound WHERE
// clause over those rows.
func (a *analyzer) dmlScan(t *entitiesTable, rv *pg.RangeVar, where *pg.Node, ql *queryLevel, from []*pg.Node) (planNode, *scope, Expr, error) {
	alias := "entities"
	schema := t.ns
	if rv.Alias != nil {
		alias, schema = rv.Alias.Aliasname, ""
	}
	a.reads[t.ns] = true
	scan := &entityScan{ns: t.ns, cols: t.cols}
	fi := itemFromCols(scan, alias, schema, t.cols, 5, t)
	var node planNode = scan
	sc := &scope{level: ql, items: fi.items, star: fi.star}
	if len(from) > 0 {
		fnode, fsc, err := a.buildFrom(from, ql)
		if err != nil {
			return nil, nil, nil, err
		}
		other := &fromItem{node: fnode, items: fsc.items, star: fsc.star, merged: fsc.merged}
		joined := a.joinItems(fi, other, joinCross, nil)
		sc = &scope{level: ql, items: joined.items, star: joined.star, merged: joined.merged}
		node = joined.node
	}
	if where == nil {
		return node, sc, nil, nil
	}
	w, err := a.bindExpr(where, sc.child("WHERE"))
	if err != nil {
		return nil, nil, nil, err
	}
	if w, err = a.coerceBool(w, "WHERE"); err != nil {
		return nil, nil, nil, err
	}
	if len(from) == 0 {
		return a.applyWhere(node, w), sc, w, nil
	}
	// conditions on the target alone go to its index; the rest joins
	var own, rest []Expr
	for _, c := range conjuncts(w) {
		if exprSide(c, entityWidth) == 1 {
			own = append(own, c)
		} else {
			rest = append(rest, c)
		}
	}
	if len(own) > 0 {
		scan.setPredicate(andAll(own), !a.noIndex)
	}
	nl := node.(*nestedLoopNode)
	return a.makeJoin(nl.left, nl.right, joinInner, andAll(rest), false), sc, w, nil
}

// ---- execution -----------------------------------------------------------------

func newEntityID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return hex.EncodeToString(b[:])
}

func notNullViolation(col string, row []Datum) error {
	return pgerr.Newf(pgerr.NotNullViolation, "null value in column %q of relation \"entities\" violates not-null constraint", col)
}

// rowToEntity validates an entity row and converts it for storage.
func rowToEntity(row []Datum) (*namespace.Entity, error) {
	for _, c := range []int{colID, colTags, colCreatedAt, colUpdatedAt} {
		if row[c] == nil {
			return nil, notNullViolation(entityColumnNames[c], row)
		}
	}
	e := &namespace.Entity{ID: row[colID].(string)}
	if e.ID == "" {
		return nil, pgerr.New(pgerr.CheckViolation, "entity id must not be empty")
	}
	arr := row[colTags].(*types.Array)
	if len(arr.Dims) > 1 {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "tags must be a one-dimensional array")
	}
	e.Tags = make([]string, len(arr.Elems))
	for i, t := range arr.Elems {
		if t == nil {
			return nil, pgerr.New(pgerr.NullValueNotAllowed, "tags must not contain NULL elements").
				WithHint("Tags are strings; remove the NULL or use array_remove(tags, NULL).")
		}
		e.Tags[i] = t.(string)
		if e.Tags[i] == "" {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "tags must not contain empty strings")
		}
	}
	if row[colContent] != nil {
		e.Content = row[colContent].([]byte)
		if e.Content == nil {
			e.Content = []byte{}
		}
	}
	e.CreatedAt = row[colCreatedAt].(time.Time).UTC()
	e.UpdatedAt = row[colUpdatedAt].(time.Time).UTC()
	if len(e.ID) > namespace.MaxIDLen {
		return nil, pgerr.Newf(pgerr.StringDataRightTruncation, "entity id is too long (%d bytes, at most %d)", len(e.ID), namespace.MaxIDLen)
	}
	if len(e.Tags) > namespace.MaxTags {
		return nil, pgerr.Newf(pgerr.ProgramLimitExceeded, "too many tags (%d, at most %d)", len(e.Tags), namespace.MaxTags)
	}
	for _, t := range e.Tags {
		if len(t) > namespace.MaxTagLen {
			return nil, pgerr.Newf(pgerr.ProgramLimitExceeded, "tag is too long (%d bytes, at most %d)", len(t), namespace.MaxTagLen)
		}
	}
	return e, nil
}

func duplicateKey(id string) error {
	return pgerr.New(pgerr.UniqueViolation, "duplicate key value violates unique constraint \"entities_pkey\"").
		WithDetail("Key (id)=(%s) already exists.", id)
}

// currentState finds the visible state of id for a writer: pending, or the
// snapshot's version.
type currentState struct {
	row    []Datum
	exists bool
	expect namespace.Expect
	doc    namespace.DocNum
}

func lookupCurrent(ec *execCtx, snap *namespace.Snapshot, w *txnWrites, id string) (currentState, error) {
	if op, ok := w.get(id); ok {
		st := currentState{expect: op.expect, doc: op.baseDoc}
		if op.entity != nil {
			st.exists = true
			st.row = entityRow(op.entity, 0, true)
		}
		return st, nil
	}
	doc, ok := snap.Lookup(id)
	if !ok {
		return currentState{expect: namespace.Expect{Kind: namespace.ExpectAbsent}}, nil
	}
	e, err := snap.Get(doc)
	if err != nil {
		return currentState{}, err
	}
	return currentState{row: entityRow(e, doc, false), exists: true, expect: namespace.Expect{Kind: namespace.ExpectVersion, Doc: doc}, doc: doc}, nil
}

// runDML executes an INSERT/UPDATE/DELETE; it returns the affected count
// and the RETURNING rows.
func (s *Session) runDML(ec *execCtx, d *dmlPlan) (int64, [][]Datum, error) {
	w, err := s.writeTarget(ec.tx, d.ns, d.verb())
	if err != nil {
		return 0, nil, err
	}
	snap, err := ec.snapshot(d.ns)
	if err != nil {
		return 0, nil, err
	}
	switch d.kind {
	case dmlInsert:
		return s.runInsert(ec, d, w, snap)
	default:
		return s.runUpdateDelete(ec, d, w, snap)
	}
}

func (s *Session) returningRow(ec *execCtx, d *dmlPlan, row []Datum) ([]Datum, error) {
	e := &env{row: row, ec: ec}
	out := make([]Datum, len(d.returning))
	for i, x := range d.returning {
		v, err := x.Eval(e)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (s *Session) runInsert(ec *execCtx, d *dmlPlan, w *txnWrites, snap *namespace.Snapshot) (int64, [][]Datum, error) {
	it, err := d.source.start(ec, nil)
	if err != nil {
		return 0, nil, err
	}
	defer it.close()
	ins := s.newInserter(ec, d, w, snap)
	for {
		src, err := it.next()
		if err != nil {
			return 0, nil, err
		}
		if src == nil {
			break
		}
		if err := ec.tick(); err != nil {
			return 0, nil, err
		}
		if err := ins.insert(src); err != nil {
			return 0, nil, err
		}
	}
	return ins.n, ins.ret, nil
}

// inserter inserts rows of an INSERT (or COPY FROM) one at a time.
type inserter struct {
	s       *Session
	ec      *execCtx
	d       *dmlPlan
	w       *txnWrites
	snap    *namespace.Snapshot
	now     time.Time
	touched map[string]bool
	n       int64
	ret     [][]Datum
}

func (s *Session) newInserter(ec *execCtx, d *dmlPlan, w *txnWrites, snap *namespace.Snapshot) *inserter {
	return &inserter{s: s, ec: ec, d: d, w: w, snap: snap, now: ec.txnTime(), touched: map[string]bool{}}
}

// insert adds one source row (values of d.targetCols; defaultValue for
// DEFAULT).
func (in *inserter) insert(src []Datum) error {
	d, now := in.d, in.now
	row := make([]Datum, entityWidth)
	row[colCreatedAt] = now
	row[colUpdatedAt] = now
	given := [5]bool{}
	for i, c := range d.targetCols {
		if _, isDef := src[i].(defaultValue); isDef {
			continue
		}
		row[c] = src[i]
		given[c] = true
	}
	if !given[colID] {
		row[colID] = newEntityID()
	}
	ent, err := rowToEntity(row)
	if err != nil {
		return err
	}
	return in.add(ent, given[colID], row)
}

// add inserts a validated entity (givenID: its id came from the row, not
// from the default). row is the proposed row ON CONFLICT DO UPDATE reads
// as EXCLUDED; nil makes it from ent (COPY has no ON CONFLICT).
func (in *inserter) add(ent *namespace.Entity, givenID bool, row []Datum) error {
	d, ec, w, now := in.d, in.ec, in.w, in.now
	var cur currentState
	var err error
	if givenID {
		cur, err = in.s.lockForInsert(ec, d.ns, w, ent.ID)
	} else {
		// a generated id is new: nobody else can write it
		cur, err = lookupCurrent(ec, in.snap, w, ent.ID)
	}
	if err != nil {
		return err
	}
	if cur.exists && d.onConflict != conflictError && ec.tx.iso >= isoRepeatableRead {
		// the conflicting row must be visible to the transaction's snapshot
		if _, mine := w.get(ent.ID); !mine {
			if doc, ok := in.snap.Lookup(ent.ID); !ok || doc != cur.doc {
				return serializationFailure(false)
			}
		}
	}
	if cur.exists {
		switch d.onConflict {
		case conflictNothing:
			return nil
		case conflictUpdate:
			if in.touched[ent.ID] {
				return pgerr.New(pgerr.CardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time").
					WithHint("Ensure that no rows proposed for insertion within the same command have duplicate constrained values.")
			}
			in.touched[ent.ID] = true
			if row == nil {
				row = entityRow(ent, 0, true)
			}
			combined := make([]Datum, 2*entityWidth)
			copy(combined, cur.row)
			copy(combined[entityWidth:], row)
			e := &env{row: combined, ec: ec}
			if d.conflictWhere != nil {
				v, err := d.conflictWhere.Eval(e)
				if err != nil {
					return err
				}
				if v != true {
					return nil
				}
			}
			newRow := append([]Datum(nil), cur.row...)
			for _, si := range d.set {
				v, err := si.expr.Eval(e)
				if err != nil {
					return err
				}
				if _, isDef := v.(defaultValue); isDef {
					v = defaultFor(si.col, now)
				}
				newRow[si.col] = v
			}
			upd, err := rowToEntity(newRow)
			if err != nil {
				return err
			}
			if upd.ID != ent.ID {
				return pgerr.New(pgerr.FeatureNotSupported, "ON CONFLICT DO UPDATE cannot change the id")
			}
			w.put(upd.ID, upd, cur.expect, cur.doc)
			in.n++
			return in.returning(upd)
		default:
			return duplicateKey(ent.ID)
		}
	}
	in.touched[ent.ID] = true
	w.put(ent.ID, ent, cur.expect, cur.doc)
	in.n++
	return in.returning(ent)
}

func (in *inserter) returning(e *namespace.Entity) error {
	if in.d.returning == nil {
		return nil
	}
	r, err := in.s.returningRow(in.ec, in.d, entityRow(e, 0, true))
	if err != nil {
		return err
	}
	in.ret = append(in.ret, r)
	return nil
}

func defaultFor(col int, now time.Time) Datum {
	switch col {
	case colID:
		return newEntityID()
	case colCreatedAt, colUpdatedAt:
		return now
	}
	return nil
}

func (s *Session) runUpdateDelete(ec *execCtx, d *dmlPlan, w *txnWrites, snap *namespace.Snapshot) (int64, [][]Datum, error) {
	// Collect targets first: the scan reads the snapshot plus the pending
	// rows as of the statement start.
	rows, err := runPlan(ec, d.source, nil)
	if err != nil {
		return 0, nil, err
	}
	// Lock them in scan order (waiting for other writers), then go on
	// with each one's newest version (rowlocks.go).
	seen := map[string]bool{}
	for _, joinedRow := range rows {
		id := joinedRow[colID].(string)
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, mine := w.get(id); mine {
			continue
		}
		if _, err := s.lockRow(ec, d.ns, id, waitBlock); err != nil {
			return 0, nil, err
		}
	}
	clear(seen)
	now := ec.txnTime()
	var n int64
	var ret [][]Datum
	for _, joinedRow := range rows {
		if err := ec.tick(); err != nil {
			return 0, nil, err
		}
		id := joinedRow[colID].(string)
		if seen[id] {
			continue
		}
		seen[id] = true
		_, mine := w.get(id)
		cur, err := lookupCurrent(ec, snap, w, id)
		if err != nil {
			return 0, nil, err
		}
		if !cur.exists {
			continue
		}
		if !mine {
			r, doc, ok, err := recheckNewest(ec, d.ns, d.recheck, joinedRow, 0, cur.doc, nil)
			if err != nil {
				return 0, nil, err
			}
			if !ok {
				continue
			}
			if doc != cur.doc {
				joinedRow = r
				cur = currentState{row: r[:entityWidth:entityWidth], exists: true, expect: namespace.Expect{Kind: namespace.ExpectVersion, Doc: doc}, doc: doc}
			}
		}
		if d.kind == dmlDelete {
			w.put(id, nil, cur.expect, cur.doc)
			n++
			if d.returning != nil {
				r, err := s.returningRow(ec, d, joinedRow)
				if err != nil {
					return 0, nil, err
				}
				ret = append(ret, r)
			}
			continue
		}
		old := joinedRow[:entityWidth:entityWidth]
		e := &env{row: joinedRow, ec: ec}
		newRow := append([]Datum(nil), old...)
		for _, si := range d.set {
			v, err := si.expr.Eval(e)
			if err != nil {
				return 0, nil, err
			}
			if _, isDef := v.(defaultValue); isDef {
				v = defaultFor(si.col, now)
			}
			newRow[si.col] = v
		}
		upd, err := rowToEntity(newRow)
		if err != nil {
			return 0, nil, err
		}
		if upd.ID != id {
			// the id changed: delete the old entity, insert the new one
			other, err := s.lockForInsert(ec, d.ns, w, upd.ID)
			if err != nil {
				return 0, nil, err
			}
			if other.exists {
				return 0, nil, duplicateKey(upd.ID)
			}
			w.put(id, nil, cur.expect, cur.doc)
			w.put(upd.ID, upd, other.expect, other.doc)
			seen[upd.ID] = true
		} else {
			w.put(id, upd, cur.expect, cur.doc)
		}
		n++
		if d.returning != nil {
			newRow := append(entityRow(upd, 0, true), joinedRow[entityWidth:]...)
			r, err := s.returningRow(ec, d, newRow)
			if err != nil {
				return 0, nil, err
			}
			ret = append(ret, r)
		}
	}
	return n, ret, nil
}

// lockForInsert locks an id the statement is about to write as a new
// entity and returns its current state: the transaction's pending write,
// or the newest committed version (which a concurrent inserter we waited
// for may have just created).
func (s *Session) lockForInsert(ec *execCtx, ns string, w *txnWrites, id string) (currentState, error) {
	if _, mine := w.get(id); !mine {
		if _, err := s.lockRow(ec, ns, id, waitBlock); err != nil {
			return currentState{}, err
		}
	}
	latest, err := ec.newestSnapshot(ns)
	if err != nil {
		return currentState{}, err
	}
	return lookupCurrent(ec, latest, w, id)
}

func (ec *execCtx) txnTime() time.Time {
	if ec.tx != nil {
		return ec.tx.start
	}
	return ec.stmtTime.Truncate(time.Microsecond)
}
