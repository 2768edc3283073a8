package types

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/entitydb/entitydb/pgerr"
)

// Date and time functions.

func ts(d Datum) time.Time { return d.(time.Time) }

// tmFields are a timestamp's calendar fields in some time zone.
type tmFields struct {
	year, month, day int // year 0 = 1 BC
	hour, min, sec   int
	usec             int64
	offset           int // seconds east of UTC (timestamptz)
	zone             string
	wday             int // 0 = Sunday
	yday             int // 1-based
}

func splitTime(t time.Time, loc *time.Location) tmFields {
	if loc != nil {
		t = t.In(loc)
	} else {
		t = t.UTC()
	}
	var f tmFields
	var m time.Month
	f.year, m, f.day = t.Date()
	f.month = int(m)
	f.hour, f.min, f.sec = t.Clock()
	f.usec = int64(t.Nanosecond() / 1000)
	f.zone, f.offset = t.Zone()
	f.wday = int(t.Weekday())
	f.yday = t.YearDay()
	return f
}

// isoWeek returns the ISO 8601 week-numbering year and week.
func isoWeek(y, m, d int) (int, int) {
	t := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC)
	return t.ISOWeek()
}

func julianDay(y, m, d int) int64 {
	return daysFromCivil(int64(y), int64(m), int64(d)) + 2440588
}

var truncUnits = map[string]string{
	"microsecond": "microseconds", "microseconds": "microseconds", "us": "microseconds", "usec": "microseconds", "usecs": "microseconds", "useconds": "microseconds",
	"millisecond": "milliseconds", "milliseconds": "milliseconds", "ms": "milliseconds", "msec": "milliseconds", "msecs": "milliseconds", "mseconds": "milliseconds",
	"second": "second", "seconds": "second", "s": "second", "sec": "second", "secs": "second",
	"minute": "minute", "minutes": "minute", "m": "minute", "min": "minute", "mins": "minute",
	"hour": "hour", "hours": "hour", "h": "hour", "hr": "hour", "hrs": "hour",
	"day": "day", "days": "day", "d": "day",
	"week": "week", "weeks": "week", "w": "week",
	"month": "month", "months": "month", "mon": "month", "mons": "month",
	"quarter": "quarter", "qtr": "quarter",
	"year": "year", "years": "year", "y": "year", "yr": "year", "yrs": "year",
	"decade": "decade", "decades": "decade", "dec": "decade", "decs": "decade",
	"century": "century", "centuries": "century", "c": "century", "cent": "century",
	"millennium": "millennium", "millennia": "millennium", "mil": "millennium", "mils": "millennium",
	"epoch": "epoch", "dow": "dow", "isodow": "isodow", "doy": "doy", "isoyear": "isoyear",
	"julian": "julian", "j": "julian", "timezone": "timezone", "timezone_h": "timezone_hour", "timezone_hour": "timezone_hour",
	"timezone_m": "timezone_minute", "timezone_minute": "timezone_minute",
}

func normUnit(u string) (string, bool) {
	n, ok := truncUnits[strings.ToLower(strings.TrimSpace(u))]
	return n, ok
}

func errUnitNotRecognized(u string, typ OID) error {
	return pgerr.Newf(pgerr.InvalidParameterValue, "unit \"%s\" not recognized for type %s", strings.ToLower(u), TypeName(typ))
}

func errUnitNotSupported(u string, typ OID) error {
	return pgerr.Newf(pgerr.FeatureNotSupported, "unit \"%s\" not supported for type %s", strings.ToLower(u), TypeName(typ))
}

// firstYearOf is the first year of the n-year period (century,
// millennium) holding y, counted as AD/BC periods do: 2000 is in the
// century from 1901, and there is no year 0 (y <= 0 is 1-y BC).
func firstYearOf(y, n int) int {
	if y > 0 {
		return ((y+n-1)/n)*n - (n - 1)
	}
	return -((n-1-(y-1))/n)*n + 1
}

