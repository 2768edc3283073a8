package types

import (
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Timestamps are time.Time values (see Datum). PostgreSQL's infinities are
// two sentinel instants far outside the valid range, so that ordinary
// time comparisons order them correctly.
var (
	// TimestampPosInf is 'infinity' for timestamp and timestamptz.
	TimestampPosInf = time.Unix(1<<61, 0).UTC()
	// TimestampNegInf is '-infinity' for timestamp and timestamptz.
	TimestampNegInf = time.Unix(-(1 << 61), 0).UTC()
)

// Valid timestamp range (PostgreSQL: 4714-11-24 BC .. 294276-12-31 AD).
var (
	minTimestamp = time.Date(-4713, 11, 24, 0, 0, 0, 0, time.UTC)
	maxTimestamp = time.Date(294277, 1, 1, 0, 0, 0, 0, time.UTC) // exclusive
)

// IsInfTime reports whether t is one of the timestamp infinities: +1, -1,
// or 0 when t is finite.
func IsInfTime(t time.Time) int {
	if t.Equal(TimestampPosInf) {
		return 1
	}
	if t.Equal(TimestampNegInf) {
		return -1
	}
	return 0
}

// checkTimestamp returns 22008 "timestamp out of range" for finite values
// outside PostgreSQL's range and truncates to microseconds.
func checkTimestamp(t time.Time) (time.Time, error) {
	if IsInfTime(t) != 0 {
		return t, nil
	}
	if t.Before(minTimestamp) || !t.Before(maxTimestamp) {
		return t, errTSOutOfRange()
	}
	return t.Truncate(time.Microsecond), nil
}

// TimestampMicros returns the PostgreSQL binary representation of a
// timestamp: microseconds since 2000-01-01 00:00:00 UTC, with the
// infinities as the int64 extremes.
func TimestampMicros(t time.Time) int64 {
	switch IsInfTime(t) {
	case 1:
		return 1<<63 - 1
	case -1:
		return -1 << 63
	}
	return (t.Unix()-946684800)*1e6 + int64(t.Nanosecond()/1000)
}

// addMicros adds microseconds to a time without time.Duration's 292-year
// limit.
func addMicros(t time.Time, us int64) time.Time {
	secs := us / 1e6
	rem := us % 1e6
	return time.Unix(t.Unix()+secs, int64(t.Nanosecond())+rem*1000).UTC()
}

// TimestampFromMicros is the inverse of TimestampMicros.
func TimestampFromMicros(us int64) time.Time {
	switch us {
	case 1<<63 - 1:
		return TimestampPosInf
	case -1 << 63:
		return TimestampNegInf
	}
	// Split to stay inside time.Duration's range.
	secs := us / 1e6
	rem := us % 1e6
	if rem < 0 {
		rem += 1e6
		secs--
	}
	return time.Unix(secs+946684800, rem*1000).UTC()
}

// ---- dates ----

// daysFromCivil returns the day number of a proleptic Gregorian date (year
// 0 is 1 BC) counted from 1970-01-01.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := m + 9
	if m > 2 {
		mp = m - 3
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

const unixToPGDays = 10957 // days from 1970-01-01 to 2000-01-01

// MakeDate returns the Date of a proleptic Gregorian year (0 = 1 BC), month
// and day. It does not validate.
func MakeDate(year, month, day int) Date {
	return Date(daysFromCivil(int64(year), int64(month), int64(day)) - unixToPGDays)
}

// YMD returns the calendar fields of a finite date (year 0 is 1 BC).
func (d Date) YMD() (year, month, day int) {
	y, m, dd := civilFromDays(int64(d) + unixToPGDays)
	return int(y), int(m), int(dd)
}

// Time returns the date as a timestamp (midnight, UTC wall clock); the
// infinities map to the timestamp infinities.
func (d Date) Time() time.Time {
	switch d {
	case DatePosInf:
		return TimestampPosInf
	case DateNegInf:
		return TimestampNegInf
	}
	return time.Unix((int64(d)+unixToPGDays)*86400, 0).UTC()
}

// DateOfTime returns the date part of a timestamp's UTC wall clock.
func DateOfTime(t time.Time) Date {
	switch IsInfTime(t) {
	case 1:
		return DatePosInf
	case -1:
		return DateNegInf
	}
	secs := t.Unix()
	days := secs / 86400
	if secs%86400 < 0 {
		days--
	}
	return Date(days - unixToPGDays)
}

// date range: 4714-11-24 BC .. 5874897-12-31 AD
var (
	minDate = MakeDate(-4713, 11, 24)
	maxDate = MakeDate(5874898, 1, 1) - 1
)

func checkDate(d Date) error {
	if d == DatePosInf || d == DateNegInf {
		return nil
	}
	if d < minDate || d > maxDate {
		return errDateOutOfRange()
	}
	return nil
}

var monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
var dayNames = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func appendPadInt(buf []byte, v int64, width int) []byte {
	if v < 0 {
		buf = append(buf, '-')
		v = -v
	}
	var tmp [20]byte
	i := len(tmp)
	for v >= 10 {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	i--
	tmp[i] = byte('0' + v)
	for n := len(tmp) - i; n < width; n++ {
		buf = append(buf, '0')
	}
	return append(buf, tmp[i:]...)
}

// appendYearBC appends the year as PostgreSQL prints it: at least four
// digits, BC years as positive numbers (the caller appends " BC").
func displayYear(y int) (int, bool) {
	if y <= 0 {
		return 1 - y, true
	}
	return y, false
}

// appendDateFields appends a date in the given style. It reports whether the
// year is BC (the caller appends " BC" after any time part).
func appendDateFields(buf []byte, y, m, d int, ds DateStyle) ([]byte, bool) {
	yy, bc := displayYear(y)
	switch ds.Style {
	case DateISO:
		buf = appendPadInt(buf, int64(yy), 4)
		buf = append(buf, '-')
		buf = appendPadInt(buf, int64(m), 2)
		buf = append(buf, '-')
		buf = appendPadInt(buf, int64(d), 2)
	case DateSQL:
		buf = appendDayMonthYear(buf, d, m, yy, ds.Order == OrderDMY, '/')
	case DateGerman:
		buf = appendDayMonthYear(buf, d, m, yy, true, '.')
	case DatePostgres:
		// Dates alone print as "MM-DD-YYYY" (or DD-MM-YYYY).
		buf = appendDayMonthYear(buf, d, m, yy, ds.Order == OrderDMY, '-')
	}
	return buf, bc
}

// appendDayMonthYear appends "MM/DD/YYYY" with sep between the fields,
// the day first when dayFirst.
func appendDayMonthYear(buf []byte, d, m, y int, dayFirst bool, sep byte) []byte {
	if dayFirst {
		d, m = m, d
	}
	buf = appendPadInt(buf, int64(m), 2)
	buf = append(buf, sep)
	buf = appendPadInt(buf, int64(d), 2)
	buf = append(buf, sep)
	return appendPadInt(buf, int64(y), 4)
}

func appendDate(buf []byte, d Date, s *Settings) []byte {
	switch d {
	case DatePosInf:
		return append(buf, "infinity"...)
	case DateNegInf:
		return append(buf, "-infinity"...)
	}
	y, m, dd := d.YMD()
	buf, bc := appendDateFields(buf, y, m, dd, s.DateStyle)
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

// appendClock appends HH:MM:SS[.ffffff] with trailing fraction zeros cut.
func appendClock(buf []byte, h, mi, sec int, micros int64) []byte {
	buf = appendPadInt(buf, int64(h), 2)
	buf = append(buf, ':')
	buf = appendPadInt(buf, int64(mi), 2)
	buf = append(buf, ':')
	buf = appendPadInt(buf, int64(sec), 2)
	return appendFraction(buf, micros)
}

// appendFraction appends ".ffffff" without trailing zeros, nothing for 0.
func appendFraction(buf []byte, micros int64) []byte {
	if micros == 0 {
		return buf
	}
	var f [7]byte
	f[0] = '.'
	for i := 6; i >= 1; i-- {
		f[i] = byte('0' + micros%10)
		micros /= 10
	}
	n := 7
	for f[n-1] == '0' {
		n--
	}
	return append(buf, f[:n]...)
}

// appendOffset appends a UTC offset as PostgreSQL's ISO style does: +HH,
// +HH:MM or +HH:MM:SS.
func appendOffset(buf []byte, off int) []byte {
	if off < 0 {
		buf = append(buf, '-')
		off = -off
	} else {
		buf = append(buf, '+')
	}
	buf = appendPadInt(buf, int64(off/3600), 2)
	if off%3600 != 0 {
		buf = append(buf, ':')
		buf = appendPadInt(buf, int64(off%3600/60), 2)
		if off%60 != 0 {
			buf = append(buf, ':')
			buf = appendPadInt(buf, int64(off%60), 2)
		}
	}
	return buf
}

// appendTimestamp formats a timestamp (withTZ: a timestamptz shown in the
// session time zone).
func appendTimestamp(buf []byte, t time.Time, withTZ bool, s *Settings) []byte {
	switch IsInfTime(t) {
	case 1:
		return append(buf, "infinity"...)
	case -1:
		return append(buf, "-infinity"...)
	}
	var off int
	var zone string
	loc := s.loc()
	ds := s.DateStyle
	if ds.Style == DateISO && (!withTZ || loc == time.UTC) {
		// fast path: the civil fields straight from the Unix time
		secs := t.Unix()
		days := floorDiv(secs, 86400)
		rem := secs - days*86400
		y, mo, d := civilFromDays(days)
		if y >= 1 && y <= 9999 {
			return appendISOFast(buf, y, mo, d, rem, int64(t.Nanosecond()/1000), withTZ)
		}
		buf, bc := appendDateFields(buf, int(y), int(mo), int(d), ds)
		buf = append(buf, ' ')
		buf = appendClock(buf, int(rem/3600), int(rem%3600/60), int(rem%60), int64(t.Nanosecond()/1000))
		if withTZ {
			buf = append(buf, '+', '0', '0')
		}
		if bc {
			buf = append(buf, " BC"...)
		}
		return buf
	}
	if withTZ {
		t = t.In(loc)
		zone, off = t.Zone()
	} else if t.Location() != time.UTC {
		t = t.UTC()
	}
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	micros := int64(t.Nanosecond() / 1000)
	var bc bool
	switch ds.Style {
	case DatePostgres:
		// "Tue Jan 02 03:04:05.678 2024 UTC"
		buf = append(buf, dayNames[t.Weekday()][:3]...)
		buf = append(buf, ' ')
		if ds.Order == OrderDMY {
			buf = appendPadInt(buf, int64(d), 2)
			buf = append(buf, ' ')
			buf = append(buf, monthNames[mo-1][:3]...)
		} else {
			buf = append(buf, monthNames[mo-1][:3]...)
			buf = append(buf, ' ')
			buf = appendPadInt(buf, int64(d), 2)
		}
		buf = append(buf, ' ')
		buf = appendClock(buf, h, mi, sec, micros)
		buf = append(buf, ' ')
		var yy int
		yy, bc = displayYear(y)
		buf = appendPadInt(buf, int64(yy), 4)
		if withTZ {
			buf = append(buf, ' ')
			buf = appendZoneName(buf, zone, off)
		}
	default:
		buf, bc = appendDateFields(buf, y, int(mo), d, ds)
		buf = append(buf, ' ')
		buf = appendClock(buf, h, mi, sec, micros)
		if withTZ {
			if ds.Style == DateISO {
				buf = appendOffset(buf, off)
			} else {
				buf = append(buf, ' ')
				buf = appendZoneName(buf, zone, off)
			}
		}
	}
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// appendISOFast writes "YYYY-MM-DD HH:MM:SS[.ffffff][+00]" for years
// 1..9999 without intermediate formatting.
func appendISOFast(buf []byte, y, mo, d, secOfDay, micros int64, utcSuffix bool) []byte {
	h, mi, s := secOfDay/3600, secOfDay%3600/60, secOfDay%60
	p := func(v int64) (byte, byte) { return digitPairs[2*v], digitPairs[2*v+1] }
	y1, y2 := p(y / 100)
	y3, y4 := p(y % 100)
	m1, m2 := p(mo)
	d1, d2 := p(d)
	h1, h2 := p(h)
	i1, i2 := p(mi)
	s1, s2 := p(s)
	buf = append(buf, y1, y2, y3, y4, '-', m1, m2, '-', d1, d2, ' ', h1, h2, ':', i1, i2, ':', s1, s2)
	buf = appendFraction(buf, micros)
	if utcSuffix {
		buf = append(buf, '+', '0', '0')
	}
	return buf
}

// appendZoneName appends a zone abbreviation for the SQL, Postgres and
// German styles; zones without one print their offset.
func appendZoneName(buf []byte, zone string, off int) []byte {
	if zone == "" {
		return appendOffset(buf, off)
	}
	return append(buf, zone...)
}

func appendTimeOfDay(buf []byte, t TimeOfDay) []byte {
	us := int64(t)
	h := us / 3600e6
	us -= h * 3600e6
	m := us / 60e6
	us -= m * 60e6
	sec := us / 1e6
	return appendClock(buf, int(h), int(m), int(sec), us-sec*1e6)
}

// ---- time zone names ----

var zoneCache sync.Map // lower-case name -> *time.Location

// lookupZone resolves a time zone name case-insensitively.
func lookupZone(name string) (*time.Location, bool) {
	if name == "" {
		return nil, false
	}
	key := strings.ToLower(name)
	if v, ok := zoneCache.Load(key); ok {
		return v.(*time.Location), true
	}
	var loc *time.Location
	switch key {
	case "utc", "gmt", "z", "zulu", "etc/utc", "etc/gmt", "universal", "etc/universal", "uct":
		loc = time.UTC
	default:
		if strings.ContainsAny(name, " \t\n") || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
			return nil, false
		}
		for _, cand := range []string{name, canonicalZoneName(name), strings.ToUpper(name), zoneFileNames()[key]} {
			if l, err := time.LoadLocation(cand); err == nil && cand != "Local" && cand != "" {
				loc = l
				break
			}
		}
	}
	if loc == nil {
		loc = posixZone(name)
	}
	if loc == nil {
		return nil, false
	}
	zoneCache.Store(key, loc)
	return loc, true
}

// zoneFileNames maps the lower-cased names of the system's time zone
// files to their spelling, for case-insensitive lookups of names
// canonicalZoneName does not spell right ("etc/gmt+3",
// "america/port_of_spain"); empty when the system has no zoneinfo
// directory (the embedded database then serves the usual spellings).
var zoneFileNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, dir := range []string{"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ"} {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(dir, path)
			if err == nil && !strings.Contains(rel, ".") {
				m[strings.ToLower(rel)] = rel
			}
			return nil
		})
		if len(m) > 0 {
			break
		}
	}
	return m
})

