package types

import (
	"math"

	"github.com/cockroachdb/apd/v3"
)

// The statistical aggregates: var_pop, var_samp (variance), stddev_pop,
// stddev_samp (stddev) of integers and numerics in exact numeric
// arithmetic, and of floats, avg(float) and the two-argument regression
// aggregates (corr, covar_*, regr_*) with PostgreSQL's Youngs-Cramer
// accumulation, so results agree to the last bit.

// varKind selects one of the variance aggregates' final functions.
type varKind uint8

const (
	varPop varKind = iota
	varSamp
	stddevPop
	stddevSamp
)

func (k varKind) sample() bool { return k == varSamp || k == stddevSamp }
func (k varKind) sqrt() bool   { return k == stddevPop || k == stddevSamp }

// numVarState keeps N, sum(x) and sum(x*x) exactly, with display scales
// max(scale) and 2*max(scale) as PostgreSQL's numeric accumulator does.
// NaN and infinite inputs are only counted: any of them makes the
// result NaN.
type numVarState struct {
	kind        varKind
	n, special  int64
	sumX, sumX2 *apd.Decimal
}

func (s *numVarState) Add(_ *EvalContext, a []Datum) error {
	x := asNumeric(a[0])
	if x.Form != apd.Finite {
		s.special++
		return nil
	}
	x2, err := NumericMul(x, x)
	if err != nil {
		return err
	}
	s.n++
	if s.sumX == nil {
		s.sumX, s.sumX2 = x, x2
		return nil
	}
	if s.sumX, err = NumericAdd(s.sumX, x); err != nil {
		return err
	}
	s.sumX2, err = NumericAdd(s.sumX2, x2)
	return err
}

// Result is numeric_stddev_internal: (N*sum(x^2) - sum(x)^2) / (N*(N-1))
// or / (N*N) at select_div_scale's scale, its square root at the same
// scale for the standard deviations; a numerator <= 0 gives 0.
func (s *numVarState) Result(*EvalContext) (Datum, error) {
	total := s.n + s.special
	if total == 0 || s.kind.sample() && total <= 1 {
		return nil, nil
	}
	if s.special > 0 {
		return numNaN(), nil
	}
	n := NumericFromInt(s.n)
	sq, err := NumericMul(s.sumX, s.sumX)
	if err != nil {
		return nil, err
	}
	nx2, err := NumericMul(n, s.sumX2)
	if err != nil {
		return nil, err
	}
	num, err := NumericSub(nx2, sq)
	if err != nil {
		return nil, err
	}
	if num.Sign() <= 0 {
		return apd.New(0, 0), nil
	}
	den := NumericFromInt(s.n - 1)
	if !s.kind.sample() {
		den = n
	}
	if den, err = NumericMul(n, den); err != nil {
		return nil, err
	}
	rscale := numDivScale(num, den)
	v := numQuo(num, den, rscale, false)
	if s.kind.sqrt() {
		return numSqrtScale(v, rscale)
	}
	return v, nil
}

// floatAccum is float8_accum's transition state: N, Sx = sum(x) and
// Sxx = sum((x - Sx/N)^2), updated with the Youngs-Cramer formula.
type floatAccum struct{ n, sx, sxx float64 }

func (s *floatAccum) add(x float64) error {
	prevN, prevSx := s.n, s.sx
	s.n++
	s.sx += x
	if prevN > 0 {
		tmp := x*s.n - s.sx
		s.sxx += tmp * tmp / (s.n * prevN)
		if math.IsInf(s.sx, 0) || math.IsInf(s.sxx, 0) {
			if !math.IsInf(prevSx, 0) && !math.IsInf(x, 0) {
				return errOutOfRange("value out of range: overflow")
			}
			s.sxx = math.NaN()
		}
	} else if math.IsNaN(x) || math.IsInf(x, 0) {
		s.sxx = math.NaN()
	}
	return nil
}

// floatVarState is var_pop ... stddev_samp of float4 and float8 (float8
// results); avg selects float8_avg.
type floatVarState struct {
	floatAccum
	kind varKind
	avg  bool
}

func (s *floatVarState) Add(_ *EvalContext, a []Datum) error { return s.add(a[0].(float64)) }

func (s *floatVarState) Result(*EvalContext) (Datum, error) {
	if s.avg {
		if s.n == 0 {
			return nil, nil
		}
		return s.sx / s.n, nil
	}
	d := s.n
	if s.kind.sample() {
		if s.n <= 1 {
			return nil, nil
		}
		d = s.n - 1
	} else if s.n == 0 {
		return nil, nil
	}
	if s.kind.sqrt() {
		return math.Sqrt(s.sxx / d), nil
	}
	return s.sxx / d, nil
}

// regrState is float8_regr_accum's state for the aggregates of (Y, X)
// pairs: N, Sx, Sxx, Sy, Syy and Sxy = sum((X - Sx/N) * (Y - Sy/N)).
type regrState struct {
	n, sx, sxx, sy, syy, sxy float64
	final                    func(s *regrState) Datum
}

