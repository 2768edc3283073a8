package storage

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"time"
)

// Castagnoli is the CRC-32C table every checksum in the store uses.
var Castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Checksum returns the CRC-32C of b.
func Checksum(b []byte) uint32 { return crc32.Checksum(b, Castagnoli) }

// OpKind is the kind of a logged operation.
type OpKind uint8

// Operation kinds in WAL batches and entities.ebf records.
const (
	OpPut       OpKind = 1 // a full entity version
	OpTombstone OpKind = 2 // a deletion version (no tags, no content)
	OpPurge     OpKind = 3 // the id and all its versions are gone
)

func (k OpKind) String() string {
	switch k {
	case OpPut:
		return "put"
	case OpTombstone:
		return "tombstone"
	case OpPurge:
		return "purge"
	}
	return "op?"
}

// Version is one stored entity version. Times keep nanoseconds over the
// whole range PostgreSQL's timestamptz allows. Content nil is SQL NULL,
// distinct from empty content.
type Version struct {
	Doc     uint32 // the namespace-local version number (DocNum)
	ID      string
	Tags    []string
	Content []byte
	Created time.Time
	Updated time.Time
}

// Extent is a byte range of a file.
type Extent struct {
	Off uint64
	Len uint32
}

// Op is one operation of a batch.
type Op struct {
	Kind OpKind
	// Version is the written version for OpPut and OpTombstone (Tags and
	// Content empty for a tombstone); for OpPurge only ID and Doc are set,
	// Doc being the first DocNum not purged (versions below it are gone).
	Version Version
}

// Batch is the payload of one WAL record: everything one commit wrote.
type Batch struct {
	Seq        uint64
	CommitTime int64
	Ops        []Op
}

// Limits that decoders enforce so that damaged lengths cannot make them
// allocate absurd amounts of memory.
const (
	MaxRecordSize = 1 << 30 // bytes in one framed record
)

const flagContent = 1 // version flag: content is not NULL

// Encbuf appends encoded fields to a byte slice.
type Encbuf struct{ B []byte }

func (e *Encbuf) U8(v uint8)                { e.B = append(e.B, v) }
func (e *Encbuf) U32(v uint32)              { e.B = binary.LittleEndian.AppendUint32(e.B, v) }
func (e *Encbuf) U64(v uint64)              { e.B = binary.LittleEndian.AppendUint64(e.B, v) }
func (e *Encbuf) I64(v int64)               { e.U64(uint64(v)) }
func (e *Encbuf) Uvarint(v uint64)          { e.B = binary.AppendUvarint(e.B, v) }
func (e *Encbuf) Bytes(b []byte)            { e.Uvarint(uint64(len(b))); e.B = append(e.B, b...) }
func (e *Encbuf) String(s string)           { e.Uvarint(uint64(len(s))); e.B = append(e.B, s...) }
func (e *Encbuf) Raw(b []byte)              { e.B = append(e.B, b...) }
func (e *Encbuf) Time(t time.Time)          { e.I64(t.Unix()); e.U32(uint32(t.Nanosecond())) }
func (e *Encbuf) F64(v float64)             { e.U64(math.Float64bits(v)) }
func (e *Encbuf) Len() int                  { return len(e.B) }
func (e *Encbuf) Reset(b []byte)            { e.B = b[:0] }
func (e *Encbuf) Get() []byte               { return e.B }
func (e *Encbuf) PutU32At(at int, v uint32) { binary.LittleEndian.PutUint32(e.B[at:], v) }

// Decbuf decodes fields from a byte slice with a sticky error: after the
// first failure every read returns a zero value, and Err reports it once.
type Decbuf struct {
	B   []byte
	err error
}

// Err returns the first decoding error.
func (d *Decbuf) Err() error { return d.err }

// Len is the number of bytes left.
func (d *Decbuf) Len() int { return len(d.B) }

func (d *Decbuf) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.B = nil
}

func (d *Decbuf) U8() uint8 {
	if len(d.B) < 1 {
		d.fail(ErrShort)
		return 0
	}
	v := d.B[0]
	d.B = d.B[1:]
	return v
}

func (d *Decbuf) U32() uint32 {
	if len(d.B) < 4 {
		d.fail(ErrShort)
		return 0
	}
	v := binary.LittleEndian.Uint32(d.B)
	d.B = d.B[4:]
	return v
}

func (d *Decbuf) U64() uint64 {
	if len(d.B) < 8 {
		d.fail(ErrShort)
		return 0
	}
	v := binary.LittleEndian.Uint64(d.B)
	d.B = d.B[8:]
	return v
}

func (d *Decbuf) I64() int64 { return int64(d.U64()) }

// Time reads seconds and nanoseconds (UTC).
func (d *Decbuf) Time() time.Time {
	sec, nsec := d.I64(), d.U32()
	if nsec >= 1e9 {
		d.fail(ErrBadRecord)
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}
func (d *Decbuf) F64() float64 { return math.Float64frombits(d.U64()) }

func (d *Decbuf) Uvarint() uint64 {
	v, n := binary.Uvarint(d.B)
	if n <= 0 {
		if n == 0 {
			d.fail(ErrShort)
		} else {
			d.fail(ErrBadRecord)
		}
		return 0
	}
	d.B = d.B[n:]
	return v
}

// Count reads a uvarint element count and checks that at least
// count*minSize bytes remain, so a damaged count cannot cause a huge
// allocation.
func (d *Decbuf) Count(minSize int) int {
	v := d.Uvarint()
	if d.err != nil {
		return 0
	}
	if minSize < 1 {
		minSize = 1
	}
	if v > uint64(len(d.B)/minSize) {
		d.fail(ErrBadLength)
		return 0
	}
	return int(v)
}

// Bytes reads a length-prefixed byte string; the result aliases the input.
func (d *Decbuf) Bytes() []byte {
	n := d.Uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.B)) {
		d.fail(ErrShort)
		return nil
	}
	b := d.B[:n:n]
	d.B = d.B[n:]
	return b
}

