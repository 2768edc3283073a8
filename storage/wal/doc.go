// Package wal is a namespace's write-ahead log: one file of framed,
// CRC-32C-checksummed records appended by a single writer (the namespace's
// committer goroutine). Format and recovery rules: docs/format/wal.md.
// Logs of format version 1 are replayed and rewritten in version 2 by
// Open.
//
// # Usage
//
//	l, err := wal.Create(fs, "data/namespaces/public.wal")
//	frames := wal.AppendFrame(nil, payload1)
//	frames = wal.AppendFrame(frames, payload2) // a group of commits
//	size := l.Size()
//	if err := l.Append(frames); err != nil { ... } // one write; undone on failure
//	if err := l.Sync(); err != nil {
//		l.Rollback(size) // cut the unacknowledged records off
//	}
//
//	l, rec, err := wal.Open(fs, path, func(off int64, payload []byte) error {
//		return apply(payload) // in order
//	})
//
//	l.Rewrite(mark, keep) // after a checkpoint: mark + the records kept
//
// # Space written ahead
//
// The file is longer than its records: Append keeps zeros (up to 1 MiB,
// sized by how much the log has been written to) ahead of the last
// record, so that most commits overwrite existing blocks and their sync
// flushes data only, without a journal commit for a new file size. Each
// frame records the offset up to which the log was durable when it was
// written; recovery uses it to tell the torn last write (some of its
// blocks on disk, in any order) from damage to synced bytes. Close gives
// the zeros back.
//
// # Invariants
//
//   - Every record whose Append and Sync returned is replayed by Open.
//   - Bytes after the last record are zeros, up to the end of the file.
//   - A torn tail (an incomplete frame, the last write partly on disk, a
//     zero-filled tail) is truncated by Open and reported in Recovery; a
//     zero-filled tail is kept as space ahead.
//   - Any other damage makes Open fail with a *storage.CorruptionError
//     naming the file and offset, leaving the file untouched.
//   - After a failed Append the file holds exactly what it held before; if
//     that cannot be ensured the log reports ErrBroken until reopened.
//
// # Not here
//
// The payload's meaning (batches, checkpoint marks) belongs to package
// storage's record encoding and package namespace; group commit is the
// caller's batching of frames into one Append and one Sync.
package wal
