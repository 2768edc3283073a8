package types

import (
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// jsonb operators and functions.

func jv(d Datum) any { return d.(JSONB).V }

// jsonIndex resolves an array index (negative counts from the end).
func jsonIndex(arr []any, i int64) (int, bool) {
	if i < 0 {
		i += int64(len(arr))
	}
	if i < 0 || i >= int64(len(arr)) {
		return 0, false
	}
	return int(i), true
}

// JSONField is jsonb -> text.
func JSONField(v any, key string) (any, bool) {
	o, ok := v.(JSONObject)
	if !ok {
		return nil, false
	}
	return o.Get(key)
}

// JSONElement is jsonb -> int.
func JSONElement(v any, i int64) (any, bool) {
	a, ok := v.([]any)
	if !ok {
		// a top-level scalar is a one-element array in PostgreSQL's
		// storage, and -> 0 finds it
		if _, isObj := v.(JSONObject); !isObj && (i == 0 || i == -1) {
			return v, true
		}
		return nil, false
	}
	k, ok := jsonIndex(a, i)
	if !ok {
		return nil, false
	}
	return a[k], true
}

// JSONPath follows a #> path.
func JSONPath(v any, path *Array) (any, bool) {
	for _, e := range path.Elems {
		if e == nil {
			return nil, false
		}
		k := e.(string)
		switch x := v.(type) {
		case JSONObject:
			var ok bool
			if v, ok = x.Get(k); !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.ParseInt(strings.TrimSpace(k), 10, 64)
			if err != nil {
				return nil, false
			}
			var ok bool
			if v, ok = JSONElement(x, i); !ok {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return v, true
}

// jsonText is ->>'s text of a value: strings unquoted, null as NULL.
func jsonText(v any) Datum {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return x
	}
	return string(appendJSONValue(nil, v))
}

// JSONContains is jsonb @> jsonb.
func JSONContains(a, b any) bool {
	_, aArr := a.([]any)
	_, bArr := b.([]any)
	if aArr && !bArr {
		if _, bObj := b.(JSONObject); !bObj {
			// a top-level array contains a scalar it has as an element
			return jsonContains(a, []any{b})
		}
	}
	return jsonContains(a, b)
}

func jsonContains(a, b any) bool {
	switch y := b.(type) {
	case JSONObject:
		x, ok := a.(JSONObject)
		if !ok {
			return false
		}
		for _, p := range y {
			v, ok := x.Get(p.Key)
			if !ok || !jsonContainsValue(v, p.Value) {
				return false
			}
		}
		return true
	case []any:
		x, ok := a.([]any)
		if !ok {
			return false
		}
	outer:
		for _, e := range y {
			for _, c := range x {
				if jsonContainsValue(c, e) {
					continue outer
				}
			}
			return false
		}
		return true
	}
	return compareJSONValue(a, b, false) == 0 && jsonTypeRank(a) == jsonTypeRank(b)
}

func jsonContainsValue(a, b any) bool {
	switch b.(type) {
	case JSONObject, []any:
		return jsonContains(a, b)
	}
	if jsonTypeRank(a) != jsonTypeRank(b) {
		return false
	}
	return compareJSONValue(a, b, false) == 0
}

// jsonExists is jsonb ? text.
func jsonExists(v any, key string) bool {
	switch x := v.(type) {
	case JSONObject:
		_, ok := x.Get(key)
		return ok
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && s == key {
				return true
			}
		}
	case string:
		return x == key
	}
	return false
}

// JSONConcat is jsonb || jsonb.
func JSONConcat(a, b any) any {
	ao, aObj := a.(JSONObject)
	bo, bObj := b.(JSONObject)
	if aObj && bObj {
		pairs := make([]JSONPair, 0, len(ao)+len(bo))
		pairs = append(append(pairs, ao...), bo...)
		return NewJSONObject(pairs)
	}
	toArr := func(v any) []any {
		if x, ok := v.([]any); ok {
			return x
		}
		return []any{v}
	}
	x, y := toArr(a), toArr(b)
	out := make([]any, 0, len(x)+len(y))
	return append(append(out, x...), y...)
}

func jsonDeleteKey(v any, key string) (any, error) {
	switch x := v.(type) {
	case JSONObject:
		out := make(JSONObject, 0, len(x))
		for _, p := range x {
			if p.Key != key {
				out = append(out, p)
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok && s == key {
				continue
			}
			out = append(out, e)
		}
		return out, nil
	}
	return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot delete from scalar")
}

func jsonDeleteIndex(v any, i int64) (any, error) {
	switch x := v.(type) {
	case []any:
		k, ok := jsonIndex(x, i)
		if !ok {
			return x, nil
		}
		out := make([]any, 0, len(x)-1)
		out = append(append(out, x[:k]...), x[k+1:]...)
		return out, nil
	case JSONObject:
		return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot delete from object using integer index")
	}
	return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot delete from scalar")
}

// jsonSetPath implements jsonb_set / jsonb_insert / #- on one level.
func jsonSetPath(v any, path []*string, pos int, newVal any, create, del, insert, after bool) (any, error) {
	if len(path) == 0 {
		return v, nil
	}
	if path[0] == nil {
		return nil, pgerr.Newf(pgerr.NullValueNotAllowed, "path element at position %d is null", pos)
	}
	switch v.(type) {
	case JSONObject, []any:
	default:
		return v, nil
	}
	k := *path[0]
	last := len(path) == 1
	switch x := v.(type) {
	case JSONObject:
		cur, ok := x.Get(k)
		if !ok {
			if last && (create || insert) && !del {
				pairs := append(append([]JSONPair(nil), x...), JSONPair{Key: k, Value: newVal})
				return NewJSONObject(pairs), nil
			}
			return x, nil
		}
		var nv any
		if last {
			if del {
				return jsonDeleteKey(x, k)
			}
			if insert {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot replace existing key").
					WithHint("Try using the function jsonb_set to replace key value.")
			}
			nv = newVal
		} else {
			var err error
			if nv, err = jsonSetPath(cur, path[1:], pos+1, newVal, create, del, insert, after); err != nil {
				return nil, err
			}
		}
		out := append(JSONObject(nil), x...)
		for i := range out {
			if out[i].Key == k {
				out[i].Value = nv
			}
		}
		return out, nil
	case []any:
		i, err := strconv.ParseInt(strings.TrimSpace(k), 10, 32)
		if err != nil {
			return nil, pgerr.Newf(pgerr.InvalidTextRepresentation, "path element at position %d is not an integer: \"%s\"", pos, k)
		}
		idx, ok := jsonIndex(x, i)
		if !ok {
			if last && (create || insert) && !del {
				if i < 0 {
					return append([]any{newVal}, x...), nil
				}
				return append(append([]any(nil), x...), newVal), nil
			}
			return x, nil
		}
		out := append([]any(nil), x...)
		if last {
			switch {
			case del:
				return append(out[:idx], out[idx+1:]...), nil
			case insert:
				if after {
					idx++
				}
				out = append(out[:idx], append([]any{newVal}, out[idx:]...)...)
				return out, nil
			}
			out[idx] = newVal
			return out, nil
		}
		nv, err := jsonSetPath(x[idx], path[1:], pos+1, newVal, create, del, insert, after)
		if err != nil {
			return nil, err
		}
		out[idx] = nv
		return out, nil
	}
	return v, nil
}

// pathStrings lists a text[] path; NULL elements are nil and fail only
// when the walk reaches them, as in PostgreSQL.
func pathStrings(a *Array) ([]*string, error) {
	out := make([]*string, len(a.Elems))
	for i, e := range a.Elems {
		if e != nil {
			s := e.(string)
			out[i] = &s
		}
	}
	return out, nil
}

// ToJSON converts a value of type t to a jsonb value (to_jsonb).
func ToJSON(d Datum, t Type, s *Settings) any {
	switch v := d.(type) {
	case nil:
		return nil
	case bool:
		return v
	case int64:
		if t.OID == OidOID || isRegType(t.OID) {
			break
		}
		return NumericFromInt(v)
	case float64:
		txt := AppendText(nil, v, t, s)
		if n, err := parseNumeric(string(txt)); err == nil && n.Form == apd.Finite {
			return n
		}
		return string(txt)
	case *apd.Decimal:
		if v.Form != apd.Finite {
			return string(appendNumeric(nil, v))
		}
		return v
	case string:
		if t.OID == JSONOID {
			if j, err := ParseJSONB(v); err == nil {
				return j.V
			}
		}
		return v
	case JSONB:
		return v.V
	case *Array:
		et := Of(v.Elem)
		if len(v.Elems) == 0 {
			return []any{}
		}
		idx := 0
		var build func(dim int) []any
		build = func(dim int) []any {
			out := make([]any, v.Dims[dim].Len)
			for i := range out {
				if dim == len(v.Dims)-1 {
					out[i] = ToJSON(v.Elems[idx], et, s)
					idx++
				} else {
					out[i] = build(dim + 1)
				}
			}
			return out
		}
		return build(0)
	case *Record:
		pairs := make([]JSONPair, len(v.Values))
		for i, x := range v.Values {
			pairs[i] = JSONPair{Key: v.FieldName(i), Value: ToJSON(x, v.FieldType(i), s)}
		}
		return NewJSONObject(pairs)
	case time.Time:
		return jsonTimestamp(v, t.OID == TimestampTZOID, s)
	case Date:
		if v == DatePosInf || v == DateNegInf {
			return string(appendDate(nil, v, s))
		}
		y, m, dd := v.YMD()
		b, bc := appendDateFields(nil, y, m, dd, DateStyle{Style: DateISO})
		if bc {
			b = append(b, " BC"...)
		}
		return string(b)
	}
	return string(AppendText(nil, d, t, s))
}

// jsonTimestamp formats a timestamp as JSON does (ISO 8601 with T).
func jsonTimestamp(t time.Time, withTZ bool, s *Settings) string {
	if IsInfTime(t) != 0 {
		return string(appendTimestamp(nil, t, withTZ, s))
	}
	var off int
	if withTZ {
		t = t.In(s.loc())
		_, off = t.Zone()
	}
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	b, bc := appendDateFields(nil, y, int(mo), d, DateStyle{Style: DateISO})
	b = append(b, 'T')
	b = appendClock(b, h, mi, sec, int64(t.Nanosecond()/1000))
	if withTZ {
		// +HH:MM always has minutes in this format
		sign := byte('+')
		if off < 0 {
			sign, off = '-', -off
		}
		b = append(b, sign)
		b = appendPadInt(b, int64(off/3600), 2)
		b = append(b, ':')
		b = appendPadInt(b, int64(off%3600/60), 2)
		if off%60 != 0 {
			b = append(b, ':')
			b = appendPadInt(b, int64(off%60), 2)
		}
	}
	if bc {
		b = append(b, " BC"...)
	}
	return string(b)
}

// appendJSONPretty is jsonb_pretty's layout (4-space indent).
func appendJSONPretty(buf []byte, v any, indent int) []byte {
	pad := func(n int) {
		for i := 0; i < n; i++ {
			buf = append(buf, "    "...)
		}
	}
	switch x := v.(type) {
	case []any:
		buf = append(buf, '[', '\n')
		for i, e := range x {
			if i > 0 {
				buf = append(buf, ',', '\n')
			}
			pad(indent + 1)
			buf = appendJSONPretty(buf, e, indent+1)
		}
		if len(x) > 0 {
			buf = append(buf, '\n')
		}
		pad(indent)
		return append(buf, ']')
	case JSONObject:
		buf = append(buf, '{', '\n')
		for i, p := range x {
			if i > 0 {
				buf = append(buf, ',', '\n')
			}
			pad(indent + 1)
			buf = appendJSONString(buf, p.Key)
			buf = append(buf, ": "...)
			buf = appendJSONPretty(buf, p.Value, indent+1)
		}
		if len(x) > 0 {
			buf = append(buf, '\n')
		}
		pad(indent)
		return append(buf, '}')
	}
	return appendJSONValue(buf, v)
}

// appendDatumJSON appends d (of type t) as json text the way PostgreSQL's
// datum_to_json does: arrays as [a,b] and records as {"f1":a} without
// spaces, json verbatim, jsonb in its own text form, numbers bare unless
// they are NaN or infinite, dates and timestamps in ISO 8601.
func appendDatumJSON(buf []byte, d Datum, t Type, s *Settings) []byte {
	switch v := d.(type) {
	case nil, bool:
		return appendJSONValue(buf, v)
	case int64:
		if t.OID == Int2OID || t.OID == Int4OID || t.OID == Int8OID {
			return strconv.AppendInt(buf, v, 10)
		}
	case float64, *apd.Decimal:
		txt := AppendText(nil, v, t, s)
		if n, err := parseNumeric(string(txt)); err == nil && n.Form == apd.Finite {
			return append(buf, txt...)
		}
		return appendJSONString(buf, string(txt))
	case string:
		if t.OID == JSONOID {
			return append(buf, v...)
		}
		return appendJSONString(buf, v)
	case JSONB:
		return appendJSONB(buf, v)
	case *Array:
		et := Of(v.Elem)
		if len(v.Elems) == 0 {
			return append(buf, "[]"...)
		}
		idx := 0
		var build func(dim int)
		build = func(dim int) {
			buf = append(buf, '[')
			for i := int32(0); i < v.Dims[dim].Len; i++ {
				if i > 0 {
					buf = append(buf, ',')
				}
				if dim == len(v.Dims)-1 {
					buf = appendDatumJSON(buf, v.Elems[idx], et, s)
					idx++
				} else {
					build(dim + 1)
				}
			}
			buf = append(buf, ']')
		}
		build(0)
		return buf
	case *Record:
		buf = append(buf, '{')
		for i, x := range v.Values {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendJSONString(buf, v.FieldName(i))
			buf = append(buf, ':')
			buf = appendDatumJSON(buf, x, v.FieldType(i), s)
		}
		return append(buf, '}')
	case time.Time, Date:
		return appendJSONString(buf, ToJSON(d, t, s).(string))
	}
	return appendJSONString(buf, string(AppendText(nil, d, t, s)))
}

// jsonKey renders a json_build_object/jsonb_build_object key.
func jsonKey(d Datum, t Type, s *Settings) (string, error) {
	switch d.(type) {
	case *Array, *Record, JSONB:
		return "", pgerr.New(pgerr.InvalidParameterValue, "key value must be scalar, not array, composite, or json")
	}
	if t.OID == JSONOID {
		return "", pgerr.New(pgerr.InvalidParameterValue, "key value must be scalar, not array, composite, or json")
	}
	switch v := ToJSON(d, t, s).(type) {
	case string:
		return v, nil
	case bool:
		if v {
			return "true", nil
		}
		return "false", nil
	case *apd.Decimal:
		return string(appendNumeric(nil, v)), nil
	}
	return string(AppendText(nil, d, t, s)), nil
}

// appendJSONText prints a value the way json (not jsonb) builders do:
// "key" : value in objects, no space after commas in arrays.
func appendJSONText(buf []byte, v any, top bool) []byte {
	switch x := v.(type) {
	case []any:
		buf = append(buf, '[')
		for i, e := range x {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendJSONText(buf, e, false)
		}
		return append(buf, ']')
	case JSONObject:
		buf = append(buf, '{')
		for i, p := range x {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			buf = appendJSONString(buf, p.Key)
			buf = append(buf, " : "...)
			buf = appendJSONText(buf, p.Value, false)
		}
		return append(buf, '}')
	}
	return appendJSONValue(buf, v)
}

func stripNulls(v any) any {
	switch x := v.(type) {
	case JSONObject:
		out := make(JSONObject, 0, len(x))
		for _, p := range x {
			if p.Value == nil {
				continue
			}
			out = append(out, JSONPair{Key: p.Key, Value: stripNulls(p.Value)})
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = stripNulls(e)
		}
		return out
	}
	return v
}

func jsonRows(vals []any, f func(any) []Datum) Rows {
	i := 0
	return func() ([]Datum, bool, error) {
		if i >= len(vals) {
			return nil, false, nil
		}
		r := f(vals[i])
		i++
		return r, true, nil
	}
}

// regJSONAccessors registers -> and ->> (by key and by index) and #> and
// #>> (by path) on the JSON type j: doc unwraps the left operand, field,
// elem and path look a value up, asJSON and asText build the results; a
// missing value is NULL.
func regJSONAccessors[V any](j OID, doc func(Datum) V, field func(V, string) (V, bool), elem func(V, int64) (V, bool),
	path func(V, *Array) (V, bool), asJSON, asText func(V) Datum) {
	lookup := func(find func(a []Datum) (V, bool), wrap func(V) Datum) EvalFn {
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			if v, ok := find(a); ok {
				return wrap(v), nil
			}
			return nil, nil
		}
	}
	byKey := func(a []Datum) (V, bool) { return field(doc(a[0]), a[1].(string)) }
	byIndex := func(a []Datum) (V, bool) { return elem(doc(a[0]), a[1].(int64)) }
	byPath := func(a []Datum) (V, bool) { return path(doc(a[0]), a[1].(*Array)) }
	regOp("->", j, TextOID, j, lookup(byKey, asJSON))
	regOp("->", j, Int4OID, j, lookup(byIndex, asJSON))
	regOp("->>", j, TextOID, TextOID, lookup(byKey, asText))
	regOp("->>", j, Int4OID, TextOID, lookup(byIndex, asText))
	regOp("#>", j, TextArrayOID, j, lookup(byPath, asJSON))
	regOp("#>>", j, TextArrayOID, TextOID, lookup(byPath, asText))
}

func init() {
	J, T, I4, B, TA := JSONBOID, TextOID, Int4OID, BoolOID, TextArrayOID
	jb := func(v any) Datum { return JSONB{V: v} }
	regJSONAccessors(J, jv, JSONField, JSONElement, JSONPath, jb, jsonText)
	regOp("@>", J, J, B, func(_ *EvalContext, a []Datum) (Datum, error) { return JSONContains(jv(a[0]), jv(a[1])), nil }).Commutator = "<@"
	regOp("<@", J, J, B, func(_ *EvalContext, a []Datum) (Datum, error) { return JSONContains(jv(a[1]), jv(a[0])), nil }).Commutator = "@>"
	regOp("?", J, T, B, func(_ *EvalContext, a []Datum) (Datum, error) { return jsonExists(jv(a[0]), str(a[1])), nil })
	regOp("?|", J, TA, B, func(_ *EvalContext, a []Datum) (Datum, error) {
		for _, e := range a[1].(*Array).Elems {
			if s, ok := e.(string); ok && jsonExists(jv(a[0]), s) {
				return true, nil
			}
		}
		return false, nil
	})
	regOp("?&", J, TA, B, func(_ *EvalContext, a []Datum) (Datum, error) {
		for _, e := range a[1].(*Array).Elems {
			if s, ok := e.(string); ok && !jsonExists(jv(a[0]), s) {
				return false, nil
			}
		}
		return true, nil
	})
	regOp("||", J, J, J, func(_ *EvalContext, a []Datum) (Datum, error) { return jb(JSONConcat(jv(a[0]), jv(a[1]))), nil })
	regOp("-", J, T, J, func(_ *EvalContext, a []Datum) (Datum, error) {
		v, err := jsonDeleteKey(jv(a[0]), str(a[1]))
		if err != nil {
			return nil, err
		}
		return jb(v), nil
	})
	regOp("-", J, TA, J, func(_ *EvalContext, a []Datum) (Datum, error) {
		v := jv(a[0])
		switch v.(type) {
		case JSONObject, []any:
		default:
			return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot delete from scalar")
		}
		for _, e := range a[1].(*Array).Elems {
			if s, ok := e.(string); ok {
				var err error
				if v, err = jsonDeleteKey(v, s); err != nil {
					return nil, err
				}
			}
		}
		return jb(v), nil
	})
	regOp("-", J, I4, J, func(_ *EvalContext, a []Datum) (Datum, error) {
		v, err := jsonDeleteIndex(jv(a[0]), a[1].(int64))
		if err != nil {
			return nil, err
		}
		return jb(v), nil
	})
	regOp("#-", J, TA, J, func(_ *EvalContext, a []Datum) (Datum, error) {
		switch x := jv(a[0]).(type) {
		case JSONObject:
			if len(x) == 0 {
				return a[0], nil
			}
		case []any:
			if len(x) == 0 {
				return a[0], nil
			}
		default:
			return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot delete path in scalar")
		}
		p, err := pathStrings(a[1].(*Array))
		if err != nil {
			return nil, err
		}
		v, err := jsonSetPath(jv(a[0]), p, 1, nil, false, true, false, false)
		if err != nil {
			return nil, err
		}
		return jb(v), nil
	})
	fn("jsonb_typeof", oidsOf(J), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		switch jv(a[0]).(type) {
		case nil:
			return "null", nil
		case bool:
			return "boolean", nil
		case string:
			return "string", nil
		case *apd.Decimal:
			return "number", nil
		case []any:
			return "array", nil
		}
		return "object", nil
	})
	fn("jsonb_array_length", oidsOf(J), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
		switch x := jv(a[0]).(type) {
		case []any:
			return int64(len(x)), nil
		case JSONObject:
			return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot get array length of a non-array")
		}
		return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot get array length of a scalar")
	})
	RegisterFunc(&Func{Name: "to_jsonb", Args: oidsOf(AnyElementOID), Result: J, Strict: true, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				return jb(ToJSON(a[0], args[0], ctx.settings())), nil
			}
		}})
	RegisterFunc(&Func{Name: "to_json", Args: oidsOf(AnyElementOID), Result: JSONOID, Strict: true, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				return string(appendDatumJSON(nil, a[0], args[0], ctx.settings())), nil
			}
		}})
	buildObject := func(jsonText bool) func(args []Type, _ Type) EvalFn {
		return func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				if len(a)%2 != 0 {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "argument list must have even number of elements").
						WithHint("The arguments of jsonb_build_object() must consist of alternating keys and values.")
				}
				pairs := make([]JSONPair, 0, len(a)/2)
				var buf []byte
				buf = append(buf, '{')
				for i := 0; i < len(a); i += 2 {
					if a[i] == nil {
						if jsonText {
							return nil, pgerr.Newf(pgerr.InvalidParameterValue, "argument %d cannot be null", i+1).
								WithHint("Object keys should be text.")
						}
						return nil, pgerr.Newf(pgerr.InvalidParameterValue, "argument %d: key must not be null", i+1)
					}
					k, err := jsonKey(a[i], args[i], ctx.settings())
					if err != nil {
						return nil, err
					}
					if jsonText {
						if i > 0 {
							buf = append(buf, ", "...)
						}
						buf = appendJSONString(buf, k)
						buf = append(buf, " : "...)
						buf = appendDatumJSON(buf, a[i+1], args[i+1], ctx.settings())
						continue
					}
					pairs = append(pairs, JSONPair{Key: k, Value: ToJSON(a[i+1], args[i+1], ctx.settings())})
				}
				if jsonText {
					return string(append(buf, '}')), nil
				}
				return jb(NewJSONObject(pairs)), nil
			}
		}
	}
	buildArray := func(jsonText bool) func(args []Type, _ Type) EvalFn {
		return func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				if jsonText {
					buf := []byte{'['}
					for i := range a {
						if i > 0 {
							buf = append(buf, ", "...)
						}
						buf = appendDatumJSON(buf, a[i], args[i], ctx.settings())
					}
					return string(append(buf, ']')), nil
				}
				out := make([]any, len(a))
				for i := range a {
					out[i] = ToJSON(a[i], args[i], ctx.settings())
				}
				return jb(out), nil
			}
		}
	}
	RegisterFunc(&Func{Name: "jsonb_build_object", Args: oidsOf(AnyOID), Variadic: AnyOID, Result: J, Volatility: Stable, Bind: buildObject(false)})
	RegisterFunc(&Func{Name: "jsonb_build_object", Result: J, Volatility: Stable, Bind: buildObject(false)})
	RegisterFunc(&Func{Name: "jsonb_build_array", Args: oidsOf(AnyOID), Variadic: AnyOID, Result: J, Volatility: Stable, Bind: buildArray(false)})
	RegisterFunc(&Func{Name: "jsonb_build_array", Result: J, Volatility: Stable, Bind: buildArray(false)})
	RegisterFunc(&Func{Name: "json_build_object", Args: oidsOf(AnyOID), Variadic: AnyOID, Result: JSONOID, Volatility: Stable, Bind: buildObject(true)})
	RegisterFunc(&Func{Name: "json_build_object", Result: JSONOID, Volatility: Stable, Bind: buildObject(true)})
	RegisterFunc(&Func{Name: "json_build_array", Args: oidsOf(AnyOID), Variadic: AnyOID, Result: JSONOID, Volatility: Stable, Bind: buildArray(true)})
	RegisterFunc(&Func{Name: "json_build_array", Result: JSONOID, Volatility: Stable, Bind: buildArray(true)})
	extract := func(text bool) EvalFn {
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			path := NewArray1(TextOID, a[1:])
			v, ok := JSONPath(jv(a[0]), path)
			if !ok {
				return nil, nil
			}
			if text {
				return jsonText(v), nil
			}
			return jb(v), nil
		}
	}
	fn("jsonb_extract_path", oidsOf(J, T), J, extract(false)).Variadic = T
	fn("jsonb_extract_path_text", oidsOf(J, T), T, extract(true)).Variadic = T
	fn("jsonb_set", oidsOf(J, TA, J, B), J, func(_ *EvalContext, a []Datum) (Datum, error) {
		return jsonbSet(a[0], a[1], a[2], a[3].(bool), false, false)
	}).Defaults = []Datum{true}
	fn("jsonb_insert", oidsOf(J, TA, J, B), J, func(_ *EvalContext, a []Datum) (Datum, error) {
		return jsonbSet(a[0], a[1], a[2], false, true, a[3].(bool))
	}).Defaults = []Datum{false}
	fn("jsonb_pretty", oidsOf(J), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return string(appendJSONPretty(nil, jv(a[0]), 0)), nil
	})
	fn("jsonb_strip_nulls", oidsOf(J), J, func(_ *EvalContext, a []Datum) (Datum, error) { return jb(stripNulls(jv(a[0]))), nil })
	srf := func(name string, cols []Column, ret OID, f func(v any) ([]any, func(any) []Datum, error)) {
		RegisterFunc(&Func{Name: name, Args: oidsOf(J), Result: ret, Strict: true, Volatility: Immutable, Columns: cols,
			SRF: func(_ *EvalContext, a []Datum) (Rows, error) {
				vals, conv, err := f(jv(a[0]))
				if err != nil {
					return nil, err
				}
				return jsonRows(vals, conv), nil
			}})
	}
	arrayElems := func(what string) func(v any) ([]any, error) {
		return func(v any) ([]any, error) {
			switch x := v.(type) {
			case []any:
				return x, nil
			case JSONObject:
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "cannot extract elements from an object")
			}
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "cannot extract elements from a scalar")
		}
	}
	srf("jsonb_array_elements", []Column{{"value", Of(J)}}, J, func(v any) ([]any, func(any) []Datum, error) {
		vals, err := arrayElems("")(v)
		return vals, func(e any) []Datum { return []Datum{jb(e)} }, err
	})
	srf("jsonb_array_elements_text", []Column{{"value", Of(T)}}, T, func(v any) ([]any, func(any) []Datum, error) {
		vals, err := arrayElems("")(v)
		return vals, func(e any) []Datum { return []Datum{jsonText(e)} }, err
	})
	objPairs := func(fname string) func(v any) ([]any, error) {
		return func(v any) ([]any, error) {
			o, ok := v.(JSONObject)
			if !ok {
				kind := "scalar"
				if _, isArr := v.([]any); isArr {
					kind = "array"
				}
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "cannot call %s on %s", fname, map[string]string{"scalar": "a scalar", "array": "an array"}[kind])
			}
			out := make([]any, len(o))
			for i, p := range o {
				out[i] = p
			}
			return out, nil
		}
	}
	srf("jsonb_object_keys", nil, T, func(v any) ([]any, func(any) []Datum, error) {
		vals, err := objPairs("jsonb_object_keys")(v)
		return vals, func(e any) []Datum { return []Datum{e.(JSONPair).Key} }, err
	})
	srf("jsonb_each", []Column{{"key", Of(T)}, {"value", Of(J)}}, RecordOID, func(v any) ([]any, func(any) []Datum, error) {
		vals, err := objPairs("jsonb_each")(v)
		return vals, func(e any) []Datum { p := e.(JSONPair); return []Datum{p.Key, jb(p.Value)} }, err
	})
	srf("jsonb_each_text", []Column{{"key", Of(T)}, {"value", Of(T)}}, RecordOID, func(v any) ([]any, func(any) []Datum, error) {
		vals, err := objPairs("jsonb_each_text")(v)
		return vals, func(e any) []Datum { p := e.(JSONPair); return []Datum{p.Key, jsonText(p.Value)} }, err
	})
	// aggregates
	RegisterAggregate(&Aggregate{Name: "jsonb_agg", Args: oidsOf(AnyElementOID), Result: J,
		Bind: func(args []Type, _ Type) func() AggState {
			t := args[0]
			return func() AggState { return &jsonAggState{t: t} }
		}})
	RegisterAggregate(&Aggregate{Name: "jsonb_object_agg", Args: oidsOf(AnyOID, AnyOID), Result: J,
		Bind: func(args []Type, _ Type) func() AggState {
			return func() AggState { return &jsonObjectAggState{kt: args[0], vt: args[1]} }
		}})
}