// String reads a length-prefixed string (copied).
func (d *Decbuf) String() string { return string(d.Bytes()) }

// Raw reads n bytes (aliasing the input).
func (d *Decbuf) Raw(n int) []byte {
	if n < 0 || n > len(d.B) {
		d.fail(ErrShort)
		return nil
	}
	b := d.B[:n:n]
	d.B = d.B[n:]
	return b
}

// Done fails with ErrBadRecord if bytes are left over.
func (d *Decbuf) Done() {
	if d.err == nil && len(d.B) != 0 {
		d.fail(ErrBadRecord)
	}
}

// EncodeVersionBody appends the fields of v other than Doc.
func EncodeVersionBody(e *Encbuf, v *Version) {
	e.String(v.ID)
	e.Time(v.Created)
	e.Time(v.Updated)
	var flags uint8
	if v.Content != nil {
		flags |= flagContent
	}
	e.U8(flags)
	e.Uvarint(uint64(len(v.Tags)))
	for _, t := range v.Tags {
		e.String(t)
	}
	if v.Content != nil {
		e.Bytes(v.Content)
	}
}

// DecodeVersionBody reads what EncodeVersionBody wrote. Content is copied.
func DecodeVersionBody(d *Decbuf, v *Version) {
	v.ID = d.String()
	v.Created = d.Time()
	v.Updated = d.Time()
	flags := d.U8()
	if flags&^flagContent != 0 {
		d.fail(ErrBadRecord)
		return
	}
	n := d.Count(1)
	if n > 0 {
		v.Tags = make([]string, n)
		for i := range v.Tags {
			v.Tags[i] = d.String()
		}
	} else {
		v.Tags = nil
	}
	if flags&flagContent != 0 {
		v.Content = append([]byte{}, d.Bytes()...)
	} else {
		v.Content = nil
	}
}

// EncodeBatch appends the WAL payload of b.
func EncodeBatch(dst []byte, b *Batch) []byte {
	e := Encbuf{B: dst}
	e.U8(recBatch)
	e.Uvarint(b.Seq)
	e.I64(b.CommitTime)
	e.Uvarint(uint64(len(b.Ops)))
	for i := range b.Ops {
		op := &b.Ops[i]
		e.U8(uint8(op.Kind))
		switch op.Kind {
		case OpPurge:
			e.String(op.Version.ID)
			e.Uvarint(uint64(op.Version.Doc)) // versions below this DocNum are gone
		default:
			e.Uvarint(uint64(op.Version.Doc))
			EncodeVersionBody(&e, &op.Version)
		}
	}
	return e.B
}

// WAL payload types.
const (
	recBatch      = 1 // a committed batch
	recCheckpoint = 2 // the log was trimmed after a checkpoint covering Seq
)

// EncodeCheckpointMark returns the WAL payload that starts a trimmed log:
// every batch up to seq is in the checkpoint.
func EncodeCheckpointMark(seq uint64) []byte {
	e := Encbuf{}
	e.U8(recCheckpoint)
	e.Uvarint(seq)
	return e.B
}

// WALRecordSeq returns the payload's kind (batch or mark) and sequence
// number without decoding the rest.
func WALRecordSeq(p []byte) (isMark bool, seq uint64, err error) {
	d := Decbuf{B: p}
	k := d.U8()
	seq = d.Uvarint()
	if d.Err() != nil {
		return false, 0, d.Err()
	}
	switch k {
	case recBatch:
		return false, seq, nil
	case recCheckpoint:
		if len(d.B) != 0 {
			return false, 0, ErrBadRecord
		}
		return true, seq, nil
	}
	return false, 0, ErrBadRecord
}

// DecodeBatch decodes a WAL payload.
func DecodeBatch(p []byte) (Batch, error) {
	d := Decbuf{B: p}
	var b Batch
	if d.U8() != recBatch && d.err == nil {
		return b, ErrBadRecord
	}
	b.Seq = d.Uvarint()
	b.CommitTime = d.I64()
	n := d.Count(2)
	if n > 0 {
		b.Ops = make([]Op, n)
	}
	for i := 0; i < n && d.err == nil; i++ {
		op := &b.Ops[i]
		op.Kind = OpKind(d.U8())
		switch op.Kind {
		case OpPurge:
			op.Version.ID = d.String()
			op.Version.Doc = d.u32v()
		case OpPut, OpTombstone:
			doc := d.Uvarint()
			if doc > math.MaxUint32 {
				d.fail(ErrBadRecord)
			}
			op.Version.Doc = uint32(doc)
			DecodeVersionBody(&d, &op.Version)
		default:
			d.fail(ErrBadRecord)
		}
	}
	d.Done()
	if d.err != nil {
		return Batch{}, d.err
	}
	return b, nil
}
