package types

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// Decoding of the fields dtLex (datetime_lex.go) splits a date/time input
// into: DecodeDateTime (date, timestamp, timestamptz) and DecodeTimeOnly
// (time, timetz), and the input functions built on them.

// zoneLookup classifies a word as a time zone abbreviation: its offset in
// seconds east and whether it is a daylight-saving abbreviation.
func zoneLookup(w string) (off int, dst, ok bool) {
	off, ok = zoneAbbrevs[w]
	return off, dstAbbrevs[w], ok
}

// decodeState carries DecodeDateTime's and DecodeTimeOnly's locals.
type decodeState struct {
	r             *dtResult
	ds            DateStyle
	s             *Settings
	ptype         int
	mer           int
	haveTextMonth bool
	isJulian      bool
	is2digits     bool
	bc            bool
}

// decodeFields runs DecodeDateTime's or DecodeTimeOnly's loop: each field
// yields the mask of what it set (0 to skip it), which must not overlap
// what earlier fields set; then BC and two-digit years and AM/PM apply.
func decodeFields(in string, s *Settings, dtype dtType, field func(d *decodeState, fields []dtField, i int) (int, dtErr)) (*decodeState, dtErr) {
	r := &dtResult{dtype: dtype}
	d := &decodeState{r: r, ds: s.DateStyle, s: s, mer: hr24}
	fields, ok := dtLex(in)
	if !ok {
		return d, dtBadFormat
	}
	for i := range fields {
		tmask, e := field(d, fields, i)
		if e != dtOK {
			return d, e
		}
		if tmask&r.fmask != 0 {
			return d, dtBadFormat
		}
		r.fmask |= tmask
	}
	if e := d.validateDate(); e != dtOK {
		return d, e
	}
	return d, d.applyMeridian()
}

// decodeDateTime is DecodeDateTime: the fields of a date, timestamp or
// timestamptz. A result with only a time is dtBadFormat.
func decodeDateTime(in string, s *Settings) (*dtResult, dtErr) {
	d, e := decodeFields(in, s, dtDate, (*decodeState).dateTimeField)
	r := d.r
	if e != dtOK || r.dtype != dtDate {
		return r, e
	}
	switch {
	case r.fmask&mDateAll != mDateAll:
		return r, dtBadFormat // a time only, or nothing
	case r.fmask&mDTZMod != 0 && (r.namedTz != nil || r.fmask&mTZ == 0):
		return r, dtBadFormat // "dst" needs a zone abbreviation or offset
	}
	return r, dtOK
}

// dateTimeField decodes field i for DecodeDateTime.
func (d *decodeState) dateTimeField(fields []dtField, i int) (tmask int, e dtErr) {
	r, f := d.r, fields[i]
	switch f.kind {
	case fDate:
		switch {
		case d.ptype == unitJulian:
			jday, cp, ovf := strtoint(f.s)
			if ovf || jday < 0 {
				return 0, dtFieldOverflow
			}
			r.year, r.mon, r.mday = j2date(int64(jday))
			d.isJulian = true
			d.ptype = unitNone
			r.tz, e = decodeTimezone(cp)
			return mDateAll | mTimeAll | mTZ, e
		case d.ptype != unitNone || r.fmask&(mMonth|mDay) == mMonth|mDay:
			// After a month and day: hhmmss-zz or a zone name with
			// punctuation ("america/new_york").
			if isDigit(f.s[0]) || d.ptype != unitNone {
				if e = d.takeISOTime(); e != dtOK {
					return 0, e
				}
				return d.timeWithZone(f.s, r.fmask)
			}
			return d.zoneName(f.s)
		}
		return d.decodeDate(f.s, r.fmask)
	case fTime:
		if e = d.takeISOTime(); e != dtOK {
			return 0, e
		}
		if tmask, e = d.decodeTime(f.s); e == dtOK && timeOverflows(r.hour, r.min, r.sec, r.fsec) {
			e = dtFieldOverflow
		}
		return tmask, e
	case fTZ:
		r.tz, e = decodeTimezone(f.s)
		return mTZ, e
	case fNumber:
		if d.ptype != unitNone {
			return d.labelledNumber(f.s)
		}
		dot := strings.IndexByte(f.s, '.')
		switch {
		case dot >= 0 && r.fmask&mDateAll == 0:
			return d.decodeDate(f.s, r.fmask)
		case dot > 2:
			return d.decodeNumberField(f.s, r.fmask)
		case len(f.s) >= 6 && (r.fmask&mDateAll == 0 || r.fmask&mTimeAll == 0):
			return d.decodeNumberField(f.s, r.fmask)
		}
		return d.decodeNumber(f.s, d.haveTextMonth, r.fmask)
	}
	return d.word(f.s, fields, i, false)
}

