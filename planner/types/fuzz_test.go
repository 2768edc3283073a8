package types

import (
	"testing"
)

// fuzzTypes are the types the decoders are fuzzed with.
var fuzzTypes = []OID{
	BoolOID, Int2OID, Int4OID, Int8OID, Float4OID, Float8OID, NumericOID, TextOID, VarcharOID, BPCharOID,
	NameOID, CharOID, ByteaOID, DateOID, TimeOID, TimestampOID, TimestampTZOID, IntervalOID, UUIDOID,
	JSONOID, JSONBOID, TIDOID, OidOID, RegtypeOID, TextArrayOID, Int4ArrayOID, NumericArrayOID,
	TimestampTZArrayOID, JSONBArrayOID, Float8ArrayOID, RecordOID,
}

// FuzzParseText feeds arbitrary text to every input function: it may
// fail, but must not panic, and whatever it accepts must print and parse
// back to an equal value.
func FuzzParseText(f *testing.F) {
	for _, typ := range sortedTypes() {
		for _, v := range typeSamples[typ] {
			f.Add(v, uint8(0))
		}
	}
	f.Add("{{1,2},{3,4}}", uint8(21))
	f.Add(`{"a": [1, {"b": null}]}`, uint8(20))
	f.Add("P1Y2M3DT4H5M6S", uint8(17))
	f.Fuzz(func(t *testing.T, in string, k uint8) {
		typ := Of(fuzzTypes[int(k)%len(fuzzTypes)])
		s := DefaultSettings()
		d, err := ParseText(in, typ, s)
		if err != nil || d == nil {
			return
		}
		out := AppendText(nil, d, typ, s)
		d2, err := ParseText(string(out), typ, s)
		if err != nil {
			t.Fatalf("%s: %q printed as %q which does not parse: %v", typ, in, out, err)
		}
		if Compare(d, d2, typ) != 0 && !isSelfUnequal(d, typ) {
			t.Fatalf("%s: %q -> %q -> %q changed value", typ, in, out, AppendText(nil, d2, typ, s))
		}
		if _, err := AppendBinary(nil, d, typ); err != nil && typ.OID != RecordOID {
			t.Fatalf("%s: AppendBinary(%q): %v", typ, in, err)
		}
	})
}

// isSelfUnequal covers values whose text form is lossy by design (none of
// the fuzzed types today; kept for types such as float4 edge cases).
func isSelfUnequal(Datum, Type) bool { return false }

// FuzzDecodeBinary feeds arbitrary bytes to every binary decoder.
func FuzzDecodeBinary(f *testing.F) {
	ev := newEvaluator()
	for _, typ := range sortedTypes() {
		for _, v := range typeSamples[typ] {
			d, t, err := ev.eval(xlit{v, typ})
			if err != nil || d == nil {
				continue
			}
			if b, err := AppendBinary(nil, d, t); err == nil {
				for i, ft := range fuzzTypes {
					if ft == t.OID {
						f.Add(b, uint8(i))
					}
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, k uint8) {
		typ := Of(fuzzTypes[int(k)%len(fuzzTypes)])
		d, err := DecodeBinary(b, typ)
		if err != nil || d == nil {
			return
		}
		_ = AppendText(nil, d, typ, nil)
		if _, err := AppendBinary(nil, d, typ); err != nil {
			t.Fatalf("%s: decoded %x but cannot encode: %v", typ, b, err)
		}
	})
}
