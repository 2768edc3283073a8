package planner

// Built-in operators and scalar functions that are not session-dependent.

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

var comparableTypes = []types.OID{
	types.Int2OID, types.Int4OID, types.Int8OID, types.Float4OID, types.Float8OID, types.NumericOID,
	types.TextOID, types.NameOID, types.BPCharOID, types.CharOID, types.BoolOID, types.ByteaOID,
	types.TimestampTZOID, types.TimestampOID, types.DateOID, types.TimeOID, types.IntervalOID,
	types.UUIDOID, types.OidOID, types.JSONBOID, types.TIDOID, types.RecordOID,
	types.RegclassOID, types.RegtypeOID, types.RegprocOID, types.RegnamespaceOID,
}

func cmpImpl(op string) funcImpl {
	switch op {
	case "=":
		return func(_ *callCtx, a []Datum) (Datum, error) { return datumsEqual(a[0], a[1]), nil }
	case "<>":
		return func(_ *callCtx, a []Datum) (Datum, error) { return !datumsEqual(a[0], a[1]), nil }
	case "<":
		return func(_ *callCtx, a []Datum) (Datum, error) { return compareDatums(a[0], a[1]) < 0, nil }
	case "<=":
		return func(_ *callCtx, a []Datum) (Datum, error) { return compareDatums(a[0], a[1]) <= 0, nil }
	case ">":
		return func(_ *callCtx, a []Datum) (Datum, error) { return compareDatums(a[0], a[1]) > 0, nil }
	case ">=":
		return func(_ *callCtx, a []Datum) (Datum, error) { return compareDatums(a[0], a[1]) >= 0, nil }
	}
	panic("unknown comparison " + op)
}

var cmpOps = []string{"=", "<>", "<", "<=", ">", ">="}

