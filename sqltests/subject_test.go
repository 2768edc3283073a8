package sqltests

import (
	"testing"

	"github.com/entitydb/entitydb/server/servertest"
)

// The subject of the differential tests: an in-process entitydb server
// with a temporary data directory, stopped on t.Cleanup.
func init() {
	startSubject = func(t testing.TB) string { return servertest.Start(t).ConnString() }
}
