package roles

import (
	"context"
	"errors"
	"testing"

	"github.com/entitydb/entitydb/namespace"
)

func openStore(t *testing.T, dir string) (*Store, *namespace.Registry) {
	t.Helper()
	reg, err := namespace.Open(namespace.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return New(reg), reg
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, reg := openStore(t, dir)
	if r, err := st.Get(ctx, "alice"); err != nil || r != nil {
		t.Fatalf("unknown role: %v %v", r, err)
	}
	if err := st.Create(ctx, Role{Name: "alice", Login: true}, "pw1"); err != nil {
		t.Fatal(err)
	}
	if err := st.Create(ctx, Role{Name: "alice"}, "x"); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate create: %v", err)
	}
	if err := st.Create(ctx, Role{Name: Superuser, Superuser: true, Login: true}, "root"); err != nil {
		t.Fatal(err)
	}
	r, err := st.Get(ctx, "alice")
	if err != nil || r == nil {
		t.Fatalf("get: %v %v", r, err)
	}
	if !r.Login || r.Superuser || !r.CheckPassword("pw1") || r.CheckPassword("pw2") || r.MD5 == "" {
		t.Fatalf("role %+v", r)
	}
	if err := st.SetPassword(ctx, "alice", "pw2"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPassword(ctx, "bob", "pw2"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("set password of unknown role: %v", err)
	}
	// Roles survive a restart.
	if err := reg.Close(); err != nil {
		t.Fatal(err)
	}
	st, reg = openStore(t, dir)
	defer reg.Close()
	r, err = st.Get(ctx, "alice")
	if err != nil || r == nil || !r.CheckPassword("pw2") {
		t.Fatalf("after reopen: %+v %v", r, err)
	}
	all, err := st.List(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "alice" || all[1].Name != Superuser {
		t.Fatalf("list: %+v %v", all, err)
	}
	// Roles are not user data: the system namespace is not listed.
	for _, info := range reg.List() {
		if info.Name == "system" {
			t.Fatal("system namespace is listed")
		}
	}
}
