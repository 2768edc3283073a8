// Package storage owns the bytes on disk: record encoding, the global
// entity store entities.ebf, the namespace catalog and .idx checkpoint
// images, and the small file-system interface (FS) through which every
// file is touched. The write-ahead log lives in storage/wal. The formats
// are documented with byte layouts in docs/format/ and pinned by golden
// files in testdata/ (`go test ./storage/... -run Golden -update`).
//
// # Pieces
//
//   - record.go: Version, Op and Batch, their encoding (Encbuf) and a
//     decoder with a sticky error (Decbuf) that checks every length and
//     count against the bytes left, so damaged input can neither panic nor
//     allocate absurdly.
//   - ebf.go: EBF, the append-only entities.ebf. Append writes framed
//     records with one write and returns their offset; Read verifies both
//     checksums of one frame; Punch deallocates ranges no index references
//     (compaction: offsets never move, so nothing else needs rewriting);
//     Scan walks the file for rebuilds, stepping over holes and reporting
//     damaged bytes.
//   - idx.go: Index, the content of a namespace checkpoint, and its file
//     image with a length and CRC-32C trailer.
//   - catalog.go: the namespace list.
//   - names.go: namespace name -> file name: plain names ([a-z_][a-z0-9_$]*)
//     as they are, any other name as 0x + hex of its bytes, so no name
//     escapes namespaces/ or collides on case-insensitive file systems.
//   - vfs.go: FS and File, with OSFS (fdatasync, fallocate hole punching
//     in vfs_linux.go) and WriteFileAtomic (temp, sync, rename, sync dir).
//   - memfs.go, faultfs.go: test file systems. MemFS keeps only synced
//     data and synced directory entries across Crash (optionally a torn
//     prefix of an unsynced tail); FaultFS fails writes half-way with
//     ENOSPC and syncs with EIO.
//
// # Usage
//
//	e, _ := storage.OpenEBF(storage.OSFS{}, "data/entities.ebf", logger)
//	var frames []byte
//	frames = storage.AppendEBFFrame(frames, storage.EncodeEBFRecord(nil, &rec))
//	off, err := e.Append(frames) // then e.Sync()
//	rec, err := e.Read(uint64(off), uint32(len(frames)))
//
// # Errors
//
// Damage is a *CorruptionError{File, Offset, Err} wrapping ErrChecksum,
// ErrBadLength, ErrBadMagic, ErrShort or ErrBadRecord. Torn tails are not
// corruption; the WAL package truncates them.
//
// # Not here
//
// Which versions are live, visibility, and when to checkpoint or reclaim
// are package namespace's decisions; storage only stores and verifies.
package storage
