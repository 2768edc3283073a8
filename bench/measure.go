package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// An op is one timed operation on one connection: a query read to its last
// row, a write. worker numbers the connection within its window (0…n-1);
// r is that worker's own random source.
type op func(ctx context.Context, c *pgx.Conn, worker int, r *rand.Rand) error

// sample accumulates the operations of one (scenario, target) over all its
// measurement windows.
type sample struct {
	lat     []time.Duration
	elapsed time.Duration // summed wall time of the windows
}

func (s *sample) add(o sample) {
	s.lat = append(s.lat, o.lat...)
	s.elapsed += o.elapsed
}

// Stats summarises a sample.
type Stats struct {
	Ops     int     `json:"ops"`
	Seconds float64 `json:"seconds"`
	TPS     float64 `json:"tps"`
	P50     float64 `json:"p50_ms"`
	P99     float64 `json:"p99_ms"`
	// Retries counts writes retried after a serialization failure
	// (included in Ops once, in the latency with all their attempts).
	Retries int `json:"retries,omitempty"`
}

func (s *sample) stats() Stats {
	if len(s.lat) == 0 || s.elapsed <= 0 {
		return Stats{}
	}
	l := slices.Clone(s.lat)
	slices.Sort(l)
	pct := func(p float64) float64 {
		k := int(p*float64(len(l))+0.999999) - 1 // nearest rank
		k = min(max(k, 0), len(l)-1)
		return float64(l[k]) / float64(time.Millisecond)
	}
	return Stats{
		Ops:     len(l),
		Seconds: s.elapsed.Seconds(),
		TPS:     float64(len(l)) / s.elapsed.Seconds(),
		P50:     pct(0.50),
		P99:     pct(0.99),
	}
}

// window runs o on every connection in conns at once, each in a closed
// loop, until d has passed and the connection has completed minOps
// operations, but not past limit (0: no limit) once it has completed one:
// slow queries still get measured, and a slow warm-up stays bounded. The
// wall time runs until the last operation ends. The first error stops the
// window.
func window(ctx context.Context, conns []*pgx.Conn, o op, d time.Duration, minOps int, limit time.Duration, seed uint64) (sample, error) {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		out  sample
		werr error
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	start := time.Now()
	deadline := start.Add(d)
	hardDeadline := start.Add(max(limit, d))
	if limit == 0 {
		hardDeadline = time.Time{}
	}
	for w, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(w)))
			lat := make([]time.Duration, 0, 1024)
			more := func(n int) bool {
				now := time.Now()
				if n > 0 && !hardDeadline.IsZero() && now.After(hardDeadline) {
					return false
				}
				return n < minOps || now.Before(deadline)
			}
			for n := 0; more(n); n++ {
				t0 := time.Now()
				if err := o(ctx, c, w, r); err != nil {
					mu.Lock()
					if werr == nil && ctx.Err() == nil {
						werr = err
					}
					mu.Unlock()
					cancel()
					return
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			out.lat = append(out.lat, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	out.elapsed = time.Since(start)
	return out, werr
}

// interleaved measures the same operation on several targets: a warm-up
// window each, then rounds of one window per target, the order rotating
// every round so that drift (other load on the machine, checkpoints, cache
// state) hits every target alike. conns[i] are target i's connections; a
// nil conns[i] skips that target.
func interleaved(ctx context.Context, conns [][]*pgx.Conn, ops []op, p timing) ([]sample, error) {
	out := make([]sample, len(conns))
	for i := range conns {
		if conns[i] == nil {
			continue
		}
		if _, err := window(ctx, conns[i], ops[i], p.warmup, p.warmupOps, p.warmupLimit, p.seed^0xfeed); err != nil {
			return nil, fmt.Errorf("warm-up: %w", err)
		}
	}
	for round := 0; round < p.rounds; round++ {
		for k := range conns {
			i := (k + round) % len(conns)
			if conns[i] == nil {
				continue
			}
			s, err := window(ctx, conns[i], ops[i], p.window, 1, 0, p.seed+uint64(round))
			if err != nil {
				return nil, err
			}
			out[i].add(s)
		}
	}
	return out, nil
}

// timing are the measurement windows of one scenario.
type timing struct {
	warmup      time.Duration // warm-up window per target
	warmupOps   int           // operations per connection during warm-up, at least…
	warmupLimit time.Duration // …unless the warm-up has run this long
	window      time.Duration // measurement window per target and round
	rounds      int
	seed        uint64
}
