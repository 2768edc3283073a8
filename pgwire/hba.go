package pgwire

import (
	"bufio"
	"fmt"
	"io"
	"net/netip"
	"os"
	"slices"
	"strings"
)

// Method is an authentication method chosen by a Rule.
type Method string

// Authentication methods, named as in pg_hba.conf.
const (
	MethodTrust    Method = "trust"
	MethodReject   Method = "reject"
	MethodSCRAM    Method = "scram-sha-256"
	MethodMD5      Method = "md5"
	MethodPassword Method = "password" // cleartext
)

// Rule is one line of the auth rules file:
//
//	<type> <databases> <users> <address> <method>
//
// type is host (any TCP connection), hostssl (TLS only) or hostnossl
// (plain only); databases and users are `all` or comma-separated names;
// address is `all`, an IP address, or a CIDR prefix.
type Rule struct {
	Line      int
	ConnType  string
	Databases []string // nil: all
	Users     []string // nil: all
	Prefix    netip.Prefix
	AnyAddr   bool
	Method    Method
}

// Rules are the auth rules in file order; the first matching rule decides.
type Rules []Rule

// DefaultRules require SCRAM-SHA-256 from every client.
func DefaultRules() Rules {
	return Rules{{ConnType: "host", AnyAddr: true, Method: MethodSCRAM}}
}

// LoadRules reads a rules file.
func LoadRules(path string) (Rules, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("auth rules: %w", err)
	}
	defer f.Close()
	rules, err := ParseRules(f)
	if err != nil {
		return nil, fmt.Errorf("auth rules %s: %w", path, err)
	}
	return rules, nil
}

// ParseRules parses rules text. `#` starts a comment; blank lines are
// ignored.
func ParseRules(r io.Reader) (Rules, error) {
	var rules Rules
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 5 {
			return nil, fmt.Errorf("line %d: want 5 fields (type databases users address method), got %d", n, len(f))
		}
		rule := Rule{Line: n, ConnType: f[0], Method: Method(f[4])}
		switch f[0] {
		case "host", "hostssl", "hostnossl":
		default:
			return nil, fmt.Errorf("line %d: unknown connection type %q (want host, hostssl or hostnossl)", n, f[0])
		}
		rule.Databases = nameList(f[1])
		rule.Users = nameList(f[2])
		if f[3] == "all" {
			rule.AnyAddr = true
		} else if p, err := netip.ParsePrefix(f[3]); err == nil {
			rule.Prefix = p.Masked()
		} else if a, err := netip.ParseAddr(f[3]); err == nil {
			rule.Prefix = netip.PrefixFrom(a, a.BitLen())
		} else {
			return nil, fmt.Errorf("line %d: bad address %q (want all, an IP address or a CIDR prefix)", n, f[3])
		}
		switch rule.Method {
		case MethodTrust, MethodReject, MethodSCRAM, MethodMD5, MethodPassword:
		default:
			return nil, fmt.Errorf("line %d: unknown method %q (want trust, reject, scram-sha-256, md5 or password)", n, f[4])
		}
		rules = append(rules, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return rules, nil
}

func nameList(s string) []string {
	if s == "all" {
		return nil
	}
	return strings.Split(s, ",")
}

// Match returns the first rule matching a connection, or nil.
func (rs Rules) Match(addr netip.Addr, tls bool, database, user string) *Rule {
	addr = addr.Unmap()
	for i := range rs {
		r := &rs[i]
		if (r.ConnType == "hostssl" && !tls) || (r.ConnType == "hostnossl" && tls) {
			continue
		}
		if r.Databases != nil && !slices.Contains(r.Databases, database) {
			continue
		}
		if r.Users != nil && !slices.Contains(r.Users, user) {
			continue
		}
		if !r.AnyAddr && !(addr.IsValid() && r.Prefix.Contains(addr)) {
			continue
		}
		return r
	}
	return nil
}
