package wal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/entitydb/entitydb/storage"
)

// Magic starts every log file; its last byte is the format version.
const Magic = "EDBWAL\x00\x01"

// FrameHeaderSize is the size of a record's frame header: payload length,
// payload CRC-32C and header CRC-32C, each 4 bytes little-endian.
const FrameHeaderSize = 12

// ErrBroken is returned by Append after a failed write could not be undone;
// the log must be reopened (which recovers it from its durable content).
var ErrBroken = errors.New("wal: log is broken after a failed write")

// Log is one namespace's write-ahead log: a file of framed, checksummed
// records appended by a single writer. Not safe for concurrent use.
type Log struct {
	fs     storage.FS
	path   string
	f      storage.File
	size   int64
	broken error
}

// Recovery says what Open found.
type Recovery struct {
	Records   int   // intact records replayed
	End       int64 // offset after the last intact record
	TornBytes int64 // bytes of a torn tail that were truncated
}

// Create creates an empty log at path (replacing any file there) and makes
// it durable, directory entry included.
func Create(fs storage.FS, path string) (*Log, error) {
	f, err := fs.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create wal: %w", err)
	}
	if _, err := f.WriteAt([]byte(Magic), 0); err != nil {
		f.Close()
		return nil, fmt.Errorf("create wal: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("create wal: %w", err)
	}
	if err := fs.SyncDir(filepath.Dir(path)); err != nil {
		f.Close()
		return nil, fmt.Errorf("create wal: %w", err)
	}
	return &Log{fs: fs, path: path, f: f, size: int64(len(Magic))}, nil
}

// Open opens the log at path and calls fn with each intact record's offset
// and payload, in order (the payload is only valid during the call). A torn
// final record (an incomplete frame, or a last record whose checksum fails,
// or a zero-filled tail) is truncated away and reported in Recovery; damage
// anywhere else is a *storage.CorruptionError naming the file and offset,
// and the file is left untouched. An error from fn stops replay and is
// returned.
func Open(fs storage.FS, path string, fn func(off int64, payload []byte) error) (*Log, Recovery, error) {
	var rec Recovery
	data, err := storage.ReadFile(fs, path)
	if err != nil {
		return nil, rec, fmt.Errorf("open wal: %w", err)
	}
	end, n, err := Decode(data, fn)
	if err != nil {
		var ce *storage.CorruptionError
		if errors.As(err, &ce) {
			ce.File = path
		}
		return nil, rec, err
	}
	rec.Records, rec.End, rec.TornBytes = n, end, int64(len(data))-end
	f, err := fs.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, rec, fmt.Errorf("open wal: %w", err)
	}
	l := &Log{fs: fs, path: path, f: f, size: end}
	if rec.TornBytes > 0 {
		if err := f.Truncate(end); err != nil {
			f.Close()
			return nil, rec, fmt.Errorf("truncate torn wal tail: %w", err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, rec, fmt.Errorf("truncate torn wal tail: %w", err)
		}
	}
	return l, rec, nil
}

