package storage

import (
	"encoding/hex"
	"strings"
)

// EncodedNamePrefix starts the file-name base of every namespace whose
// name is not plain (see NamespaceFileBase). Plain names start with a
// letter or `_`, never with a digit, so the two forms cannot collide.
const EncodedNamePrefix = "0x"

// PlainName reports whether a namespace name is its own file-name base:
// [a-z_][a-z0-9_$]*. Every name the store accepted before names could be
// quoted identifiers is plain, so existing data directories keep their
// file names.
func PlainName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		ok := c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '$')
		if !ok {
			return false
		}
	}
	return true
}

// NamespaceFileBase returns the base of the file names of namespace name
// in namespaces/ (<base>.wal, <base>.idx). A plain name is its own base;
// any other name (upper case, spaces, quotes, `/`, `.`, non-ASCII, a
// leading digit) is EncodedNamePrefix followed by the lower-case hex of
// its bytes: "MixedCase" is "0x4d6978656443617365".
// Bases use only [a-z0-9_$], so they are the same on case-insensitive and
// Unicode-normalizing file systems, never contain a path separator, and
// two names never share a base. A 63-byte name gives a 128-byte base.
func NamespaceFileBase(name string) string {
	if PlainName(name) {
		return name
	}
	return EncodedNamePrefix + hex.EncodeToString([]byte(name))
}

// NamespaceFromFileBase returns the namespace name whose base is base, and
// false if NamespaceFileBase returns base for no name (the file is not a
// namespace's).
func NamespaceFromFileBase(base string) (string, bool) {
	if PlainName(base) {
		return base, true
	}
	h, ok := strings.CutPrefix(base, EncodedNamePrefix)
	if !ok || h == "" || strings.ToLower(h) != h {
		return "", false
	}
	b, err := hex.DecodeString(h)
	if err != nil || PlainName(string(b)) {
		return "", false // a plain name is never encoded
	}
	return string(b), true
}
