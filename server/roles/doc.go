// Package roles keeps the database roles (users) and their password
// verifiers as entities of the internal `system` namespace.
//
// Each role is one entity:
//
//	id       role:<name>
//	tags     kind:role, role:<name>, superuser:<true|false>, login:<true|false>
//	content  JSON {"name", "superuser", "login", "scram", "md5"}
//
// "scram" is the SCRAM-SHA-256 verifier in PostgreSQL's rolpassword form
// (see pgwire/scram); "md5" is PostgreSQL's md5 hash of password+name, kept
// so that md5 auth rules work. The password itself is never stored.
//
// Usage:
//
//	st := roles.New(reg)
//	r, err := st.Get(ctx, "entitydb")          // nil, nil when unknown
//	err = st.Create(ctx, roles.Role{Name: "alice", Login: true}, "secret")
//	err = st.SetPassword(ctx, "alice", "new secret")
//
// The package depends only on namespace and pgwire/scram, so the SQL
// engine may use it too (pg_roles, CREATE ROLE).
package roles
