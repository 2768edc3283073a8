package types

import (
	"fmt"
	"strings"
	"testing"
)

// TestOracleSubscripts compares ArrayElement and ArraySlice with
// PostgreSQL's a[i] and a[lo:hi].
func TestOracleSubscripts(t *testing.T) {
	ev := newEvaluator()
	arrays := []string{`{a,b,c,d}`, `[0:3]={a,b,c,d}`, `{{1,2,3},{4,5,6}}`, `{}`}
	p := func(v int64) *int64 { return &v }
	type slice struct{ lo, hi *int64 }
	for _, lit := range arrays {
		d, err := ParseText(lit, Of(TextArrayOID), ev.s)
		if err != nil {
			t.Fatal(err)
		}
		a := d.(*Array)
		// single elements
		for _, subs := range [][]int64{{0}, {1}, {2}, {4}, {5}, {-1}, {1, 2}, {2, 3}, {3, 1}} {
			var parts []string
			for _, s := range subs {
				parts = append(parts, fmt.Sprintf("[%d]", s))
			}
			sql := fmt.Sprintf("SELECT ('%s'::text[])%s", lit, strings.Join(parts, ""))
			want := pgQuery(t, sql, false)
			got := ArrayElement(a, subs)
			gs := "text NULL"
			if got != nil {
				gs = fmt.Sprintf("text %q", got)
			}
			if gs != want.String() {
				t.Errorf("%s\n  postgres: %s\n  ours:     %s", sql, want, gs)
			}
		}
		// slices
		for _, sl := range [][]slice{
			{{p(1), p(2)}}, {{p(2), p(9)}}, {{nil, p(2)}}, {{p(3), nil}}, {{nil, nil}}, {{p(0), p(1)}}, {{p(3), p(2)}},
			{{p(1), p(1)}, {p(2), p(3)}}, {{p(2), p(2)}, {nil, nil}}, {{p(1), p(2)}, {p(1), p(1)}},
		} {
			var parts []string
			var lo, hi []*int64
			for _, s := range sl {
				f := func(v *int64) string {
					if v == nil {
						return ""
					}
					return fmt.Sprint(*v)
				}
				parts = append(parts, fmt.Sprintf("[%s:%s]", f(s.lo), f(s.hi)))
				lo = append(lo, s.lo)
				hi = append(hi, s.hi)
			}
			sql := fmt.Sprintf("SELECT ('%s'::text[])%s", lit, strings.Join(parts, ""))
			want := pgQuery(t, sql, false)
			got := ArraySlice(a, lo, hi)
			gs := fmt.Sprintf("text[] %q", Text(got, Of(TextArrayOID), ev.s))
			if gs != want.String() {
				t.Errorf("%s\n  postgres: %s\n  ours:     %s", sql, want, gs)
			}
		}
	}
}
