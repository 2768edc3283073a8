package storage

import (
	"encoding/binary"
	"fmt"
	"time"
)

// IndexMagic starts a namespace .idx file; its last byte is the format
// version.
const IndexMagic = "EDBIDX\x00\x01"

// IndexTrailerSize is the size of the trailer: body length (8 bytes) and
// the CRC-32C of magic and body (4 bytes).
const IndexTrailerSize = 12

// Index doc flags, as stored.
const (
	IdxTombstone = 1 << 0 // a deletion version
	IdxPurged    = 1 << 1 // purged, awaiting reclamation
)

// IndexDoc is one version in a checkpoint.
type IndexDoc struct {
	Doc     uint32
	ID      string
	Flags   uint8
	Prev    uint32 // previous version of the id, 0 if none
	Seq     uint64
	Created time.Time
	NTags   uint32 // distinct tags
	CLen    uint32 // content bytes
	Off     uint64 // entities.ebf frame offset
	Len     uint32 // entities.ebf frame length
}

// IndexTag is one tag's postings in Roaring's portable serialisation.
type IndexTag struct {
	Tag      string
	Postings []byte
}

// IndexPurge is a purged id whose versions still await reclamation.
type IndexPurge struct {
	ID   string
	Head uint32
	Seq  uint64
}

// Index is the content of a .idx checkpoint: everything needed to restore
// a namespace's index as of Seq without reading entities.ebf.
type Index struct {
	NS         uint64 // namespace incarnation id
	Seq        uint64 // last batch covered; the WAL replays from Seq+1
	NextDoc    uint32
	LastCommit time.Time
	Docs       []IndexDoc // ascending Doc
	Tags       []IndexTag // ascending tag
	Live       []byte     // portable Roaring bitmap of live versions
	Purges     []IndexPurge
	Garbage    []Extent // entities.ebf ranges to punch
}

// EncodeIndex returns the file image of ix.
func EncodeIndex(ix *Index) []byte {
	e := Encbuf{B: make([]byte, 0, 64+len(ix.Docs)*48+len(ix.Live))}
	e.Raw([]byte(IndexMagic))
	e.U64(ix.NS)
	e.Uvarint(ix.Seq)
	e.Uvarint(uint64(ix.NextDoc))
	e.Time(ix.LastCommit)
	e.Uvarint(uint64(len(ix.Docs)))
	var last uint32
	for i := range ix.Docs {
		d := &ix.Docs[i]
		e.Uvarint(uint64(d.Doc - last))
		last = d.Doc
		e.U8(d.Flags)
		e.String(d.ID)
		e.Uvarint(uint64(d.Prev))
		e.Uvarint(d.Seq)
		e.Time(d.Created)
		e.Uvarint(uint64(d.NTags))
		e.Uvarint(uint64(d.CLen))
		e.Uvarint(d.Off)
		e.Uvarint(uint64(d.Len))
	}
	e.Uvarint(uint64(len(ix.Tags)))
	for i := range ix.Tags {
		e.String(ix.Tags[i].Tag)
		e.Bytes(ix.Tags[i].Postings)
	}
	e.Bytes(ix.Live)
	e.Uvarint(uint64(len(ix.Purges)))
	for _, p := range ix.Purges {
		e.String(p.ID)
		e.Uvarint(uint64(p.Head))
		e.Uvarint(p.Seq)
	}
	e.Uvarint(uint64(len(ix.Garbage)))
	for _, g := range ix.Garbage {
		e.Uvarint(g.Off)
		e.Uvarint(uint64(g.Len))
	}
	body := len(e.B) - len(IndexMagic)
	crc := Checksum(e.B)
	e.U64(uint64(body))
	e.U32(crc)
	return e.B
}

// DecodeIndex parses a .idx file image. Byte slices in the result (tag
// postings, live set) alias b.
func DecodeIndex(b []byte) (*Index, error) {
	if len(b) < len(IndexMagic)+IndexTrailerSize || string(b[:len(IndexMagic)]) != IndexMagic {
		return nil, ErrBadMagic
	}
	t := b[len(b)-IndexTrailerSize:]
	body := binary.LittleEndian.Uint64(t)
	if body != uint64(len(b)-len(IndexMagic)-IndexTrailerSize) {
		return nil, ErrBadLength
	}
	if Checksum(b[:len(b)-IndexTrailerSize]) != binary.LittleEndian.Uint32(t[8:]) {
		return nil, ErrChecksum
	}
	d := Decbuf{B: b[len(IndexMagic) : len(b)-IndexTrailerSize]}
	ix := &Index{}
	ix.NS = d.U64()
	ix.Seq = d.Uvarint()
	ix.NextDoc = d.u32v()
	ix.LastCommit = d.Time()
	n := d.Count(20)
	ix.Docs = make([]IndexDoc, n)
	var last uint64
	for i := 0; i < n && d.Err() == nil; i++ {
		x := &ix.Docs[i]
		delta := d.Uvarint()
		if delta == 0 || last+delta > 1<<32-1 || last+delta >= uint64(ix.NextDoc) {
			return nil, fmt.Errorf("doc %d: %w", i, ErrBadRecord)
		}
		last += delta
		x.Doc = uint32(last)
		x.Flags = d.U8()
		x.ID = d.String()
		x.Prev = d.u32v()
		x.Seq = d.Uvarint()
		x.Created = d.Time()
		x.NTags = d.u32v()
		x.CLen = d.u32v()
		x.Off = d.Uvarint()
		x.Len = d.u32v()
		if x.Prev >= x.Doc || x.Flags&^(IdxTombstone|IdxPurged) != 0 || x.ID == "" {
			return nil, fmt.Errorf("doc %d: %w", x.Doc, ErrBadRecord)
		}
	}
	n = d.Count(2)
	ix.Tags = make([]IndexTag, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		ix.Tags[i].Tag = d.String()
		ix.Tags[i].Postings = d.Bytes()
	}
	ix.Live = d.Bytes()
	n = d.Count(3)
	for i := 0; i < n && d.Err() == nil; i++ {
		ix.Purges = append(ix.Purges, IndexPurge{ID: d.String(), Head: d.u32v(), Seq: d.Uvarint()})
	}
	n = d.Count(2)
	for i := 0; i < n && d.Err() == nil; i++ {
		ix.Garbage = append(ix.Garbage, Extent{Off: d.Uvarint(), Len: d.u32v()})
	}
	d.Done()
	if err := d.Err(); err != nil {
		return nil, err
	}
	return ix, nil
}

// u32v reads a uvarint that must fit in 32 bits.
func (d *Decbuf) u32v() uint32 {
	v := d.Uvarint()
	if v > 1<<32-1 {
		d.fail(ErrBadRecord)
		return 0
	}
	return uint32(v)
}
