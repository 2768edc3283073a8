package storage

import (
	"bytes"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)

func goldenBatch() *Batch {
	return &Batch{Seq: 7, CommitTime: t0.UnixNano(), Ops: []Op{
		{Kind: OpPut, Version: Version{Doc: 1, ID: "a1", Tags: []string{"type:task", "status:open", "type:task"}, Content: []byte("hello"), Created: t0, Updated: t0.Add(time.Second)}},
		{Kind: OpPut, Version: Version{Doc: 2, ID: "b2", Tags: nil, Content: nil, Created: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), Updated: t0}},
		{Kind: OpTombstone, Version: Version{Doc: 3, ID: "a1", Created: t0, Updated: t0.Add(2 * time.Second)}},
		{Kind: OpPurge, Version: Version{ID: "zz", Doc: 3}},
	}}
}

func goldenIndex() *Index {
	return &Index{NS: 42, Seq: 9, NextDoc: 4, LastCommit: t0,
		Docs: []IndexDoc{
			{Doc: 1, ID: "a1", Seq: 7, Created: t0, NTags: 2, CLen: 5, Off: 8, Len: 70},
			{Doc: 3, ID: "a1", Flags: IdxTombstone, Prev: 1, Seq: 8, Created: t0, Off: 78, Len: 40},
		},
		Tags:    []IndexTag{{Tag: "status:open", Postings: []byte{1, 2, 3}}, {Tag: "type:task", Postings: []byte{4}}},
		Live:    []byte{9, 9},
		Purges:  []IndexPurge{{ID: "zz", Head: 2, Seq: 8}},
		Garbage: []Extent{{Off: 200, Len: 33}},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: encoding changed (format change? document it in docs/format and run go test -update)", name)
	}
}

func TestGoldenBatch(t *testing.T) {
	enc := EncodeBatch(nil, goldenBatch())
	golden(t, "batch.bin", enc)
	dec, err := DecodeBatch(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&dec, goldenBatch()) {
		t.Fatalf("round trip:\n%+v\n%+v", dec, goldenBatch())
	}
}

func TestGoldenIndex(t *testing.T) {
	enc := EncodeIndex(goldenIndex())
	golden(t, "namespace.idx", enc)
	dec, err := DecodeIndex(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dec, goldenIndex()) {
		t.Fatalf("round trip:\n%+v\n%+v", dec, goldenIndex())
	}
	for i := range enc { // every single-byte change is detected
		bad := bytes.Clone(enc)
		bad[i] ^= 0x40
		if _, err := DecodeIndex(bad); err == nil {
			t.Fatalf("flipped byte %d not detected", i)
		}
	}
}

func goldenEBF(t *testing.T) ([]byte, []EBFRecord) {
	var recs []EBFRecord
	for i, op := range goldenBatch().Ops {
		recs = append(recs, EBFRecord{NS: 42, Seq: uint64(7 + i), Op: op})
	}
	img := []byte(EBFMagic)
	for i := range recs {
		img = AppendEBFFrame(img, EncodeEBFRecord(nil, &recs[i]))
	}
	return img, recs
}

