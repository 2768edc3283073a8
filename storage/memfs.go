package storage

import (
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// MemFS is an in-memory FS for tests that models what survives a power
// failure: file data is durable only up to the last Sync of the file, and
// a creation, rename or removal is durable only after SyncDir of its
// directory. Crash returns the file system a restarted process would find.
type MemFS struct {
	mu      sync.Mutex
	files   map[string]*memInode // the live name space
	durable map[string]*memInode // the name space as of the last SyncDir
	dirs    map[string]bool
}

type memInode struct {
	mu     sync.Mutex
	data   []byte // current content, synced or not
	synced []byte // content as of the last Sync
	// [dirtyLo, dirtyHi) covers the bytes changed since the last Sync
	// (empty when dirtyLo >= dirtyHi), so Sync copies only those.
	dirtyLo, dirtyHi int64
}

func (ino *memInode) markDirty(lo, hi int64) {
	if ino.dirtyLo >= ino.dirtyHi {
		ino.dirtyLo, ino.dirtyHi = lo, hi
		return
	}
	ino.dirtyLo, ino.dirtyHi = min(ino.dirtyLo, lo), max(ino.dirtyHi, hi)
}

// NewMemFS returns an empty in-memory file system.
func NewMemFS() *MemFS {
	return &MemFS{files: map[string]*memInode{}, durable: map[string]*memInode{}, dirs: map[string]bool{}}
}

// Crash returns the state after a simulated power failure: every durable
// name with the synced content of its file. If rng is not nil, unsynced
// writes survive in part: a file whose unsynced content only extends its
// synced content keeps a random prefix of the new tail (a torn append);
// a file whose unsynced writes changed bytes already there (an overwrite,
// or a truncation) keeps, for each 512-byte sector, the old or the new
// content at random, in no particular order, and the old or the new size.
// Otherwise unsynced data is dropped.
func (fs *MemFS) Crash(rng *rand.Rand) *MemFS {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := NewMemFS()
	for d := range fs.dirs {
		out.dirs[d] = true
	}
	names := make([]string, 0, len(fs.durable))
	for name := range fs.durable {
		names = append(names, name)
	}
	sort.Strings(names) // deterministic use of rng
	for _, name := range names {
		ino := fs.durable[name]
		ino.mu.Lock()
		data := append([]byte(nil), ino.synced...)
		switch {
		case rng == nil || string(ino.data) == string(ino.synced):
		case len(ino.data) > len(ino.synced) && string(ino.data[:len(ino.synced)]) == string(ino.synced):
			extra := rng.IntN(len(ino.data) - len(ino.synced) + 1)
			data = append(data, ino.data[len(ino.synced):len(ino.synced)+extra]...)
		default:
			data = tornSectors(rng, ino.synced, ino.data)
		}
		ino.mu.Unlock()
		n := &memInode{data: data, synced: append([]byte(nil), data...)}
		out.files[name] = n
		out.durable[name] = n
	}
	return out
}

// tornSectors mixes the synced and the current content of a file sector
// by sector at random, as a disk that lost power while writing some of a
// file's dirty blocks back (bytes past a version's end read as zeros).
func tornSectors(rng *rand.Rand, synced, data []byte) []byte {
	const sector = 512
	size := len(synced)
	if rng.IntN(2) == 0 {
		size = len(data)
	}
	out := make([]byte, size)
	for lo := 0; lo < size; lo += sector {
		hi := min(lo+sector, size)
		src := synced
		if rng.IntN(2) == 0 {
			src = data
		}
		if lo < len(src) {
			copy(out[lo:hi], src[lo:min(hi, len(src))])
		}
	}
	return out
}

// Files lists the live file names, sorted.
func (fs *MemFS) Files() []string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var names []string
	for n := range fs.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// OpenFile implements FS.
func (fs *MemFS) OpenFile(name string, flag int, perm os.FileMode) (File, error) {
	name = filepath.Clean(name)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	ino, ok := fs.files[name]
	if !ok {
		if flag&os.O_CREATE == 0 {
			return nil, &os.PathError{Op: "open", Path: name, Err: os.ErrNotExist}
		}
		if !fs.dirs[filepath.Dir(name)] {
			return nil, &os.PathError{Op: "open", Path: name, Err: os.ErrNotExist}
		}
		ino = &memInode{}
		fs.files[name] = ino
	} else if flag&os.O_EXCL != 0 && flag&os.O_CREATE != 0 {
		return nil, &os.PathError{Op: "open", Path: name, Err: os.ErrExist}
	}
	if flag&os.O_TRUNC != 0 {
		ino.mu.Lock()
		ino.data = nil
		ino.markDirty(0, 0)
		ino.mu.Unlock()
	}
	return &memFile{ino: ino, name: name}, nil
}

// Remove implements FS.
func (fs *MemFS) Remove(name string) error {
	name = filepath.Clean(name)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if _, ok := fs.files[name]; !ok {
		return &os.PathError{Op: "remove", Path: name, Err: os.ErrNotExist}
	}
	delete(fs.files, name)
	return nil
}

// Rename implements FS.
func (fs *MemFS) Rename(oldpath, newpath string) error {
	oldpath, newpath = filepath.Clean(oldpath), filepath.Clean(newpath)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	ino, ok := fs.files[oldpath]
	if !ok {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: os.ErrNotExist}
	}
	delete(fs.files, oldpath)
	fs.files[newpath] = ino
	return nil
}

