package planner

// COPY ns.entities [(cols)] FROM STDIN and COPY {ns.entities | (query)}
// TO STDOUT, in text, csv and binary formats, with PostgreSQL's options
// (DELIMITER, NULL, HEADER, QUOTE, ESCAPE, FORCE_QUOTE, FORCE_NOT_NULL,
// FORCE_NULL). Rows read by COPY FROM go through the INSERT path, so
// defaults, validation and unique ids behave the same; binary tuples of
// ordinary values skip the Datum row (entityFromBinary) and enter that
// path as entities. The whole COPY is one transaction and commits as one
// namespace batch.

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unsafe"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

type copyFormat uint8

const (
	copyText copyFormat = iota
	copyCSV
	copyBinary
)

type copyOptions struct {
	format      copyFormat
	delim       byte
	null        string
	header      bool
	headerMatch bool
	quote       byte
	escape      byte
	forceQuote  map[string]bool
	forceQAll   bool
	forceNotNul map[string]bool
	forceNull   map[string]bool
}

var binarySignature = []byte("PGCOPY\n\xff\r\n\x00")

func parseCopyOptions(opts []*pg.Node) (*copyOptions, error) {
	o := &copyOptions{delim: '\t', null: `\N`, quote: '"'}
	delimSet, nullSet, escSet := false, false, false
	for _, n := range opts {
		de := n.GetDefElem()
		if de == nil {
			continue
		}
		val := defElemString(de.Arg)
		switch de.Defname {
		case "format":
			switch strings.ToLower(val) {
			case "text":
				o.format = copyText
			case "csv":
				o.format = copyCSV
			case "binary":
				o.format = copyBinary
			default:
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "COPY format %q not recognized", val)
			}
		case "delimiter":
			if len(val) != 1 {
				return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY delimiter must be a single one-byte character")
			}
			o.delim, delimSet = val[0], true
		case "null":
			o.null, nullSet = val, true
		case "header":
			switch strings.ToLower(val) {
			case "", "true", "on", "1":
				o.header = true
			case "match":
				o.header, o.headerMatch = true, true
			case "false", "off", "0":
			default:
				return nil, pgerr.Newf(pgerr.SyntaxError, "header requires a Boolean value or \"match\"")
			}
		case "quote":
			if len(val) != 1 {
				return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY quote must be a single one-byte character")
			}
			o.quote = val[0]
		case "escape":
			if len(val) != 1 {
				return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY escape must be a single one-byte character")
			}
			o.escape, escSet = val[0], true
		case "force_quote":
			if de.Arg != nil && de.Arg.GetAStar() != nil {
				o.forceQAll = true
			} else {
				o.forceQuote = nameSet(de.Arg)
			}
		case "force_not_null":
			o.forceNotNul = nameSet(de.Arg)
		case "force_null":
			o.forceNull = nameSet(de.Arg)
		case "encoding":
			if e := strings.ToUpper(strings.ReplaceAll(val, "-", "")); e != "UTF8" && e != "SQLASCII" {
				return nil, pgerr.Newf(pgerr.FeatureNotSupported, "COPY encoding %q is not supported (only UTF8)", val)
			}
		case "freeze", "oids":
		default:
			return nil, pgerr.Newf(pgerr.SyntaxError, "option %q not recognized", de.Defname)
		}
	}
	if o.format == copyCSV {
		if !delimSet {
			o.delim = ','
		}
		if !nullSet {
			o.null = ""
		}
		if !escSet {
			o.escape = o.quote
		}
	}
	if o.format == copyBinary && (delimSet || nullSet) {
		return nil, pgerr.New(pgerr.SyntaxError, "cannot specify DELIMITER or NULL in BINARY mode")
	}
	return o, nil
}

func nameSet(n *pg.Node) map[string]bool {
	m := map[string]bool{}
	if n == nil {
		return m
	}
	if l := n.GetList(); l != nil {
		for _, it := range l.Items {
			m[defElemString(it)] = true
		}
	}
	return m
}

