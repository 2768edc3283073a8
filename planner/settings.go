package planner

// Session settings (GUCs): the ones clients read and write, with
// PostgreSQL's names, defaults, normalisation and ParameterStatus
// reporting. SET inside a transaction block is undone by ROLLBACK (and SET
// LOCAL at the block's end), as in PostgreSQL.

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	// time zone names must resolve on machines without a zoneinfo
	// database (minimal containers)
	_ "time/tzdata"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// ServerVersion is the PostgreSQL version we present: server_version,
// server_version_num and version() agree on it.
const (
	ServerVersion    = "15.8"
	ServerVersionNum = "150008"
	versionString    = "PostgreSQL " + ServerVersion + " (EntityDB) on x86_64-pc-linux-gnu, compiled by Go, 64-bit"
)

type gucContext uint8

const (
	gucUser     gucContext = iota // SET-able
	gucInternal                   // read only (server_version...)
)

type gucDef struct {
	name      string // display name, as SHOW ALL and ParameterStatus spell it
	def       string
	report    bool
	ctx       gucContext
	normalize func(s *Session, v string) (string, error)
	desc      string
	// startup-only settings that clients may still try to set
	settable bool
}

var gucDefs = map[string]*gucDef{}

func defGUC(d *gucDef) { gucDefs[strings.ToLower(d.name)] = d }

