//go:build !linux

package storage

import "os"

func fdatasync(f *os.File) error { return f.Sync() }

// punchHole overwrites the range with zeros where hole punching is not
// available: the data is gone, the space is not returned.
func punchHole(f *os.File, off, n int64) error { return ZeroRange(f, off, n) }
