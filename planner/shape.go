package planner

// The shape cache: simple-protocol SELECTs that differ only in string
// literals compared with columns share one plan.
//
// Drivers that interpolate values into the query text (psycopg2, many
// ORMs, shell scripts) send `SELECT … WHERE id = 'e00001234'` with a new
// literal each time, so the text-keyed caches always miss and every
// statement pays a full parse and plan (docs/planner.md measures ~60 µs,
// most of it in the parser's C-to-Go tree conversion). The shape cache
// keys such a statement by its text with each string literal replaced by
// a parameter ($1, $2, …) and keeps the plan of that parameterised text;
// a later statement with the same shape is executed from that plan with
// its literals bound as text parameters, without being parsed.
//
// A shape is only shared when that cannot change a result, an error or a
// row description. It is learned from a statement that was just parsed
// and planned normally:
//
//   - the statement is one SELECT (not EXPLAIN) whose plan is cacheable,
//     the query text has no comments, dollar quotes, parameters,
//     semicolons or prefixed strings (E'', B'', X'', U&''), and
//     standard_conforming_strings is on;
//   - every string constant of the parse tree is one literal the shape
//     scanner found at the same offset, and each is compared with a
//     column: an operand of a comparison, containment or pattern operator
//     (shapeOperators), IN, LIKE, ANY/ALL or IS DISTINCT FROM whose other
//     operand is a column reference (directly or as the elements of an
//     ARRAY[…] or IN list), or the pattern or key argument of
//     has_tag_like/tag_value applied to a column. PostgreSQL coerces
//     such a literal to the column side's type when it parses the query,
//     exactly as it types a parameter there, and evaluates the expression
//     per row either way. A literal anywhere else (a select-list
//     constant, a cast, a function argument, ORDER BY 'x') can be folded
//     at plan time or change the plan, so a statement holding one is not
//     shared;
//   - the parameterised text plans without error, every parameter gets a
//     type, and the row description is the one of the literal statement.
//
// A statement executed from its shape whose literal does not convert to
// the parameter's type (22P02, 22007, …) is run again through the normal
// path, which reports the error with its position as PostgreSQL does.

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// shapeEntry is a learned shape: its plan, or nil when statements of this
// shape must take the normal path.
type shapeEntry struct {
	plan *stmtPlan
}

// maxShapeText bounds the statements the shape scanner looks at.
const maxShapeText = 8 << 10

// scanShape finds the string literals of sql. It returns the text with
// each literal replaced by $1, $2, …, each literal's value and the byte
// offset of its opening quote; ok is false when sql holds anything the
// scanner does not handle (see the package comment above).
func scanShape(sql string) (masked string, lits []string, offs []int, ok bool) {
	if len(sql) > maxShapeText || strings.IndexByte(sql, '\'') < 0 {
		return "", nil, nil, false
	}
	var b strings.Builder
	b.Grow(len(sql))
	last := 0
	for i := 0; i < len(sql); i++ {
		switch c := sql[i]; c {
		case '\'':
			if i > 0 && isShapeWordByte(sql[i-1]) {
				return "", nil, nil, false // E'…', B'…', X'…', N'…', U&'…'
			}
			var val strings.Builder
			j := i + 1
			for {
				k := strings.IndexByte(sql[j:], '\'')
				if k < 0 {
					return "", nil, nil, false // unterminated: the parser reports it
				}
				val.WriteString(sql[j : j+k])
				j += k + 1
				if j < len(sql) && sql[j] == '\'' {
					val.WriteByte('\'')
					j++
					continue
				}
				break
			}
			b.WriteString(sql[last:i])
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(len(lits) + 1))
			lits = append(lits, val.String())
			offs = append(offs, i)
			last = j
			i = j - 1
		case '"':
			k := i + 1
			for {
				e := strings.IndexByte(sql[k:], '"')
				if e < 0 {
					return "", nil, nil, false
				}
				k += e + 1
				if k < len(sql) && sql[k] == '"' {
					k++
					continue
				}
				break
			}
			i = k - 1
		case '$', ';', '\\':
			return "", nil, nil, false
		case '-':
			if i+1 < len(sql) && sql[i+1] == '-' {
				return "", nil, nil, false
			}
		case '/':
			if i+1 < len(sql) && sql[i+1] == '*' {
				return "", nil, nil, false
			}
		}
	}
	b.WriteString(sql[last:])
	return b.String(), lits, offs, true
}