func init() {
	defGUC(&gucDef{name: "application_name", report: true, desc: "Sets the application name to be reported in statistics and logs.", normalize: func(_ *Session, v string) (string, error) {
		// PostgreSQL replaces non-printable ASCII with '?'
		b := []byte(v)
		for i, c := range b {
			if c < 32 || c > 126 {
				b[i] = '?'
			}
		}
		return truncateUTF8(string(b), 63), nil
	}})
	defGUC(&gucDef{name: "client_encoding", def: "UTF8", report: true, desc: "Sets the client's character set encoding.", normalize: func(_ *Session, v string) (string, error) {
		switch strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(v, "-", ""), "_", "")) {
		case "UTF8", "UNICODE":
			return "UTF8", nil
		case "SQLASCII":
			return "SQL_ASCII", nil
		}
		switch strings.ToUpper(strings.ReplaceAll(v, "_", "")) {
		case "LATIN1", "LATIN2", "LATIN9", "WIN1252", "WIN1251", "EUCJP", "SJIS", "BIG5", "GBK", "KOI8R", "ISO88591", "ISO885915":
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "conversion between %s and UTF8 is not supported", v)
		}
		return "", pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"client_encoding\": %q", v)
	}})
	defGUC(&gucDef{name: "DateStyle", def: "ISO, MDY", report: true, desc: "Sets the display format for date and time values.", normalize: normalizeDateStyle})
	defGUC(&gucDef{name: "IntervalStyle", def: "postgres", report: true, desc: "Sets the display format for interval values.", normalize: func(_ *Session, v string) (string, error) {
		is, err := types.ParseIntervalStyle(v)
		if err != nil {
			return "", err
		}
		return is.String(), nil
	}})
	defGUC(&gucDef{name: "TimeZone", def: "UTC", report: true, desc: "Sets the time zone for displaying and interpreting time stamps.", normalize: normalizeTimeZone})
	defGUC(&gucDef{name: "integer_datetimes", def: "on", report: true, ctx: gucInternal, desc: "Shows whether datetimes are integer based."})
	defGUC(&gucDef{name: "is_superuser", def: "on", report: true, ctx: gucInternal, desc: "Shows whether the current user is a superuser."})
	defGUC(&gucDef{name: "server_encoding", def: "UTF8", report: true, ctx: gucInternal, desc: "Shows the server (database) character set encoding."})
	defGUC(&gucDef{name: "server_version", def: ServerVersion, report: true, ctx: gucInternal, desc: "Shows the server version."})
	defGUC(&gucDef{name: "server_version_num", def: ServerVersionNum, ctx: gucInternal, desc: "Shows the server version as an integer."})
	defGUC(&gucDef{name: "session_authorization", def: "entitydb", report: true, desc: "Sets the session user name.", normalize: func(s *Session, v string) (string, error) {
		if v != s.user && !strings.EqualFold(v, "default") {
			return "", pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied to set session authorization")
		}
		return s.user, nil
	}})
	defGUC(&gucDef{name: "standard_conforming_strings", def: "on", report: true, desc: "Causes '...' strings to treat backslashes literally.", normalize: func(_ *Session, v string) (string, error) {
		b, err := parseBoolSetting("standard_conforming_strings", v)
		if err != nil {
			return "", err
		}
		if b != "on" {
			return "", pgerr.New(pgerr.FeatureNotSupported, "standard_conforming_strings cannot be turned off")
		}
		return b, nil
	}})
	defGUC(&gucDef{name: "default_transaction_read_only", def: "off", report: true, desc: "Sets the default read-only status of new transactions.", normalize: boolNormalizer("default_transaction_read_only")})
	defGUC(&gucDef{name: "in_hot_standby", def: "off", report: true, ctx: gucInternal, desc: "Shows whether hot standby is currently active."})
	defGUC(&gucDef{name: "search_path", def: `"$user", public`, desc: "Sets the schema search order for names that are not schema-qualified.", normalize: normalizeSearchPath})
	defGUC(&gucDef{name: "extra_float_digits", def: "1", desc: "Sets the number of digits displayed for floating-point values.", normalize: func(_ *Session, v string) (string, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return "", pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"extra_float_digits\": %q", v)
		}
		if n < -15 || n > 3 {
			return "", pgerr.Newf(pgerr.InvalidParameterValue, "%d is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)", n)
		}
		return strconv.Itoa(n), nil
	}})
	for _, t := range []string{"statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "idle_session_timeout"} {
		name := t
		defGUC(&gucDef{name: name, def: "0", desc: "Sets the maximum allowed duration (0 disables).", normalize: func(_ *Session, v string) (string, error) {
			d, err := parseDurationMS(name, v)
			if err != nil {
				return "", err
			}
			return formatDurationMS(d), nil
		}})
	}
	defGUC(&gucDef{name: "transaction_isolation", def: "read committed", desc: "Sets the current transaction's isolation level.", normalize: func(s *Session, v string) (string, error) {
		return normalizeIsolation(v)
	}})
	defGUC(&gucDef{name: "default_transaction_isolation", def: "read committed", desc: "Sets the transaction isolation level of each new transaction.", normalize: func(_ *Session, v string) (string, error) {
		return normalizeIsolation(v)
	}})
	defGUC(&gucDef{name: "transaction_read_only", def: "off", desc: "Sets the current transaction's read-only status.", normalize: boolNormalizer("transaction_read_only")})
	defGUC(&gucDef{name: "default_transaction_deferrable", def: "off", normalize: boolNormalizer("default_transaction_deferrable")})
	defGUC(&gucDef{name: "transaction_deferrable", def: "off", normalize: boolNormalizer("transaction_deferrable")})
	defGUC(&gucDef{name: "client_min_messages", def: "notice", desc: "Sets the message levels that are sent to the client.", normalize: enumNormalizer("client_min_messages", "debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error")})
	defGUC(&gucDef{name: "bytea_output", def: "hex", desc: "Sets the output format for bytea.", normalize: func(_ *Session, v string) (string, error) {
		b, err := types.ParseByteaOutput(v)
		if err != nil {
			return "", err
		}
		return b.String(), nil
	}})
	defGUC(&gucDef{name: "max_identifier_length", def: "63", ctx: gucInternal})
	defGUC(&gucDef{name: "max_index_keys", def: "32", ctx: gucInternal})
	defGUC(&gucDef{name: "block_size", def: "8192", ctx: gucInternal})
	defGUC(&gucDef{name: "lc_collate", def: "C", ctx: gucInternal})
	defGUC(&gucDef{name: "lc_ctype", def: "C", ctx: gucInternal})
	defGUC(&gucDef{name: "lc_messages", def: "C"})
	defGUC(&gucDef{name: "lc_monetary", def: "C"})
	defGUC(&gucDef{name: "lc_numeric", def: "C"})
	defGUC(&gucDef{name: "lc_time", def: "C"})
	defGUC(&gucDef{name: "max_connections", def: "100", ctx: gucInternal})
	defGUC(&gucDef{name: "data_directory_mode", def: "0700", ctx: gucInternal})
	defGUC(&gucDef{name: "escape_string_warning", def: "on", normalize: boolNormalizer("escape_string_warning")})
	defGUC(&gucDef{name: "synchronous_commit", def: "on"})
	defGUC(&gucDef{name: "timezone_abbreviations", def: "Default"})
	defGUC(&gucDef{name: "row_security", def: "on", normalize: boolNormalizer("row_security")})
	defGUC(&gucDef{name: "check_function_bodies", def: "on", normalize: boolNormalizer("check_function_bodies")})
	defGUC(&gucDef{name: "xmloption", def: "content"})
	defGUC(&gucDef{name: "jit", def: "off", normalize: boolNormalizer("jit")})
	defGUC(&gucDef{name: "work_mem", def: "4MB"})
	defGUC(&gucDef{name: "maintenance_work_mem", def: "64MB"})
	defGUC(&gucDef{name: "temp_buffers", def: "8MB"})
	defGUC(&gucDef{name: "search_path_dummy", def: ""})
	defGUC(&gucDef{name: "track_io_timing", def: "off", normalize: boolNormalizer("track_io_timing")})
	defGUC(&gucDef{name: "default_tablespace", def: ""})
	defGUC(&gucDef{name: "default_with_oids", def: "off"})
	defGUC(&gucDef{name: "password_encryption", def: "scram-sha-256"})
	defGUC(&gucDef{name: "role", def: "none"})
	defGUC(&gucDef{name: "session_replication_role", def: "origin"})
	defGUC(&gucDef{name: "plan_cache_mode", def: "auto"})
	defGUC(&gucDef{name: "geqo", def: "on", normalize: boolNormalizer("geqo")})
	defGUC(&gucDef{name: "array_nulls", def: "on", normalize: boolNormalizer("array_nulls")})
	defGUC(&gucDef{name: "quote_all_identifiers", def: "off", normalize: boolNormalizer("quote_all_identifiers")})
	defGUC(&gucDef{name: "lo_compat_privileges", def: "off"})
	defGUC(&gucDef{name: "statement_timeout_dummy", def: ""})
	for _, e := range []string{"enable_bitmapscan", "enable_hashagg", "enable_hashjoin", "enable_indexscan", "enable_indexonlyscan", "enable_material", "enable_mergejoin", "enable_nestloop", "enable_seqscan", "enable_sort", "enable_partitionwise_join", "enable_partitionwise_aggregate", "enable_incremental_sort", "enable_memoize", "enable_parallel_append", "enable_parallel_hash", "enable_partition_pruning", "enable_tidscan", "enable_gathermerge", "enable_async_append"} {
		defGUC(&gucDef{name: e, def: "on", normalize: boolNormalizer(e)})
	}
	delete(gucDefs, "search_path_dummy")
	delete(gucDefs, "statement_timeout_dummy")
}

