package types

import (
	"strings"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// This file reads date, time and timestamp input the way PostgreSQL's
// ParseDateTime/DecodeDateTime do: the string is split into typed fields
// (dates with - / . separators, times with colons, numbers, words, signed
// zone offsets), which are then assigned to year, month, day... by
// PostgreSQL's rules, including DateStyle's field order for ambiguous dates.

type fieldKind uint8

const (
	fNumber  fieldKind = iota // digits, maybe with a '.'
	fDate                     // digits/words joined by - / .
	fTime                     // contains ':'
	fTZ                       // signed offset
	fString                   // a word
	fSpecial                  // signed word: "-infinity"
)

type dtField struct {
	kind fieldKind
	s    string // lower-cased
}

// dtLex splits the input; ok is false on characters PostgreSQL rejects.
func dtLex(in string) ([]dtField, bool) {
	var out []dtField
	i := 0
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	isAlpha := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	lower := func(c byte) byte {
		if c >= 'A' && c <= 'Z' {
			return c + 32
		}
		return c
	}
	for i < len(in) {
		c := in[i]
		switch {
		case isSpace(c):
			i++
		case isDigit(c):
			start := i
			for i < len(in) && isDigit(in[i]) {
				i++
			}
			kind := fNumber
			if i < len(in) && in[i] == ':' {
				kind = fTime
				for i < len(in) && (isDigit(in[i]) || in[i] == ':' || in[i] == '.') {
					i++
				}
			} else if i < len(in) && (in[i] == '-' || in[i] == '/' || in[i] == '.') {
				delim := in[i]
				i++
				if i < len(in) && isDigit(in[i]) {
					if delim == '.' {
						kind = fNumber
					} else {
						kind = fDate
					}
					for i < len(in) && isDigit(in[i]) {
						i++
					}
					if i < len(in) && in[i] == delim {
						kind = fDate
						for i < len(in) && (isDigit(in[i]) || in[i] == delim) {
							i++
						}
					}
				} else {
					kind = fDate
					for i < len(in) && (isDigit(in[i]) || isAlpha(in[i]) || in[i] == delim) {
						i++
					}
				}
			}
			out = append(out, dtField{kind, strings.ToLower(in[start:i])})
		case c == '.' && i+1 < len(in) && isDigit(in[i+1]):
			start := i
			i++
			for i < len(in) && isDigit(in[i]) {
				i++
			}
			out = append(out, dtField{fNumber, in[start:i]})
		case isAlpha(c):
			start := i
			for i < len(in) && isAlpha(in[i]) {
				i++
			}
			word := strings.ToLower(in[start:i])
			isDate := false
			if i < len(in) && (in[i] == '-' || in[i] == '/' || in[i] == '.') {
				isDate = true
			} else if i < len(in) && (in[i] == '+' || isDigit(in[i])) {
				if _, known := dtKeywords[word]; !known {
					if _, m := monthNumber(word); !m {
						isDate = true
					}
				}
			}
			if isDate {
				for i < len(in) && (in[i] == '+' || in[i] == '-' || in[i] == '/' || in[i] == '_' || in[i] == '.' || in[i] == ':' || isDigit(in[i]) || isAlpha(in[i])) {
					i++
				}
				b := []byte(in[start:i])
				for k := range b {
					b[k] = lower(b[k])
				}
				out = append(out, dtField{fDate, string(b)})
			} else {
				out = append(out, dtField{fString, word})
			}
		case c == '+' || c == '-':
			start := i
			i++
			for i < len(in) && isSpace(in[i]) {
				i++
			}
			if i < len(in) && isDigit(in[i]) {
				ds := i
				for i < len(in) && (isDigit(in[i]) || in[i] == ':' || in[i] == '.' || in[i] == '-') {
					i++
				}
				out = append(out, dtField{fTZ, in[start:start+1] + in[ds:i]})
			} else if i < len(in) && isAlpha(in[i]) {
				ws := i
				for i < len(in) && isAlpha(in[i]) {
					i++
				}
				out = append(out, dtField{fSpecial, in[start:start+1] + strings.ToLower(in[ws:i])})
			} else {
				return nil, false
			}
		case c < 128 && isPunct(c):
			i++
		default:
			return nil, false
		}
	}
	return out, true
}

func isPunct(c byte) bool {
	return c > ' ' && c < 127 && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')
}

type dtKeyword uint8

const (
	kwNone dtKeyword = iota
	kwAM
	kwPM
	kwAD
	kwBC
	kwISOT // the ISO 8601 'T'
	kwNow
	kwToday
	kwTomorrow
	kwYesterday
	kwEpoch
	kwInfinity
	kwNegInfinity
	kwAllballs
	kwDOW // day of week names: ignored
	kwIgnore
)

var dtKeywords = map[string]dtKeyword{
	"am": kwAM, "a.m.": kwAM, "pm": kwPM, "p.m.": kwPM, "ad": kwAD, "bc": kwBC, "t": kwISOT,
	"now": kwNow, "today": kwToday, "tomorrow": kwTomorrow, "yesterday": kwYesterday,
	"epoch": kwEpoch, "infinity": kwInfinity, "allballs": kwAllballs,
	"sun": kwDOW, "mon": kwDOW, "tue": kwDOW, "tues": kwDOW, "wed": kwDOW, "wednes": kwDOW,
	"thu": kwDOW, "thur": kwDOW, "thurs": kwDOW, "fri": kwDOW, "sat": kwDOW,
	"sunday": kwDOW, "monday": kwDOW, "tuesday": kwDOW, "wednesday": kwDOW, "thursday": kwDOW,
	"friday": kwDOW, "saturday": kwDOW, "on": kwIgnore, "at": kwIgnore,
}

var monthWords = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

func monthNumber(w string) (int, bool) {
	m, ok := monthWords[w]
	return m, ok
}

// field mask bits
const (
	mYear = 1 << iota
	mMonth
	mDay
	mHour
	mMin
	mSec
	mTZ
	mDateAll = mYear | mMonth | mDay
	mTimeAll = mHour | mMin | mSec
)

type dtResult struct {
	year, month, day int
	hour, min, sec   int
	usec             int64
	mask             int
	is2digits        bool
	textMonth        bool
	bc               bool
	mer              dtKeyword // kwAM, kwPM or kwNone
	tzOff            int       // seconds east, when hasOff
	hasOff           bool
	loc              *time.Location // named zone
	special          dtKeyword      // now, today, epoch, infinity...
	sawT             bool
}

type dtErr uint8

const (
	dtOK dtErr = iota
	dtBadFormat
	dtFieldOverflow
	dtMDFieldOverflow
	dtTZOverflow
	dtBadZone
)

// decodeDateTime assigns the fields. The caller converts dtErr into the
// message for its type.
func decodeDateTime(in string, ds DateStyle) (*dtResult, dtErr, string) {
	fields, ok := dtLex(in)
	if !ok || len(fields) == 0 {
		return nil, dtBadFormat, ""
	}
	r := &dtResult{}
	for idx := 0; idx < len(fields); idx++ {
		f := fields[idx]
		switch f.kind {
		case fDate:
			if r.sawT && r.mask&mDateAll == mDateAll && r.mask&mTimeAll == 0 {
				// "2024-01-02T03.04.05"? not supported: treat as bad
				return nil, dtBadFormat, ""
			}
			// A word with embedded separators is a time zone name
			// ("america/new_york") unless it parses as a date.
			if hasAlphaPrefix(f.s) {
				if _, isMonth := monthNumber(leadingWord(f.s)); !isMonth {
					loc, ok := lookupZone(f.s)
					if !ok {
						return nil, dtBadZone, f.s
					}
					if r.mask&mTZ != 0 {
						return nil, dtBadFormat, ""
					}
					r.loc = loc
					r.mask |= mTZ
					continue
				}
			}
			if e := r.decodeDate(f.s, ds); e != dtOK {
				return nil, e, ""
			}
		case fTime:
			if r.mask&mTimeAll != 0 {
				return nil, dtBadFormat, ""
			}
			if e := r.decodeTime(f.s); e != dtOK {
				return nil, e, ""
			}
			r.mask |= mTimeAll
		case fTZ:
			if r.mask&mTZ != 0 {
				return nil, dtBadFormat, ""
			}
			secs, ok := parseOffsetHMS(f.s)
			if !ok {
				return nil, dtBadFormat, ""
			}
			if secs > 15*3600+59*60 || secs < -(15*3600+59*60) {
				return nil, dtTZOverflow, ""
			}
			r.tzOff, r.hasOff = secs, true
			r.mask |= mTZ
		case fNumber:
			if e := r.decodeNumberField(f.s, ds, idx > 0 && fields[idx-1].kind == fString && dtKeywords[fields[idx-1].s] == kwISOT); e != dtOK {
				return nil, e, ""
			}
		case fSpecial:
			switch f.s {
			case "-infinity":
				if r.mask != 0 || len(fields) != 1 {
					return nil, dtBadFormat, ""
				}
				r.special = kwNegInfinity
				r.mask = mDateAll | mTimeAll | mTZ
			case "+infinity":
				if r.mask != 0 || len(fields) != 1 {
					return nil, dtBadFormat, ""
				}
				r.special = kwInfinity
				r.mask = mDateAll | mTimeAll | mTZ
			default:
				return nil, dtBadFormat, ""
			}
		case fString:
			if m, ok := monthNumber(f.s); ok {
				if r.mask&mMonth != 0 {
					return nil, dtBadFormat, ""
				}
				r.month, r.textMonth = m, true
				r.mask |= mMonth
				continue
			}
			kw, ok := dtKeywords[f.s]
			if !ok {
				if off, ok := zoneAbbrevs[f.s]; ok {
					if r.mask&mTZ != 0 {
						return nil, dtBadFormat, ""
					}
					r.tzOff, r.hasOff = off, true
					r.mask |= mTZ
					// "UTC+3"-style suffix offsets are not accepted.
					continue
				}
				if loc, ok := lookupZone(f.s); ok {
					if r.mask&mTZ != 0 {
						return nil, dtBadFormat, ""
					}
					r.loc = loc
					r.mask |= mTZ
					continue
				}
				return nil, dtBadFormat, ""
			}
			switch kw {
			case kwAM, kwPM:
				if r.mer != kwNone {
					return nil, dtBadFormat, ""
				}
				r.mer = kw
			case kwAD:
				r.bc = false
			case kwBC:
				r.bc = true
			case kwISOT:
				r.sawT = true
			case kwNow:
				if r.mask&(mDateAll|mTimeAll|mTZ) != 0 {
					return nil, dtBadFormat, ""
				}
				r.special = kwNow
				r.mask |= mDateAll | mTimeAll | mTZ
			case kwToday, kwTomorrow, kwYesterday:
				if r.mask&mDateAll != 0 {
					return nil, dtBadFormat, ""
				}
				r.special = kw
				r.mask |= mDateAll
			case kwEpoch, kwInfinity:
				if r.mask != 0 || len(fields) != 1 {
					return nil, dtBadFormat, ""
				}
				r.special = kw
				r.mask = mDateAll | mTimeAll | mTZ
			case kwAllballs:
				if r.mask&(mTimeAll|mTZ) != 0 {
					return nil, dtBadFormat, ""
				}
				r.mask |= mTimeAll | mTZ
				r.hasOff = true
			case kwDOW, kwIgnore:
			}
		}
	}
	return r, r.validate(), ""
}

func hasAlphaPrefix(s string) bool {
	return s != "" && s[0] >= 'a' && s[0] <= 'z'
}

func leadingWord(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return s[:i]
		}
	}
	return s
}

