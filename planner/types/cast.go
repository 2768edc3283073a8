package types

import (
	"math"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// CastContext is where a cast may be applied without being written
// (pg_cast.castcontext).
type CastContext uint8

// Cast contexts, weakest requirement last: an implicit cast is also
// allowed in assignments and explicitly.
const (
	CastImplicit   CastContext = iota // 'i': in any expression
	CastAssignment                    // 'a': when storing into a column
	CastExplicit                      // 'e': only with CAST or ::
	castNone
)

func (c CastContext) String() string {
	return [...]string{"implicit", "assignment", "explicit", "none"}[c]
}

// pgCasts is PostgreSQL 15's pg_cast restricted to the built-in types we
// support (source, target, context). Conversions not listed are I/O
// conversions (to a string type: assignment; from a string type:
// explicit) or array coercions, as in find_coercion_pathway.
var pgCasts = map[[2]OID]CastContext{}

func init() {
	add := func(ctx CastContext, pairs ...[2]OID) {
		for _, p := range pairs {
			pgCasts[p] = ctx
		}
	}
	i, a, e := CastImplicit, CastAssignment, CastExplicit
	add(e, [2]OID{BoolOID, Int4OID}, [2]OID{Int4OID, BoolOID}, [2]OID{CharOID, Int4OID}, [2]OID{Int4OID, CharOID})
	add(a, [2]OID{BoolOID, TextOID}, [2]OID{BoolOID, BPCharOID}, [2]OID{BoolOID, VarcharOID})
	add(i, [2]OID{CharOID, TextOID}, [2]OID{NameOID, TextOID}, [2]OID{TextOID, NameOID}, [2]OID{TextOID, BPCharOID},
		[2]OID{TextOID, VarcharOID}, [2]OID{BPCharOID, NameOID}, [2]OID{BPCharOID, TextOID}, [2]OID{BPCharOID, BPCharOID},
		[2]OID{BPCharOID, VarcharOID}, [2]OID{VarcharOID, NameOID}, [2]OID{VarcharOID, TextOID}, [2]OID{VarcharOID, BPCharOID},
		[2]OID{VarcharOID, VarcharOID}, [2]OID{TextOID, RegclassOID}, [2]OID{VarcharOID, RegclassOID})
	add(a, [2]OID{CharOID, BPCharOID}, [2]OID{CharOID, VarcharOID}, [2]OID{NameOID, BPCharOID}, [2]OID{NameOID, VarcharOID},
		[2]OID{TextOID, CharOID}, [2]OID{BPCharOID, CharOID}, [2]OID{VarcharOID, CharOID})
	// integers and floats
	add(i, [2]OID{Int2OID, Int4OID}, [2]OID{Int2OID, Int8OID}, [2]OID{Int4OID, Int8OID},
		[2]OID{Int2OID, Float4OID}, [2]OID{Int2OID, Float8OID}, [2]OID{Int2OID, NumericOID},
		[2]OID{Int4OID, Float4OID}, [2]OID{Int4OID, Float8OID}, [2]OID{Int4OID, NumericOID},
		[2]OID{Int8OID, Float4OID}, [2]OID{Int8OID, Float8OID}, [2]OID{Int8OID, NumericOID},
		[2]OID{Float4OID, Float8OID}, [2]OID{NumericOID, Float4OID}, [2]OID{NumericOID, Float8OID},
		[2]OID{NumericOID, NumericOID})
	add(a, [2]OID{Int4OID, Int2OID}, [2]OID{Int8OID, Int2OID}, [2]OID{Int8OID, Int4OID},
		[2]OID{Float4OID, Int2OID}, [2]OID{Float4OID, Int4OID}, [2]OID{Float4OID, Int8OID}, [2]OID{Float4OID, NumericOID},
		[2]OID{Float8OID, Int2OID}, [2]OID{Float8OID, Int4OID}, [2]OID{Float8OID, Int8OID}, [2]OID{Float8OID, Float4OID},
		[2]OID{Float8OID, NumericOID}, [2]OID{NumericOID, Int2OID}, [2]OID{NumericOID, Int4OID}, [2]OID{NumericOID, Int8OID})
	// oid and reg*
	regs := []OID{OidOID, RegprocOID, RegprocedureOID, RegoperOID, RegclassOID, RegtypeOID, RegnamespaceOID, RegroleOID}
	for _, r := range regs {
		add(i, [2]OID{Int8OID, r}, [2]OID{Int2OID, r}, [2]OID{Int4OID, r})
		add(a, [2]OID{r, Int8OID}, [2]OID{r, Int4OID})
		if r != OidOID {
			add(i, [2]OID{r, OidOID}, [2]OID{OidOID, r})
		}
	}
	add(i, [2]OID{RegprocOID, RegprocedureOID}, [2]OID{RegprocedureOID, RegprocOID})
	// date/time
	add(i, [2]OID{DateOID, TimestampOID}, [2]OID{DateOID, TimestampTZOID}, [2]OID{TimeOID, TimeOID}, [2]OID{TimeOID, IntervalOID},
		[2]OID{TimestampOID, TimestampOID}, [2]OID{TimestampOID, TimestampTZOID}, [2]OID{TimestampTZOID, TimestampTZOID},
		[2]OID{IntervalOID, IntervalOID})
	add(a, [2]OID{TimestampOID, DateOID}, [2]OID{TimestampOID, TimeOID}, [2]OID{TimestampTZOID, DateOID},
		[2]OID{TimestampTZOID, TimeOID}, [2]OID{TimestampTZOID, TimestampOID}, [2]OID{IntervalOID, TimeOID})
	// the catalog's vectors are their element arrays (binary coercible)
	add(i, [2]OID{Int2VectorOID, Int2ArrayOID}, [2]OID{OidVectorOID, OidArrayOID})
	// json
	add(a, [2]OID{JSONOID, JSONBOID}, [2]OID{JSONBOID, JSONOID})
	add(e, [2]OID{JSONBOID, BoolOID}, [2]OID{JSONBOID, Int8OID}, [2]OID{JSONBOID, Int2OID}, [2]OID{JSONBOID, Int4OID},
		[2]OID{JSONBOID, Float4OID}, [2]OID{JSONBOID, Float8OID}, [2]OID{JSONBOID, NumericOID})
}

// isStringCategory reports typcategory 'S' (text, varchar, bpchar, name).
func isStringCategory(o OID) bool {
	switch o {
	case TextOID, VarcharOID, BPCharOID, NameOID:
		return true
	}
	return false
}

// isArray reports whether o is a known array type.
func isArray(o OID) bool {
	i := infos[o]
	return i != nil && i.Elem != 0
}

// LookupCast returns the context in which a value of type from may be
// converted to type to, following find_coercion_pathway: pg_cast entries,
// I/O conversions to string types (assignment) and from string types
// (explicit), array coercions (the element cast's context), and unknown
// literals (implicit). ok is false when no conversion exists.
func LookupCast(from, to OID) (ctx CastContext, ok bool) {
	if from == to {
		return CastImplicit, true
	}
	if from == UnknownOID {
		return CastImplicit, true
	}
	if c, found := pgCasts[[2]OID{from, to}]; found {
		return c, true
	}
	fromElem, toElem := ElemOf(from), ElemOf(to)
	if fromElem != 0 && toElem != 0 && from != Int2VectorOID && from != OidVectorOID {
		c, ok := LookupCast(fromElem, toElem)
		return c, ok
	}
	if isStringCategory(to) && from != VoidOID && infos[from] != nil && infos[from].Category != 'P' || (isStringCategory(to) && from == RecordOID) {
		return CastAssignment, true
	}
	if isStringCategory(from) && infos[to] != nil && infos[to].Category != 'P' && to != UnknownOID {
		return CastExplicit, true
	}
	return castNone, false
}

// CanCoerce reports whether from converts to to in context ctx (or a
// weaker one).
func CanCoerce(from, to OID, ctx CastContext) bool {
	c, ok := LookupCast(from, to)
	return ok && c <= ctx
}

func errCannotCast(from, to Type) error {
	return pgerr.Newf(pgerr.CannotCoerce, "cannot cast type %s to %s", FormatType(from.OID, -1), FormatType(to.OID, -1))
}

// Cast converts d from type from to type to as an explicit CAST does
// (varchar(n) truncates silently). nil stays NULL. Errors carry
// PostgreSQL's codes: 42846 when no conversion exists, 22P02/22003/...
// from the conversion itself.
func Cast(d Datum, from, to Type, s *Settings) (Datum, error) {
	return convert(d, from, to, CastExplicit, s)
}

// Assign converts d as INSERT and UPDATE do (assignment casts: a string
// too long for varchar(n) is an error unless only spaces are cut).
func Assign(d Datum, from, to Type, s *Settings) (Datum, error) {
	if c, ok := LookupCast(from.OID, to.OID); !ok || c > CastAssignment {
		return nil, pgerr.Newf(pgerr.DatatypeMismatch, "column is of type %s but expression is of type %s",
			FormatType(to.OID, to.Typmod), FormatType(from.OID, from.Typmod)).
			WithHint("You will need to rewrite or cast the expression.")
	}
	return convert(d, from, to, CastAssignment, s)
}

// Coerce converts d implicitly (the planner's coercions of function
// arguments and operands, where typmods are not applied).
func Coerce(d Datum, from, to Type, s *Settings) (Datum, error) {
	return convert(d, from, to, CastImplicit, s)
}

func convert(d Datum, from, to Type, ctx CastContext, s *Settings) (Datum, error) {
	if d == nil {
		return nil, nil
	}
	s = orDefault(s)
	if from.OID == to.OID {
		return applyTypmod(d, to, ctx == CastExplicit)
	}
	if _, ok := LookupCast(from.OID, to.OID); !ok {
		return nil, errCannotCast(from, to)
	}
	if from.OID == UnknownOID {
		str, _ := d.(string)
		v, err := ParseText(str, Type{OID: to.OID, Typmod: -1}, s)
		if err != nil {
			return nil, err
		}
		return applyTypmod(v, to, ctx == CastExplicit)
	}
	if from.OID == CharOID && d == "" && to.OID == BPCharOID {
		return "", nil // a NUL "char" prints as nothing however it is padded
	}
	v, err := convertValue(d, from, to, s)
	if err != nil {
		return nil, err
	}
	return applyTypmod(v, to, ctx == CastExplicit)
}

// applyTypmod coerces a value of type t.OID to t's modifier.
func applyTypmod(d Datum, t Type, explicit bool) (Datum, error) {
	if t.Typmod < 0 || d == nil {
		return d, nil
	}
	switch t.OID {
	case VarcharOID:
		return applyVarcharTypmod(d.(string), t.Typmod, explicit)
	case BPCharOID:
		return applyBPCharTypmod(d.(string), t.Typmod, explicit)
	case NumericOID:
		return applyNumericTypmod(d.(*apd.Decimal), t.Typmod)
	case TimestampOID, TimestampTZOID:
		return roundTimestamp(d.(time.Time), t.Typmod), nil
	case TimeOID:
		if t.Typmod < 6 {
			return TimeOfDay(roundMicros(int64(d.(TimeOfDay)), t.Typmod)), nil
		}
	case TimeTZOID:
		if v := d.(TimeTZ); t.Typmod < 6 {
			return TimeTZ{Time: TimeOfDay(roundMicros(int64(v.Time), t.Typmod)), Zone: v.Zone}, nil
		}
	case IntervalOID:
		return roundInterval(d.(Interval), t.Typmod), nil
	}
	if a, ok := d.(*Array); ok {
		et := Type{OID: a.Elem, Typmod: t.Typmod}
		out := &Array{Elem: a.Elem, Dims: a.Dims, Elems: make([]Datum, len(a.Elems))}
		for i, e := range a.Elems {
			v, err := applyTypmod(e, et, explicit)
			if err != nil {
				return nil, err
			}
			out.Elems[i] = v
		}
		return out, nil
	}
	return d, nil
}

func convertValue(d Datum, from, to Type, s *Settings) (Datum, error) {
	f, t := from.OID, to.OID
	// arrays: element-wise
	if fe, te := ElemOf(f), ElemOf(t); fe != 0 && te != 0 {
		a := d.(*Array)
		out := &Array{Elem: te, Dims: a.Dims, Elems: make([]Datum, len(a.Elems))}
		for i, e := range a.Elems {
			if e == nil {
				continue
			}
			v, err := convertValue(e, Of(fe), Of(te), s)
			if err != nil {
				return nil, err
			}
			out.Elems[i] = v
		}
		return out, nil
	}
	if isStringCategory(t) && !isStringCategory(f) && f != CharOID {
		if _, isBool := d.(bool); !isBool {
			// I/O conversion to a string type.
			str := string(AppendText(nil, d, from, s))
			return castStringToString(str, TextOID, t), nil
		}
	}
	switch v := d.(type) {
	case int64:
		return castFromInt(v, f, t)
	case float64:
		return castFromFloat(v, f, t)
	case *apd.Decimal:
		if r, ok, err := castFromNumeric(v, t); ok {
			return r, err
		}
	case bool:
		switch t {
		case Int4OID:
			if v {
				return int64(1), nil
			}
			return int64(0), nil
		case TextOID, VarcharOID, BPCharOID:
			if v {
				return "true", nil
			}
			return "false", nil
		}
	case string:
		if isStringCategory(f) || f == CharOID {
			if isStringCategory(t) || t == CharOID {
				return castStringToString(v, f, t), nil
			}
			if t == Int4OID && f == CharOID {
				if v == "" {
					return int64(0), nil
				}
				return int64(int8(v[0])), nil
			}
			if f == CharOID {
				break
			}
			// I/O conversion from a string type
			return ParseText(v, to, s)
		}
		if f == JSONOID && t == JSONBOID {
			return ParseJSONB(v)
		}
	case time.Time:
		return castFromTimestamp(v, f, t, s)
	case Date:
		switch t {
		case TimestampOID:
			if err := checkDateForTimestamp(v); err != nil {
				return nil, err
			}
			return v.Time(), nil
		case TimestampTZOID:
			if err := checkDateForTimestamp(v); err != nil {
				return nil, err
			}
			tt := v.Time()
			if IsInfTime(tt) != 0 {
				return tt, nil
			}
			return localToUTC(tt, s.loc()), nil
		}
	case TimeOfDay:
		switch t {
		case IntervalOID:
			return Interval{Micros: int64(v)}, nil
		case TimeTZOID:
			return timeToTimeTZ(v, s), nil
		}
	case TimeTZ:
		if t == TimeOID {
			return v.Time, nil
		}
	case Interval:
		if t == TimeOID {
			us := v.Micros % usPerDay
			if us < 0 {
				us += usPerDay
			}
			return TimeOfDay(us), nil
		}
	case JSONB:
		switch t {
		case JSONOID:
			return string(appendJSONB(nil, v)), nil
		default:
			return castFromJSONB(v, to)
		}
	}
	// I/O conversion to a string type.
	if isStringCategory(t) {
		str := string(AppendText(nil, d, from, s))
		return castStringToString(str, TextOID, t), nil
	}
	return nil, errCannotCast(from, to)
}

func checkDateForTimestamp(d Date) error {
	if d == DatePosInf || d == DateNegInf {
		return nil
	}
	if d >= DateOfTime(maxTimestamp) {
		return pgerr.New(pgerr.DatetimeFieldOverflow, "date out of range for timestamp")
	}
	return nil
}

func castStringToString(v string, f, t OID) string {
	if f == BPCharOID && t != BPCharOID && t != CharOID {
		v = strings.TrimRight(v, " ")
	}
	switch t {
	case NameOID:
		return truncateName(v)
	case CharOID:
		if v == "" {
			return ""
		}
		return v[:1]
	}
	if f == CharOID {
		return v
	}
	return v
}

func castFromInt(v int64, f, t OID) (Datum, error) {
	switch t {
	case Int2OID, Int4OID, Int8OID:
		bits := map[OID]int{Int2OID: 16, Int4OID: 32, Int8OID: 64}[t]
		if f == OidOID || isRegType(f) {
			if t == Int4OID {
				return int64(int32(uint32(v))), nil
			}
			return v, nil
		}
		if !intFits(v, bits) {
			return nil, intRangeErr(bits)
		}
		return v, nil
	case Float4OID:
		return float64(float32(v)), nil
	case Float8OID:
		return float64(v), nil
	case NumericOID:
		return NumericFromInt(v), nil
	case BoolOID:
		return v != 0, nil
	case CharOID:
		if v < -128 || v > 127 {
			return nil, errOutOfRange("\"char\" out of range")
		}
		if v == 0 {
			return "", nil
		}
		return string([]byte{byte(v)}), nil
	case OidOID, RegprocOID, RegprocedureOID, RegoperOID, RegclassOID, RegtypeOID, RegnamespaceOID, RegroleOID:
		if f == Int8OID && (v < 0 || v > math.MaxUint32) {
			return nil, errOutOfRange("OID out of range")
		}
		return int64(uint32(v)), nil
	}
	if isStringCategory(t) {
		return itoa(v), nil
	}
	return nil, errCannotCast(Of(f), Of(t))
}

// castFromFloat converts floats: to integers with rint and a range check,
// to numeric through %.15g.
func castFromFloat(v float64, f, t OID) (Datum, error) {
	switch t {
	case Int2OID, Int4OID, Int8OID:
		bits := map[OID]int{Int2OID: 16, Int4OID: 32, Int8OID: 64}[t]
		r := math.RoundToEven(v)
		if math.IsNaN(r) || r < -math.Pow(2, float64(bits-1)) || r >= math.Pow(2, float64(bits-1)) {
			return nil, intRangeErr(bits)
		}
		return int64(r), nil
	case Float8OID:
		return v, nil
	case Float4OID:
		return float8ToFloat4(v)
	case NumericOID:
		bits := 64
		if f == Float4OID {
			bits = 32
		}
		return floatToNumeric(v, bits)
	}
	return nil, errCannotCast(Of(f), Of(t))
}

func float8ToFloat4(v float64) (Datum, error) {
	r := float32(v)
	if math.IsInf(float64(r), 0) && !math.IsInf(v, 0) {
		return nil, errOutOfRange("value out of range: overflow")
	}
	if r == 0 && v != 0 {
		return nil, errOutOfRange("value out of range: underflow")
	}
	return float64(r), nil
}

func castFromTimestamp(v time.Time, f, t OID, s *Settings) (Datum, error) {
	inf := IsInfTime(v)
	switch {
	case f == TimestampOID && t == TimestampTZOID:
		if inf != 0 {
			return v, nil
		}
		return checkTimestamp(localToUTC(v, s.loc()))
	case f == TimestampTZOID && t == TimestampOID:
		if inf != 0 {
			return v, nil
		}
		return checkTimestamp(wallAsUTC(v.In(s.loc())))
	case t == DateOID:
		if inf != 0 {
			return DateOfTime(v), nil
		}
		if f == TimestampTZOID {
			v = wallAsUTC(v.In(s.loc()))
		}
		return DateOfTime(v), nil
	case f == TimestampTZOID && t == TimeTZOID:
		return timestampTZToTimeTZ(v, s), nil
	case t == TimeOID:
		if inf != 0 {
			return nil, nil // timestamp_time and timestamptz_time: NULL
		}
		if f == TimestampTZOID {
			v = v.In(s.loc())
		}
		h, m, sec := v.Clock()
		return TimeOfDay(int64(h)*usPerHour + int64(m)*usPerMin + int64(sec)*usPerSec + int64(v.Nanosecond()/1000)), nil
	}
	return nil, errCannotCast(Of(f), Of(t))
}

func castFromJSONB(j JSONB, to Type) (Datum, error) {
	kind := jsonKindName(j.V)
	switch to.OID {
	case BoolOID:
		if b, ok := j.V.(bool); ok {
			return b, nil
		}
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "cannot cast jsonb %s to type boolean", kind)
	case NumericOID, Int2OID, Int4OID, Int8OID, Float4OID, Float8OID:
		n, ok := j.V.(*apd.Decimal)
		if !ok {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "cannot cast jsonb %s to type %s", kind, FormatType(to.OID, -1))
		}
		if to.OID == NumericOID {
			return n, nil
		}
		r, _, err := castFromNumeric(n, to.OID)
		return r, err
	}
	return nil, errCannotCast(Of(JSONBOID), to)
}

