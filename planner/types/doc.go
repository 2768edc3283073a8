// Package types holds PostgreSQL's value types as the planner and the wire
// server see them: type OIDs and descriptions (catalog.go), the Go
// representation of each SQL value (Datum, types.go), text and binary
// input/output in PostgreSQL 15's exact formats, casts, comparison and
// hashing, and the built-in functions, operators and aggregates with
// PostgreSQL's overload resolution.
//
// # Values
//
// Datums do not carry their type: an expression has a static Type, and the
// Datum it yields has the Go type that Type maps to (see Datum): nil is
// NULL, int64 for every integer and oid type, float64 for float4/float8
// (a float4 is a float64 holding a float32 value), *apd.Decimal for
// numeric (display scale = -Exponent), string for text-like types,
// []byte for bytea, time.Time (UTC) for timestamps, with
// TimestampPosInf/TimestampNegInf as the infinities, Date, TimeOfDay,
// Interval, UUID, JSONB (see json.go for its tree), TID, *Array and
// *Record. Values are immutable once built.
//
// # Walk-through
//
// A session keeps one Settings (DateStyle, TimeZone, IntervalStyle,
// extra_float_digits, bytea_output) and passes it everywhere:
//
//	s := types.DefaultSettings()                      // ISO, MDY; UTC; efd 1; hex
//	s.TimeZone, _ = types.LoadTimeZone("Europe/Berlin") // SET TIME ZONE
//	s.Now = func() time.Time { return txnStart }      // 'now', 'today' input
//
// Input and output, text and binary (the wire server's Bind and DataRow):
//
//	d, err := types.ParseText("2024-01-02 03:04:05+02", types.Of(types.TimestampTZOID), s)
//	buf = types.AppendText(buf[:0], d, types.Of(types.TimestampTZOID), s) // "2024-01-02 02:04:05+01"
//	buf, err = types.AppendBinary(buf[:0], d, typ)
//	d, err = types.DecodeBinary(raw, typ)
//
// Errors are *pgerr.Error with PostgreSQL's SQLSTATE and message (22P02
// invalid_text_representation, 22003, 22007/22008...).
//
// Ordering, equality and hashing (ORDER BY, DISTINCT, GROUP BY, joins):
// Compare(a, b, t) is the btree order (text bytewise, NaN largest, NULL
// last); AppendKey(buf, d, t) builds a hash-map key with equal keys for
// equal values (1.0 and 1.00); Hash(d, t) is a consistent hash.
//
// Casts: LookupCast(from, to) gives the pg_cast context (implicit,
// assignment, explicit); Cast (explicit, CAST/::), Assign (INSERT/UPDATE)
// and Coerce (implicit argument coercion) convert values.
// CommonType(types, "CASE") is select_common_type for CASE, UNION,
// COALESCE, ARRAY[] and VALUES.
//
// Functions and operators are resolved once per call site and then
// evaluated per row:
//
//	call, err := types.ResolveFunc("substr", []types.Type{textT, types.Of(types.UnknownOID)})
//	// coerce each argument to call.ArgTypes[i] (unknown literals: ParseText)
//	v, err := call.Eval(ectx, args)  // NULL in, NULL out for strict functions
//
//	op, err := types.ResolveOperator("@>", tagsT, textArrT) // left.OID == 0: prefix operator
//	agg, err := types.ResolveAggregate("sum", []types.Type{int4T})
//	st := agg.New(); st.Add(ectx, row...); v, err := st.Result(ectx)
//
// Set-returning functions (unnest, generate_series, jsonb_array_elements,
// regexp_matches, string_to_table...) have Func.IsSRF() true and are
// started with call.EvalSRF(ectx, args), which returns a Rows iterator;
// Func.Columns names their columns when they have OUT parameters.
//
// EvalContext carries the settings, the transaction and statement start
// times (now() is the transaction start), a random source, and
// SessionInfo callbacks the planner fills (current_user,
// current_database, current_schema(s), current_setting, set_config,
// version). The planner registers catalog-dependent functions
// (pg_typeof, has_*_privilege...) with RegisterFunc.
//
// Resolution follows PostgreSQL's func_select_candidate exactly, including
// unknown-typed literals, preferred types, type categories and the
// polymorphic pseudo-types (anyelement, anyarray, anynonarray,
// anycompatible, anycompatiblearray, "any"). No match is 42883 with
// PostgreSQL's message and hint; several is 42725.
//
// # Invariants
//
//   - Text collation is byte order ("C"); lower/upper/ILIKE fold ASCII only.
//   - Timestamps are microsecond precision; input rounds to microseconds,
//     output truncates any nanoseconds a caller left in.
//   - Numeric arithmetic keeps PostgreSQL's display scales: + and -
//     max(s1,s2), * s1+s2, / select_div_scale (at least 16 significant
//     digits), round/trunc the requested scale.
//
// # Differences from PostgreSQL
//
// Regular expressions run on Go's RE2 engine after translating ARE
// syntax: back-references and lookaround are rejected with 2201B, and
// case-insensitive matching folds Unicode rather than ASCII only. Input of
// reg* types accepts numeric OIDs only (name lookups are the planner's).
// Time zone abbreviations in input are a fixed common subset of
// PostgreSQL's "Default" set.
package types