func (s *Session) copyStmt(ctx context.Context, c *pg.CopyStmt, out Output) (*running, error) {
	if c.Filename != "" || c.IsProgram {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY to or from a file or program is not supported").
			WithHint("Use COPY ... FROM STDIN / TO STDOUT (psql's \\copy).")
	}
	opts, err := parseCopyOptions(c.Options)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY is not supported here")
	}
	if c.IsFrom {
		return s.copyFrom(ctx, c, opts, out)
	}
	return s.copyTo(ctx, c, opts, out)
}

// ---- COPY FROM STDIN ---------------------------------------------------------

func (s *Session) copyFrom(ctx context.Context, c *pg.CopyStmt, opts *copyOptions, out Output) (*running, error) {
	if c.Relation == nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY FROM requires a table")
	}
	a := newAnalyzer(s, "", nil)
	t, err := a.targetTable(c.Relation)
	if err != nil {
		return nil, err
	}
	d := &dmlPlan{kind: dmlInsert, ns: t.ns}
	names, _ := strNodes(c.Attlist)
	if len(names) == 0 {
		d.targetCols = []int{colID, colTags, colContent, colCreatedAt, colUpdatedAt}
	} else {
		seen := map[int]bool{}
		for _, n := range names {
			idx := entityColIndex(n)
			if idx < 0 {
				return nil, pgerr.Newf(pgerr.UndefinedColumn, "column %q of relation \"entities\" does not exist", n)
			}
			if seen[idx] {
				return nil, pgerr.Newf(pgerr.DuplicateColumn, "column %q specified more than once", n)
			}
			seen[idx] = true
			d.targetCols = append(d.targetCols, idx)
		}
	}
	colTypes := make([]types.Type, len(d.targetCols))
	colNames := make([]string, len(d.targetCols))
	for i, ci := range d.targetCols {
		colTypes[i] = t.cols[ci].typ
		colNames[i] = t.cols[ci].name
	}
	var where Expr
	if c.WhereClause != nil {
		it := &rangeItem{alias: "entities", schema: t.ns, cols: t.cols, visible: 5}
		sc := &scope{level: &queryLevel{}, items: []*rangeItem{it}, clause: "COPY FROM WHERE"}
		w, err := a.bindExpr(c.WhereClause, sc)
		if err != nil {
			return nil, err
		}
		if where, err = a.coerceBool(w, "WHERE"); err != nil {
			return nil, err
		}
	}
	ec := s.newExecCtx(ctx, nil)
	defer ec.release()
	w, err := s.writeTarget(ec.tx, d.ns, "COPY FROM")
	if err != nil {
		return nil, err
	}
	snap, err := ec.snapshot(d.ns)
	if err != nil {
		return nil, err
	}
	format := CopyFormat{Binary: opts.format == copyBinary, ColumnFormats: make([]int16, len(d.targetCols))}
	if format.Binary {
		for i := range format.ColumnFormats {
			format.ColumnFormats[i] = 1
		}
	}
	src, err := out.CopyIn(format)
	if err != nil {
		return nil, err
	}
	ins := s.newInserter(ec, d, w, snap)
	fs := s.formatSettings()
	line := int64(0)
	emit := func(fields []Datum) error {
		if where != nil {
			row := make([]Datum, entityWidth)
			for i, ci := range d.targetCols {
				row[ci] = fields[i]
			}
			v, err := where.Eval(&env{row: row, ec: ec})
			if err != nil {
				return err
			}
			if v != true {
				return nil
			}
		}
		return ins.insert(fields)
	}
	r := &copyReader{src: src}
	switch opts.format {
	case copyBinary:
		bulk := where == nil
		err = copyFromBinary(r, len(colTypes), func(fields [][]byte) error {
			line++
			if err := ec.tick(); err != nil {
				return err
			}
			if bulk {
				if e, givenID, ok := entityFromBinary(fields, d.targetCols, ins.now); ok {
					if !givenID {
						e.ID = newEntityID()
					}
					return ins.add(e, givenID, nil)
				}
			}
			vals := make([]Datum, len(fields))
			for i, f := range fields {
				if f == nil {
					continue
				}
				v, err := parseBinary(colTypes[i].OID, f)
				if err != nil {
					return err
				}
				vals[i] = v
			}
			return emit(vals)
		})
	default:
		first := true
		err = r.lines(opts, func(raw string) error {
			line++
			if err := ec.tick(); err != nil {
				return err
			}
			if err := types.CheckTextString(raw); err != nil {
				err.(*pgerr.Error).Where = fmt.Sprintf("COPY entities, line %d", line)
				return err
			}
			fields, err := splitCopyLine(raw, opts, len(d.targetCols), colNames)
			if err != nil {
				return err
			}
			if first && opts.header {
				first = false
				if opts.headerMatch {
					for i, f := range fields {
						if f == nil || *f != colNames[i] {
							return pgerr.Newf(pgerr.BadCopyFileFormat, "column name mismatch in header line field %d: got %q, expected %q", i+1, derefOr(f), colNames[i])
						}
					}
				}
				return nil
			}
			first = false
			vals := make([]Datum, len(fields))
			for i, f := range fields {
				if f == nil {
					continue
				}
				v, err := parseText(colTypes[i].OID, *f, fs)
				if err != nil {
					if pe, ok := err.(*pgerr.Error); ok {
						pe.Where = fmt.Sprintf("COPY entities, line %d, column %s: %q", line, colNames[i], *f)
					}
					return err
				}
				vals[i] = v
			}
			return emit(vals)
		})
	}
	if err != nil {
		// drain the rest so the protocol stays in step
		r.drain()
		if pe, ok := err.(*pgerr.Error); ok && pe.Where == "" && line > 0 {
			pe.Where = fmt.Sprintf("COPY entities, line %d", line)
		}
		return nil, err
	}
	return &running{tag: fmt.Sprintf("COPY %d", ins.n)}, nil
}

func derefOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// copyReader buffers the client's CopyData stream. buf is the unread
// part of base; consumers advance buf by reslicing it.
type copyReader struct {
	src  CopySource
	buf  []byte
	base []byte
	eof  bool
}

// more reads the next CopyData payload into the buffer; false at the end.
// The unread bytes move to the front of the buffer first, so it does not
// grow with the stream.
func (r *copyReader) more() (bool, error) {
	if r.eof {
		return false, nil
	}
	b, err := r.src.Next()
	if errors.Is(err, io.EOF) {
		r.eof = true
		return false, nil
	}
	if err != nil {
		r.eof = true
		return false, err
	}
	if n := len(r.buf) + len(b); n <= cap(r.base) {
		r.buf = r.base[:copy(r.base[:cap(r.base)], r.buf)]
	} else {
		base := make([]byte, len(r.buf), max(n, 2*cap(r.base), 64<<10))
		copy(base, r.buf)
		r.base, r.buf = base, base
	}
	r.buf = append(r.buf, b...)
	return true, nil
}

func (r *copyReader) drain() {
	for !r.eof {
		if _, err := r.more(); err != nil {
			return
		}
		r.buf = r.buf[:0]
	}
}

// lines calls fn for each record of text/csv data (csv records may span
// lines inside quotes) until the end or the "\." marker.
func (r *copyReader) lines(opts *copyOptions, fn func(string) error) error {
	for {
		end := r.recordEnd(opts)
		if end < 0 {
			ok, err := r.more()
			if err != nil {
				return err
			}
			if !ok {
				if len(r.buf) > 0 {
					rec := strings.TrimSuffix(string(r.buf), "\r")
					r.buf = r.buf[:0]
					if rec == `\.` {
						return nil
					}
					return fn(rec)
				}
				return nil
			}
			continue
		}
		rec := string(r.buf[:end])
		r.buf = r.buf[end+1:]
		rec = strings.TrimSuffix(rec, "\r")
		if rec == `\.` {
			r.drain()
			return nil
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}

// recordEnd finds the newline ending the first record in the buffer.
func (r *copyReader) recordEnd(opts *copyOptions) int {
	if opts.format != copyCSV {
		return bytes.IndexByte(r.buf, '\n')
	}
	inQuote := false
	for i := 0; i < len(r.buf); i++ {
		c := r.buf[i]
		switch {
		case inQuote && c == opts.escape && opts.escape != opts.quote && i+1 < len(r.buf) && (r.buf[i+1] == opts.quote || r.buf[i+1] == opts.escape):
			i++
		case c == opts.quote:
			inQuote = !inQuote
		case c == '\n' && !inQuote:
			return i
		}
	}
	return -1
}

// splitCopyLine splits one record into fields; nil is NULL.
func splitCopyLine(rec string, opts *copyOptions, want int, names []string) ([]*string, error) {
	var fields []*string
	if opts.format == copyCSV {
		var err error
		fields, err = splitCSV(rec, opts, names)
		if err != nil {
			return nil, err
		}
	} else {
		for _, raw := range strings.Split(rec, string(opts.delim)) {
			if raw == opts.null {
				fields = append(fields, nil)
				continue
			}
			v, err := unescapeCopyText(raw)
			if err != nil {
				return nil, err
			}
			fields = append(fields, &v)
		}
	}
	if len(fields) < want {
		if len(fields) == 1 && fields[0] != nil && *fields[0] == "" && want > 0 {
			return nil, pgerr.Newf(pgerr.BadCopyFileFormat, "missing data for column %q", names[0])
		}
		return nil, pgerr.Newf(pgerr.BadCopyFileFormat, "missing data for column %q", names[len(fields)])
	}
	if len(fields) > want {
		return nil, pgerr.New(pgerr.BadCopyFileFormat, "extra data after last expected column")
	}
	return fields, nil
}

func unescapeCopyText(s string) (string, error) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch n := s[i]; n {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x':
			j := i + 1
			for j < len(s) && j < i+3 && isHex(s[j]) {
				j++
			}
			if j == i+1 {
				b.WriteByte('x')
				continue
			}
			v, _ := strconv.ParseUint(s[i+1:j], 16, 8)
			b.WriteByte(byte(v))
			i = j - 1
		default:
			if n >= '0' && n <= '7' {
				j := i
				for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
					j++
				}
				v, _ := strconv.ParseUint(s[i:j], 8, 16)
				b.WriteByte(byte(v))
				i = j - 1
				continue
			}
			b.WriteByte(n)
		}
	}
	return b.String(), nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func splitCSV(rec string, opts *copyOptions, names []string) ([]*string, error) {
	var out []*string
	i := 0
	for {
		var b strings.Builder
		quoted := false
		for i < len(rec) && rec[i] != opts.delim {
			c := rec[i]
			if c == opts.quote {
				quoted = true
				i++
				for {
					if i >= len(rec) {
						return nil, pgerr.New(pgerr.BadCopyFileFormat, "unterminated CSV quoted field")
					}
					c = rec[i]
					if c == opts.escape && i+1 < len(rec) && (rec[i+1] == opts.quote || (opts.escape != opts.quote && rec[i+1] == opts.escape)) {
						b.WriteByte(rec[i+1])
						i += 2
						continue
					}
					if c == opts.quote {
						i++
						break
					}
					b.WriteByte(c)
					i++
				}
				continue
			}
			b.WriteByte(c)
			i++
		}
		v := b.String()
		col := ""
		if len(out) < len(names) {
			col = names[len(out)]
		}
		switch {
		case !quoted && v == opts.null && !opts.forceNotNul[col]:
			out = append(out, nil)
		case quoted && v == opts.null && opts.forceNull[col]:
			out = append(out, nil)
		default:
			out = append(out, &v)
		}
		if i >= len(rec) {
			return out, nil
		}
		i++ // delimiter
	}
}

