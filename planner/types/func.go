package types

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
)

// Volatility is pg_proc.provolatile.
type Volatility uint8

// Volatility classes.
const (
	Immutable Volatility = iota // same result for the same arguments, forever
	Stable                      // same result within one statement (now(), settings)
	Volatile                    // may change on every call (random(), clock_timestamp())
)

func (v Volatility) String() string {
	return [...]string{"immutable", "stable", "volatile"}[v]
}

// EvalFn evaluates a function or operator on already-coerced arguments. A
// strict function is never called with a NULL argument (Call.Eval returns
// NULL first).
type EvalFn func(ctx *EvalContext, args []Datum) (Datum, error)

// Rows is the iterator a set-returning function returns: each call yields
// the next row (one Datum per result column) until ok is false. The row
// slice may be reused by the next call; its Datums are immutable and may be
// kept.
type Rows func() (row []Datum, ok bool, err error)

// SRFFn starts a set-returning function on already-coerced arguments.
type SRFFn func(ctx *EvalContext, args []Datum) (Rows, error)

// Column names and types a set-returning function's result columns (for
// functions with OUT parameters, such as jsonb_each's key and value).
type Column struct {
	Name string
	Type Type
}

// Func is one overload of a built-in function or operator.
type Func struct {
	// Name is the function name (lower case) or the operator symbol.
	Name string
	// Args are the declared argument types. They may be pseudo-types:
	// AnyElementOID, AnyArrayOID, AnyNonArrayOID, AnyCompatibleOID,
	// AnyCompatibleArrayOID (resolved from the actual arguments), or
	// AnyOID (any type, passed through uncoerced).
	Args []OID
	// Variadic, when non-zero, is the element type of a trailing VARIADIC
	// parameter: the last entry of Args may repeat zero or more times
	// (Variadic == Args[len(Args)-1]).
	Variadic OID
	// Result is the declared result type (possibly polymorphic).
	Result OID
	// ResultType, when set, computes the result type from the resolved
	// argument types (typmods, polymorphism beyond the standard rules).
	ResultType func(args []Type) Type
	// Strict functions return NULL when any argument is NULL.
	Strict     bool
	Volatility Volatility
	// Fn evaluates the function. Functions whose behaviour depends on
	// their argument types (polymorphic or "any" arguments) set Bind
	// instead, which is called once per call site with the resolved
	// argument and result types.
	Fn   EvalFn
	Bind func(args []Type, result Type) EvalFn
	// SRF and BindSRF are Fn and Bind for set-returning functions.
	SRF     SRFFn
	BindSRF func(args []Type, result Type) SRFFn
	// Columns are the result columns of a set-returning function with OUT
	// parameters; nil means one column named after the function.
	Columns []Column
	// Commutator and Negator name related operators ("@>" <-> "<@",
	// "=" <-> "<>"), for the planner's index matching.
	Commutator, Negator string
	// Prefix marks a prefix (unary) operator.
	Prefix bool
	// ArgNames are the parameter names for named notation (f(days => 1));
	// nil when the function has none.
	ArgNames []string
	// Defaults are the default values of the last len(Defaults)
	// parameters, which callers may omit.
	Defaults []Datum
}

// IsSRF reports whether the function returns a set.
func (f *Func) IsSRF() bool { return f.SRF != nil || f.BindSRF != nil }

// Call is a function or operator resolved for concrete argument types.
type Call struct {
	Func *Func
	// ArgTypes are the types the planner must coerce each argument to
	// (with Coerce) before evaluation; for "any" parameters it is the
	// argument's own type (unknown literals become text).
	ArgTypes []Type
	// Type is the result type (for a multi-column SRF, RecordOID; see
	// Func.Columns).
	Type Type
	fn   EvalFn
	srf  SRFFn
	// perm maps declared parameter positions to the caller's argument
	// positions (-1: use the default) for calls with omitted or named
	// arguments; nil when the caller passes exactly the declared list.
	perm []int
}

// arrange reorders the caller's arguments into declared order and fills
// in defaults.
func (c *Call) arrange(args []Datum) []Datum {
	if c.perm == nil {
		return args
	}
	out := make([]Datum, len(c.perm))
	nd := len(c.Func.Defaults)
	for i, p := range c.perm {
		if p < 0 {
			out[i] = c.Func.Defaults[nd-(len(c.perm)-i)]
		} else {
			out[i] = args[p]
		}
	}
	return out
}

// Eval evaluates the call, applying strictness (NULL in, NULL out).
func (c *Call) Eval(ctx *EvalContext, args []Datum) (Datum, error) {
	args = c.arrange(args)
	if c.Func.Strict && hasNull(args) {
		return nil, nil
	}
	return c.fn(ctx, args)
}

func hasNull(args []Datum) bool {
	return slices.Contains(args, nil)
}