// settings is one session's GUC values.
type settings struct {
	vals map[string]string // lower-case name -> value
}

func newSettings() *settings {
	s := &settings{vals: map[string]string{}}
	for k, d := range gucDefs {
		s.vals[k] = d.def
	}
	return s
}

func (st *settings) get(name string) string { return st.vals[strings.ToLower(name)] }

func boolNormalizer(name string) func(*Session, string) (string, error) {
	return func(_ *Session, v string) (string, error) { return parseBoolSetting(name, v) }
}

func parseBoolSetting(name, v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "true", "yes", "1", "t", "y":
		return "on", nil
	case "off", "false", "no", "0", "f", "n":
		return "off", nil
	}
	return "", pgerr.Newf(pgerr.InvalidParameterValue, "parameter %q requires a Boolean value", name)
}

func enumNormalizer(name string, allowed ...string) func(*Session, string) (string, error) {
	return func(_ *Session, v string) (string, error) {
		l := strings.ToLower(strings.TrimSpace(v))
		for _, a := range allowed {
			if l == a {
				return a, nil
			}
		}
		if name == "client_min_messages" && (l == "info" || l == "fatal" || l == "panic") {
			return l, nil
		}
		return "", pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter %q: %q", name, v).
			WithHint("Available values: %s.", strings.Join(allowed, ", "))
	}
}

func normalizeIsolation(v string) (string, error) {
	switch strings.ToLower(strings.Join(strings.Fields(v), " ")) {
	case "read committed":
		return "read committed", nil
	case "read uncommitted":
		return "read uncommitted", nil
	case "repeatable read":
		return "repeatable read", nil
	case "serializable":
		return "serializable", nil
	}
	return "", pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"transaction_isolation\": %q", v).
		WithHint("Available values: serializable, repeatable read, read committed, read uncommitted.")
}

func normalizeDateStyle(s *Session, v string) (string, error) {
	cur := types.DefaultSettings().DateStyle
	if s != nil {
		cur = s.formatSettings().DateStyle
	}
	ds, err := types.ParseDateStyle(v, cur)
	if err != nil {
		return "", err
	}
	return ds.String(), nil
}

func normalizeTimeZone(_ *Session, v string) (string, error) {
	if _, err := loadLocation(v); err != nil {
		return "", err
	}
	if strings.EqualFold(v, "utc") {
		return "UTC", nil
	}
	if strings.EqualFold(v, "gmt") {
		return "GMT", nil
	}
	if strings.EqualFold(v, "local") {
		return "UTC", nil
	}
	return v, nil
}

// locCache caches resolved time zones (shared by all sessions).
var locCache sync.Map // name -> *time.Location

