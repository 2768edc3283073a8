package planner

// Window functions: row_number, rank, dense_rank, and aggregates used with
// OVER (whole partition without ORDER BY; running with the default frame
// RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW when ordered).

import (
	"sort"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

type windowKind uint8

const (
	winNone windowKind = iota
	winRowNumber
	winRank
	winDenseRank
	winPercentRank
	winCumeDist
	winNtile
	winLag
	winLead
	winFirstValue
	winLastValue
	winNthValue
)

// windowRef is a window function call; it becomes a column of the window
// node's output.
type windowRef struct {
	def       *funcDef
	args      []Expr
	partition []Expr
	order     []aggOrder
	typ       types.Type
	filter    Expr
	star      bool
	idx       int
	// frame is the frame clause (PostgreSQL's FRAMEOPTION_* bits; 0 is
	// the default RANGE UNBOUNDED PRECEDING AND CURRENT ROW) with its
	// offsets.
	frame            int32
	startOff, endOff Expr
}

// Frame option bits (nodes/parsenodes.h).
const (
	frameNonDefault         = 0x00001
	frameRange              = 0x00002
	frameRows               = 0x00004
	frameGroups             = 0x00008
	frameStartUnboundedPrec = 0x00020
	frameEndUnboundedFoll   = 0x00100
	frameStartCurrentRow    = 0x00200
	frameEndCurrentRow      = 0x00400
	frameStartOffsetPrec    = 0x00800
	frameEndOffsetPrec      = 0x01000
	frameStartOffsetFoll    = 0x02000
	frameEndOffsetFoll      = 0x04000
	frameExcludeCurrentRow  = 0x08000
	frameExcludeGroup       = 0x10000
	frameExcludeTies        = 0x20000
	frameExcludeMask        = frameExcludeCurrentRow | frameExcludeGroup | frameExcludeTies
)

func (w *windowRef) Type() types.Type { return w.typ }
func (w *windowRef) Eval(*env) (Datum, error) {
	return nil, pgerr.New(pgerr.InternalError, "window function evaluated outside a window")
}
func (w *windowRef) String() string {
	var b strings.Builder
	b.WriteString(w.def.name + "(")
	if w.star {
		b.WriteString("*")
	} else {
		b.WriteString(joinExprs(w.args))
	}
	b.WriteString(") OVER (")
	if len(w.partition) > 0 {
		b.WriteString("PARTITION BY " + joinExprs(w.partition))
	}
	if len(w.order) > 0 {
		if len(w.partition) > 0 {
			b.WriteString(" ")
		}
		parts := make([]string, len(w.order))
		for i, o := range w.order {
			parts[i] = o.expr.String()
			if o.desc {
				parts[i] += " DESC"
			}
		}
		b.WriteString("ORDER BY " + strings.Join(parts, ", "))
	}
	b.WriteString(")")
	return b.String()
}

type windowNode struct {
	input planNode
	funcs []*windowRef
	cols  []colInfo
}

func (w *windowNode) columns() []colInfo   { return w.cols }
func (w *windowNode) children() []planNode { return []planNode{w.input} }

func (w *windowNode) start(ec *execCtx, outer *env) (rowIter, error) {
	rows, err := runPlan(ec, w.input, outer)
	if err != nil {
		return nil, err
	}
	nin := len(w.input.columns())
	out := make([][]Datum, len(rows))
	for i, r := range rows {
		o := make([]Datum, nin+len(w.funcs))
		copy(o, r)
		out[i] = o
	}
	e := &env{outer: outer, ec: ec}
	var lastPerm []int
	for fi, f := range w.funcs {
		// sort keys: partition values then order values
		type keyed struct {
			idx  int
			part []Datum
			ord  []Datum
		}
		ks := make([]keyed, len(rows))
		for i, r := range rows {
			e.row = r
			k := keyed{idx: i}
			for _, p := range f.partition {
				v, err := p.Eval(e)
				if err != nil {
					return nil, err
				}
				k.part = append(k.part, v)
			}
			for _, o := range f.order {
				v, err := o.expr.Eval(e)
				if err != nil {
					return nil, err
				}
				k.ord = append(k.ord, v)
			}
			ks[i] = k
		}
		partKeys := make([]sortKey, len(f.partition))
		for i := range partKeys {
			partKeys[i] = sortKey{idx: i}
		}
		ordKeys := make([]sortKey, len(f.order))
		for i, o := range f.order {
			ordKeys[i] = sortKey{idx: i, desc: o.desc, nullsFirst: o.nullsFirst}
		}
		sort.SliceStable(ks, func(a, b int) bool {
			if c := compareRows(ks[a].part, ks[b].part, partKeys); c != 0 {
				return c < 0
			}
			return compareRows(ks[a].ord, ks[b].ord, ordKeys) < 0
		})
		perm := make([]int, len(ks))
		for i, k := range ks {
			perm[i] = k.idx
		}
		lastPerm = perm
		col := nin + fi
		// walk partitions
		for start := 0; start < len(ks); {
			end := start + 1
			for end < len(ks) && compareRows(ks[start].part, ks[end].part, partKeys) == 0 {
				end++
			}
			if err := w.computePartition(e, f, rows, out, col, end-start, func(i int) int { return ks[start+i].idx }, func(a, b int) bool {
				return compareRows(ks[start+a].ord, ks[start+b].ord, ordKeys) == 0
			}); err != nil {
				return nil, err
			}
			start = end
		}
	}
	// Emit in the order of the last window's sort (as PostgreSQL does).
	if lastPerm != nil {
		sorted := make([][]Datum, len(out))
		for i, p := range lastPerm {
			sorted[i] = out[p]
		}
		out = sorted
	}
	return &sliceIter{rows: out}, nil
}

func (w *windowNode) computePartition(e *env, f *windowRef, rows, out [][]Datum, col int, n int, idxOf func(int) int, peers func(a, b int) bool) error {
	// valueAt sets row i's result to the first argument evaluated on row j
	valueAt := func(i, j int) error {
		e.row = rows[idxOf(j)]
		v, err := f.args[0].Eval(e)
		if err != nil {
			return err
		}
		out[idxOf(i)][col] = v
		return nil
	}
	switch f.def.window {
	case winRowNumber:
		for i := 0; i < n; i++ {
			out[idxOf(i)][col] = int64(i + 1)
		}
		return nil
	case winRank, winDenseRank, winPercentRank, winCumeDist:
		rank, dense := 1, 1
		for i := 0; i < n; i++ {
			if i > 0 && !peers(i-1, i) {
				rank = i + 1
				dense++
			}
			switch f.def.window {
			case winRank:
				out[idxOf(i)][col] = int64(rank)
			case winDenseRank:
				out[idxOf(i)][col] = int64(dense)
			case winPercentRank:
				if n == 1 {
					out[idxOf(i)][col] = 0.0
				} else {
					out[idxOf(i)][col] = float64(rank-1) / float64(n-1)
				}
			}
		}
		if f.def.window == winCumeDist {
			for i := 0; i < n; {
				j := i + 1
				for j < n && peers(i, j) {
					j++
				}
				for k := i; k < j; k++ {
					out[idxOf(k)][col] = float64(j) / float64(n)
				}
				i = j
			}
		}
		return nil
	case winNtile:
		e.row = rows[idxOf(0)]
		v, err := f.args[0].Eval(e)
		if err != nil {
			return err
		}
		if v == nil {
			return nil
		}
		buckets := int(v.(int64))
		if buckets <= 0 {
			return pgerr.New(pgerr.InvalidArgumentForNtile, "argument of ntile must be greater than zero")
		}
		per, extra := n/buckets, n%buckets
		i := 0
		for b := 1; b <= buckets && i < n; b++ {
			size := per
			if b <= extra {
				size++
			}
			for k := 0; k < size && i < n; k++ {
				out[idxOf(i)][col] = int64(b)
				i++
			}
		}
		return nil
	case winFirstValue, winLastValue, winNthValue:
		lo, hi, excluded, err := frameBounds(e, f, n, rows, idxOf, peers)
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			member := func(k int) bool { return excluded == nil || !excluded(i, k) }
			j := -1 // the frame row whose value this row gets
			switch f.def.window {
			case winFirstValue:
				for k := lo[i]; k <= hi[i] && j < 0; k++ {
					if member(k) {
						j = k
					}
				}
			case winLastValue:
				for k := hi[i]; k >= lo[i] && j < 0; k-- {
					if member(k) {
						j = k
					}
				}
			case winNthValue:
				// the nth row of the frame (n from this row), NULL past its end
				e.row = rows[idxOf(i)]
				v, err := f.args[1].Eval(e)
				if err != nil {
					return err
				}
				if v == nil {
					break
				}
				nth := v.(int64)
				if nth <= 0 {
					return pgerr.New(pgerr.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero")
				}
				for k := lo[i]; k <= hi[i] && j < 0; k++ {
					if member(k) {
						if nth--; nth == 0 {
							j = k
						}
					}
				}
			}
			if j < 0 {
				out[idxOf(i)][col] = nil
				continue
			}
			if err := valueAt(i, j); err != nil {
				return err
			}
		}
		return nil
	case winLag, winLead:
		for i := 0; i < n; i++ {
			e.row = rows[idxOf(i)]
			offset := 1
			var def Datum
			if len(f.args) > 1 {
				v, err := f.args[1].Eval(e)
				if err != nil {
					return err
				}
				if v == nil {
					continue
				}
				offset = int(v.(int64))
			}
			if len(f.args) > 2 {
				v, err := f.args[2].Eval(e)
				if err != nil {
					return err
				}
				def = v
			}
			j := i + offset
			if f.def.window == winLag {
				j = i - offset
			}
			if j < 0 || j >= n {
				out[idxOf(i)][col] = def
				continue
			}
			if err := valueAt(i, j); err != nil {
				return err
			}
		}
		return nil
	}
	if f.def.agg == nil {
		return pgerr.Newf(pgerr.FeatureNotSupported, "window function %s is not supported", f.def.name)
	}
	cc := &callCtx{env: e}
	feed := func(st aggState, i int) error {
		e.row = rows[idxOf(i)]
		if f.filter != nil {
			v, err := f.filter.Eval(e)
			if err != nil {
				return err
			}
			if v != true {
				return nil
			}
		}
		args := make([]Datum, len(f.args))
		for k, a := range f.args {
			v, err := a.Eval(e)
			if err != nil {
				return err
			}
			if v == nil && f.def.agg.strictArgs {
				return nil
			}
			args[k] = v
		}
		return st.add(cc, args)
	}
	if f.frame&frameNonDefault != 0 {
		lo, hi, excluded, err := frameBounds(e, f, n, rows, idxOf, peers)
		if err != nil {
			return err
		}
		whole := excluded == nil
		for i := 0; i < n && whole; i++ {
			if lo[i] != 0 || hi[i] != n-1 {
				whole = false
				break
			}
		}
		if !whole {
			for i := 0; i < n; i++ {
				st := f.def.agg.newState()
				for k := lo[i]; k <= hi[i]; k++ {
					if excluded != nil && excluded(i, k) {
						continue
					}
					if err := feed(st, k); err != nil {
						return err
					}
				}
				v, err := st.result(cc)
				if err != nil {
					return err
				}
				out[idxOf(i)][col] = v
			}
			return nil
		}
	}
	if len(f.order) == 0 || f.frame&frameNonDefault != 0 {
		st := f.def.agg.newState()
		for i := 0; i < n; i++ {
			if err := feed(st, i); err != nil {
				return err
			}
		}
		v, err := st.result(cc)
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			out[idxOf(i)][col] = v
		}
		return nil
	}
	// running aggregate over peers groups
	st := f.def.agg.newState()
	for i := 0; i < n; {
		j := i + 1
		for j < n && peers(i, j) {
			j++
		}
		for k := i; k < j; k++ {
			if err := feed(st, k); err != nil {
				return err
			}
		}
		v, err := st.result(cc)
		if err != nil {
			return err
		}
		for k := i; k < j; k++ {
			out[idxOf(k)][col] = v
		}
		i = j
	}
	return nil
}

