package types

import (
	"crypto/sha256"
	"crypto/sha512"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// Session, system and set-returning utility functions.

func errNoSession(name string) error {
	return pgerr.Newf(pgerr.FeatureNotSupported, "%s is not available in this context", name)
}

func init() {
	T, N := TextOID, NameOID
	session := func(name string, ret OID, f func(ctx *EvalContext) (Datum, error)) {
		RegisterFunc(&Func{Name: name, Result: ret, Volatility: Stable, Fn: func(ctx *EvalContext, _ []Datum) (Datum, error) { return f(ctx) }})
	}
	for _, name := range []string{"current_user", "current_role", "user"} {
		name := name
		session(name, N, func(ctx *EvalContext) (Datum, error) {
			if ctx == nil || ctx.Session.CurrentUser == nil {
				return nil, errNoSession(name)
			}
			return ctx.Session.CurrentUser(), nil
		})
	}
	session("session_user", N, func(ctx *EvalContext) (Datum, error) {
		if ctx == nil || ctx.Session.SessionUser == nil {
			return nil, errNoSession("session_user")
		}
		return ctx.Session.SessionUser(), nil
	})
	for _, n := range []string{"current_database", "current_catalog"} {
		n := n
		session(n, N, func(ctx *EvalContext) (Datum, error) {
			if ctx == nil || ctx.Session.CurrentDatabase == nil {
				return nil, errNoSession(n)
			}
			return ctx.Session.CurrentDatabase(), nil
		})
	}
	session("current_schema", N, func(ctx *EvalContext) (Datum, error) {
		if ctx == nil || ctx.Session.CurrentSchema == nil {
			return nil, errNoSession("current_schema")
		}
		s, ok := ctx.Session.CurrentSchema()
		if !ok {
			return nil, nil
		}
		return s, nil
	})
	RegisterFunc(&Func{Name: "current_schemas", Args: oidsOf(BoolOID), Result: NameArrayOID, Strict: true, Volatility: Stable,
		Fn: func(ctx *EvalContext, a []Datum) (Datum, error) {
			if ctx == nil || ctx.Session.CurrentSchemas == nil {
				return nil, errNoSession("current_schemas")
			}
			names := ctx.Session.CurrentSchemas(a[0].(bool))
			elems := make([]Datum, len(names))
			for i, n := range names {
				elems[i] = n
			}
			return NewArray1(NameOID, elems), nil
		}})
	currentSetting := func(ctx *EvalContext, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		if ctx == nil || ctx.Session.CurrentSetting == nil {
			return nil, errNoSession("current_setting")
		}
		v, ok := ctx.Session.CurrentSetting(str(a[0]))
		if !ok {
			if len(a) > 1 && a[1] == true {
				return nil, nil
			}
			return nil, pgerr.Newf(pgerr.UndefinedObject, "unrecognized configuration parameter \"%s\"", str(a[0]))
		}
		return v, nil
	}
	RegisterFunc(&Func{Name: "current_setting", Args: oidsOf(T), Result: T, Strict: true, Volatility: Stable, Fn: currentSetting})
	RegisterFunc(&Func{Name: "current_setting", Args: oidsOf(T, BoolOID), Result: T, Strict: true, Volatility: Stable, Fn: currentSetting})
	RegisterFunc(&Func{Name: "set_config", Args: oidsOf(T, T, BoolOID), Result: T, Volatility: Volatile,
		Fn: func(ctx *EvalContext, a []Datum) (Datum, error) {
			if a[0] == nil {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "SET requires parameter name")
			}
			if ctx == nil || ctx.Session.SetConfig == nil {
				return nil, errNoSession("set_config")
			}
			val := ""
			if a[1] != nil {
				val = str(a[1])
			}
			local := a[2] == true
			return ctx.Session.SetConfig(str(a[0]), val, local)
		}})
	session("version", T, func(ctx *EvalContext) (Datum, error) {
		if ctx == nil || ctx.Session.Version == nil {
			return nil, errNoSession("version")
		}
		return ctx.Session.Version(), nil
	})
	RegisterFunc(&Func{Name: "gen_random_uuid", Result: UUIDOID, Volatility: Volatile, Fn: func(ctx *EvalContext, _ []Datum) (Datum, error) {
		return NewRandomUUID(ctx), nil
	}})
	RegisterFunc(&Func{Name: "format_type", Args: oidsOf(OidOID, Int4OID), Result: T, Volatility: Stable,
		Fn: func(_ *EvalContext, a []Datum) (Datum, error) {
			if a[0] == nil {
				return nil, nil
			}
			oid := OID(a[0].(int64))
			if oid == 0 {
				return "-", nil
			}
			if infos[oid] == nil {
				return "???", nil
			}
			if a[1] == nil {
				return FormatType(oid, -1), nil
			}
			tm := int32(a[1].(int64))
			if tm < 0 && oid == BPCharOID {
				return "bpchar", nil
			}
			return FormatType(oid, tm), nil
		}})
	RegisterFunc(&Func{Name: "pg_typeof", Args: oidsOf(AnyOID), Result: RegtypeOID, Volatility: Stable,
		Bind: func(args []Type, _ Type) EvalFn {
			oid := int64(args[0].OID)
			return func(*EvalContext, []Datum) (Datum, error) { return oid, nil }
		}})
	nulls := func(count bool) func(args []Type, _ Type) EvalFn {
		return func(args []Type, _ Type) EvalFn {
			return func(_ *EvalContext, a []Datum) (Datum, error) {
				n := int64(0)
				for _, v := range a {
					if (v == nil) == count {
						n++
					}
				}
				return n, nil
			}
		}
	}
	RegisterFunc(&Func{Name: "num_nulls", Args: oidsOf(AnyOID), Variadic: AnyOID, Result: Int4OID, Volatility: Immutable, Bind: nulls(true)})
	RegisterFunc(&Func{Name: "num_nonnulls", Args: oidsOf(AnyOID), Variadic: AnyOID, Result: Int4OID, Volatility: Immutable, Bind: nulls(false)})
	for _, h := range []struct {
		name string
		f    func([]byte) []byte
	}{
		{"sha224", func(b []byte) []byte { s := sha256.Sum224(b); return s[:] }},
		{"sha256", func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }},
		{"sha384", func(b []byte) []byte { s := sha512.Sum384(b); return s[:] }},
		{"sha512", func(b []byte) []byte { s := sha512.Sum512(b); return s[:] }},
	} {
		h := h
		fn(h.name, oidsOf(ByteaOID), ByteaOID, func(_ *EvalContext, a []Datum) (Datum, error) { return h.f(a[0].([]byte)), nil })
	}
	// generate_series
	for _, t := range []OID{Int4OID, Int8OID} {
		t := t
		gs := func(_ *EvalContext, a []Datum) (Rows, error) {
			step := int64(1)
			if len(a) > 2 {
				step = a[2].(int64)
			}
			if step == 0 {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
			}
			return intSeries(a[0].(int64), a[1].(int64), step), nil
		}
		RegisterFunc(&Func{Name: "generate_series", Args: oidsOf(t, t), Result: t, Strict: true, Volatility: Immutable, SRF: gs})
		RegisterFunc(&Func{Name: "generate_series", Args: oidsOf(t, t, t), Result: t, Strict: true, Volatility: Immutable, SRF: gs})
	}
	numGS := func(_ *EvalContext, a []Datum) (Rows, error) {
		start, stop := num(a[0]), num(a[1])
		step := apd.New(1, 0)
		if len(a) > 2 {
			step = num(a[2])
		}
		for i, what := range []string{"start value", "stop value", "step size"} {
			v := []*apd.Decimal{start, stop, step}[i]
			if v.Form == apd.NaN {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "%s cannot be NaN", what)
			}
			if v.Form == apd.Infinite {
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "%s cannot be infinity", what)
			}
		}
		if step.IsZero() {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
		}
		cur := start
		row := make([]Datum, 1)
		return func() ([]Datum, bool, error) {
			c := cur.Cmp(stop)
			if (step.Sign() > 0 && c > 0) || (step.Sign() < 0 && c < 0) {
				return nil, false, nil
			}
			row[0] = cur
			next, err := NumericAdd(cur, step)
			if err != nil {
				return nil, false, err
			}
			cur = next
			return row, true, nil
		}, nil
	}
	RegisterFunc(&Func{Name: "generate_series", Args: oidsOf(NumericOID, NumericOID), Result: NumericOID, Strict: true, Volatility: Immutable, SRF: numGS})
	RegisterFunc(&Func{Name: "generate_series", Args: oidsOf(NumericOID, NumericOID, NumericOID), Result: NumericOID, Strict: true, Volatility: Immutable, SRF: numGS})
	for _, t := range []OID{TimestampOID, TimestampTZOID} {
		withTZ := t == TimestampTZOID
		vol := Immutable
		if withTZ {
			vol = Stable
		}
		RegisterFunc(&Func{Name: "generate_series", Args: oidsOf(t, t, IntervalOID), Result: t, Strict: true, Volatility: vol,
			SRF: func(ctx *EvalContext, a []Datum) (Rows, error) {
				start, stop, step := ts(a[0]), ts(a[1]), a[2].(Interval)
				zero := Interval{}
				c := CompareInterval(step, zero)
				if c == 0 {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
				}
				loc := ctx.settings().loc()
				cur := start
				done := false
				row := make([]Datum, 1)
				return func() ([]Datum, bool, error) {
					if done {
						return nil, false, nil
					}
					if (c > 0 && cur.After(stop)) || (c < 0 && cur.Before(stop)) {
						return nil, false, nil
					}
					row[0] = cur
					next, err := TimestampAddInterval(cur, step, withTZ, loc)
					if err != nil {
						done = true
					}
					cur = next
					return row, true, nil
				}, nil
			}})
	}
}

