package storage

import (
	"os"
	"sync/atomic"
	"syscall"
)

// FaultFS wraps an FS and injects write failures for tests: once the write
// budget is used up, a write stores only the bytes that still fit and
// fails with ENOSPC (a disk that filled up half-way through a write), and
// syncs may be made to fail too.
type FaultFS struct {
	FS
	budget   atomic.Int64 // bytes that may still be written; <0 unlimited
	failSync atomic.Bool
	failures atomic.Int64
}

// NewFaultFS wraps fs with an unlimited write budget.
func NewFaultFS(fs FS) *FaultFS {
	f := &FaultFS{FS: fs}
	f.budget.Store(-1)
	return f
}

// SetWriteBudget lets n more bytes be written; n < 0 removes the limit.
func (f *FaultFS) SetWriteBudget(n int64) { f.budget.Store(n) }

// SetFailSync makes every Sync fail with EIO while on is true.
func (f *FaultFS) SetFailSync(on bool) { f.failSync.Store(on) }

// Failures is the number of injected failures so far.
func (f *FaultFS) Failures() int64 { return f.failures.Load() }

// OpenFile implements FS.
func (f *FaultFS) OpenFile(name string, flag int, perm os.FileMode) (File, error) {
	file, err := f.FS.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &faultFile{File: file, fs: f}, nil
}

type faultFile struct {
	File
	fs *FaultFS
}

func (f *faultFile) WriteAt(p []byte, off int64) (int, error) {
	for {
		b := f.fs.budget.Load()
		if b < 0 {
			return f.File.WriteAt(p, off)
		}
		if int64(len(p)) <= b {
			if f.fs.budget.CompareAndSwap(b, b-int64(len(p))) {
				return f.File.WriteAt(p, off)
			}
			continue
		}
		if !f.fs.budget.CompareAndSwap(b, 0) {
			continue
		}
		f.fs.failures.Add(1)
		n, err := f.File.WriteAt(p[:b], off)
		if err != nil {
			return n, err
		}
		return n, &os.PathError{Op: "write", Path: "faultfs", Err: syscall.ENOSPC}
	}
}

func (f *faultFile) Sync() error {
	if f.fs.failSync.Load() {
		f.fs.failures.Add(1)
		return &os.PathError{Op: "sync", Path: "faultfs", Err: syscall.EIO}
	}
	return f.File.Sync()
}

func errNoSpace() error { return syscall.ENOSPC }