func init() {
	for _, op := range cmpOps {
		for _, t := range comparableTypes {
			regOp(&funcDef{name: op, params: []types.OID{t, t}, ret: types.BoolOID, strict: true, fn: cmpImpl(op)})
		}
		regOp(&funcDef{name: op, params: []types.OID{types.AnyArrayOID, types.AnyArrayOID}, ret: types.BoolOID, strict: true, fn: cmpImpl(op)})
	}
	// Cross-type text/name comparisons resolve through implicit casts.

	// Arithmetic.
	for _, t := range []types.OID{types.Int2OID, types.Int4OID, types.Int8OID} {
		t := t
		for _, op := range []string{"+", "-", "*", "/", "%"} {
			regOp(&funcDef{name: op, params: []types.OID{t, t}, ret: t, strict: true, fn: intArith(op, t)})
		}
		regOp(&funcDef{name: "-", params: []types.OID{t}, ret: t, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
			return checkArith(t, -a[0].(int64), a[0].(int64) == math.MinInt64)
		}})
		regOp(&funcDef{name: "+", params: []types.OID{t}, ret: t, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) { return a[0], nil }})
		for _, op := range []string{"&", "|", "#", "<<", ">>"} {
			op := op
			regOp(&funcDef{name: op, params: []types.OID{t, t}, ret: t, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
				x, y := a[0].(int64), a[1].(int64)
				switch op {
				case "&":
					return x & y, nil
				case "|":
					return x | y, nil
				case "#":
					return x ^ y, nil
				case "<<":
					return checkIntRange(t, x<<uint(y))
				}
				return x >> uint(y), nil
			}})
		}
	}
	for _, t := range []types.OID{types.Float4OID, types.Float8OID} {
		t := t
		for _, op := range []string{"+", "-", "*", "/"} {
			regOp(&funcDef{name: op, params: []types.OID{t, t}, ret: t, strict: true, fn: floatArith(op, t == types.Float4OID)})
		}
		regOp(&funcDef{name: "-", params: []types.OID{t}, ret: t, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) { return -a[0].(float64), nil }})
		regOp(&funcDef{name: "+", params: []types.OID{t}, ret: t, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) { return a[0], nil }})
	}
	regOp(&funcDef{name: "^", params: []types.OID{types.Float8OID, types.Float8OID}, ret: types.Float8OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return math.Pow(a[0].(float64), a[1].(float64)), nil
	}})
	for _, op := range []string{"+", "-", "*", "/", "%", "^"} {
		regOp(&funcDef{name: op, params: []types.OID{types.NumericOID, types.NumericOID}, ret: types.NumericOID, strict: true, fn: numericArith(op)})
	}
	regOp(&funcDef{name: "-", params: []types.OID{types.NumericOID}, ret: types.NumericOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		d := new(apd.Decimal)
		d.Neg(a[0].(*apd.Decimal))
		return d, nil
	}})

	// Date/time arithmetic.
	regOp(&funcDef{name: "+", params: []types.OID{types.TimestampTZOID, types.IntervalOID}, ret: types.TimestampTZOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return addInterval(a[0].(time.Time), a[1].(types.Interval), 1, locOf(c.ec().formatSettings())), nil
	}})
	regOp(&funcDef{name: "+", params: []types.OID{types.IntervalOID, types.TimestampTZOID}, ret: types.TimestampTZOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return addInterval(a[1].(time.Time), a[0].(types.Interval), 1, locOf(c.ec().formatSettings())), nil
	}})
	regOp(&funcDef{name: "-", params: []types.OID{types.TimestampTZOID, types.IntervalOID}, ret: types.TimestampTZOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return addInterval(a[0].(time.Time), a[1].(types.Interval), -1, locOf(c.ec().formatSettings())), nil
	}})
	regOp(&funcDef{name: "+", params: []types.OID{types.TimestampOID, types.IntervalOID}, ret: types.TimestampOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return addInterval(a[0].(time.Time), a[1].(types.Interval), 1, time.UTC), nil
	}})
	regOp(&funcDef{name: "-", params: []types.OID{types.TimestampOID, types.IntervalOID}, ret: types.TimestampOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return addInterval(a[0].(time.Time), a[1].(types.Interval), -1, time.UTC), nil
	}})
	for _, t := range []types.OID{types.TimestampTZOID, types.TimestampOID} {
		regOp(&funcDef{name: "-", params: []types.OID{t, t}, ret: types.IntervalOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
			us := a[0].(time.Time).Sub(a[1].(time.Time)).Microseconds()
			days := us / 86400e6
			return types.Interval{Days: int32(days), Micros: us - days*86400e6}, nil
		}})
	}
	regOp(&funcDef{name: "+", params: []types.OID{types.DateOID, types.Int4OID}, ret: types.DateOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return a[0].(types.Date) + types.Date(a[1].(int64)), nil
	}})
	regOp(&funcDef{name: "-", params: []types.OID{types.DateOID, types.Int4OID}, ret: types.DateOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return a[0].(types.Date) - types.Date(a[1].(int64)), nil
	}})
	regOp(&funcDef{name: "-", params: []types.OID{types.DateOID, types.DateOID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return int64(a[0].(types.Date) - a[1].(types.Date)), nil
	}})
	regOp(&funcDef{name: "+", params: []types.OID{types.DateOID, types.IntervalOID}, ret: types.TimestampOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return addInterval(dateToTime(a[0].(types.Date)), a[1].(types.Interval), 1, time.UTC), nil
	}})
	regOp(&funcDef{name: "-", params: []types.OID{types.DateOID, types.IntervalOID}, ret: types.TimestampOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return addInterval(dateToTime(a[0].(types.Date)), a[1].(types.Interval), -1, time.UTC), nil
	}})
	regOp(&funcDef{name: "+", params: []types.OID{types.IntervalOID, types.IntervalOID}, ret: types.IntervalOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		x, y := a[0].(types.Interval), a[1].(types.Interval)
		return types.Interval{Months: x.Months + y.Months, Days: x.Days + y.Days, Micros: x.Micros + y.Micros}, nil
	}})
	regOp(&funcDef{name: "-", params: []types.OID{types.IntervalOID, types.IntervalOID}, ret: types.IntervalOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		x, y := a[0].(types.Interval), a[1].(types.Interval)
		return types.Interval{Months: x.Months - y.Months, Days: x.Days - y.Days, Micros: x.Micros - y.Micros}, nil
	}})
	regOp(&funcDef{name: "-", params: []types.OID{types.IntervalOID}, ret: types.IntervalOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		x := a[0].(types.Interval)
		return types.Interval{Months: -x.Months, Days: -x.Days, Micros: -x.Micros}, nil
	}})
	regOp(&funcDef{name: "*", params: []types.OID{types.IntervalOID, types.Float8OID}, ret: types.IntervalOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return scaleInterval(a[0].(types.Interval), a[1].(float64)), nil
	}})
	regOp(&funcDef{name: "*", params: []types.OID{types.Float8OID, types.IntervalOID}, ret: types.IntervalOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return scaleInterval(a[1].(types.Interval), a[0].(float64)), nil
	}})
	regOp(&funcDef{name: "/", params: []types.OID{types.IntervalOID, types.Float8OID}, ret: types.IntervalOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		if a[1].(float64) == 0 {
			return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
		}
		return scaleInterval(a[0].(types.Interval), 1/a[1].(float64)), nil
	}})

	// Text.
	concat := func(_ *callCtx, a []Datum) (Datum, error) { return a[0].(string) + a[1].(string), nil }
	regOp(&funcDef{name: "||", params: []types.OID{types.TextOID, types.TextOID}, ret: types.TextOID, strict: true, fn: concat})
	regOp(&funcDef{name: "||", params: []types.OID{types.TextOID, anyNonArrayOID}, ret: types.TextOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return a[0].(string) + string(formatText(nil, c.argTypes[1].OID, a[1], c.ec().formatSettings())), nil
	}})
	regOp(&funcDef{name: "||", params: []types.OID{anyNonArrayOID, types.TextOID}, ret: types.TextOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return string(formatText(nil, c.argTypes[0].OID, a[0], c.ec().formatSettings())) + a[1].(string), nil
	}})
	regOp(&funcDef{name: "||", params: []types.OID{types.ByteaOID, types.ByteaOID}, ret: types.ByteaOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return append(append([]byte(nil), a[0].([]byte)...), a[1].([]byte)...), nil
	}})
	for _, spec := range []struct {
		op      string
		ci, neg bool
	}{{"~~", false, false}, {"!~~", false, true}, {"~~*", true, false}, {"!~~*", true, true}} {
		spec := spec
		regOp(&funcDef{name: spec.op, params: []types.OID{types.TextOID, types.TextOID}, ret: types.BoolOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
			m, err := likeMatch(a[0].(string), a[1].(string), spec.ci)
			if err != nil {
				return nil, err
			}
			return m != spec.neg, nil
		}})
	}
	for _, spec := range []struct {
		op      string
		ci, neg bool
	}{{"~", false, false}, {"!~", false, true}, {"~*", true, false}, {"!~*", true, true}} {
		spec := spec
		regOp(&funcDef{name: spec.op, params: []types.OID{types.TextOID, types.TextOID}, ret: types.BoolOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
			re, err := compileRegex(a[1].(string), spec.ci)
			if err != nil {
				return nil, err
			}
			return re.MatchString(a[0].(string)) != spec.neg, nil
		}})
	}

	// Arrays.
	regOp(&funcDef{name: "@>", params: []types.OID{types.AnyArrayOID, types.AnyArrayOID}, ret: types.BoolOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return arrayContains(a[0].(*types.Array), a[1].(*types.Array)), nil
	}})
	regOp(&funcDef{name: "<@", params: []types.OID{types.AnyArrayOID, types.AnyArrayOID}, ret: types.BoolOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return arrayContains(a[1].(*types.Array), a[0].(*types.Array)), nil
	}})
	regOp(&funcDef{name: "&&", params: []types.OID{types.AnyArrayOID, types.AnyArrayOID}, ret: types.BoolOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return arrayOverlaps(a[0].(*types.Array), a[1].(*types.Array)), nil
	}})
	regOp(&funcDef{name: "||", params: []types.OID{types.AnyArrayOID, types.AnyArrayOID}, ret: types.AnyArrayOID, fn: arrayCatFn})
	regOp(&funcDef{name: "||", params: []types.OID{types.AnyArrayOID, types.AnyElementOID}, ret: types.AnyArrayOID, fn: arrayAppendFn})
	regOp(&funcDef{name: "||", params: []types.OID{types.AnyElementOID, types.AnyArrayOID}, ret: types.AnyArrayOID, fn: arrayPrependFn})

	// Scalar functions.
	regFunc(&funcDef{name: "array_append", params: []types.OID{types.AnyArrayOID, types.AnyElementOID}, ret: types.AnyArrayOID, fn: arrayAppendFn})
	regFunc(&funcDef{name: "array_prepend", params: []types.OID{types.AnyElementOID, types.AnyArrayOID}, ret: types.AnyArrayOID, fn: arrayPrependFn})
	regFunc(&funcDef{name: "array_cat", params: []types.OID{types.AnyArrayOID, types.AnyArrayOID}, ret: types.AnyArrayOID, fn: arrayCatFn})
	regFunc(&funcDef{name: "array_remove", params: []types.OID{types.AnyArrayOID, types.AnyElementOID}, ret: types.AnyArrayOID, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		arr := a[0].(*types.Array)
		if len(arr.Dims) > 1 {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "removing elements from multidimensional arrays is not supported")
		}
		out := make([]Datum, 0, len(arr.Elems))
		for _, e := range arr.Elems {
			if (a[1] == nil && e == nil) || (a[1] != nil && e != nil && datumsEqual(e, a[1])) {
				continue
			}
			out = append(out, e)
		}
		if len(out) == len(arr.Elems) {
			return arr, nil
		}
		r := types.NewArray1(arr.Elem, out)
		if len(out) > 0 && len(arr.Dims) == 1 {
			r.Dims[0].Lower = arr.Dims[0].Lower
		}
		return r, nil
	}})
	regFunc(&funcDef{name: "array_replace", params: []types.OID{types.AnyArrayOID, types.AnyElementOID, types.AnyElementOID}, ret: types.AnyArrayOID, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		arr := a[0].(*types.Array)
		out := &types.Array{Elem: arr.Elem, Dims: arr.Dims, Elems: make([]Datum, len(arr.Elems))}
		for i, e := range arr.Elems {
			if (a[1] == nil && e == nil) || (a[1] != nil && e != nil && datumsEqual(e, a[1])) {
				out.Elems[i] = a[2]
			} else {
				out.Elems[i] = e
			}
		}
		return out, nil
	}})
	regFunc(&funcDef{name: "array_length", params: []types.OID{types.AnyArrayOID, types.Int4OID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		arr, d := a[0].(*types.Array), a[1].(int64)
		if d < 1 || int(d) > len(arr.Dims) {
			return nil, nil
		}
		return int64(arr.Dims[d-1].Len), nil
	}})
	regFunc(&funcDef{name: "array_upper", params: []types.OID{types.AnyArrayOID, types.Int4OID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		arr, d := a[0].(*types.Array), a[1].(int64)
		if d < 1 || int(d) > len(arr.Dims) {
			return nil, nil
		}
		return int64(arr.Dims[d-1].Lower + arr.Dims[d-1].Len - 1), nil
	}})
	regFunc(&funcDef{name: "array_lower", params: []types.OID{types.AnyArrayOID, types.Int4OID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		arr, d := a[0].(*types.Array), a[1].(int64)
		if d < 1 || int(d) > len(arr.Dims) {
			return nil, nil
		}
		return int64(arr.Dims[d-1].Lower), nil
	}})
	regFunc(&funcDef{name: "array_ndims", params: []types.OID{types.AnyArrayOID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		arr := a[0].(*types.Array)
		if len(arr.Dims) == 0 {
			return nil, nil
		}
		return int64(len(arr.Dims)), nil
	}})
	regFunc(&funcDef{name: "cardinality", params: []types.OID{types.AnyArrayOID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return int64(len(a[0].(*types.Array).Elems)), nil
	}})
	regFunc(&funcDef{name: "array_position", params: []types.OID{types.AnyArrayOID, types.AnyElementOID}, ret: types.Int4OID, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		arr := a[0].(*types.Array)
		lower := int64(1)
		if len(arr.Dims) == 1 {
			lower = int64(arr.Dims[0].Lower)
		}
		for i, e := range arr.Elems {
			if (a[1] == nil && e == nil) || (a[1] != nil && e != nil && datumsEqual(e, a[1])) {
				return int64(i) + lower, nil
			}
		}
		return nil, nil
	}})
	regFunc(&funcDef{name: "array_positions", params: []types.OID{types.AnyArrayOID, types.AnyElementOID}, ret: types.Int4ArrayOID, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		arr := a[0].(*types.Array)
		var out []Datum
		for i, e := range arr.Elems {
			if (a[1] == nil && e == nil) || (a[1] != nil && e != nil && datumsEqual(e, a[1])) {
				out = append(out, int64(i)+1)
			}
		}
		return types.NewArray1(types.Int4OID, out), nil
	}})
	arrayToString := func(c *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil || a[1] == nil {
			return nil, nil
		}
		arr := a[0].(*types.Array)
		var nullStr *string
		if len(a) > 2 && a[2] != nil {
			s := a[2].(string)
			nullStr = &s
		}
		var b []byte
		first := true
		for _, e := range arr.Elems {
			if e == nil && nullStr == nil {
				continue
			}
			if !first {
				b = append(b, a[1].(string)...)
			}
			first = false
			if e == nil {
				b = append(b, *nullStr...)
			} else {
				b = formatText(b, arr.Elem, e, c.ec().formatSettings())
			}
		}
		return string(b), nil
	}
	regFunc(&funcDef{name: "array_to_string", params: []types.OID{types.AnyArrayOID, types.TextOID}, ret: types.TextOID, volatility: stable, fn: arrayToString})
	regFunc(&funcDef{name: "array_to_string", params: []types.OID{types.AnyArrayOID, types.TextOID, types.TextOID}, ret: types.TextOID, volatility: stable, fn: arrayToString})
	stringToArray := func(_ *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		s := a[0].(string)
		var nullStr *string
		if len(a) > 2 && a[2] != nil {
			n := a[2].(string)
			nullStr = &n
		}
		var parts []string
		switch {
		case s == "":
			return &types.Array{Elem: types.TextOID}, nil
		case a[1] == nil:
			for _, r := range s {
				parts = append(parts, string(r))
			}
		case a[1].(string) == "":
			parts = []string{s}
		default:
			parts = strings.Split(s, a[1].(string))
		}
		out := make([]Datum, len(parts))
		for i, p := range parts {
			if nullStr != nil && p == *nullStr {
				continue
			}
			out[i] = p
		}
		return types.NewArray1(types.TextOID, out), nil
	}
	regFunc(&funcDef{name: "string_to_array", params: []types.OID{types.TextOID, types.TextOID}, ret: types.TextArrayOID, fn: stringToArray})
	regFunc(&funcDef{name: "string_to_array", params: []types.OID{types.TextOID, types.TextOID, types.TextOID}, ret: types.TextArrayOID, fn: stringToArray})

	// The project's tag helpers (see the team's pinned SQL definitions).
	regFunc(&funcDef{name: "has_tag_like", params: []types.OID{types.TextArrayOID, types.TextOID}, ret: types.BoolOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		for _, e := range a[0].(*types.Array).Elems {
			if e == nil {
				continue
			}
			m, err := likeMatch(e.(string), a[1].(string), false)
			if err != nil {
				return nil, err
			}
			if m {
				return true, nil
			}
		}
		return false, nil
	}})
	regFunc(&funcDef{name: "tag_value", params: []types.OID{types.TextArrayOID, types.TextOID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return tagValue(a[0].(*types.Array), a[1].(string)), nil
	}})

	// Strings.
	strFn := func(name string, f func(string) Datum, ret types.OID) {
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID}, ret: ret, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) { return f(a[0].(string)), nil }})
	}
	strFn("lower", func(s string) Datum { return strings.ToLower(s) }, types.TextOID)
	strFn("upper", func(s string) Datum { return strings.ToUpper(s) }, types.TextOID)
	strFn("length", func(s string) Datum { return int64(utf8.RuneCountInString(s)) }, types.Int4OID)
	strFn("char_length", func(s string) Datum { return int64(utf8.RuneCountInString(s)) }, types.Int4OID)
	strFn("character_length", func(s string) Datum { return int64(utf8.RuneCountInString(s)) }, types.Int4OID)
	strFn("octet_length", func(s string) Datum { return int64(len(s)) }, types.Int4OID)
	strFn("bit_length", func(s string) Datum { return int64(8 * len(s)) }, types.Int4OID)
	strFn("reverse", func(s string) Datum {
		r := []rune(s)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return string(r)
	}, types.TextOID)
	strFn("md5", func(s string) Datum { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }, types.TextOID)
	strFn("quote_ident", func(s string) Datum { return quoteIdent(s) }, types.TextOID)
	strFn("quote_literal", func(s string) Datum { return quoteLiteralE(s) }, types.TextOID)
	strFn("initcap", func(s string) Datum { return initcap(s) }, types.TextOID)
	strFn("ascii", func(s string) Datum {
		if s == "" {
			return int64(0)
		}
		r, _ := utf8.DecodeRuneInString(s)
		return int64(r)
	}, types.Int4OID)
	regFunc(&funcDef{name: "length", params: []types.OID{types.ByteaOID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) { return int64(len(a[0].([]byte))), nil }})
	regFunc(&funcDef{name: "octet_length", params: []types.OID{types.ByteaOID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) { return int64(len(a[0].([]byte))), nil }})
	regFunc(&funcDef{name: "md5", params: []types.OID{types.ByteaOID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		h := md5.Sum(a[0].([]byte))
		return hex.EncodeToString(h[:]), nil
	}})
	regFunc(&funcDef{name: "chr", params: []types.OID{types.Int4OID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return string(rune(a[0].(int64))), nil
	}})
	regFunc(&funcDef{name: "repeat", params: []types.OID{types.TextOID, types.Int4OID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		n := a[1].(int64)
		if n < 0 {
			n = 0
		}
		return strings.Repeat(a[0].(string), int(n)), nil
	}})
	substr := func(_ *callCtx, a []Datum) (Datum, error) {
		r := []rune(a[0].(string))
		start := a[1].(int64)
		end := int64(len(r)) + 1
		if len(a) > 2 {
			l := a[2].(int64)
			if l < 0 {
				return nil, pgerr.New(pgerr.SubstringError, "negative substring length not allowed")
			}
			end = start + l
		}
		if start < 1 {
			start = 1
		}
		if end > int64(len(r))+1 {
			end = int64(len(r)) + 1
		}
		if start >= end {
			return "", nil
		}
		return string(r[start-1 : end-1]), nil
	}
	for _, n := range []string{"substr", "substring"} {
		regFunc(&funcDef{name: n, params: []types.OID{types.TextOID, types.Int4OID}, ret: types.TextOID, strict: true, fn: substr})
		regFunc(&funcDef{name: n, params: []types.OID{types.TextOID, types.Int4OID, types.Int4OID}, ret: types.TextOID, strict: true, fn: substr})
	}
	regFunc(&funcDef{name: "substring", params: []types.OID{types.TextOID, types.TextOID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		re, err := compileRegex(a[1].(string), false)
		if err != nil {
			return nil, err
		}
		m := re.FindStringSubmatch(a[0].(string))
		if m == nil {
			return nil, nil
		}
		if len(m) > 1 {
			return m[1], nil
		}
		return m[0], nil
	}})
	regFunc(&funcDef{name: "left", params: []types.OID{types.TextOID, types.Int4OID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		r := []rune(a[0].(string))
		n := int(a[1].(int64))
		if n < 0 {
			n = len(r) + n
			if n < 0 {
				n = 0
			}
		}
		if n > len(r) {
			n = len(r)
		}
		return string(r[:n]), nil
	}})
	regFunc(&funcDef{name: "right", params: []types.OID{types.TextOID, types.Int4OID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		r := []rune(a[0].(string))
		n := int(a[1].(int64))
		if n < 0 {
			n = len(r) + n
			if n < 0 {
				n = 0
			}
		}
		if n > len(r) {
			n = len(r)
		}
		return string(r[len(r)-n:]), nil
	}})
	regFunc(&funcDef{name: "strpos", params: []types.OID{types.TextOID, types.TextOID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		i := strings.Index(a[0].(string), a[1].(string))
		if i < 0 {
			return int64(0), nil
		}
		return int64(utf8.RuneCountInString(a[0].(string)[:i]) + 1), nil
	}})
	regFunc(&funcDef{name: "position", params: []types.OID{types.TextOID, types.TextOID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		// position(sub IN s) arrives as position(s, sub)
		i := strings.Index(a[0].(string), a[1].(string))
		if i < 0 {
			return int64(0), nil
		}
		return int64(utf8.RuneCountInString(a[0].(string)[:i]) + 1), nil
	}})
	regFunc(&funcDef{name: "starts_with", params: []types.OID{types.TextOID, types.TextOID}, ret: types.BoolOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return strings.HasPrefix(a[0].(string), a[1].(string)), nil
	}})
	regFunc(&funcDef{name: "replace", params: []types.OID{types.TextOID, types.TextOID, types.TextOID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		if a[1].(string) == "" {
			return a[0], nil
		}
		return strings.ReplaceAll(a[0].(string), a[1].(string), a[2].(string)), nil
	}})
	regFunc(&funcDef{name: "split_part", params: []types.OID{types.TextOID, types.TextOID, types.Int4OID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		n := a[2].(int64)
		if n == 0 {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "field position must not be zero")
		}
		var parts []string
		if a[1].(string) == "" {
			parts = []string{a[0].(string)}
		} else {
			parts = strings.Split(a[0].(string), a[1].(string))
		}
		if n < 0 {
			n = int64(len(parts)) + n + 1
		}
		if n < 1 || n > int64(len(parts)) {
			return "", nil
		}
		return parts[n-1], nil
	}})
	trimFn := func(name string, left, right bool) {
		f := func(_ *callCtx, a []Datum) (Datum, error) {
			s := a[0].(string)
			cut := " "
			if len(a) > 1 {
				cut = a[1].(string)
			}
			if left {
				s = strings.TrimLeft(s, cut)
			}
			if right {
				s = strings.TrimRight(s, cut)
			}
			return s, nil
		}
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID}, ret: types.TextOID, strict: true, fn: f})
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID, types.TextOID}, ret: types.TextOID, strict: true, fn: f})
	}
	trimFn("btrim", true, true)
	trimFn("ltrim", true, false)
	trimFn("rtrim", false, true)
	padFn := func(name string, left bool) {
		f := func(_ *callCtx, a []Datum) (Datum, error) {
			r := []rune(a[0].(string))
			n := int(a[1].(int64))
			fill := []rune(" ")
			if len(a) > 2 {
				fill = []rune(a[2].(string))
			}
			if n <= len(r) {
				return string(r[:max(n, 0)]), nil
			}
			if len(fill) == 0 {
				return string(r), nil
			}
			pad := make([]rune, 0, n-len(r))
			for i := 0; len(pad) < n-len(r); i++ {
				pad = append(pad, fill[i%len(fill)])
			}
			if left {
				return string(pad) + string(r), nil
			}
			return string(r) + string(pad), nil
		}
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID, types.Int4OID}, ret: types.TextOID, strict: true, fn: f})
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID, types.Int4OID, types.TextOID}, ret: types.TextOID, strict: true, fn: f})
	}
	padFn("lpad", true)
	padFn("rpad", false)
	regFunc(&funcDef{name: "concat", params: nil, variadic: anyOID, ret: types.TextOID, volatility: stable, fn: func(c *callCtx, a []Datum) (Datum, error) {
		var b []byte
		for i, v := range a {
			if v != nil {
				b = formatText(b, c.argTypes[i].OID, v, c.ec().formatSettings())
			}
		}
		return string(b), nil
	}})
	regFunc(&funcDef{name: "concat_ws", params: []types.OID{types.TextOID}, variadic: anyOID, ret: types.TextOID, volatility: stable, fn: func(c *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		var b []byte
		first := true
		for i, v := range a[1:] {
			if v == nil {
				continue
			}
			if !first {
				b = append(b, a[0].(string)...)
			}
			first = false
			b = formatText(b, c.argTypes[i+1].OID, v, c.ec().formatSettings())
		}
		return string(b), nil
	}})
	regFunc(&funcDef{name: "regexp_replace", params: []types.OID{types.TextOID, types.TextOID, types.TextOID}, ret: types.TextOID, strict: true, fn: regexpReplace})
	regFunc(&funcDef{name: "regexp_replace", params: []types.OID{types.TextOID, types.TextOID, types.TextOID, types.TextOID}, ret: types.TextOID, strict: true, fn: regexpReplace})
	regFunc(&funcDef{name: "regexp_match", params: []types.OID{types.TextOID, types.TextOID}, ret: types.TextArrayOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		re, err := compileRegex(a[1].(string), false)
		if err != nil {
			return nil, err
		}
		m := re.FindStringSubmatch(a[0].(string))
		if m == nil {
			return nil, nil
		}
		if len(m) == 1 {
			return types.NewArray1(types.TextOID, []Datum{m[0]}), nil
		}
		out := make([]Datum, len(m)-1)
		for i, s := range m[1:] {
			out[i] = s
		}
		return types.NewArray1(types.TextOID, out), nil
	}})
	regFunc(&funcDef{name: "encode", params: []types.OID{types.ByteaOID, types.TextOID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		b := a[0].([]byte)
		switch strings.ToLower(a[1].(string)) {
		case "hex":
			return hex.EncodeToString(b), nil
		case "base64":
			s := base64.StdEncoding.EncodeToString(b)
			var out strings.Builder
			for len(s) > 76 {
				out.WriteString(s[:76])
				out.WriteByte('\n')
				s = s[76:]
			}
			out.WriteString(s)
			return out.String(), nil
		case "escape":
			var out []byte
			for _, c := range b {
				switch {
				case c == '\\':
					out = append(out, '\\', '\\')
				case c == 0 || c >= 0x80:
					out = fmt.Appendf(out, "\\%03o", c)
				default:
					out = append(out, c)
				}
			}
			return string(out), nil
		}
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized encoding: %q", a[1].(string))
	}})
	regFunc(&funcDef{name: "decode", params: []types.OID{types.TextOID, types.TextOID}, ret: types.ByteaOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		s := a[0].(string)
		switch strings.ToLower(a[1].(string)) {
		case "hex":
			b, err := hex.DecodeString(s)
			if err != nil {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
			}
			return b, nil
		case "base64":
			b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
			if err != nil {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid base64 end sequence")
			}
			return b, nil
		case "escape":
			return parseText(types.ByteaOID, s, nil)
		}
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized encoding: %q", a[1].(string))
	}})
	regFunc(&funcDef{name: "convert_from", params: []types.OID{types.ByteaOID, types.NameOID}, ret: types.TextOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		enc := strings.ToUpper(strings.ReplaceAll(a[1].(string), "-", ""))
		b := a[0].([]byte)
		switch enc {
		case "UTF8", "SQLASCII":
			if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
				return nil, pgerr.New(pgerr.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"")
			}
			return string(b), nil
		case "LATIN1":
			r := make([]rune, len(b))
			for i, c := range b {
				r[i] = rune(c)
			}
			return string(r), nil
		}
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid source encoding name %q", a[1].(string))
	}})
	regFunc(&funcDef{name: "convert_to", params: []types.OID{types.TextOID, types.NameOID}, ret: types.ByteaOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return []byte(a[0].(string)), nil
	}})
	regFunc(&funcDef{name: "gen_random_uuid", ret: types.UUIDOID, volatility: volatile, fn: func(_ *callCtx, _ []Datum) (Datum, error) {
		var u types.UUID
		rand.Read(u[:])
		u[6] = (u[6] & 0x0f) | 0x40
		u[8] = (u[8] & 0x3f) | 0x80
		return u, nil
	}})

	// Math.
	regFunc(&funcDef{name: "abs", params: []types.OID{types.Int8OID}, ret: types.Int8OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		x := a[0].(int64)
		if x < 0 {
			return checkArith(types.Int8OID, -x, x == math.MinInt64)
		}
		return x, nil
	}})
	regFunc(&funcDef{name: "abs", params: []types.OID{types.Int4OID}, ret: types.Int4OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		x := a[0].(int64)
		if x < 0 {
			return checkIntRange(types.Int4OID, -x)
		}
		return x, nil
	}})
	regFunc(&funcDef{name: "abs", params: []types.OID{types.Float8OID}, ret: types.Float8OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) { return math.Abs(a[0].(float64)), nil }})
	regFunc(&funcDef{name: "abs", params: []types.OID{types.NumericOID}, ret: types.NumericOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		d := new(apd.Decimal)
		d.Abs(a[0].(*apd.Decimal))
		return d, nil
	}})
	f1 := func(name string, f func(float64) float64) {
		regFunc(&funcDef{name: name, params: []types.OID{types.Float8OID}, ret: types.Float8OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) { return f(a[0].(float64)), nil }})
	}
	f1("sqrt", math.Sqrt)
	f1("exp", math.Exp)
	f1("ln", math.Log)
	f1("log", math.Log10)
	f1("sin", math.Sin)
	f1("cos", math.Cos)
	f1("floor", math.Floor)
	f1("ceil", math.Ceil)
	f1("ceiling", math.Ceil)
	f1("trunc", math.Trunc)
	f1("round", func(x float64) float64 { return math.RoundToEven(x) })
	f1("sign", func(x float64) float64 {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return 0
	})
	regFunc(&funcDef{name: "power", params: []types.OID{types.Float8OID, types.Float8OID}, ret: types.Float8OID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return math.Pow(a[0].(float64), a[1].(float64)), nil
	}})
	regFunc(&funcDef{name: "pi", ret: types.Float8OID, fn: func(_ *callCtx, _ []Datum) (Datum, error) { return math.Pi, nil }})
	regFunc(&funcDef{name: "random", ret: types.Float8OID, volatility: volatile, fn: func(_ *callCtx, _ []Datum) (Datum, error) {
		var b [8]byte
		rand.Read(b[:])
		u := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 | uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48
		return float64(u>>3) / float64(1<<53), nil
	}})
	numRound := func(mode apd.Rounder) funcImpl {
		return func(_ *callCtx, a []Datum) (Datum, error) {
			x := a[0].(*apd.Decimal)
			scale := int64(0)
			if len(a) > 1 {
				scale = a[1].(int64)
			}
			if x.Form != apd.Finite {
				return x, nil
			}
			d := new(apd.Decimal)
			ctx := apd.BaseContext.WithPrecision(1000)
			ctx.Rounding = mode
			if _, err := ctx.Quantize(d, x, int32(-scale)); err != nil {
				return nil, err
			}
			if scale < 0 {
				// PostgreSQL keeps scale 0 for negative rounding positions
				ctx.Quantize(d, d, 0)
			}
			return d, nil
		}
	}
	regFunc(&funcDef{name: "round", params: []types.OID{types.NumericOID}, ret: types.NumericOID, strict: true, fn: numRound(apd.RoundHalfUp)})
	regFunc(&funcDef{name: "round", params: []types.OID{types.NumericOID, types.Int4OID}, ret: types.NumericOID, strict: true, fn: numRound(apd.RoundHalfUp)})
	regFunc(&funcDef{name: "trunc", params: []types.OID{types.NumericOID}, ret: types.NumericOID, strict: true, fn: numRound(apd.RoundDown)})
	regFunc(&funcDef{name: "trunc", params: []types.OID{types.NumericOID, types.Int4OID}, ret: types.NumericOID, strict: true, fn: numRound(apd.RoundDown)})
	regFunc(&funcDef{name: "floor", params: []types.OID{types.NumericOID}, ret: types.NumericOID, strict: true, fn: numRound(apd.RoundFloor)})
	regFunc(&funcDef{name: "ceil", params: []types.OID{types.NumericOID}, ret: types.NumericOID, strict: true, fn: numRound(apd.RoundCeiling)})
	regFunc(&funcDef{name: "ceiling", params: []types.OID{types.NumericOID}, ret: types.NumericOID, strict: true, fn: numRound(apd.RoundCeiling)})
	regFunc(&funcDef{name: "mod", params: []types.OID{types.Int8OID, types.Int8OID}, ret: types.Int8OID, strict: true, fn: intArith("%", types.Int8OID)})
	regFunc(&funcDef{name: "mod", params: []types.OID{types.Int4OID, types.Int4OID}, ret: types.Int4OID, strict: true, fn: intArith("%", types.Int4OID)})
	regFunc(&funcDef{name: "mod", params: []types.OID{types.NumericOID, types.NumericOID}, ret: types.NumericOID, strict: true, fn: numericArith("%")})
	regFunc(&funcDef{name: "div", params: []types.OID{types.NumericOID, types.NumericOID}, ret: types.NumericOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		q, err := numericArith("/")(c, a)
		if err != nil {
			return nil, err
		}
		d := new(apd.Decimal)
		ctx := apd.BaseContext.WithPrecision(1000)
		ctx.Rounding = apd.RoundDown
		ctx.Quantize(d, q.(*apd.Decimal), 0)
		return d, nil
	}})
	regFunc(&funcDef{name: "greatest_dummy", ret: types.Int4OID})

	// Date/time.
	regFunc(&funcDef{name: "date_trunc", params: []types.OID{types.TextOID, types.TimestampTZOID}, ret: types.TimestampTZOID, strict: true, volatility: stable, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return dateTrunc(a[0].(string), a[1].(time.Time), locOf(c.ec().formatSettings()))
	}})
	regFunc(&funcDef{name: "date_trunc", params: []types.OID{types.TextOID, types.TimestampOID}, ret: types.TimestampOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		return dateTrunc(a[0].(string), a[1].(time.Time), time.UTC)
	}})
	regFunc(&funcDef{name: "date_trunc", params: []types.OID{types.TextOID, types.IntervalOID}, ret: types.IntervalOID, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
		iv := a[1].(types.Interval)
		switch strings.ToLower(a[0].(string)) {
		case "year":
			return types.Interval{Months: iv.Months / 12 * 12}, nil
		case "month":
			return types.Interval{Months: iv.Months}, nil
		case "day":
			return types.Interval{Months: iv.Months, Days: iv.Days}, nil
		case "hour":
			return types.Interval{Months: iv.Months, Days: iv.Days, Micros: iv.Micros / 3600e6 * 3600e6}, nil
		case "minute":
			return types.Interval{Months: iv.Months, Days: iv.Days, Micros: iv.Micros / 60e6 * 60e6}, nil
		case "second":
			return types.Interval{Months: iv.Months, Days: iv.Days, Micros: iv.Micros / 1e6 * 1e6}, nil
		}
		return iv, nil
	}})
	for _, name := range []string{"date_part", "extract"} {
		ret := types.Float8OID
		if name == "extract" {
			ret = types.NumericOID
		}
		r := ret
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID, types.TimestampTZOID}, ret: ret, strict: true, volatility: stable, fn: func(c *callCtx, a []Datum) (Datum, error) {
			return extractField(a[0].(string), a[1].(time.Time), locOf(c.ec().formatSettings()), true, r)
		}})
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID, types.TimestampOID}, ret: ret, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
			return extractField(a[0].(string), a[1].(time.Time), time.UTC, false, r)
		}})
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID, types.DateOID}, ret: ret, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
			return extractField(a[0].(string), dateToTime(a[1].(types.Date)), time.UTC, false, r)
		}})
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID, types.IntervalOID}, ret: ret, strict: true, fn: func(c *callCtx, a []Datum) (Datum, error) {
			return extractInterval(a[0].(string), a[1].(types.Interval), r)
		}})
	}
	regFunc(&funcDef{name: "to_timestamp", params: []types.OID{types.Float8OID}, ret: types.TimestampTZOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		f := a[0].(float64)
		sec := math.Floor(f)
		return time.Unix(int64(sec), int64((f-sec)*1e9)).UTC().Round(time.Microsecond), nil
	}})
	regFunc(&funcDef{name: "age", params: []types.OID{types.TimestampTZOID, types.TimestampTZOID}, ret: types.IntervalOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return ageInterval(a[0].(time.Time), a[1].(time.Time)), nil
	}})
	regFunc(&funcDef{name: "make_interval", params: []types.OID{types.Int4OID, types.Int4OID, types.Int4OID, types.Int4OID, types.Int4OID, types.Int4OID, types.Float8OID}, ret: types.IntervalOID, strict: true, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		return types.Interval{Months: int32(a[0].(int64)*12 + a[1].(int64)), Days: int32(a[2].(int64)*7 + a[3].(int64)), Micros: a[4].(int64)*3600e6 + a[5].(int64)*60e6 + int64(a[6].(float64)*1e6)}, nil
	}})
}

