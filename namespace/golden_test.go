package namespace

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entitydb/entitydb/storage"
)

// The golden data directories in testdata/ were written by earlier builds
// of the store and are committed as they are: opening them checks that
// data directories users already have keep working. A directory is never
// rewritten; a format change adds a new one (see writeGoldenDataDir).
var writeGolden = flag.String("golden.write", "", "write the golden data directory testdata/`NAME` (must not exist) and stop")

// goldenNS is the content of one namespace in a golden data directory:
// the live entities (sorted by id) after all of its batches.
type goldenNS struct {
	name string
	// checkpoint: the first batches go to .idx and entities.ebf, the rest
	// stay in the WAL (replayed on load).
	checkpointAfter int
	batches         []func(b *Batch)
	live            []Entity
	files           []string // the namespace's files in namespaces/
}

var goldenT0 = time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)

func goldenEnt(id string, sec int, content []byte, tags ...string) Entity {
	at := goldenT0.Add(time.Duration(sec) * time.Second)
	return Entity{ID: id, Tags: tags, Content: content, CreatedAt: at, UpdatedAt: at}
}

// oneEntity is a namespace with one entity, in its WAL only.
func oneEntity(name string, file string) goldenNS {
	e := goldenEnt("e", 7, []byte(name), "ns:"+name)
	return goldenNS{
		name:    name,
		batches: []func(b *Batch){func(b *Batch) { b.Insert(e) }},
		live:    []Entity{e},
		files:   []string{file + ".wal"},
	}
}

// goldenDataDirs describes each golden directory. datadir-v1 was written
// by the store before namespace names could need encoding: only plain
// names (the file name is the name). datadir-v2 holds names of the
// encoded form (docs/format/README.md) next to plain ones, and a version 2
// catalog.
var goldenDataDirs = map[string][]goldenNS{
	"datadir-v2": {
		{
			name:            "MixedCase",
			checkpointAfter: 1,
			batches: []func(b *Batch){
				func(b *Batch) { b.Insert(goldenEnt("m1", 1, []byte("M"), "type:task")) },
				func(b *Batch) { b.Insert(goldenEnt("m2", 2, nil, "type:note")) },
			},
			live:  []Entity{goldenEnt("m1", 1, []byte("M"), "type:task"), goldenEnt("m2", 2, nil, "type:note")},
			files: []string{"0x4d6978656443617365.idx", "0x4d6978656443617365.wal"},
		},
		oneEntity("mixedcase", "mixedcase"),
		oneEntity("A", "0x41"),
		oneEntity("a", "a"),
		oneEntity("with space", "0x77697468207370616365"),
		oneEntity(`quo"te`, "0x71756f227465"),
		oneEntity("../etc", "0x2e2e2f657463"),
		oneEntity("123", "0x313233"),
		oneEntity(strings.Repeat("ü", 31)+"!", "0x"+strings.Repeat("c3bc", 31)+"21"),
		{
			name:    "public",
			batches: []func(b *Batch){func(b *Batch) { b.Insert(goldenEnt("p1", 0, []byte("hello"), "type:note")) }},
			live:    []Entity{goldenEnt("p1", 0, []byte("hello"), "type:note")},
			files:   []string{"public.wal"},
		},
	},
	"datadir-v1": {
		{
			name:    "public",
			batches: []func(b *Batch){func(b *Batch) { b.Insert(goldenEnt("p1", 0, []byte("hello"), "type:note")) }},
			live:    []Entity{goldenEnt("p1", 0, []byte("hello"), "type:note")},
			files:   []string{"public.wal"},
		},
		{
			name:            "acme",
			checkpointAfter: 1,
			batches: []func(b *Batch){
				func(b *Batch) {
					b.Insert(goldenEnt("a1", 1, []byte("first"), "type:task", "status:open"))
					b.Insert(goldenEnt("a2", 2, nil, "type:task", "status:done"))
				},
				func(b *Batch) {
					b.Insert(goldenEnt("a3", 3, []byte{}, "type:task", "flag"))
					b.Delete("a2", Expect{Kind: ExpectLive})
					b.AddTag("a1", "prio:high", goldenT0.Add(6*time.Second))
				},
			},
			live: []Entity{
				{ID: "a1", Tags: []string{"type:task", "status:open", "prio:high"}, Content: []byte("first"),
					CreatedAt: goldenT0.Add(1 * time.Second), UpdatedAt: goldenT0.Add(6 * time.Second)},
				goldenEnt("a3", 3, []byte{}, "type:task", "flag"),
			},
			files: []string{"acme.idx", "acme.wal"},
		},
		{
			name:    "shop_2",
			batches: []func(b *Batch){func(b *Batch) { b.Insert(goldenEnt("s1", 4, []byte("x"), "k:v:w")) }},
			live:    []Entity{goldenEnt("s1", 4, []byte("x"), "k:v:w")},
			files:   []string{"shop_2.wal"},
		},
		{
			name:    "with$dollar",
			batches: []func(b *Batch){func(b *Batch) { b.Insert(goldenEnt("d1", 5, []byte("$"), "a", "a")) }},
			live:    []Entity{goldenEnt("d1", 5, []byte("$"), "a", "a")},
			files:   []string{"with$dollar.wal"},
		},
	},
}