// NewRandomUUID returns a version 4 UUID from ctx's random source.
func NewRandomUUID(ctx *EvalContext) UUID {
	var u UUID
	a, b := ctx.uint64(), ctx.uint64()
	for i := 0; i < 8; i++ {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// ---- regtype names ----

var typeAliases = map[string]OID{
	"int": Int4OID, "integer": Int4OID, "int4": Int4OID, "smallint": Int2OID, "int2": Int2OID,
	"bigint": Int8OID, "int8": Int8OID, "real": Float4OID, "float4": Float4OID, "float": Float8OID,
	"double precision": Float8OID, "float8": Float8OID, "numeric": NumericOID, "decimal": NumericOID,
	"boolean": BoolOID, "bool": BoolOID, "text": TextOID, "varchar": VarcharOID, "character varying": VarcharOID,
	"char": BPCharOID, "character": BPCharOID, "bpchar": BPCharOID, "name": NameOID, "\"char\"": CharOID,
	"bytea": ByteaOID, "date": DateOID, "time": TimeOID, "time without time zone": TimeOID,
	"timetz": TimeTZOID, "time with time zone": TimeTZOID,
	"timestamp": TimestampOID, "timestamp without time zone": TimestampOID,
	"timestamptz": TimestampTZOID, "timestamp with time zone": TimestampTZOID,
	"interval": IntervalOID, "uuid": UUIDOID, "json": JSONOID, "jsonb": JSONBOID, "oid": OidOID,
}

// LookupTypeName resolves a built-in type name as regtype input and casts
// spell it ("integer", "int4", "text[]", "character varying",
// "pg_catalog.int8"); ok is false for unknown names.
func LookupTypeName(name string) (OID, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(n, "pg_catalog.")
	arrays := 0
	for strings.HasSuffix(n, "[]") {
		n = strings.TrimSpace(strings.TrimSuffix(n, "[]"))
		arrays++
	}
	oid, ok := typeAliases[n]
	if !ok {
		for o, info := range infos {
			if info.Name == n || strings.ToLower(info.SQLName) == n {
				oid, ok = o, true
				break
			}
		}
	}
	if !ok {
		return 0, false
	}
	for ; arrays > 0; arrays-- {
		if a := ArrayOf(oid); a != 0 {
			oid = a
		}
	}
	return oid, true
}

var _ = time.Now
