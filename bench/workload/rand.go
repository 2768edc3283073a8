package workload

import (
	"math"
	"math/bits"
	"sort"
)

// rng is a splitmix64 stream: tiny, fast, and good enough for workload
// generation. Every entity gets its own stream, seeded from (seed,
// namespace, index), so any entity can be generated on its own and in any
// order (loading in parallel, merging namespaces by time).
type rng struct{ s uint64 }

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func newRNG(parts ...uint64) rng {
	h := uint64(0x9e3779b97f4a7c15)
	for _, p := range parts {
		h = mix64(h ^ mix64(p+0x632be59bd9b4e019))
	}
	return rng{s: h}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a value in [0, n) (n > 0), by multiply-shift; the bias is
// below 2^-32 for the small n used here.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// float returns a value in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// choice is a categorical distribution over a fixed list of values.
type choice struct {
	values []string
	cum    []float64 // cumulative weights, normalised to end at 1
}

func newChoice(values []string, weights []float64) choice {
	c := choice{values: values, cum: make([]float64, len(weights))}
	var sum float64
	for _, w := range weights {
		sum += w
	}
	var acc float64
	for i, w := range weights {
		acc += w / sum
		c.cum[i] = acc
	}
	c.cum[len(c.cum)-1] = 1
	return c
}

func (c choice) pick(r *rng) string {
	u := r.float()
	for i, p := range c.cum {
		if u < p {
			return c.values[i]
		}
	}
	return c.values[len(c.values)-1]
}

// zipf samples ranks 0..n-1 with probability proportional to 1/(rank+1)^s.
type zipf struct{ cum []float64 }

func newZipf(n int, s float64) zipf {
	z := zipf{cum: make([]float64, n)}
	var acc float64
	for k := 0; k < n; k++ {
		acc += 1 / math.Pow(float64(k+1), s)
		z.cum[k] = acc
	}
	for k := range z.cum {
		z.cum[k] /= acc
	}
	z.cum[n-1] = 1
	return z
}

func (z zipf) sample(r *rng) int {
	i := sort.SearchFloat64s(z.cum, r.float())
	if i >= len(z.cum) { // u == 1 cannot happen; keep the bound anyway
		i = len(z.cum) - 1
	}
	return i
}
