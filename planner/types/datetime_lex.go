package types

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// This file and datetime_parse.go read date, time and timestamp input the
// way PostgreSQL 15's ParseDateTime, DecodeDateTime and DecodeTimeOnly do.
// The string is split
// into typed fields (numbers, dates with - / . separators, times with
// colons, signed zone offsets, words, signed words); each field is then
// assigned to year, month, day... by PostgreSQL's rules, including
// DateStyle's order for ambiguous dates, with a mask of the fields seen so
// far rejecting repeats. The error kinds and their SQLSTATEs are
// PostgreSQL's: an unknown word is invalid syntax (22007), a word with
// punctuation after a month and day is taken as a time zone name and fails
// with 22023 when unknown, out-of-range fields are 22008, offsets past
// 15:59:59 are 22009.

type fieldKind uint8

const (
	fNumber  fieldKind = iota // digits, maybe with a '.'
	fDate                     // digits/words joined by - / .; or a zone name
	fTime                     // contains ':'
	fTZ                       // signed offset
	fString                   // a word
	fSpecial                  // signed word: "-infinity"
)

type dtField struct {
	kind fieldKind
	s    string // lower-cased
}

const (
	maxDateFields = 25                  // MAXDATEFIELDS
	dateWorkBuf   = 128 + maxDateFields // MAXDATELEN + MAXDATEFIELDS: the field buffer
	julianOffset  = 2440588             // Julian day of 1970-01-01
	hr24          = -1                  // no AM/PM given
	fsecPerSec    = usPerSec
	tzDispHourMax = 15 // MAX_TZDISP_HOUR
)

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

// dtLex splits the input into fields (ParseDateTime); ok is false on
// characters PostgreSQL rejects, more than 25 fields, or input too long
// for its field buffer.
func dtLex(in string) ([]dtField, bool) {
	var out []dtField
	used := 0
	var buf []byte
	push := func(c byte) bool {
		if used+1 >= dateWorkBuf {
			return false
		}
		buf = append(buf, c)
		used++
		return true
	}
	i := 0
	for i < len(in) {
		c := in[i]
		if isSpace(c) {
			i++
			continue
		}
		if len(out) >= maxDateFields {
			return nil, false
		}
		buf = buf[:0]
		var kind fieldKind
		ok := true
		// take appends in[i] (lower-cased when lower) and advances.
		take := func(lower bool) {
			b := in[i]
			if lower {
				b = lowerByte(b)
			}
			ok = ok && push(b)
			i++
		}
		switch {
		case isDigit(c):
			for i < len(in) && isDigit(in[i]) {
				take(false)
			}
			switch {
			case i < len(in) && in[i] == ':':
				kind = fTime
				take(false)
				for i < len(in) && (isDigit(in[i]) || in[i] == ':' || in[i] == '.') {
					take(false)
				}
			case i < len(in) && (in[i] == '-' || in[i] == '/' || in[i] == '.'):
				delim := in[i]
				take(false)
				if i < len(in) && isDigit(in[i]) {
					kind = fDate
					if delim == '.' {
						kind = fNumber
					}
					for i < len(in) && isDigit(in[i]) {
						take(false)
					}
					if i < len(in) && in[i] == delim {
						kind = fDate
						take(false)
						for i < len(in) && (isDigit(in[i]) || in[i] == delim) {
							take(false)
						}
					}
				} else {
					kind = fDate
					for i < len(in) && (isDigit(in[i]) || isAlpha(in[i]) || in[i] == delim) {
						take(true)
					}
				}
			default:
				kind = fNumber
			}
		case c == '.':
			take(false)
			for i < len(in) && isDigit(in[i]) {
				take(false)
			}
			kind = fNumber
		case isAlpha(c):
			kind = fString
			for i < len(in) && isAlpha(in[i]) {
				take(true)
			}
			// A word followed by - / . is a date ("jan-05") or a zone name;
			// followed by a digit or '+' it is a zone name ("utc+3") unless
			// it is a date keyword.
			isDate := false
			if i < len(in) {
				switch n := in[i]; {
				case n == '-' || n == '/' || n == '.':
					isDate = true
				case n == '+' || isDigit(n):
					_, known := dateTokens[string(buf)]
					isDate = !known
				}
			}
			if isDate {
				kind = fDate
				take(true)
				for i < len(in) && (isDigit(in[i]) || isAlpha(in[i]) || strings.IndexByte("+-/_.:", in[i]) >= 0) {
					take(true)
				}
			}
		case c == '+' || c == '-':
			take(false)
			for i < len(in) && isSpace(in[i]) {
				i++
			}
			switch {
			case i < len(in) && isDigit(in[i]):
				kind = fTZ
				for i < len(in) && (isDigit(in[i]) || in[i] == ':' || in[i] == '.' || in[i] == '-') {
					take(false)
				}
			case i < len(in) && isAlpha(in[i]):
				kind = fSpecial
				for i < len(in) && isAlpha(in[i]) {
					take(true)
				}
			default:
				return nil, false
			}
		case isPunct(c):
			i++
			continue
		default:
			return nil, false
		}
		if !ok {
			return nil, false
		}
		out = append(out, dtField{kind, string(buf)})
		used++ // the field's terminator
	}
	return out, true
}