// castFromNumeric converts a numeric to an integer or float type (ok is
// false for other targets).
func castFromNumeric(v *apd.Decimal, t OID) (r Datum, ok bool, err error) {
	switch t {
	case Int2OID:
		r, err = numericToInt(v, 16)
	case Int4OID:
		r, err = numericToInt(v, 32)
	case Int8OID:
		r, err = numericToInt(v, 64)
	case Float8OID:
		r, err = numericToFloatIn(v, 64)
	case Float4OID:
		r, err = numericToFloatIn(v, 32)
	default:
		return nil, false, nil
	}
	return r, true, err
}

// jsonKindName names a jsonb value's kind as PostgreSQL's messages do.
func jsonKindName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case *apd.Decimal:
		return "numeric"
	case []any:
		return "array"
	case JSONObject:
		return "object"
	}
	return "unknown"
}

// FormatType is format_type_with_typemod: the SQL spelling of a type with
// its modifier ("character varying(10)", "numeric(10,2)", "integer[]");
// typmod < 0 means none. (SQL's format_type(1042, -1) says "bpchar"; the
// function handles that spelling itself.)
func FormatType(oid OID, typmod int32) string {
	info := infos[oid]
	if info == nil {
		return "???"
	}
	if info.Elem != 0 && info.Category == 'A' && oid != Int2VectorOID && oid != OidVectorOID {
		return FormatType(info.Elem, typmod) + "[]"
	}
	name := info.SQLName
	if typmod < 0 {
		return name
	}
	switch oid {
	case VarcharOID, BPCharOID:
		if typmod >= 4 {
			return name + "(" + itoa(int64(typmod-4)) + ")"
		}
	case NumericOID:
		if typmod >= 4 {
			p, sc := numericTypmodParts(typmod)
			return name + "(" + itoa(int64(p)) + "," + itoa(int64(sc)) + ")"
		}
	case TimestampOID:
		return "timestamp(" + itoa(int64(typmod)) + ") without time zone"
	case TimestampTZOID:
		return "timestamp(" + itoa(int64(typmod)) + ") with time zone"
	case TimeOID:
		return "time(" + itoa(int64(typmod)) + ") without time zone"
	case TimeTZOID:
		return "time(" + itoa(int64(typmod)) + ") with time zone"
	case IntervalOID:
		rng, p := intervalTypmodParts(typmod)
		name += intervalRangeNames[rng]
		if p != IntervalFullPrecision {
			return name + "(" + itoa(int64(p)) + ")"
		}
	}
	return name
}
