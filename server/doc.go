// Package server wires the storage (namespace), the SQL engine (planner)
// and the wire protocol server (pgwire) into one running database, as
// `entitydb serve` and the tests use it.
//
//	srv, err := server.Start(server.Config{DataDir: "./data", Listen: "127.0.0.1:5433"})
//	...
//	fmt.Println(srv.Addr(), srv.ConnString())
//	srv.Close() // graceful: stop accepting, drain, checkpoint, close files
//
// Start opens the registry, makes sure the superuser `entitydb` exists
// (creating it on first start with Config.Password, or a random password
// written to <data>/initial-password with mode 0600), loads the auth rules
// and TLS certificate, starts the engine and begins accepting connections.
// It logs a ready-to-paste psql connection string.
//
// Shutdown order (Close): the listener closes; idle connections get
// FATAL 57P01; running statements may finish until ShutdownTimeout, then
// they are cancelled; then the registry closes, which checkpoints every
// loaded namespace.
//
// Roles live in the system namespace (package server/roles). The
// package servertest starts an in-process server for tests.
package server
