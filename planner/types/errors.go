package types

import (
	"github.com/entitydb/entitydb/pgerr"
)

// Errors in this package are *pgerr.Error values with PostgreSQL's SQLSTATE
// and message text, so that the wire server can send them unchanged.

// errSyntax is 22P02 invalid_text_representation for a value of type typ.
func errSyntax(typ, input string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type "+typ+": \""+input+"\"")
}

// errRange is 22003 "value "x" is out of range for type T".
func errRange(input, typ string) *pgerr.Error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value \""+input+"\" is out of range for type "+typ)
}

// errOutOfRange is 22003 with a fixed message ("integer out of range").
func errOutOfRange(msg string) *pgerr.Error {
	return pgerr.New(pgerr.NumericValueOutOfRange, msg)
}

// Each call returns a new error: callers may add a position or hint.
func errDivByZero() error     { return pgerr.New(pgerr.DivisionByZero, "division by zero") }
func errIntOutOfRange() error { return pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range") }
func errInt2OutOfRange() error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "smallint out of range")
}
func errInt8OutOfRange() error { return pgerr.New(pgerr.NumericValueOutOfRange, "bigint out of range") }
func errTSOutOfRange() error   { return pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp out of range") }
func errDateOutOfRange() error { return pgerr.New(pgerr.DatetimeFieldOverflow, "date out of range") }
func errIntervalRange() error  { return pgerr.New(pgerr.DatetimeFieldOverflow, "interval out of range") }

func errDateSyntax(typ, input string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidDatetimeFormat, "invalid input syntax for type "+typ+": \""+input+"\"")
}

func errDateField(input string) *pgerr.Error {
	return pgerr.New(pgerr.DatetimeFieldOverflow, "date/time field value out of range: \""+input+"\"")
}
