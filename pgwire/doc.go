// Package pgwire is the PostgreSQL wire protocol (v3) server: it accepts
// connections, negotiates TLS, authenticates, and turns protocol messages
// into calls on a SQL Session (planner/session.go), whose results it
// encodes back into messages. Everything that depends on SQL semantics —
// transactions, statement and portal lifetimes, type inference, value
// encoding — lives behind Session; pgwire only frames.
//
// # Layers
//
//	Server       accept loop, connection registry (for CancelRequest),
//	             limits, graceful Shutdown
//	conn         one goroutine per connection: start-up, authentication,
//	             then the message loop
//	auth.go      trust, cleartext password, md5, SCRAM-SHA-256 (package
//	             scram), chosen per connection by Rules (hba.go)
//	output.go    planner.Output: RowDescription/DataRow/CommandComplete,
//	             COPY IN sources and COPY OUT sinks
//
// # Connection lifecycle
//
//	SSLRequest → 'S' + TLS handshake when Config.TLS is set, else 'N'
//	GSSENCRequest → 'N'
//	CancelRequest (on a fresh connection) → cancels the statement running
//	    on the connection with that process id and secret; no reply
//	StartupMessage (3.0; 3.2 and _pq_.* options get NegotiateProtocolVersion)
//	    → max connections (53300) → rule match (28000) → role (28000)
//	    → authentication (28P01) → database (3D000) → AuthenticationOk
//	    → Engine.NewSession → ParameterStatus* → BackendKeyData
//	    → ReadyForQuery
//	loop: Q → Session.ExecSimple → ReadyForQuery
//	      P/B/D/E/C → Prepare/Bind/Describe*/Execute/Close*; H flushes;
//	      S → Session.Sync → ReadyForQuery
//	      X → close quietly
//
// # Invariants
//
//   - Output is buffered and written at ReadyForQuery, at Flush, when a
//     COPY needs the client's data, and every 64 KiB of rows; nothing
//     else forces a write, so pipelined messages are answered in one go.
//   - After an extended-protocol message fails, the error is sent once,
//     Session.Failed is called, and every message up to Sync is dropped.
//   - Each statement runs under its own context; CancelRequest cancels it
//     (the engine answers 57014). A cancel that arrives while idle does
//     nothing.
//   - CopyData/CopyDone/CopyFail outside COPY are dropped (they are what a
//     client keeps sending after a COPY failed). pgx sends COPY data before
//     CopyInResponse; it waits in the socket until the COPY reads it.
//   - A panic in one connection is recovered, logged with its stack, sent
//     to that client as FATAL XX000, and the connection closes; the server
//     goes on.
//   - A message larger than Config.MaxMessageSize ends the connection with
//     FATAL 54000; a malformed stream ends it with FATAL 08P01.
//
// # Compatibility notes
//
// Decisions a reader would otherwise have to rediscover:
//   - An unknown role is reported as FATAL 28000 `role "x" does not
//     exist` before authentication (PostgreSQL hides this behind a failed
//     password exchange; tools such as Metabase match the explicit text).
//   - Only the database names in Config.Databases exist (`entitydb`);
//     `postgres` is not an alias, so current_database() is never ambiguous.
//   - SCRAM-SHA-256-PLUS (channel binding) is not offered.
//   - The function-call protocol message gets 0A000.
//
// # Debugging
//
// Run the server with --log-level debug to log each connection's start and
// end. The tests in this package drive every path above against a fake
// Session (fake_test.go), with pgx and with raw pgproto3 frames.
package pgwire