// decodeTimeOnly is DecodeTimeOnly: the fields of a time or timetz; the
// zone (r.tz) is resolved, on the current date when none is given.
func decodeTimeOnly(in string, s *Settings) (*dtResult, dtErr) {
	d, e := decodeFields(in, s, dtTime, (*decodeState).timeOnlyField)
	r := d.r
	if e != dtOK {
		return r, e
	}
	if timeOverflows(r.hour, r.min, r.sec, r.fsec) {
		return r, dtFieldOverflow
	}
	if r.fmask&mTimeAll != mTimeAll {
		return r, dtBadFormat
	}
	if r.namedTz != nil {
		if r.fmask&mDTZMod != 0 {
			return r, dtBadFormat
		}
		if off, fixed := fixedZoneOffset(r.namedTz); fixed {
			r.tz = -off
		} else {
			if r.fmask&mDateAll != mDateAll {
				return r, dtBadFormat // the offset depends on the date
			}
			r.tz = zoneOffsetWest(r, r.namedTz)
		}
	}
	if r.fmask&mTZ == 0 {
		if r.fmask&mDTZMod != 0 {
			return r, dtBadFormat
		}
		probe := *r
		if r.fmask&mDateAll == 0 {
			probe.year, probe.mon, probe.mday = civil(s.now().In(s.loc()))
		} else if r.fmask&mDateAll != mDateAll {
			return r, dtBadFormat
		}
		r.tz = zoneOffsetWest(&probe, s.loc())
	}
	return r, dtOK
}

// timeOnlyField decodes field i for DecodeTimeOnly.
func (d *decodeState) timeOnlyField(fields []dtField, i int) (tmask int, e dtErr) {
	r, f, nf := d.r, fields[i], len(fields)
	switch f.kind {
	case fDate:
		switch {
		case i == 0 && nf >= 2 && (fields[nf-1].kind == fDate || fields[1].kind == fTime):
			return d.decodeDate(f.s, r.fmask)
		case isDigit(f.s[0]):
			return d.timeWithZone(f.s, r.fmask|mDateAll)
		}
		return d.zoneName(f.s)
	case fTime:
		if e = d.takeISOTime(); e != dtOK {
			return 0, e
		}
		return d.decodeTime(f.s)
	case fTZ:
		r.tz, e = decodeTimezone(f.s)
		return mTZ, e
	case fNumber:
		if d.ptype != unitNone {
			return d.labelledNumber(f.s)
		}
		dot := strings.IndexByte(f.s, '.')
		switch {
		case dot >= 0 && i == 0 && nf >= 2 && fields[nf-1].kind == fDate:
			return d.decodeDate(f.s, r.fmask)
		case dot > 2:
			return d.decodeNumberField(f.s, r.fmask|mDateAll)
		case dot >= 0:
			return 0, dtBadFormat
		case len(f.s) > 4:
			return d.decodeNumberField(f.s, r.fmask|mDateAll)
		}
		return d.decodeNumber(f.s, false, r.fmask|mDateAll)
	}
	return d.word(f.s, fields, i, true)
}