// frameBounds computes each row's frame [lo, hi] within a partition of n
// rows (lo > hi: empty).
// frameBounds returns each row's frame [lo[i], hi[i]] and, when the frame
// has an EXCLUDE option, which rows of it are left out (nil: none).
func frameBounds(e *env, f *windowRef, n int, rows [][]Datum, idxOf func(int) int, peers func(a, b int) bool) ([]int, []int, func(i, k int) bool, error) {
	lo, hi, groupOf, err := frameRanges(e, f, n, rows, idxOf, peers)
	if err != nil {
		return nil, nil, nil, err
	}
	var excluded func(i, k int) bool
	switch {
	case f.frame&frameExcludeCurrentRow != 0:
		excluded = func(i, k int) bool { return k == i }
	case f.frame&frameExcludeGroup != 0:
		excluded = func(i, k int) bool { return groupOf[k] == groupOf[i] }
	case f.frame&frameExcludeTies != 0:
		excluded = func(i, k int) bool { return k != i && groupOf[k] == groupOf[i] }
	}
	return lo, hi, excluded, nil
}

// frameRanges computes the frame bounds and each row's peer group.
func frameRanges(e *env, f *windowRef, n int, rows [][]Datum, idxOf func(int) int, peers func(a, b int) bool) ([]int, []int, []int, error) {
	opts := f.frame
	lo, hi := make([]int, n), make([]int, n)
	// peer groups
	groupOf := make([]int, n)
	var groupStart, groupEnd []int
	for i := 0; i < n; i++ {
		if i > 0 && (len(f.order) == 0 || peers(i-1, i)) {
			groupOf[i] = groupOf[i-1]
			groupEnd[len(groupEnd)-1] = i
			continue
		}
		if i > 0 {
			groupOf[i] = groupOf[i-1] + 1
		}
		groupStart = append(groupStart, i)
		groupEnd = append(groupEnd, i)
	}
	offset := func(x Expr) (int, error) {
		if x == nil {
			return 0, nil
		}
		e.row = rows[idxOf(0)]
		v, err := x.Eval(e)
		if err != nil {
			return 0, err
		}
		if v == nil {
			return 0, pgerr.New(pgerr.NullValueNotAllowed, "frame starting offset must not be null")
		}
		k := toInt64(v)
		if k < 0 {
			return 0, pgerr.New(pgerr.InvalidPrecedingOrFollowingSize, "frame starting offset must not be negative")
		}
		return int(k), nil
	}
	if opts&frameRange != 0 && opts&(frameStartOffsetPrec|frameStartOffsetFoll|frameEndOffsetPrec|frameEndOffsetFoll) != 0 {
		lo, hi, err := rangeBounds(e, f, n, rows, idxOf, groupStart, groupEnd, groupOf)
		return lo, hi, groupOf, err
	}
	sk, err := offset(f.startOff)
	if err != nil {
		return nil, nil, nil, err
	}
	ek, err := offset(f.endOff)
	if err != nil {
		return nil, nil, nil, err
	}
	rowsMode := opts&frameRows != 0
	groupsMode := opts&frameGroups != 0
	for i := 0; i < n; i++ {
		g := groupOf[i]
		switch {
		case opts&frameStartUnboundedPrec != 0 || opts&frameNonDefault == 0:
			lo[i] = 0
		case opts&frameStartCurrentRow != 0:
			if rowsMode {
				lo[i] = i
			} else {
				lo[i] = groupStart[g]
			}
		case opts&frameStartOffsetPrec != 0:
			if groupsMode {
				lo[i] = groupStart[max(g-sk, 0)]
			} else {
				lo[i] = i - sk
			}
		case opts&frameStartOffsetFoll != 0:
			if groupsMode {
				if g+sk >= len(groupStart) {
					lo[i] = n
				} else {
					lo[i] = groupStart[g+sk]
				}
			} else {
				lo[i] = i + sk
			}
		}
		switch {
		case opts&frameNonDefault == 0:
			if len(f.order) == 0 {
				hi[i] = n - 1
			} else {
				hi[i] = groupEnd[g]
			}
		case opts&frameEndUnboundedFoll != 0:
			hi[i] = n - 1
		case opts&frameEndCurrentRow != 0:
			if rowsMode {
				hi[i] = i
			} else {
				hi[i] = groupEnd[g]
			}
		case opts&frameEndOffsetPrec != 0:
			if groupsMode {
				if g-ek < 0 {
					hi[i] = -1
				} else {
					hi[i] = groupEnd[g-ek]
				}
			} else {
				hi[i] = i - ek
			}
		case opts&frameEndOffsetFoll != 0:
			if groupsMode {
				hi[i] = groupEnd[min(g+ek, len(groupEnd)-1)]
			} else {
				hi[i] = i + ek
			}
		default:
			hi[i] = groupEnd[g]
		}
		lo[i] = max(lo[i], 0)
		hi[i] = min(hi[i], n-1)
	}
	return lo, hi, groupOf, nil
}

