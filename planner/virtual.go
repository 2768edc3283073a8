package planner

// Virtual relations: tables whose rows are computed when scanned (catalog
// relations such as pg_namespace). They register with the catalog and are
// scanned like any relation; filters apply after the rows are produced.

type virtualTable struct {
	schema, name string
	cols         []colInfo
	rows         func(ec *execCtx) ([][]Datum, error)
	// fixedOID is the relation's OID (PostgreSQL's, for catalog tables).
	fixedOID uint32
}

func (v *virtualTable) schemaName() string { return v.schema }
func (v *virtualTable) relName() string    { return v.name }
func (v *virtualTable) columns() []colInfo { return v.cols }
func (v *virtualTable) nVisible() int      { return len(v.cols) }
func (v *virtualTable) oid() uint32 {
	if v.fixedOID != 0 {
		return v.fixedOID
	}
	return relOID(v.schema, v.name)
}

type virtualScan struct {
	rel  *virtualTable
	cols []colInfo
}

func (s *virtualScan) columns() []colInfo   { return s.cols }
func (s *virtualScan) children() []planNode { return nil }
func (s *virtualScan) start(ec *execCtx, _ *env) (rowIter, error) {
	rows, err := s.rel.rows(ec)
	if err != nil {
		return nil, err
	}
	return &sliceIter{rows: rows}, nil
}
func (s *virtualScan) explain(*explainer) explainInfo {
	return explainInfo{title: "Seq Scan on " + s.rel.name, est: estimate{0, 10, 100, rowWidth(s.cols)}}
}
