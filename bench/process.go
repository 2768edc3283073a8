package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// process is a server process started by the benchmark. It gets SIGKILL
// if the benchmark dies (Pdeathsig), so no server outlives a failed run.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{}
	mu     sync.Mutex // guards err
	err    error
}

// startProcess starts cmd from a goroutine locked to its OS thread:
// Pdeathsig fires when the forking thread ends, so the thread lives as long
// as the child.
func startProcess(cmd *exec.Cmd, cred *syscall.Credential) (*process, error) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Credential = cred
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	cmd.SysProcAttr.Setpgid = true
	p := &process{cmd: cmd, exited: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		err := cmd.Wait()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(p.exited)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return p, nil
}

func (p *process) pid() int { return p.cmd.Process.Pid }

func (p *process) done() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// stop sends sig, waits up to grace, then kills.
func (p *process) stop(sig syscall.Signal, grace time.Duration) error {
	if p.done() {
		return nil
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.exited:
		return nil
	case <-time.After(grace):
	}
	_ = p.cmd.Process.Kill()
	<-p.exited
	return fmt.Errorf("pid %d ignored %v for %v and was killed", p.pid(), sig, grace)
}

// firstAnswer connects to connString until it succeeds and runs query,
// reading its result: the end of a startup measurement. It polls every
// millisecond so it adds at most that much to the measured time.
func firstAnswer(ctx context.Context, connString, query string, p *process, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for {
		if p != nil && p.done() {
			return fmt.Errorf("server exited before answering: %v", p.waitErr())
		}
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		conn, err := pgx.Connect(cctx, connString)
		if err == nil {
			var n int64
			err = conn.QueryRow(cctx, query, pgx.QueryExecModeSimpleProtocol).Scan(&n)
			conn.Close(ctx)
			cancel()
			if err != nil {
				return fmt.Errorf("first query %q: %w", query, err)
			}
			return nil
		}
		cancel()
		last = err
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer after %v: %w", timeout, last)
		}
		time.Sleep(time.Millisecond)
	}
}

func (p *process) waitErr() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		return errors.New("exit status 0")
	}
	return p.err
}

// tailFile returns the last n bytes of a file (a server log, for errors).
func tailFile(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
