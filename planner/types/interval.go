package types

import (
	"math"
	"strconv"
	"strings"

	"github.com/entitydb/entitydb/pgerr"
)

// Interval arithmetic constants (PostgreSQL's).
const (
	usPerSec  = int64(1e6)
	usPerMin  = 60 * usPerSec
	usPerHour = 60 * usPerMin
	usPerDay  = 24 * usPerHour
)

// itm is an interval split into display fields, each carrying its own sign
// (PostgreSQL's pg_itm).
type itm struct {
	year, mon, day int64
	hour, min, sec int64
	usec           int64
}

func splitInterval(iv Interval) itm {
	var f itm
	f.year = int64(iv.Months / 12)
	f.mon = int64(iv.Months % 12)
	f.day = int64(iv.Days)
	t := iv.Micros
	f.hour = t / usPerHour
	t -= f.hour * usPerHour
	f.min = t / usPerMin
	t -= f.min * usPerMin
	f.sec = t / usPerSec
	f.usec = t - f.sec*usPerSec
	return f
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// appendSeconds appends |sec| (zero-padded to two digits when pad) and the
// fraction without trailing zeros.
func appendSeconds(buf []byte, sec, usec int64, pad bool) []byte {
	if pad {
		buf = appendPadInt(buf, abs64(sec), 2)
	} else {
		buf = strconv.AppendInt(buf, abs64(sec), 10)
	}
	return appendFraction(buf, abs64(usec))
}

// appendCount appends "3 days": a number and its unit, plural unless 1.
func appendCount(buf []byte, v int64, unit string) []byte {
	buf = strconv.AppendInt(buf, v, 10)
	buf = append(buf, ' ')
	buf = append(buf, unit...)
	if v != 1 {
		buf = append(buf, 's')
	}
	return buf
}

func appendInterval(buf []byte, iv Interval, style IntervalStyle) []byte {
	f := splitInterval(iv)
	switch style {
	case IntervalPostgres:
		isZero, isBefore := true, false
		part := func(v int64, unit string) {
			if v == 0 {
				return
			}
			if !isZero {
				buf = append(buf, ' ')
			}
			if isBefore && v > 0 {
				buf = append(buf, '+')
			}
			buf = appendCount(buf, v, unit)
			isBefore = v < 0
			isZero = false
		}
		part(f.year, "year")
		part(f.mon, "mon")
		part(f.day, "day")
		if isZero || f.hour != 0 || f.min != 0 || f.sec != 0 || f.usec != 0 {
			minus := f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0
			if !isZero {
				buf = append(buf, ' ')
			}
			if minus {
				buf = append(buf, '-')
			} else if isBefore {
				buf = append(buf, '+')
			}
			buf = appendPadInt(buf, abs64(f.hour), 2)
			buf = append(buf, ':')
			buf = appendPadInt(buf, abs64(f.min), 2)
			buf = append(buf, ':')
			buf = appendSeconds(buf, f.sec, f.usec, true)
		}
		return buf

	case IntervalPostgresVerbose:
		buf = append(buf, '@')
		isZero, isBefore := true, false
		part := func(v int64, unit string) {
			if v == 0 {
				return
			}
			if isZero {
				isBefore = v < 0
				v = abs64(v)
			} else if isBefore {
				v = -v
			}
			buf = appendCount(append(buf, ' '), v, unit)
			isZero = false
		}
		part(f.year, "year")
		part(f.mon, "mon")
		part(f.day, "day")
		part(f.hour, "hour")
		part(f.min, "min")
		if f.sec != 0 || f.usec != 0 {
			buf = append(buf, ' ')
			if f.sec < 0 || (f.sec == 0 && f.usec < 0) {
				if isZero {
					isBefore = true
				} else if !isBefore {
					buf = append(buf, '-')
				}
			} else if isBefore {
				buf = append(buf, '-')
			}
			buf = appendSeconds(buf, f.sec, f.usec, false)
			buf = append(buf, " sec"...)
			if abs64(f.sec) != 1 || f.usec != 0 {
				buf = append(buf, 's')
			}
			isZero = false
		}
		if isZero {
			buf = append(buf, " 0"...)
		}
		if isBefore {
			buf = append(buf, " ago"...)
		}
		return buf

	case IntervalSQLStandard:
		hasNeg := f.year < 0 || f.mon < 0 || f.day < 0 || f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0
		hasPos := f.year > 0 || f.mon > 0 || f.day > 0 || f.hour > 0 || f.min > 0 || f.sec > 0 || f.usec > 0
		hasYM := f.year != 0 || f.mon != 0
		hasDT := f.day != 0 || f.hour != 0 || f.min != 0 || f.sec != 0 || f.usec != 0
		std := !(hasNeg && hasPos) && !(hasYM && hasDT)
		if hasNeg && std {
			buf = append(buf, '-')
			f = itm{-f.year, -f.mon, -f.day, -f.hour, -f.min, -f.sec, -f.usec}
		}
		switch {
		case !hasNeg && !hasPos:
			return append(buf, '0')
		case !std:
			ys, ds, ss := byte('+'), byte('+'), byte('+')
			if f.year < 0 || f.mon < 0 {
				ys = '-'
			}
			if f.day < 0 {
				ds = '-'
			}
			if f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0 {
				ss = '-'
			}
			buf = append(buf, ys)
			buf = strconv.AppendInt(buf, abs64(f.year), 10)
			buf = append(buf, '-')
			buf = strconv.AppendInt(buf, abs64(f.mon), 10)
			buf = append(buf, ' ', ds)
			buf = strconv.AppendInt(buf, abs64(f.day), 10)
			buf = append(buf, ' ', ss)
			buf = strconv.AppendInt(buf, abs64(f.hour), 10)
			buf = append(buf, ':')
			buf = appendPadInt(buf, abs64(f.min), 2)
			buf = append(buf, ':')
			return appendSeconds(buf, f.sec, f.usec, true)
		case hasYM:
			buf = strconv.AppendInt(buf, f.year, 10)
			buf = append(buf, '-')
			return strconv.AppendInt(buf, f.mon, 10)
		case f.day != 0:
			buf = strconv.AppendInt(buf, f.day, 10)
			buf = append(buf, ' ')
			fallthrough
		default:
			buf = strconv.AppendInt(buf, f.hour, 10)
			buf = append(buf, ':')
			buf = appendPadInt(buf, f.min, 2)
			buf = append(buf, ':')
			return appendSeconds(buf, f.sec, f.usec, true)
		}

	default: // ISO 8601
		if f == (itm{}) {
			return append(buf, "PT0S"...)
		}
		buf = append(buf, 'P')
		part := func(v int64, c byte) {
			if v != 0 {
				buf = strconv.AppendInt(buf, v, 10)
				buf = append(buf, c)
			}
		}
		part(f.year, 'Y')
		part(f.mon, 'M')
		part(f.day, 'D')
		if f.hour != 0 || f.min != 0 || f.sec != 0 || f.usec != 0 {
			buf = append(buf, 'T')
		}
		part(f.hour, 'H')
		part(f.min, 'M')
		if f.sec != 0 || f.usec != 0 {
			if f.sec < 0 || f.usec < 0 {
				buf = append(buf, '-')
			}
			buf = appendSeconds(buf, f.sec, f.usec, false)
			buf = append(buf, 'S')
		}
		return buf
	}
}

// ---- type modifiers ----

// Interval field masks (PostgreSQL's INTERVAL_MASK), combined in the range
// half of an interval typmod: INTERVAL DAY TO SECOND is
// IntervalDay|IntervalHour|IntervalMinute|IntervalSecond.
const (
	IntervalMonth  int32 = 1 << 1
	IntervalYear   int32 = 1 << 2
	IntervalDay    int32 = 1 << 3
	IntervalHour   int32 = 1 << 10
	IntervalMinute int32 = 1 << 11
	IntervalSecond int32 = 1 << 12

	IntervalFullRange     int32 = 0x7fff
	IntervalFullPrecision int32 = 0xffff
)

// IntervalTypmod combines a field range and a fractional-second precision.
func IntervalTypmod(rng, precision int32) int32 { return rng<<16 | precision&0xffff }

func intervalTypmodParts(typmod int32) (rng, precision int32) {
	if typmod < 0 {
		return IntervalFullRange, IntervalFullPrecision
	}
	return typmod >> 16 & 0x7fff, typmod & 0xffff
}

var intervalRangeNames = map[int32]string{
	IntervalYear: " year", IntervalMonth: " month", IntervalDay: " day", IntervalHour: " hour",
	IntervalMinute: " minute", IntervalSecond: " second", IntervalYear | IntervalMonth: " year to month",
	IntervalDay | IntervalHour: " day to hour", IntervalDay | IntervalHour | IntervalMinute: " day to minute",
	IntervalDay | IntervalHour | IntervalMinute | IntervalSecond: " day to second",
	IntervalHour | IntervalMinute:                                " hour to minute", IntervalHour | IntervalMinute | IntervalSecond: " hour to second",
	IntervalMinute | IntervalSecond: " minute to second", IntervalFullRange: "",
}

func validIntervalRange(r int32) bool {
	_, ok := intervalRangeNames[r]
	return ok
}

// adjustInterval applies an interval typmod: fields below the range are
// dropped, fractional seconds rounded to the precision.
func adjustInterval(iv Interval, typmod int32) Interval {
	if typmod < 0 {
		return iv
	}
	rng, prec := intervalTypmodParts(typmod)
	truncTime := func(unit int64) { iv.Micros = iv.Micros / unit * unit }
	switch rng {
	case IntervalYear:
		iv.Months = iv.Months / 12 * 12
		iv.Days, iv.Micros = 0, 0
	case IntervalMonth, IntervalYear | IntervalMonth:
		iv.Days, iv.Micros = 0, 0
	case IntervalDay:
		iv.Micros = 0
	case IntervalHour, IntervalDay | IntervalHour:
		truncTime(usPerHour)
	case IntervalMinute, IntervalDay | IntervalHour | IntervalMinute, IntervalHour | IntervalMinute:
		truncTime(usPerMin)
	}
	if prec != IntervalFullPrecision && prec < 6 {
		iv.Micros = roundMicros(iv.Micros, prec)
	}
	return iv
}

// ---- input ----

type ivUnit uint8

const (
	ivNone ivUnit = iota
	ivMicro
	ivMilli
	ivSecond
	ivMinute
	ivHour
	ivDay
	ivWeek
	ivMonth
	ivYear
	ivDecade
	ivCentury
	ivMillennium
	ivAgo
)

var intervalUnits = map[string]ivUnit{
	"microsecond": ivMicro, "microseconds": ivMicro, "us": ivMicro, "usec": ivMicro, "usecs": ivMicro, "useconds": ivMicro,
	"millisecond": ivMilli, "milliseconds": ivMilli, "ms": ivMilli, "msec": ivMilli, "msecs": ivMilli, "mseconds": ivMilli,
	"second": ivSecond, "seconds": ivSecond, "s": ivSecond, "sec": ivSecond, "secs": ivSecond,
	"minute": ivMinute, "minutes": ivMinute, "m": ivMinute, "min": ivMinute, "mins": ivMinute,
	"hour": ivHour, "hours": ivHour, "h": ivHour, "hr": ivHour, "hrs": ivHour,
	"day": ivDay, "days": ivDay, "d": ivDay,
	"week": ivWeek, "weeks": ivWeek, "w": ivWeek,
	"month": ivMonth, "months": ivMonth, "mon": ivMonth, "mons": ivMonth,
	"year": ivYear, "years": ivYear, "y": ivYear, "yr": ivYear, "yrs": ivYear,
	"decade": ivDecade, "decades": ivDecade, "dec": ivDecade, "decs": ivDecade,
	"century": ivCentury, "centuries": ivCentury, "c": ivCentury, "cent": ivCentury,
	"millennium": ivMillennium, "millennia": ivMillennium, "mil": ivMillennium, "mils": ivMillennium,
	"ago": ivAgo,
}

// ivAcc accumulates interval fields with overflow checks.
type ivAcc struct {
	months int64
	days   int64
	usec   int64
	bad    bool
}

func (a *ivAcc) addUsec(v int64) {
	s := a.usec + v
	if (v > 0 && s < a.usec) || (v < 0 && s > a.usec) {
		a.bad = true
	}
	a.usec = s
}

func (a *ivAcc) fracUsec(frac float64, scale int64) {
	if frac == 0 {
		return
	}
	frac *= float64(scale)
	us := int64(frac)
	frac -= float64(us)
	us += int64(roundHalfEven(frac))
	a.addUsec(us)
}

func (a *ivAcc) fracDays(frac float64, scale int) {
	if frac == 0 {
		return
	}
	frac *= float64(scale)
	extra := int64(frac)
	a.days += extra
	a.fracUsec(frac-float64(extra), usPerDay)
}

func (a *ivAcc) add(u ivUnit, val int64, frac float64) bool {
	mulAdd := func(v int64, scale int64) {
		p := v * scale
		if scale != 0 && p/scale != v {
			a.bad = true
		}
		a.addUsec(p)
	}
	switch u {
	case ivMicro:
		mulAdd(val, 1)
		a.fracUsec(frac, 1)
	case ivMilli:
		mulAdd(val, 1000)
		a.fracUsec(frac, 1000)
	case ivSecond:
		mulAdd(val, usPerSec)
		a.fracUsec(frac, usPerSec)
	case ivMinute:
		mulAdd(val, usPerMin)
		a.fracUsec(frac, usPerMin)
	case ivHour:
		mulAdd(val, usPerHour)
		a.fracUsec(frac, usPerHour)
	case ivDay:
		a.days += val
		a.fracUsec(frac, usPerDay)
	case ivWeek:
		a.days += val * 7
		a.fracDays(frac, 7)
	case ivMonth:
		a.months += val
		a.fracDays(frac, 30)
	case ivYear, ivDecade, ivCentury, ivMillennium:
		scale := map[ivUnit]int64{ivYear: 1, ivDecade: 10, ivCentury: 100, ivMillennium: 1000}[u]
		a.months += val * 12 * scale
		a.months += int64(roundHalfEven(frac * float64(scale) * 12))
	default:
		return false
	}
	return true
}

func roundHalfEven(f float64) float64 {
	return math.RoundToEven(f)
}

func (a *ivAcc) result() (Interval, bool) {
	if a.bad || a.months > 1<<31-1 || a.months < -1<<31 || a.days > 1<<31-1 || a.days < -1<<31 {
		return Interval{}, false
	}
	return Interval{Months: int32(a.months), Days: int32(a.days), Micros: a.usec}, true
}

// splitNumber reads a signed decimal "[-+]digits[.digits]" into its
// integer part and fraction (fraction carries the sign).
func splitNumber(s string) (int64, float64, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	ip, fp := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		ip, fp = s[:i], s[i+1:]
	}
	if ip == "" && fp == "" {
		return 0, 0, false
	}
	var v int64
	for i := 0; i < len(ip); i++ {
		c := ip[i]
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		if v > (1<<63-1-9)/10 {
			return 0, 0, false
		}
		v = v*10 + int64(c-'0')
	}
	var f float64
	if fp != "" {
		for i := 0; i < len(fp); i++ {
			if fp[i] < '0' || fp[i] > '9' {
				return 0, 0, false
			}
		}
		f, _ = strconv.ParseFloat("0."+fp, 64)
	}
	if neg {
		v, f = -v, -f
	}
	return v, f, true
}

