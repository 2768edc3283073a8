// Package wal is a namespace's write-ahead log: one file of framed,
// CRC-32C-checksummed records appended by a single writer (the namespace's
// committer goroutine). Format and recovery rules: docs/format/wal.md.
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
// # Invariants
//
//   - Every record whose Append and Sync returned is replayed by Open.
//   - A torn tail (incomplete frame, a last record failing its checksum,
//     a zero-filled tail) is truncated by Open and reported in Recovery.
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
