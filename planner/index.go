package planner

// Index selection: which parts of a WHERE clause over ns.entities the
// namespace index answers, as a template of bitmap operations.
//
// A predicate is split into conjuncts. Each conjunct is matched against the
// forms the index knows:
//
//	tags @> X, X <@ tags            every tag of X      (AND of postings)
//	tags && X, X && tags            any tag of X        (OR of postings)
//	x = ANY(tags)                   one tag
//	has_tag_like(tags, p)           a tag LIKE p (sorted tag dictionary)
//	EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE p | t = x)
//	id = x, id IN (...), id = ANY(X)  id map
//	created_at <, <=, >, >=, BETWEEN  created_at order
//	NOT, AND, OR of those; TRUE, FALSE
//
// where X and x do not depend on the row (constants, parameters, stable
// functions). A match is exact when the index result is precisely the set
// of rows where the conjunct is true; exact conjuncts are never evaluated
// on rows. Inexact matches narrow the candidates and stay in the residual
// filter.
//
// The template is turned into a namespace.Query when the scan starts, so
// one prepared plan serves every parameter value, and a bound parameter
// gets the same index operation as the literal would. A LIKE pattern is
// the one form whose exactness depends on its value, so it is decided
// then (ixLike): a pattern without wildcards is one tag, 'p%' a prefix
// scan of the sorted tag dictionary, any other pattern the union of the
// dictionary tags it matches (found by the prefix before its first
// wildcard) — all exact. Only when that union would be too large or the
// pattern is malformed (a trailing escape, whose error must come from
// evaluating rows) is the prefix used to narrow and the conjunct
// rechecked: such a conjunct carries its predicate in the template
// (ixNode.recheck) and becomes part of the residual at run time only then.
// count(*) and GROUP BY tag_value(...) plans over such a scan fall back to
// counting rows in that case.
//
// NULLs follow
// three-valued logic: each node yields the set where it is TRUE and the
// set where it is FALSE; the rows in neither are where it is NULL. NOT
// swaps the two sets, AND and OR combine them by Kleene's tables, and
// WHERE keeps only TRUE. A NULL operand does not always make a form NULL
// on every row:
//
//	NULL = ANY(tags)                  FALSE where tags is empty, else NULL
//	EXISTS (... WHERE t = NULL)       FALSE everywhere (EXISTS is never NULL)
//	tags @> '{NULL}'                  FALSE everywhere (a NULL never matches)
//	id IN ('a', NULL)                 TRUE for a, NULL elsewhere
//	created_at >= NULL AND < x        NULL below x, FALSE from x on

import (
	"fmt"
	"strings"
	"time"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/planner/types"
)

type ixKind uint8

const (
	ixAll ixKind = iota
	ixNone
	ixTagsAll // arg: text[] — every tag
	ixTagsAny // arg: text[] — any tag
	ixTag     // arg: text
	ixPrefix  // arg: text — a tag prefix (the pattern 'prefix%')
	ixLike    // arg: a LIKE pattern, matched against the tag dictionary at run time
	ixIDs     // args: ids, or arg: text[]
	ixCreated // lo/hi bounds
	ixCtid    // arg: tid — one stored version
	ixAnd
	ixOr
	ixNot
)

// ixNode is a node of an index template.
type ixNode struct {
	kind         ixKind
	arg          Expr
	args         []Expr
	lo, hi       Expr
	loInc, hiInc bool
	children     []*ixNode
	// nullFalse: a NULL operand makes the node FALSE everywhere rather
	// than NULL (the EXISTS (... unnest(tags) ...) forms).
	nullFalse bool
	// recheck is set on a conjunct whose exactness is decided when the
	// template is built (it holds an ixLike): the conjunct's predicate,
	// evaluated on fetched rows only if that build was inexact.
	recheck Expr
}

// ixExact says how well an index node answers its predicate.
type ixExact uint8

const (
	ixInexact ixExact = iota // a superset: the predicate is rechecked on rows
	ixRuntime                // exact unless the build says otherwise (ixLike)
	ixExactly                // exactly the rows where the predicate is TRUE
)

// withRechecks is residual AND each recheck (residual may be nil).
func withRechecks(residual Expr, rechecks []Expr) Expr {
	if len(rechecks) == 0 {
		return residual
	}
	var xs []Expr
	if residual != nil {
		xs = append(xs, residual)
	}
	return andAll(append(xs, rechecks...))
}

