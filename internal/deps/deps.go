//go:build deps

// Package deps pins the project's chosen dependencies (../../docs and the
// design notes list them) in go.mod before every package uses them, so
// parallel work never races on go.mod. Never built (build tag).
package deps

import (
	_ "github.com/RoaringBitmap/roaring/v2"
	_ "github.com/bits-and-blooms/bloom/v3"
	_ "github.com/cockroachdb/apd/v3"
	_ "github.com/hashicorp/golang-lru/v2"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/pgproto3"
	_ "github.com/lib/pq"
	_ "github.com/pganalyze/pg_query_go/v6"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "golang.org/x/sys/unix"
)
