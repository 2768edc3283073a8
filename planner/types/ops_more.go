package types

import (
	"strings"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// Operators on strings, arrays, and dates and times.

func init() {
	// string concatenation
	regOp("||", TextOID, TextOID, TextOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return a[0].(string) + a[1].(string), nil
	})
	for _, left := range []bool{true, false} {
		left := left
		l, r := TextOID, AnyNonArrayOID
		if !left {
			l, r = AnyNonArrayOID, TextOID
		}
		RegisterOperator(&Func{Name: "||", Args: []OID{l, r}, Result: TextOID, Strict: true, Volatility: Stable,
			Bind: func(args []Type, _ Type) EvalFn {
				other := args[1]
				if !left {
					other = args[0]
				}
				return func(ctx *EvalContext, a []Datum) (Datum, error) {
					if left {
						s, err := castToText(a[1], other, ctx.settings())
						return a[0].(string) + s, err
					}
					s, err := castToText(a[0], other, ctx.settings())
					return s + a[1].(string), err
				}
			}})
	}
	// text ^@ text is starts_with
	regOp("^@", TextOID, TextOID, BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return strings.HasPrefix(a[0].(string), a[1].(string)), nil
	})
	regOp("||", ByteaOID, ByteaOID, ByteaOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		x, y := a[0].([]byte), a[1].([]byte)
		out := make([]byte, 0, len(x)+len(y))
		return append(append(out, x...), y...), nil
	})

	// LIKE and regular expressions
	for _, t := range []OID{TextOID, BPCharOID, NameOID} {
		regLike(t)
	}
	regOp("~~", ByteaOID, ByteaOID, BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return likeMatch(string(a[0].([]byte)), string(a[1].([]byte)), false, true)
	}).Negator = "!~~"
	regOp("!~~", ByteaOID, ByteaOID, BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		m, err := likeMatch(string(a[0].([]byte)), string(a[1].([]byte)), false, true)
		if err != nil {
			return nil, err
		}
		return !m.(bool), nil
	}).Negator = "~~"

	// arrays
	regOp("@>", AnyArrayOID, AnyArrayOID, BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ArrayContains(a[0].(*Array), a[1].(*Array)), nil
	}).Commutator = "<@"
	regOp("<@", AnyArrayOID, AnyArrayOID, BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ArrayContains(a[1].(*Array), a[0].(*Array)), nil
	}).Commutator = "@>"
	regOp("&&", AnyArrayOID, AnyArrayOID, BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ArrayOverlaps(a[0].(*Array), a[1].(*Array)), nil
	}).Commutator = "&&"
	RegisterOperator(&Func{Name: "||", Args: []OID{AnyCompatibleArrayOID, AnyCompatibleArrayOID}, Result: AnyCompatibleArrayOID,
		Volatility: Immutable, Fn: fnArrayCat})
	RegisterOperator(&Func{Name: "||", Args: []OID{AnyCompatibleArrayOID, AnyCompatibleOID}, Result: AnyCompatibleArrayOID,
		Volatility: Immutable, Bind: bindArrayAppend})
	RegisterOperator(&Func{Name: "||", Args: []OID{AnyCompatibleOID, AnyCompatibleArrayOID}, Result: AnyCompatibleArrayOID,
		Volatility: Immutable, Bind: bindArrayPrepend})

	// dates
	regOp("+", DateOID, Int4OID, DateOID, func(_ *EvalContext, a []Datum) (Datum, error) { return DateAddDays(a[0].(Date), a[1].(int64)) })
	regOp("+", Int4OID, DateOID, DateOID, func(_ *EvalContext, a []Datum) (Datum, error) { return DateAddDays(a[1].(Date), a[0].(int64)) })
	regOp("-", DateOID, Int4OID, DateOID, func(_ *EvalContext, a []Datum) (Datum, error) { return DateAddDays(a[0].(Date), -a[1].(int64)) })
	regOp("-", DateOID, DateOID, Int4OID, func(_ *EvalContext, a []Datum) (Datum, error) {
		x, y := a[0].(Date), a[1].(Date)
		if x == DatePosInf || x == DateNegInf || y == DatePosInf || y == DateNegInf {
			return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "cannot subtract infinite dates")
		}
		return int64(x) - int64(y), nil
	})
	tsAdd := func(withTZ bool, neg bool, tsFirst bool) EvalFn {
		return func(ctx *EvalContext, a []Datum) (Datum, error) {
			var t time.Time
			var iv Interval
			d := a[0]
			if tsFirst {
				iv = a[1].(Interval)
			} else {
				d, iv = a[1], a[0].(Interval)
			}
			if dd, ok := d.(Date); ok {
				if err := checkDateForTimestamp(dd); err != nil {
					return nil, err
				}
			}
			t = toTimestamp(d)
			if neg {
				var err error
				if iv, err = IntervalNeg(iv); err != nil {
					return nil, err
				}
			}
			return TimestampAddInterval(t, iv, withTZ, ctx.settings().loc())
		}
	}
	regOp("+", DateOID, IntervalOID, TimestampOID, tsAdd(false, false, true))
	regOp("+", IntervalOID, DateOID, TimestampOID, tsAdd(false, false, false))
	regOp("-", DateOID, IntervalOID, TimestampOID, tsAdd(false, true, true))
	regOp("+", TimestampOID, IntervalOID, TimestampOID, tsAdd(false, false, true))
	regOp("+", IntervalOID, TimestampOID, TimestampOID, tsAdd(false, false, false))
	regOp("-", TimestampOID, IntervalOID, TimestampOID, tsAdd(false, true, true))
	regOp("+", TimestampTZOID, IntervalOID, TimestampTZOID, tsAdd(true, false, true)).Volatility = Stable
	regOp("+", IntervalOID, TimestampTZOID, TimestampTZOID, tsAdd(true, false, false)).Volatility = Stable
	regOp("-", TimestampTZOID, IntervalOID, TimestampTZOID, tsAdd(true, true, true)).Volatility = Stable
	diff := func(_ *EvalContext, a []Datum) (Datum, error) {
		return TimestampDiff(a[0].(time.Time), a[1].(time.Time))
	}
	regOp("-", TimestampOID, TimestampOID, IntervalOID, diff)
	regOp("-", TimestampTZOID, TimestampTZOID, IntervalOID, diff)
	dateTime := func(d Date, t TimeOfDay) (Datum, error) {
		if d == DatePosInf || d == DateNegInf {
			return d.Time(), nil
		}
		if err := checkDateForTimestamp(d); err != nil {
			return nil, err
		}
		return checkTimestamp(d.Time().Add(time.Duration(t) * time.Microsecond))
	}
	regOp("+", DateOID, TimeOID, TimestampOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return dateTime(a[0].(Date), a[1].(TimeOfDay))
	})
	regOp("+", TimeOID, DateOID, TimestampOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return dateTime(a[1].(Date), a[0].(TimeOfDay))
	})
	regOp("+", TimeOID, IntervalOID, TimeOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return TimeAddInterval(a[0].(TimeOfDay), a[1].(Interval)), nil
	})
	regOp("+", IntervalOID, TimeOID, TimeOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return TimeAddInterval(a[1].(TimeOfDay), a[0].(Interval)), nil
	})
	regOp("-", TimeOID, IntervalOID, TimeOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		iv := a[1].(Interval)
		return TimeAddInterval(a[0].(TimeOfDay), Interval{Micros: -iv.Micros}), nil
	})
	regOp("-", TimeOID, TimeOID, IntervalOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return Interval{Micros: int64(a[0].(TimeOfDay)) - int64(a[1].(TimeOfDay))}, nil
	})
	// intervals
	regOp("+", IntervalOID, IntervalOID, IntervalOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return IntervalAdd(a[0].(Interval), a[1].(Interval))
	})
	regOp("-", IntervalOID, IntervalOID, IntervalOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return IntervalSub(a[0].(Interval), a[1].(Interval))
	})
	regOp("-", 0, IntervalOID, IntervalOID, func(_ *EvalContext, a []Datum) (Datum, error) { return IntervalNeg(a[0].(Interval)) })
	regOp("*", IntervalOID, Float8OID, IntervalOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return IntervalMul(a[0].(Interval), a[1].(float64))
	})
	regOp("*", Float8OID, IntervalOID, IntervalOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return IntervalMul(a[1].(Interval), a[0].(float64))
	})
	regOp("/", IntervalOID, Float8OID, IntervalOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return IntervalDiv(a[0].(Interval), a[1].(float64))
	})
}