// takeISOTime consumes the ISO 8601 't' before a time: no other unit
// label may be pending.
func (d *decodeState) takeISOTime() dtErr {
	if d.ptype == unitNone {
		return dtOK
	}
	if d.ptype != unitTime {
		return dtBadFormat
	}
	d.ptype = unitNone
	return dtOK
}

// zoneName reads a time zone name field (a file of the tz database or a
// POSIX zone); an unknown one is dtBadZone.
func (d *decodeState) zoneName(s string) (int, dtErr) {
	loc, ok := lookupZone(s)
	if !ok {
		d.r.zone = s
		return 0, dtBadZone
	}
	d.r.namedTz = loc
	return mTZ, dtOK
}

// word decodes a word field (DTK_STRING or DTK_SPECIAL): a zone
// abbreviation, a keyword, or a zone name.
func (d *decodeState) word(w string, fields []dtField, i int, timeOnly bool) (tmask int, e dtErr) {
	r := d.r
	if off, dst, ok := zoneLookup(w); ok {
		r.tz = -off
		if dst {
			return mDTZ | mTZ, dtOK
		}
		return mTZ, dtOK
	}
	tok, ok := dateTokens[w]
	if !ok {
		// Before giving up, an all-alpha zone name ("japan").
		if tmask, e = d.zoneName(w); e == dtBadZone {
			e = dtBadFormat
		}
		return tmask, e
	}
	tmask = tokMask[tok.typ]
	switch tok.typ {
	case tokIgnore:
		return 0, dtOK // an ignored word
	case tokReserv:
		if timeOnly {
			switch tok.val {
			case resNow:
				r.dtype = dtTime
				now := d.s.now().In(d.s.loc())
				r.hour, r.min, r.sec = now.Clock()
				r.fsec = int64(now.Nanosecond() / 1000)
				return mTimeAll, dtOK
			case resZulu:
				r.dtype = dtTime
				r.hour, r.min, r.sec = 0, 0, 0
				return mTimeAll | mTZ, dtOK
			}
			return 0, dtBadFormat
		}
		switch tok.val {
		case resNow:
			now := d.s.now().In(d.s.loc())
			r.year, r.mon, r.mday = civil(now)
			r.hour, r.min, r.sec = now.Clock()
			r.fsec = int64(now.Nanosecond() / 1000)
			_, off := now.Zone()
			r.tz = -off
			r.dtype = dtDate
			return mDateAll | mTimeAll | mTZ, dtOK
		case resToday, resTomorrow, resYesterday:
			delta := map[int]int64{resToday: 0, resTomorrow: 1, resYesterday: -1}[tok.val]
			y, m, dd := civil(d.s.now().In(d.s.loc()))
			r.year, r.mon, r.mday = j2date(date2j(y, m, dd) + delta)
			r.dtype = dtDate
			return mDateAll, dtOK
		case resZulu:
			r.hour, r.min, r.sec, r.tz = 0, 0, 0, 0
			r.dtype = dtDate
			return mTimeAll | mTZ, dtOK
		case resEpoch:
			r.dtype = dtEpoch
		case resLate:
			r.dtype = dtLate
		case resEarly:
			r.dtype = dtEarly
		}
		return tmask, dtOK
	case tokMonth:
		if timeOnly {
			return 0, dtBadFormat
		}
		// A numeric month already read was the day ("2 jan").
		if r.fmask&mMonth != 0 && !d.haveTextMonth && r.fmask&mDay == 0 && r.mon >= 1 && r.mon <= 31 {
			r.mday = r.mon
			tmask = mDay
		}
		d.haveTextMonth = true
		r.mon = tok.val
	case tokDTZMod:
		r.tz -= tok.val
		tmask |= mDTZ
	case tokAMPM:
		d.mer = tok.val
	case tokADBC:
		d.bc = tok.val == 1
	case tokDOW:
		if timeOnly {
			return 0, dtBadFormat
		}
	case tokUnits:
		tmask = 0
		d.ptype = tok.val
	case tokISOTime:
		tmask = 0
		if timeOnly {
			if i >= len(fields)-1 || !nextIsTimeLike(fields[i+1]) {
				return 0, dtBadFormat
			}
		} else {
			// The 't' needs a preceding date and a time after it.
			if r.fmask&mDateAll != mDateAll || i >= len(fields)-1 || !nextIsTimeLike(fields[i+1]) {
				return 0, dtBadFormat
			}
		}
		d.ptype = tok.val
	}
	return tmask, dtOK
}