// truncFields truncates calendar fields to unit.
func truncFields(f *tmFields, unit string) bool {
	switch unit {
	case "millennium":
		f.year = firstYearOf(f.year, 1000)
		fallthrough
	case "century":
		if unit == "century" {
			f.year = firstYearOf(f.year, 100)
		}
		fallthrough
	case "decade":
		if unit == "decade" {
			if f.year > 0 {
				f.year = (f.year / 10) * 10
			} else {
				f.year = -((8 - (f.year - 1)) / 10) * 10
			}
		}
		fallthrough
	case "year":
		f.month = 1
		fallthrough
	case "quarter":
		if unit == "quarter" {
			f.month = 3*((f.month-1)/3) + 1
		}
		fallthrough
	case "month":
		f.day = 1
		fallthrough
	case "day":
		f.hour = 0
		fallthrough
	case "hour":
		f.min = 0
		fallthrough
	case "minute":
		f.sec = 0
		fallthrough
	case "second":
		f.usec = 0
	case "milliseconds":
		f.usec = (f.usec / 1000) * 1000
	case "microseconds":
	case "week":
		// back to Monday
		days := daysFromCivil(int64(f.year), int64(f.month), int64(f.day))
		dow := (int(days%7) + 7 + 3) % 7 // 1970-01-01 was a Thursday; 0 = Monday
		y, m, d := civilFromDays(days - int64(dow))
		f.year, f.month, f.day = int(y), int(m), int(d)
		f.hour, f.min, f.sec, f.usec = 0, 0, 0, 0
	default:
		return false
	}
	return true
}

func fieldsToTime(f tmFields) time.Time {
	days := daysFromCivil(int64(f.year), int64(f.month), int64(f.day))
	return time.Unix(days*86400+int64(f.hour)*3600+int64(f.min)*60+int64(f.sec), f.usec*1000).UTC()
}

// DateTrunc is date_trunc(unit, ts); loc is the zone of a timestamptz
// (nil for timestamp).
func DateTrunc(unit string, t time.Time, loc *time.Location, typ OID) (Datum, error) {
	if IsInfTime(t) != 0 {
		return t, nil
	}
	u, ok := normUnit(unit)
	if !ok {
		return nil, errUnitNotRecognized(unit, typ)
	}
	f := splitTime(t, loc)
	if !truncFields(&f, u) {
		return nil, errUnitNotSupported(unit, typ)
	}
	wall := fieldsToTime(f)
	if loc != nil {
		if u == "microseconds" || u == "milliseconds" || u == "second" || u == "minute" || u == "hour" {
			// keep the original offset (no DST ambiguity below an hour)
			return wall.Add(-time.Duration(f.offset) * time.Second), nil
		}
		return localToUTC(wall, loc), nil
	}
	return wall, nil
}

func numFromMicros(v int64, scale int) *apd.Decimal {
	// v / 10^scale with display scale `scale`
	return numNormalize(&apd.Decimal{Coeff: *new(apd.BigInt).SetInt64(abs64(v)), Exponent: int32(-scale), Negative: v < 0})
}

// Extract is extract(field from timestamp[tz]) (numeric) and, with
// asFloat, date_part (float8). loc is the zone of a timestamptz.
func Extract(field string, t time.Time, loc *time.Location, typ OID, asFloat bool) (Datum, error) {
	u, ok := normUnit(field)
	if !ok {
		return nil, errUnitNotRecognized(field, typ)
	}
	if inf := IsInfTime(t); inf != 0 {
		switch u {
		case "epoch", "julian", "year", "isoyear", "decade", "century", "millennium":
			if asFloat {
				return math.Inf(inf), nil
			}
			if inf > 0 {
				return numPosInf(), nil
			}
			return numNegInf(), nil
		case "week", "quarter", "month", "day", "hour", "minute", "second", "milliseconds", "microseconds", "dow", "isodow", "doy", "timezone", "timezone_hour", "timezone_minute":
			return nil, nil
		}
		return nil, errUnitNotSupported(field, typ)
	}
	if typ == TimestampOID && (u == "timezone" || u == "timezone_hour" || u == "timezone_minute") {
		return nil, errUnitNotSupported(field, typ)
	}
	f := splitTime(t, loc)
	var iv int64 // integer result
	scale := 0
	switch u {
	case "microseconds":
		iv = int64(f.sec)*1e6 + f.usec
	case "milliseconds":
		iv, scale = int64(f.sec)*1e6+f.usec, 3
	case "second":
		iv, scale = int64(f.sec)*1e6+f.usec, 6
	case "minute":
		iv = int64(f.min)
	case "hour":
		iv = int64(f.hour)
	case "day":
		iv = int64(f.day)
	case "month":
		iv = int64(f.month)
	case "quarter":
		iv = int64((f.month-1)/3 + 1)
	case "week":
		_, w := isoWeek(f.year, f.month, f.day)
		iv = int64(w)
	case "year":
		if f.year > 0 {
			iv = int64(f.year)
		} else {
			iv = int64(f.year - 1)
		}
	case "decade":
		if f.year >= 0 {
			iv = int64(f.year / 10)
		} else {
			iv = -int64((8 - (f.year - 1)) / 10)
		}
	case "century":
		if f.year > 0 {
			iv = int64((f.year + 99) / 100)
		} else {
			iv = -int64((99 - (f.year - 1)) / 100)
		}
	case "millennium":
		if f.year > 0 {
			iv = int64((f.year + 999) / 1000)
		} else {
			iv = -int64((999 - (f.year - 1)) / 1000)
		}
	case "isoyear":
		y, _ := isoWeek(f.year, f.month, f.day)
		if y <= 0 {
			y--
		}
		iv = int64(y)
	case "dow":
		iv = int64(f.wday)
	case "isodow":
		iv = int64(f.wday)
		if iv == 0 {
			iv = 7
		}
	case "doy":
		iv = int64(f.yday)
	case "timezone":
		iv = int64(f.offset)
	case "timezone_hour":
		iv = int64(f.offset / 3600)
	case "timezone_minute":
		iv = int64((f.offset / 60) % 60)
	case "epoch":
		us := TimestampMicros(t) + 946684800*1e6
		if asFloat {
			return float64(us) / 1e6, nil
		}
		return numFromMicros(us, 6), nil
	case "julian":
		jd := julianDay(f.year, f.month, f.day)
		dayUs := int64(f.hour)*usPerHour + int64(f.min)*usPerMin + int64(f.sec)*usPerSec + f.usec
		if asFloat {
			secs := float64(int64(f.hour)*3600+int64(f.min)*60+int64(f.sec)) + float64(f.usec)/1000000.0
			return float64(jd) + secs/86400.0, nil
		}
		frac, _ := NumericDiv(NumericFromInt(dayUs), NumericFromInt(usPerDay))
		return NumericAdd(NumericFromInt(jd), frac)
	default:
		return nil, errUnitNotSupported(field, typ)
	}
	if asFloat {
		return floatPart(u, int64(f.sec), f.usec, iv, scale), nil
	}
	return numFromMicros(iv, scale), nil
}

