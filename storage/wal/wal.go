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
const Magic = "EDBWAL\x00\x02"

// magicV1 starts logs of the first format, whose frame headers have no
// durable offset. Open replays them and rewrites the file in the current
// format before appending.
const magicV1 = "EDBWAL\x00\x01"

// FrameHeaderSize is the size of a record's frame header: payload length
// (u32), payload CRC-32C (u32), the offset up to which the log was durable
// when the record was written (u64), and the CRC-32C of those 16 bytes
// (u32), little-endian.
const FrameHeaderSize = 20

// frameHeaderSizeV1 is the header size of format version 1 (no durable
// offset).
const frameHeaderSizeV1 = 12

const (
	// pageSize aligns the end of the preallocated space: a file system
	// allocates whole blocks anyway.
	pageSize = 4 << 10
	// maxAhead bounds the zero-filled space kept ahead of the last record.
	maxAhead = 1 << 20
)

// ErrBroken is returned by Append after a failed write could not be undone;
// the log must be reopened (which recovers it from its durable content).
var ErrBroken = errors.New("wal: log is broken after a failed write")

// Log is one namespace's write-ahead log: a file of framed, checksummed
// records appended by a single writer. Not safe for concurrent use.
//
// The file is longer than its records: Append keeps up to 1 MiB of zeros
// (written and synced like data) ahead of the last record, so that a
// commit overwrites blocks that already exist and its fdatasync flushes
// only data, without a file-system journal commit for a new file size.
// The space ahead grows with the bytes appended since the log was opened
// (4 KiB, then about as much again as was written, at most 1 MiB), so an
// idle namespace keeps at most one block; Close and Rewrite drop it.
type Log struct {
	fs       storage.FS
	path     string
	f        storage.File
	size     int64 // end of the last record
	synced   int64 // end of the records the last successful Sync covered
	alloc    int64 // file size; [size, alloc) holds zeros
	appended int64 // bytes appended since Open or Create: sizes the space ahead
	broken   error
}

// Recovery says what Open found.
type Recovery struct {
	Records   int   // intact records replayed
	End       int64 // offset after the last intact record
	TornBytes int64 // bytes of a torn tail that were truncated
	Upgraded  bool  // the log was in format version 1 and was rewritten
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
	n := int64(len(Magic))
	return &Log{fs: fs, path: path, f: f, size: n, synced: n, alloc: n}, nil
}

// Open opens the log at path and calls fn with each intact record's offset
// and payload, in order (the payload is only valid during the call). A torn
// tail (see Decode) is truncated away and reported in Recovery; damage
// anywhere else is a *storage.CorruptionError naming the file and offset,
// and the file is left untouched. An error from fn stops replay and is
// returned. A log of format version 1 is rewritten in the current format
// once it has replayed.
func Open(fs storage.FS, path string, fn func(off int64, payload []byte) error) (*Log, Recovery, error) {
	var rec Recovery
	data, err := storage.ReadFile(fs, path)
	if err != nil {
		return nil, rec, fmt.Errorf("open wal: %w", err)
	}
	var upgrade []byte // version 1: the same records in the current format
	if len(data) >= len(magicV1) && string(data[:len(magicV1)]) == magicV1 {
		upgrade = []byte(Magic)
		inner := fn
		fn = func(off int64, p []byte) error {
			upgrade = appendFrame(upgrade, p, int64(len(upgrade)))
			if inner == nil {
				return nil
			}
			return inner(off, p)
		}
	}
	end, n, err := Decode(data, fn)
	if err != nil {
		var ce *storage.CorruptionError
		if errors.As(err, &ce) {
			ce.File = path
		}
		return nil, rec, err
	}
	rec.Records, rec.End = n, end
	f, err := fs.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, rec, fmt.Errorf("open wal: %w", err)
	}
	l := &Log{fs: fs, path: path, f: f, size: end, synced: end, alloc: int64(len(data))}
	if upgrade != nil {
		rec.Upgraded, rec.TornBytes = true, int64(len(data))-end
		if err := l.replace(upgrade); err != nil {
			f.Close()
			return nil, rec, fmt.Errorf("upgrade wal: %w", err)
		}
		return l, rec, nil
	}
	if end < int64(len(Magic)) || !allZero(data[end:]) {
		// A torn tail: cut it off, zeros ahead of it included, and
		// write the magic again if the file was torn at creation.
		rec.TornBytes = int64(len(data)) - end
		if err := l.truncate(end); err != nil {
			f.Close()
			return nil, rec, fmt.Errorf("truncate torn wal tail: %w", err)
		}
		if end < int64(len(Magic)) {
			if _, err := f.WriteAt([]byte(Magic), 0); err != nil {
				f.Close()
				return nil, rec, fmt.Errorf("truncate torn wal tail: %w", err)
			}
			l.size, l.synced, l.alloc = int64(len(Magic)), int64(len(Magic)), int64(len(Magic))
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, rec, fmt.Errorf("truncate torn wal tail: %w", err)
		}
	}
	return l, rec, nil
}

