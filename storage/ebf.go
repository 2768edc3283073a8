package storage

import (
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// EBFMagic starts entities.ebf; its last byte is the format version.
const EBFMagic = "EDBEBF\x00\x01"

// EBF frame layout: a marker byte, payload length, payload CRC-32C and a
// CRC-32C of those 9 bytes, then the payload. The non-zero marker lets a
// scan step over punched (zeroed) ranges byte by byte.
const (
	EBFMarker          = 0xEB
	EBFFrameHeaderSize = 13
)

// EBFRecord is one record of entities.ebf: a version (or purge marker) of
// one namespace incarnation, written by a checkpoint.
type EBFRecord struct {
	NS  uint64 // namespace incarnation id (catalog)
	Seq uint64 // the batch that wrote it
	Op  Op
}

// EncodeEBFRecord appends the payload of rec.
func EncodeEBFRecord(dst []byte, rec *EBFRecord) []byte {
	e := Encbuf{B: dst}
	e.U8(uint8(rec.Op.Kind))
	e.U64(rec.NS)
	e.Uvarint(rec.Seq)
	switch rec.Op.Kind {
	case OpPurge:
		e.String(rec.Op.Version.ID)
		e.U32(rec.Op.Version.Doc) // versions below this DocNum are gone
	default:
		e.U32(rec.Op.Version.Doc)
		EncodeVersionBody(&e, &rec.Op.Version)
	}
	return e.B
}

// DecodeEBFRecord decodes a record payload.
func DecodeEBFRecord(p []byte) (EBFRecord, error) {
	d := Decbuf{B: p}
	var rec EBFRecord
	rec.Op.Kind = OpKind(d.U8())
	rec.NS = d.U64()
	rec.Seq = d.Uvarint()
	switch rec.Op.Kind {
	case OpPurge:
		rec.Op.Version.ID = d.String()
		rec.Op.Version.Doc = d.U32()
	case OpPut, OpTombstone:
		rec.Op.Version.Doc = d.U32()
		DecodeVersionBody(&d, &rec.Op.Version)
	default:
		if d.Err() == nil {
			return EBFRecord{}, ErrBadRecord
		}
	}
	d.Done()
	if d.Err() != nil {
		return EBFRecord{}, d.Err()
	}
	return rec, nil
}

// AppendEBFFrame appends a framed record for payload.
func AppendEBFFrame(dst, payload []byte) []byte {
	var h [EBFFrameHeaderSize]byte
	h[0] = EBFMarker
	binary.LittleEndian.PutUint32(h[1:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(h[5:], Checksum(payload))
	binary.LittleEndian.PutUint32(h[9:], Checksum(h[:9]))
	return append(append(dst, h[:]...), payload...)
}

// DecodeEBFFrame checks one frame image (header and payload, exactly) and
// decodes its record.
func DecodeEBFFrame(b []byte) (EBFRecord, error) {
	if len(b) < EBFFrameHeaderSize || b[0] != EBFMarker {
		return EBFRecord{}, ErrBadLength
	}
	if Checksum(b[:9]) != binary.LittleEndian.Uint32(b[9:]) {
		return EBFRecord{}, fmt.Errorf("frame header: %w", ErrChecksum)
	}
	n := binary.LittleEndian.Uint32(b[1:])
	if int64(n) != int64(len(b)-EBFFrameHeaderSize) {
		return EBFRecord{}, ErrBadLength
	}
	p := b[EBFFrameHeaderSize:]
	if Checksum(p) != binary.LittleEndian.Uint32(b[5:]) {
		return EBFRecord{}, fmt.Errorf("payload: %w", ErrChecksum)
	}
	return DecodeEBFRecord(p)
}

// EBF is the global entity store, entities.ebf: an append-only file of
// framed version records read by offset. Checkpoints append, readers read
// concurrently with pread, compaction punches holes into ranges no index
// references any more. Safe for concurrent use.
type EBF struct {
	fs     FS
	path   string
	f      File
	logger *slog.Logger

	// mu guards size and serialises appends and truncation on failure.
	mu   sync.Mutex
	size int64
}

// OpenEBF opens entities.ebf at path, creating it if missing.
func OpenEBF(fs FS, path string, logger *slog.Logger) (*EBF, error) {
	f, err := fs.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open entities.ebf: %w", err)
	}
	size, err := f.Size()
	if err != nil {
		f.Close()
		return nil, err
	}
	if size < int64(len(EBFMagic)) {
		if _, err := f.WriteAt([]byte(EBFMagic), 0); err != nil {
			f.Close()
			return nil, fmt.Errorf("init entities.ebf: %w", err)
		}
		if err := f.Truncate(int64(len(EBFMagic))); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, err
		}
		if err := fs.SyncDir(filepath.Dir(path)); err != nil {
			f.Close()
			return nil, err
		}
		size = int64(len(EBFMagic))
	} else {
		var m [len(EBFMagic)]byte
		if _, err := f.ReadAt(m[:], 0); err != nil {
			f.Close()
			return nil, err
		}
		if string(m[:]) != EBFMagic {
			f.Close()
			return nil, &CorruptionError{File: path, Offset: 0, Err: ErrBadMagic}
		}
	}
	return &EBF{fs: fs, path: path, f: f, logger: logger, size: size}, nil
}

// Path is the file name.
func (s *EBF) Path() string { return s.path }

// Size is the logical size of the file (holes included).
func (s *EBF) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

// Append writes framed records (AppendEBFFrame) at the end with one write
// and returns the offset where they start. It does not sync. On failure
// the file is cut back to its previous size.
func (s *EBF) Append(frames []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	off := s.size
	if _, err := s.f.WriteAt(frames, off); err != nil {
		if terr := s.f.Truncate(off); terr != nil {
			s.logger.Warn("entities.ebf: cut back after failed write", "err", terr)
		}
		return 0, fmt.Errorf("append entities.ebf: %w", err)
	}
	s.size += int64(len(frames))
	return off, nil
}

// Sync makes appended records durable.
func (s *EBF) Sync() error { return s.f.Sync() }

// Read reads and decodes the frame at off of total length n.
func (s *EBF) Read(off uint64, n uint32) (EBFRecord, error) {
	buf := make([]byte, n)
	if _, err := s.f.ReadAt(buf, int64(off)); err != nil {
		return EBFRecord{}, &CorruptionError{File: s.path, Offset: int64(off), Err: err}
	}
	rec, err := DecodeEBFFrame(buf)
	if err != nil {
		return EBFRecord{}, &CorruptionError{File: s.path, Offset: int64(off), Err: err}
	}
	return rec, nil
}

// ReadFrame reads the frame at off of total length n and returns its bytes
// after checking both checksums (for copying it elsewhere unchanged).
func (s *EBF) ReadFrame(off uint64, n uint32) ([]byte, error) {
	buf := make([]byte, n)
	if _, err := s.f.ReadAt(buf, int64(off)); err != nil {
		return nil, &CorruptionError{File: s.path, Offset: int64(off), Err: err}
	}
	if _, err := DecodeEBFFrame(buf); err != nil {
		return nil, &CorruptionError{File: s.path, Offset: int64(off), Err: err}
	}
	return buf, nil
}

// punchBlock is the allocation unit assumed when widening a punched range.
const punchBlock = 4096

// Punch deallocates the given ranges (compaction) and syncs: their data
// is unreadable afterwards and whole blocks return to the file system.
// A range is widened to the surrounding block boundaries when the bytes it
// would add already read as zeros (earlier holes), so a block whose
// records die one by one is freed once the last one goes; punching bytes
// that are zero changes nothing a reader can see.
func (s *EBF) Punch(extents []Extent) error {
	if len(extents) == 0 {
		return nil
	}
	ex := slices.Clone(extents)
	slices.SortFunc(ex, func(a, b Extent) int {
		switch {
		case a.Off < b.Off:
			return -1
		case a.Off > b.Off:
			return 1
		}
		return 0
	})
	// Appends wait: a block being widened into must not receive new data.
	s.mu.Lock()
	defer s.mu.Unlock()
	start, end := ex[0].Off, ex[0].Off+uint64(ex[0].Len)
	flush := func() error {
		if end <= start {
			return nil
		}
		a, b := int64(start), int64(end)
		if as := a &^ (punchBlock - 1); as < a && as >= int64(len(EBFMagic)) && s.isZero(as, a) {
			a = as
		}
		if be := (b + punchBlock - 1) &^ (punchBlock - 1); be > b && be <= s.size && s.isZero(b, be) {
			b = be
		}
		return s.f.PunchHole(a, b-a)
	}
	for _, e := range ex[1:] {
		if e.Off <= end {
			end = max(end, e.Off+uint64(e.Len))
			continue
		}
		if err := flush(); err != nil {
			return fmt.Errorf("punch entities.ebf: %w", err)
		}
		start, end = e.Off, e.Off+uint64(e.Len)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("punch entities.ebf: %w", err)
	}
	return s.f.Sync()
}

func (s *EBF) isZero(from, to int64) bool {
	buf := make([]byte, to-from)
	if _, err := s.f.ReadAt(buf, from); err != nil {
		return false
	}
	for _, c := range buf {
		if c != 0 {
			return false
		}
	}
	return true
}

// Scan walks every record in file order and calls fn with its offset,
// frame length and record. Punched ranges are skipped. A damaged frame is
// reported to bad (offset, error) and the scan resynchronises on the next
// valid frame; a torn final frame (a checkpoint that crashed while
// appending) is reported the same way.
func (s *EBF) Scan(fn func(off int64, n uint32, rec EBFRecord) error, bad func(off int64, err error)) error {
	s.mu.Lock()
	size := s.size
	s.mu.Unlock()
	const chunk = 1 << 20
	buf := make([]byte, 0, chunk)
	base := int64(len(EBFMagic)) // file offset of buf[0]
	fill := func(need int) error {
		// ensure buf holds at least need bytes from base, if the file has them
		for len(buf) < need && base+int64(len(buf)) < size {
			want := max(need-len(buf), chunk)
			want = int(min(int64(want), size-base-int64(len(buf))))
			old := len(buf)
			buf = slices.Grow(buf, want)[:old+want]
			if _, err := s.f.ReadAt(buf[old:], base+int64(old)); err != nil && err != io.EOF {
				return err
			}
		}
		return nil
	}
	advance := func(k int) {
		buf = buf[k:]
		base += int64(k)
		if cap(buf) > 4*chunk && len(buf) < chunk {
			buf = append(make([]byte, 0, chunk), buf...)
		}
	}
	badAt := int64(-1)
	for {
		if err := fill(EBFFrameHeaderSize); err != nil {
			return err
		}
		if len(buf) == 0 {
			return nil
		}
		if buf[0] == 0 {
			i := 0
			for i < len(buf) && buf[i] == 0 {
				i++
			}
			advance(i)
			continue
		}
		var n uint32
		if buf[0] == EBFMarker && len(buf) >= EBFFrameHeaderSize && Checksum(buf[:9]) == binary.LittleEndian.Uint32(buf[9:]) {
			n = binary.LittleEndian.Uint32(buf[1:])
			total := EBFFrameHeaderSize + int(n)
			if n <= MaxRecordSize {
				if err := fill(total); err != nil {
					return err
				}
				if len(buf) >= total {
					rec, err := DecodeEBFFrame(buf[:total])
					if err == nil {
						if err := fn(base, uint32(total), rec); err != nil {
							return err
						}
						advance(total)
						badAt = -1
						continue
					}
				}
			}
		}
		if badAt < 0 {
			badAt = base
			if bad != nil {
				bad(base, &CorruptionError{File: s.path, Offset: base, Err: ErrBadRecord})
			}
		}
		advance(1)
	}
}

// Close closes the file.
func (s *EBF) Close() error { return s.f.Close() }
