// Package types holds PostgreSQL's value types as the planner and the wire
// server see them: type OIDs and descriptions (catalog.go), the Go
// representation of each SQL value (Datum, types.go), text and binary
// input/output in PostgreSQL 15's exact formats, casts, comparison and
// hashing, and the built-in functions, operators and aggregates with
// PostgreSQL's overload resolution. It parses no SQL and knows no
// relations: names of tables, schemas and roles are the planner's.
//
// # Values
//
// Datums do not carry their type: an expression has a static Type, and the
// Datum it yields has the Go type that Type maps to (see Datum): nil is
// NULL, int64 for every integer and oid type, float64 for float4/float8
// (a float4 is a float64 holding a float32 value), *apd.Decimal for
// numeric (display scale = -Exponent), string for text-like types (bpchar
// values are stored padded), []byte for bytea, time.Time in UTC for
// timestamps (TimestampPosInf/TimestampNegInf are the infinities; a
// timestamp without time zone is its wall clock read as UTC), Date,
// TimeOfDay, TimeTZ (a time of day and its zone in seconds west, ordered
// by the UTC-equivalent time, then the zone), Interval, UUID, JSONB (a
// tree, see json.go), TID, *Array and *Record. Values are immutable once
// built.
//
// # Walk-through
//
// A session keeps one Settings (DateStyle, TimeZone, IntervalStyle,
// extra_float_digits, bytea_output) and passes it everywhere:
//
//	s := types.DefaultSettings()                         // ISO, MDY; UTC; efd 1; hex
//	s.TimeZone, err = types.LoadTimeZone("Europe/Berlin") // SET TIME ZONE
//	s.DateStyle, err = types.ParseDateStyle("SQL, DMY", s.DateStyle)
//	s.Now = func() time.Time { return txnStart }         // 'now', 'today' input
//
// Input and output, text and binary (Bind parameters, DataRow, COPY):
//
//	typ := types.Of(types.TimestampTZOID)
//	d, err := types.ParseText("2024-01-02 03:04:05+02", typ, s)
//	buf = types.AppendText(buf[:0], d, typ, s) // "2024-01-02 02:04:05+01"
//	buf, err = types.AppendBinary(buf[:0], d, typ)
//	d, err = types.DecodeBinary(raw, typ)
//
// Errors are *pgerr.Error with PostgreSQL's SQLSTATE and message: 22P02
// "invalid input syntax for type integer: "x"", 22003 out of range, 22007
// and 22008 for dates and times, 22001 for varchar(n) overflow...
//
// Ordering, equality and hashing (ORDER BY, DISTINCT, GROUP BY, joins):
// Compare(a, b, t) is the btree order (text bytewise, NaN largest, NULL
// last, arrays element-wise); Equal is Compare == 0; AppendKey(buf, d, t)
// builds a map key, equal exactly for equal values (1.0 and 1.00, '1 mon'
// and '30 days'); Hash(d, t) is consistent with Equal.
//
// Casts: LookupCast(from, to) is the pg_cast context (CastImplicit,
// CastAssignment, CastExplicit) including I/O and array coercions;
// Cast (CAST and ::, varchar(n) truncates), Assign (INSERT and UPDATE,
// too long is 22001) and Coerce (implicit argument coercion) convert
// values; an unknown-typed literal converts with any of them through the
// target's input function. CommonType(types, "CASE") is
// select_common_type for CASE, UNION, COALESCE, GREATEST, ARRAY[] and
// VALUES. Typmod(oid, mods) computes varchar(n), numeric(p,s),
// timestamp(p) and interval modifiers from the grammar's modifier list
// (for interval: the field range, e.g. IntervalDay, then the precision;
// interval(3) is (IntervalFullRange, 3)); FormatType spells a type with
// its modifier; LookupTypeName resolves built-in type names.
//
// Functions and operators are resolved once per call site and evaluated
// per row:
//
//	call, err := types.ResolveFunc("substr", []types.Type{textT, types.Of(types.UnknownOID)})
//	// coerce argument i to call.ArgTypes[i] (unknown literals: Coerce from UnknownOID)
//	v, err := call.Eval(ectx, args) // strict functions: NULL in, NULL out
//
//	op, err := types.ResolveOperator("@>", tagsT, textArrT) // left.OID == 0: prefix operator
//	call, err = types.ResolveFuncNamed("make_interval", argTypes, []string{"", "days"})
//
// Call.Type is the result type; Func carries Strict, Volatility (for
// constant folding: only Immutable calls with constant arguments),
// Commutator/Negator for operators, and Columns for set-returning
// functions with OUT parameters. "any" parameters (concat, format,
// num_nulls, pg_typeof) keep the argument's own type, unknown included.
// The planner adds catalog-dependent functions with RegisterFunc.
//
// Set-returning functions (unnest, generate_series, regexp_matches,
// regexp_split_to_table, string_to_table, jsonb_array_elements(_text),
// jsonb_object_keys, jsonb_each(_text), their json twins,
// generate_subscripts) have Func.IsSRF() true. They are started with
// call.EvalSRF(ectx, args), which returns a Rows iterator: each call
// yields one row (one Datum per column; Func.Columns names them when
// there are several, else the column is named after the function) until
// ok is false; the row slice may be reused by the next call.
//
// Constructs the grammar turns into calls resolve like any function:
// (a, b) OVERLAPS (c, d) is overlaps(a, b, c, d) (not strict: a NULL end
// matters only when it must), EXTRACT(f FROM x) is extract('f', x).
//
// Aggregates: ResolveAggregate(name, args) (count(*) is "count" with no
// arguments) returns an AggCall whose New makes a per-group AggState;
// feed it with Add (strict aggregates: skip rows with a NULL argument,
// see Aggregate.Strict) and read Result. count, sum, avg, min, max,
// bool_and/bool_or/every, string_agg, array_agg, jsonb_agg,
// jsonb_object_agg, json_agg, json_object_agg, the variances and standard
// deviations (var_pop, var_samp/variance, stddev_pop, stddev_samp/stddev)
// and the regression aggregates of (y, x) pairs (corr, covar_pop,
// covar_samp, regr_*) are built in, with PostgreSQL's result types and
// scales (sum(int4) is bigint, avg(int) is numeric with the division
// scale rule, stddev(numeric) is exact at select_div_scale's scale) and
// its float accumulation order (Youngs-Cramer), so float results agree
// to the bit.
//
// EvalContext carries the settings, the transaction and statement start
// times (now() is the transaction start), a random source, and the
// SessionInfo callbacks the planner fills (current_user, session_user,
// current_database, current_schema(s), current_setting, set_config,
// version); a nil callback makes its function fail with 0A000.
//
// Helpers for expressions the planner evaluates itself: ArrayElement and
// ArraySlice (a[i], a[lo:hi]; when any subscript is a slice, pass a
// single index i as the slice 1:i, as PostgreSQL does), Greatest (also
// LEAST), NullIf, LikeMatch/LikeEscape, SimilarToRegex (SIMILAR TO is
// "~ similar_to_escape(pattern)"), HasTagLike and TagValue (entitydb's
// tag helpers), ArrayContains/ArrayOverlaps (tag predicates).
//
// # Resolution
//
// Overload resolution follows PostgreSQL's func_select_candidate exactly:
// exact matches, implicit coercibility, most exact matches, preferred
// types, category of unknown literals (string wins), and the "all known
// arguments agree" rule; for operators an unknown operand first takes the
// other operand's type. Polymorphic pseudo-types anyelement, anyarray,
// anynonarray, anycompatible(array) resolve as in PostgreSQL (all-unknown
// anycompatible arguments become text). No match is 42883 with
// PostgreSQL's message and hint; several is 42725.
//
// # Invariants
//
//   - Text collation is byte order ("C"); lower, upper, initcap, ILIKE
//     and ~* fold ASCII letters only, as PostgreSQL does under "C".
//   - Timestamps are microseconds: input rounds to microseconds, output
//     truncates any nanoseconds a caller left in.
//   - Numeric arithmetic keeps PostgreSQL's display scales: + and -
//     max(s1,s2), * s1+s2, / select_div_scale (at least 16 significant
//     digits), round/trunc the requested scale, sqrt/exp/ln/power their
//     own rules. Values are exact (apd), never floats.
//   - Float input rounds once to the target type, like C's strtof and
//     strtod: a value that overflows or underflows to zero is 22003, a
//     denormal is kept; numeric and jsonb convert to float4/float8
//     through their text form, as PostgreSQL does.
//   - Date and time input follows PostgreSQL's field decoder: an unknown
//     word is 22007; only a word with punctuation after a month and day
//     is read as a zone name, and an unknown one is 22023.
//   - Floats print like PostgreSQL 15: the shortest string that reads
//     back exactly when extra_float_digits > 0 (never one that lies on a
//     rounding boundary), %.{15+efd}g otherwise; transcendental float8
//     functions call the C library (cgo) so results match to the bit.
//
// # Differences from PostgreSQL
//
// Regular expressions run on Go's RE2 engine after translating the ARE
// syntax (\m \M \y \Y \Z, [[:<:]]); back-references and lookaround are
// rejected with 2201B, case-insensitive matching folds Unicode rather
// than ASCII only, and regexp_replace with a start position > 1 sees
// matches as if the search began at the string's start. Input of reg*
// types accepts numeric OIDs and built-in type names (regtype) only; name
// lookups of relations, schemas and functions are the planner's. Time
// zone abbreviations in input are a fixed common subset of PostgreSQL's
// "Default" set (all of fixed offset), and POSIX zone specifications with
// a daylight-saving part ("abc3def") are not recognized. IntervalStyle sql_standard does not change interval
// input. to_char has no SP, TM translation, Roman numerals or EEEE for
// numbers. The test files' oracle tests (oracle_test.go, diff_*_test.go)
// show what is compared with PostgreSQL 15 on every run.
package types
