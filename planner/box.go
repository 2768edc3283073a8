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
// hold as is, including the tag elements of up to slabTags tags.
type entitySlab struct {
	row              [entityWidth]Datum
	created, updated time.Time
	tid              types.TID
	arr              types.Array
	dim              [1]types.ArrayDim
	elems            [slabTags]Datum
}

// slabTags is how many tags an entity row holds without a second
// allocation (entities usually have a handful).
const slabTags = 10

// entityRow converts an entity to a row of ns.entities. The row points
// into e (id, tags, content), which the store never modifies.
func entityRow(e *namespace.Entity, doc namespace.DocNum, pending bool) []Datum {
	return (&entitySlab{}).fill(e, doc, pending)
}

// fill makes s the row of e and returns it. A scan whose rows are
// consumed one at a time (execCtx.streams) fills one slab again and
// again.
func (s *entitySlab) fill(e *namespace.Entity, doc namespace.DocNum, pending bool) []Datum {
	s.row[colID] = box(stringTyp, unsafe.Pointer(&e.ID))
	n := len(e.Tags)
	var elems []Datum
	if n <= slabTags {
		elems = s.elems[:n:n]
	} else {
		elems = make([]Datum, n)
	}
	for i := range e.Tags {
		elems[i] = box(stringTyp, unsafe.Pointer(&e.Tags[i]))
	}
	s.arr.Dims = nil
	if n > 0 {
		s.dim[0] = types.ArrayDim{Len: int32(n), Lower: 1}
		s.arr.Dims = s.dim[:]
	}
	s.arr.Elem, s.arr.Elems = types.TextOID, elems
	s.row[colTags] = &s.arr
	s.row[colContent] = nil
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
