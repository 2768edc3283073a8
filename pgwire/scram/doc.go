// Package scram implements the server side of SCRAM-SHA-256 (RFC 5802,
// RFC 7677) as PostgreSQL uses it for password authentication, and the
// stored verifier format.
//
// A role's password is never stored. Instead a verifier is kept, in
// PostgreSQL's own text form so that it can be compared with
// pg_authid.rolpassword:
//
//	SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64>
//
// The exchange, driven by pgwire:
//
//	v, _ := scram.NewVerifier(password)      // when the role is created
//	c, _ := scram.NewConversation(v)
//	serverFirst, _ := c.ClientFirst(msg)     // SASLInitialResponse data
//	serverFinal, _ := c.ClientFinal(msg)     // SASLResponse data; ErrAuthFailed on a wrong proof
//
// Channel binding (SCRAM-SHA-256-PLUS) is not offered; clients that ask for
// it with a "p=" GS2 header are refused. The user name inside the SCRAM
// messages is ignored, as PostgreSQL does: the start-up user is
// authoritative. Passwords are used as UTF-8 bytes without SASLprep
// normalisation, which equals SASLprep for ASCII passwords.
package scram