func (r *dtResult) set(bit int) bool {
	if r.mask&bit != 0 {
		return false
	}
	r.mask |= bit
	return true
}

// decodeDate reads a date field: parts separated by - / . (month names
// allowed), ordered by DateStyle where ambiguous.
func (r *dtResult) decodeDate(s string, ds DateStyle) dtErr {
	var parts []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '-' || s[i] == '/' || s[i] == '.' {
			if start >= 0 {
				parts = append(parts, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
		// split between letters and digits ("jan2024" is not accepted)
	}
	if len(parts) == 0 {
		return dtBadFormat
	}
	// Text months first.
	var nums []string
	for _, p := range parts {
		if p[0] >= 'a' && p[0] <= 'z' {
			m, ok := monthNumber(p)
			if !ok {
				if kw, ok := dtKeywords[p]; ok && kw == kwBC {
					r.bc = true
					continue
				}
				if kw, ok := dtKeywords[p]; ok && kw == kwAD {
					continue
				}
				return dtBadFormat
			}
			if !r.set(mMonth) {
				return dtBadFormat
			}
			r.month, r.textMonth = m, true
			continue
		}
		nums = append(nums, p)
	}
	for _, p := range nums {
		if e := r.decodeNumber(p, ds); e != dtOK {
			return e
		}
	}
	return dtOK
}

// decodeNumber assigns one numeric date field (DecodeNumber).
func (r *dtResult) decodeNumber(p string, ds DateStyle) dtErr {
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return dtBadFormat
		}
	}
	if len(p) > 9 {
		return dtFieldOverflow
	}
	v, _ := atoiDigits(p)
	flen := len(p)
	var bit int
	switch r.mask & mDateAll {
	case 0:
		switch {
		case flen >= 3 || ds.Order == OrderYMD:
			bit = mYear
		case ds.Order == OrderDMY:
			bit = mDay
		default:
			bit = mMonth
		}
	case mYear:
		bit = mMonth
	case mMonth:
		if r.textMonth {
			if flen >= 3 || ds.Order == OrderYMD {
				bit = mYear
			} else {
				bit = mDay
			}
		} else {
			bit = mDay
		}
	case mYear | mMonth:
		if r.textMonth && flen >= 3 && r.is2digits {
			// DD-MON-YYYY: the first number was the day
			r.day = r.year
			r.year = v
			r.is2digits = false
			r.mask |= mDay
			return dtOK
		}
		bit = mDay
	case mDay:
		bit = mMonth
	case mMonth | mDay:
		bit = mYear
	case mDateAll:
		return r.decodeConcatenated(p)
	default:
		return dtBadFormat
	}
	r.mask |= bit
	switch bit {
	case mYear:
		r.year = v
		r.is2digits = flen <= 2
	case mMonth:
		r.month = v
	case mDay:
		r.day = v
	}
	return dtOK
}