// Decode walks the records of a whole log file image. It returns the
// offset where the intact records end and how many there were.
//
// Decoding stops at the first frame that does not verify (or at the end
// of the data). Everything from there on is a torn tail, not damage, when
// it is all zeros (space written ahead and never used), or when no frame
// after it verifies with a durable offset beyond it: such bytes can only
// be the last write, whose sync never returned, with some of its blocks
// on disk and others not. A frame that verifies after the damaged one and
// was written when the damaged bytes were already durable proves they had
// been acknowledged: that is a *storage.CorruptionError with the offset
// of the damaged frame (File left empty). A file too short to hold the
// magic is an empty log torn at creation.
func Decode(data []byte, fn func(off int64, payload []byte) error) (end int64, n int, err error) {
	if len(data) < len(Magic) {
		if string(data) != Magic[:len(data)] && string(data) != magicV1[:len(data)] {
			return 0, 0, &storage.CorruptionError{Offset: 0, Err: storage.ErrBadMagic}
		}
		return 0, 0, nil
	}
	switch string(data[:len(Magic)]) {
	case Magic:
	case magicV1:
		return decodeV1(data, fn)
	default:
		return 0, 0, &storage.CorruptionError{Offset: 0, Err: storage.ErrBadMagic}
	}
	off := int64(len(Magic))
	for off < int64(len(data)) {
		length, payload, why := frameAt(data, off)
		if why != nil {
			return off, n, tailError(data, off, length, why)
		}
		if fn != nil {
			if err := fn(off, payload); err != nil {
				return off, n, err
			}
		}
		n++
		off += FrameHeaderSize + int64(length)
	}
	return off, n, nil
}

// errTorn marks a frame that runs past the end of the data.
var errTorn = errors.New("frame runs past the end of the log")

// frameAt verifies the frame at off. It returns the payload length (0 if
// the header does not verify), the payload, and why the frame does not
// verify (nil if it does).
func frameAt(data []byte, off int64) (uint32, []byte, error) {
	rest := data[off:]
	if len(rest) < FrameHeaderSize {
		return 0, nil, errTorn
	}
	if storage.Checksum(rest[:16]) != binary.LittleEndian.Uint32(rest[16:]) {
		return 0, nil, fmt.Errorf("frame header: %w", storage.ErrChecksum)
	}
	length := binary.LittleEndian.Uint32(rest[0:])
	if length == 0 || length > storage.MaxRecordSize {
		return 0, nil, storage.ErrBadLength
	}
	if base := binary.LittleEndian.Uint64(rest[8:]); base > uint64(off) {
		return 0, nil, fmt.Errorf("%w: durable offset %d after the frame", storage.ErrBadRecord, base)
	}
	if FrameHeaderSize+int64(length) > int64(len(rest)) {
		return length, nil, errTorn
	}
	payload := rest[FrameHeaderSize : FrameHeaderSize+int64(length)]
	if storage.Checksum(payload) != binary.LittleEndian.Uint32(rest[4:]) {
		return length, nil, fmt.Errorf("payload: %w", storage.ErrChecksum)
	}
	return length, payload, nil
}

// tailError decides what the bytes from off, where the first frame that
// does not verify starts, are: nil for a torn tail, a CorruptionError for
// damage. length is the failed frame's payload length when its header
// verified (its payload is not searched), else 0.
func tailError(data []byte, off int64, length uint32, why error) error {
	if why == errTorn || allZero(data[off:]) {
		return nil
	}
	p := off + 1
	if length > 0 {
		p = off + FrameHeaderSize + int64(length)
	}
	for p+FrameHeaderSize <= int64(len(data)) {
		if binary.LittleEndian.Uint32(data[p:]) == 0 {
			p++ // not a header: lengths are at least 1
			continue
		}
		n, _, err := frameAt(data, p)
		if err != nil {
			p++
			continue
		}
		if binary.LittleEndian.Uint64(data[p+8:]) > uint64(off) {
			return &storage.CorruptionError{Offset: off, Err: why}
		}
		p += FrameHeaderSize + int64(n)
	}
	return nil
}

