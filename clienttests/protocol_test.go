package clienttests

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/entitydb/entitydb/server"
	"github.com/entitydb/entitydb/server/servertest"
)

// rawSession speaks the protocol with pgproto3 to reach flows that the
// drivers above do not expose directly (JDBC fetch-size portals).
type rawSession struct {
	t  *testing.T
	fe *pgproto3.Frontend
}

func dialTrust(t *testing.T) *rawSession {
	t.Helper()
	rules := filepath.Join(t.TempDir(), "rules")
	if err := os.WriteFile(rules, []byte("host all all 127.0.0.1/32 trust\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	inst := servertest.StartWith(t, func(c *server.Config) { c.AuthRulesFile = rules })
	nc, err := net.Dial("tcp", inst.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	_ = nc.SetDeadline(time.Now().Add(30 * time.Second))
	r := &rawSession{t: t, fe: pgproto3.NewFrontend(nc, nc)}
	r.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30,
		Parameters: map[string]string{"user": "entitydb", "database": "entitydb"}})
	r.untilReady()
	return r
}

func (r *rawSession) send(msgs ...pgproto3.FrontendMessage) {
	r.t.Helper()
	for _, m := range msgs {
		r.fe.Send(m)
	}
	if err := r.fe.Flush(); err != nil {
		r.t.Fatal(err)
	}
}

// untilReady returns a compact transcript of the replies up to and
// including ReadyForQuery: message names, DataRow values, errors' codes.
func (r *rawSession) untilReady() string {
	r.t.Helper()
	var out []string
	for {
		m, err := r.fe.Receive()
		if err != nil {
			r.t.Fatalf("receive: %v (so far %v)", err, out)
		}
		switch m := m.(type) {
		case *pgproto3.DataRow:
			vals := make([]string, len(m.Values))
			for i, v := range m.Values {
				vals[i] = string(v)
			}
			out = append(out, "D("+strings.Join(vals, ",")+")")
		case *pgproto3.ErrorResponse:
			out = append(out, "E("+m.Code+")")
		case *pgproto3.CommandComplete:
			out = append(out, "C("+string(m.CommandTag)+")")
		case *pgproto3.ReadyForQuery:
			out = append(out, "Z("+string(m.TxStatus)+")")
			return strings.Join(out, " ")
		case *pgproto3.ParameterStatus, *pgproto3.BackendKeyData, *pgproto3.AuthenticationOk:
		default:
			out = append(out, strings.TrimPrefix(fmt.Sprintf("%T", m), "*pgproto3."))
		}
	}
}

func (r *rawSession) expect(want string) {
	r.t.Helper()
	if got := r.untilReady(); got != want {
		r.t.Fatalf("transcript\n got  %s\n want %s", got, want)
	}
}

// TestPortalsAcrossSync replays pgjdbc's setFetchSize flow: a named portal
// read one row per Execute, each followed by Sync, inside a transaction.
func TestPortalsAcrossSync(t *testing.T) {
	r := dialTrust(t)
	r.send(&pgproto3.Query{String: "CREATE SCHEMA p; INSERT INTO p.entities (id, tags) VALUES ('a', '{x}'), ('b', '{x}'), ('c', '{x}')"})
	r.expect("C(CREATE SCHEMA) C(INSERT 0 3) Z(I)")

	r.send(&pgproto3.Parse{Query: "BEGIN"}, &pgproto3.Bind{}, &pgproto3.Execute{},
		&pgproto3.Parse{Query: "SELECT id FROM p.entities WHERE tags @> $1 ORDER BY id"},
		&pgproto3.Bind{DestinationPortal: "C_2", Parameters: [][]byte{[]byte("{x}")}},
		&pgproto3.Describe{ObjectType: 'P', Name: "C_2"},
		&pgproto3.Execute{Portal: "C_2", MaxRows: 1}, &pgproto3.Sync{})
	r.expect("ParseComplete BindComplete C(BEGIN) ParseComplete BindComplete RowDescription D(a) PortalSuspended Z(T)")
	r.send(&pgproto3.Execute{Portal: "C_2", MaxRows: 1}, &pgproto3.Sync{})
	r.expect("D(b) PortalSuspended Z(T)")
	r.send(&pgproto3.Execute{Portal: "C_2", MaxRows: 5}, &pgproto3.Sync{})
	r.expect("D(c) C(SELECT 1) Z(T)")
	r.send(&pgproto3.Close{ObjectType: 'P', Name: "C_2"}, &pgproto3.Query{String: "COMMIT"})
	r.expect("CloseComplete C(COMMIT) Z(I)")

	// Outside a transaction block Sync ends the unnamed portal.
	r.send(&pgproto3.Parse{Query: "SELECT id FROM p.entities ORDER BY id"}, &pgproto3.Bind{},
		&pgproto3.Execute{MaxRows: 1}, &pgproto3.Sync{})
	r.expect("ParseComplete BindComplete D(a) PortalSuspended Z(I)")
	r.send(&pgproto3.Execute{MaxRows: 1}, &pgproto3.Sync{})
	r.expect("E(34000) Z(I)")

	// An error inside a block: everything up to Sync is skipped, the block
	// is failed, only ROLLBACK is accepted.
	r.send(&pgproto3.Query{String: "BEGIN"})
	r.expect("C(BEGIN) Z(T)")
	r.send(&pgproto3.Parse{Query: "SELECT * FROM p.nosuch"}, &pgproto3.Bind{}, &pgproto3.Execute{},
		&pgproto3.Parse{Query: "SELECT 1"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{})
	r.expect("E(42P01) Z(E)")
	r.send(&pgproto3.Query{String: "SELECT 1"})
	r.expect("E(25P02) Z(E)")
	r.send(&pgproto3.Query{String: "ROLLBACK"})
	r.expect("C(ROLLBACK) Z(I)")

	// Empty queries in both protocols.
	r.send(&pgproto3.Query{String: "-- ping"})
	r.expect("EmptyQueryResponse Z(I)")
	r.send(&pgproto3.Parse{Query: ""}, &pgproto3.Bind{}, &pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, &pgproto3.Sync{})
	r.expect("ParseComplete BindComplete NoData EmptyQueryResponse Z(I)")
}