func nextIsTimeLike(f dtField) bool {
	return f.kind == fNumber || f.kind == fTime || f.kind == fDate
}

// labelledNumber reads a number after a unit label ("j2451545", the
// digits after an ISO 't').
func (d *decodeState) labelledNumber(s string) (tmask int, e dtErr) {
	r := d.r
	val, cp, ovf := strtoint(s)
	if ovf {
		return 0, dtFieldOverflow
	}
	if strings.HasPrefix(cp, ".") {
		if d.ptype != unitJulian && d.ptype != unitTime && d.ptype != unitSecond {
			return 0, dtBadFormat
		}
	} else if cp != "" {
		return 0, dtBadFormat
	}
	switch d.ptype {
	case unitYear:
		r.year, tmask = val, mYear
	case unitMonth:
		if r.fmask&mMonth != 0 && r.fmask&mHour != 0 {
			r.min, tmask = val, mMin
		} else {
			r.mon, tmask = val, mMonth
		}
	case unitDay:
		r.mday, tmask = val, mDay
	case unitHour:
		r.hour, tmask = val, mHour
	case unitMinute:
		r.min, tmask = val, mMin
	case unitSecond:
		r.sec, tmask = val, mSec
		if strings.HasPrefix(cp, ".") {
			if r.fsec, e = parseFracSec(cp); e != dtOK {
				return 0, e
			}
			tmask = mAllSecs
		}
	case unitJulian:
		if val < 0 {
			return 0, dtFieldOverflow
		}
		tmask = mDateAll
		r.year, r.mon, r.mday = j2date(int64(val))
		d.isJulian = true
		if strings.HasPrefix(cp, ".") {
			f, _ := strconv.ParseFloat(cp, 64)
			us := int64(f * float64(usPerDay))
			r.hour = int(us / usPerHour)
			r.min = int(us / usPerMin % 60)
			r.sec = int(us / usPerSec % 60)
			r.fsec = us % usPerSec
			tmask |= mTimeAll
		}
	case unitTime:
		fmask := r.fmask | mDateAll
		if tmask, e = d.decodeNumberField(s, fmask); e != dtOK {
			return 0, e
		}
		if tmask != mTimeAll {
			return 0, dtBadFormat
		}
	default:
		return 0, dtBadFormat
	}
	d.ptype = unitNone
	r.dtype = dtDate
	return tmask, dtOK
}

// timeWithZone reads "hhmmss-zz": a concatenated time with a zone offset.
func (d *decodeState) timeWithZone(s string, fmask int) (tmask int, e dtErr) {
	if fmask&mTimeAll == mTimeAll {
		return 0, dtBadFormat
	}
	cp := strings.IndexByte(s, '-')
	if cp < 0 {
		return 0, dtBadFormat
	}
	if d.r.tz, e = decodeTimezone(s[cp:]); e != dtOK {
		return 0, e
	}
	if tmask, e = d.decodeNumberField(s[:cp], fmask); e != dtOK {
		return 0, e
	}
	return tmask | mTZ, dtOK
}

