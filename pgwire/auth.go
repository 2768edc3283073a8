package pgwire

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/pgwire/scram"
)

// MD5Hash returns the md5 password hash PostgreSQL stores and the md5
// method checks: "md5" + hex(md5(password + user)).
func MD5Hash(user, password string) string {
	sum := md5.Sum([]byte(password + user))
	return "md5" + hex.EncodeToString(sum[:])
}

// authenticate chooses the method by the rules and runs it. Errors are
// FATAL: 28000 when no rule admits the connection or the role is unknown,
// 28P01 for a wrong password.
func (c *conn) authenticate() error {
	addr := c.remoteAddr()
	rule := c.srv.cfg.Rules.Match(addr, c.tls, c.database, c.user)
	if rule == nil || rule.Method == MethodReject {
		enc := "no encryption"
		if c.tls {
			enc = "SSL encryption"
		}
		return fatalf(pgerr.InvalidAuthorizationSpecification,
			"no auth rule admits host %q, user %q, database %q, %s", addr.String(), c.user, c.database, enc)
	}
	role, err := c.srv.cfg.Roles.LookupRole(c.srv.baseCtx, c.user)
	if err != nil {
		c.log.Error("role lookup failed", "err", err)
		return fatalf(pgerr.InternalError, "could not look up role %q", c.user)
	}
	if role == nil {
		return fatalf(pgerr.InvalidAuthorizationSpecification, "role %q does not exist", c.user)
	}
	if !role.CanLogin {
		return fatalf(pgerr.InvalidAuthorizationSpecification, "role %q is not permitted to log in", c.user)
	}
	failed := fatalf(pgerr.InvalidPassword, "password authentication failed for user %q", c.user)
	switch rule.Method {
	case MethodTrust:
		return nil
	case MethodPassword:
		pw, err := c.readPassword(&pgproto3.AuthenticationCleartextPassword{}, pgproto3.AuthTypeCleartextPassword)
		if err != nil {
			return err
		}
		if !checkCleartext(role, pw) {
			return failed
		}
		return nil
	case MethodMD5:
		if role.MD5 == "" {
			// Like PostgreSQL: a role with only a SCRAM verifier
			// authenticates by SCRAM under md5 rules.
			return c.scramAuth(role, failed)
		}
		var salt [4]byte
		_, _ = rand.Read(salt[:])
		pw, err := c.readPassword(&pgproto3.AuthenticationMD5Password{Salt: salt}, pgproto3.AuthTypeMD5Password)
		if err != nil {
			return err
		}
		sum := md5.Sum(append([]byte(role.MD5[3:]), salt[:]...))
		want := "md5" + hex.EncodeToString(sum[:])
		if subtle.ConstantTimeCompare([]byte(pw), []byte(want)) != 1 {
			return failed
		}
		return nil
	default:
		return c.scramAuth(role, failed)
	}
}

func checkCleartext(role *Role, pw string) bool {
	if role.SCRAM != "" {
		v, err := scram.ParseVerifier(role.SCRAM)
		return err == nil && v.Check(pw)
	}
	if role.MD5 != "" {
		return subtle.ConstantTimeCompare([]byte(MD5Hash(role.Name, pw)), []byte(role.MD5)) == 1
	}
	return false
}

// readPassword sends an authentication request and reads the
// PasswordMessage answering it.
func (c *conn) readPassword(req pgproto3.BackendMessage, authType uint32) (string, error) {
	c.queue(req)
	if err := c.flush(); err != nil {
		return "", err
	}
	if err := c.be.SetAuthType(authType); err != nil {
		return "", err
	}
	msg, err := c.be.Receive()
	if err != nil {
		return "", c.authReceiveError(err)
	}
	pm, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return "", fatalf(pgerr.ProtocolViolation, "expected password response, got %T", msg)
	}
	return pm.Password, nil
}

func (c *conn) authReceiveError(err error) error {
	// libpq closes the connection when the server asks for a password it
	// does not have, then prompts and reconnects: not worth a warning.
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errQuiet
	}
	return c.receiveError(err)
}

func (c *conn) scramAuth(role *Role, failed error) error {
	var v *scram.Verifier
	if role.SCRAM != "" {
		var err error
		if v, err = scram.ParseVerifier(role.SCRAM); err != nil {
			c.log.Error("bad stored SCRAM verifier", "err", err)
			v = nil
		}
	}
	conv := scram.NewConversation(v)
	c.queue(&pgproto3.AuthenticationSASL{AuthMechanisms: []string{scram.Mechanism}})
	if err := c.flush(); err != nil {
		return err
	}
	_ = c.be.SetAuthType(pgproto3.AuthTypeSASL)
	msg, err := c.be.Receive()
	if err != nil {
		return c.authReceiveError(err)
	}
	init, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok {
		return fatalf(pgerr.ProtocolViolation, "expected SASL response, got %T", msg)
	}
	if init.AuthMechanism != scram.Mechanism {
		return fatalf(pgerr.ProtocolViolation, "client selected an invalid SASL authentication mechanism %q", init.AuthMechanism)
	}
	first, err := conv.ClientFirst(init.Data)
	if err != nil {
		return fatalf(pgerr.ProtocolViolation, "malformed SCRAM message: %v", err)
	}
	c.queue(&pgproto3.AuthenticationSASLContinue{Data: []byte(first)})
	if err := c.flush(); err != nil {
		return err
	}
	_ = c.be.SetAuthType(pgproto3.AuthTypeSASLContinue)
	msg, err = c.be.Receive()
	if err != nil {
		return c.authReceiveError(err)
	}
	resp, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return fatalf(pgerr.ProtocolViolation, "expected SASL response, got %T", msg)
	}
	final, err := conv.ClientFinal(resp.Data)
	if errors.Is(err, scram.ErrAuthFailed) || (err == nil && v == nil) {
		return failed
	}
	if err != nil {
		return fatalf(pgerr.ProtocolViolation, "malformed SCRAM message: %v", err)
	}
	c.queue(&pgproto3.AuthenticationSASLFinal{Data: []byte(final)})
	_ = c.be.SetAuthType(pgproto3.AuthTypeOk)
	return nil
}
