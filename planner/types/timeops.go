package types

import (
	"math"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// Date, time, timestamp and interval arithmetic with PostgreSQL's rules:
// month arithmetic clamps to the end of the month, timestamptz adds months
// and days in the session time zone (so a day across a DST change is 23 or
// 25 hours), timestamp differences are justified into days.

func add32(a, b int32) (int32, bool) {
	s := int64(a) + int64(b)
	return int32(s), s > math.MaxInt32 || s < math.MinInt32
}

// IntervalAdd returns a + b, or 22008 "interval out of range".
func IntervalAdd(a, b Interval) (Interval, error) {
	m, o1 := add32(a.Months, b.Months)
	d, o2 := add32(a.Days, b.Days)
	us := a.Micros + b.Micros
	o3 := (b.Micros > 0 && us < a.Micros) || (b.Micros < 0 && us > a.Micros)
	if o1 || o2 || o3 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: m, Days: d, Micros: us}, nil
}

// IntervalNeg returns -a.
func IntervalNeg(a Interval) (Interval, error) {
	if a.Months == math.MinInt32 || a.Days == math.MinInt32 || a.Micros == math.MinInt64 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Months: -a.Months, Days: -a.Days, Micros: -a.Micros}, nil
}

// IntervalSub returns a - b.
func IntervalSub(a, b Interval) (Interval, error) {
	nb, err := IntervalNeg(b)
	if err != nil {
		return Interval{}, err
	}
	return IntervalAdd(a, nb)
}

func tsRound(f float64) float64 { return math.RoundToEven(f*1e6) / 1e6 }

func fitsInt32(f float64) bool { return !math.IsNaN(f) && f >= math.MinInt32 && f < math.MaxInt32+1 }

// IntervalMul is interval * float8, cascading fractional months and days
// down as interval_mul does.
func IntervalMul(iv Interval, factor float64) (Interval, error) {
	var r Interval
	md := float64(iv.Months) * factor
	if !fitsInt32(md) {
		return r, errIntervalRange()
	}
	r.Months = int32(md)
	dd := float64(iv.Days) * factor
	if !fitsInt32(dd) {
		return r, errIntervalRange()
	}
	r.Days = int32(dd)
	monthRem := tsRound((float64(iv.Months)*factor - float64(r.Months)) * 30)
	secRem := tsRound((float64(iv.Days)*factor - float64(r.Days) + monthRem - float64(int32(monthRem))) * 86400)
	if math.Abs(secRem) >= 86400 {
		r.Days += int32(secRem / 86400)
		secRem -= float64(int32(secRem/86400)) * 86400
	}
	r.Days += int32(monthRem)
	t := math.RoundToEven(float64(iv.Micros)*factor + secRem*1e6)
	if math.IsNaN(t) || t < math.MinInt64 || t >= math.MaxInt64 {
		return r, errIntervalRange()
	}
	r.Micros = int64(t)
	return r, nil
}

// IntervalDiv is interval / float8.
func IntervalDiv(iv Interval, factor float64) (Interval, error) {
	if factor == 0 {
		return Interval{}, errDivByZero()
	}
	var r Interval
	if math.IsNaN(factor) {
		return r, errIntervalRange()
	}
	if !fitsInt32(float64(iv.Months)/factor) || !fitsInt32(float64(iv.Days)/factor) {
		return r, errIntervalRange()
	}
	r.Months = int32(float64(iv.Months) / factor)
	r.Days = int32(float64(iv.Days) / factor)
	monthRem := tsRound((float64(iv.Months)/factor - float64(r.Months)) * 30)
	secRem := tsRound((float64(iv.Days)/factor - float64(r.Days) + monthRem - float64(int32(monthRem))) * 86400)
	if math.Abs(secRem) >= 86400 {
		r.Days += int32(secRem / 86400)
		secRem -= float64(int32(secRem/86400)) * 86400
	}
	r.Days += int32(monthRem)
	us := math.RoundToEven(float64(iv.Micros)/factor + secRem*1e6)
	if math.IsNaN(us) || us < math.MinInt64 || us >= math.MaxInt64 {
		return r, errIntervalRange()
	}
	r.Micros = int64(us)
	return r, nil
}

// JustifyHours moves whole days out of the time part.
func JustifyHours(iv Interval) Interval {
	return alignDaySign(carryDays(iv))
}

// carryDays moves the whole days of the time part into the days.
func carryDays(iv Interval) Interval {
	whole := iv.Micros / usPerDay
	iv.Micros -= whole * usPerDay
	iv.Days += int32(whole)
	return iv
}