// decodeV1 decodes a log of format version 1: 12-byte frame headers, and
// only the last record or an all-zero tail may be torn.
func decodeV1(data []byte, fn func(off int64, payload []byte) error) (end int64, n int, err error) {
	off := int64(len(magicV1))
	size := int64(len(data))
	for off < size {
		rest := data[off:]
		if len(rest) < frameHeaderSizeV1 {
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
		recEnd := off + frameHeaderSizeV1 + int64(length)
		if recEnd > size {
			return off, n, nil // torn payload
		}
		payload := rest[frameHeaderSizeV1 : frameHeaderSizeV1+int64(length)]
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
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// AppendFrame appends one framed record for payload to dst. Its durable
// offset is left 0: Log.Append fills it in when it writes the frame.
func AppendFrame(dst, payload []byte) []byte { return appendFrame(dst, payload, 0) }

func appendFrame(dst, payload []byte, base int64) []byte {
	var h [FrameHeaderSize]byte
	binary.LittleEndian.PutUint32(h[0:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(h[4:], storage.Checksum(payload))
	binary.LittleEndian.PutUint64(h[8:], uint64(base))
	binary.LittleEndian.PutUint32(h[16:], storage.Checksum(h[:16]))
	dst = append(dst, h[:]...)
	return append(dst, payload...)
}

// stamp sets the durable offset of every frame in frames to base.
func stamp(frames []byte, base int64) {
	for len(frames) >= FrameHeaderSize {
		h := frames[:FrameHeaderSize]
		binary.LittleEndian.PutUint64(h[8:], uint64(base))
		binary.LittleEndian.PutUint32(h[16:], storage.Checksum(h[:16]))
		frames = frames[min(len(frames), FrameHeaderSize+int(binary.LittleEndian.Uint32(h))):]
	}
}

// Append writes already framed records (see AppendFrame) with one write,
// recording in each frame how far the log is durable (it changes frames).
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
	stamp(frames, l.synced)
	end := l.size + int64(len(frames))
	if _, err := l.f.WriteAt(frames, l.size); err != nil {
		if terr := l.truncate(l.size); terr != nil {
			l.broken = fmt.Errorf("%w: %v", ErrBroken, terr)
		}
		return fmt.Errorf("append wal: %w", err)
	}
	l.size = end
	l.appended += int64(len(frames))
	if end > l.alloc {
		l.alloc = end
		l.preallocate()
	}
	return nil
}

// preallocate writes zeros ahead of the last record, to be made durable by
// the Sync that follows (a write that extends the file pays for the
// journal commit once for the whole space). A failure only leaves less
// space ahead: zeros past the end are harmless.
func (l *Log) preallocate() {
	ahead := min(l.appended, maxAhead)
	alloc := (l.size + ahead + pageSize - 1) &^ (pageSize - 1)
	if alloc <= l.alloc {
		return
	}
	if err := storage.ZeroRange(l.f, l.alloc, alloc-l.alloc); err != nil {
		return
	}
	l.alloc = alloc
}

// truncate cuts the file at size, dropping the space ahead.
func (l *Log) truncate(size int64) error {
	if err := l.f.Truncate(size); err != nil {
		return err
	}
	l.size, l.alloc = size, size
	l.synced = min(l.synced, size)
	return nil
}

// Sync makes every appended record durable. If it fails, the caller cuts
// the records appended since the last successful Sync off with Rollback
// (they were never acknowledged).
func (l *Log) Sync() error {
	if l.broken != nil {
		return l.broken
	}
	if err := l.f.Sync(); err != nil {
		return err
	}
	l.synced = l.size
	return nil
}

// Rollback cuts the log back to size (an earlier Size) after a failed
// Sync, so that records whose commits failed cannot reappear on replay.
func (l *Log) Rollback(size int64) error {
	if err := l.truncate(size); err != nil {
		l.broken = fmt.Errorf("%w: %v", ErrBroken, err)
		return l.broken
	}
	if err := l.f.Sync(); err != nil {
		l.broken = fmt.Errorf("%w: %v", ErrBroken, err)
		return l.broken
	}
	l.synced = size
	return nil
}

// Size is the end of the log's last record: the bytes of records, not of
// the file, which also holds the zeros written ahead.
func (l *Log) Size() int64 { return l.size }

// Path is the log's file name.
func (l *Log) Path() string { return l.path }

// Rewrite replaces the log with one holding only the records keep accepts
// (checkpoint trimming), after the record head if not nil: it writes a
// temporary file, syncs it, renames it over the log and syncs the
// directory. A crash leaves the old or the new log, both of which replay
// to the same state given the checkpoint. The new log has no space ahead.
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
		out = appendFrame(out, head, int64(len(out)))
	}
	if _, _, err := Decode(data, func(_ int64, p []byte) error {
		if keep(p) {
			out = appendFrame(out, p, int64(len(out)))
		}
		return nil
	}); err != nil {
		return fmt.Errorf("rewrite wal: %w", err)
	}
	if err := l.replace(out); err != nil {
		return fmt.Errorf("rewrite wal: %w", err)
	}
	return nil
}

// replace makes img the log's durable content (temporary file, rename)
// and reopens it. Every frame of img must carry its own offset as its
// durable offset: the whole image is synced before it replaces the log.
func (l *Log) replace(img []byte) error {
	if err := storage.WriteFileAtomic(l.fs, l.path, img); err != nil {
		return err
	}
	f, err := l.fs.OpenFile(l.path, os.O_RDWR, 0)
	if err != nil {
		l.broken = fmt.Errorf("%w: reopen: %v", ErrBroken, err)
		return l.broken
	}
	l.f.Close()
	l.f = f
	l.size, l.synced, l.alloc = int64(len(img)), int64(len(img)), int64(len(img))
	return nil
}

// Close gives the space ahead back to the file system and closes the
// file. The truncation needs no sync: after a crash the zeros are still
// read as the end of the log.
func (l *Log) Close() error {
	if l.broken == nil && l.alloc > l.size {
		l.f.Truncate(l.size)
	}
	return l.f.Close()
}