// ---- helpers -----------------------------------------------------------------

func checkArith(t types.OID, v int64, overflow bool) (Datum, error) {
	if overflow {
		return nil, intOutOfRange(t)
	}
	d, err := checkIntRange(t, v)
	if err != nil {
		return nil, intOutOfRange(t)
	}
	return d, nil
}

func intArith(op string, t types.OID) funcImpl {
	return func(_ *callCtx, a []Datum) (Datum, error) {
		x, y := a[0].(int64), a[1].(int64)
		switch op {
		case "+":
			r := x + y
			return checkArith(t, r, (x > 0 && y > 0 && r < 0) || (x < 0 && y < 0 && r >= 0))
		case "-":
			r := x - y
			return checkArith(t, r, (x >= 0 && y < 0 && r < 0) || (x < 0 && y > 0 && r >= 0))
		case "*":
			if x == 0 || y == 0 {
				return int64(0), nil
			}
			r := x * y
			return checkArith(t, r, r/y != x || (x == -1 && y == math.MinInt64) || (y == -1 && x == math.MinInt64))
		case "/":
			if y == 0 {
				return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
			}
			if y == -1 {
				return checkArith(t, -x, x == math.MinInt64)
			}
			return x / y, nil
		default:
			if y == 0 {
				return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
			}
			if y == -1 {
				return int64(0), nil
			}
			return x % y, nil
		}
	}
}