// decodeNumberField handles a bare number in the main field list:
// concatenated YYYYMMDD / hhmmss forms, fractional seconds, or a single
// date field.
func (r *dtResult) decodeNumberField(s string, ds DateStyle, afterT bool) dtErr {
	dot := strings.IndexByte(s, '.')
	if dot == 0 {
		// ".5": fractional seconds following a time
		if r.mask&mSec == 0 || r.usec != 0 {
			return dtBadFormat
		}
		us, ok := parseFraction(s[1:])
		if !ok {
			return dtBadFormat
		}
		r.usec = us
		return dtOK
	}
	flen := len(s)
	if dot > 0 && r.mask&mDateAll == 0 {
		return r.decodeDate(s, ds)
	}
	digits := s
	var frac string
	if dot > 0 {
		digits, frac = s[:dot], s[dot+1:]
	}
	if (dot > 0 && dot > 2) || (dot < 0 && flen >= 6 && (r.mask&mDateAll == 0 || r.mask&mTimeAll == 0)) || (afterT && dot < 0 && (flen == 4 || flen == 6)) {
		// concatenated date or time
		if frac != "" {
			us, ok := parseFraction(frac)
			if !ok {
				return dtBadFormat
			}
			r.usec = us
		}
		n := len(digits)
		if r.mask&mDateAll != mDateAll && !afterT {
			if n >= 6 {
				if r.mask&mDateAll != 0 {
					return dtBadFormat
				}
				r.day, _ = atoiDigits(digits[n-2:])
				r.month, _ = atoiDigits(digits[n-4 : n-2])
				r.year, _ = atoiDigits(digits[:n-4])
				r.is2digits = n-4 == 2
				r.mask |= mDateAll
				return dtOK
			}
		}
		if r.mask&mTimeAll == 0 {
			switch n {
			case 6:
				r.hour, _ = atoiDigits(digits[:2])
				r.min, _ = atoiDigits(digits[2:4])
				r.sec, _ = atoiDigits(digits[4:])
				r.mask |= mTimeAll
				return dtOK
			case 4:
				r.hour, _ = atoiDigits(digits[:2])
				r.min, _ = atoiDigits(digits[2:4])
				r.mask |= mTimeAll
				return dtOK
			}
		}
		return dtBadFormat
	}
	if dot > 0 {
		return dtBadFormat
	}
	return r.decodeNumber(s, ds)
}

