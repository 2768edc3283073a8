package types

import (
	"strconv"
	"strings"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// Settings are the session settings that change how values are printed and
// parsed. The session owns one and passes it to every formatting, parsing
// and evaluation call; the zero value is not valid, start from
// DefaultSettings.
type Settings struct {
	// DateStyle is the output style and the input field order of dates.
	DateStyle DateStyle
	// TimeZone is the session time zone (SET TIME ZONE); nil means UTC.
	TimeZone *time.Location
	// IntervalStyle is the output style of intervals.
	IntervalStyle IntervalStyle
	// ExtraFloatDigits is extra_float_digits (-15..3). Above 0, floats are
	// printed in their shortest exact form.
	ExtraFloatDigits int
	// ByteaOutput is bytea_output: hex or escape.
	ByteaOutput ByteaOutput
	// Now returns the current transaction's start time, which the input
	// values 'now', 'today', 'tomorrow' and 'yesterday' refer to; nil
	// means the wall clock.
	Now func() time.Time
}

// DefaultSettings returns entitydb's defaults, which match a PostgreSQL
// cluster started with timezone='UTC': DateStyle "ISO, MDY", TimeZone UTC,
// IntervalStyle postgres, extra_float_digits 1, bytea_output hex.
func DefaultSettings() *Settings {
	return &Settings{
		DateStyle:        DateStyle{Style: DateISO, Order: OrderMDY},
		TimeZone:         time.UTC,
		IntervalStyle:    IntervalPostgres,
		ExtraFloatDigits: 1,
		ByteaOutput:      ByteaHex,
	}
}

var defaultSettings = DefaultSettings()

// loc returns the session time zone, UTC when unset.
func (s *Settings) loc() *time.Location {
	if s == nil || s.TimeZone == nil {
		return time.UTC
	}
	return s.TimeZone
}

func (s *Settings) now() time.Time {
	if s == nil || s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func orDefault(s *Settings) *Settings {
	if s == nil {
		return defaultSettings
	}
	return s
}

// DateOutput is the output half of DateStyle.
type DateOutput uint8

// Date output styles.
const (
	DateISO DateOutput = iota
	DateSQL
	DatePostgres
	DateGerman
)

// DateOrder is the field order half of DateStyle, used to read ambiguous
// dates such as 01/02/2024 and (for SQL and Postgres styles) to print them.
type DateOrder uint8

// Date field orders.
const (
	OrderMDY DateOrder = iota
	OrderDMY
	OrderYMD
)

// DateStyle is the DateStyle setting.
type DateStyle struct {
	Style DateOutput
	Order DateOrder
}

// String returns the setting as SHOW DateStyle prints it ("ISO, MDY").
func (d DateStyle) String() string {
	var s string
	switch d.Style {
	case DateISO:
		s = "ISO"
	case DateSQL:
		s = "SQL"
	case DatePostgres:
		s = "Postgres"
	case DateGerman:
		s = "German"
	}
	switch d.Order {
	case OrderMDY:
		return s + ", MDY"
	case OrderDMY:
		return s + ", DMY"
	default:
		return s + ", YMD"
	}
}

// The words of a DateStyle setting.
var (
	dateOutputWords = map[string]DateOutput{"iso": DateISO, "sql": DateSQL, "postgres": DatePostgres, "german": DateGerman}
	dateOrderWords  = map[string]DateOrder{"ymd": OrderYMD, "dmy": OrderDMY, "euro": OrderDMY, "european": OrderDMY,
		"mdy": OrderMDY, "us": OrderMDY, "noneuro": OrderMDY, "noneuropean": OrderMDY}
)

// ParseDateStyle applies a DateStyle setting value (such as "ISO, DMY",
// "German" or "European") to cur and returns the result, or 22023 for an
// invalid value, with PostgreSQL's rules: a style alone keeps the order
// (German implies DMY unless an order is given).
func ParseDateStyle(value string, cur DateStyle) (DateStyle, error) {
	out := cur
	haveStyle, haveOrder := false, false
	for _, part := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		p := strings.ToLower(part)
		if st, ok := dateOutputWords[p]; ok {
			if haveStyle && out.Style != st {
				return cur, badDateStyle(value)
			}
			out.Style, haveStyle = st, true
			if st == DateGerman && !haveOrder {
				out.Order = OrderDMY
			}
			continue
		}
		if ord, ok := dateOrderWords[p]; ok {
			if haveOrder && out.Order != ord {
				return cur, badDateStyle(value)
			}
			out.Order, haveOrder = ord, true
			continue
		}
		if p != "default" {
			return cur, badDateStyle(value)
		}
		out.Style, out.Order = DateISO, OrderMDY
		haveStyle, haveOrder = true, true
	}
	return out, nil
}

func badDateStyle(v string) error {
	return pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"DateStyle\": \"%s\"", v).
		WithDetail("Unrecognized key word: \"%s\".", v)
}

// IntervalStyle is the IntervalStyle setting.
type IntervalStyle uint8

// Interval output styles.
const (
	IntervalPostgres IntervalStyle = iota
	IntervalPostgresVerbose
	IntervalSQLStandard
	IntervalISO8601
)

