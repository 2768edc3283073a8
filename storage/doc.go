// Package storage owns the bytes on disk: record encoding, the global
// entity store entities.ebf, the namespace catalog and .idx checkpoint
// files, and the small file-system interface (FS) every file goes through.
// The write-ahead log lives in the subpackage storage/wal.
package storage