// decodeDate is DecodeDate: a field of numbers and month names separated
// by punctuation, which must give a complete date.
func (d *decodeState) decodeDate(s string, fmask int) (tmask int, e dtErr) {
	var parts []string
	for s != "" && len(parts) < maxDateFields {
		i := 0
		for i < len(s) && !isDigit(s[i]) && !isAlpha(s[i]) {
			i++
		}
		if i == len(s) {
			return 0, dtBadFormat // separator at the end
		}
		s = s[i:]
		j := 0
		switch {
		case isDigit(s[0]):
			for j < len(s) && isDigit(s[j]) {
				j++
			}
		default:
			for j < len(s) && isAlpha(s[j]) {
				j++
			}
		}
		parts = append(parts, s[:j])
		if j < len(s) {
			j++ // one separator goes with the field
		}
		s = s[j:]
	}
	// Month names first: they are unambiguous.
	for i, p := range parts {
		if p == "" || !isAlpha(p[0]) {
			continue
		}
		tok, ok := dateTokens[p]
		if ok && tok.typ == tokIgnore {
			continue
		}
		if !ok || tok.typ != tokMonth {
			return 0, dtBadFormat
		}
		if fmask&mMonth != 0 {
			return 0, dtBadFormat
		}
		d.r.mon = tok.val
		d.haveTextMonth = true
		fmask |= mMonth
		tmask |= mMonth
		parts[i] = "\x00"
	}
	for _, p := range parts {
		if p == "\x00" {
			continue
		}
		if p == "" {
			return 0, dtBadFormat
		}
		dmask, e := d.decodeNumber(p, d.haveTextMonth, fmask)
		if e != dtOK {
			return 0, e
		}
		if fmask&dmask != 0 {
			return 0, dtBadFormat
		}
		fmask |= dmask
		tmask |= dmask
	}
	if fmask&^(mDOY|mTZ) != mDateAll {
		return 0, dtBadFormat
	}
	return tmask, dtOK
}

// decodeNumber is DecodeNumber: one number of a date, placed by what is
// already known and DateStyle's field order.
func (d *decodeState) decodeNumber(s string, haveTextMonth bool, fmask int) (tmask int, e dtErr) {
	r := d.r
	val, cp, ovf := strtoint(s)
	if ovf {
		return 0, dtFieldOverflow
	}
	if cp == s {
		return 0, dtBadFormat
	}
	if strings.HasPrefix(cp, ".") {
		// More than two digits before the point: a date or a run-together
		// time (2001.360, 20011225, 040506.789).
		if len(s)-len(cp) > 2 {
			return d.decodeNumberField(s, fmask|mDateAll)
		}
		if r.fsec, e = parseFracSec(cp); e != dtOK {
			return 0, e
		}
	} else if cp != "" {
		return 0, dtBadFormat
	}
	flen := len(s)
	// A three-digit day of the year after a year.
	if flen == 3 && fmask&mDateAll == mYear && val >= 1 && val <= 366 {
		r.yday = val
		return mDOY | mMonth | mDay, dtOK
	}
	switch fmask & mDateAll {
	case 0:
		switch {
		case flen >= 3 || d.ds.Order == OrderYMD:
			r.year, tmask = val, mYear
		case d.ds.Order == OrderDMY:
			r.mday, tmask = val, mDay
		default:
			r.mon, tmask = val, mMonth
		}
	case mYear:
		r.mon, tmask = val, mMonth
	case mMonth:
		if haveTextMonth && (flen >= 3 || d.ds.Order == OrderYMD) {
			r.year, tmask = val, mYear
		} else {
			r.mday, tmask = val, mDay
		}
	case mYear | mMonth:
		if haveTextMonth && flen >= 3 && d.is2digits {
			// DD-MON-YYYY: the first number was the day
			r.mday, r.year = r.year, val
			d.is2digits = false
		} else {
			r.mday = val
		}
		tmask = mDay
	case mDay:
		r.mon, tmask = val, mMonth
	case mMonth | mDay:
		r.year, tmask = val, mYear
	case mDateAll:
		return d.decodeNumberField(s, fmask)
	default:
		return 0, dtBadFormat
	}
	if tmask == mYear {
		d.is2digits = flen <= 2
	}
	return tmask, dtOK
}