// decodeConcatenated reads hhmmss or hhmm after a complete date.
func (r *dtResult) decodeConcatenated(s string) dtErr {
	if r.mask&mTimeAll != 0 {
		return dtBadFormat
	}
	switch len(s) {
	case 6:
		r.hour, _ = atoiDigits(s[:2])
		r.min, _ = atoiDigits(s[2:4])
		r.sec, _ = atoiDigits(s[4:])
	case 4:
		r.hour, _ = atoiDigits(s[:2])
		r.min, _ = atoiDigits(s[2:4])
	default:
		return dtBadFormat
	}
	r.mask |= mTimeAll
	return dtOK
}

// parseFraction reads fractional-second digits into microseconds, rounding
// half to even at the seventh digit.
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

// decodeTime reads HH:MM[:SS[.frac]] or MM:SS.frac.
func (r *dtResult) decodeTime(s string) dtErr {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return dtBadFormat
	}
	h, ok1 := atoiDigits(parts[0])
	if !ok1 {
		return dtBadFormat
	}
	mstr := parts[1]
	if len(parts) == 2 {
		if i := strings.IndexByte(mstr, '.'); i >= 0 {
			// mm:ss.fff
			m, ok := atoiDigits(mstr[:i])
			us, ok2 := parseFraction(mstr[i+1:])
			if !ok || !ok2 {
				return dtBadFormat
			}
			r.hour, r.min, r.sec, r.usec = 0, h, m, us
			return r.checkTime()
		}
		m, ok := atoiDigits(mstr)
		if !ok {
			return dtBadFormat
		}
		r.hour, r.min = h, m
		return r.checkTime()
	}
	m, ok := atoiDigits(mstr)
	if !ok {
		return dtBadFormat
	}
	sec := parts[2]
	var us int64
	if i := strings.IndexByte(sec, '.'); i >= 0 {
		var ok bool
		if us, ok = parseFraction(sec[i+1:]); !ok {
			return dtBadFormat
		}
		sec = sec[:i]
	}
	sv, ok := atoiDigits(sec)
	if !ok && sec != "" {
		return dtBadFormat
	}
	r.hour, r.min, r.sec, r.usec = h, m, sv, us
	return r.checkTime()
}