func TestGoldenEBF(t *testing.T) {
	img, recs := goldenEBF(t)
	golden(t, "entities.ebf", img)
	fs := NewMemFS()
	fs.MkdirAll("/d", 0o755)
	f, _ := fs.OpenFile("/d/entities.ebf", os.O_RDWR|os.O_CREATE, 0o644)
	f.WriteAt(img, 0)
	e, err := OpenEBF(fs, "/d/entities.ebf", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []EBFRecord
	var offs []int64
	var lens []uint32
	if err := e.Scan(func(off int64, n uint32, rec EBFRecord) error {
		got = append(got, rec)
		offs = append(offs, off)
		lens = append(lens, n)
		return nil
	}, func(off int64, err error) { t.Fatalf("bad at %d: %v", off, err) }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, recs) {
		t.Fatalf("scan:\n%+v\n%+v", got, recs)
	}
	r, err := e.Read(uint64(offs[1]), lens[1])
	if err != nil || !reflect.DeepEqual(r, recs[1]) {
		t.Fatalf("read: %+v %v", r, err)
	}
	// Punch the second record: the scan skips the hole, reads of it fail.
	if err := e.Punch([]Extent{{Off: uint64(offs[1]), Len: lens[1]}}); err != nil {
		t.Fatal(err)
	}
	got = nil
	e.Scan(func(off int64, n uint32, rec EBFRecord) error { got = append(got, rec); return nil }, func(int64, error) { t.Fatal("hole reported as damage") })
	if len(got) != len(recs)-1 || !reflect.DeepEqual(got[1], recs[2]) {
		t.Fatalf("after punch: %+v", got)
	}
	var ce *CorruptionError
	if _, err := e.Read(uint64(offs[1]), lens[1]); !errors.As(err, &ce) || ce.Offset != offs[1] {
		t.Fatalf("read of punched record: %v", err)
	}
	// Damage in the middle is reported and skipped over by the scan.
	f.WriteAt([]byte{0xEB, 1, 2, 3}, offs[2]+1)
	var bad []int64
	got = nil
	e.Scan(func(off int64, n uint32, rec EBFRecord) error { got = append(got, rec); return nil }, func(off int64, err error) { bad = append(bad, off) })
	if len(bad) != 1 || bad[0] != offs[2] || len(got) != len(recs)-2 {
		t.Fatalf("damage: bad=%v recs=%d", bad, len(got))
	}
}

func TestGoldenCatalog(t *testing.T) {
	c := &Catalog{NextID: 5, Entries: []CatalogEntry{
		{Name: "public", Owner: "entitydb", CreatedAt: t0, ID: 1},
		{Name: "system", Owner: "entitydb", CreatedAt: t0, ID: 2, Internal: true},
		{Name: "worca", Owner: "alice", CreatedAt: t0, ID: 4, Retention: 3},
	}}
	enc := EncodeCatalog(c)
	golden(t, "catalog.bin", enc)
	dec, err := DecodeCatalog(enc)
	if err != nil || !reflect.DeepEqual(dec, c) {
		t.Fatalf("round trip: %+v %v", dec, err)
	}
}

func TestMemFSCrash(t *testing.T) {
	fs := NewMemFS()
	fs.MkdirAll("/d", 0o755)
	f, _ := fs.OpenFile("/d/a", os.O_RDWR|os.O_CREATE, 0o644)
	f.WriteAt([]byte("synced"), 0)
	f.Sync()
	fs.SyncDir("/d")
	f.WriteAt([]byte("-unsynced"), 6)
	g, _ := fs.OpenFile("/d/b", os.O_RDWR|os.O_CREATE, 0o644) // never dir-synced
	g.WriteAt([]byte("x"), 0)
	g.Sync()
	c := fs.Crash(nil)
	if b, err := ReadFile(c, "/d/a"); err != nil || string(b) != "synced" {
		t.Fatalf("a = %q %v", b, err)
	}
	if _, err := ReadFile(c, "/d/b"); !os.IsNotExist(err) {
		t.Fatalf("b survived without a directory sync: %v", err)
	}
	// Torn: some prefix of the unsynced tail may survive.
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		b, _ := ReadFile(fs.Crash(rand.New(rand.NewPCG(uint64(i), 0))), "/d/a")
		if !bytes.HasPrefix([]byte("synced-unsynced"), b) || len(b) < 6 {
			t.Fatalf("torn content %q", b)
		}
		seen[string(b)] = true
	}
	if len(seen) < 3 {
		t.Fatalf("crash does not tear: %v", seen)
	}
	// Atomic replace survives as old or new.
	WriteFileAtomic(fs, "/d/a", []byte("new"))
	if b, _ := ReadFile(fs.Crash(nil), "/d/a"); string(b) != "new" {
		t.Fatalf("atomic write lost: %q", b)
	}
}

func TestFaultFS(t *testing.T) {
	mem := NewMemFS()
	mem.MkdirAll("/d", 0o755)
	fs := NewFaultFS(mem)
	f, _ := fs.OpenFile("/d/a", os.O_RDWR|os.O_CREATE, 0o644)
	fs.SetWriteBudget(3)
	n, err := f.WriteAt([]byte("hello"), 0)
	if n != 3 || err == nil || !errors.Is(err, errNoSpace()) {
		t.Fatalf("partial write: %d %v", n, err)
	}
	fs.SetWriteBudget(-1)
	if _, err := f.WriteAt([]byte("hello"), 0); err != nil {
		t.Fatal(err)
	}
	fs.SetFailSync(true)
	if f.Sync() == nil {
		t.Fatal("sync should fail")
	}
}
