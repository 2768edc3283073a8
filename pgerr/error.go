package pgerr

import (
	"errors"
	"fmt"
)

// Code is a five-character SQLSTATE.
type Code string

// String returns the SQLSTATE itself.
func (c Code) String() string { return string(c) }

// Name returns the errcodes.txt macro name of the code ("UndefinedTable"), or
// the code itself when it is unknown.
func (c Code) Name() string {
	if n, ok := codeNames[c]; ok {
		return n
	}
	return string(c)
}

// Class returns the first two characters of the code (its class).
func (c Code) Class() string {
	if len(c) < 2 {
		return string(c)
	}
	return string(c[:2])
}

// Severity is the non-localised severity of an ErrorResponse or
// NoticeResponse ('V' field).
type Severity string

// Severities PostgreSQL sends.
const (
	SeverityError   Severity = "ERROR"
	SeverityFatal   Severity = "FATAL"
	SeverityPanic   Severity = "PANIC"
	SeverityWarning Severity = "WARNING"
	SeverityNotice  Severity = "NOTICE"
	SeverityDebug   Severity = "DEBUG"
	SeverityInfo    Severity = "INFO"
	SeverityLog     Severity = "LOG"
)

// Error is an error with a SQLSTATE and the optional fields of a PostgreSQL
// ErrorResponse. The zero Severity means ERROR.
type Error struct {
	Code     Code
	Severity Severity
	Message  string
	Detail   string
	Hint     string
	// Position is the 1-based character (not byte) offset into the query
	// string that the error refers to; 0 means none. psql draws its '^'
	// marker from it.
	Position int
	Where    string

	// Optional object names (ErrorResponse fields s, t, c, d, n).
	Schema, Table, Column, DataType, Constraint string

	// cause is an underlying error kept for errors.Is/As and logs; it is
	// never sent to clients.
	cause error
}

// New returns an ERROR with the given code and message.
func New(code Code, msg string) *Error {
	return &Error{Code: code, Message: msg}
}

// Newf is New with a format string.
func Newf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an ERROR with the given code whose message is msg, keeping
// cause for errors.Is/As and for logs.
func Wrap(cause error, code Code, msg string) *Error {
	return &Error{Code: code, Message: msg, cause: cause}
}

// Error implements error as "ERROR: message (SQLSTATE xxxxx)".
func (e *Error) Error() string {
	sev := e.Severity
	if sev == "" {
		sev = SeverityError
	}
	return fmt.Sprintf("%s: %s (SQLSTATE %s)", sev, e.Message, e.Code)
}

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// WithDetail sets Detail and returns e.
func (e *Error) WithDetail(format string, args ...any) *Error {
	e.Detail = fmt.Sprintf(format, args...)
	return e
}

// WithHint sets Hint and returns e.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// WithPosition sets Position (1-based character offset) and returns e.
func (e *Error) WithPosition(pos int) *Error {
	e.Position = pos
	return e
}

// WithSeverity sets Severity and returns e.
func (e *Error) WithSeverity(s Severity) *Error {
	e.Severity = s
	return e
}

// Flatten returns err as a *Error. Errors that carry no code become XX000
// internal_error with err's text as message. Flatten(nil) is nil.
func Flatten(err error) *Error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	return &Error{Code: InternalError, Message: err.Error(), cause: err}
}

// CodeOf returns the SQLSTATE of err, XX000 when it carries none, and ""
// for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return Flatten(err).Code
}

// Notice is a NoticeResponse: same fields as an error, sent without ending
// the statement.
type Notice = Error

// NewNotice returns a NOTICE with code 00000 and the given message.
func NewNotice(format string, args ...any) *Notice {
	return &Error{Code: SuccessfulCompletion, Severity: SeverityNotice, Message: fmt.Sprintf(format, args...)}
}