// EvalSRF starts a set-returning call. A strict SRF with a NULL argument
// returns no rows.
func (c *Call) EvalSRF(ctx *EvalContext, args []Datum) (Rows, error) {
	args = c.arrange(args)
	if c.Func.Strict && hasNull(args) {
		return noRows, nil
	}
	return c.srf(ctx, args)
}

func noRows() ([]Datum, bool, error) { return nil, false, nil }

// EvalContext is what functions see of the session and the statement. The
// planner fills one per session and updates the timestamps per
// transaction and statement. Not safe for concurrent use.
type EvalContext struct {
	Settings *Settings
	// TxnTimestamp is the start of the current transaction: now(),
	// current_timestamp, transaction_timestamp().
	TxnTimestamp time.Time
	// StmtTimestamp is the start of the current statement:
	// statement_timestamp().
	StmtTimestamp time.Time
	// Rand is the source of random() and gen_random_uuid(); nil uses a
	// process-wide generator.
	Rand *rand.Rand
	// Session answers questions about the session; nil fields make the
	// corresponding functions fail with 0A000.
	Session SessionInfo
}

// SessionInfo holds the callbacks for session-dependent functions.
type SessionInfo struct {
	CurrentUser     func() string
	SessionUser     func() string
	CurrentDatabase func() string
	// CurrentSchema returns the first existing schema of search_path, ok
	// false when there is none (current_schema() is then NULL).
	CurrentSchema func() (string, bool)
	// CurrentSchemas lists the effective search_path.
	CurrentSchemas func(includeImplicit bool) []string
	// CurrentSetting returns a setting's value; ok false when unknown
	// (current_setting raises 42704 unless missingOK).
	CurrentSetting func(name string) (value string, ok bool)
	// SetConfig applies set_config(name, value, is_local) and returns the
	// new value.
	SetConfig func(name, value string, isLocal bool) (string, error)
	// Version is version()'s text.
	Version func() string
}

// NewEvalContext returns a context with default settings, the given
// transaction start as now(), and no session callbacks (tests, constant
// folding).
func NewEvalContext(now time.Time) *EvalContext {
	return &EvalContext{Settings: DefaultSettings(), TxnTimestamp: now, StmtTimestamp: now}
}

func (c *EvalContext) settings() *Settings {
	if c == nil || c.Settings == nil {
		return defaultSettings
	}
	return c.Settings
}

var globalRand struct {
	sync.Mutex
	r *rand.Rand
}

func (c *EvalContext) float64() float64 { return drawRandom(c, (*rand.Rand).Float64) }
func (c *EvalContext) uint64() uint64   { return drawRandom(c, (*rand.Rand).Uint64) }

// drawRandom draws from the context's random source, or from the
// process's shared one under its lock.
func drawRandom[T any](c *EvalContext, draw func(*rand.Rand) T) T {
	if c != nil && c.Rand != nil {
		return draw(c.Rand)
	}
	globalRand.Lock()
	defer globalRand.Unlock()
	if globalRand.r == nil {
		globalRand.r = rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x9e3779b97f4a7c15))
	}
	return draw(globalRand.r)
}

// ---- the catalog ----

var catalog = struct {
	sync.RWMutex
	funcs map[string][]*Func // by lower-case name
	ops   map[string][]*Func // by symbol
	aggs  map[string][]*Aggregate
}{
	funcs: map[string][]*Func{},
	ops:   map[string][]*Func{},
	aggs:  map[string][]*Aggregate{},
}

// RegisterFunc adds a function overload to the catalog (the planner
// registers session- and catalog-dependent functions such as pg_typeof
// this way). Safe for concurrent use, but register at init time.
func RegisterFunc(f *Func) {
	catalog.Lock()
	defer catalog.Unlock()
	name := strings.ToLower(f.Name)
	catalog.funcs[name] = append(catalog.funcs[name], f)
}

// RegisterOperator adds an operator overload (Args of length 1 for a
// prefix operator).
func RegisterOperator(f *Func) {
	catalog.Lock()
	defer catalog.Unlock()
	if len(f.Args) == 1 {
		f.Prefix = true
	}
	catalog.ops[f.Name] = append(catalog.ops[f.Name], f)
}

// Funcs returns the overloads of a function name.
func Funcs(name string) []*Func {
	catalog.RLock()
	defer catalog.RUnlock()
	return catalog.funcs[strings.ToLower(name)]
}

// Operators returns the overloads of an operator symbol.
func Operators(name string) []*Func {
	catalog.RLock()
	defer catalog.RUnlock()
	return catalog.ops[name]
}

// FuncExists reports whether any overload of name exists (the planner uses
// it to tell 42883 "function does not exist" from a type mismatch).
func FuncExists(name string) bool { return len(Funcs(name)) > 0 }