func isPunct(c byte) bool {
	return c > ' ' && c < 127 && !isDigit(c) && !isAlpha(c)
}

// tokType is the kind of a date/time keyword (datetktbl's token types).
type tokType uint8

const (
	tokReserv  tokType = iota // now, today, epoch, infinity...
	tokMonth                  // month names
	tokDOW                    // day-of-week names (ignored)
	tokAMPM                   // am, pm
	tokADBC                   // ad, bc
	tokUnits                  // ISO unit labels: y m d h mm s j...
	tokISOTime                // the ISO 8601 't'
	tokDTZMod                 // "dst" after a zone
	tokIgnore                 // at, on
)

type dtToken struct {
	typ tokType
	val int
}

// reserved words (tokReserv values)
const (
	resNow = iota
	resToday
	resTomorrow
	resYesterday
	resEpoch
	resLate
	resEarly
	resZulu
)

// unit labels (tokUnits and tokISOTime values)
const (
	unitNone = iota
	unitYear
	unitMonth
	unitDay
	unitHour
	unitMinute
	unitSecond
	unitJulian
	unitTime // after 't'
	unitOther
)

// dateTokens is PostgreSQL's datetktbl: the keywords of date/time input.
var dateTokens = map[string]dtToken{
	"-infinity": {tokReserv, resEarly}, "ad": {tokADBC, 0}, "allballs": {tokReserv, resZulu},
	"am": {tokAMPM, 0}, "at": {tokIgnore, 0}, "bc": {tokADBC, 1}, "d": {tokUnits, unitDay},
	"dow": {tokUnits, unitOther}, "doy": {tokUnits, unitOther}, "dst": {tokDTZMod, 3600},
	"epoch": {tokReserv, resEpoch}, "h": {tokUnits, unitHour}, "infinity": {tokReserv, resLate},
	"isodow": {tokUnits, unitOther}, "isoyear": {tokUnits, unitOther}, "j": {tokUnits, unitJulian},
	"jd": {tokUnits, unitJulian}, "julian": {tokUnits, unitJulian}, "m": {tokUnits, unitMonth},
	"mm": {tokUnits, unitMinute}, "now": {tokReserv, resNow}, "on": {tokIgnore, 0}, "pm": {tokAMPM, 1},
	"s": {tokUnits, unitSecond}, "t": {tokISOTime, unitTime}, "today": {tokReserv, resToday},
	"tomorrow": {tokReserv, resTomorrow}, "y": {tokUnits, unitYear}, "yesterday": {tokReserv, resYesterday},
	"jan": {tokMonth, 1}, "january": {tokMonth, 1}, "feb": {tokMonth, 2}, "february": {tokMonth, 2},
	"mar": {tokMonth, 3}, "march": {tokMonth, 3}, "apr": {tokMonth, 4}, "april": {tokMonth, 4},
	"may": {tokMonth, 5}, "jun": {tokMonth, 6}, "june": {tokMonth, 6}, "jul": {tokMonth, 7},
	"july": {tokMonth, 7}, "aug": {tokMonth, 8}, "august": {tokMonth, 8}, "sep": {tokMonth, 9},
	"sept": {tokMonth, 9}, "september": {tokMonth, 9}, "oct": {tokMonth, 10}, "october": {tokMonth, 10},
	"nov": {tokMonth, 11}, "november": {tokMonth, 11}, "dec": {tokMonth, 12}, "december": {tokMonth, 12},
	"sun": {tokDOW, 0}, "sunday": {tokDOW, 0}, "mon": {tokDOW, 1}, "monday": {tokDOW, 1},
	"tue": {tokDOW, 2}, "tues": {tokDOW, 2}, "tuesday": {tokDOW, 2}, "wed": {tokDOW, 3},
	"wednesday": {tokDOW, 3}, "weds": {tokDOW, 3}, "thu": {tokDOW, 4}, "thur": {tokDOW, 4},
	"thurs": {tokDOW, 4}, "thursday": {tokDOW, 4}, "fri": {tokDOW, 5}, "friday": {tokDOW, 5},
	"sat": {tokDOW, 6}, "saturday": {tokDOW, 6},
}