func (w *windowNode) explain(x *explainer) explainInfo {
	in := x.est(w.input)
	return explainInfo{title: "WindowAgg", est: estimate{in.total, in.total + in.rows*0.01, in.rows, rowWidth(w.cols)}}
}

func init() {
	regLocal(&funcDef{name: "row_number", ret: types.Int8OID, window: winRowNumber})
	regLocal(&funcDef{name: "rank", ret: types.Int8OID, window: winRank})
	regLocal(&funcDef{name: "dense_rank", ret: types.Int8OID, window: winDenseRank})
	regLocal(&funcDef{name: "percent_rank", ret: types.Float8OID, window: winPercentRank})
	regLocal(&funcDef{name: "cume_dist", ret: types.Float8OID, window: winCumeDist})
	regLocal(&funcDef{name: "ntile", params: []types.OID{types.Int4OID}, ret: types.Int4OID, window: winNtile})
	for _, n := range []struct {
		name string
		k    windowKind
	}{{"lag", winLag}, {"lead", winLead}} {
		regLocal(&funcDef{name: n.name, params: []types.OID{types.AnyElementOID}, ret: types.AnyElementOID, window: n.k})
		regLocal(&funcDef{name: n.name, params: []types.OID{types.AnyElementOID, types.Int4OID}, ret: types.AnyElementOID, window: n.k})
		regLocal(&funcDef{name: n.name, params: []types.OID{types.AnyElementOID, types.Int4OID, types.AnyElementOID}, ret: types.AnyElementOID, window: n.k})
	}
	regLocal(&funcDef{name: "first_value", params: []types.OID{types.AnyElementOID}, ret: types.AnyElementOID, window: winFirstValue})
	regLocal(&funcDef{name: "last_value", params: []types.OID{types.AnyElementOID}, ret: types.AnyElementOID, window: winLastValue})
	regLocal(&funcDef{name: "nth_value", params: []types.OID{types.AnyElementOID, types.Int4OID}, ret: types.AnyElementOID, window: winNthValue})
}

