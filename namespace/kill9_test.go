package namespace

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const kill9Env = "ENTITYDB_KILL9_DIR"

// TestKill9 is the process-level crash test: a child process (this test
// binary, re-executed) writes to several namespaces with concurrent
// writers and frequent checkpoints and prints every acknowledged write;
// the parent kills it with SIGKILL at a random moment, reopens the store
// and checks every acknowledged write. The store accumulates over the
// rounds, so later rounds also recover from earlier recoveries.
func TestKill9(t *testing.T) {
	if os.Getenv(kill9Env) != "" {
		t.Skip("child")
	}
	rounds := 20
	if testing.Short() {
		rounds = 5
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	type want struct {
		present bool
		content string
		maybe   bool // a delete was in flight: either state is fine
	}
	expect := map[string]*want{} // "ns/id"
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKill9Child$", "-test.count=1")
		cmd.Env = append(os.Environ(), kill9Env+"="+dir, "ENTITYDB_KILL9_ROUND="+strconv.Itoa(round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait until it writes, then kill it at a random moment.
		var got []string
		first := <-lines
		if first != "ready" {
			t.Fatalf("round %d: child said %q", round, first)
		}
		if l, ok := <-lines; ok { // the first acknowledged write
			got = append(got, l)
		}
		deadline := time.After(time.Duration(rng.IntN(250)) * time.Millisecond)
	wait:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("round %d: child exited early", round)
				}
				got = append(got, l)
			case <-deadline:
				break wait
			}
		}
		cmd.Process.Kill() // SIGKILL
		for l := range lines {
			got = append(got, l)
		}
		cmd.Wait()
		acks := 0
		for _, l := range got {
			f := strings.Fields(l)
			if len(f) < 3 {
				t.Fatalf("bad line %q", l)
			}
			key := f[1] + "/" + f[2]
			switch f[0] {
			case "ins":
				expect[key] = &want{present: true, content: f[3]}
				acks++
			case "try-del":
				expect[key].maybe = true
			case "del":
				expect[key] = &want{present: false}
				acks++
			}
		}
		if acks == 0 {
			t.Fatalf("round %d: no acknowledged write before the kill", round)
		}
		r, err := Open(Options{Dir: dir})
		if err != nil {
			t.Fatalf("round %d: reopen after kill -9: %v", round, err)
		}
		for key, w := range expect {
			ns, id, _ := strings.Cut(key, "/")
			n, err := r.Get(ctx, ns)
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			s, _ := n.Snapshot(ctx)
			d, ok := s.Lookup(id)
			switch {
			case w.maybe:
			case w.present && !ok:
				t.Fatalf("round %d: acknowledged insert %s lost", round, key)
			case !w.present && ok:
				t.Fatalf("round %d: acknowledged delete %s undone", round, key)
			case ok:
				e, err := s.Get(d)
				if err != nil || string(e.Content) != w.content {
					t.Fatalf("round %d: %s content %v %v", round, key, e, err)
				}
			}
			s.Release()
		}
		if err := r.Close(); err != nil {
			t.Fatalf("round %d close: %v", round, err)
		}
		t.Logf("round %d: %d acknowledged writes checked (%d total)", round, acks, len(expect))
	}
}

// TestKill9Child is the child of TestKill9; it runs only when re-executed.
func TestKill9Child(t *testing.T) {
	dir := os.Getenv(kill9Env)
	if dir == "" {
		t.Skip("runs as the child of TestKill9")
	}
	round := os.Getenv("ENTITYDB_KILL9_ROUND")
	r, err := Open(Options{Dir: dir, CheckpointBytes: 8 << 10, MemoryBudget: 1 << 20})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(2)
	}
	names := []string{"public", "k1", "k2", "k3"}
	for _, nm := range names[1:] {
		if !r.Exists(nm) {
			if err := r.Create(ctx, nm, "t"); err != nil {
				fmt.Fprintln(os.Stderr, "child create:", err)
				os.Exit(2)
			}
		}
	}
	var outMu sync.Mutex
	say := func(format string, args ...any) {
		outMu.Lock()
		fmt.Fprintf(os.Stdout, format+"\n", args...)
		outMu.Unlock()
	}
	say("ready")
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			nm := names[w%len(names)]
			n, err := r.Get(ctx, nm)
			if err != nil {
				fmt.Fprintln(os.Stderr, "child get:", err)
				os.Exit(2)
			}
			var mine []string
			for i := 0; ; i++ {
				if i%5 == 4 && len(mine) > 0 {
					id := mine[0]
					mine = mine[1:]
					say("try-del %s %s", nm, id)
					var b Batch
					b.Delete(id, Expect{})
					if _, err := n.Commit(ctx, &b); err != nil {
						fmt.Fprintln(os.Stderr, "child delete:", err)
						os.Exit(2)
					}
					say("del %s %s", nm, id)
					continue
				}
				var b Batch
				ids := []string{fmt.Sprintf("r%s-w%d-%d-a", round, w, i), fmt.Sprintf("r%s-w%d-%d-b", round, w, i)}
				for _, id := range ids {
					b.Insert(Entity{ID: id, Tags: []string{"w:" + strconv.Itoa(w), "round:" + round}, Content: []byte("c" + id)})
				}
				if _, err := n.Commit(ctx, &b); err != nil {
					fmt.Fprintln(os.Stderr, "child commit:", err)
					os.Exit(2)
				}
				for _, id := range ids {
					say("ins %s %s c%s", nm, id, id)
				}
				mine = append(mine, ids...)
			}
		}(w)
	}
	wg.Wait()
}
