package pgwire

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"
)

// FuzzConn feeds random and mutated message streams to a live server:
// after the start-up (or, when the first input byte is odd, instead of
// it). The server must not panic, must close the connection once the
// client stops sending, and must keep serving other connections.
func FuzzConn(f *testing.F) {
	for _, seed := range fuzzSeeds() {
		f.Add(seed)
	}
	saved := fakeSleep
	fakeSleep = 20 * time.Millisecond
	f.Cleanup(func() { fakeSleep = saved })
	var mu sync.Mutex
	var panics []any
	srv := startFake(f, func(c *Config) {
		trustRules(c)
		c.MaxMessageSize = 1 << 16
		c.Logger = nil // quiet: malformed input is logged at INFO
	})
	srv.srv.onPanic = func(v any) {
		if v == "fake session panic" { // the fake's own "panic" statement
			return
		}
		mu.Lock()
		panics = append(panics, v)
		mu.Unlock()
	}
	witness, err := pgx.Connect(context.Background(), srv.connString("entitydb", ""))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { witness.Close(context.Background()) })

	f.Fuzz(func(t *testing.T, data []byte) {
		nc, err := net.Dial("tcp", srv.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		_ = nc.SetDeadline(time.Now().Add(10 * time.Second))
		if len(data) == 0 || data[0]%2 == 0 {
			fe := pgproto3.NewFrontend(nc, nc)
			fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30,
				Parameters: map[string]string{"user": "entitydb", "database": "entitydb"}})
			if err := fe.Flush(); err != nil {
				t.Fatal(err)
			}
			for {
				m, err := fe.Receive()
				if err != nil {
					t.Fatalf("start-up: %v", err)
				}
				if _, ok := m.(*pgproto3.ReadyForQuery); ok {
					break
				}
			}
			if len(data) > 0 {
				data = data[1:]
			}
		}
		// Write while draining the replies, so a reply the client never
		// reads cannot block the server.
		drained := make(chan error, 1)
		go func() {
			_, err := io.Copy(io.Discard, nc)
			drained <- err
		}()
		_, _ = nc.Write(data)
		_ = nc.(*net.TCPConn).CloseWrite()
		select {
		case err := <-drained:
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("server did not close the connection after the client stopped sending")
			}
		case <-time.After(15 * time.Second):
			t.Fatal("hang")
		}
		mu.Lock()
		p := panics
		mu.Unlock()
		if len(p) > 0 {
			t.Fatalf("server panicked: %v", p)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := witness.Ping(ctx); err != nil {
			t.Fatalf("other connection broken: %v", err)
		}
	})
}

// fuzzSeeds are valid message streams (prefixed with the mode byte 0:
// after start-up) and a few start-up packets (mode byte 1).
func fuzzSeeds() [][]byte {
	enc := func(msgs ...pgproto3.FrontendMessage) []byte {
		out := []byte{0}
		for _, m := range msgs {
			b, err := m.Encode(nil)
			if err != nil {
				panic(err)
			}
			out = append(out, b...)
		}
		return out
	}
	startup := func(version uint32, params ...string) []byte {
		m := &pgproto3.StartupMessage{ProtocolVersion: version, Parameters: map[string]string{}}
		for i := 0; i+1 < len(params); i += 2 {
			m.Parameters[params[i]] = params[i+1]
		}
		b, _ := m.Encode(nil)
		return append([]byte{1}, b...)
	}
	ssl := make([]byte, 9)
	ssl[0] = 1
	binary.BigEndian.PutUint32(ssl[1:], 8)
	binary.BigEndian.PutUint32(ssl[5:], 80877103)
	seeds := [][]byte{
		enc(&pgproto3.Query{String: "select 1"}),
		enc(&pgproto3.Query{String: "begin; select 2; fail; commit"}),
		enc(&pgproto3.Query{String: ""}),
		enc(&pgproto3.Parse{Name: "s", Query: "select $1", ParameterOIDs: []uint32{23}},
			&pgproto3.Describe{ObjectType: 'S', Name: "s"}, &pgproto3.Sync{},
			&pgproto3.Bind{PreparedStatement: "s", Parameters: [][]byte{{0, 0, 0, 7}}, ParameterFormatCodes: []int16{1}, ResultFormatCodes: []int16{1}},
			&pgproto3.Execute{}, &pgproto3.Sync{}),
		enc(&pgproto3.Parse{Query: "series 5"}, &pgproto3.Bind{DestinationPortal: "c"},
			&pgproto3.Execute{Portal: "c", MaxRows: 2}, &pgproto3.Flush{},
			&pgproto3.Execute{Portal: "c"}, &pgproto3.Close{ObjectType: 'P', Name: "c"}, &pgproto3.Sync{}),
		enc(&pgproto3.Query{String: "copy in"}, &pgproto3.CopyData{Data: []byte("a\nb\n")}, &pgproto3.CopyDone{}),
		enc(&pgproto3.Query{String: "copy in"}, &pgproto3.CopyFail{Message: "no"}, &pgproto3.Query{String: "copy out"}),
		enc(&pgproto3.Query{String: "sleep"}, &pgproto3.Terminate{}),
		enc(&pgproto3.Bind{PreparedStatement: "missing"}, &pgproto3.Execute{}, &pgproto3.Sync{}),
		enc(&pgproto3.FunctionCall{Function: 1}, &pgproto3.Query{String: "notice"}),
		startup(pgproto3.ProtocolVersion30, "user", "entitydb", "database", "entitydb"),
		startup(pgproto3.ProtocolVersion32, "user", "entitydb", "_pq_.x", "1"),
		startup(pgproto3.ProtocolVersion30, "user", "ghost"),
		ssl,
	}
	return seeds
}
