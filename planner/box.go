package planner

// Allocation-light construction of entity rows. A row of ns.entities has
// ten or more Datums (id, each tag, content, two timestamps, ctid); boxing
// each into an interface would allocate once per value. Instead, a row's
// values live in one slab and the Datums point into it. This is safe
// because Datums are immutable: nothing writes through them.

import (
	"time"
	"unsafe"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/planner/types"
)

// eface is the layout of an empty interface.
type eface struct {
	typ, data unsafe.Pointer
}

func typeOf(v any) unsafe.Pointer { return (*eface)(unsafe.Pointer(&v)).typ }

var (
	stringTyp = typeOf("")
	timeTyp   = typeOf(time.Time{})
	bytesTyp  = typeOf([]byte(nil))
	tidTyp    = typeOf(types.TID{})
)

// box makes an interface holding the value at p, whose dynamic type is
// typ, without copying it.
func box(typ, p unsafe.Pointer) Datum {
	var d Datum
	e := (*eface)(unsafe.Pointer(&d))
	e.typ, e.data = typ, p
	return d
}

// entitySlab holds the values of one entity row that the entity does not
// hold as is.
type entitySlab struct {
	row              [entityWidth]Datum
	created, updated time.Time
	tid              types.TID
	arr              types.Array
	dim              [1]types.ArrayDim
}

// entityRow converts an entity to a row of ns.entities. The row points
// into e (id, tags, content), which the store never modifies.
func entityRow(e *namespace.Entity, doc namespace.DocNum, pending bool) []Datum {
	s := &entitySlab{}
	s.row[colID] = box(stringTyp, unsafe.Pointer(&e.ID))
	n := len(e.Tags)
	elems := make([]Datum, n)
	for i := range e.Tags {
		elems[i] = box(stringTyp, unsafe.Pointer(&e.Tags[i]))
	}
	if n > 0 {
		s.dim[0] = types.ArrayDim{Len: int32(n), Lower: 1}
		s.arr.Dims = s.dim[:]
	}
	s.arr.Elem, s.arr.Elems = types.TextOID, elems
	s.row[colTags] = &s.arr
	if e.Content != nil {
		s.row[colContent] = box(bytesTyp, unsafe.Pointer(&e.Content))
	}
	if e.CreatedAt.Location() == time.UTC {
		s.row[colCreatedAt] = box(timeTyp, unsafe.Pointer(&e.CreatedAt))
	} else {
		s.created = e.CreatedAt.UTC()
		s.row[colCreatedAt] = box(timeTyp, unsafe.Pointer(&s.created))
	}
	if e.UpdatedAt.Location() == time.UTC {
		s.row[colUpdatedAt] = box(timeTyp, unsafe.Pointer(&e.UpdatedAt))
	} else {
		s.updated = e.UpdatedAt.UTC()
		s.row[colUpdatedAt] = box(timeTyp, unsafe.Pointer(&s.updated))
	}
	if pending {
		s.tid = types.TID{Block: 0xFFFFFFFF}
	} else {
		s.tid = docTID(doc)
	}
	s.row[colCtid] = box(tidTyp, unsafe.Pointer(&s.tid))
	return s.row[:]
}