// parseIntervalTime reads [h]h:mm[:ss[.frac]] or mm:ss.frac into
// microseconds.
func parseIntervalTime(s string) (int64, bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	h, ok := atoi64(parts[0])
	if !ok {
		return 0, false
	}
	if len(parts) == 2 {
		if i := strings.IndexByte(parts[1], '.'); i >= 0 {
			m := h
			sec, ok1 := atoi64(parts[1][:i])
			us, ok2 := parseFraction(parts[1][i+1:])
			if !ok1 || !ok2 || sec > 59 {
				return 0, false
			}
			return m*usPerMin + sec*usPerSec + us, true
		}
		m, ok := atoi64(parts[1])
		if !ok || m > 59 {
			return 0, false
		}
		return h*usPerHour + m*usPerMin, true
	}
	m, ok := atoi64(parts[1])
	if !ok || m > 59 {
		return 0, false
	}
	sec := parts[2]
	var us int64
	if i := strings.IndexByte(sec, '.'); i >= 0 {
		if us, ok = parseFraction(sec[i+1:]); !ok {
			return 0, false
		}
		sec = sec[:i]
	}
	sv := int64(0)
	if sec != "" {
		if sv, ok = atoi64(sec); !ok {
			return 0, false
		}
	}
	if sv > 60 {
		return 0, false
	}
	if h > (1<<63-1)/usPerHour {
		return 0, false
	}
	return h*usPerHour + m*usPerMin + sv*usPerSec + us, true
}

