package types

import (
	"strings"
	"sync"
)

// Record types with named columns (the OUT columns of a set-returning
// function such as jsonb_each) are registered once and referred to by
// typmod, the way PostgreSQL "blesses" anonymous record types: a Type
// {OID: RecordOID, Typmod: k} carries its columns, so `(f(...)).key`
// resolves through subqueries and joins. Typmod -1 is an unregistered
// record. Registrations are never removed; the set is bounded by the
// functions' declarations.
var recordTypes struct {
	sync.Mutex
	byKey map[string]int32
	cols  [][]Column
}

// RecordType returns the record type with these columns.
func RecordType(cols []Column) Type {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(c.Name)
		b.WriteByte(0)
		b.WriteString(c.Type.String())
		b.WriteByte(0)
	}
	key := b.String()
	recordTypes.Lock()
	defer recordTypes.Unlock()
	if recordTypes.byKey == nil {
		recordTypes.byKey = map[string]int32{}
	}
	k, ok := recordTypes.byKey[key]
	if !ok {
		k = int32(len(recordTypes.cols))
		recordTypes.cols = append(recordTypes.cols, append([]Column(nil), cols...))
		recordTypes.byKey[key] = k
	}
	return Type{OID: RecordOID, Typmod: k}
}

// RecordColumns returns the columns of a registered record type.
func RecordColumns(t Type) ([]Column, bool) {
	if t.OID != RecordOID || t.Typmod < 0 {
		return nil, false
	}
	recordTypes.Lock()
	defer recordTypes.Unlock()
	if int(t.Typmod) >= len(recordTypes.cols) {
		return nil, false
	}
	return recordTypes.cols[t.Typmod], true
}
