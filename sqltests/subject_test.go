package sqltests

import (
	"testing"

	"github.com/entitydb/entitydb/server/servertest"
)

// The subject of the differential tests: an in-process entitydb server
// with a temporary data directory, stopped on t.Cleanup. Its sessions run
// with entitydb.shape_cache = always, so every simple-protocol SELECT
// that may share a plan with others of its shape runs from that plan
// (planner/shape.go), and is compared with PostgreSQL that way.
func init() {
	startSubject = func(t testing.TB) string {
		return servertest.Start(t).ConnString() + "&options=-c%20entitydb.shape_cache%3Dalways"
	}
}