func floatArith(op string, single bool) funcImpl {
	return func(_ *callCtx, a []Datum) (Datum, error) {
		x, y := a[0].(float64), a[1].(float64)
		var r float64
		switch op {
		case "+":
			r = x + y
		case "-":
			r = x - y
		case "*":
			r = x * y
		case "/":
			if y == 0 {
				return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
			}
			r = x / y
		}
		if single {
			r = float64(float32(r))
		}
		if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: overflow")
		}
		return r, nil
	}
}

var numCtx = func() *apd.Context {
	c := apd.BaseContext.WithPrecision(1000)
	c.Rounding = apd.RoundHalfUp
	return c
}()

func decScale(d *apd.Decimal) int32 {
	if d.Exponent < 0 {
		return -d.Exponent
	}
	return 0
}

// nbaseWeight returns a numeric's weight in base-10000 digits and its
// first base-10000 digit, as PostgreSQL's numeric representation has them.
func nbaseWeight(d *apd.Decimal) (int32, int64) {
	if d.IsZero() {
		return 0, 0
	}
	coeff := d.Coeff.String()
	e10 := int32(len(coeff)) + d.Exponent - 1
	w := e10 / 4
	if e10 < 0 && e10%4 != 0 {
		w--
	}
	k := int(e10 - 4*w + 1) // digits in the first group
	first := coeff
	if len(first) > k {
		first = first[:k]
	}
	for len(first) < k {
		first += "0"
	}
	var v int64
	for _, c := range first {
		v = v*10 + int64(c-'0')
	}
	return w, v
}

