package scram

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

// TestRFC7677 replays the SCRAM-SHA-256 example exchange of RFC 7677
// section 3 (user "user", password "pencil").
func TestRFC7677(t *testing.T) {
	salt, _ := base64.StdEncoding.DecodeString("W22ZaJ0SNY7soEsUEjb6gQ==")
	v, err := derive("pencil", salt, 4096)
	if err != nil {
		t.Fatal(err)
	}
	c := NewConversation(v)
	if _, err := c.ClientFirst([]byte("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")); err != nil {
		t.Fatal(err)
	}
	// Pin the server nonce to the RFC's.
	c.nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
	c.serverFirst = "r=" + c.nonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
	final, err := c.ClientFinal([]byte("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))
	if err != nil {
		t.Fatal(err)
	}
	if want := "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="; final != want {
		t.Fatalf("server final = %q, want %q", final, want)
	}
}

func TestWrongProof(t *testing.T) {
	vs, err := NewVerifier("secret")
	if err != nil {
		t.Fatal(err)
	}
	v, err := ParseVerifier(vs)
	if err != nil {
		t.Fatal(err)
	}
	if vs != v.String() {
		t.Fatalf("round trip: %q != %q", v.String(), vs)
	}
	if !v.Check("secret") || v.Check("Secret") {
		t.Fatal("Check disagrees with the password")
	}
	c := NewConversation(v)
	first, err := c.ClientFirst([]byte("n,,n=,r=abc"))
	if err != nil {
		t.Fatal(err)
	}
	nonce := strings.TrimPrefix(strings.Split(first, ",")[0], "r=")
	bad := base64.StdEncoding.EncodeToString(make([]byte, 32))
	_, err = c.ClientFinal([]byte("c=biws,r=" + nonce + ",p=" + bad))
	if !errors.Is(err, ErrAuthFailed) {
		t.Fatalf("err = %v, want ErrAuthFailed", err)
	}
}

func TestMalformed(t *testing.T) {
	for name, msg := range map[string]string{
		"empty":           "",
		"channel binding": "p=tls-server-end-point,,n=,r=abc",
		"no nonce":        "n,,n=user",
		"bad flag":        "x,,n=,r=abc",
	} {
		t.Run(name, func(t *testing.T) {
			c := NewConversation(nil)
			if _, err := c.ClientFirst([]byte(msg)); !errors.Is(err, ErrProtocol) {
				t.Fatalf("err = %v, want ErrProtocol", err)
			}
		})
	}
}
