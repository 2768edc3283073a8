package types

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// to_char for timestamps, intervals and numbers: the template patterns
// clients use (PostgreSQL's formatting.c has more: SP, TM translations,
// Roman numerals for numbers are not supported).

// dchFields are what timestamp templates read.
type dchFields struct {
	year, month, day          int // year 0 = 1 BC
	hour, min, sec            int
	usec                      int64
	wday, yday                int
	offset                    int
	zone                      string
	interval                  bool
	ivYears, ivMonths, ivDays int64
	ivHours                   int64
	hasZone                   bool
}

var romanMonths = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

type dchPattern struct {
	name string
}

// dchKeywords in match order (longer first where prefixes collide).
var dchKeywords = []string{
	"a.d.", "A.D.", "a.m.", "A.M.", "b.c.", "B.C.", "p.m.", "P.M.",
	"HH24", "HH12", "HH", "MI", "SSSSS", "SSSS", "SS", "MS", "US", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6",
	"AM", "am", "PM", "pm", "AD", "ad", "BC", "bc",
	"Y,YYY", "y,yyy", "YYYY", "yyyy", "YYY", "yyy", "YY", "yy", "Y", "y",
	"IYYY", "iyyy", "IYY", "iyy", "IY", "iy", "IDDD", "iddd", "ID", "id", "IW", "iw", "I", "i",
	"MONTH", "Month", "month", "MON", "Mon", "mon", "MM", "mm",
	"DAY", "Day", "day", "DY", "Dy", "dy", "DDD", "ddd", "DD", "dd", "D", "d",
	"WW", "ww", "W", "w", "CC", "cc", "J", "j", "Q", "q", "RM", "rm", "TZH", "tzh", "TZM", "tzm", "TZ", "tz", "OF", "of",
	"hh24", "hh12", "hh", "mi", "sssss", "ssss", "ss", "ms", "us", "ff1", "ff2", "ff3", "ff4", "ff5", "ff6",
}

// dchKeywordAt returns the template keyword s starts with, or "".
func dchKeywordAt(s string) string {
	for _, k := range dchKeywords {
		if strings.HasPrefix(s, k) {
			return k
		}
	}
	return ""
}

