package scram

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Mechanism is the SASL mechanism name announced to clients.
const Mechanism = "SCRAM-SHA-256"

// DefaultIterations is the PBKDF2 iteration count of new verifiers
// (PostgreSQL's scram_iterations default).
const DefaultIterations = 4096

const saltLen = 16
const nonceLen = 18

var (
	// ErrAuthFailed is returned by Conversation.ClientFinal when the
	// client's proof does not match the verifier (a wrong password).
	ErrAuthFailed = errors.New("scram: authentication failed")
	// ErrProtocol is returned for malformed or unsupported SCRAM messages.
	ErrProtocol = errors.New("scram: malformed message")
)

// Verifier is a parsed stored verifier.
type Verifier struct {
	Iterations int
	Salt       []byte
	StoredKey  []byte
	ServerKey  []byte
}

// NewVerifier derives a verifier for password with a random salt.
func NewVerifier(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("scram salt: %w", err)
	}
	v, err := derive(password, salt, DefaultIterations)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

func derive(password string, salt []byte, iter int) (*Verifier, error) {
	salted, err := pbkdf2.Key(sha256.New, password, salt, iter, sha256.Size)
	if err != nil {
		return nil, fmt.Errorf("scram pbkdf2: %w", err)
	}
	clientKey := hmacSum(salted, []byte("Client Key"))
	stored := sha256.Sum256(clientKey)
	serverKey := hmacSum(salted, []byte("Server Key"))
	return &Verifier{Iterations: iter, Salt: salt, StoredKey: stored[:], ServerKey: serverKey}, nil
}

// String renders the verifier in PostgreSQL's rolpassword form.
func (v *Verifier) String() string {
	b := base64.StdEncoding
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", v.Iterations,
		b.EncodeToString(v.Salt), b.EncodeToString(v.StoredKey), b.EncodeToString(v.ServerKey))
}

// ParseVerifier parses a verifier in rolpassword form.
func ParseVerifier(s string) (*Verifier, error) {
	rest, ok := strings.CutPrefix(s, "SCRAM-SHA-256$")
	if !ok {
		return nil, fmt.Errorf("scram verifier: not SCRAM-SHA-256")
	}
	iterSalt, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return nil, fmt.Errorf("scram verifier: missing keys")
	}
	iterS, saltS, ok1 := strings.Cut(iterSalt, ":")
	storedS, serverS, ok2 := strings.Cut(keys, ":")
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("scram verifier: malformed")
	}
	iter, err := strconv.Atoi(iterS)
	if err != nil || iter < 1 {
		return nil, fmt.Errorf("scram verifier: bad iteration count %q", iterS)
	}
	b := base64.StdEncoding
	salt, err1 := b.DecodeString(saltS)
	stored, err2 := b.DecodeString(storedS)
	server, err3 := b.DecodeString(serverS)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, fmt.Errorf("scram verifier: %w", err)
	}
	if len(stored) != sha256.Size || len(server) != sha256.Size {
		return nil, fmt.Errorf("scram verifier: bad key length")
	}
	return &Verifier{Iterations: iter, Salt: salt, StoredKey: stored, ServerKey: server}, nil
}

// Check reports whether password matches the verifier (used for
// cleartext password authentication).
func (v *Verifier) Check(password string) bool {
	d, err := derive(password, v.Salt, v.Iterations)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(d.StoredKey, v.StoredKey) == 1 &&
		subtle.ConstantTimeCompare(d.ServerKey, v.ServerKey) == 1
}

// Conversation is the server side of one SCRAM exchange.
type Conversation struct {
	v               *Verifier
	clientFirstBare string
	serverFirst     string
	nonce           string
	gs2Header       string
	step            int
}

