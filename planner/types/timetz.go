package types

import (
	"cmp"
	"encoding/binary"
	"time"

	"github.com/entitydb/entitydb/pgerr"
)

// time with time zone (timetz): a time of day with the UTC offset it was
// given in. Input reads a time and an optional zone (DecodeTimeOnly; a
// time without a zone takes the session time zone's offset on the current
// date); output prints the offset like timestamptz does ("12:00:00+02").
// Values order by their UTC-equivalent time, then by zone, so two values
// are equal only when both parts are.

// zoneDispLimit is TZDISP_LIMIT: offsets are strictly within 16 hours.
const zoneDispLimit = 16 * 3600

func parseTimeTZ(in string, s *Settings, typmod int32) (Datum, error) {
	us, tz, err := decodeTimeInput(in, "time with time zone", s, typmod)
	if err != nil {
		return nil, err
	}
	return TimeTZ{Time: TimeOfDay(us), Zone: int32(tz)}, nil
}

func appendTimeTZ(buf []byte, v TimeTZ) []byte {
	return appendOffset(appendTimeOfDay(buf, v.Time), -int(v.Zone))
}

func appendTimeTZBinary(buf []byte, v TimeTZ) []byte {
	buf = binary.BigEndian.AppendUint64(buf, uint64(v.Time))
	return binary.BigEndian.AppendUint32(buf, uint32(v.Zone))
}

func decodeTimeTZBinary(b []byte, typmod int32) (Datum, error) {
	if len(b) != 12 {
		return nil, errBinary(Of(TimeTZOID))
	}
	us := int64(binary.BigEndian.Uint64(b))
	if us < 0 || us > usPerDay {
		return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "time out of range")
	}
	zone := int32(binary.BigEndian.Uint32(b[8:]))
	if zone <= -zoneDispLimit || zone >= zoneDispLimit {
		return nil, pgerr.New(pgerr.InvalidTimeZoneDisplacementValue, "time zone displacement out of range")
	}
	if typmod >= 0 && typmod < 6 {
		us = roundMicros(us, typmod)
	}
	return TimeTZ{Time: TimeOfDay(us), Zone: zone}, nil
}

// compareTimeTZ is timetz_cmp: the UTC-equivalent time, then the zone.
func compareTimeTZ(a, b TimeTZ) int {
	if c := cmp.Compare(int64(a.Time)+int64(a.Zone)*usPerSec, int64(b.Time)+int64(b.Zone)*usPerSec); c != 0 {
		return c
	}
	return cmp.Compare(int64(a.Zone), int64(b.Zone))
}

// timeToTimeTZ is time_timetz: the session zone's offset at that time of
// day on the current date.
func timeToTimeTZ(t TimeOfDay, s *Settings) TimeTZ {
	y, m, d := civil(s.now().In(s.loc()))
	wall := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Add(time.Duration(t) * time.Microsecond)
	return TimeTZ{Time: t, Zone: int32(localToUTC(wall, s.loc()).Sub(wall) / time.Second)}
}

// timestampTZToTimeTZ is timestamptz_timetz: the local time and offset in
// the session zone (NULL for infinities).
func timestampTZToTimeTZ(t time.Time, s *Settings) Datum {
	if IsInfTime(t) != 0 {
		return nil
	}
	lt := t.In(s.loc())
	_, off := lt.Zone()
	h, m, sec := lt.Clock()
	us := int64(h)*usPerHour + int64(m)*usPerMin + int64(sec)*usPerSec + int64(lt.Nanosecond()/1000)
	return TimeTZ{Time: TimeOfDay(us), Zone: int32(-off)}
}

// timeTZAtZone shifts v to the zone west seconds west of UTC (timetz_zone,
// timetz_izone): the same instant of the day, wrapped into 0..24h.
func timeTZAtZone(v TimeTZ, west int) TimeTZ {
	us := (int64(v.Time) + (int64(v.Zone)-int64(west))*usPerSec) % usPerDay
	if us < 0 {
		us += usPerDay
	}
	return TimeTZ{Time: TimeOfDay(us), Zone: int32(west)}
}

// dateTimeTZ is date + timetz (datetimetz_timestamptz).
func dateTimeTZ(d Date, v TimeTZ) (Datum, error) {
	switch d {
	case DateNegInf:
		return TimestampNegInf, nil
	case DatePosInf:
		return TimestampPosInf, nil
	}
	errRange := pgerr.New(pgerr.DatetimeFieldOverflow, "date out of range for timestamp")
	if checkDateForTimestamp(d) != nil {
		return nil, errRange
	}
	t := d.Time().Add(time.Duration(int64(v.Time)+int64(v.Zone)*usPerSec) * time.Microsecond)
	if _, err := checkTimestamp(t); err != nil {
		return nil, errRange
	}
	return t, nil
}

