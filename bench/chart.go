package bench

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strings"
)

// chartItem is one labelled group of bars (ratio 0: no bar).
type chartItem struct {
	label    string
	vsSchema float64
	vsGlobal float64
	goal     float64
	heading  bool
	order    int // sort key within a section
}

// Chart draws the entitydb/PostgreSQL ratios as horizontal bars on a log
// scale: reads at prepared/1 client in both namespaces, writes and COPY,
// and startup. Bars grow right of 1× when entitydb is faster; the black
// tick is the goal.
func Chart(r *Result) string {
	var items []chartItem
	section := func(title string, rows []Row) {
		if len(rows) == 0 {
			return
		}
		items = append(items, chartItem{label: title, heading: true})
		for _, row := range rows {
			it := chartItem{label: row.Title, vsSchema: row.Ratio(PgSchema), vsGlobal: row.Ratio(PgGlobal), goal: row.Goal.Min}
			if row.Group == "write" {
				it.label = row.Title + " (" + row.Namespace + ")"
			}
			if row.Skipped != "" {
				it.label += " — results differ"
			}
			items = append(items, it)
		}
	}
	for _, kind := range []string{"large", "small"} {
		var rows []Row
		name := ""
		for _, row := range r.Rows {
			inKind := row.Namespace == kind || (kind == "large" && row.Scenario == "select1")
			if row.Group == "read" && inKind && row.Mode == "prepared" && row.Clients == 1 {
				rows = append(rows, row)
				if row.NSName != "" {
					name = fmt.Sprintf("%s, %s entities", row.NSName, thousands(float64(row.NSSize)))
				}
			}
		}
		section(fmt.Sprintf("Reads, %s namespace (%s), prepared, 1 client", kind, name), rows)
	}
	var writes []Row
	for _, row := range r.Rows {
		if row.Group == "write" || row.Group == "copy" {
			writes = append(writes, row)
		}
	}
	section("Writes (durable) and COPY", writes)
	var startup []chartItem
	for _, s := range r.Startup {
		if s.System != Entitydb {
			continue
		}
		if _, pg, ok := startupAt(r, s.Namespaces); ok && s.Median > 0 {
			it := chartItem{label: fmt.Sprintf("startup to first answer, %d namespaces", s.Namespaces), vsSchema: pg / s.Median, order: s.Namespaces}
			if s.Namespaces == r.Meta.Config.StartupNamespaces {
				it.goal = pg / 50 // the 50 ms goal as a ratio to this run's PostgreSQL
			}
			startup = append(startup, it)
		}
	}
	sort.SliceStable(startup, func(i, j int) bool { return startup[i].order < startup[j].order })
	if len(startup) > 0 {
		items = append(items, chartItem{label: "Startup (PostgreSQL time / entitydb time)", heading: true})
		items = append(items, startup...)
	}
	return drawChart(r, items)
}

func drawChart(r *Result, items []chartItem) string {
	lo, hi := 0.1, 10.0
	for _, it := range items {
		for _, v := range []float64{it.vsSchema, it.vsGlobal, it.goal} {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	lo = math.Pow(10, math.Floor(math.Log10(lo)))
	hi = math.Pow(10, math.Ceil(math.Log10(hi)))
	const (
		width   = 960
		left    = 360 // label column
		right   = 30
		top     = 70
		rowH    = 24
		headH   = 28
		barH    = 8
		bottomH = 40
	)
	height := top + bottomH
	for _, it := range items {
		if it.heading {
			height += headH
		} else {
			height += rowH
		}
	}
	x := func(v float64) float64 {
		return left + (width-left-right)*(math.Log10(v)-math.Log10(lo))/(math.Log10(hi)-math.Log10(lo))
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	p(`<rect width="100%%" height="100%%" fill="white"/>` + "\n")
	p(`<text x="10" y="22" font-size="15" font-weight="bold">entitydb / PostgreSQL 15 throughput ratio (log scale; right of 1× = entitydb faster)</text>` + "\n")
	p(`<text x="10" y="40" fill="#555">%s</text>`+"\n", html.EscapeString(fmt.Sprintf("%s · commit %s · %d cores, %s · %s entities", r.Meta.Date, r.Meta.Commit, r.Meta.Cores, r.Meta.CPU, thousands(float64(r.Meta.Config.Total)))))
	// Legend.
	p(`<rect x="%d" y="50" width="12" height="%d" fill="#3b6fb6"/><text x="%d" y="59">vs schema per namespace</text>`+"\n", left, barH, left+16)
	p(`<rect x="%d" y="50" width="12" height="%d" fill="#e08a2c"/><text x="%d" y="59">vs global table</text>`+"\n", left+180, barH, left+196)
	p(`<line x1="%d" y1="48" x2="%d" y2="60" stroke="black" stroke-width="2"/><text x="%d" y="59">goal</text>`+"\n", left+320, left+320, left+326)
	// Grid.
	plotBottom := height - bottomH
	for v := lo; v <= hi*1.0001; v *= 10 {
		xv := x(v)
		stroke := "#ddd"
		if math.Abs(v-1) < 1e-9 {
			stroke = "#888"
		}
		p(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>`+"\n", xv, top-4, xv, plotBottom, stroke)
		p(`<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%s×</text>`+"\n", xv, plotBottom+16, trimFloat(v))
	}
	y := top
	for _, it := range items {
		if it.heading {
			p(`<text x="10" y="%d" font-weight="bold">%s</text>`+"\n", y+18, html.EscapeString(it.label))
			y += headH
			continue
		}
		p(`<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", left-8, y+15, html.EscapeString(it.label))
		bar := func(v float64, dy int, color string) {
			if v <= 0 {
				return
			}
			x0, x1 := x(1), x(v)
			if x1 < x0 {
				x0, x1 = x1, x0
			}
			p(`<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", x0, y+dy, math.Max(x1-x0, 1), barH, color)
			tx, anchor := x(v)+4, "start"
			if v < 1 {
				tx, anchor = x(v)-4, "end"
			}
			p(`<text x="%.1f" y="%d" font-size="10" text-anchor="%s" fill="#333">%s</text>`+"\n", tx, y+dy+8, anchor, ratioText(v))
		}
		bar(it.vsSchema, 3, "#3b6fb6")
		bar(it.vsGlobal, 3+barH+2, "#e08a2c")
		if it.goal > 0 {
			p(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="black" stroke-width="2"/>`+"\n", x(it.goal), y+1, x(it.goal), y+2*barH+6)
		}
		y += rowH
	}
	p("</svg>\n")
	return b.String()
}

func trimFloat(v float64) string {
	if v >= 1 {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.TrimRight(fmt.Sprintf("%.4f", v), "0")
}
