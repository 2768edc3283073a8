package storage

import (
	"errors"
	"fmt"
)

// CorruptionError reports damaged bytes in a store file: a checksum that
// does not match, a length that cannot be right, or a record that does not
// decode. It is never returned for a torn final record, which recovery
// truncates instead.
type CorruptionError struct {
	File   string // path of the damaged file
	Offset int64  // byte offset of the damaged record or header
	Err    error  // what is wrong
}

func (e *CorruptionError) Error() string {
	return fmt.Sprintf("corruption in %s at offset %d: %v", e.File, e.Offset, e.Err)
}

func (e *CorruptionError) Unwrap() error { return e.Err }

// Errors wrapped by CorruptionError and by decoders.
var (
	// ErrChecksum is returned when a record's checksum does not match.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrBadLength is returned when a record's length field is impossible.
	ErrBadLength = errors.New("bad record length")
	// ErrBadMagic is returned when a file does not start with its magic.
	ErrBadMagic = errors.New("bad file magic")
	// ErrShort is returned by decoders when input ends inside a field.
	ErrShort = errors.New("record too short")
	// ErrBadRecord is returned for a record whose fields make no sense
	// (unknown kind, trailing bytes, length overflow).
	ErrBadRecord = errors.New("malformed record")
)