// extractTimeTZ is extract/date_part on timetz: the time fields of the
// local time, the zone fields, and the epoch of the UTC-equivalent time.
func extractTimeTZ(field string, v TimeTZ, asFloat bool) (Datum, error) {
	u, ok := normUnit(field)
	if !ok {
		return nil, errUnitNotRecognized(field, TimeTZOID)
	}
	east := -int64(v.Zone)
	var n int64
	switch u {
	case "timezone":
		n = east
	case "timezone_hour":
		n = east / 3600
	case "timezone_minute":
		n = east / 60 % 60
	case "epoch":
		if asFloat {
			return float64(v.Time)/1000000.0 + float64(v.Zone), nil
		}
		return numFromMicros(int64(v.Time)+int64(v.Zone)*usPerSec, 6), nil
	case "microseconds", "milliseconds", "second", "minute", "hour":
		return extractTime(field, v.Time, asFloat)
	default:
		return nil, errUnitNotSupported(field, TimeTZOID)
	}
	if asFloat {
		return float64(n), nil
	}
	return NumericFromInt(n), nil
}

func init() {
	i, a := CastImplicit, CastAssignment
	pgCasts[[2]OID{TimeOID, TimeTZOID}] = i
	pgCasts[[2]OID{TimeTZOID, TimeTZOID}] = i
	pgCasts[[2]OID{TimestampTZOID, TimeTZOID}] = a
	pgCasts[[2]OID{TimeTZOID, TimeOID}] = a

	regCompare(TimeTZOID, TimeTZOID)
	tz := func(d Datum) TimeTZ { return d.(TimeTZ) }
	regOp("+", TimeTZOID, IntervalOID, TimeTZOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		v := tz(a[0])
		return TimeTZ{Time: TimeAddInterval(v.Time, a[1].(Interval)), Zone: v.Zone}, nil
	})
	regOp("+", IntervalOID, TimeTZOID, TimeTZOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		v := tz(a[1])
		return TimeTZ{Time: TimeAddInterval(v.Time, a[0].(Interval)), Zone: v.Zone}, nil
	})
	regOp("-", TimeTZOID, IntervalOID, TimeTZOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		v := tz(a[0])
		return TimeTZ{Time: TimeAddInterval(v.Time, Interval{Micros: -a[1].(Interval).Micros}), Zone: v.Zone}, nil
	})
	regOp("+", DateOID, TimeTZOID, TimestampTZOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return dateTimeTZ(a[0].(Date), tz(a[1]))
	})
	regOp("+", TimeTZOID, DateOID, TimestampTZOID, func(_ *EvalContext, a []Datum) (Datum, error) {
		return dateTimeTZ(a[1].(Date), tz(a[0]))
	})

	fn := func(name string, args []OID, res OID, vol Volatility, f EvalFn) {
		RegisterFunc(&Func{Name: name, Args: args, Result: res, Strict: true, Volatility: vol, Fn: f})
	}
	fn("timestamptz", []OID{DateOID, TimeTZOID}, TimestampTZOID, Immutable, func(_ *EvalContext, a []Datum) (Datum, error) {
		return dateTimeTZ(a[0].(Date), tz(a[1]))
	})
	fn("timetz", []OID{TimestampTZOID}, TimeTZOID, Stable, func(ctx *EvalContext, a []Datum) (Datum, error) {
		return timestampTZToTimeTZ(a[0].(time.Time), ctx.settings()), nil
	})
	fn("timetz", []OID{TimeOID}, TimeTZOID, Stable, func(ctx *EvalContext, a []Datum) (Datum, error) {
		return timeToTimeTZ(a[0].(TimeOfDay), ctx.settings()), nil
	})
	fn("time", []OID{TimeTZOID}, TimeOID, Immutable, func(_ *EvalContext, a []Datum) (Datum, error) {
		return tz(a[0]).Time, nil
	})
	fn("timetz", []OID{TimeTZOID, Int4OID}, TimeTZOID, Immutable, func(_ *EvalContext, a []Datum) (Datum, error) {
		return applyTypmod(a[0], Type{OID: TimeTZOID, Typmod: int32(a[1].(int64))}, true)
	})
	fn("extract", []OID{TextOID, TimeTZOID}, NumericOID, Immutable, func(_ *EvalContext, a []Datum) (Datum, error) {
		return extractTimeTZ(a[0].(string), tz(a[1]), false)
	})
	fn("date_part", []OID{TextOID, TimeTZOID}, Float8OID, Immutable, func(_ *EvalContext, a []Datum) (Datum, error) {
		return extractTimeTZ(a[0].(string), tz(a[1]), true)
	})
	// AT TIME ZONE: a named zone's offset now (the transaction start), or
	// an interval's.
	fn("timezone", []OID{TextOID, TimeTZOID}, TimeTZOID, Stable, func(ctx *EvalContext, a []Datum) (Datum, error) {
		loc, err := zoneForAtTimeZone(a[0].(string))
		if err != nil {
			return nil, err
		}
		_, off := ctx.TxnTimestamp.In(loc).Zone()
		return timeTZAtZone(tz(a[1]), -off), nil
	})
	fn("timezone", []OID{IntervalOID, TimeTZOID}, TimeTZOID, Immutable, func(_ *EvalContext, a []Datum) (Datum, error) {
		loc, err := intervalZone(a[0].(Interval))
		if err != nil {
			return nil, err
		}
		_, off := time.Unix(0, 0).In(loc).Zone()
		return timeTZAtZone(tz(a[1]), -off), nil
	})
	registerOverlaps(TimeTZOID, nil)
}