// floatPart computes date_part's float8 result with PostgreSQL's float
// formulas for the sub-minute fields (so rounding agrees).
func floatPart(unit string, sec, usec, iv int64, scale int) float64 {
	switch unit {
	case "microseconds":
		return float64(sec)*1000000.0 + float64(usec)
	case "milliseconds":
		return float64(sec)*1000.0 + float64(usec)/1000.0
	case "second":
		return float64(sec) + float64(usec)/1000000.0
	}
	return float64(iv) / math.Pow10(scale)
}

// ExtractDate is extract(field from date).
func ExtractDate(field string, d Date) (Datum, error) {
	u, ok := normUnit(field)
	if !ok {
		return nil, errUnitNotRecognized(field, DateOID)
	}
	switch u {
	case "microseconds", "milliseconds", "second", "minute", "hour", "timezone", "timezone_hour", "timezone_minute":
		return nil, errUnitNotSupported(field, DateOID)
	}
	if d == DatePosInf || d == DateNegInf {
		return Extract(field, d.Time(), nil, TimestampOID, false)
	}
	if u == "epoch" {
		return NumericFromInt((int64(d) + unixToPGDays) * 86400), nil
	}
	if u == "julian" {
		y, m, dd := d.YMD()
		return NumericFromInt(julianDay(y, m, dd)), nil
	}
	return Extract(field, d.Time(), nil, TimestampOID, false)
}

// clockPart is extract's value of a clock field as an integer with a
// decimal scale: microseconds, milliseconds and second from the
// microseconds of the minute (secUs), minute and hour; clock is false for
// other units.
func clockPart(u string, secUs, min, hour int64) (v int64, scale int, clock bool) {
	switch u {
	case "microseconds":
		return secUs, 0, true
	case "milliseconds":
		return secUs, 3, true
	case "second":
		return secUs, 6, true
	case "minute":
		return min, 0, true
	case "hour":
		return hour, 0, true
	}
	return 0, 0, false
}

// ExtractInterval is extract(field from interval) (date_part with asFloat).
func ExtractInterval(field string, iv Interval, asFloat bool) (Datum, error) {
	u, ok := normUnit(field)
	if !ok {
		return nil, errUnitNotRecognized(field, IntervalOID)
	}
	f := splitInterval(iv)
	v, scale, clock := clockPart(u, f.sec*1e6+f.usec, f.min, f.hour)
	switch {
	case clock:
	case u == "day":
		v = f.day
	case u == "month":
		v = f.mon
	case u == "quarter":
		v = f.mon/3 + 1
	case u == "year":
		v = f.year
	case u == "decade":
		v = f.year / 10
	case u == "century":
		v = f.year / 100
	case u == "millennium":
		v = f.year / 1000
	case u == "epoch":
		secs := (int64(4*365.25)*int64(iv.Months/12) + int64(4*30)*int64(iv.Months%12) + 4*int64(iv.Days)) * (86400 / 4)
		if asFloat {
			return float64(iv.Micros)/1000000.0 + (365.25*86400)*float64(iv.Months/12) + float64(30*86400)*float64(iv.Months%12) + 86400.0*float64(iv.Days), nil
		}
		return numFromMicros(secs*1e6+iv.Micros, 6), nil
	default:
		return nil, errUnitNotSupported(field, IntervalOID)
	}
	if asFloat {
		return floatPart(u, f.sec, f.usec, v, scale), nil
	}
	return numFromMicros(v, scale), nil
}