func numericArith(op string) funcImpl {
	return func(_ *callCtx, a []Datum) (Datum, error) {
		x, y := a[0].(*apd.Decimal), a[1].(*apd.Decimal)
		d := new(apd.Decimal)
		var err error
		switch op {
		case "+":
			_, err = numCtx.Add(d, x, y)
		case "-":
			_, err = numCtx.Sub(d, x, y)
		case "*":
			_, err = numCtx.Mul(d, x, y)
		case "/", "%":
			if y.IsZero() {
				return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
			}
			if op == "%" {
				_, err = numCtx.Rem(d, x, y)
				break
			}
			// PostgreSQL's select_div_scale: at least 16 significant
			// digits, and no fewer fraction digits than either input.
			w1, f1 := nbaseWeight(x)
			w2, f2 := nbaseWeight(y)
			qweight := w1 - w2
			if f1 <= f2 {
				qweight--
			}
			rscale := 16 - qweight*4
			if s := decScale(x); s > rscale {
				rscale = s
			}
			if s := decScale(y); s > rscale {
				rscale = s
			}
			rscale = max(0, min(rscale, 1000))
			q := new(apd.Decimal)
			prec := uint32(max(int32(x.NumDigits())+int32(y.NumDigits())+rscale+int32(w1*4)+8, 40))
			if _, err = apd.BaseContext.WithPrecision(prec).Quo(q, x, y); err != nil {
				break
			}
			_, err = numCtx.Quantize(d, q, -rscale)
		case "^":
			_, err = numCtx.Pow(d, x, y)
		}
		if err != nil {
			return nil, pgerr.Wrap(err, pgerr.NumericValueOutOfRange, "value out of range")
		}
		return d, nil
	}
}

