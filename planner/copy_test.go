package planner

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

func TestCopy(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA c")
	cases := []struct {
		name, sql string
		data      []string
		tag       string
	}{
		{"text", "COPY c.entities (id, tags, content) FROM STDIN", []string{"a\t{x,y}\t\\\\x6869\n", "b\t{z}\t\\N\n"}, "COPY 2"},
		{"text split chunks", "COPY c.entities (id, tags) FROM STDIN", []string{"c\t{p", ",q}\nd\t{r}\n\\.\n"}, "COPY 2"},
		{"csv header", "COPY c.entities (id, tags, content) FROM STDIN WITH (FORMAT csv, HEADER)", []string{"id,tags,content\ne,\"{a,b}\",\ng,{c},\"\"\n"}, "COPY 2"},
	}
	for _, c := range cases {
		r := &recorder{copyIn: c.data}
		if err := ts.s.ExecSimple(context.Background(), c.sql, r); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(r.tags) != 1 || r.tags[0] != c.tag {
			t.Fatalf("%s: tags %v", c.name, r.tags)
		}
	}
	got := fmtRows(ts.query("SELECT id, tags, content FROM c.entities ORDER BY id"))
	want := "a|{x,y}|\\x6869\nb|{z}|NULL\nc|{p,q}|NULL\nd|{r}|NULL\ne|{a,b}|NULL\ng|{c}|\\x\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	r := ts.exec("COPY (SELECT id, tags FROM c.entities WHERE tags && '{x,z}' ORDER BY id) TO STDOUT")
	if strings.Join(r.copyOut, "") != "a\t{x,y}\nb\t{z}\n" || r.tags[0] != "COPY 2" {
		t.Fatalf("copy out %q %v", r.copyOut, r.tags)
	}
	r = ts.exec("COPY c.entities (id, tags) TO STDOUT WITH (FORMAT csv, HEADER)")
	if !strings.HasPrefix(strings.Join(r.copyOut, ""), "id,tags\n") || r.tags[0] != "COPY 6" {
		t.Fatalf("copy out csv %q %v", r.copyOut, r.tags)
	}
	rec := &recorder{copyIn: []string{"zz\n"}}
	err := ts.s.ExecSimple(context.Background(), "COPY c.entities (id, tags) FROM STDIN", rec)
	if err == nil || !strings.Contains(err.Error(), "22P04") {
		t.Fatalf("missing column: %v", err)
	}
	ts.expectOne("SELECT count(*) FROM c.entities", "6")
}

