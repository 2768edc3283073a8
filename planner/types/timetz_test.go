package types

import "testing"

// TestOracleTimeTZ compares time with time zone: input without a zone
// under several session time zones, casts, operators, AT TIME ZONE,
// extract and overlaps.
func TestOracleTimeTZ(t *testing.T) {
	ev := newEvaluator()
	tz := func(s string) xexpr { return xlit{s, "timetz"} }
	iv := func(s string) xexpr { return xlit{s, "interval"} }
	cases := []xexpr{
		xcast{tz("12:00:00.123456+02"), "timetz(2)"},
		xcast{tz("23:59:59.999+02"), "timetz(0)"},
		xcast{tz("12:00-08"), "time"},
		xcast{tz("12:00-08"), "text"},
		xcast{xlit{"12:00:00+05:30", "text"}, "timetz"},
		xcast{xlit{"2024-07-01 12:00:00+00", "timestamptz"}, "timetz"},
		xcast{xlit{"infinity", "timestamptz"}, "timetz"},
		xcast{xlit{"-infinity", "timestamptz"}, "time"},
		xcast{xlit{"infinity", "timestamp"}, "time"},
		xcast{xlit{"13:14:15", "time"}, "timetz"},
		xop{"+", tz("23:00+02"), iv("2 hours 1 day 1 month")},
		xop{"-", tz("01:00+02"), iv("3 hours")},
		xop{"+", iv("-30 minutes"), tz("00:10-01")},
		xop{"+", xlit{"2024-01-02", "date"}, tz("12:00+02")},
		xop{"+", tz("23:30-12"), xlit{"2024-01-02", "date"}},
		xop{"+", xlit{"infinity", "date"}, tz("12:00+02")},
		xop{"+", xlit{"294276-12-31", "date"}, tz("23:00-12")},
		xop{"=", tz("12:00+02"), tz("11:00+01")},
		xop{"<", tz("12:00+02"), tz("11:00+01")},
		xop{"<", tz("10:00+00"), tz("11:00+02")},
		xop{"=", tz("12:00+02"), tz("12:00+02")},
		xop{"<", tz("12:00"), xlit{"12:00+00", ""}},
		xcall{"timestamptz", []xexpr{xlit{"2024-03-10", "date"}, tz("02:30-05")}},
		xcall{"timezone", []xexpr{xlit{"UTC", ""}, tz("12:00+02")}},
		xcall{"timezone", []xexpr{xlit{"PST", ""}, tz("01:00+02")}},
		xcall{"timezone", []xexpr{xlit{"Asia/Kolkata", ""}, tz("23:00-02")}},
		xcall{"timezone", []xexpr{xlit{"Mars/Olympus", ""}, tz("23:00-02")}},
		xcall{"timezone", []xexpr{iv("5 hours 30 minutes"), tz("23:00-02")}},
		xcall{"timezone", []xexpr{iv("1 day"), tz("23:00-02")}},
		xcall{"overlaps", []xexpr{tz("10:00+00"), tz("12:00+00"), tz("13:00+02"), tz("14:00+02")}},
		xcall{"overlaps", []xexpr{tz("10:00+00"), xnull{"timetz"}, tz("09:00+00"), tz("11:00+00")}},
	}
	for _, f := range []string{"hour", "minute", "second", "milliseconds", "microseconds", "epoch", "timezone",
		"timezone_hour", "timezone_minute", "day", "julian", "bogus"} {
		cases = append(cases,
			xcall{"extract", []xexpr{xlit{f, ""}, tz("13:14:15.5-05:30")}},
			xcall{"date_part", []xexpr{xlit{f, ""}, tz("13:14:15.5+09:45")}})
	}
	for _, c := range cases {
		diffCase(t, ev, c)
	}
	// Zone-less input takes the session zone's offset today.
	defer pgExec(t, "RESET timezone")
	for _, zone := range []string{"UTC", "America/New_York", "Asia/Kolkata", "Europe/Berlin"} {
		pgExec(t, "SET timezone = '"+zone+"'")
		loc, err := LoadTimeZone(zone)
		if err != nil {
			t.Fatal(err)
		}
		ev.s.TimeZone = loc
		for _, c := range []xexpr{tz("12:00"), tz("2024-01-02 12:00"), tz("2024-07-02 12:00"), tz("now"),
			xcast{xlit{"08:00", "time"}, "timetz"}, xcast{xlit{"2024-07-01 12:00:00+00", "timestamptz"}, "timetz"},
			xcast{xlit{"2024-01-01 12:00:00+00", "timestamptz"}, "timetz"}} {
			if c == nil {
				continue
			}
			if l, ok := c.(xlit); ok && l.text == "now" {
				continue // the clocks differ by the time between the calls
			}
			diffCase(t, ev, c)
		}
	}
	ev.s.TimeZone = nil
}

// TestOracleTimeTZAggregates compares min and max of timetz values.
func TestOracleTimeTZAggregates(t *testing.T) {
	ev := newEvaluator()
	vals := []string{"12:00+02", "11:00+01", "10:30+00", "23:00-05"}
	for _, agg := range []string{"min", "max"} {
		call, err := ResolveAggregate(agg, []Type{Of(TimeTZOID)})
		if err != nil {
			t.Fatal(err)
		}
		st := call.New()
		sql := "SELECT " + agg + "(x) FROM (VALUES "
		for i, v := range vals {
			if i > 0 {
				sql += ", "
			}
			sql += "(" + sqlQuote(v) + "::timetz)"
			d, err := ParseText(v, Of(TimeTZOID), ev.s)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Add(ev.ctx, []Datum{d}); err != nil {
				t.Fatal(err)
			}
		}
		sql += ") t(x)"
		want := pgQuery(t, sql, false)
		v, _ := st.Result(ev.ctx)
		if got := "time with time zone \"" + Text(v, Of(TimeTZOID), ev.s) + "\""; got != want.String() {
			t.Errorf("%s\n  postgres: %s\n  ours:     %s", sql, want, got)
		}
	}
}