// decodeNumberField is DecodeNumberField: a run-together date (yyyymmdd,
// yymmdd) or time (hhmmss, hhmm), maybe with a fraction.
func (d *decodeState) decodeNumberField(s string, fmask int) (tmask int, e dtErr) {
	r := d.r
	if i := strings.IndexByte(s, '.'); i >= 0 {
		r.fsec, _ = fracMicros(s[i:])
		s = s[:i]
	} else if fmask&mDateAll != mDateAll && len(s) >= 6 {
		n := len(s)
		r.mday = atoiField(s[n-2:])
		r.mon = atoiField(s[n-4 : n-2])
		r.year = atoiField(s[:n-4])
		if n-4 == 2 {
			d.is2digits = true
		}
		return mDateAll, dtOK
	}
	if fmask&mTimeAll != mTimeAll {
		switch len(s) {
		case 6:
			r.hour, r.min, r.sec = atoiField(s[:2]), atoiField(s[2:4]), atoiField(s[4:])
			return mTimeAll, dtOK
		case 4:
			r.hour, r.min, r.sec = atoiField(s[:2]), atoiField(s[2:]), 0
			return mTimeAll, dtOK
		}
	}
	return 0, dtBadFormat
}

// decodeTime is DecodeTime: hh:mm, hh:mm:ss[.frac] or mm:ss.frac.
func (d *decodeState) decodeTime(s string) (tmask int, e dtErr) {
	r := d.r
	var cp string
	var ovf bool
	if r.hour, cp, ovf = strtoint(s); ovf {
		return 0, dtFieldOverflow
	}
	if !strings.HasPrefix(cp, ":") {
		return 0, dtBadFormat
	}
	if r.min, cp, ovf = strtoint(cp[1:]); ovf {
		return 0, dtFieldOverflow
	}
	switch {
	case cp == "":
		r.sec, r.fsec = 0, 0
	case cp[0] == '.':
		// mm:ss.frac
		if r.fsec, e = parseFracSec(cp); e != dtOK {
			return 0, e
		}
		r.hour, r.min, r.sec = 0, r.hour, r.min
	case cp[0] == ':':
		if r.sec, cp, ovf = strtoint(cp[1:]); ovf {
			return 0, dtFieldOverflow
		}
		switch {
		case cp == "":
			r.fsec = 0
		case cp[0] == '.':
			if r.fsec, e = parseFracSec(cp); e != dtOK {
				return 0, e
			}
		default:
			return 0, dtBadFormat
		}
	default:
		return 0, dtBadFormat
	}
	if r.hour < 0 || r.min < 0 || r.min > 59 || r.sec < 0 || r.sec > 60 || r.fsec < 0 || r.fsec > fsecPerSec {
		return 0, dtFieldOverflow
	}
	return mTimeAll, dtOK
}

// decodeTimezone is DecodeTimezone: "+h", "-hh:mm[:ss]", "+hhmm" into
// seconds west of UTC (PostgreSQL's sign).
func decodeTimezone(s string) (int, dtErr) {
	if s == "" || (s[0] != '+' && s[0] != '-') {
		return 0, dtBadFormat
	}
	hr, cp, ovf := strtoint(s[1:])
	if ovf {
		return 0, dtTZOverflow
	}
	var min, sec int
	switch {
	case strings.HasPrefix(cp, ":"):
		if min, cp, ovf = strtoint(cp[1:]); ovf {
			return 0, dtTZOverflow
		}
		if strings.HasPrefix(cp, ":") {
			if sec, cp, ovf = strtoint(cp[1:]); ovf {
				return 0, dtTZOverflow
			}
		}
	case cp == "" && len(s) > 3:
		min, hr = hr%100, hr/100
	}
	if hr < 0 || hr > tzDispHourMax || min < 0 || min >= 60 || sec < 0 || sec >= 60 {
		return 0, dtTZOverflow
	}
	tz := (hr*60+min)*60 + sec
	if s[0] == '-' {
		tz = -tz
	}
	if cp != "" {
		return 0, dtBadFormat
	}
	return -tz, dtOK
}

