package types

import "testing"

// dateTimeInputs probe the date/time input functions' error paths: unknown
// words, unknown time zone names (only a word with punctuation after a
// month and day is taken as a zone name), out-of-range fields and zone
// displacements, misplaced keywords.
var dateTimeInputs = []string{
	"yesterday-ish", "today-ish", "now-ish", "epochx", "infinityx", "-infinityx", "+-infinity", "foo", "foo bar",
	"2024-01-02 foo", "2024-01-02 foo/bar", "2024-01-02 03:04 Foo/Bar", "foo/bar 2024-01-02",
	"2024-01-02 America/New_Yorkx", "Jan 2 2024 Mars/Olympus", "Jan 2 Mars/Olympus 2024", "2024-01-02 america/new_york",
	"america/new_york", "america/new_york 2024-01-02", "2024-01-02 03:04:05 +25", "2024-01-02 03:04:05+15:60",
	"2024-01-02 03:04:05-16", "2024-13-45", "2024-02-30", "24:00:01", "12:60", "12:00:61", "2024-01-02 03:04:05 xyz",
	"2024-01-02T", "2024-01-02 T03:04", "epoch 2024-01-02", "2024-01-02 infinity", "infinity 10:00", "+infinity", "2024-01-02 y", "12:", "12::30", "12:00:00.", "12:00:00.0000025", "2024-01-02 03:04:05.9999995", "t 12:00", "2024-01-02t12:00", "20240102t120000", "j2451545", "j2451545.5", "y2024m01d02", "2024-01-02 h12", "allballs", "2024-01-02 allballs",
	"2024-01-02 PST", "2024-01-02 03:04 EST5EDT", "2024-01-02 03:04 UTC+3", "2024-01-02 03:04 GMT+3", "2024-01-02 03:04 z",
	"2024-01-02 03:04 zulu", "12:00 America/New_York", "12:00 +05", "12:00 PST", "12:00 foo", "12:00 foo/bar",
	"2024-01-02 03:04:05.1234567", "1999-12-31 24:00", "0000-01-01", "2024-01-02 BC", "2024-001", "2024.01.02",
	"99-01-02", "1/2/3", "01/02/03 04:05", "2024-01-02 03:04 am", "13:00 pm", "Jan 32 2024", "Feb 29 2023",
	"2024 Jan Feb", "10:00 10:00", "", "   ", "2024-01-02 03:04:05 Europe/Berlin Europe/Paris",
	"2024-01-02 03:04:05 dst", "2024-01-02 03:04:05 +05 dst", "Jan 2 2024 03:04 Europe/Berlin", "2024-01-02 03:04 +05:30:15",
	"2024-01-02 03:04 -0800", "2024-01-02 04:05:06 ampm", "2024-01-02 10:00 at", "on 2024-01-02", "2024-01-02 03:04 +5:3",
	"20240102 030405", "2024-01-02 030405", "040506", "12:00-05", "12:00:00+14:59", "12:00 +15:59:59",
	"1/2/3 4:05 PM", "Jan-02-2024", "02-Jan-2024", "2024-Jan-02", "Jan 2, 2024 BC", "0 BC", "Wed Jan 3 2024",
	"Wed Thu Jan 3 2024", "Jan 3 2024 am pm", "2024-06-30 23:59:60", "2024-06-30 24:00:00", "2024-06-30 24:00:01",
	"12:60:00", "1999.365", "1999.366", "99365", "070809", "0708", "20240102 0304", "2024-01-02 03:04:05 2024",
	"5874897-12-31", "5874898-01-01", "4714-11-24 BC", "4714-11-23 BC", "294276-12-31 23:59:59.999999",
	"294277-01-01", "2024-01-02 03:04:05 ut", "2024-01-02 03:04:05 +0530", "2024-01-02 03:04:05 -053",
	"2024-01-02 03:04:05 +05.5", "2024-01-02 03:04 UTC+25", "2024-01-02 03:04 <+05>-5", "2024-01-02 03:04 Etc/GMT+3",
	"12:00 Etc/GMT+3", "12:00:00 zulu", "12:00 z", "2024-01-02 03:04 japan", "Jan 2 2024 JAPAN", "12:00 japan",
	"2024-01-02 12:00 am", "2024-01-02 00:30 pm", "2024-01-02 12:30 pm", "12:30:45.5 pm", "99:99", "1:2:3",
	"2024-01-02 03:04:05.", "2024-01-02 .5", "2024-01-02 03:04:05 .5", "Jan 02", "02 2024", "2024 02",
	"2024/01/02", "2024/1/2 3:4:5", "01.02.2024", "1.2.3", "2024-01-02 03:04:05 EDT", "2024-01-02 03:04:05 CEST dst",
	"12:00 EDT", "12:00 CEST dst", "12:00 dst", "2024-01-02 03:04:05-07:00:30", "2024-01-02 03:04:05 +07:00:60",
	"23:59:59.9999999", "24:00:00.0000001", "2024-12-31 23:59:59.9999999", "2024-01-02	03:04", "2024-01-02 ä",
	"2024-01-02 (03:04)", "  2024-01-02  ", "2024--01--02", "2024-01-", "-2024-01-02", "+2024-01-02",
	"2024-01-02 03:04 ab+3", "2024-01-02 03:04 x+3", "2024-01-02 03:04 foo+200", "2024-01-02 03:04 foo+167:59",
	"2024-01-02 03:04 Foo-3:30", "2024-01-02 03:04 abc3",
}

// ambiguousDates depend on DateStyle's field order.
var ambiguousDates = []string{"01/02/03", "1.2.2024", "2024.01.02", "13/01/2024", "01/13/2024", "Jan 02 03", "02 Jan 03",
	"03 02 Jan", "1-2-3", "2024-1-2", "99-12-31", "31-12-99", "12-31-99"}

// TestOracleDateTimeInput compares date, time, timestamp and timestamptz
// input (values and errors: SQLSTATE and message) with PostgreSQL.
func TestOracleDateTimeInput(t *testing.T) {
	ev := newEvaluator()
	fails := 0
	check := func(e xexpr) {
		if !diffCase(t, ev, e) {
			if fails++; fails > 60 {
				t.Fatal("too many differences")
			}
		}
	}
	for _, typ := range []string{"date", "time", "timestamp", "timestamptz"} {
		for _, in := range dateTimeInputs {
			check(xlit{in, typ})
		}
	}
	defer pgExec(t, "RESET datestyle")
	for _, st := range []struct {
		set string
		ds  DateStyle
	}{{"ISO, MDY", DateStyle{DateISO, OrderMDY}}, {"SQL, DMY", DateStyle{DateSQL, OrderDMY}}, {"ISO, YMD", DateStyle{DateISO, OrderYMD}}} {
		pgExec(t, "SET datestyle = '"+st.set+"'")
		ev.s.DateStyle = st.ds
		for _, in := range ambiguousDates {
			check(xlit{in, "date"})
			check(xlit{in + " 04:05", "timestamp"})
		}
	}
	ev.s.DateStyle = DefaultSettings().DateStyle
}