func jsonbSet(target, path, newVal Datum, create, insert, after bool) (Datum, error) {
	p, err := pathStrings(path.(*Array))
	if err != nil {
		return nil, err
	}
	v := jv(target)
	switch x := v.(type) {
	case JSONObject:
		if len(x) == 0 && !create && !insert {
			return target, nil
		}
	case []any:
		if len(x) == 0 && !create && !insert {
			return target, nil
		}
	default:
		return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot set path in scalar")
	}
	r, err := jsonSetPath(v, p, 1, jv(newVal), create, false, insert, after)
	if err != nil {
		return nil, err
	}
	return JSONB{V: r}, nil
}

type jsonAggState struct {
	t    Type
	vals []any
	any  bool
}

func (s *jsonAggState) Add(ctx *EvalContext, a []Datum) error {
	s.vals = append(s.vals, ToJSON(a[0], s.t, ctx.settings()))
	s.any = true
	return nil
}

func (s *jsonAggState) Result(*EvalContext) (Datum, error) {
	if !s.any {
		return nil, nil
	}
	return JSONB{V: append([]any(nil), s.vals...)}, nil
}

type jsonObjectAggState struct {
	kt, vt Type
	pairs  []JSONPair
}

func (s *jsonObjectAggState) Add(ctx *EvalContext, a []Datum) error {
	if a[0] == nil {
		return pgerr.New(pgerr.NullValueNotAllowed, "field name must not be null")
	}
	k := string(AppendText(nil, a[0], s.kt, ctx.settings()))
	s.pairs = append(s.pairs, JSONPair{Key: k, Value: ToJSON(a[1], s.vt, ctx.settings())})
	return nil
}

func (s *jsonObjectAggState) Result(*EvalContext) (Datum, error) {
	if s.pairs == nil {
		return nil, nil
	}
	return JSONB{V: NewJSONObject(s.pairs)}, nil
}