// validateDate is ValidateDate: BC and two-digit years, the day of the
// year, and the ranges of month and day.
func (d *decodeState) validateDate() dtErr {
	r := d.r
	if r.fmask&mYear != 0 {
		switch {
		case d.isJulian:
		case d.bc:
			if r.year <= 0 {
				return dtFieldOverflow
			}
			r.year = -(r.year - 1) // 1 BC is year 0
		case d.is2digits:
			if r.year < 0 {
				return dtFieldOverflow
			}
			if r.year < 70 {
				r.year += 2000
			} else if r.year < 100 {
				r.year += 1900
			}
		default:
			if r.year <= 0 {
				return dtFieldOverflow
			}
		}
	}
	if r.fmask&mDOY != 0 {
		r.year, r.mon, r.mday = j2date(date2j(r.year, 1, 1) + int64(r.yday) - 1)
	}
	if r.fmask&mMonth != 0 && (r.mon < 1 || r.mon > 12) {
		return dtMDFieldOverflow
	}
	if r.fmask&mDay != 0 && (r.mday < 1 || r.mday > 31) {
		return dtMDFieldOverflow
	}
	if r.fmask&mDateAll == mDateAll && r.mday > daysIn(r.year, time.Month(r.mon)) {
		return dtFieldOverflow
	}
	return dtOK
}

// applyMeridian applies AM/PM to the hour.
func (d *decodeState) applyMeridian() dtErr {
	r := d.r
	if d.mer != hr24 && r.hour > 12 {
		return dtFieldOverflow
	}
	switch {
	case d.mer == 0 && r.hour == 12:
		r.hour = 0
	case d.mer == 1 && r.hour != 12:
		r.hour += 12
	}
	return dtOK
}

// timeOverflows is time_overflows: each field in range and the total at
// most 24:00:00.
func timeOverflows(hour, min, sec int, fsec int64) bool {
	if hour < 0 || hour > 24 || min < 0 || min >= 60 || sec < 0 || sec > 60 || fsec < 0 || fsec > fsecPerSec {
		return true
	}
	return ((int64(hour)*60+int64(min))*60+int64(sec))*fsecPerSec+fsec > usPerDay
}

// date2j and j2date convert between a calendar date and its Julian day.
func date2j(y, m, d int) int64 { return daysFromCivil(int64(y), int64(m), int64(d)) + julianOffset }

func j2date(jd int64) (y, m, d int) {
	yy, mm, dd := civilFromDays(jd - julianOffset)
	return int(yy), int(mm), int(dd)
}

func civil(t time.Time) (y, m, d int) {
	yy, mm, dd := t.Date()
	return yy, int(mm), dd
}

// validJulian is IS_VALID_JULIAN: the dates the Julian-day routines handle.
func validJulian(y, m int) bool {
	return (y > -4713 || y == -4713 && m >= 11) && (y < 5874898 || y == 5874898 && m < 6)
}

// wall returns the decoded date and time as a wall clock read as UTC.
func (r *dtResult) wall() time.Time {
	days := daysFromCivil(int64(r.year), int64(r.mon), int64(r.mday))
	return time.Unix(days*86400, 0).UTC().Add(time.Duration(r.wallMicros()) * time.Microsecond)
}

// wallMicros returns the microseconds of the time-of-day fields.
func (r *dtResult) wallMicros() int64 {
	return int64(r.hour)*usPerHour + int64(r.min)*usPerMin + int64(r.sec)*usPerSec + r.fsec
}

// zoneOffsetWest is DetermineTimeZoneOffset: the offset (seconds west) of
// loc at the decoded local date and time.
func zoneOffsetWest(r *dtResult, loc *time.Location) int {
	if !validJulian(r.year, r.mon) {
		return 0
	}
	w := r.wall()
	return int(w.Sub(localToUTC(w, loc)) / time.Second * -1)
}

