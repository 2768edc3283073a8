package namespace

import "sort"

// sortedList is an ordered multiset kept as a list of sorted chunks, so an
// insertion or deletion moves at most one chunk (a B-tree of height two,
// without the bookkeeping). Iteration resumes from a key, which lets
// readers walk it in pieces without holding a lock across callbacks.
// Not safe for concurrent use; the namespace lock guards it.
type sortedList[T any] struct {
	cmp    func(a, b T) int
	chunks [][]T
	n      int
}

const chunkMax = 512

func newSortedList[T any](cmp func(a, b T) int) *sortedList[T] {
	return &sortedList[T]{cmp: cmp}
}

func (l *sortedList[T]) Len() int { return l.n }

// chunkFor returns the index of the first chunk whose last element >= v,
// or the last chunk.
func (l *sortedList[T]) chunkFor(v T) int {
	i := sort.Search(len(l.chunks), func(i int) bool {
		c := l.chunks[i]
		return l.cmp(c[len(c)-1], v) >= 0
	})
	if i == len(l.chunks) {
		i--
	}
	return i
}

// Insert adds v (duplicates are kept).
func (l *sortedList[T]) Insert(v T) {
	l.n++
	if len(l.chunks) == 0 {
		l.chunks = append(l.chunks, []T{v})
		return
	}
	ci := l.chunkFor(v)
	c := l.chunks[ci]
	i := sort.Search(len(c), func(i int) bool { return l.cmp(c[i], v) > 0 })
	var zero T
	c = append(c, zero)
	copy(c[i+1:], c[i:])
	c[i] = v
	if len(c) > chunkMax {
		half := len(c) / 2
		right := append([]T(nil), c[half:]...)
		left := c[:half:half]
		l.chunks = append(l.chunks, nil)
		copy(l.chunks[ci+2:], l.chunks[ci+1:])
		l.chunks[ci] = left
		l.chunks[ci+1] = right
		return
	}
	l.chunks[ci] = c
}

// Delete removes one element equal to v and reports whether it was there.
func (l *sortedList[T]) Delete(v T) bool {
	if len(l.chunks) == 0 {
		return false
	}
	ci := l.chunkFor(v)
	c := l.chunks[ci]
	i := sort.Search(len(c), func(i int) bool { return l.cmp(c[i], v) >= 0 })
	if i == len(c) || l.cmp(c[i], v) != 0 {
		return false
	}
	l.n--
	c = append(c[:i], c[i+1:]...)
	if len(c) == 0 {
		l.chunks = append(l.chunks[:ci], l.chunks[ci+1:]...)
		return true
	}
	l.chunks[ci] = c
	return true
}

// Contains reports whether an element equal to v is present.
func (l *sortedList[T]) Contains(v T) bool {
	if len(l.chunks) == 0 {
		return false
	}
	c := l.chunks[l.chunkFor(v)]
	i := sort.Search(len(c), func(i int) bool { return l.cmp(c[i], v) >= 0 })
	return i < len(c) && l.cmp(c[i], v) == 0
}

// Ascend calls fn for elements >= from (all if from is nil) in ascending
// order until fn returns false.
func (l *sortedList[T]) Ascend(from *T, fn func(T) bool) {
	ci, i := 0, 0
	if from != nil {
		if len(l.chunks) == 0 {
			return
		}
		ci = l.chunkFor(*from)
		c := l.chunks[ci]
		i = sort.Search(len(c), func(i int) bool { return l.cmp(c[i], *from) >= 0 })
	}
	for ; ci < len(l.chunks); ci++ {
		c := l.chunks[ci]
		for ; i < len(c); i++ {
			if !fn(c[i]) {
				return
			}
		}
		i = 0
	}
}

// Descend calls fn for elements <= from (all if from is nil) in
// descending order until fn returns false.
func (l *sortedList[T]) Descend(from *T, fn func(T) bool) {
	if len(l.chunks) == 0 {
		return
	}
	ci := len(l.chunks) - 1
	i := len(l.chunks[ci]) - 1
	if from != nil {
		// last element <= from
		ci = sort.Search(len(l.chunks), func(i int) bool { return l.cmp(l.chunks[i][0], *from) > 0 }) - 1
		if ci < 0 {
			return
		}
		c := l.chunks[ci]
		i = sort.Search(len(c), func(i int) bool { return l.cmp(c[i], *from) > 0 }) - 1
	}
	for ; ci >= 0; ci-- {
		c := l.chunks[ci]
		if i < 0 || i >= len(c) {
			i = len(c) - 1
		}
		for ; i >= 0; i-- {
			if !fn(c[i]) {
				return
			}
		}
		i = -1
	}
}

// memBytes estimates the memory held, given the size of one element.
func (l *sortedList[T]) memBytes(elem int) int64 {
	var n int64
	for _, c := range l.chunks {
		n += int64(cap(c)*elem) + 24
	}
	return n
}

// bulk replaces the content with sorted, which must be in order.
func (l *sortedList[T]) bulk(sorted []T) {
	l.chunks = nil
	l.n = len(sorted)
	for len(sorted) > 0 {
		k := min(len(sorted), chunkMax/2)
		l.chunks = append(l.chunks, append([]T(nil), sorted[:k]...))
		sorted = sorted[k:]
	}
}
