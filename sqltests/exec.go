package sqltests

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// Protocol is how the runner sends statements.
type Protocol string

const (
	// Simple sends a Query message; results come in text format.
	Simple Protocol = "simple"
	// Extended sends Parse/Bind/Describe/Execute/Sync and asks for text
	// results, so output formats are compared byte for byte.
	Extended Protocol = "extended"
	// Binary prepares the statement first (Parse/Describe) and then asks
	// for binary results for every column type pgx reads in binary, as pgx
	// itself does; text for the rest.
	Binary Protocol = "binary"
)

// Protocols lists every protocol the file tests run under.
var Protocols = []Protocol{Extended, Simple, Binary}

// Field is a column of a result's RowDescription, as compared.
type Field struct {
	Name   string
	OID    uint32
	Typmod int32
	Size   int16
	Format int16
}

// Result is what one statement produced on one target.
type Result struct {
	Fields []Field
	Rows   [][][]byte // nil value = NULL
	Tag    string
	Err    error // *pgconn.PgError for SQL errors; anything else is a broken connection
}

// Code is the SQLSTATE of the result's error, "" if none, and "conn" for a
// non-SQL error (I/O, protocol, timeout).
func (r *Result) Code() string {
	if r.Err == nil {
		return ""
	}
	var pe *pgconn.PgError
	if errors.As(r.Err, &pe) {
		return pe.Code
	}
	return "conn"
}

// ErrText describes the error for humans.
func (r *Result) ErrText() string {
	var pe *pgconn.PgError
	if errors.As(r.Err, &pe) {
		s := fmt.Sprintf("ERROR %s: %s", pe.Code, pe.Message)
		if pe.Detail != "" {
			s += " (DETAIL: " + pe.Detail + ")"
		}
		return s
	}
	if r.Err != nil {
		return "CONNECTION ERROR: " + r.Err.Error()
	}
	return ""
}

var typeMap = pgtype.NewMap()

// execute runs one statement on conn under the protocol.
func execute(ctx context.Context, conn *pgconn.PgConn, proto Protocol, sql string, args []*string) *Result {
	params := make([][]byte, len(args))
	for i, a := range args {
		if a != nil {
			params[i] = []byte(*a)
		}
	}
	switch proto {
	case Simple:
		return readMulti(conn.Exec(ctx, sql))
	case Extended:
		return readOne(conn.ExecParams(ctx, sql, params, nil, nil, nil))
	case Binary:
		sd, err := conn.Prepare(ctx, "", sql, nil)
		if err != nil {
			return &Result{Err: err}
		}
		formats := make([]int16, len(sd.Fields))
		for i, f := range sd.Fields {
			formats[i] = typeMap.FormatCodeForOID(f.DataTypeOID)
		}
		if len(sd.ParamOIDs) != len(params) {
			return &Result{Err: fmt.Errorf("statement has %d parameters, %d args given", len(sd.ParamOIDs), len(params))}
		}
		return readOne(conn.ExecStatement(ctx, sd, params, nil, formats))
	}
	panic("unknown protocol " + proto)
}

func readOne(rr *pgconn.ResultReader) *Result {
	r := &Result{}
	for rr.NextRow() {
		if r.Fields == nil {
			r.Fields = fields(rr.FieldDescriptions())
		}
		vals := rr.Values()
		row := make([][]byte, len(vals))
		for i, v := range vals {
			if v != nil {
				row[i] = append([]byte{}, v...)
			}
		}
		r.Rows = append(r.Rows, row)
	}
	if r.Fields == nil {
		r.Fields = fields(rr.FieldDescriptions())
	}
	tag, err := rr.Close()
	r.Tag, r.Err = tag.String(), err
	if err != nil {
		// Rows sent before an error are not a result.
		r.Rows, r.Fields, r.Tag = nil, nil, ""
	}
	return r
}

// readMulti reads a simple-protocol response. Test statements are single
// statements, so more than one result is reported as an error.
func readMulti(mrr *pgconn.MultiResultReader) *Result {
	var results []*Result
	for mrr.NextResult() {
		results = append(results, readOne(mrr.ResultReader()))
	}
	err := mrr.Close()
	if err != nil {
		return &Result{Err: err}
	}
	switch len(results) {
	case 0:
		return &Result{} // empty query
	case 1:
		return results[0]
	}
	return &Result{Err: fmt.Errorf("simple query returned %d results; test statements must be single statements", len(results))}
}

func fields(fds []pgconn.FieldDescription) []Field {
	if fds == nil {
		return nil
	}
	out := make([]Field, len(fds))
	for i, f := range fds {
		out[i] = Field{Name: f.Name, OID: f.DataTypeOID, Typmod: f.TypeModifier, Size: f.DataTypeSize, Format: f.Format}
	}
	return out
}