// TestCopyBinaryBulk compares the bulk path of binary COPY
// (entityFromBinary) with the general one (taken when COPY has a WHERE
// clause) on random tuples, ordinary and unusual: both must store the same
// rows or fail with the same error.
func TestCopyBinaryBulk(t *testing.T) {
	seed := uint64(rand.Int64())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 11))
	ts := newTestEnv(t).session()
	text := func(s string) []byte { return []byte(s) }
	tagsArr := func(ndim int32, elems ...[]byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(ndim))
		b = binary.BigEndian.AppendUint32(b, 0)
		b = binary.BigEndian.AppendUint32(b, uint32(types.TextOID))
		if ndim == 0 {
			return b
		}
		for d := int32(0); d < ndim; d++ {
			n := len(elems)
			if d > 0 {
				n = 1
			}
			b = binary.BigEndian.AppendUint32(b, uint32(n))
			b = binary.BigEndian.AppendUint32(b, 1)
		}
		for _, e := range elems {
			if e == nil {
				b = binary.BigEndian.AppendUint32(b, 0xFFFFFFFF)
				continue
			}
			b = binary.BigEndian.AppendUint32(b, uint32(len(e)))
			b = append(b, e...)
		}
		return b
	}
	ts8 := func(us int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(us)) }
	randTag := func() []byte {
		switch rng.IntN(30) {
		case 0:
			return nil // NULL element
		case 1:
			return []byte{} // empty tag
		case 2:
			return []byte(strings.Repeat("t", namespace.MaxTagLen+1))
		case 3:
			return []byte{0xff, 'x'} // invalid UTF-8
		case 4:
			return []byte("k:a\x00b") // NUL: not valid text
		}
		return []byte(fmt.Sprintf("k%d:v%d", rng.IntN(5), rng.IntN(5)))
	}
	field := func(col int, i int) []byte {
		switch col {
		case colID:
			switch rng.IntN(40) {
			case 0:
				return nil
			case 1:
				return []byte{}
			case 2:
				return []byte(strings.Repeat("i", namespace.MaxIDLen+1))
			case 3:
				return []byte{'e', 0xc3}
			case 4:
				return []byte("e\x00")
			}
			return text(fmt.Sprintf("e%04d", i))
		case colTags:
			switch rng.IntN(40) {
			case 0:
				return nil
			case 1:
				return tagsArr(0)
			case 2:
				return tagsArr(2, randTag())
			case 3:
				return []byte{1, 2, 3}
			}
			var elems [][]byte
			for n := rng.IntN(5); n > 0; n-- {
				elems = append(elems, randTag())
			}
			return tagsArr(1, elems...)
		case colContent:
			switch rng.IntN(6) {
			case 0:
				return nil
			case 1:
				return []byte{}
			}
			return []byte(fmt.Sprintf("c%d\x00\xff", rng.IntN(100)))
		default:
			switch rng.IntN(30) {
			case 0:
				return nil
			case 1:
				return ts8(1<<63 - 1) // infinity
			case 2:
				return ts8(-1 << 63)
			case 3:
				return ts8(-70000000000 * 1000000) // before year 1
			case 4:
				return []byte{1, 2}
			}
			return ts8(rng.Int64N(2e15) - 1e15)
		}
	}
	colSets := [][]int{
		{colID, colTags, colContent, colCreatedAt, colUpdatedAt},
		{colID, colTags, colContent, colCreatedAt},
		{colTags, colID},
		{colContent, colTags},
	}
	for round := 0; round < 60; round++ {
		cols := colSets[rng.IntN(len(colSets))]
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = entityColumnNames[c]
		}
		data := append([]byte(nil), binarySignature...)
		data = append(data, 0, 0, 0, 0, 0, 0, 0, 0)
		rows := 1 + rng.IntN(6)
		for i := 0; i < rows; i++ {
			data = binary.BigEndian.AppendUint16(data, uint16(len(cols)))
			for _, c := range cols {
				f := field(c, i)
				if f == nil {
					data = binary.BigEndian.AppendUint32(data, 0xFFFFFFFF)
					continue
				}
				data = binary.BigEndian.AppendUint32(data, uint32(len(f)))
				data = append(data, f...)
			}
		}
		data = append(data, 0xFF, 0xFF)
		// feed in random chunks, as a client would
		var chunks []string
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 1+rng.IntN(40))
			chunks = append(chunks, string(rest[:n]))
			rest = rest[n:]
		}
		var got [2]string
		for k, where := range []string{"", " WHERE true"} {
			ns := fmt.Sprintf("b%d_%d", round, k)
			ts.exec("CREATE SCHEMA " + ns)
			r := &recorder{copyIn: chunks}
			err := ts.s.ExecSimple(context.Background(), fmt.Sprintf("COPY %s.entities (%s) FROM STDIN (FORMAT binary)%s", ns, strings.Join(names, ", "), where), r)
			if err != nil {
				e := pgerr.Flatten(err)
				got[k] = fmt.Sprintf("error %s %s %s %s", e.Code, e.Message, e.Detail, e.Where)
				continue
			}
			idCol := "id"
			if !slices.Contains(cols, colID) {
				idCol = "length(id)" // generated
			}
			created := "created_at" // a default is the COPY's start: it differs
			if !slices.Contains(cols, colCreatedAt) {
				created = "created_at IS NOT NULL"
			}
			got[k] = r.tags[0] + "\n" + fmtRows(ts.query(fmt.Sprintf("SELECT %s, tags, content, %s, updated_at = created_at FROM %s.entities ORDER BY 1, 2, 3", idCol, created, ns)))
		}
		if got[0] != got[1] {
			t.Fatalf("seed %d round %d (%v):\nbulk:\n%s\ngeneral:\n%s", seed, round, names, got[0], got[1])
		}
	}
}

// TestClientTextNUL: a NUL byte in client text fails with 22021 like
// PostgreSQL, whether it arrives as a text Bind parameter or in a COPY
// line.
func TestClientTextNUL(t *testing.T) {
	_, err := decodeParams([]types.OID{types.TextOID}, []BindParam{{Value: []byte("a\x00b")}}, nil)
	if pe := pgerr.Flatten(err); pe == nil || pe.Code != pgerr.CharacterNotInRepertoire {
		t.Errorf("text parameter with NUL: %v, want 22021", err)
	}
	if _, err := decodeParams([]types.OID{types.TextOID}, []BindParam{{Value: []byte("ab")}}, nil); err != nil {
		t.Errorf("text parameter: %v", err)
	}
}
