package types

import (
	"fmt"
	"testing"
	"time"
)

// Hot paths: encoding rows for the wire (text, text[], bytea,
// timestamptz), comparing text, array containment (tag queries).

func benchTags(n int) *Array {
	elems := make([]Datum, n)
	for i := range elems {
		elems[i] = fmt.Sprintf("key%d:value %d", i, i)
	}
	elems[0] = "status:open"
	return NewArray1(TextOID, elems)
}

func BenchmarkAppendText(b *testing.B) {
	s := DefaultSettings()
	ts := time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC)
	num, _ := parseNumeric("12345.6789")
	cases := []struct {
		name string
		d    Datum
		t    Type
	}{
		{"text", "a typical entity id 0123456789abcdef", Of(TextOID)},
		{"text[]/5", benchTags(5), Of(TextArrayOID)},
		{"text[]/50", benchTags(50), Of(TextArrayOID)},
		{"bytea/64", make([]byte, 64), Of(ByteaOID)},
		{"bytea/4096", make([]byte, 4096), Of(ByteaOID)},
		{"timestamptz", ts, Of(TimestampTZOID)},
		{"int8", int64(1234567890123), Of(Int8OID)},
		{"float8", 3.141592653589793, Of(Float8OID)},
		{"numeric", num, Of(NumericOID)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 16384)
			n := len(AppendText(nil, c.d, c.t, s))
			b.SetBytes(int64(n))
			for b.Loop() {
				buf = AppendText(buf[:0], c.d, c.t, s)
			}
		})
	}
}

func BenchmarkAppendBinary(b *testing.B) {
	ts := time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC)
	cases := []struct {
		name string
		d    Datum
		t    Type
	}{
		{"text[]/5", benchTags(5), Of(TextArrayOID)},
		{"timestamptz", ts, Of(TimestampTZOID)},
		{"bytea/4096", make([]byte, 4096), Of(ByteaOID)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 16384)
			for b.Loop() {
				buf, _ = AppendBinary(buf[:0], c.d, c.t)
			}
		})
	}
}

func BenchmarkParseText(b *testing.B) {
	s := DefaultSettings()
	cases := []struct {
		name, in string
		t        Type
	}{
		{"timestamptz", "2024-05-06 07:08:09.123456+00", Of(TimestampTZOID)},
		{"text[]/5", "{status:open,type:task,prio:1,owner:ann,area:db}", Of(TextArrayOID)},
		{"int8", "1234567890123", Of(Int8OID)},
		{"numeric", "12345.6789", Of(NumericOID)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseText(c.in, c.t, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCompare(b *testing.B) {
	x, y := "status:open/entity/00000000001", "status:open/entity/00000000002"
	b.Run("text", func(b *testing.B) {
		b.ReportAllocs()
		t := Of(TextOID)
		for b.Loop() {
			Compare(x, y, t)
		}
	})
	b.Run("timestamptz", func(b *testing.B) {
		b.ReportAllocs()
		t := Of(TimestampTZOID)
		u, v := time.Unix(1e9, 0).UTC(), time.Unix(1e9, 1000).UTC()
		for b.Loop() {
			Compare(u, v, t)
		}
	})
	b.Run("key/text", func(b *testing.B) {
		b.ReportAllocs()
		t := Of(TextOID)
		buf := make([]byte, 0, 64)
		for b.Loop() {
			buf = AppendKey(buf[:0], x, t)
		}
	})
}

func BenchmarkArrayContains(b *testing.B) {
	for _, n := range []int{5, 50, 500} {
		tags := benchTags(n)
		want := NewArray1(TextOID, []Datum{"status:open", fmt.Sprintf("key%d:value %d", n-1, n-1)})
		b.Run(fmt.Sprintf("tags=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !ArrayContains(tags, want) {
					b.Fatal("not contained")
				}
			}
		})
	}
	b.Run("overlap/tags=50", func(b *testing.B) {
		tags := benchTags(50)
		other := NewArray1(TextOID, []Datum{"x", "y", "key49:value 49"})
		b.ReportAllocs()
		for b.Loop() {
			ArrayOverlaps(tags, other)
		}
	})
}

func BenchmarkTagHelpers(b *testing.B) {
	tags := benchTags(20)
	b.Run("has_tag_like", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if ok, _ := HasTagLike(tags, "key19:%"); !ok {
				b.Fatal("no match")
			}
		}
	})
	b.Run("tag_value", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if TagValue(tags, "key19") == nil {
				b.Fatal("no value")
			}
		}
	})
}
