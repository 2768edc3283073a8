// Package planner is the SQL engine: it parses statements with the real
// PostgreSQL grammar (pg_query_go), binds names, builds logical plans, turns
// tag predicates into namespace index operations, and executes. The wire
// server reaches it through Session (session.go).
package planner
