package sqltests

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Difference says how two results differ; empty when they are equal.
type Difference struct {
	What   string   // one line: "rows differ", "SQLSTATE differs", ...
	Detail []string // side-by-side lines
	Rows   bool     // the rows differ (not the outcome, columns or tag)
}

// compareResults compares the subject's result a with the oracle's b.
// Column names, type OIDs, type modifiers, sizes and formats, command tags,
// SQLSTATEs and every value's bytes must be equal; rows are compared in
// order when ordered, else as multisets.
func compareResults(aName, bName string, a, b *Result, ordered bool) *Difference {
	if a.Err != nil || b.Err != nil {
		if a.Code() == b.Code() && a.Code() != "conn" {
			return nil
		}
		return &Difference{What: "outcome differs", Detail: sideBySide(aName, bName, summary(a), summary(b), nil)}
	}
	if d := compareFields(aName, bName, a.Fields, b.Fields); d != nil {
		return d
	}
	if ordered {
		if d := compareOrdered(aName, bName, a, b); d != nil {
			return d
		}
	} else if d := compareMultiset(aName, bName, a, b); d != nil {
		return d
	}
	if a.Tag != b.Tag {
		return &Difference{What: "command tag differs", Detail: sideBySide(aName, bName, []string{a.Tag}, []string{b.Tag}, []int{0})}
	}
	return nil
}

func summary(r *Result) []string {
	if r.Err != nil {
		return []string{r.ErrText()}
	}
	lines := []string{"OK " + r.Tag}
	if len(r.Fields) > 0 {
		lines = append(lines, "columns: "+fieldsText(r.Fields))
	}
	for i, row := range r.Rows {
		if i == maxShownRows {
			lines = append(lines, fmt.Sprintf("... %d more rows", len(r.Rows)-i))
			break
		}
		lines = append(lines, rowText(r.Fields, row))
	}
	return lines
}

const maxShownRows = 12

func compareFields(aName, bName string, a, b []Field) *Difference {
	same := len(a) == len(b)
	for i := 0; same && i < len(a); i++ {
		same = a[i] == b[i]
	}
	if same {
		return nil
	}
	var la, lb []string
	var marks []int
	for i := 0; i < len(a) || i < len(b); i++ {
		var fa, fb string
		if i < len(a) {
			fa = fieldText(a[i])
		}
		if i < len(b) {
			fb = fieldText(b[i])
		}
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			marks = append(marks, i)
		}
		la, lb = append(la, fa), append(lb, fb)
	}
	return &Difference{What: "columns differ (name, type OID, typmod, size, format)", Detail: sideBySide(aName, bName, la, lb, marks)}
}

func fieldsText(fs []Field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Name + " " + typeName(f.OID)
	}
	return strings.Join(parts, ", ")
}

func fieldText(f Field) string {
	s := fmt.Sprintf("%s %s (oid %d", f.Name, typeName(f.OID), f.OID)
	if f.Typmod != -1 {
		s += fmt.Sprintf(", typmod %d", f.Typmod)
	}
	s += fmt.Sprintf(", size %d", f.Size)
	if f.Format == 1 {
		s += ", binary"
	}
	return s + ")"
}

func typeName(oid uint32) string {
	if t, ok := typeMap.TypeForOID(oid); ok {
		return t.Name
	}
	return "oid" + strconv.FormatUint(uint64(oid), 10)
}

func compareOrdered(aName, bName string, a, b *Result) *Difference {
	n := min(len(a.Rows), len(b.Rows))
	first := -1
	for i := 0; i < n; i++ {
		if !rowsEqual(a.Rows[i], b.Rows[i]) {
			first = i
			break
		}
	}
	if first < 0 && len(a.Rows) == len(b.Rows) {
		return nil
	}
	if first < 0 {
		first = n
	}
	what := fmt.Sprintf("rows differ in order-sensitive comparison: first difference at row %d (%s %d rows, %s %d rows)",
		first+1, aName, len(a.Rows), bName, len(b.Rows))
	from := max(0, first-2)
	to := first + maxShownRows - 2
	var la, lb []string
	var marks []int
	for i := from; i < to && (i < len(a.Rows) || i < len(b.Rows)); i++ {
		var ra, rb string
		if i < len(a.Rows) {
			ra = fmt.Sprintf("%d: %s", i+1, rowText(a.Fields, a.Rows[i]))
		}
		if i < len(b.Rows) {
			rb = fmt.Sprintf("%d: %s", i+1, rowText(b.Fields, b.Rows[i]))
		}
		if i >= len(a.Rows) || i >= len(b.Rows) || !rowsEqual(a.Rows[i], b.Rows[i]) {
			marks = append(marks, len(la))
		}
		la, lb = append(la, ra), append(lb, rb)
	}
	if from > 0 {
		la = append([]string{fmt.Sprintf("(rows 1-%d equal)", from)}, la...)
		lb = append([]string{""}, lb...)
		for i := range marks {
			marks[i]++
		}
	}
	// A pure order difference deserves saying so.
	if len(a.Rows) == len(b.Rows) && compareMultiset(aName, bName, a, b) == nil {
		what += "; the same rows, in another order"
	}
	detail := sideBySide(aName, bName, la, lb, marks)
	if first < len(a.Rows) && first < len(b.Rows) {
		detail = append(detail, columnDifference(aName, bName, a.Fields, a.Rows[first], b.Rows[first])...)
	}
	return &Difference{What: what, Detail: detail, Rows: true}
}