// Field mask bits, PostgreSQL's DTK_M() of the field types.
const (
	mReserv  = 1 << 0
	mMonth   = 1 << 1
	mYear    = 1 << 2
	mDay     = 1 << 3
	mTZ      = 1 << 5
	mDTZ     = 1 << 6
	mIgnore  = 1 << 8
	mAMPM    = 1 << 9
	mHour    = 1 << 10
	mMin     = 1 << 11
	mSec     = 1 << 12
	mMilli   = 1 << 13
	mMicro   = 1 << 14
	mDOY     = 1 << 15
	mDOW     = 1 << 16
	mUnits   = 1 << 17
	mADBC    = 1 << 18
	mISOTime = 1 << 23
	mDTZMod  = 1 << 28

	mDateAll = mYear | mMonth | mDay
	mAllSecs = mSec | mMilli | mMicro
	mTimeAll = mHour | mMin | mAllSecs
)

var tokMask = [...]int{tokReserv: mReserv, tokMonth: mMonth, tokDOW: mDOW, tokAMPM: mAMPM, tokADBC: mADBC,
	tokUnits: mUnits, tokISOTime: mISOTime, tokDTZMod: mDTZMod, tokIgnore: mIgnore}

// dtType is what a decoded string denotes.
type dtType uint8

const (
	dtDate dtType = iota // a date (and time)
	dtTime               // a time only (DecodeTimeOnly)
	dtEpoch
	dtLate  // infinity
	dtEarly // -infinity
)

type dtErr uint8

const (
	dtOK dtErr = iota
	dtBadFormat
	dtFieldOverflow
	dtMDFieldOverflow
	dtTZOverflow
	dtBadZone
)

// dtResult holds the decoded fields (a struct pg_tm and its companions).
type dtResult struct {
	year, mon, mday int
	hour, min, sec  int
	yday            int
	fsec            int64 // microseconds
	tz              int   // seconds west of UTC, PostgreSQL's sign (valid with mTZ)
	fmask           int
	dtype           dtType
	namedTz         *time.Location // a zone name in the input
	zone            string         // the unknown zone name of dtBadZone
}

// strtoint is C's strtol limited to int: an optional sign and digits.
// rest is s when there are no digits; overflow reports ERANGE.
func strtoint(s string) (v int, rest string, overflow bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var n int64
	for i < len(s) && isDigit(s[i]) {
		if n <= math.MaxInt32+1 {
			n = n*10 + int64(s[i]-'0')
		}
		i++
	}
	if i == start {
		return 0, s, false
	}
	if neg {
		n = -n
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		return 0, s[i:], true
	}
	return int(n), s[i:], false
}

// atoiField is C's atoi on a run of digits (PostgreSQL's DecodeNumberField).
func atoiField(s string) int {
	v, _, ovf := strtoint(s)
	if ovf {
		return -1
	}
	return v
}

// fracMicros reads a fraction ".ddd" like strtod and rounds it to
// microseconds with rint, as ParseFractionalSecond does; it reports how
// many bytes it used. A lone "." reads as zero with n == 0.
func fracMicros(cp string) (us int64, n int) {
	j := 1
	for j < len(cp) && isDigit(cp[j]) {
		j++
	}
	if j == 1 {
		return 0, 0
	}
	f, _ := strconv.ParseFloat(cp[:j], 64)
	return int64(math.RoundToEven(f * 1e6)), j
}

// parseFracSec is ParseFractionalSecond: the whole rest must be the
// fraction ("." alone is zero).
func parseFracSec(cp string) (int64, dtErr) {
	if cp == "." {
		return 0, dtOK
	}
	us, n := fracMicros(cp)
	if n == 0 || n != len(cp) {
		return 0, dtBadFormat
	}
	return us, dtOK
}

// parseFraction reads fractional-second digits (without the dot) into
// microseconds, rounding half to even at the seventh digit (intervals).
func parseFraction(d string) (int64, bool) {
	if d == "" {
		return 0, true
	}
	var us int64
	for i := 0; i < 6; i++ {
		us *= 10
		if i < len(d) {
			c := d[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			us += int64(c - '0')
		}
	}
	if len(d) > 6 {
		for i := 6; i < len(d); i++ {
			if d[i] < '0' || d[i] > '9' {
				return 0, false
			}
		}
		r := d[6]
		rest := strings.TrimRight(d[7:], "0")
		if r > '5' || (r == '5' && (rest != "" || us%2 == 1)) {
			us++
		}
	}
	return us, true
}
