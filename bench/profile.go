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

	"github.com/entitydb/entitydb/bench/workload"
	"github.com/jackc/pgx/v5"
)

// profileSeconds is how long the profiled scenario runs on entitydb alone.
const profileSeconds = 10

// profile runs one read scenario on entitydb alone for profileSeconds while
// fetching the server's CPU profile from cfg.ProfileURL (a net/http/pprof
// endpoint, e.g. http://127.0.0.1:6060/debug/pprof/profile), and saves it
// as Out/<scenario>.pprof for `go tool pprof`.
func (e *env) profile(ctx context.Context, q *Query, ns *workload.Namespace, mode pgx.QueryExecMode, clients int) error {
	t := e.target(Entitydb)
	if t == nil || e.cfg.ProfileURL == "" {
		return fmt.Errorf("profiling needs entitydb and -profile-url")
	}
	conns, err := t.connsFor(ctx, mode, clients)
	if err != nil {
		return err
	}
	type result struct {
		body []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
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
	if _, err := window(ctx, conns, readOp(q, t.layout, ns), (profileSeconds+1)*time.Second, 1, 0, 99); err != nil {
		return err
	}
	r := <-done
	if r.err != nil {
		return r.err
	}
	name := strings.ReplaceAll(fmt.Sprintf("%s-%s-%d", q.Name, modeName(mode), clients), "/", "-")
	if ns != nil {
		name = q.Name + "-" + ns.Name + "-" + modeName(mode) + fmt.Sprint(clients)
	}
	path := filepath.Join(e.cfg.Out, name+".pprof")
	if err := os.WriteFile(path, r.body, 0o644); err != nil {
		return err
	}
	e.logf("CPU profile of %s written to %s", name, path)
	return nil
}

func modeName(m pgx.QueryExecMode) string {
	for _, x := range modes {
		if x.mode == m {
			return x.name
		}
	}
	return m.String()
}
