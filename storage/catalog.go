package storage

import (
	"encoding/binary"
	"fmt"
	"time"
)

// CatalogMagic starts the namespace catalog file; its last byte is the
// format version. Version 2 has the same layout and says that some
// namespace's files use the encoded name form (NamespaceFileBase), which a
// reader of version 1 does not know: it would take those files for
// orphans and remove them, so it must refuse the directory instead.
const (
	CatalogMagic   = "EDBCAT\x00\x01"
	CatalogMagicV2 = "EDBCAT\x00\x02"
)

// CatalogEntry is one namespace in the catalog.
type CatalogEntry struct {
	Name      string
	Owner     string
	CreatedAt time.Time
	ID        uint64 // incarnation id: never reused, tags entities.ebf records
	Internal  bool   // `system`: not user-visible
	Retention uint32 // prior versions kept per entity; 0 = all
}

// Catalog is the list of namespaces and the next incarnation id.
type Catalog struct {
	NextID  uint64
	Entries []CatalogEntry
}

// EncodeCatalog returns the file image of c: version 1 when every name is
// plain (PlainName), so that older builds keep opening the directory,
// else version 2.
func EncodeCatalog(c *Catalog) []byte {
	magic := CatalogMagic
	for i := range c.Entries {
		if !PlainName(c.Entries[i].Name) {
			magic = CatalogMagicV2
		}
	}
	e := Encbuf{B: []byte(magic)}
	e.U64(c.NextID)
	e.Uvarint(uint64(len(c.Entries)))
	for i := range c.Entries {
		ce := &c.Entries[i]
		e.String(ce.Name)
		e.String(ce.Owner)
		e.Time(ce.CreatedAt)
		e.U64(ce.ID)
		var flags uint8
		if ce.Internal {
			flags = 1
		}
		e.U8(flags)
		e.Uvarint(uint64(ce.Retention))
	}
	e.U32(Checksum(e.B))
	return e.B
}

// DecodeCatalog parses a catalog file image of version 1 or 2.
func DecodeCatalog(b []byte) (*Catalog, error) {
	if len(b) < len(CatalogMagic)+4 {
		return nil, ErrBadMagic
	}
	if m := string(b[:len(CatalogMagic)]); m != CatalogMagic && m != CatalogMagicV2 {
		return nil, ErrBadMagic
	}
	body := b[:len(b)-4]
	if Checksum(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, ErrChecksum
	}
	d := Decbuf{B: body[len(CatalogMagic):]}
	c := &Catalog{NextID: d.U64()}
	n := d.Count(16)
	for i := 0; i < n && d.Err() == nil; i++ {
		var ce CatalogEntry
		ce.Name = d.String()
		ce.Owner = d.String()
		ce.CreatedAt = d.Time()
		ce.ID = d.U64()
		flags := d.U8()
		ce.Internal = flags&1 != 0
		r := d.Uvarint()
		if r > 1<<31 || flags&^1 != 0 {
			return nil, ErrBadRecord
		}
		ce.Retention = uint32(r)
		c.Entries = append(c.Entries, ce)
	}
	d.Done()
	if err := d.Err(); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return c, nil
}