// Age is age(a, b) with PostgreSQL's field-wise subtraction; loc is the
// zone of timestamptz arguments (nil for timestamp).
func Age(a, b time.Time, loc *time.Location) (Interval, error) {
	if IsInfTime(a) != 0 || IsInfTime(b) != 0 {
		return Interval{}, errTSOutOfRange()
	}
	t1, t2 := splitTime(a, loc), splitTime(b, loc)
	usec := t1.usec - t2.usec
	sec := t1.sec - t2.sec
	mi := t1.min - t2.min
	hour := t1.hour - t2.hour
	day := t1.day - t2.day
	mon := t1.month - t2.month
	year := t1.year - t2.year
	neg := a.Before(b)
	if neg {
		usec, sec, mi, hour, day, mon, year = -usec, -sec, -mi, -hour, -day, -mon, -year
	}
	for usec < 0 {
		usec += 1e6
		sec--
	}
	for sec < 0 {
		sec += 60
		mi--
	}
	for mi < 0 {
		mi += 60
		hour--
	}
	for hour < 0 {
		hour += 24
		day--
	}
	for day < 0 {
		ref := t2
		if neg {
			ref = t1
		}
		leap := 0
		if isLeap(ref.year) {
			leap = 1
		}
		day += daysInMonth[leap][ref.month-1]
		mon--
	}
	for mon < 0 {
		mon += 12
		year--
	}
	if neg {
		usec, sec, mi, hour, day, mon, year = -usec, -sec, -mi, -hour, -day, -mon, -year
	}
	return Interval{
		Months: int32(year*12 + mon),
		Days:   int32(day),
		Micros: int64(hour)*usPerHour + int64(mi)*usPerMin + int64(sec)*usPerSec + usec,
	}, nil
}

// zoneForAtTimeZone resolves AT TIME ZONE's zone text: an abbreviation, a
// zone name, or a POSIX-style offset ("+02" is two hours west).
func zoneForAtTimeZone(name string) (*time.Location, error) {
	n := strings.TrimSpace(name)
	if off, ok := zoneAbbrevs[strings.ToLower(n)]; ok {
		return time.FixedZone(strings.ToUpper(n), off), nil
	}
	if loc, ok := lookupZone(n); ok {
		return loc, nil
	}
	if secs, ok := parseOffsetHMS(n); ok {
		return time.FixedZone(n, -secs), nil
	}
	for _, p := range []string{"UTC", "GMT"} {
		if len(n) > 3 && strings.EqualFold(n[:3], p) {
			if secs, ok := parseOffsetHMS(n[3:]); ok {
				return time.FixedZone(n, -secs), nil
			}
		}
	}
	return nil, pgerr.Newf(pgerr.InvalidParameterValue, "time zone \"%s\" not recognized", name)
}

// zoneForMake resolves make_timestamptz's zone: numeric offsets follow
// ISO 8601 (positive is east of Greenwich), then abbreviations and names.
func zoneForMake(name string) (*time.Location, error) {
	n := strings.TrimSpace(name)
	if secs, ok := parseOffsetHMS(n); ok {
		return time.FixedZone(n, secs), nil
	}
	return zoneForAtTimeZone(name)
}

func intervalZone(iv Interval) (*time.Location, error) {
	if iv.Months != 0 || iv.Days != 0 {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "interval time zone \"%s\" must not include months or days", Text(iv, Of(IntervalOID), nil))
	}
	return time.FixedZone("", int(iv.Micros/1e6)), nil
}

