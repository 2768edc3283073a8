package types

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/entitydb/entitydb/pgerr"
)

// to_timestamp(text, text) and to_date(text, text): the template patterns
// of to_char read back, leniently as PostgreSQL does without FX (a
// separator in the template matches any one non-alphanumeric input
// character; numbers followed by a separator may be shorter or longer
// than the field).

type fromCharResult struct {
	year, month, day        int
	hour, min, sec          int
	usec                    int64
	yearDigits              int // digits read for YY/YYY/Y (2-digit year adjustment)
	pm, am                  bool
	hour12                  bool
	tzOff                   int
	hasTZ                   bool
	bc                      bool
	doy                     int
	haveYear, haveMonthName bool
}

var fieldWidth = map[string]int{
	"YYYY": 4, "YYY": 3, "YY": 2, "Y": 1, "IYYY": 4, "IYY": 3, "IY": 2, "I": 1, "MM": 2, "DD": 2, "DDD": 3, "HH": 2, "HH12": 2, "HH24": 2,
	"MI": 2, "SS": 2, "MS": 3, "US": 6, "FF1": 1, "FF2": 2, "FF3": 3, "FF4": 4, "FF5": 5, "FF6": 6, "Q": 1, "CC": 2,
	"IW": 2, "WW": 2, "W": 1, "D": 1, "ID": 1, "SSSS": 5, "SSSSS": 5, "J": 7, "TZH": 2, "TZM": 2, "Y,YYY": 5,
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// parseFromChar reads in with tmpl.
func parseFromChar(in, tmpl string) (*fromCharResult, error) {
	r := &fromCharResult{}
	// tokenise the template first so a numeric field knows whether a
	// keyword follows it directly
	type node struct {
		kw     string // keyword (upper case), "" for a literal character
		orig   string // the keyword as written
		lit    byte
		fm     bool
		quoted string
	}
	var nodes []node
	for i := 0; i < len(tmpl); {
		fm := false
		for {
			up := strings.ToUpper(tmpl[i:])
			if strings.HasPrefix(up, "FM") {
				fm = true
				i += 2
				continue
			}
			if strings.HasPrefix(up, "FX") || strings.HasPrefix(up, "TM") {
				i += 2
				continue
			}
			break
		}
		if i >= len(tmpl) {
			break
		}
		if tmpl[i] == '"' {
			j := i + 1
			for j < len(tmpl) && tmpl[j] != '"' {
				j++
			}
			nodes = append(nodes, node{quoted: tmpl[i+1 : min(j, len(tmpl))]})
			i = j + 1
			continue
		}
		kw := dchKeywordAt(tmpl[i:])
		if kw == "" {
			_, size := utf8.DecodeRuneInString(tmpl[i:])
			nodes = append(nodes, node{lit: tmpl[i]})
			i += size
			continue
		}
		i += len(kw)
		if strings.HasPrefix(tmpl[i:], "TH") || strings.HasPrefix(tmpl[i:], "th") {
			i += 2
		}
		nodes = append(nodes, node{kw: strings.ToUpper(kw), orig: kw, fm: fm})
	}
	pos := 0
	for k, n := range nodes {
		if pos >= len(in) {
			break // fields after the end of the input keep their defaults
		}
		if n.quoted != "" {
			pos = min(pos+len(n.quoted), len(in))
			continue
		}
		if n.kw == "" {
			c := n.lit
			if c == ' ' {
				for pos < len(in) && isSpace(in[pos]) {
					pos++
				}
				continue
			}
			if c < utf8.RuneSelf && !isAlnum(c) {
				if pos < len(in) && !isAlnum(in[pos]) {
					_, size := utf8.DecodeRuneInString(in[pos:])
					pos += size
				}
				continue
			}
			if pos < len(in) {
				_, size := utf8.DecodeRuneInString(in[pos:])
				pos += size
			}
			continue
		}
		// skip leading spaces before a field
		for pos < len(in) && in[pos] == ' ' {
			pos++
		}
		kw := n.kw
		if w, ok := fieldWidth[kw]; ok {
			exact := k+1 < len(nodes) && nodes[k+1].kw != "" && !n.fm
			j := pos
			neg := false
			if (kw == "TZH") && j < len(in) && (in[j] == '+' || in[j] == '-' || in[j] == ' ') {
				neg = in[j] == '-'
				j++
			}
			start := j
			for j < len(in) && in[j] >= '0' && in[j] <= '9' && (!exact || j-start < w) {
				j++
			}
			if kw == "Y,YYY" {
				for j < len(in) && (in[j] >= '0' && in[j] <= '9' || in[j] == ',') {
					j++
				}
			}
			if j == start {
				shown := substrChars(in[pos:], 1, int64(max(w, 1)))
				return nil, pgerr.Newf(pgerr.InvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", shown, n.orig).
					WithDetail("Value must be an integer.")
			}
			digits := strings.ReplaceAll(in[start:j], ",", "")
			v64, _ := atoi64(digits)
			v := int(v64)
			if neg {
				v = -v
			}
			pos = j
			switch kw {
			case "YYYY", "Y,YYY", "IYYY":
				r.year, r.haveYear, r.yearDigits = v, true, len(digits)
				if kw == "YYYY" && len(digits) <= 2 {
					r.yearDigits = 4
				}
			case "YYY", "YY", "Y":
				r.year, r.haveYear, r.yearDigits = v, true, len(digits)
			case "MM":
				r.month = v
			case "DD":
				r.day = v
			case "DDD":
				r.doy = v
			case "HH", "HH12":
				r.hour, r.hour12 = v, true
			case "HH24":
				r.hour = v
			case "MI":
				r.min = v
			case "SS":
				r.sec = v
			case "MS":
				us := int64(v)
				for l := len(digits); l < 3; l++ {
					us *= 10
				}
				r.usec = us * 1000
			case "US", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
				us := int64(v)
				for l := len(digits); l < 6; l++ {
					us *= 10
				}
				r.usec = us
			case "SSSS", "SSSSS":
				r.hour, r.min, r.sec = v/3600, v%3600/60, v%60
			case "TZH":
				r.tzOff += v * 3600
				r.hasTZ = true
			case "TZM":
				if r.tzOff < 0 {
					r.tzOff -= v * 60
				} else {
					r.tzOff += v * 60
				}
				r.hasTZ = true
			case "J":
				y, m, d := civilFromDays(int64(v) - 2440588)
				r.year, r.month, r.day, r.haveYear, r.yearDigits = int(y), int(m), int(d), true, 4
			}
			continue
		}
		word := func(list []string, n int) (int, bool) {
			rest := strings.ToLower(in[pos:])
			for i, name := range list {
				w := strings.ToLower(name)
				if n > 0 {
					w = w[:n]
				}
				if strings.HasPrefix(rest, w) {
					pos += len(w)
					return i, true
				}
			}
			return 0, false
		}
		bad := func() error {
			shown := in[pos:]
			if i := strings.IndexAny(shown, " "); i >= 0 {
				shown = shown[:i]
			}
			return pgerr.Newf(pgerr.InvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", shown, n.orig).
				WithDetail("The given value did not match any of the allowed values for this field.")
		}
		switch kw {
		case "MONTH":
			i, ok := word(monthNames[:], 0)
			if !ok {
				return nil, bad()
			}
			r.month, r.haveMonthName = i+1, true
		case "MON":
			i, ok := word(monthNames[:], 3)
			if !ok {
				return nil, bad()
			}
			r.month, r.haveMonthName = i+1, true
		case "DAY":
			if _, ok := word(dayNames[:], 0); !ok {
				return nil, bad()
			}
		case "DY":
			if _, ok := word(dayNames[:], 3); !ok {
				return nil, bad()
			}
		case "AM", "PM", "A.M.", "P.M.":
			i, ok := word([]string{"am", "pm", "a.m.", "p.m."}, 0)
			if !ok {
				return nil, bad()
			}
			r.pm, r.am = i%2 == 1, i%2 == 0
		case "AD", "BC", "A.D.", "B.C.":
			i, ok := word([]string{"ad", "bc", "a.d.", "b.c."}, 0)
			if !ok {
				return nil, bad()
			}
			r.bc = i%2 == 1
		case "TZ", "OF":
			// a zone abbreviation or offset
			j := pos
			for j < len(in) && (isAlnum(in[j]) || in[j] == '+' || in[j] == '-' || in[j] == ':') {
				j++
			}
			z := in[pos:j]
			pos = j
			if off, ok := zoneAbbrevs[strings.ToLower(z)]; ok {
				r.tzOff, r.hasTZ = off, true
			} else if secs, ok := parseOffsetHMS(z); ok {
				r.tzOff, r.hasTZ = secs, true
			} else {
				return nil, bad()
			}
		}
	}
	return r, nil
}

// fromCharTime builds the timestamp (UTC wall clock) of a parse result.
func fromCharTime(r *fromCharResult, in string) (time.Time, error) {
	year := r.year
	if r.haveYear {
		switch r.yearDigits {
		case 1:
			year += 2000
		case 2:
			if year < 70 {
				year += 2000
			} else {
				year += 1900
			}
		case 3:
			if year < 520 {
				year += 2000
			} else {
				year += 1000
			}
		}
	}
	if r.bc || !r.haveYear {
		if r.haveYear {
			year = -(year - 1)
		} else {
			year = 0 // no year: 1 BC, as in PostgreSQL
		}
	}
	month, day := r.month, r.day
	if month == 0 {
		month = 1
	}
	if day == 0 {
		day = 1
	}
	if r.doy > 0 && r.month == 0 && r.day == 0 {
		y, m, d := civilFromDays(daysFromCivil(int64(year), 1, 1) + int64(r.doy-1))
		year, month, day = int(y), int(m), int(d)
	}
	hour := r.hour
	if r.hour12 || r.am || r.pm {
		if hour > 12 || (r.hour12 && hour < 1 && (r.am || r.pm)) {
			return time.Time{}, pgerr.Newf(pgerr.InvalidDatetimeFormat, "hour \"%d\" is invalid for the 12-hour clock", hour).
				WithHint("Use the 24-hour clock, or give an hour between 1 and 12.")
		}
		if r.pm && hour < 12 {
			hour += 12
		} else if r.am && hour == 12 {
			hour = 0
		}
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, time.Month(month)) || hour > 24 || r.min > 59 || r.sec > 60 {
		return time.Time{}, errDateField(in)
	}
	days := daysFromCivil(int64(year), int64(month), int64(day))
	return time.Unix(days*86400+int64(hour)*3600+int64(r.min)*60+int64(r.sec), r.usec*1000).UTC(), nil
}

func init() {
	T := TextOID
	// wallFromChar reads to_timestamp's and to_date's arguments into a
	// wall clock time.
	wallFromChar := func(a []Datum) (*fromCharResult, time.Time, error) {
		r, err := parseFromChar(str(a[0]), str(a[1]))
		if err != nil {
			return nil, time.Time{}, err
		}
		wall, err := fromCharTime(r, str(a[0]))
		return r, wall, err
	}
	fn("to_timestamp", oidsOf(T, T), TimestampTZOID, func(ctx *EvalContext, a []Datum) (Datum, error) {
		r, wall, err := wallFromChar(a)
		if err != nil {
			return nil, err
		}
		if r.hasTZ {
			return checkTimestamp(wall.Add(-time.Duration(r.tzOff) * time.Second))
		}
		return checkTimestamp(localToUTC(wall, ctx.settings().loc()))
	}).Volatility = Stable
	fn("to_date", oidsOf(T, T), DateOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		_, wall, err := wallFromChar(a)
		if err != nil {
			return nil, err
		}
		d := DateOfTime(wall)
		if err := checkDate(d); err != nil {
			return nil, pgerr.Newf(pgerr.DatetimeFieldOverflow, "date out of range: \"%s\"", str(a[0]))
		}
		return d, nil
	}).Volatility = Stable
}
