package storage

import (
	"os"

	"golang.org/x/sys/unix"
)

func fdatasync(f *os.File) error { return unix.Fdatasync(int(f.Fd())) }

// punchHole deallocates the range with fallocate(PUNCH_HOLE|KEEP_SIZE).
// File systems without hole punching get the range overwritten with zeros,
// so purged data is unreadable either way.
func punchHole(f *os.File, off, n int64) error {
	if n <= 0 {
		return nil
	}
	err := unix.Fallocate(int(f.Fd()), unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, off, n)
	if err == unix.EOPNOTSUPP || err == unix.ENOSYS {
		return ZeroRange(f, off, n)
	}
	return err
}