// copyFromBinary calls fn with the fields of each tuple of binary COPY
// data (nil: NULL). The fields point into the reader's buffer and are
// valid only during the call.
func copyFromBinary(r *copyReader, ncols int, fn func(fields [][]byte) error) error {
	need := func(n int) error {
		for len(r.buf) < n {
			ok, err := r.more()
			if err != nil {
				return err
			}
			if !ok {
				return pgerr.New(pgerr.BadCopyFileFormat, "unexpected EOF in COPY data")
			}
		}
		return nil
	}
	if err := need(19); err != nil {
		return err
	}
	if !bytes.Equal(r.buf[:11], binarySignature) {
		return pgerr.New(pgerr.BadCopyFileFormat, "COPY file signature not recognized")
	}
	ext := int(binary.BigEndian.Uint32(r.buf[15:19]))
	if err := need(19 + ext); err != nil {
		return err
	}
	r.buf = r.buf[19+ext:]
	for {
		if err := need(2); err != nil {
			if len(r.buf) == 0 && r.eof {
				return nil
			}
			return err
		}
		n := int(int16(binary.BigEndian.Uint16(r.buf)))
		r.buf = r.buf[2:]
		if n == -1 {
			r.drain()
			return nil
		}
		if n != ncols {
			return pgerr.Newf(pgerr.BadCopyFileFormat, "row field count is %d, expected %d", n, ncols)
		}
		// Make sure the whole tuple is buffered, then cut it into fields
		// (need may move the buffer, so offsets first, slices after).
		var offs [2 * entityWidth]int
		at := 0
		for i := 0; i < n; i++ {
			if err := need(at + 4); err != nil {
				return err
			}
			l := int(int32(binary.BigEndian.Uint32(r.buf[at:])))
			at += 4
			offs[2*i], offs[2*i+1] = at, l
			if l < 0 {
				continue
			}
			if err := need(at + l); err != nil {
				return err
			}
			at += l
		}
		var fields [entityWidth][]byte
		for i := 0; i < n; i++ {
			if l := offs[2*i+1]; l >= 0 {
				fields[i] = r.buf[offs[2*i] : offs[2*i]+l : offs[2*i]+l]
			}
		}
		r.buf = r.buf[at:]
		if err := fn(fields[:n]); err != nil {
			return err
		}
	}
}