func (s *regrState) Add(_ *EvalContext, a []Datum) error {
	y, x := a[0].(float64), a[1].(float64)
	prevN, prevSx, prevSy := s.n, s.sx, s.sy
	s.n++
	s.sx += x
	s.sy += y
	if prevN == 0 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			s.sxx, s.sxy = math.NaN(), math.NaN()
		}
		if math.IsNaN(y) || math.IsInf(y, 0) {
			s.syy, s.sxy = math.NaN(), math.NaN()
		}
		return nil
	}
	tmpX, tmpY := x*s.n-s.sx, y*s.n-s.sy
	scale := 1.0 / (s.n * prevN)
	s.sxx += tmpX * tmpX * scale
	s.syy += tmpY * tmpY * scale
	s.sxy += tmpX * tmpY * scale
	inf := func(f float64) bool { return math.IsInf(f, 0) }
	if inf(s.sx) || inf(s.sxx) || inf(s.sy) || inf(s.syy) || inf(s.sxy) {
		finiteX, finiteY := !inf(prevSx) && !inf(x), !inf(prevSy) && !inf(y)
		if (inf(s.sx) || inf(s.sxx)) && finiteX || (inf(s.sy) || inf(s.syy)) && finiteY ||
			inf(s.sxy) && finiteX && finiteY {
			return errOutOfRange("value out of range: overflow")
		}
		for _, p := range []*float64{&s.sxx, &s.syy, &s.sxy} {
			if inf(*p) {
				*p = math.NaN()
			}
		}
	}
	return nil
}

func (s *regrState) Result(*EvalContext) (Datum, error) {
	if s.n < 1 {
		return nil, nil
	}
	return s.final(s), nil
}

// regrFinals are the final functions of the regression aggregates (N >= 1
// is checked before). regr_count is count: it has no overflow checks.
var regrFinals = map[string]func(s *regrState) Datum{
	"regr_sxx":  func(s *regrState) Datum { return s.sxx },
	"regr_syy":  func(s *regrState) Datum { return s.syy },
	"regr_sxy":  func(s *regrState) Datum { return s.sxy },
	"regr_avgx": func(s *regrState) Datum { return s.sx / s.n },
	"regr_avgy": func(s *regrState) Datum { return s.sy / s.n },
	"covar_pop": func(s *regrState) Datum { return s.sxy / s.n },
	"covar_samp": func(s *regrState) Datum {
		if s.n < 2 {
			return nil
		}
		return s.sxy / (s.n - 1)
	},
	"corr": func(s *regrState) Datum {
		if s.sxx == 0 || s.syy == 0 {
			return nil
		}
		return s.sxy / math.Sqrt(s.sxx*s.syy)
	},
	"regr_r2": func(s *regrState) Datum {
		switch {
		case s.sxx == 0:
			return nil
		case s.syy == 0:
			return 1.0
		}
		return (s.sxy * s.sxy) / (s.sxx * s.syy)
	},
	"regr_slope": func(s *regrState) Datum {
		if s.sxx == 0 {
			return nil
		}
		return s.sxy / s.sxx
	},
	"regr_intercept": func(s *regrState) Datum {
		if s.sxx == 0 {
			return nil
		}
		return (s.sy - s.sx*s.sxy/s.sxx) / s.n
	},
}

func init() {
	kinds := map[string]varKind{"var_pop": varPop, "var_samp": varSamp, "variance": varSamp,
		"stddev_pop": stddevPop, "stddev_samp": stddevSamp, "stddev": stddevSamp}
	for name, kind := range kinds {
		kind := kind
		for _, t := range []OID{Int2OID, Int4OID, Int8OID, NumericOID} {
			RegisterAggregate(&Aggregate{Name: name, Args: []OID{t}, Result: NumericOID, Strict: true,
				Bind: func([]Type, Type) func() AggState { return func() AggState { return &numVarState{kind: kind} } }})
		}
		for _, t := range []OID{Float4OID, Float8OID} {
			RegisterAggregate(&Aggregate{Name: name, Args: []OID{t}, Result: Float8OID, Strict: true,
				Bind: func([]Type, Type) func() AggState { return func() AggState { return &floatVarState{kind: kind} } }})
		}
	}
	for _, t := range []OID{Float4OID, Float8OID} {
		RegisterAggregate(&Aggregate{Name: "avg", Args: []OID{t}, Result: Float8OID, Strict: true,
			Bind: func([]Type, Type) func() AggState { return func() AggState { return &floatVarState{avg: true} } }})
	}
	for name, final := range regrFinals {
		final := final
		RegisterAggregate(&Aggregate{Name: name, Args: []OID{Float8OID, Float8OID}, Result: Float8OID, Strict: true,
			Bind: func([]Type, Type) func() AggState { return func() AggState { return &regrState{final: final} } }})
	}
	RegisterAggregate(&Aggregate{Name: "regr_count", Args: []OID{Float8OID, Float8OID}, Result: Int8OID, Strict: true, Bind: newCount})
}
