// Package wal is a namespace's write-ahead log: a file of framed,
// checksummed records appended by one writer, replayed on open, with a
// torn final record truncated and any other damage reported as a
// storage.CorruptionError. Format: docs/format/wal.md.
package wal
