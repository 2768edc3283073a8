package planner

// Set-returning functions (unnest, generate_series, ...), usable in FROM
// and in the select list.

import ()

// srfGen yields the values of one set-returning call.
type srfGen interface {
	next() (Datum, bool, error)
}

type sliceGen struct {
	vals []Datum
	i    int
}

func (s *sliceGen) next() (Datum, bool, error) {
	if s.i >= len(s.vals) {
		return nil, false, nil
	}
	v := s.vals[s.i]
	s.i++
	return v, true, nil
}

type funcGen func() (Datum, bool, error)

func (f funcGen) next() (Datum, bool, error) { return f() }

// evalSRF starts a set-returning call; nil means no rows.
func evalSRF(x Expr, e *env) (srfGen, error) {
	f, ok := x.(*funcExpr)
	if !ok || !f.def.srf {
		// a plain expression in a function-scan position yields one row
		v, err := x.Eval(e)
		if err != nil {
			return nil, err
		}
		return &sliceGen{vals: []Datum{v}}, nil
	}
	args := make([]Datum, len(f.args))
	for i, a := range f.args {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil && f.def.strict {
			return nil, nil
		}
		args[i] = v
	}
	return f.def.srfFn(&callCtx{env: e, argTypes: f.argTypes(), retType: f.typ}, args)
}

// regSRF adds a local set-returning function whose fn returns a srfGen.
func regSRF(d *funcDef) {
	d.srf = true
	fn := d.fn
	d.srfFn = func(c *callCtx, args []Datum) (srfGen, error) {
		g, err := fn(c, args)
		if err != nil || g == nil {
			return nil, err
		}
		return g.(srfGen), nil
	}
	regFunc(d)
}