// toTimestamp widens a date to a timestamp.
func toTimestamp(d Datum) time.Time {
	switch v := d.(type) {
	case Date:
		return v.Time()
	case time.Time:
		return v
	}
	return time.Time{}
}

func regLike(t OID) {
	ops := []struct {
		name, neg string
		ci, not   bool
	}{{"~~", "!~~", false, false}, {"!~~", "~~", false, true}, {"~~*", "!~~*", true, false}, {"!~~*", "~~*", true, true}}
	for _, o := range ops {
		o := o
		regOp(o.name, t, TextOID, BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
			m, err := likeMatch(a[0].(string), a[1].(string), o.ci, false)
			if err != nil {
				return nil, err
			}
			return m.(bool) != o.not, nil
		}).Negator = o.neg
	}
	rops := []struct {
		name, neg string
		ci, not   bool
	}{{"~", "!~", false, false}, {"!~", "~", false, true}, {"~*", "!~*", true, false}, {"!~*", "~*", true, true}}
	for _, o := range rops {
		o := o
		regOp(o.name, t, TextOID, BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
			re, err := compileRegex(a[1].(string), o.ci)
			if err != nil {
				return nil, err
			}
			return re.MatchString(a[0].(string)) != o.not, nil
		}).Negator = o.neg
	}
}
