// Command entitydb is the EntityDB server.
//
//	entitydb serve [--data DIR] [--listen HOST:PORT] [flags]
//	entitydb version
//
// Every serve flag has an ENTITYDB_* environment equivalent (a flag given
// on the command line wins); `entitydb serve -h` lists them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"

	"github.com/entitydb/entitydb/server"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, versionString())
		return 0
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "entitydb: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  entitydb serve [flags]   serve the PostgreSQL wire protocol (entitydb serve -h lists flags)
  entitydb version         print the version
`)
}

func versionString() string {
	rev := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = " (" + s.Value[:12] + ")"
			}
		}
	}
	return fmt.Sprintf("entitydb %s%s, PostgreSQL 15 wire protocol, %s %s/%s", version, rev, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// envFlag describes one flag and its environment variable.
type envFlag struct {
	name, env string
}

func serve(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		dataDir       = fs.String("data", server.DefaultDataDir, "data directory (created if missing) [ENTITYDB_DATA]")
		listen        = fs.String("listen", server.DefaultListen, "listen address host:port [ENTITYDB_LISTEN]")
		tlsCert       = fs.String("tls-cert", "", "TLS certificate file (PEM); enables TLS with --tls-key [ENTITYDB_TLS_CERT]")
		tlsKey        = fs.String("tls-key", "", "TLS private key file (PEM) [ENTITYDB_TLS_KEY]")
		authRules     = fs.String("auth-rules", "", "authentication rules file (default: scram-sha-256 for all) [ENTITYDB_AUTH_RULES]")
		memBudget     = fs.String("memory-budget", "0", "memory budget for loaded namespace indexes, e.g. 512MiB, 2GiB; 0 = unbounded [ENTITYDB_MEMORY_BUDGET]")
		logLevel      = fs.String("log-level", "info", "log level: debug, info, warn, error [ENTITYDB_LOG_LEVEL]")
		logFormat     = fs.String("log-format", "text", "log format: text or json [ENTITYDB_LOG_FORMAT]")
		maxConns      = fs.Int("max-connections", 100, "maximum concurrent connections [ENTITYDB_MAX_CONNECTIONS]")
		maxMsg        = fs.String("max-message-size", "256MiB", "maximum protocol message size [ENTITYDB_MAX_MESSAGE_SIZE]")
		idleInTx      = fs.Duration("idle-in-transaction-timeout", 0, "close sessions idle inside a transaction for longer; 0 = never [ENTITYDB_IDLE_IN_TRANSACTION_TIMEOUT]")
		shutdown      = fs.Duration("shutdown-timeout", server.DefaultShutdownTimeout, "how long running statements may finish on shutdown [ENTITYDB_SHUTDOWN_TIMEOUT]")
		metricsListen = fs.String("metrics-listen", "", "serve Prometheus metrics at http://ADDR/metrics [ENTITYDB_METRICS_LISTEN]")
	)
	envs := []envFlag{
		{"data", "ENTITYDB_DATA"}, {"listen", "ENTITYDB_LISTEN"}, {"tls-cert", "ENTITYDB_TLS_CERT"},
		{"tls-key", "ENTITYDB_TLS_KEY"}, {"auth-rules", "ENTITYDB_AUTH_RULES"},
		{"memory-budget", "ENTITYDB_MEMORY_BUDGET"}, {"log-level", "ENTITYDB_LOG_LEVEL"},
		{"log-format", "ENTITYDB_LOG_FORMAT"}, {"max-connections", "ENTITYDB_MAX_CONNECTIONS"},
		{"max-message-size", "ENTITYDB_MAX_MESSAGE_SIZE"},
		{"idle-in-transaction-timeout", "ENTITYDB_IDLE_IN_TRANSACTION_TIMEOUT"},
		{"shutdown-timeout", "ENTITYDB_SHUTDOWN_TIMEOUT"}, {"metrics-listen", "ENTITYDB_METRICS_LISTEN"},
	}
	for _, e := range envs {
		if v, ok := os.LookupEnv(e.env); ok && v != "" {
			if err := fs.Set(e.name, v); err != nil {
				fmt.Fprintf(stderr, "entitydb: %s=%q: %v\n", e.env, v, err)
				return 2
			}
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "\nThe superuser password comes from ENTITYDB_PASSWORD (see README).")
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "entitydb serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(stderr, "entitydb: bad log level %q\n", *logLevel)
		return 2
	}
	hopts := &slog.HandlerOptions{Level: level}
	var handler slog.Handler
	switch *logFormat {
	case "text":
		handler = slog.NewTextHandler(stderr, hopts)
	case "json":
		handler = slog.NewJSONHandler(stderr, hopts)
	default:
		fmt.Fprintf(stderr, "entitydb: bad log format %q\n", *logFormat)
		return 2
	}
	log := slog.New(handler)
	budget, err := parseSize(*memBudget)
	if err != nil {
		fmt.Fprintf(stderr, "entitydb: --memory-budget: %v\n", err)
		return 2
	}
	msgSize, err := parseSize(*maxMsg)
	if err != nil || msgSize <= 0 || msgSize > 1<<30 {
		fmt.Fprintf(stderr, "entitydb: --max-message-size: want 1B..1GiB\n")
		return 2
	}

	// Signals are caught from before the server starts, so a signal never
	// kills a half-started server.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := server.Start(server.Config{
		DataDir:                  *dataDir,
		Listen:                   *listen,
		Password:                 os.Getenv("ENTITYDB_PASSWORD"),
		AuthRulesFile:            *authRules,
		TLSCertFile:              *tlsCert,
		TLSKeyFile:               *tlsKey,
		MemoryBudget:             budget,
		MaxConnections:           *maxConns,
		MaxMessageSize:           int(msgSize),
		IdleInTransactionTimeout: *idleInTx,
		ShutdownTimeout:          *shutdown,
		MetricsListen:            *metricsListen,
		Logger:                   log,
	})
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	// A plain line to paste, next to the structured log.
	fmt.Fprintf(stderr, "\nentitydb is ready. Connect with:\n\n    psql \"%s\"\n\n", srv.ConnString())
	<-ctx.Done()
	stop() // a second signal kills the process
	log.Info("signal received; shutting down gracefully", "timeout", shutdown.String())
	if err := srv.Close(); err != nil {
		log.Error("shutdown", "err", err)
		return 1
	}
	return 0
}

// parseSize parses a byte size: a number with an optional unit B, KiB,
// MiB, GiB, TiB (or KB, MB, GB, TB as the same powers of 1024).
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{
		{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10},
		{"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1},
	}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(strings.ToUpper(s), strings.ToUpper(u.suffix)) {
			s, mult = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}