func addInterval(t time.Time, iv types.Interval, sign int, loc *time.Location) time.Time {
	l := t.In(loc)
	if iv.Months != 0 {
		y, m, d := l.Date()
		nm := int(m) + sign*int(iv.Months)
		// clamp the day to the month's length as PostgreSQL does
		first := time.Date(y, time.Month(nm), 1, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), loc)
		last := first.AddDate(0, 1, -1).Day()
		if d > last {
			d = last
		}
		l = time.Date(first.Year(), first.Month(), d, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), loc)
	}
	if iv.Days != 0 {
		l = l.AddDate(0, 0, sign*int(iv.Days))
	}
	return l.Add(time.Duration(sign) * time.Duration(iv.Micros) * time.Microsecond).UTC()
}

func scaleInterval(iv types.Interval, f float64) types.Interval {
	months := float64(iv.Months) * f
	wholeMonths := math.Trunc(months)
	days := float64(iv.Days)*f + (months-wholeMonths)*30
	wholeDays := math.Trunc(days)
	us := float64(iv.Micros)*f + (days-wholeDays)*86400e6
	return types.Interval{Months: int32(wholeMonths), Days: int32(wholeDays), Micros: int64(math.Round(us))}
}

func ageInterval(a, b time.Time) types.Interval {
	neg := a.Before(b)
	if neg {
		a, b = b, a
	}
	y1, m1, d1 := a.Date()
	y2, m2, d2 := b.Date()
	months := (y1-y2)*12 + int(m1) - int(m2)
	days := d1 - d2
	us := (int64(a.Hour()-b.Hour())*3600+int64(a.Minute()-b.Minute())*60+int64(a.Second()-b.Second()))*1e6 + int64(a.Nanosecond()-b.Nanosecond())/1000
	if us < 0 {
		us += 86400e6
		days--
	}
	if days < 0 {
		months--
		days += time.Date(y2, m2+1, 0, 0, 0, 0, 0, time.UTC).Day()
	}
	iv := types.Interval{Months: int32(months), Days: int32(days), Micros: us}
	if neg {
		iv = types.Interval{Months: -iv.Months, Days: -iv.Days, Micros: -iv.Micros}
	}
	return iv
}