// Decode walks the records of a whole log file image. It returns the
// offset where the intact records end (len(data) unless the tail is torn)
// and how many there were. Damage other than a torn tail is a
// *storage.CorruptionError with the offset (File left empty). A file too
// short to hold the magic is treated as an empty log torn at creation.
func Decode(data []byte, fn func(off int64, payload []byte) error) (end int64, n int, err error) {
	if len(data) < len(Magic) {
		if string(data) != Magic[:len(data)] {
			return 0, 0, &storage.CorruptionError{Offset: 0, Err: storage.ErrBadMagic}
		}
		return 0, 0, nil
	}
	if string(data[:len(Magic)]) != Magic {
		return 0, 0, &storage.CorruptionError{Offset: 0, Err: storage.ErrBadMagic}
	}
	off := int64(len(Magic))
	size := int64(len(data))
	for off < size {
		rest := data[off:]
		if len(rest) < FrameHeaderSize {
			return off, n, nil // torn header
		}
		length := binary.LittleEndian.Uint32(rest[0:])
		crc := binary.LittleEndian.Uint32(rest[4:])
		hcrc := binary.LittleEndian.Uint32(rest[8:])
		if storage.Checksum(rest[:8]) != hcrc || length == 0 || length > storage.MaxRecordSize {
			if allZero(rest) {
				return off, n, nil // zero-filled, never-written tail
			}
			err := storage.ErrBadLength
			if storage.Checksum(rest[:8]) != hcrc {
				err = fmt.Errorf("frame header: %w", storage.ErrChecksum)
			}
			return off, n, &storage.CorruptionError{Offset: off, Err: err}
		}
		recEnd := off + FrameHeaderSize + int64(length)
		if recEnd > size {
			return off, n, nil // torn payload
		}
		payload := rest[FrameHeaderSize : FrameHeaderSize+int64(length)]
		if storage.Checksum(payload) != crc {
			if recEnd == size {
				return off, n, nil // torn last record
			}
			return off, n, &storage.CorruptionError{Offset: off, Err: fmt.Errorf("payload: %w", storage.ErrChecksum)}
		}
		if fn != nil {
			if err := fn(off, payload); err != nil {
				return off, n, err
			}
		}
		n++
		off = recEnd
	}
	return off, n, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// AppendFrame appends one framed record for payload to dst.
func AppendFrame(dst, payload []byte) []byte {
	var h [FrameHeaderSize]byte
	binary.LittleEndian.PutUint32(h[0:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(h[4:], storage.Checksum(payload))
	binary.LittleEndian.PutUint32(h[8:], storage.Checksum(h[:8]))
	dst = append(dst, h[:]...)
	return append(dst, payload...)
}

// Append writes already framed records (see AppendFrame) with one write.
// It does not sync. If the write fails, the file is truncated back so the
// log holds exactly what it held before; if that fails too, the log is
// broken and every later Append returns ErrBroken.
func (l *Log) Append(frames []byte) error {
	if l.broken != nil {
		return l.broken
	}
	if len(frames) == 0 {
		return nil
	}
	if _, err := l.f.WriteAt(frames, l.size); err != nil {
		if terr := l.f.Truncate(l.size); terr != nil {
			l.broken = fmt.Errorf("%w: %v", ErrBroken, terr)
		}
		return fmt.Errorf("append wal: %w", err)
	}
	l.size += int64(len(frames))
	return nil
}

// Sync makes every appended record durable. If it fails, the records
// appended since the last successful Sync are cut off (they were never
// acknowledged) and the log is synced again; if that fails, the log is
// broken.
func (l *Log) Sync() error {
	if l.broken != nil {
		return l.broken
	}
	return l.f.Sync()
}

// Rollback cuts the log back to size (an earlier Size) after a failed
// Sync, so that records whose commits failed cannot reappear on replay.
func (l *Log) Rollback(size int64) error {
	if err := l.f.Truncate(size); err != nil {
		l.broken = fmt.Errorf("%w: %v", ErrBroken, err)
		return l.broken
	}
	l.size = size
	if err := l.f.Sync(); err != nil {
		l.broken = fmt.Errorf("%w: %v", ErrBroken, err)
		return l.broken
	}
	return nil
}

// Size is the log's size in bytes.
func (l *Log) Size() int64 { return l.size }

// Path is the log's file name.
func (l *Log) Path() string { return l.path }

// Rewrite replaces the log with one holding only the records keep accepts
// (checkpoint trimming), after the record head if not nil: it writes a temporary file, syncs it, renames it
// over the log and syncs the directory. A crash leaves the old or the new
// log, both of which replay to the same state given the checkpoint.
func (l *Log) Rewrite(head []byte, keep func(payload []byte) bool) error {
	if l.broken != nil {
		return l.broken
	}
	data := make([]byte, l.size)
	if _, err := l.f.ReadAt(data, 0); err != nil {
		return fmt.Errorf("rewrite wal: read: %w", err)
	}
	out := []byte(Magic)
	if head != nil {
		out = AppendFrame(out, head)
	}
	if _, _, err := Decode(data, func(_ int64, p []byte) error {
		if keep(p) {
			out = AppendFrame(out, p)
		}
		return nil
	}); err != nil {
		return fmt.Errorf("rewrite wal: %w", err)
	}
	if err := storage.WriteFileAtomic(l.fs, l.path, out); err != nil {
		return fmt.Errorf("rewrite wal: %w", err)
	}
	f, err := l.fs.OpenFile(l.path, os.O_RDWR, 0)
	if err != nil {
		l.broken = fmt.Errorf("%w: reopen: %v", ErrBroken, err)
		return l.broken
	}
	l.f.Close()
	l.f = f
	l.size = int64(len(out))
	return nil
}

// Close closes the file.
func (l *Log) Close() error { return l.f.Close() }
