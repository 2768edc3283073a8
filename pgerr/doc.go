// Package pgerr defines SQL errors that carry a PostgreSQL SQLSTATE from the
// moment they are created.
//
// Every layer that can fail in a way a SQL client sees (the planner, the
// namespace registry when reached through SQL, the wire server) creates a
// *Error with the right Code:
//
//	return pgerr.Newf(pgerr.UndefinedTable, "relation %q does not exist", name)
//
// The wire layer only flattens errors: Flatten turns any error into a *Error,
// mapping errors without a code to XX000 (internal_error). The code list in
// codes.go is generated from PostgreSQL 15's errcodes.txt by ./gen
// (`go generate ./pgerr`), so names follow the ERRCODE_ macros:
// ERRCODE_UNDEFINED_TABLE is UndefinedTable.
package pgerr

//go:generate go run ./gen -out codes.go