func dateTrunc(field string, t time.Time, loc *time.Location) (Datum, error) {
	l := t.In(loc)
	y, m, d := l.Date()
	var r time.Time
	switch strings.ToLower(field) {
	case "microseconds":
		r = l.Truncate(time.Microsecond)
	case "milliseconds":
		r = time.Date(y, m, d, l.Hour(), l.Minute(), l.Second(), l.Nanosecond()/1e6*1e6, loc)
	case "second":
		r = time.Date(y, m, d, l.Hour(), l.Minute(), l.Second(), 0, loc)
	case "minute":
		r = time.Date(y, m, d, l.Hour(), l.Minute(), 0, 0, loc)
	case "hour":
		r = time.Date(y, m, d, l.Hour(), 0, 0, 0, loc)
	case "day":
		r = time.Date(y, m, d, 0, 0, 0, 0, loc)
	case "week":
		wd := (int(l.Weekday()) + 6) % 7
		r = time.Date(y, m, d-wd, 0, 0, 0, 0, loc)
	case "month":
		r = time.Date(y, m, 1, 0, 0, 0, 0, loc)
	case "quarter":
		r = time.Date(y, ((m-1)/3)*3+1, 1, 0, 0, 0, 0, loc)
	case "year":
		r = time.Date(y, 1, 1, 0, 0, 0, 0, loc)
	case "decade":
		r = time.Date(y-y%10, 1, 1, 0, 0, 0, 0, loc)
	case "century":
		r = time.Date((y-1)/100*100+1, 1, 1, 0, 0, 0, 0, loc)
	case "millennium":
		r = time.Date((y-1)/1000*1000+1, 1, 1, 0, 0, 0, 0, loc)
	default:
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "unit %q not supported for type timestamp with time zone", field)
	}
	return r.UTC(), nil
}

func extractField(field string, t time.Time, loc *time.Location, tz bool, ret types.OID) (Datum, error) {
	l := t.In(loc)
	var v float64
	var dec *apd.Decimal
	switch strings.ToLower(field) {
	case "year":
		v = float64(l.Year())
	case "month":
		v = float64(l.Month())
	case "day":
		v = float64(l.Day())
	case "hour":
		v = float64(l.Hour())
	case "minute":
		v = float64(l.Minute())
	case "second":
		us := int64(l.Second())*1e6 + int64(l.Nanosecond()/1000)
		dec = apd.New(us, -6)
		v = float64(us) / 1e6
	case "milliseconds":
		us := int64(l.Second())*1e6 + int64(l.Nanosecond()/1000)
		dec = apd.New(us, -3)
		v = float64(us) / 1e3
	case "microseconds":
		v = float64(int64(l.Second())*1e6 + int64(l.Nanosecond()/1000))
	case "dow":
		v = float64(l.Weekday())
	case "isodow":
		v = float64((int(l.Weekday())+6)%7 + 1)
	case "doy":
		v = float64(l.YearDay())
	case "week":
		_, w := l.ISOWeek()
		v = float64(w)
	case "quarter":
		v = float64((int(l.Month())-1)/3 + 1)
	case "epoch":
		us := t.UnixMicro()
		if !tz {
			us = time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC).UnixMicro()
		}
		dec = apd.New(us, -6)
		v = float64(us) / 1e6
	case "decade":
		v = float64(l.Year() / 10)
	case "century":
		v = float64((l.Year()-1)/100 + 1)
	case "timezone":
		_, off := l.Zone()
		v = float64(off)
	default:
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "unit %q not supported for type timestamp", field)
	}
	if ret == types.NumericOID {
		if dec != nil {
			d := new(apd.Decimal)
			d.Set(dec)
			return d, nil
		}
		return apd.New(int64(v), 0), nil
	}
	return v, nil
}

func extractInterval(field string, iv types.Interval, ret types.OID) (Datum, error) {
	var v float64
	switch strings.ToLower(field) {
	case "year":
		v = float64(iv.Months / 12)
	case "month":
		v = float64(iv.Months % 12)
	case "day":
		v = float64(iv.Days)
	case "hour":
		v = float64(iv.Micros / 3600e6)
	case "minute":
		v = float64((iv.Micros % 3600e6) / 60e6)
	case "second":
		v = float64(iv.Micros%60e6) / 1e6
	case "epoch":
		v = float64(iv.Months)*30*86400 + float64(iv.Days)*86400 + float64(iv.Micros)/1e6
		if iv.Months != 0 {
			v = float64(iv.Months/12)*365.25*86400 + float64(iv.Months%12)*30*86400 + float64(iv.Days)*86400 + float64(iv.Micros)/1e6
		}
	default:
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "unit %q not supported for type interval", field)
	}
	if ret == types.NumericOID {
		d := new(apd.Decimal)
		d.SetString(strconv.FormatFloat(v, 'f', -1, 64))
		return d, nil
	}
	return v, nil
}

// ---- arrays -----------------------------------------------------------------

func arrayContains(a, b *types.Array) bool {
	// every non-NULL element of b is in a (NULL elements never match)
	if len(b.Elems) == 0 {
		return true
	}
	if len(a.Elems) > 16 {
		set := make(map[string]struct{}, len(a.Elems))
		var kb []byte
		for _, e := range a.Elems {
			if e != nil {
				kb = appendKey(kb[:0], e)
				set[string(kb)] = struct{}{}
			}
		}
		for _, e := range b.Elems {
			if e == nil {
				return false
			}
			kb = appendKey(kb[:0], e)
			if _, ok := set[string(kb)]; !ok {
				return false
			}
		}
		return true
	}
outer:
	for _, e := range b.Elems {
		if e == nil {
			return false
		}
		for _, x := range a.Elems {
			if x != nil && datumsEqual(x, e) {
				continue outer
			}
		}
		return false
	}
	return true
}

func arrayOverlaps(a, b *types.Array) bool {
	for _, e := range b.Elems {
		if e == nil {
			continue
		}
		for _, x := range a.Elems {
			if x != nil && datumsEqual(x, e) {
				return true
			}
		}
	}
	return false
}

func arrayAppendFn(c *callCtx, a []Datum) (Datum, error) {
	elem := types.ElemOf(c.retType.OID)
	if a[0] == nil {
		return types.NewArray1(elem, []Datum{a[1]}), nil
	}
	arr := a[0].(*types.Array)
	if len(arr.Dims) > 1 {
		return nil, pgerr.New(pgerr.DataException, "argument must be empty or one-dimensional array")
	}
	out := make([]Datum, len(arr.Elems)+1)
	copy(out, arr.Elems)
	out[len(arr.Elems)] = a[1]
	r := types.NewArray1(elem, out)
	if len(arr.Dims) == 1 {
		r.Dims[0].Lower = arr.Dims[0].Lower
	}
	return r, nil
}

func arrayPrependFn(c *callCtx, a []Datum) (Datum, error) {
	elem := types.ElemOf(c.retType.OID)
	if a[1] == nil {
		return types.NewArray1(elem, []Datum{a[0]}), nil
	}
	arr := a[1].(*types.Array)
	out := make([]Datum, 0, len(arr.Elems)+1)
	out = append(out, a[0])
	out = append(out, arr.Elems...)
	r := types.NewArray1(elem, out)
	if len(arr.Dims) == 1 {
		r.Dims[0].Lower = arr.Dims[0].Lower - 1
	}
	return r, nil
}