// rechecks lists the predicates of the template's conjuncts whose
// exactness the build decides.
func (n *ixNode) rechecks() []Expr {
	if n.recheck != nil {
		return []Expr{n.recheck}
	}
	var out []Expr
	if n.kind == ixAnd {
		for _, c := range n.children {
			if c.recheck != nil {
				out = append(out, c.recheck)
			}
		}
	}
	return out
}

// String renders the template for EXPLAIN.
func (n *ixNode) String() string {
	switch n.kind {
	case ixAll:
		return "all"
	case ixNone:
		return "none"
	case ixTagsAll:
		return "tags-all " + n.arg.String()
	case ixTagsAny:
		return "tags-any " + n.arg.String()
	case ixTag:
		return "tag " + n.arg.String()
	case ixPrefix:
		return "tag-prefix " + n.arg.String()
	case ixLike:
		return "tag-like " + n.arg.String()
	case ixIDs:
		if n.arg != nil {
			return "ids " + n.arg.String()
		}
		return "ids (" + joinExprs(n.args) + ")"
	case ixCtid:
		return "ctid " + n.arg.String()
	case ixCreated:
		var parts []string
		if n.lo != nil {
			op := ">"
			if n.loInc {
				op = ">="
			}
			parts = append(parts, "created_at "+op+" "+n.lo.String())
		}
		if n.hi != nil {
			op := "<"
			if n.hiInc {
				op = "<="
			}
			parts = append(parts, "created_at "+op+" "+n.hi.String())
		}
		return "range(" + strings.Join(parts, ", ") + ")"
	case ixNot:
		return "not(" + n.children[0].String() + ")"
	}
	name := "intersect"
	if n.kind == ixOr {
		name = "union"
	}
	parts := make([]string, len(n.children))
	for i, c := range n.children {
		parts[i] = c.String()
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// rowIndependent reports whether x can be evaluated once per scan: it reads
// no column of the scanned row and calls nothing volatile.
func rowIndependent(x Expr) bool {
	ok := true
	walkExpr(x, func(e Expr) bool {
		switch n := e.(type) {
		case *colExpr:
			if n.level == 0 {
				ok = false
			}
		case *funcExpr:
			if n.def.volatility == volatile || n.def.srf {
				ok = false
			}
		case *subqueryExpr:
			ok = false
		case *aggRef, *windowRef, *srfRef:
			ok = false
		}
		return ok
	})
	return ok
}

func isCol(x Expr, idx int) bool {
	c, ok := x.(*colExpr)
	return ok && c.level == 0 && c.idx == idx
}

// splitPredicate splits pred into an index template and a residual filter.
// exact reports whether the template alone answers pred (conjuncts whose
// exactness is decided at build time count as exact: they carry their
// recheck).
func splitPredicate(pred Expr) (ix *ixNode, residual Expr, exact bool) {
	if pred == nil {
		return nil, nil, true
	}
	var nodes []*ixNode
	var rest []Expr
	for _, c := range conjuncts(pred) {
		n, ex := indexable(c)
		if n != nil {
			nodes = append(nodes, n)
		}
		switch {
		case n == nil || ex == ixInexact:
			rest = append(rest, c)
		case ex == ixRuntime:
			n.recheck = c
		}
	}
	switch len(nodes) {
	case 0:
		ix = nil
	case 1:
		ix = nodes[0]
	default:
		ix = &ixNode{kind: ixAnd, children: mergeCreatedRanges(nodes)}
		if len(ix.children) == 1 {
			ix = ix.children[0]
		}
	}
	return ix, andAll(rest), len(rest) == 0
}

// mergeCreatedRanges folds several created_at bounds into one range node.
func mergeCreatedRanges(nodes []*ixNode) []*ixNode {
	var out []*ixNode
	var rng *ixNode
	for _, n := range nodes {
		if n.kind != ixCreated {
			out = append(out, n)
			continue
		}
		if rng == nil {
			c := *n
			rng = &c
			out = append(out, rng)
			continue
		}
		switch {
		case n.lo != nil && rng.lo == nil:
			rng.lo, rng.loInc = n.lo, n.loInc
		case n.hi != nil && rng.hi == nil:
			rng.hi, rng.hiInc = n.hi, n.hiInc
		default:
			out = append(out, n)
		}
	}
	return out
}

// indexable matches one boolean expression.
func indexable(x Expr) (*ixNode, ixExact) {
	switch n := x.(type) {
	case *constExpr:
		if n.val == true {
			return &ixNode{kind: ixAll}, ixExactly
		}
		if n.val == false {
			return &ixNode{kind: ixNone}, ixExactly
		}
		return nil, ixInexact
	case *boolExpr:
		switch n.op {
		case opNot:
			c, ex := indexable(n.args[0])
			if c == nil || ex == ixInexact {
				return nil, ixInexact
			}
			return &ixNode{kind: ixNot, children: []*ixNode{c}}, ex
		case opAnd:
			var kids []*ixNode
			exact := ixExactly
			for _, a := range n.args {
				c, ex := indexable(a)
				if c == nil {
					exact = ixInexact
					continue
				}
				kids = append(kids, c)
				exact = min(exact, ex)
			}
			if len(kids) == 0 {
				return nil, ixInexact
			}
			if len(kids) == 1 {
				return kids[0], exact
			}
			return &ixNode{kind: ixAnd, children: mergeCreatedRanges(kids)}, exact
		case opOr:
			var kids []*ixNode
			exact := ixExactly
			for _, a := range n.args {
				c, ex := indexable(a)
				if c == nil {
					return nil, ixInexact
				}
				kids = append(kids, c)
				exact = min(exact, ex)
			}
			return &ixNode{kind: ixOr, children: kids}, exact
		}
	case *funcExpr:
		if len(n.args) != 2 {
			return nil, ixInexact
		}
		l, r := n.args[0], n.args[1]
		switch n.op {
		case "@>":
			if isCol(l, colTags) && rowIndependent(r) {
				return &ixNode{kind: ixTagsAll, arg: r}, ixExactly
			}
		case "<@":
			if isCol(r, colTags) && rowIndependent(l) {
				return &ixNode{kind: ixTagsAll, arg: l}, ixExactly
			}
		case "&&":
			if isCol(l, colTags) && rowIndependent(r) {
				return &ixNode{kind: ixTagsAny, arg: r}, ixExactly
			}
			if isCol(r, colTags) && rowIndependent(l) {
				return &ixNode{kind: ixTagsAny, arg: l}, ixExactly
			}
		case "=":
			if isCol(l, colID) && rowIndependent(r) {
				return &ixNode{kind: ixIDs, args: []Expr{r}}, ixExactly
			}
			if isCol(r, colID) && rowIndependent(l) {
				return &ixNode{kind: ixIDs, args: []Expr{l}}, ixExactly
			}
			if isCol(l, colCtid) && rowIndependent(r) {
				return &ixNode{kind: ixCtid, arg: r}, ixExactly
			}
			if isCol(r, colCtid) && rowIndependent(l) {
				return &ixNode{kind: ixCtid, arg: l}, ixExactly
			}
		case "<", "<=", ">", ">=":
			if l.Type().OID != types.TimestampTZOID {
				return nil, ixInexact
			}
			op := n.op
			if isCol(r, colCreatedAt) && rowIndependent(l) {
				l, r = r, l
				op = map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
			}
			if !isCol(l, colCreatedAt) || !rowIndependent(r) {
				return nil, ixInexact
			}
			switch op {
			case ">":
				return &ixNode{kind: ixCreated, lo: r}, ixExactly
			case ">=":
				return &ixNode{kind: ixCreated, lo: r, loInc: true}, ixExactly
			case "<":
				return &ixNode{kind: ixCreated, hi: r}, ixExactly
			default:
				return &ixNode{kind: ixCreated, hi: r, hiInc: true}, ixExactly
			}
		}
		if n.op == "" && n.def.name == "has_tag_like" && isCol(l, colTags) && rowIndependent(r) {
			return likeNode(r)
		}
	case *scalarArrayExpr:
		if n.opName != "=" || n.all {
			return nil, ixInexact
		}
		if isCol(n.right, colTags) && rowIndependent(n.left) {
			return &ixNode{kind: ixTag, arg: n.left}, ixExactly
		}
		if isCol(n.left, colID) && rowIndependent(n.right) {
			return &ixNode{kind: ixIDs, arg: n.right}, ixExactly
		}
	case *inListExpr:
		if n.not || !isCol(n.arg, colID) {
			return nil, ixInexact
		}
		for _, it := range n.list {
			if !rowIndependent(it) {
				return nil, ixInexact
			}
		}
		return &ixNode{kind: ixIDs, args: n.list}, ixExactly
	case *subqueryExpr:
		return existsUnnestTags(n)
	}
	return nil, ixInexact
}

// likeNode matches a LIKE pattern on tags. A constant pattern without
// wildcards is one tag and 'prefix%' a prefix scan, decided now; any
// other pattern, and every pattern that is not a constant (a parameter),
// is matched against the tag dictionary when the scan starts (ixLike).
func likeNode(pat Expr) (*ixNode, ixExact) {
	if c, ok := pat.(*constExpr); ok {
		s, isStr := c.val.(string)
		if !isStr {
			return nil, ixInexact
		}
		if !strings.ContainsAny(s, "%_\\") {
			// no wildcard: a plain tag
			return &ixNode{kind: ixTag, arg: newConst(tText, s)}, ixExactly
		}
		if p, exact := likePrefix(s); exact {
			return &ixNode{kind: ixPrefix, arg: newConst(tText, p)}, ixExactly
		}
	}
	return &ixNode{kind: ixLike, arg: pat}, ixRuntime
}

// existsUnnestTags matches EXISTS (SELECT ... FROM unnest(tags) t WHERE t
// LIKE p | t = x).
func existsUnnestTags(s *subqueryExpr) (*ixNode, ixExact) {
	if s.kind != subExists || len(s.outerArgs) != 1 || !isCol(s.outerArgs[0], colTags) {
		return nil, ixInexact
	}
	p := s.plan
	for {
		switch n := p.(type) {
		case *projectNode:
			p = n.input
			continue
		case *limitNode:
			p = n.input
			continue
		}
		break
	}
	f, ok := p.(*filterNode)
	if !ok {
		return nil, ixInexact
	}
	fs, ok := f.input.(*funcScanNode)
	if !ok || len(fs.fns) != 1 || fs.ordinality {
		return nil, ixInexact
	}
	un, ok := fs.fns[0].(*funcExpr)
	if !ok || un.def.name != "unnest" || len(un.args) != 1 {
		return nil, ixInexact
	}
	if c, ok := un.args[0].(*colExpr); !ok || c.level != 1 || c.idx != 0 {
		return nil, ixInexact
	}
	pred, ok := f.pred.(*funcExpr)
	if !ok || len(pred.args) != 2 || !isCol(pred.args[0], 0) {
		return nil, ixInexact
	}
	// the pattern must not depend on the unnested element or the subquery
	if !rowIndependent(pred.args[1]) || usesOuterRefs(pred.args[1]) {
		return nil, ixInexact
	}
	var n *ixNode
	exact := ixExactly
	switch pred.op {
	case "~~":
		n, exact = likeNode(pred.args[1])
	case "=":
		n = &ixNode{kind: ixTag, arg: pred.args[1]}
	}
	if n == nil {
		return nil, ixInexact
	}
	n.nullFalse = true // no element equals or is LIKE NULL: EXISTS is FALSE
	return n, exact
}

func usesOuterRefs(x Expr) bool {
	found := false
	walkExpr(x, func(e Expr) bool {
		if c, ok := e.(*colExpr); ok && c.level > 0 {
			found = true
		}
		return !found
	})
	return found
}

// ---- run time: template -> namespace.Query ---------------------------------------

// ixResult is a node's result in three-valued logic: the rows where it is
// TRUE (t) and where it is FALSE (f). f == nil means "every visible row not
// in t": the node is never NULL. Otherwise the rows in neither set are the
// rows where it is NULL.
//
// An inexact result (an ixLike that fell back to its prefix) has only t,
// a superset of the TRUE rows. A conjunct with a recheck turns its inexact
// result into an exact one plus its predicate in rechecks, which the scan
// evaluates on fetched rows.
type ixResult struct {
	t, f     *namespace.Query
	inexact  bool
	rechecks []Expr
}

// ixUnknown is NULL on every row; ixFalse is FALSE on every row.
var (
	ixUnknown = ixResult{t: qNone, f: qNone}
	ixFalse   = ixResult{t: qNone}
)

var qNone = &namespace.Query{Kind: namespace.QIDs}

func isNone(q *namespace.Query) bool { return q.Kind == namespace.QIDs && len(q.IDs) == 0 }

func isAll(q *namespace.Query) bool { return q.Kind == namespace.QAll }

// qAnd intersects queries; qOr unites them. Both flatten nested operations
// of their kind and simplify: all is neutral for AND and absorbs OR, none
// the other way round.
func qAnd(qs ...*namespace.Query) *namespace.Query { return qSetOp(namespace.QAnd, qs) }
func qOr(qs ...*namespace.Query) *namespace.Query  { return qSetOp(namespace.QOr, qs) }

func qSetOp(kind namespace.QueryKind, qs []*namespace.Query) *namespace.Query {
	absorbs, neutral := isNone, isAll
	if kind == namespace.QOr {
		absorbs, neutral = isAll, isNone
	}
	var args []*namespace.Query
	for _, q := range qs {
		switch {
		case absorbs(q):
			return q
		case neutral(q):
			continue
		case q.Kind == kind:
			args = append(args, q.Args...)
		default:
			args = append(args, q)
		}
	}
	switch {
	case len(args) == 1:
		return args[0]
	case len(args) > 1:
		return &namespace.Query{Kind: kind, Args: args}
	case kind == namespace.QAnd:
		return namespace.All()
	}
	return qNone
}

func qNot(q *namespace.Query) *namespace.Query {
	switch {
	case q.Kind == namespace.QAll:
		return qNone
	case isNone(q):
		return namespace.All()
	case q.Kind == namespace.QNot:
		return q.Args[0]
	}
	return namespace.Not(q)
}

func (r ixResult) falseSet() *namespace.Query {
	if r.f != nil {
		return r.f
	}
	return qNot(r.t)
}

// not3 is NOT: TRUE and FALSE swap, NULL stays NULL.
func (r ixResult) not3() ixResult {
	if r.f == nil {
		return ixResult{t: qNot(r.t), f: r.t}
	}
	return ixResult{t: r.f, f: r.t}
}

// combine3 is Kleene's AND: TRUE where all are TRUE, FALSE where any is FALSE.
// With or set it is OR, the dual: TRUE where any is TRUE, FALSE where all
// are FALSE. The FALSE set is spelled out only when some operand can be
// NULL; otherwise it is the complement of the TRUE set.
func combine3(rs []ixResult, or bool) ixResult {
	ts := make([]*namespace.Query, len(rs))
	maybeNull := false
	for i, r := range rs {
		ts[i] = r.t
		maybeNull = maybeNull || r.f != nil
	}
	combineT, combineF := qAnd, qOr
	if or {
		combineT, combineF = qOr, qAnd
	}
	res := ixResult{t: combineT(ts...)}
	if maybeNull {
		fs := make([]*namespace.Query, len(rs))
		for i, r := range rs {
			fs[i] = r.falseSet()
		}
		res.f = combineF(fs...)
	}
	return res
}

// evalBound evaluates a created_at range bound; null reports a NULL bound.
func evalBound(e *env, x Expr) (t time.Time, null bool, err error) {
	v, err := x.Eval(e)
	if err != nil || v == nil {
		return time.Time{}, v == nil, err
	}
	return v.(time.Time), false, nil
}

// build evaluates the template's arguments and returns the query. snap is
// the snapshot the query will run against (ctid lookups and LIKE patterns
// need it).
func (n *ixNode) build(e *env, snap *namespace.Snapshot) (ixResult, error) {
	r, err := n.build1(e, snap)
	if err == nil && r.inexact && n.recheck != nil {
		r = ixResult{t: r.t, rechecks: []Expr{n.recheck}}
	}
	return r, err
}

func (n *ixNode) build1(e *env, snap *namespace.Snapshot) (ixResult, error) {
	switch n.kind {
	case ixAll:
		return ixResult{t: namespace.All()}, nil
	case ixNone:
		return ixResult{t: qNone}, nil
	case ixTagsAll, ixTagsAny:
		v, err := n.arg.Eval(e)
		if err != nil {
			return ixResult{}, err
		}
		if v == nil {
			return ixUnknown, nil
		}
		arr := v.(*types.Array)
		var qs []*namespace.Query
		seen := map[string]bool{}
		for _, el := range arr.Elems {
			if el == nil {
				if n.kind == ixTagsAll {
					// NULL elements never match: @> is false everywhere
					return ixFalse, nil
				}
				continue
			}
			s := el.(string)
			if seen[s] {
				continue
			}
			seen[s] = true
			qs = append(qs, namespace.Tag(s))
		}
		if n.kind == ixTagsAll {
			return ixResult{t: qAnd(qs...)}, nil
		}
		return ixResult{t: qOr(qs...)}, nil
	case ixTag, ixPrefix, ixLike:
		v, err := n.arg.Eval(e)
		if err != nil {
			return ixResult{}, err
		}
		switch {
		case v == nil && n.nullFalse:
			return ixFalse, nil // no element equals or is LIKE NULL
		case v == nil && n.kind == ixTag:
			// NULL = ANY(tags) is NULL, except FALSE for an empty array
			return ixResult{t: qNone, f: qNot(namespace.Prefix(""))}, nil
		case v == nil:
			return ixUnknown, nil
		case n.kind == ixTag:
			return ixResult{t: namespace.Tag(v.(string))}, nil
		case n.kind == ixLike:
			return likeQuery(snap, v.(string)), nil
		}
		// prefix '' (the pattern '%'): every entity with at least one tag
		return ixResult{t: namespace.Prefix(v.(string))}, nil
	case ixIDs:
		var ids []string
		sawNull := false
		if n.arg != nil {
			v, err := n.arg.Eval(e)
			if err != nil {
				return ixResult{}, err
			}
			if v == nil {
				return ixUnknown, nil
			}
			for _, el := range v.(*types.Array).Elems {
				if el == nil {
					sawNull = true
					continue
				}
				ids = append(ids, el.(string))
			}
		} else {
			for _, x := range n.args {
				v, err := x.Eval(e)
				if err != nil {
					return ixResult{}, err
				}
				if v == nil {
					sawNull = true
					continue
				}
				ids = append(ids, v.(string))
			}
		}
		q := namespace.IDs(ids...)
		if sawNull {
			// id = ANY('{a,NULL}') is NULL (not FALSE) where id <> 'a'
			return ixResult{t: q, f: qNone}, nil
		}
		return ixResult{t: q}, nil
	case ixCtid:
		v, err := n.arg.Eval(e)
		if err != nil {
			return ixResult{}, err
		}
		if v == nil {
			return ixUnknown, nil
		}
		doc, ok := tidDoc(v.(types.TID))
		if !ok || snap == nil {
			return ixResult{t: qNone}, nil
		}
		ent, err := snap.Get(doc)
		if err != nil {
			return ixResult{t: qNone}, nil
		}
		if cur, ok := snap.Lookup(ent.ID); !ok || cur != doc {
			return ixResult{t: qNone}, nil
		}
		return ixResult{t: namespace.IDs(ent.ID)}, nil
	case ixCreated:
		var from, to time.Time
		var loNull, hiNull bool
		if n.lo != nil {
			var err error
			if from, loNull, err = evalBound(e, n.lo); err != nil {
				return ixResult{}, err
			}
		}
		if n.hi != nil {
			var err error
			if to, hiNull, err = evalBound(e, n.hi); err != nil {
				return ixResult{}, err
			}
		}
		if !loNull && !hiNull {
			return n.createdRange(from, to), nil
		}
		// A NULL bound is NULL on every row; the other bound still decides
		// which rows are FALSE.
		parts := []ixResult{ixUnknown}
		if n.lo != nil && !loNull {
			lo := &ixNode{kind: ixCreated, lo: n.lo, loInc: n.loInc}
			parts = append(parts, lo.createdRange(from, time.Time{}))
		}
		if n.hi != nil && !hiNull {
			hi := &ixNode{kind: ixCreated, hi: n.hi, hiInc: n.hiInc}
			parts = append(parts, hi.createdRange(time.Time{}, to))
		}
		return combine3(parts, false), nil
	case ixNot:
		c, err := n.children[0].build(e, snap)
		if err != nil {
			return ixResult{}, err
		}
		if c.inexact {
			// the complement of a superset says nothing: no narrowing
			return ixResult{t: namespace.All(), inexact: true}, nil
		}
		return c.not3(), nil
	case ixAnd, ixOr:
		kids := make([]ixResult, len(n.children))
		inexact := false
		var rechecks []Expr
		for i, ch := range n.children {
			r, err := ch.build(e, snap)
			if err != nil {
				return ixResult{}, err
			}
			kids[i] = r
			inexact = inexact || r.inexact
			rechecks = append(rechecks, r.rechecks...)
		}
		r := combine3(kids, n.kind == ixOr)
		r.inexact, r.rechecks = inexact, rechecks
		return r, nil
	}
	return ixResult{}, fmt.Errorf("unknown index node %d", n.kind)
}

// maxLikeTags bounds the dictionary tags a LIKE pattern is matched
// against; beyond it the pattern's literal prefix narrows and rows are
// rechecked.
const maxLikeTags = 10000

// likeQuery is the index operation of a LIKE pattern over tags: one tag
// for a pattern without wildcards, a prefix scan for 'p%', otherwise the
// union of the dictionary tags under the literal prefix that match. It is
// inexact (the prefix, to be rechecked) when more than maxLikeTags tags
// share the prefix or the pattern is malformed, so that evaluating rows
// reports the error as it would without the index.
func likeQuery(snap *namespace.Snapshot, pat string) ixResult {
	if lit, ok := likeLiteral(pat); ok {
		return ixResult{t: namespace.Tag(lit)}
	}
	prefix, exact := likePrefix(pat)
	if exact {
		return ixResult{t: namespace.Prefix(prefix)}
	}
	narrow := ixResult{t: namespace.Prefix(prefix), inexact: true}
	if snap == nil || strings.HasSuffix(pat, "\\") && !likeLiteralEnd(pat) {
		return narrow
	}
	var match []*namespace.Query
	seen, bad := 0, false
	snap.Tags(prefix, func(tag string, _ uint64) bool {
		if seen++; seen > maxLikeTags {
			return false
		}
		ok, err := types.LikeMatch(tag, pat, false)
		if err != nil {
			bad = true
			return false
		}
		if ok {
			match = append(match, namespace.Tag(tag))
		}
		return true
	})
	if bad || seen > maxLikeTags {
		return narrow
	}
	return ixResult{t: qOr(match...)}
}

// likeLiteral returns the string a LIKE pattern without wildcards matches
// (escapes removed); ok is false if the pattern has a wildcard or ends in
// a lone escape.
func likeLiteral(p string) (lit string, ok bool) {
	if !strings.ContainsAny(p, "%_\\") {
		return p, true
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '%', '_':
			return "", false
		case '\\':
			if i+1 == len(p) {
				return "", false
			}
			i++
			b.WriteByte(p[i])
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// likeLiteralEnd reports whether a pattern's trailing backslash is
// escaped (the pattern ends in an even run of backslashes).
func likeLiteralEnd(p string) bool {
	n := 0
	for i := len(p) - 1; i >= 0 && p[i] == '\\'; i-- {
		n++
	}
	return n%2 == 0
}

// createdRange is the range between the evaluated bounds: from is the lower
// bound when n.lo is set, to the upper bound when n.hi is set.
func (n *ixNode) createdRange(from, to time.Time) ixResult {
	if n.lo != nil {
		if !n.loInc {
			from = from.Add(time.Microsecond)
		}
		if from.IsZero() {
			from = from.Add(time.Nanosecond) // zero means unbounded
		}
	}
	if n.hi != nil {
		if n.hiInc {
			to = to.Add(time.Microsecond)
		}
		if to.IsZero() {
			return ixFalse // nothing is before the zero time
		}
	}
	if !to.IsZero() && !from.IsZero() && !from.Before(to) {
		return ixFalse
	}
	return ixResult{t: namespace.CreatedRange(from, to)}
}

// describeQuery renders a built query for EXPLAIN ANALYZE and tests.
func describeQuery(q *namespace.Query) string {
	switch q.Kind {
	case namespace.QAll:
		return "all"
	case namespace.QTag:
		return fmt.Sprintf("tag %q", q.Tag)
	case namespace.QPrefix:
		return fmt.Sprintf("prefix %q", q.Tag)
	case namespace.QIDs:
		if len(q.IDs) == 0 {
			return "none"
		}
		return fmt.Sprintf("ids %q", q.IDs)
	case namespace.QCreatedRange:
		var parts []string
		if !q.From.IsZero() {
			parts = append(parts, "from "+q.From.UTC().Format(time.RFC3339Nano))
		}
		if !q.To.IsZero() {
			parts = append(parts, "to "+q.To.UTC().Format(time.RFC3339Nano))
		}
		return "created " + strings.Join(parts, " ")
	case namespace.QNot:
		return "not(" + describeQuery(q.Args[0]) + ")"
	}
	name := "intersect"
	if q.Kind == namespace.QOr {
		name = "union"
	}
	parts := make([]string, len(q.Args))
	for i, a := range q.Args {
		parts[i] = describeQuery(a)
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}