// posixZone reads a POSIX time zone of a standard time only, "UTC+3" or
// "<+05>-5": an abbreviation (letters, or anything in angle brackets) and
// an offset in hours west of Greenwich, as PostgreSQL accepts wherever it
// accepts zone names. nil when name is not one; POSIX zones with a
// daylight-saving part ("abc3def") are not supported.
func posixZone(name string) *time.Location {
	var abbr, rest string
	switch {
	case strings.HasPrefix(name, "<"):
		i := strings.IndexByte(name, '>')
		if i < 4 {
			return nil
		}
		abbr, rest = name[1:i], name[i+1:]
	default:
		i := 0
		for i < len(name) && (name[i] >= 'a' && name[i] <= 'z' || name[i] >= 'A' && name[i] <= 'Z') {
			i++
		}
		if i == 0 {
			return nil
		}
		abbr, rest = name[:i], name[i:]
	}
	if rest == "" {
		return nil
	}
	// The offset: [+-]hh[:mm[:ss]], hours up to 167, west positive.
	sign := 1
	switch rest[0] {
	case '-':
		sign = -1
		fallthrough
	case '+':
		rest = rest[1:]
	}
	parts := strings.Split(rest, ":")
	limits := []int{167, 59, 59}
	if len(parts) > 3 {
		return nil
	}
	west := 0
	for i, p := range parts {
		v, ok := atoiDigits(p)
		if !ok || len(p) > 3 || v > limits[i] {
			return nil
		}
		west = west*60 + v
	}
	for i := len(parts); i < 3; i++ {
		west *= 60
	}
	return time.FixedZone(abbr, -sign*west)
}

