package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// cpuTime is the process's user plus system CPU time: on a machine with
// few cores the CPU a flush costs matters as much as its latency.
func syncfs(f *os.File) error { return unix.Syncfs(int(f.Fd())) }

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSync measures what one small durable write costs on the disk
// under the benchmark's temporary directory: a 256-byte write followed by
// fdatasync, in 1 file or in 8 files written by 8 goroutines at once.
//
//   - append: the write extends the file, so the inode's size changes and
//     fdatasync must commit the file system's journal as well as the data.
//
//   - prealloc: the write lands inside a region that was zero-filled and
//     synced beforehand, so fdatasync only flushes the data block.
//
//   - syncfs (8 files): one write to each file, then one syncfs(2) for
//     all of them (and for everything else dirty on that file system).
//
// This is the measurement behind the WAL's zero-filled preallocation
// (docs/format/wal.md). Run it with -count and compare with benchstat:
// the latency of a virtual disk's flush varies by several times.
func BenchmarkSync(b *testing.B) {
	rec := make([]byte, 256)
	for i := range rec {
		rec[i] = byte(i)
	}
	for _, mode := range []string{"append", "prealloc", "syncfs"} {
		for _, files := range []int{1, 8} {
			if mode == "syncfs" && files == 1 {
				continue
			}
			b.Run(fmt.Sprintf("mode=%s/files=%d", mode, files), func(b *testing.B) {
				dir := b.TempDir()
				fs := make([]*os.File, files)
				for i := range fs {
					f, err := os.OpenFile(filepath.Join(dir, fmt.Sprint(i)), os.O_RDWR|os.O_CREATE, 0o644)
					if err != nil {
						b.Fatal(err)
					}
					defer f.Close()
					if mode != "append" {
						// Enough zero-filled space for this run's writes.
						size := (int64(b.N)/int64(files) + 1) * int64(len(rec))
						if err := ZeroRange(f, 0, (size+1<<20-1)&^(1<<20-1)); err != nil {
							b.Fatal(err)
						}
					}
					if err := fdatasync(f); err != nil {
						b.Fatal(err)
					}
					fs[i] = f
				}
				cpu0 := cpuTime()
				start := time.Now()
				b.ResetTimer()
				if mode == "syncfs" {
					// One flush of the whole file system per round of
					// one write to each file.
					var off int64
					for done := 0; done < b.N; done += files {
						for _, f := range fs {
							if _, err := f.WriteAt(rec, off); err != nil {
								b.Fatal(err)
							}
						}
						if err := syncfs(fs[0]); err != nil {
							b.Fatal(err)
						}
						off += int64(len(rec))
					}
					b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "syncs/s")
					b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Microsecond)/float64(b.N), "cpu-µs/sync")
					return
				}
				var mu sync.Mutex
				next := 0
				var wg sync.WaitGroup
				for i := range fs {
					wg.Add(1)
					go func(f *os.File) {
						defer wg.Done()
						var off int64
						for {
							mu.Lock()
							if next >= b.N {
								mu.Unlock()
								return
							}
							next++
							mu.Unlock()
							if _, err := f.WriteAt(rec, off); err != nil {
								b.Error(err)
								return
							}
							if err := fdatasync(f); err != nil {
								b.Error(err)
								return
							}
							off += int64(len(rec))
						}
					}(fs[i])
				}
				wg.Wait()
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "syncs/s")
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Microsecond)/float64(b.N), "cpu-µs/sync")
			})
		}
	}
}
