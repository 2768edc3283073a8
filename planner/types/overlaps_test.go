package types

import (
	"strings"
	"testing"
)

// TestOracleOverlaps compares (a, b) OVERLAPS (c, d) for each time type,
// with interval ends, reversed and touching periods, NULL ends and
// unknown literals.
func TestOracleOverlaps(t *testing.T) {
	ev := newEvaluator()
	ov := func(a, b, c, d xexpr) xexpr { return xcall{"overlaps", []xexpr{a, b, c, d}} }
	tz := func(s string) xexpr { return xlit{s, "timestamptz"} }
	ts := func(s string) xexpr { return xlit{s, "timestamp"} }
	tm := func(s string) xexpr { return xlit{s, "time"} }
	iv := func(s string) xexpr { return xlit{s, "interval"} }
	d := func(s string) xexpr { return xlit{s, "date"} }
	u := func(s string) xexpr { return xlit{s, ""} }
	cases := []xexpr{
		ov(tz("2024-05-05 10:00+00"), iv("1 hour"), tz("2024-05-05 10:30+00"), iv("1 hour")),
		ov(tz("2024-05-05 10:00+00"), tz("2024-05-05 11:00+00"), tz("2024-05-05 11:00+00"), tz("2024-05-05 12:00+00")),
		ov(tz("2024-05-05 11:00+00"), tz("2024-05-05 10:00+00"), tz("2024-05-05 10:30+00"), tz("2024-05-05 10:40+00")),
		ov(tz("2024-05-05 10:00+00"), tz("2024-05-05 10:00+00"), tz("2024-05-05 10:00+00"), tz("2024-05-05 10:00+00")),
		ov(tz("2024-05-05 10:00+00"), xnull{"timestamptz"}, tz("2024-05-05 10:00+00"), tz("2024-05-05 11:00+00")),
		ov(tz("2024-05-05 10:00+00"), xnull{"timestamptz"}, tz("2024-05-05 09:00+00"), tz("2024-05-05 11:00+00")),
		ov(tz("2024-05-05 10:00+00"), xnull{"timestamptz"}, tz("2024-05-05 09:00+00"), tz("2024-05-05 09:30+00")),
		ov(xnull{"timestamptz"}, tz("2024-05-05 10:00+00"), tz("2024-05-05 11:00+00"), xnull{"timestamptz"}),
		ov(xnull{"timestamptz"}, xnull{"timestamptz"}, tz("2024-05-05 11:00+00"), tz("2024-05-05 12:00+00")),
		ov(tz("2024-05-05 10:00+00"), xnull{"interval"}, tz("2024-05-05 09:00+00"), iv("2 hours")),
		ov(tz("2024-03-09 12:00+00"), iv("1 day"), tz("infinity"), tz("-infinity")),
		ov(ts("2024-01-01"), ts("2024-01-31"), ts("2024-01-15"), iv("1 month")),
		ov(ts("2024-01-31"), iv("1 mon"), ts("2024-02-29"), ts("2024-03-10")),
		ov(ts("2024-01-01"), iv("-1 day"), ts("2023-12-31 12:00"), iv("1 hour")),
		ov(tm("23:00"), iv("2 hours"), tm("00:30"), tm("01:00")),
		ov(tm("08:00"), tm("12:00"), tm("11:59:59.999999"), iv("1 minute")),
		ov(tm("08:00"), xnull{"time"}, tm("07:00"), tm("09:00")),
		ov(d("2024-01-01"), d("2024-01-10"), d("2024-01-05"), d("2024-02-01")),
		ov(d("2024-01-01"), iv("1 day"), d("2024-01-02"), iv("1 day")),
		ov(u("2024-01-01"), u("2024-01-02"), u("2024-01-01 12:00"), iv("1 day")),
		ov(u("2024-01-01"), u("2024-01-02"), u("2024-01-01 12:00"), u("2024-01-03")),
		ov(tm("10:00"), u("11:00"), u("10:30"), u("1 hour")),
		ov(tz("294276-12-31 23:00+00"), iv("2 hours"), tz("2024-01-01+00"), iv("1 hour")),
		ov(xnum{"1"}, xnum{"2"}, xnum{"3"}, xnum{"4"}),
	}
	for _, c := range cases {
		sql := "SELECT " + c.sql()
		// The grammar calls pg_catalog.overlaps; messages name the function
		// as the query spelt it, which is the planner's business.
		want := strings.ReplaceAll(pgQuery(t, sql, false).String(), "pg_catalog.overlaps", "overlaps")
		if got := ev.ours(c); got != want {
			t.Errorf("%s\n  postgres: %s\n  ours:     %s", sql, want, got)
		}
	}
}