// rangeOffsetType is the type of a RANGE frame offset for an ORDER BY key
// of type key (PostgreSQL's in_range support): integers take a bigint,
// numeric and floating point their own kind, date/time types an interval.
func rangeOffsetType(key types.OID) (types.Type, bool) {
	switch key {
	case types.Int2OID, types.Int4OID, types.Int8OID:
		return tInt8, true
	case types.NumericOID:
		return types.Of(types.NumericOID), true
	case types.Float4OID, types.Float8OID:
		return tFloat8, true
	case types.DateOID, types.TimestampOID, types.TimestampTZOID, types.TimeOID, types.TimeTZOID, types.IntervalOID:
		return types.Of(types.IntervalOID), true
	}
	return types.Type{}, false
}

// bindRangeOffsets checks a RANGE frame with offsets (one ORDER BY key of
// a type with in_range support) and coerces the offsets to its offset
// type.
func (a *analyzer) bindRangeOffsets(w *windowRef) error {
	// repeated keys (ORDER BY x, x) are one key, as in PostgreSQL
	for _, o := range w.order[1:] {
		if exprKey(o.expr) != exprKey(w.order[0].expr) {
			return pgerr.New(pgerr.WindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column")
		}
	}
	if len(w.order) == 0 {
		return pgerr.New(pgerr.WindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column")
	}
	w.order = w.order[:1]
	kt := w.order[0].expr.Type()
	for _, off := range []*Expr{&w.startOff, &w.endOff} {
		if *off == nil {
			continue
		}
		ot, ok := rangeOffsetType(kt.OID)
		if !ok {
			return pgerr.Newf(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s", types.FormatType(kt.OID, -1))
		}
		x, err := a.coerce(*off, ot, "frame offset")
		if err != nil {
			return err
		}
		*off = x
	}
	return nil
}

// rangeBounds computes the frame bounds of a RANGE frame with offsets:
// rows whose ORDER BY key lies within the offsets of the current row's
// key (in the order's direction). Rows with a NULL key are in range only
// of each other.
func rangeBounds(e *env, f *windowRef, n int, rows [][]Datum, idxOf func(int) int, groupStart, groupEnd, groupOf []int) ([]int, []int, error) {
	opts := f.frame
	ord := f.order[0]
	kt := ord.expr.Type()
	ot, _ := rangeOffsetType(kt.OID)
	keys := make([]Datum, n)
	for i := 0; i < n; i++ {
		e.row = rows[idxOf(i)]
		v, err := ord.expr.Eval(e)
		if err != nil {
			return nil, nil, err
		}
		keys[i] = v
	}
	offVal := func(x Expr) (Datum, error) {
		if x == nil {
			return nil, nil
		}
		e.row = rows[idxOf(0)]
		v, err := x.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, pgerr.New(pgerr.NullValueNotAllowed, "frame starting offset must not be null")
		}
		zero, err := types.Cast(int64(0), tInt4, ot, nil)
		if ot.OID == types.IntervalOID {
			zero, err = types.ParseText("0", ot, nil)
		}
		if err != nil {
			return nil, err
		}
		if types.Compare(v, zero, ot) < 0 {
			return nil, pgerr.New(pgerr.InvalidPrecedingOrFollowingSize, "invalid preceding or following size in window function")
		}
		return v, nil
	}
	sv, err := offVal(f.startOff)
	if err != nil {
		return nil, nil, err
	}
	ev, err := offVal(f.endOff)
	if err != nil {
		return nil, nil, err
	}
	// the non-NULL keys occupy [nnLo, nnHi)
	nnLo, nnHi := 0, n
	for nnLo < n && keys[nnLo] == nil {
		nnLo++
	}
	for nnHi > nnLo && keys[nnHi-1] == nil {
		nnHi--
	}
	ectx := (&callCtx{env: e}).evalCtx()
	type opKey struct {
		op     string
		at, bt types.OID
	}
	resolved := map[opKey]*types.Call{} // each operator is resolved once
	call := func(op string, at types.Type, a Datum, bt types.Type, b Datum) (Datum, types.Type, error) {
		c := resolved[opKey{op, at.OID, bt.OID}]
		if c == nil {
			var err error
			if c, err = types.ResolveOperator(op, at, bt); err != nil {
				return nil, types.Type{}, err
			}
			resolved[opKey{op, at.OID, bt.OID}] = c
		}
		var err error
		if a, err = types.Coerce(a, at, c.ArgTypes[0], nil); err != nil {
			return nil, types.Type{}, err
		}
		if b, err = types.Coerce(b, bt, c.ArgTypes[1], nil); err != nil {
			return nil, types.Type{}, err
		}
		v, err := c.Eval(ectx, []Datum{a, b})
		return v, c.Type, err
	}
	// bound moves key by off towards the frame side (PRECEDING: smaller
	// keys in ascending order, larger in descending).
	bound := func(k, off Datum, preceding bool) (Datum, types.Type, error) {
		op := "+"
		if preceding != ord.desc {
			op = "-"
		}
		return call(op, kt, k, ot, off)
	}
	// before reports whether x comes before y in the window's order.
	before := func(xt types.Type, x Datum, yt types.Type, y Datum) (bool, error) {
		if ord.desc {
			xt, x, yt, y = yt, y, xt, x
		}
		v, _, err := call("<", xt, x, yt, y)
		return v == true, err
	}
	// search returns the first position in [nnLo, nnHi) where pred holds
	// (pred must be false, then true, along the order).
	search := func(pred func(j int) (bool, error)) (int, error) {
		var ferr error
		k := sort.Search(nnHi-nnLo, func(t int) bool {
			ok, err := pred(nnLo + t)
			if err != nil && ferr == nil {
				ferr = err
			}
			return ok
		})
		return nnLo + k, ferr
	}
	lo, hi := make([]int, n), make([]int, n)
	for i := 0; i < n; i++ {
		g := groupOf[i]
		// a NULL key is in range only of the other NULL keys
		lo[i], hi[i] = groupStart[g], groupEnd[g]
		switch {
		case opts&frameStartUnboundedPrec != 0:
			lo[i] = 0
		case opts&frameStartCurrentRow != 0:
		case keys[i] != nil:
			b, bt, err := bound(keys[i], sv, opts&frameStartOffsetPrec != 0)
			if err != nil {
				return nil, nil, err
			}
			// the first row not before the bound
			if lo[i], err = search(func(j int) (bool, error) {
				isBefore, err := before(kt, keys[j], bt, b)
				return !isBefore, err
			}); err != nil {
				return nil, nil, err
			}
		}
		switch {
		case opts&frameEndUnboundedFoll != 0:
			hi[i] = n - 1
		case opts&frameEndCurrentRow != 0:
		case keys[i] != nil:
			b, bt, err := bound(keys[i], ev, opts&frameEndOffsetPrec != 0)
			if err != nil {
				return nil, nil, err
			}
			// the last row not after the bound
			j, err := search(func(j int) (bool, error) { return before(bt, b, kt, keys[j]) })
			if err != nil {
				return nil, nil, err
			}
			hi[i] = j - 1
		}
	}
	return lo, hi, nil
}
