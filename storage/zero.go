package storage

import "io"

var zeros [64 << 10]byte

// ZeroRange writes n zero bytes at off (hole punching's fallback, the
// WAL's space written ahead).
func ZeroRange(w io.WriterAt, off, n int64) error {
	for n > 0 {
		c := min(n, int64(len(zeros)))
		if _, err := w.WriteAt(zeros[:c], off); err != nil {
			return err
		}
		off += c
		n -= c
	}
	return nil
}