// canonicalZoneName capitalises each word of a zone name the way the tz
// database spells most of them ("america/new_york" -> "America/New_York").
func canonicalZoneName(name string) string {
	b := []byte(strings.ToLower(name))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
		up = c == '/' || c == '_' || c == '-'
	}
	return string(b)
}

// zoneAbbrevs are the time zone abbreviations accepted in input (a subset
// of PostgreSQL's "Default" set), in seconds east of UTC.
var zoneAbbrevs = map[string]int{
	"utc": 0, "ut": 0, "gmt": 0, "z": 0, "zulu": 0,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
	"akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600, "ast": -4 * 3600, "adt": -3 * 3600,
	"nst": -(3*3600 + 1800), "ndt": -(2*3600 + 1800),
	"wet": 0, "west": 3600, "bst": 3600, "cet": 3600, "cest": 2 * 3600, "met": 3600, "mest": 2 * 3600,
	"eet": 2 * 3600, "eest": 3 * 3600, "msk": 3 * 3600, "ist": 2 * 3600,
	"jst": 9 * 3600, "kst": 9 * 3600, "hkt": 8 * 3600, "sgt": 8 * 3600, "awst": 8 * 3600,
	"acst": 9*3600 + 1800, "acdt": 10*3600 + 1800, "aest": 10 * 3600, "aedt": 11 * 3600,
	"nzst": 12 * 3600, "nzdt": 13 * 3600,
}

// dstAbbrevs are the daylight-saving abbreviations of zoneAbbrevs
// (PostgreSQL's DTZ entries): they count as a zone and a DST flag.
var dstAbbrevs = map[string]bool{
	"edt": true, "cdt": true, "mdt": true, "pdt": true, "akdt": true, "adt": true, "ndt": true,
	"west": true, "bst": true, "cest": true, "mest": true, "eest": true, "acdt": true, "aedt": true, "nzdt": true,
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
