package namespace

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/entitydb/entitydb/storage"
)

// hostileNames are valid namespace names that are not plain identifiers:
// they need the encoded file-name form, and several would escape
// namespaces/ or collide on case-insensitive file systems if used as file
// names.
var hostileNames = []string{
	"A", "a", "with space", `quo"te`, "../etc", "..", ".", "ns.x", "a/b", "123", "0x41", "Public", "System",
	"PG_upper", "Default", "Information_Schema", "catalog", "tab\there", "$dollar", "日本語",
	strings.Repeat("é", 31) + "x", // 63 bytes
	strings.Repeat("日", 21),       // 63 bytes
}

func TestValidName(t *testing.T) {
	for _, name := range append(slices.Clone(hostileNames), "public", "z", "_", "shop_2", "with$dollar", strings.Repeat("z", 63)) {
		if err := ValidName(name); err != nil {
			t.Errorf("ValidName(%q) = %v", name, err)
		}
	}
	for _, name := range []string{
		"", strings.Repeat("z", 64), strings.Repeat("é", 32), "a\x00b", "\xff", "caf\xc3",
		"system", "default", "information_schema", "pg_x", "pg_",
	} {
		if err := ValidName(name); !errors.Is(err, ErrInvalidName) {
			t.Errorf("ValidName(%q) = %v, want ErrInvalidName", name, err)
		}
	}
}

// TestHostileNames creates namespaces with hostile names next to plain
// ones, each holding its own entity, and checks that every one keeps its
// data and its own files across checkpoint, reopen and drop; nothing is
// written outside namespaces/, and the catalog holds the real names.
func TestHostileNames(t *testing.T) {
	dir := t.TempDir()
	r := openTest(t, nil, dir)
	defer func() { r.Close() }()
	plain := []string{"public", "plain", "mixedcase"}
	all := append(slices.Clone(plain), hostileNames...)
	for _, name := range all {
		if name != "public" {
			if err := r.Create(ctx, name, "o"); err != nil {
				t.Fatalf("create %q: %v", name, err)
			}
		}
		n := mustNS(t, r, name)
		commit(t, n, func(b *Batch) { b.Insert(ent("id-"+name, "ns:"+name)) })
	}
	if err := r.Create(ctx, "A", "o"); !errors.Is(err, ErrNamespaceExists) {
		t.Fatalf("create A twice: %v", err)
	}
	check := func(names []string) {
		t.Helper()
		var listed []string
		for _, in := range r.List() {
			listed = append(listed, in.Name)
		}
		want := slices.Sorted(slices.Values(names))
		if !slices.Equal(listed, want) {
			t.Fatalf("List = %q, want %q", listed, want)
		}
		for _, name := range names {
			n, err := r.Get(ctx, name)
			if err != nil {
				t.Fatalf("get %q: %v", name, err)
			}
			s, err := n.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(t, s, All()); !slices.Equal(got, []string{"id-" + name}) {
				t.Errorf("namespace %q holds %q", name, got)
			}
			s.Release()
		}
		// The data directory holds entities.ebf and namespaces/ only;
		// namespaces/ holds the catalog and each namespace's files.
		top, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != 2 || top[0].Name() != "entities.ebf" || top[1].Name() != nsDirName {
			t.Fatalf("data directory holds %v", top)
		}
		files := nsFiles(t, dir)
		for _, f := range files {
			if f == catalogFile || f == "system.wal" {
				continue
			}
			ext := filepath.Ext(f)
			name, ok := storage.NamespaceFromFileBase(strings.TrimSuffix(f, ext))
			if !ok || !slices.Contains(names, name) || ext != ".wal" && ext != ".idx" {
				t.Errorf("unexpected file %q in namespaces/", f)
			}
		}
		for _, name := range names {
			if !slices.Contains(files, storage.NamespaceFileBase(name)+".wal") {
				t.Errorf("namespace %q: no WAL file among %q", name, files)
			}
		}
		// The catalog stores the real names.
		data, err := os.ReadFile(filepath.Join(dir, nsDirName, catalogFile))
		if err != nil {
			t.Fatal(err)
		}
		c, err := storage.DecodeCatalog(data)
		if err != nil {
			t.Fatal(err)
		}
		var catNames []string
		for _, e := range c.Entries {
			if !e.Internal {
				catNames = append(catNames, e.Name)
			}
		}
		slices.Sort(catNames)
		if !slices.Equal(catNames, want) {
			t.Fatalf("catalog names %q, want %q", catNames, want)
		}
	}
	check(all)

	// Checkpoint half of them, reopen: everything loads from its files.
	for i, name := range all {
		if i%2 == 0 {
			if err := r.Checkpoint(ctx, name); err != nil {
				t.Fatalf("checkpoint %q: %v", name, err)
			}
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r = openTest(t, nil, dir)
	check(all)

	// Drop "A": "a" stays. Drop the rest of the hostile names but one.
	if err := r.Drop(ctx, "A"); err != nil {
		t.Fatal(err)
	}
	rest := slices.DeleteFunc(slices.Clone(all), func(n string) bool { return n == "A" })
	check(rest)
	if _, err := r.Get(ctx, "A"); !errors.Is(err, ErrNamespaceNotFound) {
		t.Fatalf("get dropped A: %v", err)
	}
	for _, name := range hostileNames[1:] {
		if name != "../etc" {
			if err := r.Drop(ctx, name); err != nil {
				t.Fatalf("drop %q: %v", name, err)
			}
		}
	}
	check(append(slices.Clone(plain), "../etc"))
	if v := catalogVersion(t, dir); v != 2 {
		t.Fatalf("catalog version %d with an encoded name, want 2", v)
	}
	if err := r.Drop(ctx, "../etc"); err != nil {
		t.Fatal(err)
	}
	check(plain)
	if v := catalogVersion(t, dir); v != 1 {
		t.Fatalf("catalog version %d with plain names only, want 1", v)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r = openTest(t, nil, dir)
	check(plain)
}

func catalogVersion(t *testing.T, dir string) byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, nsDirName, catalogFile))
	if err != nil {
		t.Fatal(err)
	}
	return data[len(storage.CatalogMagic)-1]
}

// TestOrphanFiles: on open, a namespace file that no catalog entry owns
// is removed (a crash between writing it and the catalog), whichever form
// its name has; files that are no namespace's are left alone.
func TestOrphanFiles(t *testing.T) {
	dir := t.TempDir()
	r := openTest(t, nil, dir)
	for _, name := range []string{"Kept", "kept"} {
		if err := r.Create(ctx, name, "o"); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	nsDir := filepath.Join(dir, nsDirName)
	orphans := []string{"gone.wal", "gone.idx", storage.NamespaceFileBase("Gone") + ".wal", storage.NamespaceFileBase("../x") + ".idx", "kept.idx.tmp"}
	foreign := []string{"Foo.wal", "0x61.wal", "0x4G.idx", "notes.txt", "0x41"}
	for _, f := range append(slices.Clone(orphans), foreign...) {
		if err := os.WriteFile(filepath.Join(nsDir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r = openTest(t, nil, dir)
	defer r.Close()
	want := append([]string{catalogFile, "system.wal", "public.wal", "kept.wal", storage.NamespaceFileBase("Kept") + ".wal"}, foreign...)
	slices.Sort(want)
	if got := nsFiles(t, dir); !slices.Equal(got, want) {
		t.Fatalf("namespaces/ holds %q, want %q", got, want)
	}
	for _, name := range []string{"Kept", "kept"} {
		if _, err := r.Get(ctx, name); err != nil {
			t.Fatalf("get %q: %v", name, err)
		}
	}
}
