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

func goldenLog() []byte {
	t0 := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	img := []byte(Magic)
	img = AppendFrame(img, storage.EncodeCheckpointMark(4))
	img = AppendFrame(img, storage.EncodeBatch(nil, &storage.Batch{Seq: 5, CommitTime: t0.UnixNano(), Ops: []storage.Op{
		{Kind: storage.OpPut, Version: storage.Version{Doc: 9, ID: "a1", Tags: []string{"type:task"}, Content: []byte("x"), Created: t0, Updated: t0}},
	}}))
	img = AppendFrame(img, storage.EncodeBatch(nil, &storage.Batch{Seq: 6, CommitTime: t0.UnixNano() + 1, Ops: []storage.Op{
		{Kind: storage.OpTombstone, Version: storage.Version{Doc: 10, ID: "a1", Created: t0, Updated: t0}},
		{Kind: storage.OpPurge, Version: storage.Version{ID: "a1"}},
	}}))
	return img
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

func FuzzDecode(f *testing.F) {
	f.Add(goldenLog())
	f.Add([]byte(Magic))
	f.Add(append(goldenLog(), 1, 2, 3))
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
