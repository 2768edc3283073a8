package wal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entitydb/entitydb/storage"
)

// writeLog creates a log of records "rec-<i>-payload" written in groups:
// each group is one Append and one Sync (a group commit). It returns the
// file image as a crash right after the last Sync would leave it (zeros
// written ahead included) and the record offsets.
func writeLog(t *testing.T, fs storage.FS, path string, groups []int) ([]byte, []int64) {
	t.Helper()
	l, err := Create(fs, path)
	if err != nil {
		t.Fatal(err)
	}
	var offs []int64
	for _, g := range groups {
		var frames []byte
		for k := 0; k < g; k++ {
			offs = append(offs, l.Size()+int64(len(frames)))
			frames = AppendFrame(frames, []byte(fmt.Sprintf("rec-%d-%s", len(offs)-1, "payload")))
		}
		if err := l.Append(frames); err != nil {
			t.Fatal(err)
		}
		if err := l.Sync(); err != nil {
			t.Fatal(err)
		}
	}
	data, err := storage.ReadFile(fs, path)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	return data, offs
}

// zero clears b[lo:hi].
func zero(b []byte, lo, hi int64) []byte {
	copy(b[lo:hi], make([]byte, hi-lo))
	return b
}

func TestCorruptions(t *testing.T) {
	// Records 0–2 are synced one by one, 3–5 by one group commit, 6 alone.
	synced := []int{1, 1, 1, 3, 1}
	// The same without record 6: the group of 3–5 is the last write.
	lastGroup := []int{1, 1, 1, 3}
	recEnd := func(offs []int64, i int) int64 {
		return offs[i] + FrameHeaderSize + int64(len(fmt.Sprintf("rec-%d-payload", i)))
	}
	cases := []struct {
		name    string
		groups  []int
		damage  func(b []byte, offs []int64) []byte
		records int // intact records expected
		corrupt int // -1: no corruption error; else the record whose offset is reported (bad_magic: 0)
	}{
		{"intact", synced, func(b []byte, _ []int64) []byte { return b }, 7, -1},
		{"zero_tail", synced, func(b []byte, _ []int64) []byte { return append(b, make([]byte, 100)...) }, 7, -1},
		{"no_space_ahead", synced, func(b []byte, offs []int64) []byte { return b[:recEnd(offs, 6)] }, 7, -1},
		{"torn_last_record", synced, func(b []byte, offs []int64) []byte { return b[:recEnd(offs, 6)-3] }, 6, -1},
		{"torn_last_record_in_space_ahead", synced, func(b []byte, offs []int64) []byte {
			return zero(b, recEnd(offs, 6)-3, recEnd(offs, 6))
		}, 6, -1},
		{"torn_last_header", synced, func(b []byte, offs []int64) []byte { return b[:offs[6]+5] }, 6, -1},
		{"torn_last_header_in_space_ahead", synced, func(b []byte, offs []int64) []byte {
			return zero(b, offs[6]+5, recEnd(offs, 6))
		}, 6, -1},
		{"last_record_bad_checksum", synced, func(b []byte, offs []int64) []byte { b[recEnd(offs, 6)-1] ^= 0xff; return b }, 6, -1},
		// The last write reached the disk out of order: a later record
		// of it is there, an earlier one is not. Its sync never
		// returned, so this is a torn tail.
		{"torn_group_first_record_lost", lastGroup, func(b []byte, offs []int64) []byte {
			return zero(b, offs[3], offs[4])
		}, 3, -1},
		{"torn_group_middle_lost", lastGroup, func(b []byte, offs []int64) []byte {
			return zero(b, offs[4]+4, offs[4]+9)
		}, 4, -1},
		// The same damage inside a group whose sync returned (record 6
		// was written after it was durable): corruption.
		{"zeroed_in_synced_group", synced, func(b []byte, offs []int64) []byte {
			return zero(b, offs[3], offs[4])
		}, 3, 3},
		{"bad_checksum", synced, func(b []byte, offs []int64) []byte { b[offs[1]+FrameHeaderSize+1] ^= 1; return b }, 1, 1},
		{"bad_length", synced, func(b []byte, offs []int64) []byte {
			binary.LittleEndian.PutUint32(b[offs[1]:], 1<<20)
			return b
		}, 1, 1},
		{"zeroed_middle", synced, func(b []byte, offs []int64) []byte { return zero(b, offs[2], offs[3]) }, 2, 2},
		{"zeroed_middle_header", synced, func(b []byte, offs []int64) []byte {
			return zero(b, offs[2], offs[2]+FrameHeaderSize)
		}, 2, 2},
		{"bad_magic", synced, func(b []byte, _ []int64) []byte { b[0] = 'X'; return b }, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := storage.NewMemFS()
			fs.MkdirAll("/d", 0o755)
			path := filepath.Join("/d", "x.wal")
			data, offs := writeLog(t, fs, path, c.groups)
			data = c.damage(data, offs)
			if err := storage.WriteFileAtomic(fs, path, data); err != nil {
				t.Fatal(err)
			}
			got := 0
			l, rec, err := Open(fs, path, func(off int64, p []byte) error {
				if want := fmt.Sprintf("rec-%d-payload", got); string(p) != want {
					t.Fatalf("record %d = %q", got, p)
				}
				got++
				return nil
			})
			if c.corrupt >= 0 {
				var ce *storage.CorruptionError
				if !errors.As(err, &ce) {
					t.Fatalf("want CorruptionError, got %v", err)
				}
				wantOff := int64(0)
				if c.name != "bad_magic" {
					wantOff = offs[c.corrupt]
				}
				if ce.File != path || ce.Offset != wantOff {
					t.Fatalf("corruption at %s:%d, want %s:%d", ce.File, ce.Offset, path, wantOff)
				}
				after, _ := storage.ReadFile(fs, path)
				if string(after) != string(data) {
					t.Fatal("corrupt log was modified")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.records || rec.Records != c.records {
				t.Fatalf("replayed %d (%d), want %d", got, rec.Records, c.records)
			}
			// The torn tail is gone and appending continues cleanly.
			if err := l.Append(AppendFrame(nil, []byte(fmt.Sprintf("rec-%d-payload", c.records)))); err != nil {
				t.Fatal(err)
			}
			l.Sync()
			l.Close()
			got = 0
			if _, _, err := Open(fs, path, func(int64, []byte) error { got++; return nil }); err != nil || got != c.records+1 {
				t.Fatalf("after repair: %d records, %v", got, err)
			}
		})
	}
}

// TestSpaceAhead: appends keep zeros written ahead of the last record,
// growing with what was written up to 1 MiB; reopening keeps them, Close
// and Rewrite give them back.
func TestSpaceAhead(t *testing.T) {
	fs := storage.NewMemFS()
	fs.MkdirAll("/d", 0o755)
	l, err := Create(fs, "/d/x.wal")
	if err != nil {
		t.Fatal(err)
	}
	fileSize := func() int64 {
		t.Helper()
		data, err := storage.ReadFile(fs, "/d/x.wal")
		if err != nil {
			t.Fatal(err)
		}
		if !allZero(data[l.Size():]) {
			t.Fatal("bytes after the last record are not zero")
		}
		return int64(len(data))
	}
	rec := make([]byte, 1000)
	l.Append(AppendFrame(nil, rec))
	l.Sync()
	if got := fileSize(); got != pageSize {
		t.Fatalf("after one record the file is %d bytes, want one page (%d)", got, pageSize)
	}
	for i := 0; i < 3000; i++ {
		l.Append(AppendFrame(nil, rec))
		l.Sync()
		if ahead := fileSize() - l.Size(); ahead > maxAhead+pageSize {
			t.Fatalf("%d bytes ahead after %d bytes", ahead, l.Size())
		}
	}
	if ahead := fileSize() - l.Size(); ahead < pageSize {
		t.Fatalf("only %d bytes ahead after 3 MB of appends", ahead)
	}
	size := l.Size()
	l.Close()
	if got := fileSize(); got != size {
		t.Fatalf("after Close the file is %d bytes, want %d", got, size)
	}
	l, _, err = Open(fs, "/d/x.wal", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		l.Append(AppendFrame(nil, rec))
		l.Sync()
	}
	if err := l.Rewrite(nil, func([]byte) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if got := fileSize(); got != l.Size() {
		t.Fatalf("after Rewrite the file is %d bytes, want %d", got, l.Size())
	}
	l.Close()
}

// TestCrashReordered: a crash during any write leaves a log that opens
// without a CorruptionError and replays every synced record, whatever
// subset of the unsynced blocks reached the disk, and replays a prefix of
// the records written.
func TestCrashReordered(t *testing.T) {
	for round := 0; round < 300; round++ {
		rng := rand.New(rand.NewPCG(uint64(round), 11))
		mem := storage.NewMemFS()
		mem.MkdirAll("/d", 0o755)
		l, err := Create(mem, "/d/x.wal")
		if err != nil {
			t.Fatal(err)
		}
		var written []string
		syncedN := 0
		for g := rng.IntN(40); g >= 0; g-- {
			var frames []byte
			for k := 1 + rng.IntN(4); k > 0; k-- {
				p := fmt.Sprintf("r%d-%s", len(written), strings.Repeat("x", rng.IntN(900)))
				written = append(written, p)
				frames = AppendFrame(frames, []byte(p))
			}
			if err := l.Append(frames); err != nil {
				t.Fatal(err)
			}
			if g > 0 {
				l.Sync()
				syncedN = len(written)
			}
		}
		crashed := mem.Crash(rng)
		var got []string
		_, _, err = Open(crashed, "/d/x.wal", func(_ int64, p []byte) error { got = append(got, string(p)); return nil })
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if len(got) < syncedN {
			t.Fatalf("round %d: %d records replayed, %d were synced", round, len(got), syncedN)
		}
		for i := range got {
			if got[i] != written[i] {
				t.Fatalf("round %d: record %d is not the one written", round, i)
			}
		}
	}
}

// TestPartialWrite: a write that fails half-way (disk full) leaves the log
// exactly as before, and later appends work.
func TestPartialWrite(t *testing.T) {
	mem := storage.NewMemFS()
	mem.MkdirAll("/d", 0o755)
	fs := storage.NewFaultFS(mem)
	l, err := Create(fs, "/d/x.wal")
	if err != nil {
		t.Fatal(err)
	}
	l.Append(AppendFrame(nil, []byte("one")))
	l.Sync()
	fs.SetWriteBudget(10)
	if err := l.Append(AppendFrame(nil, []byte("two-which-does-not-fit"))); err == nil {
		t.Fatal("append should fail")
	}
	fs.SetWriteBudget(-1)
	if err := l.Append(AppendFrame(nil, []byte("three"))); err != nil {
		t.Fatal(err)
	}
	l.Sync()
	l.Close()
	var got []string
	if _, _, err := Open(fs, "/d/x.wal", func(_ int64, p []byte) error { got = append(got, string(p)); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[one three]" {
		t.Fatalf("records %v", got)
	}
}
