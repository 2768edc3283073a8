package roles

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgwire/scram"
)

// Superuser is the role created on first start.
const Superuser = "entitydb"

var (
	// ErrExists is returned by Create for a role that exists.
	ErrExists = errors.New("role already exists")
	// ErrNotFound is returned by SetPassword for an unknown role.
	ErrNotFound = errors.New("role does not exist")
)

// Role is one role as stored.
type Role struct {
	Name      string `json:"name"`
	Superuser bool   `json:"superuser"`
	Login     bool   `json:"login"`
	// SCRAM is the SCRAM-SHA-256 verifier; empty without a password.
	SCRAM string `json:"scram,omitempty"`
	// MD5 is "md5" + hex(md5(password + name)); empty without a password.
	MD5 string `json:"md5,omitempty"`
}

// Store reads and writes roles in the system namespace.
type Store struct {
	reg *namespace.Registry
}

// New returns a store over the registry's system namespace.
func New(reg *namespace.Registry) *Store { return &Store{reg: reg} }

func entityID(name string) string { return "role:" + name }

// Get returns the role, or nil and no error when it does not exist.
func (s *Store) Get(ctx context.Context, name string) (*Role, error) {
	sys, err := s.reg.System(ctx)
	if err != nil {
		return nil, fmt.Errorf("roles: open system namespace: %w", err)
	}
	snap, err := sys.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("roles: snapshot: %w", err)
	}
	defer snap.Release()
	doc, ok := snap.Lookup(entityID(name))
	if !ok {
		return nil, nil
	}
	e, err := snap.Get(doc)
	if err != nil {
		return nil, fmt.Errorf("roles: read %q: %w", name, err)
	}
	var r Role
	if err := json.Unmarshal(e.Content, &r); err != nil {
		return nil, fmt.Errorf("roles: decode %q: %w", name, err)
	}
	return &r, nil
}

// List returns all roles sorted by name.
func (s *Store) List(ctx context.Context) ([]Role, error) {
	sys, err := s.reg.System(ctx)
	if err != nil {
		return nil, fmt.Errorf("roles: open system namespace: %w", err)
	}
	snap, err := sys.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("roles: snapshot: %w", err)
	}
	defer snap.Release()
	var out []Role
	var firstErr error
	snap.Scan(namespace.ByIDAsc, snap.Eval(namespace.Tag("kind:role")), func(d namespace.DocNum) bool {
		e, err := snap.Get(d)
		if err != nil {
			firstErr = err
			return false
		}
		var r Role
		if err := json.Unmarshal(e.Content, &r); err != nil {
			firstErr = fmt.Errorf("decode %s: %w", e.ID, err)
			return false
		}
		out = append(out, r)
		return true
	})
	if firstErr != nil {
		return nil, fmt.Errorf("roles: list: %w", firstErr)
	}
	return out, nil
}

// Create stores a new role with the given password ("" for none).
func (s *Store) Create(ctx context.Context, r Role, password string) error {
	if err := setPassword(&r, password); err != nil {
		return err
	}
	var b namespace.Batch
	b.Insert(entity(r, time.Now()))
	return s.commit(ctx, &b, r.Name)
}

// SetPassword replaces a role's password ("" removes it).
func (s *Store) SetPassword(ctx context.Context, name, password string) error {
	r, err := s.Get(ctx, name)
	if err != nil {
		return err
	}
	if r == nil {
		return fmt.Errorf("roles: %q: %w", name, ErrNotFound)
	}
	if err := setPassword(r, password); err != nil {
		return err
	}
	var b namespace.Batch
	b.Put(entity(*r, time.Now()), namespace.Expect{Kind: namespace.ExpectLive})
	return s.commit(ctx, &b, name)
}

func (s *Store) commit(ctx context.Context, b *namespace.Batch, name string) error {
	sys, err := s.reg.System(ctx)
	if err != nil {
		return fmt.Errorf("roles: open system namespace: %w", err)
	}
	if _, err := sys.Commit(ctx, b); err != nil {
		if errors.Is(err, namespace.ErrDuplicateID) {
			return fmt.Errorf("roles: %q: %w", name, ErrExists)
		}
		if errors.Is(err, namespace.ErrEntityNotFound) {
			return fmt.Errorf("roles: %q: %w", name, ErrNotFound)
		}
		return fmt.Errorf("roles: write %q: %w", name, err)
	}
	return nil
}

// CheckPassword reports whether password is the role's password.
func (r *Role) CheckPassword(password string) bool {
	if r.SCRAM == "" {
		return false
	}
	v, err := scram.ParseVerifier(r.SCRAM)
	return err == nil && v.Check(password)
}

func setPassword(r *Role, password string) error {
	if password == "" {
		r.SCRAM, r.MD5 = "", ""
		return nil
	}
	v, err := scram.NewVerifier(password)
	if err != nil {
		return err
	}
	sum := md5.Sum([]byte(password + r.Name))
	r.SCRAM, r.MD5 = v, "md5"+hex.EncodeToString(sum[:])
	return nil
}

func entity(r Role, now time.Time) namespace.Entity {
	content, _ := json.Marshal(r)
	return namespace.Entity{
		ID: entityID(r.Name),
		Tags: []string{
			"kind:role",
			"role:" + r.Name,
			"superuser:" + strconv.FormatBool(r.Superuser),
			"login:" + strconv.FormatBool(r.Login),
		},
		Content:   content,
		CreatedAt: now,
		UpdatedAt: now,
	}
}

// ValidName reports whether name can name a role: 1 to 63 bytes, no NUL.
func ValidName(name string) error {
	if name == "" || len(name) > 63 || strings.IndexByte(name, 0) >= 0 {
		return fmt.Errorf("invalid role name %q", name)
	}
	return nil
}