// makeTimestamp builds a timestamp from fields (make_timestamp).
func makeTimestamp(y, m, d, h, mi int64, sec float64) (time.Time, error) {
	if y == 0 {
		return time.Time{}, pgerr.Newf(pgerr.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", y, m, d)
	}
	yy := y
	if y < 0 {
		yy = y + 1
	}
	if m < 1 || m > 12 || d < 1 || d > int64(daysIn(int(yy), time.Month(m))) {
		return time.Time{}, pgerr.Newf(pgerr.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", yy, m, d)
	}
	if h < 0 || h > 24 || mi < 0 || mi > 59 || sec < 0 || sec > 60 || math.IsNaN(sec) ||
		(h == 24 && (mi > 0 || sec > 0)) {
		return time.Time{}, pgerr.Newf(pgerr.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", h, mi, fmtSeconds(sec))
	}
	us := int64(math.RoundToEven(sec * 1e6))
	days := daysFromCivil(yy, m, d)
	t := time.Unix(days*86400+h*3600+mi*60, 0).UTC().Add(time.Duration(us) * time.Microsecond)
	return checkTimestamp(t)
}

func formatG(f float64) string { return string(appendFloat8(nil, f, 1)) }

// fmtSeconds is C's "%02g".
func fmtSeconds(f float64) string {
	s := strconv.FormatFloat(f, 'g', 6, 64)
	if len(s) < 2 {
		s = "0" + s
	}
	return s
}

func init() {
	TS, TSTZ, D, IV, T, F8, I4 := TimestampOID, TimestampTZOID, DateOID, IntervalOID, TextOID, Float8OID, Int4OID
	stable := func(f *Func) { f.Volatility = Stable }
	now := func(ctx *EvalContext, _ []Datum) (Datum, error) {
		return ctx.TxnTimestamp.UTC().Truncate(time.Microsecond), nil
	}
	for _, n := range []string{"now", "transaction_timestamp", "current_timestamp"} {
		RegisterFunc(&Func{Name: n, Result: TSTZ, Volatility: Stable, Fn: now})
	}
	RegisterFunc(&Func{Name: "current_timestamp", Args: oidsOf(I4), Result: TSTZ, Strict: true, Volatility: Stable,
		Fn: func(ctx *EvalContext, a []Datum) (Datum, error) {
			return roundTimestamp(ctx.TxnTimestamp.UTC().Truncate(time.Microsecond), int32(a[0].(int64))), nil
		}})
	RegisterFunc(&Func{Name: "statement_timestamp", Result: TSTZ, Volatility: Stable, Fn: func(ctx *EvalContext, _ []Datum) (Datum, error) {
		return ctx.StmtTimestamp.UTC().Truncate(time.Microsecond), nil
	}})
	RegisterFunc(&Func{Name: "clock_timestamp", Result: TSTZ, Volatility: Volatile, Fn: func(*EvalContext, []Datum) (Datum, error) {
		return time.Now().UTC().Truncate(time.Microsecond), nil
	}})
	RegisterFunc(&Func{Name: "timeofday", Result: T, Volatility: Volatile, Fn: func(ctx *EvalContext, _ []Datum) (Datum, error) {
		t := time.Now().In(ctx.settings().loc())
		zone, _ := t.Zone()
		return t.Format("Mon Jan 02 15:04:05.000000 2006 ") + zone, nil
	}})
	RegisterFunc(&Func{Name: "current_date", Result: D, Volatility: Stable, Fn: func(ctx *EvalContext, _ []Datum) (Datum, error) {
		return DateOfTime(wallAsUTC(ctx.TxnTimestamp.In(ctx.settings().loc()))), nil
	}})
	RegisterFunc(&Func{Name: "localtimestamp", Result: TS, Volatility: Stable, Fn: func(ctx *EvalContext, _ []Datum) (Datum, error) {
		return wallAsUTC(ctx.TxnTimestamp.In(ctx.settings().loc())).Truncate(time.Microsecond), nil
	}})
	RegisterFunc(&Func{Name: "localtimestamp", Args: oidsOf(I4), Result: TS, Strict: true, Volatility: Stable, Fn: func(ctx *EvalContext, a []Datum) (Datum, error) {
		return roundTimestamp(wallAsUTC(ctx.TxnTimestamp.In(ctx.settings().loc())).Truncate(time.Microsecond), int32(a[0].(int64))), nil
	}})
	RegisterFunc(&Func{Name: "localtime", Result: TimeOID, Volatility: Stable, Fn: func(ctx *EvalContext, _ []Datum) (Datum, error) {
		t := ctx.TxnTimestamp.In(ctx.settings().loc())
		h, m, s := t.Clock()
		return TimeOfDay(int64(h)*usPerHour + int64(m)*usPerMin + int64(s)*usPerSec + int64(t.Nanosecond()/1000)), nil
	}})
	// date_trunc
	fn("date_trunc", oidsOf(T, TS), TS, func(_ *EvalContext, a []Datum) (Datum, error) {
		return DateTrunc(str(a[0]), ts(a[1]), nil, TS)
	})
	stable(fn("date_trunc", oidsOf(T, TSTZ), TSTZ, func(ctx *EvalContext, a []Datum) (Datum, error) {
		return DateTrunc(str(a[0]), ts(a[1]), ctx.settings().loc(), TSTZ)
	}))
	fn("date_trunc", oidsOf(T, TSTZ, T), TSTZ, func(_ *EvalContext, a []Datum) (Datum, error) {
		if IsInfTime(ts(a[1])) != 0 {
			return DateTrunc(str(a[0]), ts(a[1]), nil, TSTZ)
		}
		loc, err := zoneForAtTimeZone(str(a[2]))
		if err != nil {
			return nil, err
		}
		return DateTrunc(str(a[0]), ts(a[1]), loc, TSTZ)
	})
	fn("date_trunc", oidsOf(T, IV), IV, func(_ *EvalContext, a []Datum) (Datum, error) {
		u, ok := normUnit(str(a[0]))
		if !ok {
			return nil, errUnitNotRecognized(str(a[0]), IV)
		}
		f := splitInterval(a[1].(Interval))
		switch u {
		case "millennium":
			f.year = (f.year / 1000) * 1000
			f.mon = 0
			f.day, f.hour, f.min, f.sec, f.usec = 0, 0, 0, 0, 0
		case "century":
			f.year = (f.year / 100) * 100
			f.mon, f.day, f.hour, f.min, f.sec, f.usec = 0, 0, 0, 0, 0, 0
		case "decade":
			f.year = (f.year / 10) * 10
			f.mon, f.day, f.hour, f.min, f.sec, f.usec = 0, 0, 0, 0, 0, 0
		case "year":
			f.mon, f.day, f.hour, f.min, f.sec, f.usec = 0, 0, 0, 0, 0, 0
		case "quarter":
			f.mon = 3 * (f.mon / 3)
			f.day, f.hour, f.min, f.sec, f.usec = 0, 0, 0, 0, 0
		case "month":
			f.day, f.hour, f.min, f.sec, f.usec = 0, 0, 0, 0, 0
		case "day":
			f.hour, f.min, f.sec, f.usec = 0, 0, 0, 0
		case "hour":
			f.min, f.sec, f.usec = 0, 0, 0
		case "minute":
			f.sec, f.usec = 0, 0
		case "second":
			f.usec = 0
		case "milliseconds":
			f.usec = (f.usec / 1000) * 1000
		case "microseconds":
		case "week":
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "unit \"%s\" not supported for type interval", strings.ToLower(str(a[0]))).
				WithDetail("Months usually have fractional weeks.")
		default:
			return nil, errUnitNotSupported(str(a[0]), IV)
		}
		return Interval{Months: int32(f.year*12 + f.mon), Days: int32(f.day),
			Micros: f.hour*usPerHour + f.min*usPerMin + f.sec*usPerSec + f.usec}, nil
	})
	// extract / date_part
	fn("extract", oidsOf(T, TS), NumericOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return Extract(str(a[0]), ts(a[1]), nil, TS, false)
	})
	stable(fn("extract", oidsOf(T, TSTZ), NumericOID, func(ctx *EvalContext, a []Datum) (Datum, error) {
		return Extract(str(a[0]), ts(a[1]), ctx.settings().loc(), TSTZ, false)
	}))
	fn("extract", oidsOf(T, D), NumericOID, func(_ *EvalContext, a []Datum) (Datum, error) { return ExtractDate(str(a[0]), a[1].(Date)) })
	fn("extract", oidsOf(T, TimeOID), NumericOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return extractTime(str(a[0]), a[1].(TimeOfDay), false)
	})
	fn("extract", oidsOf(T, IV), NumericOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ExtractInterval(str(a[0]), a[1].(Interval), false)
	})
	fn("date_part", oidsOf(T, TS), F8, func(_ *EvalContext, a []Datum) (Datum, error) {
		return Extract(str(a[0]), ts(a[1]), nil, TS, true)
	})
	stable(fn("date_part", oidsOf(T, TSTZ), F8, func(ctx *EvalContext, a []Datum) (Datum, error) {
		return Extract(str(a[0]), ts(a[1]), ctx.settings().loc(), TSTZ, true)
	}))
	fn("date_part", oidsOf(T, D), F8, func(_ *EvalContext, a []Datum) (Datum, error) {
		if err := checkDateForTimestamp(a[1].(Date)); err != nil {
			return nil, err
		}
		return Extract(str(a[0]), a[1].(Date).Time(), nil, TS, true)
	})
	fn("date_part", oidsOf(T, TimeOID), F8, func(_ *EvalContext, a []Datum) (Datum, error) {
		return extractTime(str(a[0]), a[1].(TimeOfDay), true)
	})
	fn("date_part", oidsOf(T, IV), F8, func(_ *EvalContext, a []Datum) (Datum, error) {
		return ExtractInterval(str(a[0]), a[1].(Interval), true)
	})
	// age
	fn("age", oidsOf(TS, TS), IV, func(_ *EvalContext, a []Datum) (Datum, error) { return Age(ts(a[0]), ts(a[1]), nil) })
	stable(fn("age", oidsOf(TSTZ, TSTZ), IV, func(ctx *EvalContext, a []Datum) (Datum, error) {
		return Age(ts(a[0]), ts(a[1]), ctx.settings().loc())
	}))
	stable(fn("age", oidsOf(TS), IV, func(ctx *EvalContext, a []Datum) (Datum, error) {
		today := DateOfTime(wallAsUTC(ctx.TxnTimestamp.In(ctx.settings().loc())))
		return Age(today.Time(), ts(a[0]), nil)
	}))
	stable(fn("age", oidsOf(TSTZ), IV, func(ctx *EvalContext, a []Datum) (Datum, error) {
		loc := ctx.settings().loc()
		today := localToUTC(DateOfTime(wallAsUTC(ctx.TxnTimestamp.In(loc))).Time(), loc)
		return Age(today, ts(a[0]), loc)
	}))
	// constructors
	fn("make_date", oidsOf(I4, I4, I4), D, func(_ *EvalContext, a []Datum) (Datum, error) {
		y, m, d := a[0].(int64), a[1].(int64), a[2].(int64)
		t, err := makeTimestamp(y, m, d, 0, 0, 0)
		if err != nil {
			return nil, err
		}
		return DateOfTime(t), nil
	})
	fn("make_time", oidsOf(I4, I4, F8), TimeOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		h, m, s := a[0].(int64), a[1].(int64), f64(a[2])
		if h < 0 || h > 24 || m < 0 || m > 59 || s < 0 || s > 60 || (h == 24 && (m > 0 || s > 0)) {
			return nil, pgerr.Newf(pgerr.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", h, m, fmtSeconds(s))
		}
		return TimeOfDay(h*usPerHour + m*usPerMin + int64(math.RoundToEven(s*1e6))), nil
	})
	fn("make_timestamp", oidsOf(I4, I4, I4, I4, I4, F8), TS, func(_ *EvalContext, a []Datum) (Datum, error) {
		return makeTimestamp(a[0].(int64), a[1].(int64), a[2].(int64), a[3].(int64), a[4].(int64), f64(a[5]))
	})
	stable(fn("make_timestamptz", oidsOf(I4, I4, I4, I4, I4, F8), TSTZ, func(ctx *EvalContext, a []Datum) (Datum, error) {
		t, err := makeTimestamp(a[0].(int64), a[1].(int64), a[2].(int64), a[3].(int64), a[4].(int64), f64(a[5]))
		if err != nil {
			return nil, err
		}
		return checkTimestamp(localToUTC(t, ctx.settings().loc()))
	}))
	stable(fn("make_timestamptz", oidsOf(I4, I4, I4, I4, I4, F8, T), TSTZ, func(_ *EvalContext, a []Datum) (Datum, error) {
		t, err := makeTimestamp(a[0].(int64), a[1].(int64), a[2].(int64), a[3].(int64), a[4].(int64), f64(a[5]))
		if err != nil {
			return nil, err
		}
		loc, err := zoneForMake(str(a[6]))
		if err != nil {
			return nil, err
		}
		return checkTimestamp(localToUTC(t, loc))
	}))
	RegisterFunc(&Func{Name: "make_interval", Args: oidsOf(I4, I4, I4, I4, I4, I4, F8), Result: IV, Strict: true, Volatility: Immutable,
		ArgNames: []string{"years", "months", "weeks", "days", "hours", "mins", "secs"},
		Defaults: []Datum{int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), 0.0},
		Fn: func(_ *EvalContext, a []Datum) (Datum, error) {
			// PostgreSQL 15 computes months and days in 32 bits without
			// overflow checks; so do we.
			months := int32(a[0].(int64))*12 + int32(a[1].(int64))
			days := int32(a[2].(int64))*7 + int32(a[3].(int64))
			secs := f64(a[6])
			if math.IsNaN(secs) || math.IsInf(secs, 0) {
				return nil, errIntervalRange()
			}
			us := a[4].(int64)*usPerHour + a[5].(int64)*usPerMin + int64(math.RoundToEven(secs*1e6))
			return Interval{Months: months, Days: days, Micros: us}, nil
		}})
	fn("to_timestamp", oidsOf(F8), TSTZ, func(_ *EvalContext, a []Datum) (Datum, error) {
		x := f64(a[0])
		switch {
		case math.IsNaN(x):
			return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp cannot be NaN")
		case math.IsInf(x, 1):
			return TimestampPosInf, nil
		case math.IsInf(x, -1):
			return TimestampNegInf, nil
		}
		if x < -210866803200 || x >= 9224318016000 {
			return nil, pgerr.Newf(pgerr.DatetimeFieldOverflow, "timestamp out of range: \"%s\"", formatG(x))
		}
		us := int64(math.RoundToEven(x * 1e6))
		return TimestampFromMicros(us - 946684800*1e6), nil
	})
	// AT TIME ZONE, the zone given as text or as an interval; infinities
	// pass through before the zone is looked at.
	atZone := func(zone func(Datum) (*time.Location, error), shift func(t time.Time, loc *time.Location) time.Time) EvalFn {
		return func(_ *EvalContext, a []Datum) (Datum, error) {
			t := ts(a[1])
			if IsInfTime(t) != 0 {
				return t, nil
			}
			loc, err := zone(a[0])
			if err != nil {
				return nil, err
			}
			return checkTimestamp(shift(t, loc))
		}
	}
	textZone := func(d Datum) (*time.Location, error) { return zoneForAtTimeZone(str(d)) }
	ivZone := func(d Datum) (*time.Location, error) { return intervalZone(d.(Interval)) }
	toWall := func(t time.Time, loc *time.Location) time.Time { return wallAsUTC(t.In(loc)) }
	fn("timezone", oidsOf(T, TSTZ), TS, atZone(textZone, toWall))
	fn("timezone", oidsOf(T, TS), TSTZ, atZone(textZone, localToUTC))
	fn("timezone", oidsOf(IV, TSTZ), TS, atZone(ivZone, toWall))
	fn("timezone", oidsOf(IV, TS), TSTZ, atZone(ivZone, localToUTC))
	fn("justify_days", oidsOf(IV), IV, func(_ *EvalContext, a []Datum) (Datum, error) { return JustifyDays(a[0].(Interval)), nil })
	fn("justify_hours", oidsOf(IV), IV, func(_ *EvalContext, a []Datum) (Datum, error) { return JustifyHours(a[0].(Interval)), nil })
	fn("justify_interval", oidsOf(IV), IV, func(_ *EvalContext, a []Datum) (Datum, error) { return JustifyInterval(a[0].(Interval)), nil })
	fn("isfinite", oidsOf(D), BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		d := a[0].(Date)
		return d != DatePosInf && d != DateNegInf, nil
	})
	fn("isfinite", oidsOf(TS), BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) { return IsInfTime(ts(a[0])) == 0, nil })
	fn("isfinite", oidsOf(TSTZ), BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) { return IsInfTime(ts(a[0])) == 0, nil })
	fn("isfinite", oidsOf(IV), BoolOID, func(_ *EvalContext, a []Datum) (Datum, error) { return true, nil })
	dateBin := func(_ *EvalContext, a []Datum) (Datum, error) {
		iv, t, origin := a[0].(Interval), ts(a[1]), ts(a[2])
		if IsInfTime(t) != 0 {
			return t, nil
		}
		if IsInfTime(origin) != 0 {
			return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "origin out of range")
		}
		if iv.Months != 0 {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "timestamps cannot be binned into intervals containing months or years")
		}
		stride := int64(iv.Days)*usPerDay + iv.Micros
		if stride <= 0 {
			return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "stride must be greater than zero")
		}
		delta := TimestampMicros(t) - TimestampMicros(origin)
		bin := delta - delta%stride
		if delta%stride < 0 {
			bin -= stride
		}
		return TimestampFromMicros(TimestampMicros(origin) + bin), nil
	}
	fn("date_bin", oidsOf(IV, TS, TS), TS, dateBin)
	fn("date_bin", oidsOf(IV, TSTZ, TSTZ), TSTZ, dateBin)
}

func extractTime(field string, t TimeOfDay, asFloat bool) (Datum, error) {
	u, ok := normUnit(field)
	if !ok {
		return nil, errUnitNotRecognized(field, TimeOID)
	}
	us := int64(t)
	v, scale, clock := clockPart(u, us%usPerMin, us/usPerMin%60, us/usPerHour)
	switch {
	case clock:
	case u == "epoch":
		v, scale = us, 6
	default:
		return nil, errUnitNotSupported(field, TimeOID)
	}
	if asFloat {
		if u == "epoch" {
			return float64(us) / 1000000.0, nil
		}
		s := us % usPerMin
		return floatPart(u, s/usPerSec, s%usPerSec, v, scale), nil
	}
	return numFromMicros(v, scale), nil
}