// padNum is C's "%0*d": the width counts the minus sign.
func padNum(v int64, width int, fm bool) string {
	neg := v < 0
	if neg {
		v = -v
		width--
	}
	s := strconv.FormatInt(v, 10)
	if !fm {
		for len(s) < width {
			s = "0" + s
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// countPost counts the digit positions after the decimal point.
func countPost(tmpl string) int {
	n, after := 0, false
	for i := 0; i < len(tmpl); i++ {
		switch c := tmpl[i]; c {
		case '.', 'D', 'd':
			after = true
		case '9', '0':
			if after {
				n++
			}
		}
	}
	return n
}

// padClock formats hours, minutes and seconds: two digits, three
// characters when negative (intervals), as PostgreSQL does.
func padClock(v int64, fm bool) string {
	if v < 0 {
		return padNum(v, 3, fm)
	}
	return padNum(v, 2, fm)
}

func ordinalSuffix(n int64, upper bool) string {
	s := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			s = "st"
		case 2:
			s = "nd"
		case 3:
			s = "rd"
		}
	}
	if upper {
		return strings.ToUpper(s)
	}
	return s
}

func caseAs(pattern, word string) string {
	switch {
	case pattern == strings.ToUpper(pattern):
		return strings.ToUpper(word)
	case pattern == strings.ToLower(pattern):
		return strings.ToLower(word)
	}
	return word
}

// formatDCH renders a date/time template.
func formatDCH(f dchFields, tmpl string) (string, error) {
	var b strings.Builder
	i := 0
	for i < len(tmpl) {
		fm := false
		for {
			if strings.HasPrefix(tmpl[i:], "FM") || strings.HasPrefix(tmpl[i:], "fm") {
				fm = true
				i += 2
				continue
			}
			if strings.HasPrefix(tmpl[i:], "FX") || strings.HasPrefix(tmpl[i:], "fx") || strings.HasPrefix(tmpl[i:], "TM") || strings.HasPrefix(tmpl[i:], "tm") {
				i += 2
				continue
			}
			break
		}
		if i >= len(tmpl) {
			break
		}
		c := tmpl[i]
		if c == '"' {
			j := i + 1
			for j < len(tmpl) && tmpl[j] != '"' {
				if tmpl[j] == '\\' && j+1 < len(tmpl) {
					j++
				}
				b.WriteByte(tmpl[j])
				j++
			}
			i = j + 1
			continue
		}
		kw := dchKeywordAt(tmpl[i:])
		if kw == "" {
			b.WriteByte(c)
			i++
			continue
		}
		i += len(kw)
		if f.interval {
			switch strings.ToUpper(kw) {
			case "DAY", "DY", "D", "ID", "MONTH", "MON", "TZ", "TZH", "TZM", "OF":
				return "", pgerr.New(pgerr.InvalidDatetimeFormat, "invalid format specification for an interval value").
					WithHint("Intervals are not tied to specific calendar dates.")
			}
		}
		th, thUpper := false, false
		if strings.HasPrefix(tmpl[i:], "TH") {
			th, thUpper = true, true
			i += 2
		} else if strings.HasPrefix(tmpl[i:], "th") {
			th = true
			i += 2
		}
		var num int64
		isNum := true
		var out string
		up := strings.ToUpper(kw)
		year := int64(f.year)
		if year <= 0 && !f.interval {
			year = 1 - year // BC years count up
		}
		switch up {
		case "HH", "HH12":
			h := f.hour % 12
			if h == 0 && !f.interval {
				h = 12
			}
			if f.interval {
				h = int(f.ivHours % 12)
			}
			num, out = int64(h), padClock(int64(h), fm)
		case "HH24":
			h := int64(f.hour)
			if f.interval {
				h = f.ivHours
			}
			num, out = h, padClock(h, fm)
		case "MI":
			num, out = int64(f.min), padClock(int64(f.min), fm)
		case "SS":
			num, out = int64(f.sec), padClock(int64(f.sec), fm)
		case "MS":
			num, out = f.usec/1000, padNum(f.usec/1000, 3, fm)
		case "US":
			num, out = f.usec, padNum(f.usec, 6, fm)
		case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
			n := int(up[2] - '0')
			v := f.usec / int64(math.Pow10(6-n))
			num, out = v, padNum(v, n, fm)
		case "SSSS", "SSSSS":
			v := int64(f.hour)*3600 + int64(f.min)*60 + int64(f.sec)
			if f.interval {
				v = f.ivHours*3600 + int64(f.min)*60 + int64(f.sec)
			}
			num, out = v, padNum(v, 0, fm)
		case "AM", "PM":
			isNum = false
			if f.hour >= 12 {
				out = caseAs(kw, "PM")
			} else {
				out = caseAs(kw, "AM")
			}
		case "A.M.", "P.M.":
			isNum = false
			if f.hour >= 12 {
				out = caseAs(kw, "P.M.")
			} else {
				out = caseAs(kw, "A.M.")
			}
		case "AD", "BC":
			isNum = false
			if f.year <= 0 && !f.interval {
				out = caseAs(kw, "BC")
			} else {
				out = caseAs(kw, "AD")
			}
		case "A.D.", "B.C.":
			isNum = false
			if f.year <= 0 && !f.interval {
				out = caseAs(kw, "B.C.")
			} else {
				out = caseAs(kw, "A.D.")
			}
		case "Y,YYY":
			num = year
			out = strconv.FormatInt(year/1000, 10) + "," + padNum(year%1000, 3, false)
		case "YYYY":
			num, out = year, padNum(year, 4, fm)
			if year < 0 {
				out = padNum(year, 5, fm)
			}
		case "YYY":
			num, out = year%1000, padNum(year%1000, 3, fm)
		case "YY":
			num, out = year%100, padNum(year%100, 2, fm)
		case "Y":
			num, out = year%10, padNum(year%10, 1, fm)
		case "IYYY", "IYY", "IY", "I":
			iy, _ := isoWeek(f.year, f.month, f.day)
			if iy <= 0 {
				iy = 1 - iy
			}
			w := map[string]int{"IYYY": 4, "IYY": 3, "IY": 2, "I": 1}[up]
			v := int64(iy)
			if w < 4 {
				v %= int64(math.Pow10(w))
			}
			num, out = v, padNum(v, w, fm)
		case "IW":
			_, w := isoWeek(f.year, f.month, f.day)
			num, out = int64(w), padNum(int64(w), 2, fm)
		case "IDDD":
			_, w := isoWeek(f.year, f.month, f.day)
			id := int64(f.wday)
			if id == 0 {
				id = 7
			}
			v := int64(w-1)*7 + id
			num, out = v, padNum(v, 3, fm)
		case "ID":
			id := int64(f.wday)
			if id == 0 {
				id = 7
			}
			num, out = id, padNum(id, 1, fm)
		case "MONTH":
			isNum = false
			if f.month < 1 {
				out = ""
				break
			}
			name := caseAs(kw, monthNames[f.month-1])
			if !fm {
				name += strings.Repeat(" ", max(0, 9-len(name)))
			}
			out = name
		case "MON":
			isNum = false
			if f.month >= 1 {
				out = caseAs(kw, monthNames[f.month-1][:3])
			}
		case "MM":
			num, out = int64(f.month), padNum(int64(f.month), 2, fm)
			if f.interval {
				num, out = f.ivMonths, padNum(f.ivMonths, 2, fm)
			}
		case "DAY":
			isNum = false
			name := caseAs(kw, dayNames[f.wday])
			if !fm {
				name += strings.Repeat(" ", max(0, 9-len(name)))
			}
			out = name
		case "DY":
			isNum = false
			out = caseAs(kw, dayNames[f.wday][:3])
		case "DDD":
			num, out = int64(f.yday), padNum(int64(f.yday), 3, fm)
			if f.interval {
				num, out = f.ivDays, padNum(f.ivDays, 3, fm)
			}
		case "DD":
			num, out = int64(f.day), padNum(int64(f.day), 2, fm)
			if f.interval {
				num, out = f.ivDays, padNum(f.ivDays, 2, fm)
			}
		case "D":
			num, out = int64(f.wday+1), padNum(int64(f.wday+1), 1, fm)
		case "W":
			v := int64((f.day-1)/7 + 1)
			num, out = v, padNum(v, 1, fm)
		case "WW":
			v := int64((f.yday-1)/7 + 1)
			num, out = v, padNum(v, 2, fm)
		case "CC":
			var v int64
			if f.interval {
				v = f.ivYears / 100
			} else if f.year > 0 {
				v = int64((f.year + 99) / 100)
			} else {
				v = -int64((99 - (f.year - 1)) / 100)
			}
			num, out = v, padClock(v, fm)
		case "J":
			v := julianDay(f.year, f.month, f.day)
			num, out = v, padNum(v, 0, fm)
		case "Q":
			v := int64((f.month-1)/3 + 1)
			num, out = v, padNum(v, 1, fm)
		case "RM":
			isNum = false
			if f.month >= 1 {
				r := romanMonths[f.month-1]
				if !fm {
					r += strings.Repeat(" ", 4-len(r))
				}
				out = caseAs(kw, r)
			}
		case "TZ":
			isNum = false
			if !f.hasZone {
				break
			}
			z := f.zone
			if z == "" || z[0] == '+' || z[0] == '-' {
				z = string(appendOffset(nil, f.offset))
			}
			out = caseAs(kw, z)
		case "TZH":
			isNum = false
			sign := "+"
			if f.offset < 0 {
				sign = "-"
			}
			out = sign + padNum(int64(abs(f.offset)/3600), 2, false)
		case "TZM":
			num, out = int64(abs(f.offset)%3600/60), padNum(int64(abs(f.offset)%3600/60), 2, fm)
		case "OF":
			isNum = false
			out = string(appendOffset(nil, f.offset))
		}
		b.WriteString(out)
		if th && isNum {
			b.WriteString(ordinalSuffix(num, thUpper))
		}
	}
	return b.String(), nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// ToCharTimestamp is to_char(timestamp[tz], text); loc is the zone of a
// timestamptz (nil for timestamp).
func ToCharTimestamp(t time.Time, loc *time.Location, tmpl string) (Datum, error) {
	if IsInfTime(t) != 0 || tmpl == "" {
		return nil, nil
	}
	tf := splitTime(t, loc)
	f := dchFields{year: tf.year, month: tf.month, day: tf.day, hour: tf.hour, min: tf.min, sec: tf.sec,
		usec: tf.usec, wday: tf.wday, yday: tf.yday, offset: tf.offset, zone: tf.zone, hasZone: loc != nil}
	if loc == nil {
		f.zone, f.offset = "", 0
	}
	s, err := formatDCH(f, tmpl)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ToCharInterval is to_char(interval, text).
func ToCharInterval(iv Interval, tmpl string) (Datum, error) {
	it := splitInterval(iv)
	f := dchFields{interval: true, year: int(it.year), month: int(it.mon), day: int(it.day),
		hour: int(it.hour % 24), min: int(it.min), sec: int(it.sec), usec: it.usec,
		ivYears: it.year, ivMonths: it.mon, ivDays: it.day, ivHours: it.hour, wday: 0, yday: 0}
	if tmpl == "" {
		return nil, nil
	}
	s, err := formatDCH(f, tmpl)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ---- numbers ----

type numFormat struct {
	pre, post  int // digit positions before and after the decimal point
	zeroStart  int // index (in digit positions before the point) of the first '0', -1 if none
	fm         bool
	sign       string // "", "S", "MI", "PL", "SG", "PR"
	signAtEnd  bool
	hasDecimal bool
	postZero   bool // a '0' among the fraction positions
	eeee       bool
}

// ToCharNumber is to_char(numeric, text) for the 9 0 . D , G S MI PL SG
// PR FM patterns.
func ToCharNumber(d *apd.Decimal, tmpl string) (Datum, error) {
	return toCharNumber(d, tmpl, false)
}

// toCharNumber formats d; fromFloat selects the float functions' overflow
// form, which prints no '#' for the fraction positions ("###.").
func toCharNumber(d *apd.Decimal, tmpl string, fromFloat bool) (Datum, error) {
	if tmpl == "" {
		return "", nil
	}
	var nf numFormat
	nf.zeroStart = -1
	// first pass: count positions and flags
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		up := strings.ToUpper(tmpl[i:])
		switch {
		case c == '9' || c == '0':
			if nf.hasDecimal {
				nf.post++
				if c == '0' {
					nf.postZero = true
				}
			} else {
				if c == '0' && nf.zeroStart < 0 {
					nf.zeroStart = nf.pre
				}
				nf.pre++
			}
		case c == '.' || c == 'D' || c == 'd':
			if nf.hasDecimal {
				return nil, pgerr.New(pgerr.SyntaxError, "multiple decimal points")
			}
			nf.hasDecimal = true
		case strings.HasPrefix(up, "FM"):
			nf.fm = true
			i++
		case strings.HasPrefix(up, "PR"):
			nf.sign = "PR"
			i++
		case strings.HasPrefix(up, "MI"):
			nf.sign = "MI"
			nf.signAtEnd = nf.pre > 0
			i++
		case strings.HasPrefix(up, "PL"):
			nf.sign = "PL"
			nf.signAtEnd = nf.pre > 0
			i++
		case strings.HasPrefix(up, "SG"):
			nf.sign = "SG"
			nf.signAtEnd = nf.pre > 0
			i++
		case c == 'S' || c == 's':
			nf.sign = "S"
			nf.signAtEnd = nf.pre > 0
		case strings.HasPrefix(up, "EEEE"):
			nf.eeee = true
			i += 3
		}
	}
	if nf.eeee {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "\"EEEE\" format is not supported by entitydb")
	}
	neg := d.Form == apd.Finite && d.IsZero() && d.Negative // float -0
	intDigits, fracDigits := "", ""
	overflow := false
	isNaN := false
	switch d.Form {
	case apd.NaN, apd.Infinite:
		// printed as the word in the integer positions when it fits
		isNaN = true
		intDigits = "NaN"
		if d.Form == apd.Infinite {
			overflow = true
			neg = d.Negative
		}
		if len(intDigits) > nf.pre {
			overflow = true
		}
	default:
		r := numRescale(d, nf.post, false)
		neg = neg || (r.Negative && !r.IsZero())
		txt := string(appendNumeric(nil, NumericAbs(r)))
		if i := strings.IndexByte(txt, '.'); i >= 0 {
			intDigits, fracDigits = txt[:i], txt[i+1:]
		} else {
			intDigits = txt
		}
		if intDigits == "0" {
			intDigits = ""
		}
		if len(intDigits) > nf.pre {
			overflow = true
		}
	}
	for len(fracDigits) < nf.post && !isNaN {
		fracDigits += "0"
	}
	var b strings.Builder
	// digit stream for the integer positions, right-aligned
	pad := nf.pre - len(intDigits)
	firstDigitPrinted := false
	signWritten := false
	writeLeadingSign := func() {
		if signWritten {
			return
		}
		signWritten = true
		switch nf.sign {
		case "":
			if neg {
				b.WriteByte('-')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case "PL":
			if neg {
				b.WriteByte('-')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case "PR":
			if neg {
				b.WriteByte('<')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case "S":
			if !nf.signAtEnd {
				// a leading S sits right before the number
				if neg {
					b.WriteByte('-')
				} else {
					b.WriteByte('+')
				}
			}
		}
	}
	// Every digit position left of the first significant digit (or zero
	// position) is blank; the sign goes right before the first printed
	// character of the number.
	intPos := 0
	fracPos := 0
	inFrac := false
	lastNonZeroFrac := len(strings.TrimRight(fracDigits, "0"))
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		up := strings.ToUpper(tmpl[i:])
		switch {
		case (c == '9' || c == '0') && !inFrac:
			k := intPos
			intPos++
			if overflow {
				writeLeadingSign()
				b.WriteByte('#')
				continue
			}
			zero := nf.zeroStart >= 0 && k >= nf.zeroStart
			switch {
			case k >= pad:
				writeLeadingSign()
				b.WriteByte(intDigits[k-pad])
				firstDigitPrinted = true
			case zero:
				writeLeadingSign()
				b.WriteByte('0')
				firstDigitPrinted = true
			case k == nf.pre-1 && intDigits == "" && (nf.post == 0 || (nf.fm && !nf.postZero && strings.Trim(fracDigits, "0") == "")):
				writeLeadingSign()
				b.WriteByte('0')
				firstDigitPrinted = true
			default:
				if !nf.fm {
					b.WriteByte(' ')
				}
			}
		case (c == '9' || c == '0') && inFrac:
			k := fracPos
			fracPos++
			if overflow {
				if !fromFloat {
					b.WriteByte('#')
				}
				continue
			}
			if isNaN {
				continue
			}
			if nf.fm && c == '9' && k >= lastNonZeroFrac {
				continue
			}
			b.WriteByte(fracDigits[k])
		case c == '.' || c == 'D' || c == 'd':
			inFrac = true
			if overflow {
				writeLeadingSign()
				b.WriteByte('.')
				continue
			}
			if isNaN {
				continue
			}
			writeLeadingSign()
			b.WriteByte('.')
		case c == ',' || c == 'G' || c == 'g':
			if overflow || firstDigitPrinted {
				b.WriteByte(',')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case strings.HasPrefix(up, "FM"):
			i++
		case strings.HasPrefix(up, "PR"):
			i++
			if neg {
				b.WriteByte('>')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case strings.HasPrefix(up, "MI"):
			i++
			if neg {
				b.WriteByte('-')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case strings.HasPrefix(up, "PL"):
			i++
			if !neg {
				b.WriteByte('+')
			} else if !nf.fm {
				b.WriteByte(' ')
			}
		case strings.HasPrefix(up, "SG"):
			i++
			if neg {
				b.WriteByte('-')
			} else {
				b.WriteByte('+')
			}
		case c == 'S' || c == 's':
			if !nf.signAtEnd {
				continue
			}
			if neg {
				b.WriteByte('-')
			} else {
				b.WriteByte('+')
			}
		case c == '"':
			j := i + 1
			for j < len(tmpl) && tmpl[j] != '"' {
				b.WriteByte(tmpl[j])
				j++
			}
			i = j
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func init() {
	T := TextOID
	fn("to_char", oidsOf(TimestampOID, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ToCharTimestamp(ts(a[0]), nil, str(a[1]))
	}).Volatility = Stable
	fn("to_char", oidsOf(TimestampTZOID, T), T, func(ctx *EvalContext, a []Datum) (Datum, error) {
		return ToCharTimestamp(ts(a[0]), ctx.settings().loc(), str(a[1]))
	}).Volatility = Stable
	fn("to_char", oidsOf(IntervalOID, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ToCharInterval(a[0].(Interval), str(a[1]))
	}).Volatility = Stable
	fn("to_char", oidsOf(NumericOID, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ToCharNumber(num(a[0]), str(a[1]))
	}).Volatility = Stable
	for _, t := range []OID{Int4OID, Int8OID} {
		fn("to_char", oidsOf(t, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
			return ToCharNumber(NumericFromInt(a[0].(int64)), str(a[1]))
		}).Volatility = Stable
	}
	for _, t := range []OID{Float4OID, Float8OID} {
		bits := 64
		if t == Float4OID {
			bits = 32
		}
		fn("to_char", oidsOf(t, T), T, func(_ *EvalContext, a []Datum) (Datum, error) {
			x := f64(a[0])
			if math.IsNaN(x) || math.IsInf(x, 0) {
				d := numNaN()
				if math.IsInf(x, 0) {
					d = &apd.Decimal{Form: apd.Infinite, Negative: x < 0}
				}
				// float8 fills the fraction with '#', float4 does not
				return toCharNumber(d, str(a[1]), bits == 32)
			}
			// printf("%.*f") rounding of the binary value
			d, err := parseNumeric(strconv.FormatFloat(x, 'f', countPost(str(a[1])), bits))
			if err != nil {
				return nil, err
			}
			if x == 0 && math.Signbit(x) {
				d = &apd.Decimal{Negative: true}
			}
			return toCharNumber(d, str(a[1]), true)
		}).Volatility = Stable
	}
}
