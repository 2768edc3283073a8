package pgcluster

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const dirPrefix = "entitydb-pgcluster-"

// credentialFor returns the credential to run PostgreSQL binaries with: nil
// when we are not root, else the OS user osUser.
func credentialFor(osUser string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup(osUser)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: running as root, PostgreSQL must run as the unprivileged OS user %q: %w", osUser, err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("pgcluster: OS user %q has non-numeric uid/gid %s/%s", osUser, u.Uid, u.Gid)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}

// makeDir creates the cluster's temporary directory, owned by cred when set,
// and records our pid in it so removeStale can tell when we are gone.
func makeDir(parent string, cred *syscall.Credential) (string, error) {
	if cred != nil {
		if err := checkTraversable(parent, cred); err != nil {
			return "", err
		}
	}
	dir, err := os.MkdirTemp(parent, dirPrefix)
	if err != nil {
		return "", fmt.Errorf("pgcluster: create temporary directory: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "creator.pid"), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("pgcluster: write creator.pid: %w", err)
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return "", fmt.Errorf("pgcluster: chown %s to uid %d: %w", dir, cred.Uid, err)
		}
	}
	return dir, nil
}

// checkTraversable verifies that the user of cred can reach dir: every
// ancestor must grant it search (x) permission.
func checkTraversable(dir string, cred *syscall.Credential) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for p := abs; ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("pgcluster: stat %s: %w", p, err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if ok {
			mode := fi.Mode().Perm()
			allowed := mode&0o001 != 0 ||
				(st.Gid == cred.Gid && mode&0o010 != 0) ||
				(st.Uid == cred.Uid && mode&0o100 != 0)
			if !allowed {
				return fmt.Errorf("pgcluster: running as root, PostgreSQL runs as uid %d, which cannot enter %s (mode %v); "+
					"set TMPDIR or Options.TempDir to a directory it can reach, such as /tmp", cred.Uid, p, mode)
			}
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// removeStale removes cluster directories under parent whose creating
// process is gone, stopping an orphaned postgres first. Best effort.
func removeStale(parent string) {
	dirs, _ := filepath.Glob(filepath.Join(parent, dirPrefix+"*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "creator.pid"))
		if err != nil {
			// Being created right now, or not ours: leave it unless old.
			if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > 24*time.Hour {
				os.RemoveAll(d)
			}
			continue
		}
		creator, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || alive(creator) {
			continue
		}
		if pm, err := os.ReadFile(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			first, _, _ := strings.Cut(string(pm), "\n")
			if pid, err := strconv.Atoi(strings.TrimSpace(first)); err == nil && isPostgres(pid) {
				_ = syscall.Kill(pid, syscall.SIGQUIT)
				for i := 0; i < 50 && alive(pid); i++ {
					time.Sleep(100 * time.Millisecond)
				}
			}
		}
		os.RemoveAll(d)
	}
}

func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

func isPostgres(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	return err == nil && strings.TrimSpace(string(b)) == "postgres"
}
