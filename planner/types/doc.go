// Package types holds PostgreSQL's value types as the planner and the wire
// server see them: type OIDs and descriptions (catalog.go), the Go
// representation of each SQL value (Datum, types.go), text and binary
// input/output in PostgreSQL's exact formats, casts, comparison, and the
// built-in functions and operators with PostgreSQL's overload resolution.
//
// Datums do not carry their type: an expression has a static Type, and the
// Datum it yields has the Go type that Type maps to (see Datum). This keeps
// values small and lets the executor share them without copies.
package types