// The bulk path of binary COPY into ns.entities: fields become an entity
// directly, without a Datum per value and the INSERT row around them.

// fastTSMin and fastTSMax bound the timestamps (in PostgreSQL's binary
// microseconds since 2000-01-01) taken directly: years 1 to 9999; others
// (infinities, far dates) take the general path and its checks.
const (
	fastTSMin = -63082281600 * 1000000
	fastTSMax = 252455616000 * 1000000
)

// pgEpochUnix is 2000-01-01 00:00:00 UTC in Unix seconds.
const pgEpochUnix = 946684800

// entityFromBinary builds the entity of one binary COPY tuple whose
// fields are targetCols, or reports false when the tuple needs the general
// path (a NULL other than content, a tags array that is not a plain
// one-dimensional text[] without NULLs, an unusual timestamp, invalid
// UTF-8, any value rowToEntity would refuse): that path then decodes it
// and reports its errors exactly as an INSERT would. givenID reports an id
// from the data; otherwise the caller makes one.
func entityFromBinary(fields [][]byte, targetCols []int, now time.Time) (e *namespace.Entity, givenID, ok bool) {
	e = &namespace.Entity{CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	for i, c := range targetCols {
		f := fields[i]
		if f == nil {
			if c != colContent {
				return nil, false, false
			}
			continue
		}
		switch c {
		case colID:
			if len(f) == 0 || len(f) > namespace.MaxIDLen || types.CheckText(f) != nil {
				return nil, false, false
			}
			e.ID, givenID = string(f), true
		case colTags:
			tags, ok := textArrayFromBinary(f)
			if !ok {
				return nil, false, false
			}
			e.Tags = tags
		case colContent:
			e.Content = append(make([]byte, 0, len(f)), f...)
		case colCreatedAt, colUpdatedAt:
			if len(f) != 8 {
				return nil, false, false
			}
			us := int64(binary.BigEndian.Uint64(f))
			if us < fastTSMin || us >= fastTSMax {
				return nil, false, false
			}
			t := time.Unix(pgEpochUnix+us/1e6, (us%1e6)*1000).UTC()
			if c == colCreatedAt {
				e.CreatedAt = t
			} else {
				e.UpdatedAt = t
			}
		}
	}
	if e.Tags == nil {
		return nil, false, false // tags are NOT NULL: the general path says so
	}
	return e, givenID, true
}

// textArrayFromBinary decodes a one-dimensional text[] whose elements are
// valid tags (non-empty, not NULL, at most MaxTagLen bytes, at most
// MaxTags of them, valid UTF-8); false for anything else. The strings
// share one allocation.
func textArrayFromBinary(b []byte) ([]string, bool) {
	if len(b) < 12 {
		return nil, false
	}
	ndim := int32(binary.BigEndian.Uint32(b))
	elem := types.OID(binary.BigEndian.Uint32(b[8:]))
	if elem != types.TextOID {
		return nil, false
	}
	if ndim == 0 {
		return []string{}, len(b) == 12
	}
	if ndim != 1 || len(b) < 20 {
		return nil, false
	}
	n := int32(binary.BigEndian.Uint32(b[12:]))
	if n < 0 || n > namespace.MaxTags {
		return nil, false
	}
	body := b[20:]
	// first pass: check the lengths and the total
	total := 0
	p := body
	for i := int32(0); i < n; i++ {
		if len(p) < 4 {
			return nil, false
		}
		l := int32(binary.BigEndian.Uint32(p))
		if l <= 0 || l > namespace.MaxTagLen || int(l) > len(p)-4 {
			return nil, false
		}
		if types.CheckText(p[4:4+l]) != nil {
			return nil, false
		}
		total += int(l)
		p = p[4+l:]
	}
	if len(p) != 0 {
		return nil, false
	}
	all := make([]byte, 0, total)
	for p = body; len(p) > 0; {
		l := int(binary.BigEndian.Uint32(p))
		all = append(all, p[4:4+l]...)
		p = p[4+l:]
	}
	s := unsafe.String(unsafe.SliceData(all), len(all))
	tags := make([]string, n)
	at := 0
	for i, p := 0, body; len(p) > 0; i++ {
		l := int(binary.BigEndian.Uint32(p))
		tags[i] = s[at : at+l]
		at += l
		p = p[4+l:]
	}
	return tags, true
}

// ---- COPY TO STDOUT -------------------------------------------------------------

func (s *Session) copyTo(ctx context.Context, c *pg.CopyStmt, opts *copyOptions, out Output) (*running, error) {
	var plan *stmtPlan
	var err error
	if c.Query != nil {
		plan, err = s.planStatement(&rawStmt{node: c.Query}, "", nil)
		if err != nil {
			return nil, err
		}
		if plan.kind != stmtQuery && !(plan.kind == stmtDML && plan.dml.returning != nil) {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY query must have a RETURNING clause")
		}
	} else {
		names, _ := strNodes(c.Attlist)
		cols := "*"
		if len(names) > 0 {
			q := make([]string, len(names))
			for i, n := range names {
				q[i] = quoteIdent(n)
			}
			cols = strings.Join(q, ", ")
		}
		rel := quoteIdent(c.Relation.Relname)
		if c.Relation.Schemaname != "" {
			rel = quoteIdent(c.Relation.Schemaname) + "." + rel
		}
		sql := "SELECT " + cols + " FROM " + rel
		stmts, err := s.engine.parse(sql)
		if err != nil {
			return nil, err
		}
		if plan, err = s.planStatement(stmts[0], sql, nil); err != nil {
			return nil, err
		}
	}
	r, err := s.start(ctx, plan, nil, out)
	if err != nil {
		return nil, err
	}
	defer r.finish()
	format := CopyFormat{Binary: opts.format == copyBinary, ColumnFormats: make([]int16, len(r.cols))}
	if format.Binary {
		for i := range format.ColumnFormats {
			format.ColumnFormats[i] = 1
		}
	}
	sink, err := out.CopyOut(format)
	if err != nil {
		return nil, err
	}
	fs := s.formatSettings()
	var buf []byte
	if opts.format == copyBinary {
		buf = append(buf, binarySignature...)
		buf = append(buf, 0, 0, 0, 0, 0, 0, 0, 0)
		if err := sink.Write(buf); err != nil {
			return nil, err
		}
	}
	if opts.header && opts.format != copyBinary {
		buf = buf[:0]
		for i, col := range r.cols {
			if i > 0 {
				buf = append(buf, opts.delim)
			}
			buf = appendCopyField(buf, col.name, opts, true, false)
		}
		buf = append(buf, '\n')
		if err := sink.Write(buf); err != nil {
			return nil, err
		}
	}
	var n int64
	var tmp []byte
	for {
		row, err := r.it.next()
		if err != nil {
			return nil, err
		}
		if row == nil {
			break
		}
		buf = buf[:0]
		if opts.format == copyBinary {
			buf = binary.BigEndian.AppendUint16(buf, uint16(len(r.cols)))
			for i, v := range row[:len(r.cols)] {
				if v == nil {
					buf = binary.BigEndian.AppendUint32(buf, 0xffffffff)
					continue
				}
				at := len(buf)
				buf = append(buf, 0, 0, 0, 0)
				if buf, err = formatBinary(buf, r.cols[i].typ.OID, v); err != nil {
					return nil, err
				}
				binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
			}
		} else {
			for i, v := range row[:len(r.cols)] {
				if i > 0 {
					buf = append(buf, opts.delim)
				}
				if v == nil {
					buf = append(buf, opts.null...)
					continue
				}
				tmp = formatText(tmp[:0], r.cols[i].typ.OID, v, fs)
				force := opts.forceQAll || opts.forceQuote[r.cols[i].name]
				buf = appendCopyField(buf, string(tmp), opts, false, force)
			}
			buf = append(buf, '\n')
		}
		if err := sink.Write(buf); err != nil {
			return nil, err
		}
		n++
	}
	if opts.format == copyBinary {
		if err := sink.Write([]byte{0xff, 0xff}); err != nil {
			return nil, err
		}
	}
	if err := sink.Done(); err != nil {
		return nil, err
	}
	return &running{tag: fmt.Sprintf("COPY %d", n)}, nil
}

// appendCopyField writes one text or csv field.
func appendCopyField(buf []byte, v string, opts *copyOptions, header, force bool) []byte {
	if opts.format == copyCSV {
		need := force || v == opts.null || v == `\.`
		if !need {
			for i := 0; i < len(v); i++ {
				c := v[i]
				if c == opts.delim || c == opts.quote || c == '\n' || c == '\r' || c == opts.escape {
					need = true
					break
				}
			}
		}
		if !need {
			return append(buf, v...)
		}
		buf = append(buf, opts.quote)
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c == opts.quote || c == opts.escape {
				buf = append(buf, opts.escape)
			}
			buf = append(buf, c)
		}
		return append(buf, opts.quote)
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch c {
		case '\\':
			buf = append(buf, '\\', '\\')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\f':
			buf = append(buf, '\\', 'f')
		case '\v':
			buf = append(buf, '\\', 'v')
		default:
			if c == opts.delim {
				buf = append(buf, '\\', c)
				continue
			}
			buf = append(buf, c)
		}
	}
	return buf
}