func arrayCatFn(c *callCtx, a []Datum) (Datum, error) {
	if a[0] == nil {
		return a[1], nil
	}
	if a[1] == nil {
		return a[0], nil
	}
	x, y := a[0].(*types.Array), a[1].(*types.Array)
	if len(x.Elems) == 0 {
		return y, nil
	}
	if len(y.Elems) == 0 {
		return x, nil
	}
	elem := types.ElemOf(c.retType.OID)
	if len(x.Dims) == len(y.Dims) {
		if len(x.Dims) == 1 {
			out := make([]Datum, 0, len(x.Elems)+len(y.Elems))
			out = append(append(out, x.Elems...), y.Elems...)
			r := types.NewArray1(elem, out)
			r.Dims[0].Lower = x.Dims[0].Lower
			return r, nil
		}
		if !dimsEqual(x.Dims[1:], y.Dims[1:]) {
			return nil, pgerr.New(pgerr.ArraySubscriptError, "cannot concatenate incompatible arrays")
		}
		dims := append([]types.ArrayDim(nil), x.Dims...)
		dims[0].Len += y.Dims[0].Len
		return &types.Array{Elem: elem, Dims: dims, Elems: append(append([]Datum(nil), x.Elems...), y.Elems...)}, nil
	}
	if len(x.Dims) == len(y.Dims)+1 && dimsEqual(x.Dims[1:], y.Dims) {
		dims := append([]types.ArrayDim(nil), x.Dims...)
		dims[0].Len++
		return &types.Array{Elem: elem, Dims: dims, Elems: append(append([]Datum(nil), x.Elems...), y.Elems...)}, nil
	}
	if len(y.Dims) == len(x.Dims)+1 && dimsEqual(y.Dims[1:], x.Dims) {
		dims := append([]types.ArrayDim(nil), y.Dims...)
		dims[0].Len++
		return &types.Array{Elem: elem, Dims: dims, Elems: append(append([]Datum(nil), x.Elems...), y.Elems...)}, nil
	}
	return nil, pgerr.New(pgerr.ArraySubscriptError, "cannot concatenate incompatible arrays")
}

// tagValue implements tag_value(tags, key): the text after "key:" of the
// first tag with that key, or NULL.
func tagValue(tags *types.Array, key string) Datum {
	for _, e := range tags.Elems {
		if e == nil {
			continue
		}
		s := e.(string)
		if len(s) > len(key) && s[len(key)] == ':' && s[:len(key)] == key {
			return s[len(key)+1:]
		}
	}
	return nil
}

// ---- LIKE and regular expressions ---------------------------------------------

// likeMatch implements LIKE with the default escape character '\'.
func likeMatch(s, pattern string, ci bool) (bool, error) {
	if ci {
		s, pattern = strings.ToLower(s), strings.ToLower(pattern)
	}
	return likeRec(s, pattern)
}

func likeRec(s, p string) (bool, error) {
	for len(p) > 0 {
		c := p[0]
		switch c {
		case '%':
			for len(p) > 0 && p[0] == '%' {
				p = p[1:]
			}
			if len(p) == 0 {
				return true, nil
			}
			for i := 0; i <= len(s); i++ {
				if i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
					continue
				}
				ok, err := likeRec(s[i:], p)
				if err != nil || ok {
					return ok, err
				}
			}
			return false, nil
		case '_':
			if len(s) == 0 {
				return false, nil
			}
			_, n := utf8.DecodeRuneInString(s)
			s, p = s[n:], p[1:]
		case '\\':
			if len(p) < 2 {
				return false, pgerr.New(pgerr.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
			}
			if len(s) == 0 || s[0] != p[1] {
				return false, nil
			}
			s, p = s[1:], p[2:]
		default:
			if len(s) == 0 || s[0] != c {
				return false, nil
			}
			s, p = s[1:], p[1:]
		}
	}
	return len(s) == 0, nil
}

// likePrefix returns the literal prefix of a LIKE pattern and whether the
// pattern is exactly "prefix%" (so a prefix scan answers it exactly).
func likePrefix(p string) (prefix string, exact bool) {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '%':
			rest := p[i:]
			return b.String(), strings.Trim(rest, "%") == ""
		case '_':
			return b.String(), false
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteByte(p[i])
				continue
			}
			return b.String(), false
		default:
			b.WriteByte(c)
		}
	}
	// no wildcard: equality
	return b.String(), false
}

var regexCache sync.Map // pattern -> *regexp.Regexp

func compileRegex(p string, ci bool) (*regexp.Regexp, error) {
	key := p
	if ci {
		key = "(?i)" + p
	}
	if re, ok := regexCache.Load(key); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(key)
	if err != nil {
		return nil, pgerr.Newf(pgerr.InvalidRegularExpression, "invalid regular expression: %v", err)
	}
	regexCache.Store(key, re)
	return re, nil
}

func regexpReplace(_ *callCtx, a []Datum) (Datum, error) {
	flags := ""
	if len(a) > 3 {
		flags = a[3].(string)
	}
	re, err := compileRegex(a[1].(string), strings.Contains(flags, "i"))
	if err != nil {
		return nil, err
	}
	repl := convertReplacement(a[2].(string))
	if strings.Contains(flags, "g") {
		return re.ReplaceAllString(a[0].(string), repl), nil
	}
	s := a[0].(string)
	loc := re.FindStringSubmatchIndex(s)
	if loc == nil {
		return s, nil
	}
	var dst []byte
	dst = re.ExpandString(dst, repl, s, loc)
	return s[:loc[0]] + string(dst) + s[loc[1]:], nil
}

// convertReplacement turns PostgreSQL's \1 and \& into Go's ${1} and ${0}.
func convertReplacement(r string) string {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		if c == '\\' && i+1 < len(r) {
			n := r[i+1]
			switch {
			case n >= '0' && n <= '9':
				b.WriteString("${" + string(n) + "}")
				i++
				continue
			case n == '&':
				b.WriteString("${0}")
				i++
				continue
			case n == '\\':
				b.WriteByte('\\')
				i++
				continue
			}
		}
		if c == '$' {
			b.WriteString("$$")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func quoteIdent(s string) string {
	if s != "" && !isReservedWord(s) {
		plain := true
		for i, c := range s {
			if !(c >= 'a' && c <= 'z' || c == '_' || (i > 0 && (c >= '0' && c <= '9' || c == '$'))) {
				plain = false
				break
			}
		}
		if plain {
			return s
		}
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func isReservedWord(s string) bool {
	switch s {
	case "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check",
		"collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role", "current_time",
		"current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except",
		"false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
		"lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
		"placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table", "then",
		"to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with":
		return true
	}
	return false
}

func quoteLiteralE(s string) string {
	if strings.Contains(s, `\`) {
		return "E'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func initcap(s string) string {
	r := []rune(strings.ToLower(s))
	start := true
	for i, c := range r {
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c > 127
		if start && alnum {
			r[i] = []rune(strings.ToUpper(string(c)))[0]
		}
		start = !alnum
	}
	return string(r)
}

func locOf(fs *formatSettings) *time.Location {
	if fs == nil || fs.TimeZone == nil {
		return time.UTC
	}
	return fs.TimeZone
}

func checkIntRange(t types.OID, v int64) (Datum, error) {
	switch t {
	case types.Int2OID:
		if v < math.MinInt16 || v > math.MaxInt16 {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "smallint out of range")
		}
	case types.Int4OID:
		if v < math.MinInt32 || v > math.MaxInt32 {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range")
		}
	}
	return v, nil
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

func isPreferred(oid types.OID) bool {
	if i := types.Lookup(oid); i != nil {
		return i.Preferred
	}
	return false
}

func undefinedOperator(name string, left *types.Type, right types.Type) error {
	if left == nil {
		return pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s %s", name, right).
			WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast.")
	}
	return pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s %s %s", *left, name, right).
		WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.")
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