// MkdirAll implements FS. Directories are durable at once.
func (fs *MemFS) MkdirAll(dir string, perm os.FileMode) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fs.dirs[d] = true
		if d == filepath.Dir(d) {
			break
		}
	}
	return nil
}

// ReadDir implements FS.
func (fs *MemFS) ReadDir(dir string) ([]string, error) {
	dir = filepath.Clean(dir)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if !fs.dirs[dir] {
		return nil, &os.PathError{Op: "readdir", Path: dir, Err: os.ErrNotExist}
	}
	var names []string
	for name := range fs.files {
		if filepath.Dir(name) == dir {
			names = append(names, filepath.Base(name))
		}
	}
	for d := range fs.dirs {
		if d != dir && filepath.Dir(d) == dir {
			names = append(names, filepath.Base(d))
		}
	}
	sort.Strings(names)
	return names, nil
}

// SyncDir implements FS.
func (fs *MemFS) SyncDir(dir string) error {
	dir = filepath.Clean(dir)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for name := range fs.durable {
		if filepath.Dir(name) == dir {
			if _, ok := fs.files[name]; !ok {
				delete(fs.durable, name)
			}
		}
	}
	for name, ino := range fs.files {
		if filepath.Dir(name) == dir {
			fs.durable[name] = ino
		}
	}
	return nil
}

type memFile struct {
	ino    *memInode
	name   string
	closed bool
}

func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	f.ino.mu.Lock()
	defer f.ino.mu.Unlock()
	if off >= int64(len(f.ino.data)) {
		if len(p) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	n := copy(p, f.ino.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	f.ino.mu.Lock()
	defer f.ino.mu.Unlock()
	end := off + int64(len(p))
	if end > int64(len(f.ino.data)) {
		if end <= int64(cap(f.ino.data)) {
			f.ino.data = f.ino.data[:end]
		} else {
			nd := make([]byte, end, end+end/2)
			copy(nd, f.ino.data)
			f.ino.data = nd
		}
	}
	copy(f.ino.data[off:], p)
	f.ino.markDirty(off, end)
	return len(p), nil
}

func (f *memFile) Sync() error {
	ino := f.ino
	ino.mu.Lock()
	defer ino.mu.Unlock()
	lo, hi := ino.dirtyLo, ino.dirtyHi
	if n := int64(len(ino.data)); int64(len(ino.synced)) != n {
		// Size changed: everything from the shorter end on is new.
		lo = min(lo, int64(len(ino.synced)), n)
		if lo >= hi {
			lo = min(int64(len(ino.synced)), n)
		}
		hi = n
		if int64(cap(ino.synced)) >= n {
			ino.synced = ino.synced[:n]
		} else {
			ns := make([]byte, n, n+n/2)
			copy(ns, ino.synced)
			ino.synced = ns
		}
	}
	if lo < hi {
		// A Crash copies synced before using it, and no other slice
		// shares its array, so it is updated in place.
		copy(ino.synced[lo:hi], ino.data[lo:hi])
	}
	ino.dirtyLo, ino.dirtyHi = 0, 0
	return nil
}

func (f *memFile) Truncate(size int64) error {
	f.ino.mu.Lock()
	defer f.ino.mu.Unlock()
	if size <= int64(len(f.ino.data)) {
		f.ino.data = f.ino.data[:size:size]
	} else {
		old := int64(len(f.ino.data))
		f.ino.data = append(f.ino.data, make([]byte, size-old)...)
		f.ino.markDirty(old, size)
	}
	return nil
}

func (f *memFile) Size() (int64, error) {
	f.ino.mu.Lock()
	defer f.ino.mu.Unlock()
	return int64(len(f.ino.data)), nil
}

func (f *memFile) PunchHole(off, n int64) error {
	f.ino.mu.Lock()
	defer f.ino.mu.Unlock()
	end := min(off+n, int64(len(f.ino.data)))
	for i := off; i < end; i++ {
		f.ino.data[i] = 0
	}
	if off < end {
		f.ino.markDirty(off, end)
	}
	return nil
}

func (f *memFile) Close() error { f.closed = true; return nil }
