package wal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/entitydb/entitydb/storage"
)

// writeLog creates a log with n records "rec-<i>" and returns its image
// and the record offsets.
func writeLog(t *testing.T, fs storage.FS, path string, n int) ([]byte, []int64) {
	t.Helper()
	l, err := Create(fs, path)
	if err != nil {
		t.Fatal(err)
	}
	var offs []int64
	for i := 0; i < n; i++ {
		offs = append(offs, l.Size())
		if err := l.Append(AppendFrame(nil, []byte(fmt.Sprintf("rec-%d-%s", i, "payload")))); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Sync(); err != nil {
		t.Fatal(err)
	}
	l.Close()
	data, err := storage.ReadFile(fs, path)
	if err != nil {
		t.Fatal(err)
	}
	return data, offs
}

func TestCorruptions(t *testing.T) {
	const n = 5
	cases := []struct {
		name    string
		damage  func(b []byte, offs []int64) []byte
		records int   // intact records expected
		corrupt int64 // -1: no corruption error; else offset reported (index into offs via -2-i)
	}{
		{"intact", func(b []byte, _ []int64) []byte { return b }, n, -1},
		{"torn_last_record", func(b []byte, _ []int64) []byte { return b[:len(b)-3] }, n - 1, -1},
		{"torn_last_header", func(b []byte, offs []int64) []byte { return b[:offs[n-1]+5] }, n - 1, -1},
		{"last_record_bad_checksum", func(b []byte, _ []int64) []byte { b[len(b)-1] ^= 0xff; return b }, n - 1, -1},
		{"zero_tail", func(b []byte, _ []int64) []byte { return append(b, make([]byte, 100)...) }, n, -1},
		{"bad_checksum", func(b []byte, offs []int64) []byte { b[offs[2]+FrameHeaderSize+1] ^= 1; return b }, 2, 2},
		{"bad_length", func(b []byte, offs []int64) []byte {
			binary.LittleEndian.PutUint32(b[offs[1]:], 1<<20)
			return b
		}, 1, 1},
		{"zeroed_middle", func(b []byte, offs []int64) []byte {
			copy(b[offs[2]:offs[3]], make([]byte, offs[3]-offs[2]))
			return b
		}, 2, 2},
		{"bad_magic", func(b []byte, _ []int64) []byte { b[0] = 'X'; return b }, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := storage.NewMemFS()
			fs.MkdirAll("/d", 0o755)
			path := filepath.Join("/d", "x.wal")
			data, offs := writeLog(t, fs, path, n)
			data = c.damage(data, offs)
			f, _ := fs.OpenFile(path, 0, 0)
			f.Truncate(0)
			f.WriteAt(data, 0)
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
