// Package pgcluster starts throwaway PostgreSQL clusters: the oracle of the
// differential SQL tests and the baseline of the benchmarks.
//
// # Usage
//
//	c, err := pgcluster.Start(ctx, pgcluster.Options{
//		Settings: map[string]string{"shared_buffers": "256MB"},
//	})
//	if err != nil { ... }
//	defer c.Stop()
//	conn, err := pgx.Connect(ctx, c.ConnString())
//
// Tests use the pgclustertest subpackage, which fails the test on error and
// stops the cluster on t.Cleanup. This package itself does not import
// testing, so the benchmark program can use it.
//
// # What Start does
//
//  1. Finds the binaries: Options.BinDir, else `pg_config --bindir`, else the
//     directory of `initdb` on PATH. Missing binaries give ErrNoBinaries with
//     a hint naming the Debian package.
//  2. Creates a temporary directory (prefix "entitydb-pgcluster-") holding
//     the data directory, the server log and the Unix socket.
//  3. Runs `initdb --locale=C --encoding=UTF8` with trust authentication, or
//     scram-sha-256 password authentication when Options.Password is set.
//     The superuser is Options.User ("postgres" by default).
//  4. Picks a free 127.0.0.1 port and runs `postgres` directly (not pg_ctl)
//     with listen_addresses=127.0.0.1, TimeZone=UTC, the socket in the
//     temporary directory, and Options.Settings on top. If another process
//     grabs the port in between, it retries with a new port.
//  5. Waits until a connection succeeds (Options.StartTimeout, 60s default).
//
// Stop shuts the server down (fast shutdown, then immediate, then SIGKILL)
// and removes the temporary directory.
//
// # Running as root
//
// PostgreSQL refuses to run as root, and CI runs as root. When the process is
// root, initdb and postgres run as the unprivileged OS user Options.OSUser
// ("postgres" by default, which the Debian packages create) through
// SysProcAttr.Credential, and the temporary directory is chowned to that
// user. Its parent (os.TempDir()) must be traversable by that user; Start
// says so clearly when it is not.
//
// # Invariants
//
//   - Collation is byte order ("C") and the session time zone is UTC unless
//     Options.Settings overrides TimeZone: the oracle must agree with
//     entitydb's pinned defaults.
//   - A cluster never outlives its creator for long: the server gets SIGQUIT
//     when the creating process dies (Pdeathsig), and Start removes leftover
//     directories of dead creators it finds in the temporary directory.
//   - Nothing persists: every cluster is initdb'ed from scratch.
//
// # What it does not do
//
// It does not create databases or schemas beyond initdb's defaults (callers
// do that over SQL), does not enable TLS, and does not tune the server:
// Options.Settings is passed through verbatim, so benchmarks state their
// configuration explicitly.
package pgcluster
