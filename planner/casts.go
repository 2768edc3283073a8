package planner

import (
	"math"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// castAllowed reports whether an explicit cast from -> to exists.
func castAllowed(from, to types.OID) bool {
	if from == to || from == types.UnknownOID || implicitCastOK(from, to) {
		return true
	}
	if isStringType(to) || isStringType(from) {
		return true // I/O conversion casts
	}
	num := func(o types.OID) bool {
		switch o {
		case types.Int2OID, types.Int4OID, types.Int8OID, types.Float4OID, types.Float8OID, types.NumericOID, types.OidOID:
			return true
		}
		return false
	}
	if num(from) && num(to) {
		return true
	}
	switch {
	case from == types.BoolOID && to == types.Int4OID, from == types.Int4OID && to == types.BoolOID:
		return true
	case from == types.TimestampTZOID && (to == types.TimestampOID || to == types.DateOID || to == types.TimeOID):
		return true
	case from == types.TimestampOID && (to == types.DateOID || to == types.TimeOID):
		return true
	case from == types.JSONBOID && (to == types.JSONOID || num(to) || to == types.BoolOID):
		return true
	case from == types.IntervalOID && to == types.TimeOID:
		return true
	}
	if isArrayType(from) && isArrayType(to) {
		return castAllowed(types.ElemOf(from), types.ElemOf(to))
	}
	return false
}

func (ec *execCtx) formatSettings() *formatSettings {
	if ec == nil || ec.sess == nil {
		return defaultFormat
	}
	return ec.sess.formatSettings()
}

// castValue converts a non-NULL value.
func castValue(v Datum, from, to types.Type, ec *execCtx) (Datum, error) {
	f, t := from.OID, to.OID
	if f == t && to.Typmod < 0 {
		return v, nil
	}
	fs := ec.formatSettings()
	switch {
	case isStringType(t):
		var s string
		if isStringType(f) {
			s = v.(string)
		} else {
			s = string(formatText(nil, f, v, fs))
		}
		if t == types.NameOID && len(s) > 63 {
			s = truncateUTF8(s, 63)
		}
		if to.Typmod >= 4 && (t == types.VarcharOID || t == types.BPCharOID) {
			n := int(to.Typmod - 4)
			r := []rune(s)
			if len(r) > n {
				s = string(r[:n])
			} else if t == types.BPCharOID {
				for len(r) < n {
					r = append(r, ' ')
				}
				s = string(r)
			}
		}
		return s, nil
	case isStringType(f):
		if t == types.RegclassOID || t == types.RegtypeOID || t == types.RegprocOID || t == types.RegnamespaceOID || t == types.RegroleOID {
			return regCastFromText(ec, v.(string), t)
		}
		return parseText(t, v.(string), fs)
	}
	switch x := v.(type) {
	case int64:
		switch t {
		case types.Int2OID, types.Int4OID, types.Int8OID, types.OidOID, types.RegclassOID, types.RegtypeOID, types.RegprocOID, types.RegnamespaceOID, types.RegroleOID:
			return checkIntRange(t, x)
		case types.Float4OID:
			return float64(float32(x)), nil
		case types.Float8OID:
			return float64(x), nil
		case types.NumericOID:
			return apd.New(x, 0), nil
		case types.BoolOID:
			return x != 0, nil
		}
	case float64:
		switch t {
		case types.Float4OID:
			f32 := float32(x)
			if math.IsInf(float64(f32), 0) && !math.IsInf(x, 0) {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: overflow")
			}
			return float64(f32), nil
		case types.Float8OID:
			return x, nil
		case types.Int2OID, types.Int4OID, types.Int8OID:
			if math.IsNaN(x) || math.IsInf(x, 0) || x >= 9.223372036854775807e18 || x < -9.223372036854775808e18 {
				return nil, intOutOfRange(t)
			}
			r := math.RoundToEven(x)
			d, err := checkIntRange(t, int64(r))
			if err != nil {
				return nil, intOutOfRange(t)
			}
			return d, nil
		case types.NumericOID:
			if math.IsNaN(x) {
				return &apd.Decimal{Form: apd.NaN}, nil
			}
			if math.IsInf(x, 0) {
				return &apd.Decimal{Form: apd.Infinite, Negative: x < 0}, nil
			}
			d := new(apd.Decimal)
			if _, err := d.SetFloat64(x); err != nil {
				return nil, err
			}
			return d, nil
		}
	case *apd.Decimal:
		switch t {
		case types.NumericOID:
			return applyNumericTypmod(x, to.Typmod)
		case types.Float4OID, types.Float8OID:
			if x.Form == apd.NaN {
				return math.NaN(), nil
			}
			if x.Form == apd.Infinite {
				if x.Negative {
					return math.Inf(-1), nil
				}
				return math.Inf(1), nil
			}
			f, err := x.Float64()
			if err != nil {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value out of range")
			}
			if t == types.Float4OID {
				f = float64(float32(f))
			}
			return f, nil
		case types.Int2OID, types.Int4OID, types.Int8OID:
			if x.Form != apd.Finite {
				return nil, pgerr.Newf(pgerr.FeatureNotSupported, "cannot convert %s to %s", formatDecimal(x), types.TypeName(t))
			}
			var r apd.Decimal
			ctx := apd.BaseContext.WithPrecision(1000)
			ctx.Rounding = apd.RoundHalfUp
			if _, err := ctx.RoundToIntegralValue(&r, x); err != nil {
				return nil, err
			}
			i, err := r.Int64()
			if err != nil {
				return nil, intOutOfRange(t)
			}
			d, err := checkIntRange(t, i)
			if err != nil {
				return nil, intOutOfRange(t)
			}
			return d, nil
		}
	case bool:
		if t == types.Int4OID {
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case time.Time:
		switch t {
		case types.TimestampTZOID:
			if f == types.TimestampOID {
				// the wall clock is in the session's time zone
				loc := fs.loc
				return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), loc).UTC(), nil
			}
			return x, nil
		case types.TimestampOID:
			if f == types.TimestampTZOID {
				l := x.In(fs.loc)
				return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC), nil
			}
			return x, nil
		case types.DateOID:
			l := x
			if f == types.TimestampTZOID {
				l = x.In(fs.loc)
			}
			d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
			return types.Date(d.Sub(types.PostgresEpoch).Hours() / 24), nil
		case types.TimeOID:
			l := x
			if f == types.TimestampTZOID {
				l = x.In(fs.loc)
			}
			return types.TimeOfDay(int64(l.Hour())*3600e6 + int64(l.Minute())*60e6 + int64(l.Second())*1e6 + int64(l.Nanosecond()/1000)), nil
		}
	case types.Date:
		switch t {
		case types.TimestampOID:
			return dateToTime(x), nil
		case types.TimestampTZOID:
			tm := dateToTime(x)
			return time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, fs.loc).UTC(), nil
		}
	case *types.Array:
		te := types.ElemOf(t)
		if te == 0 {
			break
		}
		out := &types.Array{Elem: te, Dims: x.Dims, Elems: make([]Datum, len(x.Elems))}
		for i, e := range x.Elems {
			if e == nil {
				continue
			}
			c, err := castValue(e, types.Of(x.Elem), types.Of(te), ec)
			if err != nil {
				return nil, err
			}
			out.Elems[i] = c
		}
		return out, nil
	case types.TimeOfDay:
		if t == types.IntervalOID {
			return types.Interval{Micros: int64(x)}, nil
		}
	case types.Interval:
		if t == types.TimeOID {
			us := x.Micros % 86400e6
			if us < 0 {
				us += 86400e6
			}
			return types.TimeOfDay(us), nil
		}
	}
	if f == types.JSONBOID || f == types.JSONOID {
		s := string(formatText(nil, f, v, fs))
		return parseText(t, s, fs)
	}
	return nil, pgerr.Newf(pgerr.CannotCoerce, "cannot cast type %s to %s", from, to)
}