// isShapeWordByte reports bytes that make a quote part of a prefixed
// string (E'…', U&'…') or of an identifier.
func isShapeWordByte(c byte) bool {
	return c == '_' || c == '&' || c == '$' || c >= 0x80 ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// shapeMode is the entitydb.shape_cache setting: "on" (the default),
// "off", or "always" (tests: the first statement of a shape runs from the
// shape's plan too).
func (s *Session) shapeMode() string {
	switch v := strings.ToLower(s.settings.vals["entitydb.shape_cache"]); v {
	case "off", "always":
		return v
	}
	return "on"
}

// shapeUsable reports whether the session may use shapes now.
func (s *Session) shapeUsable() bool {
	return s.shapeMode() != "off" && s.settings.get("standard_conforming_strings") == "on"
}

// shapePlan returns the shared plan and the parameter values for sql when
// its shape is known and every literal converts to its parameter's type.
func (s *Session) shapePlan(sql string) (*stmtPlan, []Datum, bool) {
	if !s.shapeUsable() {
		return nil, nil, false
	}
	masked, lits, _, ok := scanShape(sql)
	if !ok {
		return nil, nil, false
	}
	e, ok := s.engine.shapeCache.Get(s.planKeyFor(masked))
	if !ok || e.plan == nil {
		return nil, nil, false
	}
	params := make([]BindParam, len(lits))
	for i, l := range lits {
		params[i] = BindParam{Value: []byte(l)}
	}
	vals, err := decodeParams(e.plan.paramTypes, params, s.formatSettings())
	if err != nil {
		return nil, nil, false // the normal path reports it, with its position
	}
	s.engine.shapeHits.Add(1)
	return e.plan, vals, true
}

// learnShape records the shape of sql, a single statement st that was
// just planned as p, as shareable or not (see the comment at the top).
func (s *Session) learnShape(sql string, st *rawStmt, p *stmtPlan) {
	if !s.shapeUsable() {
		return
	}
	masked, lits, offs, ok := scanShape(sql)
	if !ok {
		return
	}
	key := s.planKeyFor(masked)
	if _, ok := s.engine.shapeCache.Get(key); ok {
		return
	}
	entry := &shapeEntry{}
	defer func() { s.engine.shapeCache.Add(key, entry) }()
	if st.node.GetSelectStmt() == nil || p.kind != stmtQuery || !p.cacheable || len(p.paramTypes) != 0 {
		return
	}
	all, safe := stringConsts(st.node)
	if !slices.Equal(all, offs) || !slices.Equal(safe, offs) {
		return
	}
	stmts, err := s.engine.parse(masked)
	if err != nil || len(stmts) != 1 {
		return
	}
	p2, err := s.planStatement(stmts[0], masked, nil)
	if err != nil || p2.kind != stmtQuery || !p2.cacheable || len(p2.paramTypes) != len(lits) || !sameColumns(p.cols, p2.cols) {
		return
	}
	entry.plan = p2
}

func sameColumns(a, b []colInfo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].name != b[i].name || a[i].typ != b[i].typ {
			return false
		}
	}
	return true
}

// stringConsts walks a parse tree and returns the offsets of all its
// string constants (A_Const with a string value) and of those compared
// with a column, both sorted.
func stringConsts(n *pg.Node) (all, safe []int) {
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		switch v := m.Interface().(type) {
		case *pg.A_Const:
			if v.GetSval() != nil {
				all = append(all, int(v.Location))
			}
			return
		case *pg.A_Expr:
			safe = append(safe, comparedConsts(v)...)
		case *pg.FuncCall:
			safe = append(safe, tagFuncConsts(v)...)
		}
		m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
			switch {
			case fd.IsList():
				if fd.Kind() == protoreflect.MessageKind {
					l := val.List()
					for i := 0; i < l.Len(); i++ {
						walk(l.Get(i).Message())
					}
				}
			case fd.IsMap():
			case fd.Kind() == protoreflect.MessageKind:
				walk(val.Message())
			}
			return true
		})
	}
	walk(n.ProtoReflect())
	slices.Sort(all)
	slices.Sort(safe)
	return all, safe
}

// shapeOperators are the operators whose literal operand is shared: the
// comparisons, containment/overlap and pattern matches, which take the
// literal as a value of the column side's type. Arithmetic and || are not
// (their operand types decide which operator applies).
var shapeOperators = map[string]bool{
	"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true,
	"@>": true, "<@": true, "&&": true,
	"~~": true, "!~~": true, "~~*": true, "!~~*": true, "~": true, "~*": true, "!~": true, "!~*": true,
}

// comparedConsts returns the string constants of an operator expression
// whose other operand is a column reference.
func comparedConsts(e *pg.A_Expr) []int {
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP, pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL,
		pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT, pg.A_Expr_Kind_AEXPR_IN,
		pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE:
	default:
		return nil
	}
	if e.Lexpr == nil || e.Rexpr == nil {
		return nil
	}
	if e.Kind == pg.A_Expr_Kind_AEXPR_OP || e.Kind == pg.A_Expr_Kind_AEXPR_OP_ANY || e.Kind == pg.A_Expr_Kind_AEXPR_OP_ALL {
		if len(e.Name) != 1 || !shapeOperators[e.Name[0].GetString_().GetSval()] {
			return nil
		}
	}
	if e.Lexpr.GetColumnRef() != nil {
		return constOperand(e.Rexpr)
	}
	if e.Rexpr.GetColumnRef() != nil {
		return constOperand(e.Lexpr)
	}
	return nil
}

// constOperand returns the offsets of a string constant, or of the
// elements of an ARRAY[…] or IN list when all of them are string
// constants.
func constOperand(n *pg.Node) []int {
	if c := n.GetAConst(); c != nil {
		if c.GetSval() != nil {
			return []int{int(c.Location)}
		}
		return nil
	}
	var elems []*pg.Node
	if a := n.GetAArrayExpr(); a != nil {
		elems = a.Elements
	} else if l := n.GetList(); l != nil {
		elems = l.Items
	}
	var out []int
	for _, el := range elems {
		c := el.GetAConst()
		if c == nil || c.GetSval() == nil {
			return nil
		}
		out = append(out, int(c.Location))
	}
	return out
}

// tagFuncConsts returns the pattern or key constant of has_tag_like or
// tag_value applied to a column.
func tagFuncConsts(f *pg.FuncCall) []int {
	if len(f.Funcname) == 0 || len(f.Args) != 2 || f.AggStar || f.AggDistinct || f.Over != nil || f.AggFilter != nil || len(f.AggOrder) > 0 {
		return nil
	}
	switch strings.ToLower(f.Funcname[len(f.Funcname)-1].GetString_().GetSval()) {
	case "has_tag_like", "tag_value":
	default:
		return nil
	}
	if f.Args[0].GetColumnRef() == nil {
		return nil
	}
	if c := f.Args[1].GetAConst(); c != nil && c.GetSval() != nil {
		return []int{int(c.Location)}
	}
	return nil
}