// TestGoldenDataDirs opens copies of the golden data directories: every
// namespace is listed under its name, loads from its files and shows
// exactly its entities, no file is removed or renamed, and the store
// keeps working (a write, a checkpoint, a reopen).
func TestGoldenDataDirs(t *testing.T) {
	if *writeGolden != "" {
		writeGoldenDataDir(t, *writeGolden)
		return
	}
	for dirName, nss := range goldenDataDirs {
		t.Run(dirName, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", dirName))); err != nil {
				t.Fatal(err)
			}
			wantFiles := []string{"catalog", "system.wal"}
			wantNames := []string{}
			for _, g := range nss {
				wantFiles = append(wantFiles, g.files...)
				wantNames = append(wantNames, g.name)
			}
			slices.Sort(wantFiles)
			slices.Sort(wantNames)
			if got := nsFiles(t, dir); !slices.Equal(got, wantFiles) {
				t.Fatalf("golden directory holds %q, want %q", got, wantFiles)
			}

			r := openTest(t, nil, dir)
			var names []string
			for _, in := range r.List() {
				names = append(names, in.Name)
			}
			if !slices.Equal(names, wantNames) {
				t.Fatalf("List = %q, want %q", names, wantNames)
			}
			if got := nsFiles(t, dir); !slices.Equal(got, wantFiles) {
				t.Fatalf("Open changed the files: %q, want %q", got, wantFiles)
			}
			for _, g := range nss {
				checkLive(t, r, g.name, g.live)
			}
			// The store keeps working: write to each namespace, checkpoint
			// it, reopen, read back.
			for _, g := range nss {
				n := mustNS(t, r, g.name)
				commit(t, n, func(b *Batch) { b.Insert(goldenEnt("new", 9, []byte("n"), "fresh")) })
				if err := r.Checkpoint(ctx, g.name); err != nil {
					t.Fatalf("checkpoint %s: %v", g.name, err)
				}
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			r = openTest(t, nil, dir)
			defer r.Close()
			for _, g := range nss {
				live := append(slices.Clone(g.live), goldenEnt("new", 9, []byte("n"), "fresh"))
				slices.SortFunc(live, func(a, b Entity) int { return strings.Compare(a.ID, b.ID) })
				checkLive(t, r, g.name, live)
			}
			// After a checkpoint each namespace has both files, under the
			// same names as before.
			wantFiles = []string{"catalog", "system.wal"}
			for _, g := range nss {
				f := storage.NamespaceFileBase(g.name)
				wantFiles = append(wantFiles, f+".idx", f+".wal")
				if !slices.Contains(g.files, f+".wal") {
					t.Errorf("namespace %q: file name %q is not the golden one (%q)", g.name, f, g.files)
				}
			}
			slices.Sort(wantFiles)
			if got := nsFiles(t, dir); !slices.Equal(got, wantFiles) {
				t.Fatalf("after checkpoints: %q, want %q", got, wantFiles)
			}
			// A directory of plain names stays readable by older builds.
			wantVersion := byte(1)
			for _, g := range nss {
				if !storage.PlainName(g.name) {
					wantVersion = 2
				}
			}
			if v := catalogVersion(t, dir); v != wantVersion {
				t.Fatalf("catalog version %d, want %d", v, wantVersion)
			}
		})
	}
}

// nsFiles lists dir/namespaces, sorted.
func nsFiles(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(filepath.Join(dir, nsDirName))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	slices.Sort(out)
	return out
}

// checkLive compares the live entities of a namespace, in id order, with
// want.
func checkLive(t *testing.T, r *Registry, name string, want []Entity) {
	t.Helper()
	n, err := r.Get(ctx, name)
	if err != nil {
		t.Fatalf("get %q: %v", name, err)
	}
	s, err := n.Snapshot(ctx)
	if err != nil {
		t.Fatalf("snapshot %q: %v", name, err)
	}
	defer s.Release()
	var got []Entity
	s.Scan(ByIDAsc, s.Eval(All()), func(d DocNum) bool {
		e, err := s.Get(d)
		if err != nil {
			t.Fatalf("%q: get %v: %v", name, d, err)
		}
		got = append(got, *e)
		return true
	})
	if len(got) != len(want) {
		t.Fatalf("%q: %d live entities, want %d: %+v", name, len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ID != w.ID || !slices.Equal(g.Tags, w.Tags) || !bytes.Equal(g.Content, w.Content) ||
			(g.Content == nil) != (w.Content == nil) || !g.CreatedAt.Equal(w.CreatedAt) || !g.UpdatedAt.Equal(w.UpdatedAt) {
			t.Errorf("%q: entity %d = %+v, want %+v", name, i, g, w)
		}
	}
}

// writeGoldenDataDir writes testdata/NAME from goldenDataDirs[NAME] with
// the current build. The registry is not closed, so namespaces keep the
// WAL batches after their checkpoint, as after a crash.
func writeGoldenDataDir(t *testing.T, name string) {
	nss, ok := goldenDataDirs[name]
	if !ok {
		t.Fatalf("no golden directory %q is described", name)
	}
	dir := filepath.Join("testdata", name)
	if _, err := os.Stat(dir); err == nil {
		t.Fatalf("%s exists; golden directories are never rewritten", dir)
	}
	r := openTest(t, nil, dir)
	for _, g := range nss {
		n := mustNS(t, r, g.name)
		for i, fill := range g.batches {
			if i == g.checkpointAfter && i > 0 {
				if err := r.Checkpoint(ctx, g.name); err != nil {
					t.Fatal(err)
				}
			}
			commit(t, n, fill)
		}
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Logf("wrote %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