func atoi64(s string) (int64, bool) { return parseDigits(s, 18) }

// parseDigits reads a non-empty run of at most maxLen decimal digits.
func parseDigits(s string, maxLen int) (int64, bool) {
	if s == "" || len(s) > maxLen {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

func errIntervalSyntax(in string) error { return errDateSyntax("interval", in) }

func errIntervalField(in string) error {
	return pgerr.New(pgerr.IntervalFieldOverflow, "interval field value out of range: \""+in+"\"")
}

// parseInterval reads interval input in PostgreSQL's postgres, SQL
// standard and ISO 8601 forms.
//
// Under IntervalStyle sql_standard a leading minus applies to every field
// when no other field has an explicit sign ('-1 2:03:04' is minus one day
// and minus 2:03:04), as in PostgreSQL.
func parseInterval(in string, typmod int32, style IntervalStyle) (Datum, error) {
	s := trimSpace(in)
	if len(s) > 0 && (s[0] == 'P' || s[0] == 'p') && !strings.ContainsAny(s, " \t") {
		iv, err := parseISOInterval(s, in)
		if err != nil {
			return nil, err
		}
		return adjustInterval(iv, typmod), nil
	}
	fields, ok := dtLex(s)
	if !ok || len(fields) == 0 {
		return nil, errIntervalSyntax(in)
	}
	rng, _ := intervalTypmodParts(typmod)
	var acc ivAcc
	unit := ivNone
	// the rightmost bare number takes the unit of the declared range
	rangeUnit := ivSecond
	switch rng {
	case IntervalYear:
		rangeUnit = ivYear
	case IntervalMonth, IntervalYear | IntervalMonth:
		rangeUnit = ivMonth
	case IntervalDay:
		rangeUnit = ivDay
	case IntervalHour, IntervalDay | IntervalHour:
		rangeUnit = ivHour
	case IntervalMinute, IntervalHour | IntervalMinute, IntervalDay | IntervalHour | IntervalMinute:
		rangeUnit = ivMinute
	}
	minToSec := rng == IntervalMinute|IntervalSecond
	forceNeg := false
	if style == IntervalSQLStandard && len(fields) > 0 && strings.HasPrefix(fields[0].s, "-") {
		forceNeg = true
		for _, f := range fields[1:] {
			if strings.HasPrefix(f.s, "-") || strings.HasPrefix(f.s, "+") {
				forceNeg = false
				break
			}
		}
	}
	neg := func(v int64) int64 {
		if forceNeg && v > 0 {
			return -v
		}
		return v
	}
	ago := false
	seen := map[ivUnit]bool{}
	found := false
	// addTime adds an h:m:s field (only one is allowed); the number
	// before it counts days.
	addTime := func(us int64, ok bool) error {
		if !ok {
			return errIntervalField(in)
		}
		if seen[ivHour] {
			return errIntervalSyntax(in)
		}
		seen[ivHour] = true
		acc.addUsec(neg(us))
		unit = ivDay
		found = true
		return nil
	}
	for i := len(fields) - 1; i >= 0; i-- {
		f := fields[i]
		switch f.kind {
		case fTime:
			us, ok := parseIntervalTime(f.s)
			if minToSec && strings.Count(f.s, ":") == 1 {
				// MINUTE TO SECOND reads mm:ss
				us, ok = parseIntervalTime("0:" + f.s)
			}
			if err := addTime(us, ok); err != nil {
				return nil, err
			}
		case fTZ, fNumber, fDate:
			body := f.s
			if f.kind == fTZ && strings.ContainsRune(body[1:], ':') {
				us, ok := parseIntervalTime(body[1:])
				if body[0] == '-' {
					us = -us
				}
				if err := addTime(us, ok); err != nil {
					return nil, err
				}
				continue
			}
			u := unit
			if u == ivNone {
				u = rangeUnit
			}
			// "years-months"
			rest := body
			if rest != "" && (rest[0] == '-' || rest[0] == '+') {
				rest = rest[1:]
			}
			if j := strings.IndexByte(rest, '-'); j >= 0 {
				y, ok1 := atoi64(rest[:j])
				m, ok2 := atoi64(rest[j+1:])
				if !ok1 || !ok2 {
					return nil, errIntervalSyntax(in)
				}
				if m >= 12 {
					return nil, errIntervalField(in)
				}
				total := y*12 + m
				if body[0] == '-' {
					total = -total
				}
				if seen[ivMonth] {
					return nil, errIntervalSyntax(in)
				}
				seen[ivMonth] = true
				acc.months += neg(total)
				unit = ivMonth
				found = true
				continue
			}
			if f.kind == fDate {
				return nil, errIntervalSyntax(in)
			}
			v, frac, ok := splitNumber(body)
			if !ok {
				return nil, errIntervalSyntax(in)
			}
			if seen[u] && u != ivNone {
				return nil, errIntervalSyntax(in)
			}
			seen[u] = true
			if forceNeg {
				v = neg(v)
				if frac > 0 {
					frac = -frac
				}
			}
			if !acc.add(u, v, frac) {
				return nil, errIntervalSyntax(in)
			}
			if u == ivHour {
				unit = ivDay
			}
			found = true
		case fString:
			uu, ok := intervalUnits[f.s]
			if !ok {
				return nil, errIntervalSyntax(in)
			}
			if uu == ivAgo {
				if ago {
					return nil, errIntervalSyntax(in)
				}
				ago = true
				continue
			}
			unit = uu
		default:
			return nil, errIntervalSyntax(in)
		}
	}
	if !found {
		return nil, errIntervalSyntax(in)
	}
	iv, ok := acc.result()
	if !ok {
		return nil, errIntervalField(in)
	}
	if ago {
		iv = Interval{Months: -iv.Months, Days: -iv.Days, Micros: -iv.Micros}
	}
	return adjustInterval(iv, typmod), nil
}

// parseISOInterval reads "P1Y2M3DT4H5M6.5S" and "P0001-02-03T04:05:06".
func parseISOInterval(s, in string) (Interval, error) {
	var acc ivAcc
	body := s[1:]
	if body == "" {
		return Interval{}, errIntervalSyntax(in)
	}
	// alternative format
	if len(body) >= 4 && body[0] >= '0' && body[0] <= '9' && strings.ContainsAny(body, "-:") && !strings.ContainsAny(body, "YyMmWwDdHhSs") {
		datePart, timePart := body, ""
		if i := strings.IndexAny(body, "Tt"); i >= 0 {
			datePart, timePart = body[:i], body[i+1:]
		}
		if datePart != "" {
			p := strings.Split(datePart, "-")
			if len(p) != 3 {
				return Interval{}, errIntervalSyntax(in)
			}
			y, ok1 := atoi64(p[0])
			m, ok2 := atoi64(p[1])
			d, ok3 := atoi64(p[2])
			if !ok1 || !ok2 || !ok3 {
				return Interval{}, errIntervalSyntax(in)
			}
			acc.months = y*12 + m
			acc.days = d
		}
		if timePart != "" {
			us, ok := parseIntervalTime(timePart)
			if !ok {
				return Interval{}, errIntervalSyntax(in)
			}
			acc.usec = us
		}
		iv, ok := acc.result()
		if !ok {
			return Interval{}, errIntervalField(in)
		}
		return iv, nil
	}
	inTime := false
	for len(body) > 0 {
		if body[0] == 'T' || body[0] == 't' {
			if inTime {
				return Interval{}, errIntervalSyntax(in)
			}
			inTime = true
			body = body[1:]
			continue
		}
		j := 0
		for j < len(body) && (body[j] == '-' || body[j] == '+' || body[j] == '.' || (body[j] >= '0' && body[j] <= '9')) {
			j++
		}
		if j == 0 || j == len(body) {
			return Interval{}, errIntervalSyntax(in)
		}
		v, frac, ok := splitNumber(body[:j])
		if !ok {
			return Interval{}, errIntervalSyntax(in)
		}
		var u ivUnit
		switch body[j] | 0x20 {
		case 'y':
			u = ivYear
		case 'm':
			if inTime {
				u = ivMinute
			} else {
				u = ivMonth
			}
		case 'w':
			u = ivWeek
		case 'd':
			u = ivDay
		case 'h':
			u = ivHour
		case 's':
			u = ivSecond
		default:
			return Interval{}, errIntervalSyntax(in)
		}
		if (u == ivHour || u == ivSecond || u == ivMinute) != inTime {
			return Interval{}, errIntervalSyntax(in)
		}
		acc.add(u, v, frac)
		body = body[j+1:]
	}
	iv, ok := acc.result()
	if !ok {
		return Interval{}, errIntervalField(in)
	}
	return iv, nil
}

// roundInterval applies an interval typmod (range and precision).
func roundInterval(iv Interval, typmod int32) Interval { return adjustInterval(iv, typmod) }