// NewConversation starts an exchange against the verifier. With a nil
// verifier (unknown role, or a role without a password) the exchange runs
// normally and fails at the end, so clients cannot tell the cases apart.
func NewConversation(v *Verifier) *Conversation {
	if v == nil {
		salt := make([]byte, saltLen)
		_, _ = rand.Read(salt)
		v = &Verifier{Iterations: DefaultIterations, Salt: salt,
			StoredKey: make([]byte, sha256.Size), ServerKey: make([]byte, sha256.Size)}
		// An all-zero StoredKey can never match H(ClientKey).
	}
	return &Conversation{v: v}
}

// ClientFirst consumes the client-first-message and returns the
// server-first-message.
func (c *Conversation) ClientFirst(msg []byte) (string, error) {
	if c.step != 0 {
		return "", ErrProtocol
	}
	c.step = 1
	s := string(msg)
	// gs2-header: cbind-flag "," [authzid] ","
	flag, rest, ok := strings.Cut(s, ",")
	if !ok {
		return "", ErrProtocol
	}
	switch {
	case flag == "n" || flag == "y":
	case strings.HasPrefix(flag, "p="):
		return "", fmt.Errorf("%w: channel binding is not supported", ErrProtocol)
	default:
		return "", ErrProtocol
	}
	authzid, bare, ok := strings.Cut(rest, ",")
	if !ok || (authzid != "" && !strings.HasPrefix(authzid, "a=")) {
		return "", ErrProtocol
	}
	c.gs2Header = flag + "," + authzid + ","
	c.clientFirstBare = bare
	attrs := strings.Split(bare, ",")
	if len(attrs) < 2 || !strings.HasPrefix(attrs[0], "n=") || !strings.HasPrefix(attrs[1], "r=") {
		return "", ErrProtocol
	}
	clientNonce := attrs[1][2:]
	if clientNonce == "" || !printable(clientNonce) {
		return "", ErrProtocol
	}
	raw := make([]byte, nonceLen)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("scram nonce: %w", err)
	}
	c.nonce = clientNonce + base64.StdEncoding.EncodeToString(raw)
	c.serverFirst = fmt.Sprintf("r=%s,s=%s,i=%d", c.nonce,
		base64.StdEncoding.EncodeToString(c.v.Salt), c.v.Iterations)
	return c.serverFirst, nil
}

// ClientFinal consumes the client-final-message, verifies the proof and
// returns the server-final-message. It returns ErrAuthFailed for a wrong
// password.
func (c *Conversation) ClientFinal(msg []byte) (string, error) {
	if c.step != 1 {
		return "", ErrProtocol
	}
	c.step = 2
	s := string(msg)
	idx := strings.LastIndex(s, ",p=")
	if idx < 0 {
		return "", ErrProtocol
	}
	withoutProof := s[:idx]
	proof, err := base64.StdEncoding.DecodeString(s[idx+3:])
	if err != nil || len(proof) != sha256.Size {
		return "", ErrProtocol
	}
	attrs := strings.Split(withoutProof, ",")
	if len(attrs) < 2 || !strings.HasPrefix(attrs[0], "c=") || !strings.HasPrefix(attrs[1], "r=") {
		return "", ErrProtocol
	}
	cbind, err := base64.StdEncoding.DecodeString(attrs[0][2:])
	if err != nil || string(cbind) != c.gs2Header {
		return "", ErrProtocol
	}
	if attrs[1][2:] != c.nonce {
		return "", ErrProtocol
	}
	authMessage := c.clientFirstBare + "," + c.serverFirst + "," + withoutProof
	clientSig := hmacSum(c.v.StoredKey, []byte(authMessage))
	clientKey := make([]byte, sha256.Size)
	for i := range clientKey {
		clientKey[i] = proof[i] ^ clientSig[i]
	}
	got := sha256.Sum256(clientKey)
	if subtle.ConstantTimeCompare(got[:], c.v.StoredKey) != 1 {
		return "", ErrAuthFailed
	}
	serverSig := hmacSum(c.v.ServerKey, []byte(authMessage))
	return "v=" + base64.StdEncoding.EncodeToString(serverSig), nil
}

func hmacSum(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e || s[i] == ',' {
			return false
		}
	}
	return true
}
