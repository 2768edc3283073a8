package wal

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/entitydb/entitydb/storage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenPayloads are the records of the golden logs: a checkpoint mark
// and two batches.
func goldenPayloads() [][]byte {
	t0 := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	return [][]byte{
		storage.EncodeCheckpointMark(4),
		storage.EncodeBatch(nil, &storage.Batch{Seq: 5, CommitTime: t0.UnixNano(), Ops: []storage.Op{
			{Kind: storage.OpPut, Version: storage.Version{Doc: 9, ID: "a1", Tags: []string{"type:task"}, Content: []byte("x"), Created: t0, Updated: t0}},
		}}),
		storage.EncodeBatch(nil, &storage.Batch{Seq: 6, CommitTime: t0.UnixNano() + 1, Ops: []storage.Op{
			{Kind: storage.OpTombstone, Version: storage.Version{Doc: 10, ID: "a1", Created: t0, Updated: t0}},
			{Kind: storage.OpPurge, Version: storage.Version{ID: "a1"}},
		}}),
	}
}

// goldenLog is a log as the committer writes it: the mark (the log's
// first record after a checkpoint, durable from its own offset), then the
// two batches written together by one group commit (durable offset: where
// that write began), followed by zeros written ahead.
func goldenLog() []byte {
	p := goldenPayloads()
	img := []byte(Magic)
	img = appendFrame(img, p[0], int64(len(img)))
	group := int64(len(img))
	img = appendFrame(img, p[1], group)
	img = appendFrame(img, p[2], group)
	return append(img, make([]byte, 64)...)
}

func TestGoldenLog(t *testing.T) {
	img := goldenLog()
	path := filepath.Join("testdata", "namespace.wal")
	if *update {
		os.WriteFile(path, img, 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(img, want) {
		t.Fatal("WAL encoding changed: document it in docs/format/wal.md and run go test -update")
	}
	var seqs []uint64
	if _, n, err := Decode(want, func(_ int64, p []byte) error {
		_, s, err := storage.WALRecordSeq(p)
		seqs = append(seqs, s)
		return err
	}); err != nil || n != 3 || seqs[0] != 4 || seqs[2] != 6 {
		t.Fatalf("decode golden: %d records %v %v", n, seqs, err)
	}
}

// TestGoldenLogV1 opens a log written in format version 1 (by earlier
// builds): it replays, and the file is rewritten in the current format
// with the same records.
func TestGoldenLogV1(t *testing.T) {
	v1, err := os.ReadFile(filepath.Join("testdata", "namespace-v1.wal"))
	if err != nil {
		t.Fatal(err)
	}
	if string(v1[:len(magicV1)]) != magicV1 {
		t.Fatal("golden v1 log does not start with the version 1 magic")
	}
	fs := storage.NewMemFS()
	fs.MkdirAll("/d", 0o755)
	if err := storage.WriteFileAtomic(fs, "/d/x.wal", v1); err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	l, rec, err := Open(fs, "/d/x.wal", func(_ int64, p []byte) error { got = append(got, bytes.Clone(p)); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := goldenPayloads()
	if len(got) != len(want) || !rec.Upgraded {
		t.Fatalf("replayed %d records (upgraded %v), want %d", len(got), rec.Upgraded, len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("record %d differs", i)
		}
	}
	// Appending continues in the current format.
	if err := l.Append(AppendFrame(nil, []byte("next"))); err != nil {
		t.Fatal(err)
	}
	if err := l.Sync(); err != nil {
		t.Fatal(err)
	}
	l.Close()
	img, _ := storage.ReadFile(fs, "/d/x.wal")
	if string(img[:len(Magic)]) != Magic {
		t.Fatalf("upgraded log starts with %q", img[:len(Magic)])
	}
	n := 0
	if _, _, err := Decode(img, func(_ int64, p []byte) error { n++; return nil }); err != nil || n != 4 {
		t.Fatalf("upgraded log: %d records, %v", n, err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(goldenLog())
	f.Add([]byte(Magic))
	f.Add(append(goldenLog(), 1, 2, 3))
	if v1, err := os.ReadFile(filepath.Join("testdata", "namespace-v1.wal")); err == nil {
		f.Add(v1)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		end, _, err := Decode(b, func(_ int64, p []byte) error {
			storage.DecodeBatch(p)
			storage.WALRecordSeq(p)
			return nil
		})
		if err == nil && (end < 0 || end > int64(len(b))) {
			t.Fatalf("end %d outside the input", end)
		}
	})
}