func intOutOfRange(t types.OID) error {
	switch t {
	case types.Int2OID:
		return pgerr.New(pgerr.NumericValueOutOfRange, "smallint out of range")
	case types.Int4OID:
		return pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range")
	}
	return pgerr.New(pgerr.NumericValueOutOfRange, "bigint out of range")
}

func applyNumericTypmod(x *apd.Decimal, typmod int32) (Datum, error) {
	if typmod < 4 || x.Form != apd.Finite {
		return x, nil
	}
	tm := typmod - 4
	prec := int(tm >> 16)
	scale := int(tm & 0xffff)
	d := new(apd.Decimal)
	ctx := apd.BaseContext.WithPrecision(1000)
	ctx.Rounding = apd.RoundHalfUp
	if _, err := ctx.Quantize(d, x, int32(-scale)); err != nil {
		return nil, err
	}
	digits := int(d.NumDigits())
	intDigits := digits + int(d.Exponent)
	if d.IsZero() {
		intDigits = 0
	}
	if intDigits > prec-scale {
		return nil, pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow").
			WithDetail("A field with precision %d, scale %d must round to an absolute value less than 10^%d.", prec, scale, prec-scale)
	}
	return d, nil
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n]
}

// regCastFromText resolves 'name'::regclass and friends through the
// catalog (relations are resolved against the session's search_path).
func regCastFromText(ec *execCtx, s string, t types.OID) (Datum, error) {
	if ec != nil && ec.sess != nil {
		return ec.sess.engine.catalog.regLookup(ec, s, t)
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "cannot resolve %s here", types.TypeName(t))
}
