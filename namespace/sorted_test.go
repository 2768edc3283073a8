package namespace

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortedList(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	l := newSortedList(cmp.Compare[int])
	var ref []int
	for i := 0; i < 20000; i++ {
		v := rng.IntN(3000)
		if rng.IntN(3) == 0 {
			j, found := slices.BinarySearch(ref, v)
			if got := l.Delete(v); got != found {
				t.Fatalf("delete %d: %v want %v", v, got, found)
			}
			if found {
				ref = slices.Delete(ref, j, j+1)
			}
		} else {
			l.Insert(v)
			j, _ := slices.BinarySearch(ref, v)
			ref = slices.Insert(ref, j, v)
		}
		if i%500 == 0 || i == 19999 {
			if l.Len() != len(ref) {
				t.Fatalf("len %d want %d", l.Len(), len(ref))
			}
			from := rng.IntN(3000)
			var asc, desc []int
			l.Ascend(&from, func(v int) bool { asc = append(asc, v); return true })
			l.Descend(&from, func(v int) bool { desc = append(desc, v); return true })
			var wantAsc, wantDesc []int
			for _, v := range ref {
				if v >= from {
					wantAsc = append(wantAsc, v)
				}
			}
			wantDesc = nil
			for k := len(ref) - 1; k >= 0; k-- {
				if ref[k] <= from {
					wantDesc = append(wantDesc, ref[k])
				}
			}
			if !slices.Equal(asc, wantAsc) || !slices.Equal(desc, wantDesc) {
				t.Fatalf("step %d: iteration from %d differs", i, from)
			}
		}
	}
}
