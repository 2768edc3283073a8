package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// profileSeconds is how long the profiled scenario runs on entitydb alone.
const profileSeconds = 10

// profileWhile fetches entitydb's CPU profile for profileSeconds from
// cfg.ProfileURL (a net/http/pprof endpoint, e.g.
// http://127.0.0.1:6060/debug/pprof/profile) while run executes, and saves
// it as Out/<name>.pprof for `go tool pprof`. It returns run's error; a
// failed profile is logged.
func (e *env) profileWhile(ctx context.Context, name string, run func(context.Context) error) error {
	type result struct {
		body []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		if e.cfg.ProfileURL == "" {
			done <- result{err: fmt.Errorf("no profile URL (entitydb not built with -profile)")}
			return
		}
		u := fmt.Sprintf("%s?seconds=%d", e.cfg.ProfileURL, profileSeconds)
		resp, err := http.Get(u)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("GET %s: %s: %s", u, resp.Status, b)
		}
		done <- result{b, err}
	}()
	runErr := run(ctx)
	r := <-done
	name = strings.NewReplacer("/", "-", " ", "").Replace(name)
	path := filepath.Join(e.cfg.Out, name+".pprof")
	if r.err == nil {
		if err := os.MkdirAll(e.cfg.Out, 0o755); err != nil {
			r.err = err
		} else {
			r.err = os.WriteFile(path, r.body, 0o644)
		}
	}
	if r.err != nil {
		e.logf("profile %s: %v", name, r.err)
	} else {
		e.logf("CPU profile of %s written to %s", name, path)
	}
	return runErr
}

// profileScenario runs op on entitydb alone (the connections given) for
// the length of a profile, profiling the server, when the scenario is the
// one cfg.ProfileScenario names.
func (e *env) profileScenario(ctx context.Context, key string, conns []*pgx.Conn, o op) {
	if !e.cfg.profiles(key) {
		return
	}
	err := e.profileWhile(ctx, key, func(ctx context.Context) error {
		_, err := window(ctx, conns, o, (profileSeconds+1)*time.Second, 1, 0, 99)
		return err
	})
	if err != nil {
		e.logf("profile %s: running the scenario: %v", key, err)
	}
}

func modeName(m pgx.QueryExecMode) string {
	for _, x := range modes {
		if x.mode == m {
			return x.name
		}
	}
	return m.String()
}
