package bench

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// firstQuery is what a startup measurement waits for: a tag count in one
// namespace (the median one), so entitydb must open that namespace.
func (e *env) firstQuery() string {
	ns := e.w.Namespaces[len(e.w.Namespaces)/2]
	return fmt.Sprintf("SELECT count(*) FROM %s.entities WHERE tags @> ARRAY['status:open']", ns.Name)
}

// startup restarts each server StartupRuns times (alternating between the
// systems) and times process start → first answered query. The page cache
// stays warm: the data was just loaded or read.
func (e *env) startup(ctx context.Context) error {
	e.closeConns()
	servers := e.servers()
	runs := make([][]float64, len(servers))
	for r := 0; r < e.cfg.StartupRuns; r++ {
		for k := range servers {
			i := (k + r) % len(servers)
			d, err := servers[i].srv.restart(ctx, e.firstQuery())
			if err != nil {
				return fmt.Errorf("%s: %w", servers[i].name, err)
			}
			runs[i] = append(runs[i], float64(d)/float64(time.Millisecond))
		}
	}
	for i, s := range servers {
		row := StartupRow{System: s.name, Namespaces: len(e.w.Namespaces), Runs: runs[i], Median: median(runs[i])}
		e.logf("startup %5d namespaces  %-9s median %.1f ms (runs %v)", row.Namespaces, s.name, row.Median, roundAll(runs[i]))
		e.res.Startup = append(e.res.Startup, row)
	}
	return nil
}

// memory restarts each server and reads its memory idle (one connection
// that ran SELECT 1), after a query in one namespace, and after a query in
// every namespace.
func (e *env) memory(ctx context.Context) error {
	e.closeConns()
	for _, s := range e.servers() {
		if _, err := s.srv.restart(ctx, "SELECT 1"); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		row := MemoryRow{System: s.name, Namespaces: len(e.w.Namespaces)}
		c, err := pgx.Connect(ctx, s.srv.ConnString())
		if err != nil {
			return err
		}
		count := func(name string) error {
			var n int64
			err := c.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM %s.entities WHERE tags @> ARRAY['status:open']", name)).Scan(&n)
			return err
		}
		settle := func() { time.Sleep(200 * time.Millisecond) }
		err = func() error {
			if _, err := c.Exec(ctx, "SELECT 1"); err != nil {
				return err
			}
			settle()
			if row.Idle, err = s.srv.memory(); err != nil {
				return err
			}
			if err := count(e.w.Namespaces[len(e.w.Namespaces)/2].Name); err != nil {
				return err
			}
			settle()
			if row.One, err = s.srv.memory(); err != nil {
				return err
			}
			for _, ns := range e.w.Namespaces {
				if err := count(ns.Name); err != nil {
					return err
				}
			}
			settle()
			row.All, err = s.srv.memory()
			return err
		}()
		c.Close(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		e.logf("memory %-9s idle %.0f MiB, one namespace %.0f MiB, all %d %.0f MiB (RSS; PSS %.0f/%.0f/%.0f)", s.name,
			MiB(row.Idle.RSS), MiB(row.One.RSS), row.Namespaces, MiB(row.All.RSS), MiB(row.Idle.PSS), MiB(row.One.PSS), MiB(row.All.PSS))
		e.res.Memory = append(e.res.Memory, row)
	}
	return nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func roundAll(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(int(x*10+0.5)) / 10
	}
	return out
}
