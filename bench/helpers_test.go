package bench

import (
	"testing"
	"time"

	"github.com/entitydb/entitydb/bench/workload"
)

func mustWorkload(t testing.TB) *workload.Workload {
	t.Helper()
	w, err := workload.New(workload.Config{Seed: 1, Total: 1000, Namespaces: 3})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func durMS(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