func (r *dtResult) checkTime() dtErr {
	if r.min > 59 || r.sec > 60 || r.usec >= 1e6+1 {
		return dtFieldOverflow
	}
	return dtOK
}

var daysInMonth = [2][12]int{
	{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// validate applies AM/PM, two-digit years, BC, and checks ranges.
func (r *dtResult) validate() dtErr {
	if r.mer != kwNone {
		if r.hour > 12 {
			return dtFieldOverflow
		}
		if r.mer == kwAM && r.hour == 12 {
			r.hour = 0
		} else if r.mer == kwPM && r.hour != 12 {
			r.hour += 12
		}
	}
	if r.hour > 24 || (r.hour == 24 && (r.min > 0 || r.sec > 0 || r.usec > 0)) {
		return dtFieldOverflow
	}
	if r.special != kwNone {
		return dtOK
	}
	if r.mask&mYear != 0 {
		if r.bc {
			if r.year <= 0 {
				return dtFieldOverflow
			}
			r.year = -(r.year - 1)
		} else if r.is2digits {
			if r.year < 70 {
				r.year += 2000
			} else if r.year < 100 {
				r.year += 1900
			}
		} else if r.year <= 0 {
			return dtFieldOverflow
		}
	}
	if r.mask&mMonth != 0 && (r.month < 1 || r.month > 12) {
		return dtMDFieldOverflow
	}
	if r.mask&mDay != 0 && (r.day < 1 || r.day > 31) {
		return dtMDFieldOverflow
	}
	if r.mask&mDateAll == mDateAll {
		leap := 0
		if isLeap(r.year) {
			leap = 1
		}
		if r.day > daysInMonth[leap][r.month-1] {
			return dtFieldOverflow
		}
	}
	return dtOK
}

func dtError(e dtErr, typ, in, zone string) error {
	switch e {
	case dtFieldOverflow:
		return errDateField(in)
	case dtMDFieldOverflow:
		return errDateField(in).WithHint("Perhaps you need a different \"datestyle\" setting.")
	case dtTZOverflow:
		return pgerr.New(pgerr.InvalidTimeZoneDisplacementValue, "time zone displacement out of range: \""+in+"\"")
	case dtBadZone:
		return pgerr.New(pgerr.InvalidParameterValue, "time zone \""+zone+"\" not recognized")
	}
	return errDateSyntax(typ, in)
}

// wallMicros returns the microseconds of the time-of-day fields.
func (r *dtResult) wallMicros() int64 {
	return int64(r.hour)*usPerHour + int64(r.min)*usPerMin + int64(r.sec)*usPerSec + r.usec
}

// fastISOTimestamp parses the canonical "YYYY-MM-DD HH:MM:SS[.ffffff]"
// with an optional "+HH[:MM]"/"-HH[:MM]" offset, which is what clients
// send nearly always; ok is false for anything else (the general parser
// then decides). hasOff reports an explicit offset.
func fastISOTimestamp(in string) (wall time.Time, off int, hasOff, ok bool) {
	if len(in) < 19 || in[4] != '-' || in[7] != '-' || (in[10] != ' ' && in[10] != 'T') || in[13] != ':' || in[16] != ':' {
		return
	}
	num := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(in[0:4])
	mo, ok2 := num(in[5:7])
	d, ok3 := num(in[8:10])
	h, ok4 := num(in[11:13])
	mi, ok5 := num(in[14:16])
	sec, ok6 := num(in[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || y == 0 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 {
		return
	}
	if d > daysIn(y, time.Month(mo)) {
		return
	}
	rest := in[19:]
	var us int64
	if len(rest) > 0 && rest[0] == '.' {
		j := 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j == 1 {
			return
		}
		var okf bool
		if us, okf = parseFraction(rest[1:j]); !okf {
			return
		}
		rest = rest[j:]
	}
	if len(rest) > 0 {
		if rest[0] != '+' && rest[0] != '-' {
			return
		}
		secs, okz := parseOffsetHMS(rest)
		if !okz || len(rest) > 6 || secs > 15*3600+59*60 || secs < -(15*3600+59*60) {
			return
		}
		off, hasOff = secs, true
	}
	days := daysFromCivil(int64(y), int64(mo), int64(d))
	wall = time.Unix(days*86400+int64(h)*3600+int64(mi)*60+int64(sec), us*1000).UTC()
	return wall, off, hasOff, true
}

func parseTimestamp(in string, withTZ bool, s *Settings, typmod int32) (Datum, error) {
	if wall, off, hasOff, ok := fastISOTimestamp(in); ok {
		t := wall
		if withTZ {
			if hasOff {
				t = wall.Add(-time.Duration(off) * time.Second)
			} else {
				t = localToUTC(wall, s.loc())
			}
		}
		if t2, err := checkTimestamp(t); err == nil {
			return roundTimestamp(t2, typmod), nil
		}
	}
	typ := "timestamp"
	if withTZ {
		typ = "timestamp with time zone"
	}
	r, e, zone := decodeDateTime(in, s.DateStyle)
	if e != dtOK {
		return nil, dtError(e, typ, in, zone)
	}
	loc := s.loc()
	switch r.special {
	case kwInfinity:
		return TimestampPosInf, nil
	case kwNegInfinity:
		return TimestampNegInf, nil
	case kwEpoch:
		return time.Unix(0, 0).UTC(), nil
	case kwNow:
		now := s.now().Truncate(time.Microsecond)
		if withTZ {
			return now.UTC(), nil
		}
		return wallAsUTC(now.In(loc)), nil
	case kwToday, kwTomorrow, kwYesterday:
		y, m, d := s.now().In(loc).Date()
		switch r.special {
		case kwTomorrow:
			d++
		case kwYesterday:
			d--
		}
		r.year, r.month, r.day = y, int(m), d
	}
	if r.mask&mDateAll != mDateAll {
		return nil, errDateSyntax(typ, in)
	}
	days := daysFromCivil(int64(r.year), int64(r.month), int64(r.day))
	wall := time.Unix(days*86400, 0).UTC().Add(time.Duration(r.wallMicros()) * time.Microsecond)
	var t time.Time
	if !withTZ {
		t = wall
	} else if r.hasOff {
		t = wall.Add(-time.Duration(r.tzOff) * time.Second)
	} else {
		if r.loc != nil {
			loc = r.loc
		}
		t = localToUTC(wall, loc)
	}
	t, err := checkTimestamp(t)
	if err != nil {
		return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp out of range: \""+in+"\"")
	}
	return roundTimestamp(t, typmod), nil
}

// wallAsUTC returns the wall clock of t as a UTC time (timestamp without
// time zone).
func wallAsUTC(t time.Time) time.Time {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, t.Nanosecond(), time.UTC)
}

// localToUTC interprets a wall clock (given as a UTC time) in loc. Around a
// transition it chooses like PostgreSQL: a time skipped by a spring-forward
// jump takes the offset from before the jump, an ambiguous time in a
// fall-back takes the offset from after it.
func localToUTC(wall time.Time, loc *time.Location) time.Time {
	if loc == time.UTC {
		return wall
	}
	offAt := func(t time.Time) time.Duration {
		_, off := t.In(loc).Zone()
		return time.Duration(off) * time.Second
	}
	before := offAt(wall.Add(-12 * time.Hour))
	after := offAt(wall.Add(12 * time.Hour))
	if before == after {
		i := wall.Add(-before)
		if offAt(i) == before {
			return i
		}
		// more than one transition within the window: fall back to Go
		y, m, d := wall.Date()
		h, mi, s := wall.Clock()
		return time.Date(y, m, d, h, mi, s, wall.Nanosecond(), loc).UTC()
	}
	ia, ib := wall.Add(-before), wall.Add(-after)
	va, vb := offAt(ia) == before, offAt(ib) == after
	switch {
	case va && !vb:
		return ia
	case vb:
		return ib // valid only after, or ambiguous: prefer after
	}
	return ia // in a gap: the offset from before the jump
}

// roundTimestamp applies a timestamp(p) typmod: round half away from zero
// (relative to 2000-01-01) to p fractional digits.
func roundTimestamp(t time.Time, typmod int32) time.Time {
	if typmod < 0 || typmod >= 6 || IsInfTime(t) != 0 {
		return t
	}
	us := TimestampMicros(t)
	return TimestampFromMicros(roundMicros(us, typmod))
}

func roundMicros(us int64, typmod int32) int64 {
	scale := int64(1)
	for i := int32(0); i < 6-typmod; i++ {
		scale *= 10
	}
	half := scale / 2
	if us >= 0 {
		return (us + half) / scale * scale
	}
	return -((-us + half) / scale * scale)
}

func parseDate(in string, s *Settings) (Datum, error) {
	r, e, zone := decodeDateTime(in, s.DateStyle)
	if e != dtOK {
		return nil, dtError(e, "date", in, zone)
	}
	switch r.special {
	case kwInfinity:
		return DatePosInf, nil
	case kwNegInfinity:
		return DateNegInf, nil
	case kwEpoch:
		return MakeDate(1970, 1, 1), nil
	case kwNow, kwToday, kwTomorrow, kwYesterday:
		y, m, d := s.now().In(s.loc()).Date()
		switch r.special {
		case kwTomorrow:
			d++
		case kwYesterday:
			d--
		}
		return MakeDate(y, int(m), d), nil
	}
	if r.mask&mDateAll != mDateAll {
		return nil, errDateSyntax("date", in)
	}
	d := MakeDate(r.year, r.month, r.day)
	if err := checkDate(d); err != nil {
		return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "date out of range: \""+in+"\"")
	}
	return d, nil
}

func parseTime(in string, s *Settings, typmod int32) (Datum, error) {
	r, e, zone := decodeDateTime(in, s.DateStyle)
	if e != dtOK {
		return nil, dtError(e, "time", in, zone)
	}
	switch r.special {
	case kwNow:
		t := s.now().In(s.loc())
		h, m, sec := t.Clock()
		return TimeOfDay(int64(h)*usPerHour + int64(m)*usPerMin + int64(sec)*usPerSec + int64(t.Nanosecond()/1000)), nil
	case kwInfinity, kwNegInfinity, kwEpoch, kwToday, kwTomorrow, kwYesterday:
		return nil, errDateSyntax("time", in)
	}
	if r.mask&mTimeAll == 0 {
		return nil, errDateSyntax("time", in)
	}
	us := r.wallMicros()
	if typmod >= 0 && typmod < 6 {
		us = roundMicros(us, typmod)
	}
	if us > usPerDay {
		return nil, errDateField(in)
	}
	return TimeOfDay(us), nil
}