// loadLocation resolves a TimeZone setting: IANA names, UTC/GMT, and
// POSIX-style offsets ("+05", "UTC-3"; note POSIX signs are inverted:
// "UTC+3" is three hours west), and ISO offsets like "+05:30" set through
// SET TIME ZONE INTERVAL / numeric hours.
func loadLocation(name string) (*time.Location, error) {
	if l, ok := locCache.Load(name); ok {
		return l.(*time.Location), nil
	}
	n := strings.TrimSpace(name)
	var loc *time.Location
	switch strings.ToLower(n) {
	case "utc", "gmt", "z", "zulu", "etc/utc", "etc/gmt", "universal", "local":
		loc = time.FixedZone(strings.ToUpper(n), 0)
		if strings.EqualFold(n, "utc") || strings.EqualFold(n, "local") {
			loc = time.UTC
		}
	}
	if loc == nil {
		if l, err := time.LoadLocation(n); err == nil {
			loc = l
		}
	}
	if loc == nil && strings.HasPrefix(n, "<") {
		// "<+02>-02": an abbreviation in angle brackets, then a POSIX offset
		if i := strings.IndexByte(n, '>'); i > 0 {
			if l, err := loadLocation("X" + n[i+1:]); err == nil {
				_, off := time.Now().In(l).Zone()
				loc = time.FixedZone(n[1:i], off)
			}
		}
	}
	if loc == nil {
		// POSIX offsets: [name]±hh[:mm]; the sign is west-positive
		s := n
		i := strings.IndexAny(s, "+-")
		if i >= 0 {
			prefix := s[:i]
			isAlpha := true
			for _, r := range prefix {
				if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
					isAlpha = false
				}
			}
			if isAlpha {
				sign := 1
				if s[i] == '-' {
					sign = -1
				}
				hh, mm, _ := strings.Cut(s[i+1:], ":")
				h, err1 := strconv.Atoi(hh)
				m := 0
				var err2 error
				if mm != "" {
					m, err2 = strconv.Atoi(mm)
				}
				if err1 == nil && err2 == nil && h <= 15 {
					// POSIX: positive means west of Greenwich
					off := -sign * (h*3600 + m*60)
					loc = time.FixedZone(n, off)
				}
			}
		} else if h, err := strconv.ParseFloat(n, 64); err == nil {
			// numeric hours east (SET TIME ZONE 5)
			loc = time.FixedZone(n, int(h*3600))
		}
	}
	if loc == nil {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"TimeZone\": %q", name)
	}
	locCache.Store(name, loc)
	return loc, nil
}

func normalizeSearchPath(_ *Session, v string) (string, error) {
	parts := splitSearchPath(v)
	out := make([]string, len(parts))
	for i, p := range parts {
		if p == "$user" {
			out[i] = `"$user"`
		} else {
			out[i] = quoteIdent(p)
		}
	}
	return strings.Join(out, ", "), nil
}

// splitSearchPath parses a search_path value into schema names.
func splitSearchPath(v string) []string {
	var out []string
	i := 0
	for i < len(v) {
		for i < len(v) && (v[i] == ' ' || v[i] == ',' || v[i] == '\t') {
			i++
		}
		if i >= len(v) {
			break
		}
		if v[i] == '"' {
			j := i + 1
			var b strings.Builder
			for j < len(v) {
				if v[j] == '"' {
					if j+1 < len(v) && v[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(v[j])
				j++
			}
			out = append(out, b.String())
			i = j + 1
			continue
		}
		j := i
		for j < len(v) && v[j] != ',' {
			j++
		}
		out = append(out, strings.ToLower(strings.TrimSpace(v[i:j])))
		i = j
	}
	return out
}

func parseDurationMS(name, v string) (time.Duration, error) {
	s := strings.TrimSpace(strings.ToLower(v))
	num := s
	unit := "ms"
	for i, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-') {
			num, unit = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i:])
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter %q: %q", name, v)
	}
	mult := map[string]float64{"us": 0.001, "ms": 1, "s": 1000, "min": 60000, "h": 3600000, "d": 86400000}[unit]
	if mult == 0 {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter %q: %q", name, v).
			WithHint("Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".")
	}
	ms := f * mult
	if ms < 0 {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "%s ms is outside the valid range for parameter %q (0 .. 2147483647)", strconv.FormatFloat(ms, 'f', -1, 64), name)
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

// formatDurationMS renders like SHOW statement_timeout: "0", "5s", "1min",
// "250ms".
func formatDurationMS(d time.Duration) string {
	ms := d.Milliseconds()
	switch {
	case ms == 0:
		return "0"
	case ms%86400000 == 0:
		return strconv.FormatInt(ms/86400000, 10) + "d"
	case ms%3600000 == 0:
		return strconv.FormatInt(ms/3600000, 10) + "h"
	case ms%60000 == 0:
		return strconv.FormatInt(ms/60000, 10) + "min"
	case ms%1000 == 0:
		return strconv.FormatInt(ms/1000, 10) + "s"
	}
	return strconv.FormatInt(ms, 10) + "ms"
}

// sortedGUCNames lists settings for SHOW ALL.
func sortedGUCNames() []string {
	names := make([]string, 0, len(gucDefs))
	for k := range gucDefs {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return gucDefs[names[i]].name < gucDefs[names[j]].name })
	return names
}
