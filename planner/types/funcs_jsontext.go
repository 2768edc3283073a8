package types

import (
	"strconv"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
)

// Operators and functions on json (text) values. json keeps its input
// text, so these navigate the text and return spans of it verbatim, as
// PostgreSQL does (whitespace and duplicate keys included; a key lookup
// finds the last duplicate).

func jsonWS(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// jsonSkip returns the end of the (valid) JSON value starting at i.
func jsonSkip(s string, i int) int {
	i = jsonWS(s, i)
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '"':
		i++
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		return i + 1
	case '{', '[':
		depth := 0
		for i < len(s) {
			switch s[i] {
			case '"':
				i = jsonSkip(s, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(s) && !strings.ContainsRune(",]} \t\n\r", rune(s[i])) {
		i++
	}
	return i
}

type jsonSpan struct {
	key        string
	start, end int
}

// jsonMembers lists an object's members or an array's elements (ok false
// for scalars and for the other container kind).
func jsonMembers(s string, object bool) ([]jsonSpan, bool) {
	i := jsonWS(s, 0)
	open, close := byte('['), byte(']')
	if object {
		open, close = '{', '}'
	}
	if i >= len(s) || s[i] != open {
		return nil, false
	}
	i = jsonWS(s, i+1)
	var out []jsonSpan
	if i < len(s) && s[i] == close {
		return out, true
	}
	for i < len(s) {
		var key string
		if object {
			i = jsonWS(s, i)
			kend := jsonSkip(s, i)
			p := &jsonParser{in: s[i:kend]}
			k, err := p.str()
			if err != nil {
				return nil, false
			}
			key = k.(string)
			i = jsonWS(s, kend)
			i++ // ':'
		}
		vs := jsonWS(s, i)
		ve := jsonSkip(s, vs)
		out = append(out, jsonSpan{key, vs, ve})
		i = jsonWS(s, ve)
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		break
	}
	return out, true
}

func jsonTextKind(s string) string {
	i := jsonWS(s, 0)
	if i >= len(s) {
		return "null"
	}
	switch s[i] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// jsonScalarText is ->>'s text: strings unescaped, null NULL.
func jsonScalarText(v string) Datum {
	switch jsonTextKind(v) {
	case "string":
		p := &jsonParser{in: strings.TrimSpace(v)}
		s, err := p.str()
		if err != nil {
			return v
		}
		return s
	case "null":
		return nil
	}
	return v
}

func jsonGetField(s, key string) (string, bool) {
	ms, ok := jsonMembers(s, true)
	if !ok {
		return "", false
	}
	for k := len(ms) - 1; k >= 0; k-- {
		if ms[k].key == key {
			return s[ms[k].start:ms[k].end], true
		}
	}
	return "", false
}

func jsonGetElement(s string, idx int64) (string, bool) {
	ms, ok := jsonMembers(s, false)
	if !ok {
		return "", false
	}
	if idx < 0 {
		idx += int64(len(ms))
	}
	if idx < 0 || idx >= int64(len(ms)) {
		return "", false
	}
	return s[ms[idx].start:ms[idx].end], true
}

func jsonGetPath(s string, path *Array) (string, bool) {
	for _, e := range path.Elems {
		if e == nil {
			return "", false
		}
		k := e.(string)
		switch jsonTextKind(s) {
		case "object":
			v, ok := jsonGetField(s, k)
			if !ok {
				return "", false
			}
			s = v
		case "array":
			i, err := strconv.ParseInt(strings.TrimSpace(k), 10, 64)
			if err != nil {
				return "", false
			}
			v, ok := jsonGetElement(s, i)
			if !ok {
				return "", false
			}
			s = v
		default:
			return "", false
		}
	}
	return s, true
}

func init() {
	J, T, I4 := JSONOID, TextOID, Int4OID
	regJSONAccessors(J, str, jsonGetField, jsonGetElement, jsonGetPath, func(v string) Datum { return v }, jsonScalarText)
	fn("json_typeof", oidsOf(J), T, func(_ *EvalContext, a []Datum) (Datum, error) { return jsonTextKind(str(a[0])), nil })
	fn("json_array_length", oidsOf(J), I4, func(_ *EvalContext, a []Datum) (Datum, error) {
		ms, ok := jsonMembers(str(a[0]), false)
		if !ok {
			if jsonTextKind(str(a[0])) == "object" {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot get array length of a non-array")
			}
			return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot get array length of a scalar")
		}
		return int64(len(ms)), nil
	})
	extract := func(text bool) EvalFn {
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			v, ok := jsonGetPath(str(a[0]), NewArray1(TextOID, a[1:]))
			if !ok {
				return nil, nil
			}
			if text {
				return jsonScalarText(v), nil
			}
			return v, nil
		}
	}
	fn("json_extract_path", oidsOf(J, T), J, extract(false)).Variadic = T
	fn("json_extract_path_text", oidsOf(J, T), T, extract(true)).Variadic = T
	srf := func(name string, cols []Column, ret OID, object bool, conv func(s string, m jsonSpan) []Datum) {
		RegisterFunc(&Func{Name: name, Args: oidsOf(J), Result: ret, Strict: true, Volatility: Immutable, Columns: cols,
			SRF: func(_ *EvalContext, a []Datum) (Rows, error) {
				s := str(a[0])
				ms, ok := jsonMembers(s, object)
				if !ok {
					kind := jsonTextKind(s)
					if object {
						what := "a scalar"
						if kind == "array" {
							what = "an array"
						}
						return nil, pgerr.Newf(pgerr.InvalidParameterValue, "cannot call %s on %s", name, what)
					}
					if kind == "object" {
						return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot extract elements from an object")
					}
					return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot extract elements from a scalar")
				}
				i := 0
				return func() ([]Datum, bool, error) {
					if i >= len(ms) {
						return nil, false, nil
					}
					r := conv(s, ms[i])
					i++
					return r, true, nil
				}, nil
			}})
	}
	srf("json_array_elements", []Column{{"value", Of(J)}}, J, false, func(s string, m jsonSpan) []Datum {
		return []Datum{s[m.start:m.end]}
	})
	srf("json_array_elements_text", []Column{{"value", Of(T)}}, T, false, func(s string, m jsonSpan) []Datum {
		return []Datum{jsonScalarText(s[m.start:m.end])}
	})
	srf("json_object_keys", nil, T, true, func(s string, m jsonSpan) []Datum { return []Datum{m.key} })
	srf("json_each", []Column{{"key", Of(T)}, {"value", Of(J)}}, RecordOID, true, func(s string, m jsonSpan) []Datum {
		return []Datum{m.key, s[m.start:m.end]}
	})
	srf("json_each_text", []Column{{"key", Of(T)}, {"value", Of(T)}}, RecordOID, true, func(s string, m jsonSpan) []Datum {
		return []Datum{m.key, jsonScalarText(s[m.start:m.end])}
	})
	RegisterFunc(&Func{Name: "row_to_json", Args: oidsOf(RecordOID), Result: J, Strict: true, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				return string(appendDatumJSON(nil, a[0], args[0], ctx.settings())), nil
			}
		}})
	RegisterFunc(&Func{Name: "array_to_json", Args: oidsOf(AnyArrayOID), Result: J, Strict: true, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn {
			return func(ctx *EvalContext, a []Datum) (Datum, error) {
				return string(appendDatumJSON(nil, a[0], args[0], ctx.settings())), nil
			}
		}})
	RegisterAggregate(&Aggregate{Name: "json_agg", Args: oidsOf(AnyElementOID), Result: J,
		Bind: func(args []Type, _ Type) func() AggState {
			t := args[0]
			return func() AggState { return &jsonTextAggState{t: t} }
		}})
	RegisterAggregate(&Aggregate{Name: "json_object_agg", Args: oidsOf(AnyOID, AnyOID), Result: J,
		Bind: func(args []Type, _ Type) func() AggState {
			return func() AggState { return &jsonTextAggState{kt: args[0], t: args[1], object: true} }
		}})
}

// jsonTextAggState builds json_agg's "[a, b]" and json_object_agg's
// "{ "k" : v, ... }".
type jsonTextAggState struct {
	t, kt  Type
	object bool
	buf    []byte
	n      int
}

func (s *jsonTextAggState) Add(ctx *EvalContext, a []Datum) error {
	if s.n > 0 {
		s.buf = append(s.buf, ", "...)
	}
	s.n++
	if !s.object {
		if s.n > 1 && a[0] != nil {
			switch a[0].(type) {
			case *Array, *Record:
				s.buf = append(s.buf, "\n "...)
			}
		}
		s.buf = appendDatumJSON(s.buf, a[0], s.t, ctx.settings())
		return nil
	}
	if a[0] == nil {
		return pgerr.New(pgerr.NullValueNotAllowed, "field name must not be null")
	}
	s.buf = appendJSONString(s.buf, string(AppendText(nil, a[0], s.kt, ctx.settings())))
	s.buf = append(s.buf, " : "...)
	s.buf = appendDatumJSON(s.buf, a[1], s.t, ctx.settings())
	return nil
}

func (s *jsonTextAggState) Result(*EvalContext) (Datum, error) {
	if s.n == 0 {
		return nil, nil
	}
	if s.object {
		return "{ " + string(s.buf) + " }", nil
	}
	return "[" + string(s.buf) + "]", nil
}
