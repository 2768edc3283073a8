// Command edbprof is the entitydb server with net/http/pprof: the same
// server package as cmd/entitydb, started the same way, plus a profiling
// endpoint, so the benchmark can take a CPU profile of the server alone
// while a slow scenario runs (edbbench -profile builds and uses it).
//
//	ENTITYDB_PASSWORD=pw edbprof serve --data DIR --listen 127.0.0.1:5433 --pprof-listen 127.0.0.1:6060
//	go tool pprof -top http://127.0.0.1:6060/debug/pprof/profile?seconds=10
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on the default mux
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/entitydb/entitydb/server"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != "serve" {
		fmt.Fprintln(os.Stderr, "usage: edbprof serve --data DIR --listen HOST:PORT --pprof-listen HOST:PORT")
		os.Exit(2)
	}
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	data := fs.String("data", server.DefaultDataDir, "data directory")
	listen := fs.String("listen", server.DefaultListen, "listen address")
	pprofListen := fs.String("pprof-listen", "127.0.0.1:6060", "serve /debug/pprof here")
	fs.Parse(os.Args[2:])

	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	go func() {
		srv := &http.Server{Addr: *pprofListen, ReadHeaderTimeout: 10 * time.Second}
		if err := srv.ListenAndServe(); err != nil {
			log.Error("pprof", "err", err)
		}
	}()
	srv, err := server.Start(server.Config{DataDir: *data, Listen: *listen, Password: os.Getenv("ENTITYDB_PASSWORD"), Logger: log})
	if err != nil {
		fmt.Fprintln(os.Stderr, "edbprof:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	<-ctx.Done()
	stop()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "edbprof:", err)
		os.Exit(1)
	}
}