func compareMultiset(aName, bName string, a, b *Result) *Difference {
	sa, sb := sortedRows(a.Rows), sortedRows(b.Rows)
	var onlyA, onlyB [][][]byte
	i, j := 0, 0
	for i < len(sa) || j < len(sb) {
		switch {
		case j == len(sb) || i < len(sa) && rowLess(sa[i], sb[j]):
			onlyA = append(onlyA, sa[i])
			i++
		case i == len(sa) || rowLess(sb[j], sa[i]):
			onlyB = append(onlyB, sb[j])
			j++
		default:
			i++
			j++
		}
	}
	if len(onlyA) == 0 && len(onlyB) == 0 {
		return nil
	}
	what := fmt.Sprintf("rows differ in multiset comparison: %s %d rows, %s %d rows; %d only in %s, %d only in %s",
		aName, len(a.Rows), bName, len(b.Rows), len(onlyA), aName, len(onlyB), bName)
	var la, lb []string
	var marks []int
	for k := 0; k < maxShownRows && (k < len(onlyA) || k < len(onlyB)); k++ {
		var ra, rb string
		if k < len(onlyA) {
			ra = "only here: " + rowText(a.Fields, onlyA[k])
		}
		if k < len(onlyB) {
			rb = "only here: " + rowText(b.Fields, onlyB[k])
		}
		marks = append(marks, len(la))
		la, lb = append(la, ra), append(lb, rb)
	}
	if len(onlyA) > maxShownRows || len(onlyB) > maxShownRows {
		la, lb = append(la, fmt.Sprintf("... %d more", max(0, len(onlyA)-maxShownRows))), append(lb, fmt.Sprintf("... %d more", max(0, len(onlyB)-maxShownRows)))
	}
	return &Difference{What: what, Detail: sideBySide(aName, bName, la, lb, marks), Rows: true}
}

// columnDifference names the first column where two rows differ and shows
// both values in full (rows are truncated in the side-by-side view).
func columnDifference(aName, bName string, fields []Field, a, b [][]byte) []string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if (a[i] == nil) != (b[i] == nil) || !bytes.Equal(a[i], b[i]) {
			var f Field
			name := fmt.Sprintf("column %d", i+1)
			if i < len(fields) {
				f = fields[i]
				name += " (" + f.Name + ")"
			}
			return []string{
				"  first differing value: " + name,
				"    " + aName + ": " + valueText(f, a[i]),
				"    " + bName + ": " + valueText(f, b[i]),
			}
		}
	}
	return nil
}

func rowsEqual(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if (a[i] == nil) != (b[i] == nil) || !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// rowLess is a total order on rows: NULL first, then bytes.
func rowLess(a, b [][]byte) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		switch {
		case a[i] == nil && b[i] == nil:
			continue
		case a[i] == nil:
			return true
		case b[i] == nil:
			return false
		}
		if c := bytes.Compare(a[i], b[i]); c != 0 {
			return c < 0
		}
	}
	return len(a) < len(b)
}

func sortedRows(rows [][][]byte) [][][]byte {
	out := append([][][]byte(nil), rows...)
	sort.SliceStable(out, func(i, j int) bool { return rowLess(out[i], out[j]) })
	return out
}

// rowText renders a row for humans: text values as they are (quoted when
// they contain spaces, commas, quotes or nothing), binary values decoded
// when pgx knows the type, else as hex.
func rowText(fields []Field, row [][]byte) string {
	parts := make([]string, len(row))
	for i, v := range row {
		var f Field
		if i < len(fields) {
			f = fields[i]
		}
		parts[i] = valueText(f, v)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func valueText(f Field, v []byte) string {
	if v == nil {
		return "NULL"
	}
	if f.Format == 1 {
		s := "0x" + fmt.Sprintf("%x", v)
		if t, ok := typeMap.TypeForOID(f.OID); ok {
			if val, err := t.Codec.DecodeValue(typeMap, f.OID, 1, v); err == nil {
				s = fmt.Sprintf("%v [%s]", val, s)
			}
		}
		return s
	}
	s := string(v)
	if !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	if s == "" || strings.ContainsAny(s, " ,()\"\n\t") || strings.ToUpper(s) == "NULL" {
		return strconv.Quote(s)
	}
	return s
}

// sideBySide renders two columns of lines with the names as headers; lines
// whose index is in marks get a '!' in the gutter.
func sideBySide(aName, bName string, a, b []string, marks []int) []string {
	const maxWidth = 72
	width := len(aName)
	for _, s := range a {
		width = max(width, utf8.RuneCountInString(s))
	}
	width = min(width, maxWidth)
	marked := map[int]bool{}
	for _, m := range marks {
		marked[m] = true
	}
	pad := func(s string) string {
		if utf8.RuneCountInString(s) > width {
			r := []rune(s)
			return string(r[:width-1]) + "…"
		}
		return s + strings.Repeat(" ", width-utf8.RuneCountInString(s))
	}
	out := []string{"  " + pad(aName) + " | " + bName}
	for i := 0; i < len(a) || i < len(b); i++ {
		var sa, sb string
		if i < len(a) {
			sa = a[i]
		}
		if i < len(b) {
			sb = b[i]
		}
		gutter := "  "
		if marked[i] {
			gutter = "! "
		}
		out = append(out, gutter+pad(sa)+" | "+sb)
	}
	return out
}