var intervalStyleNames = []string{"postgres", "postgres_verbose", "sql_standard", "iso_8601"}

// String returns the setting value as SHOW prints it.
func (s IntervalStyle) String() string { return intervalStyleNames[s] }

// ParseIntervalStyle reads an IntervalStyle setting value.
func ParseIntervalStyle(v string) (IntervalStyle, error) {
	for i, n := range intervalStyleNames {
		if strings.EqualFold(v, n) {
			return IntervalStyle(i), nil
		}
	}
	return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"IntervalStyle\": \"%s\"", v).
		WithHint("Available values: postgres, postgres_verbose, sql_standard, iso_8601.")
}

// ByteaOutput is the bytea_output setting.
type ByteaOutput uint8

// bytea output formats.
const (
	ByteaHex ByteaOutput = iota
	ByteaEscape
)

// String returns the setting value as SHOW prints it.
func (b ByteaOutput) String() string {
	if b == ByteaEscape {
		return "escape"
	}
	return "hex"
}

// ParseByteaOutput reads a bytea_output setting value.
func ParseByteaOutput(v string) (ByteaOutput, error) {
	switch strings.ToLower(v) {
	case "hex":
		return ByteaHex, nil
	case "escape":
		return ByteaEscape, nil
	}
	return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"bytea_output\": \"%s\"", v).
		WithHint("Available values: escape, hex.")
}

// ParseExtraFloatDigits reads an extra_float_digits setting value (-15..3).
func ParseExtraFloatDigits(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"extra_float_digits\": \"%s\"", v)
	}
	if n < -15 || n > 3 {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "%d is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)", n)
	}
	return n, nil
}

// LoadTimeZone resolves a TimeZone setting value: an IANA name
// ("Europe/Berlin", case-insensitive as in PostgreSQL where unambiguous),
// "UTC"/"GMT"/"Z", or a numeric offset. A bare number is hours east of UTC
// as SET TIME ZONE takes it ("-8", "5.5"); a POSIX-style string
// "UTC+3"/"<+03>-3" follows POSIX's inverted sign like PostgreSQL. Unknown
// zones are 22023 "invalid value for parameter "TimeZone"".
func LoadTimeZone(name string) (*time.Location, error) {
	n := strings.TrimSpace(name)
	if loc, ok := lookupZone(n); ok {
		return loc, nil
	}
	// A bare (possibly fractional) number of hours: SET TIME ZONE -8.
	if f, err := strconv.ParseFloat(n, 64); err == nil && f > -24 && f < 24 {
		secs := int(f * 3600)
		return time.FixedZone(posixOffsetName(-secs), secs), nil
	}
	// POSIX-ish "UTC+3", "GMT-5": the sign means west of Greenwich.
	for _, p := range []string{"UTC", "GMT"} {
		if len(n) > len(p) && strings.EqualFold(n[:len(p)], p) {
			if secs, ok := parseOffsetHMS(n[len(p):]); ok {
				return time.FixedZone(n, -secs), nil
			}
		}
	}
	return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"TimeZone\": \"%s\"", name)
}

// posixOffsetName names a fixed zone west-positive, as PostgreSQL shows an
// interval time zone: "<-08>+08".
func posixOffsetName(westSecs int) string {
	return "<" + formatOffsetName(-westSecs) + ">" + formatOffsetName(westSecs)
}

func formatOffsetName(secs int) string {
	sign := "+"
	if secs < 0 {
		sign, secs = "-", -secs
	}
	s := sign + pad2(secs/3600)
	if m := secs % 3600 / 60; m != 0 || secs%60 != 0 {
		s += ":" + pad2(m)
	}
	if secs%60 != 0 {
		s += ":" + pad2(secs%60)
	}
	return s
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// parseOffsetHMS reads "+3", "-05:30", "+0530", "+05:30:15" into seconds.
func parseOffsetHMS(s string) (int, bool) {
	if s == "" || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	neg := s[0] == '-'
	s = s[1:]
	var h, m, sec int
	var ok bool
	if i := strings.IndexByte(s, ':'); i >= 0 {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, false
		}
		vals := [3]int{}
		for k, p := range parts {
			if vals[k], ok = atoiDigits(p); !ok {
				return 0, false
			}
		}
		h, m, sec = vals[0], vals[1], vals[2]
	} else {
		switch len(s) {
		case 1, 2:
			h, ok = atoiDigits(s)
		case 3, 4:
			h, ok = atoiDigits(s[:len(s)-2])
			if ok {
				m, ok = atoiDigits(s[len(s)-2:])
			}
		case 5, 6:
			h, ok = atoiDigits(s[:len(s)-4])
			if ok {
				m, ok = atoiDigits(s[len(s)-4 : len(s)-2])
			}
			if ok {
				sec, ok = atoiDigits(s[len(s)-2:])
			}
		}
		if !ok {
			return 0, false
		}
	}
	if m >= 60 || sec >= 60 {
		return 0, false
	}
	t := h*3600 + m*60 + sec
	if neg {
		t = -t
	}
	return t, true
}

func atoiDigits(s string) (int, bool) {
	v, ok := parseDigits(s, 9)
	return int(v), ok
}