// alignDaySign gives the time part the sign of the days, borrowing or
// carrying one day.
func alignDaySign(iv Interval) Interval {
	if iv.Days > 0 && iv.Micros < 0 {
		iv.Micros += usPerDay
		iv.Days--
	} else if iv.Days < 0 && iv.Micros > 0 {
		iv.Micros -= usPerDay
		iv.Days++
	}
	return iv
}

// JustifyDays moves whole 30-day months out of the days.
func JustifyDays(iv Interval) Interval {
	whole := iv.Days / 30
	iv.Days -= whole * 30
	iv.Months += whole
	if iv.Months > 0 && iv.Days < 0 {
		iv.Days += 30
		iv.Months--
	} else if iv.Months < 0 && iv.Days > 0 {
		iv.Days -= 30
		iv.Months++
	}
	return iv
}

// JustifyInterval is justify_interval.
func JustifyInterval(iv Interval) Interval {
	if (iv.Days > 0 && iv.Micros > 0) || (iv.Days < 0 && iv.Micros < 0) {
		whole := iv.Days / 30
		iv.Days -= whole * 30
		iv.Months += whole
	}
	iv = carryDays(iv)
	wm := iv.Days / 30
	iv.Days -= wm * 30
	iv.Months += wm
	if iv.Months > 0 && (iv.Days < 0 || (iv.Days == 0 && iv.Micros < 0)) {
		iv.Days += 30
		iv.Months--
	} else if iv.Months < 0 && (iv.Days > 0 || (iv.Days == 0 && iv.Micros > 0)) {
		iv.Days -= 30
		iv.Months++
	}
	return alignDaySign(iv)
}

func daysIn(year int, month time.Month) int {
	leap := 0
	if isLeap(year) {
		leap = 1
	}
	return daysInMonth[leap][month-1]
}

// TimestampAddInterval adds an interval to a timestamp (withTZ: a
// timestamptz, whose months and days are added on the wall clock of loc).
func TimestampAddInterval(t time.Time, iv Interval, withTZ bool, loc *time.Location) (time.Time, error) {
	if IsInfTime(t) != 0 {
		return t, nil
	}
	if !withTZ {
		loc = time.UTC
	}
	if iv.Months != 0 || iv.Days != 0 {
		lt := t.In(loc)
		y, m, d := lt.Date()
		hh, mm, ss := lt.Clock()
		ns := lt.Nanosecond()
		if iv.Months != 0 {
			total := int64(y)*12 + int64(m-1) + int64(iv.Months)
			ny := int(floorDiv(total, 12))
			nm := time.Month(total-int64(ny)*12) + 1
			if nd := daysIn(ny, nm); d > nd {
				d = nd
			}
			y, m = ny, nm
		}
		days := daysFromCivil(int64(y), int64(m), int64(d)) + int64(iv.Days)
		y2, m2, d2 := civilFromDays(days)
		wall := time.Date(int(y2), time.Month(m2), int(d2), hh, mm, ss, ns, time.UTC)
		if withTZ {
			t = localToUTC(wall, loc)
		} else {
			t = wall
		}
	}
	t = addMicros(t, iv.Micros)
	return checkTimestamp(t)
}

// floorDiv is integer division rounding toward negative infinity.
func floorDiv[T ~int | ~int64](a, b T) T {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// TimestampDiff is timestamp - timestamp: the difference in microseconds,
// justified into days and time.
func TimestampDiff(a, b time.Time) (Interval, error) {
	if IsInfTime(a) != 0 || IsInfTime(b) != 0 {
		return Interval{}, pgerr.New(pgerr.DatetimeFieldOverflow, "cannot subtract infinite timestamps")
	}
	us := TimestampMicros(a) - TimestampMicros(b)
	return JustifyHours(Interval{Micros: us}), nil
}

// DateAddDays is date + integer.
func DateAddDays(d Date, n int64) (Date, error) {
	if d == DatePosInf || d == DateNegInf {
		return d, nil
	}
	r := int64(d) + n
	if r < int64(minDate) || r > int64(maxDate) {
		return 0, errDateOutOfRange()
	}
	return Date(r), nil
}

// TimeAddInterval is time + interval (wrapping around midnight).
func TimeAddInterval(t TimeOfDay, iv Interval) TimeOfDay {
	r := (int64(t) + iv.Micros%usPerDay) % usPerDay
	if r < 0 {
		r += usPerDay
	}
	return TimeOfDay(r)
}
