package storage

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// hostileNames are namespace names that must map to safe, distinct file
// names: both cases of a letter, separators, quotes, dots, digits only,
// non-ASCII (63 bytes, the longest name), a name that looks encoded.
var hostileNames = []string{
	"public", "a", "A", "mixedcase", "MixedCase", "MIXEDCASE", "with space", `quo"te`, "../etc",
	"ns.x", "a/b", `back\slash`, "123", "0", "0x41", "_", "a$", "$a", "tab\there", "new\nline",
	"Public", "catalog", "catalog.tmp", "x.wal", "CON", "nul", "~user", "-dash",
	"größe", "日本語", strings.Repeat("é", 31) + "x", // 63 bytes
	strings.Repeat("z", 63),
}

// TestGoldenNamespaceFileNames pins the name -> file-name mapping
// (docs/format/README.md): testdata/namespace-file-names.txt lists each
// name (Go-quoted) and its file-name base. Changing the mapping makes
// existing data directories lose their namespaces, so this file must
// never change for a name already in it.
func TestGoldenNamespaceFileNames(t *testing.T) {
	var b bytes.Buffer
	seen := map[string]string{}
	for _, name := range hostileNames {
		base := NamespaceFileBase(name)
		fmt.Fprintf(&b, "%s %s\n", strconv.Quote(name), base)
		checkBase(t, name, base)
		if prev, dup := seen[strings.ToLower(base)]; dup {
			t.Errorf("%q and %q share the file name %q (ignoring case)", prev, name, base)
		}
		seen[strings.ToLower(base)] = name
	}
	golden(t, "namespace-file-names.txt", b.Bytes())
	// Names that were valid before names could be quoted keep their file
	// names: the name is the file name.
	for _, name := range []string{"public", "system", "a", "_", "a$", "shop_2", "with$dollar", strings.Repeat("z", 63)} {
		if got := NamespaceFileBase(name); got != name {
			t.Errorf("plain name %q has the file name %q", name, got)
		}
	}
}

// checkBase checks what every base must satisfy: portable characters only
// (no separator, no dot, no upper case), at most 128 bytes, and decoding
// gives the name back.
func checkBase(t *testing.T, name, base string) {
	t.Helper()
	if base == "" || len(base) > 2+2*63 && len(name) <= 63 {
		t.Errorf("%q: base %q has length %d", name, base, len(base))
	}
	for _, c := range []byte(base) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$') {
			t.Errorf("%q: base %q holds %q", name, base, c)
			break
		}
	}
	if got, ok := NamespaceFromFileBase(base); !ok || got != name {
		t.Errorf("%q: base %q decodes to %q, %v", name, base, got, ok)
	}
}

func TestNamespaceFromFileBaseRejects(t *testing.T) {
	for _, base := range []string{"", "0x", "0X41", "0x4", "0x41zz", "0x4D", "0x61", "0x5f", "Foo", "a.b", "1abc", "$a", "0x41.wal"} {
		if name, ok := NamespaceFromFileBase(base); ok {
			t.Errorf("%q decodes to %q; no name has this base", base, name)
		}
	}
}

// FuzzNamespaceFileBase: any name maps to a valid base that decodes to it,
// and distinct names give distinct bases.
func FuzzNamespaceFileBase(f *testing.F) {
	for _, n := range hostileNames {
		f.Add(n, strings.ToUpper(n))
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if a == "" || b == "" {
			return
		}
		ba, bb := NamespaceFileBase(a), NamespaceFileBase(b)
		checkBase(t, a, ba)
		checkBase(t, b, bb)
		if a != b && strings.EqualFold(ba, bb) {
			t.Fatalf("%q and %q share the base %q/%q", a, b, ba, bb)
		}
	})
}

// TestGoldenCatalogV2: a catalog holding a name that needs the encoded
// file-name form is written as version 2, with the real name; without
// such a name it is version 1 again.
func TestGoldenCatalogV2(t *testing.T) {
	c := &Catalog{NextID: 6, Entries: []CatalogEntry{
		{Name: "public", Owner: "entitydb", CreatedAt: t0, ID: 1},
		{Name: "system", Owner: "entitydb", CreatedAt: t0, ID: 2, Internal: true},
		{Name: "MixedCase", Owner: "alice", CreatedAt: t0, ID: 4},
		{Name: "with space", Owner: "bob", CreatedAt: t0, ID: 5, Retention: 2},
	}}
	enc := EncodeCatalog(c)
	golden(t, "catalog-v2.bin", enc)
	if got := string(enc[:len(CatalogMagicV2)]); got != CatalogMagicV2 {
		t.Fatalf("magic %q, want %q", got, CatalogMagicV2)
	}
	dec, err := DecodeCatalog(enc)
	if err != nil || !reflect.DeepEqual(dec, c) {
		t.Fatalf("round trip: %+v %v", dec, err)
	}
	c.Entries = c.Entries[:2]
	if got := string(EncodeCatalog(c)[:len(CatalogMagic)]); got != CatalogMagic {
		t.Fatalf("plain names only: magic %q, want %q", got, CatalogMagic)
	}
}