// fixedZoneOffset reports whether a zone has had one UTC offset throughout
// (pg_get_timezone_offset), and that offset in seconds east.
func fixedZoneOffset(loc *time.Location) (int, bool) {
	if v, ok := fixedZones.Load(loc); ok {
		f := v.([2]int)
		return f[0], f[1] == 1
	}
	t := time.Date(-4000, 1, 1, 0, 0, 0, 0, time.UTC).In(loc)
	_, off := t.Zone()
	fixed := 1
	for i := 0; i < 10000; i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() {
			break
		}
		t = end.In(loc)
		if _, o := t.Zone(); o != off {
			fixed = 0
			break
		}
	}
	fixedZones.Store(loc, [2]int{off, fixed})
	return off, fixed == 1
}

var fixedZones sync.Map // *time.Location -> [offset, fixed]

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

// fastISOTimestamp parses the canonical "YYYY-MM-DD HH:MM:SS[.ffffff]"
// with an optional "+HH[:MM]"/"-HH[:MM]" offset, which is what clients
// send nearly always; ok is false for anything else (the general parser
// then decides). hasOff reports an explicit offset.
func fastISOTimestamp(in string) (wall time.Time, off int, hasOff, ok bool) {
	if len(in) < 19 || in[4] != '-' || in[7] != '-' || (in[10] != ' ' && in[10] != 'T') || in[13] != ':' || in[16] != ':' {
		return
	}
	y, ok1 := atoiDigits(in[0:4])
	mo, ok2 := atoiDigits(in[5:7])
	d, ok3 := atoiDigits(in[8:10])
	h, ok4 := atoiDigits(in[11:13])
	mi, ok5 := atoiDigits(in[14:16])
	sec, ok6 := atoiDigits(in[17:19])
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
		if j == 1 || j > 7 {
			return // more than six digits round through a double: the general path
		}
		us, _ = parseFraction(rest[1:j])
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
	r, e := decodeDateTime(in, s)
	if e != dtOK {
		return nil, dtError(e, typ, in, r.zone)
	}
	switch r.dtype {
	case dtLate:
		return TimestampPosInf, nil
	case dtEarly:
		return TimestampNegInf, nil
	case dtEpoch:
		return time.Unix(0, 0).UTC(), nil
	}
	errRange := pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp out of range: \""+in+"\"")
	if !validJulian(r.year, r.mon) {
		return nil, errRange
	}
	wall := r.wall()
	t := wall
	if withTZ {
		switch {
		case r.namedTz != nil:
			t = localToUTC(wall, r.namedTz)
		case r.fmask&mTZ != 0:
			t = wall.Add(time.Duration(r.tz) * time.Second)
		default:
			t = localToUTC(wall, s.loc())
		}
	}
	t, err := checkTimestamp(t)
	if err != nil {
		return nil, errRange
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
	r, e := decodeDateTime(in, s)
	if e != dtOK {
		return nil, dtError(e, "date", in, r.zone)
	}
	switch r.dtype {
	case dtLate:
		return DatePosInf, nil
	case dtEarly:
		return DateNegInf, nil
	case dtEpoch:
		return MakeDate(1970, 1, 1), nil
	}
	errRange := pgerr.New(pgerr.DatetimeFieldOverflow, "date out of range: \""+in+"\"")
	if !validJulian(r.year, r.mon) {
		return nil, errRange
	}
	d := MakeDate(r.year, r.mon, r.mday)
	if checkDate(d) != nil {
		return nil, errRange
	}
	return d, nil
}

func parseTime(in string, s *Settings, typmod int32) (Datum, error) {
	us, _, err := decodeTimeInput(in, "time", s, typmod)
	if err != nil {
		return nil, err
	}
	return TimeOfDay(us), nil
}

// decodeTimeInput decodes time or timetz input (typ names the type in
// errors): the time of day rounded to typmod's precision and the zone in
// seconds west.
func decodeTimeInput(in, typ string, s *Settings, typmod int32) (us int64, tz int, err error) {
	r, e := decodeTimeOnly(in, s)
	if e != dtOK {
		return 0, 0, dtError(e, typ, in, r.zone)
	}
	us = r.wallMicros()
	if typmod >= 0 && typmod < 6 {
		us = roundMicros(us, typmod)
	}
	return us, r.tz, nil
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var daysInMonth = [2][12]int{
	{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
}
