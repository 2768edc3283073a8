package types

import "time"

// (s1, e1) OVERLAPS (s2, e2): PostgreSQL's grammar turns the construct
// into a call of the function overlaps, which has an overload for each
// time type with either end given as an interval (the end is then
// start + interval). The functions are not strict: a NULL end makes the
// answer NULL only when it matters.

// overlapsCore is overlaps_timestamp (also _time and _timetz) on the four
// endpoints in the order of the type's comparison.
func overlapsCore(s1, e1, s2, e2 Datum, t Type) Datum {
	order := func(s, e Datum) (Datum, Datum) {
		switch {
		case s == nil:
			return e, nil
		case e != nil && Compare(s, e, t) > 0:
			return e, s
		}
		return s, e
	}
	s1, e1 = order(s1, e1)
	s2, e2 = order(s2, e2)
	if s1 == nil || s2 == nil {
		return nil // both ends of one period are NULL
	}
	// When the periods start apart, the later start must come before the
	// other period's end; when they start together they overlap.
	firstEnd, later, laterEnd := e1, s2, e2
	switch c := Compare(s1, s2, t); {
	case c > 0:
		firstEnd, later, laterEnd = e2, s1, e1
	case c == 0:
		if e1 == nil || e2 == nil {
			return nil
		}
		return true
	}
	if firstEnd == nil {
		return nil
	}
	if Compare(later, firstEnd, t) < 0 {
		return true
	}
	if laterEnd == nil {
		return nil
	}
	return false
}

func init() {
	addTime := func(_ *EvalContext, p Datum, iv Interval) (Datum, error) {
		return TimeAddInterval(p.(TimeOfDay), iv), nil
	}
	addTimestamp := func(_ *EvalContext, p Datum, iv Interval) (Datum, error) {
		return TimestampAddInterval(p.(time.Time), iv, false, nil)
	}
	addTimestampTZ := func(ctx *EvalContext, p Datum, iv Interval) (Datum, error) {
		return TimestampAddInterval(p.(time.Time), iv, true, ctx.settings().loc())
	}
	for _, pt := range []struct {
		oid OID
		add func(ctx *EvalContext, p Datum, iv Interval) (Datum, error)
	}{{TimeOID, addTime}, {TimestampOID, addTimestamp}, {TimestampTZOID, addTimestampTZ}} {
		registerOverlaps(pt.oid, pt.add)
	}
}

// registerOverlaps registers overlaps(p, p|interval, p, p|interval) for
// the point type p; add computes a point plus an interval (nil: only the
// four-point form, as for timetz).
func registerOverlaps(p OID, add func(ctx *EvalContext, p Datum, iv Interval) (Datum, error)) {
	t := Of(p)
	forms := [][2]OID{{p, p}, {IntervalOID, IntervalOID}, {p, IntervalOID}, {IntervalOID, p}}
	if add == nil {
		forms = forms[:1]
	}
	for _, ends := range forms {
		ends := ends
		vol := Immutable
		if p == TimestampTZOID && (ends[0] == IntervalOID || ends[1] == IntervalOID) {
			vol = Stable // months and days are added in the session time zone
		}
		end := func(ctx *EvalContext, start, e Datum, typ OID) (Datum, error) {
			if typ != IntervalOID || e == nil {
				return e, nil
			}
			if start == nil {
				return nil, nil
			}
			return add(ctx, start, e.(Interval))
		}
		RegisterFunc(&Func{Name: "overlaps", Args: []OID{p, ends[0], p, ends[1]}, Result: BoolOID, Volatility: vol,
			Fn: func(ctx *EvalContext, a []Datum) (Datum, error) {
				e1, err := end(ctx, a[0], a[1], ends[0])
				if err != nil {
					return nil, err
				}
				e2, err := end(ctx, a[2], a[3], ends[1])
				if err != nil {
					return nil, err
				}
				return overlapsCore(a[0], e1, a[2], e2, t), nil
			}})
	}
}
