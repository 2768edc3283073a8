package planner

// jsonb_to_record(j) AS r(col type, ...) and jsonb_to_recordset(j) AS
// r(...): a JSON object (or an array of them) as rows of the columns the
// query defines, each column taking the member of its name, converted as
// PostgreSQL's populate_record does: JSON null or a missing member is
// NULL, strings by the column type's input function, numbers and booleans
// from their JSON text, arrays into array columns element by element, and
// anything into json/jsonb columns as JSON.

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// bindJSONBToRecord binds one of the two functions with its column
// definition list.
func (a *analyzer) bindJSONBToRecord(fc *pg.FuncCall, name string, coldefs []*pg.Node, sc *scope) (Expr, error) {
	if len(fc.Args) != 1 {
		return nil, a.errAt(undefinedFunction(name, nil).(*pgerr.Error), fc.Location)
	}
	arg, err := a.bindExpr(fc.Args[0], sc)
	if err != nil {
		return nil, err
	}
	if arg, err = a.coerce(arg, types.Of(types.JSONBOID), ""); err != nil {
		return nil, err
	}
	var cols []colInfo
	for _, n := range coldefs {
		cd := n.GetColumnDef()
		if cd == nil || cd.TypeName == nil {
			return nil, pgerr.New(pgerr.SyntaxError, "invalid column definition list")
		}
		t, err := a.resolveTypeName(cd.TypeName)
		if err != nil {
			return nil, err
		}
		cols = append(cols, colInfo{name: cd.Colname, typ: t})
	}
	set := name == "jsonb_to_recordset"
	def := &funcDef{name: name, srf: true, strict: true, srfCols: cols}
	def.ident = def
	def.srfFn = func(c *callCtx, args []Datum) (srfGen, error) {
		v := args[0].(types.JSONB).V
		var objs []any
		if set {
			arr, ok := v.([]any)
			if !ok {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot call jsonb_to_recordset on a non-array")
			}
			objs = arr
		} else {
			objs = []any{v}
		}
		recs := make([]Datum, 0, len(objs))
		for _, o := range objs {
			obj, ok := o.(types.JSONObject)
			if !ok {
				if set {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "argument of jsonb_to_recordset must be an array of objects")
				}
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "cannot call %s on a non-object", name)
			}
			r := &types.Record{Values: make([]Datum, len(cols)), Types: make([]types.Type, len(cols)), Names: make([]string, len(cols))}
			for i, col := range cols {
				r.Types[i], r.Names[i] = col.typ, col.name
				for _, p := range obj {
					if p.Key == col.name {
						val, err := jsonToColumn(p.Value, col.typ)
						if err != nil {
							return nil, err
						}
						r.Values[i] = val
						break
					}
				}
			}
			recs = append(recs, r)
		}
		return &sliceGen{vals: recs}, nil
	}
	return &funcExpr{def: def, args: []Expr{arg}, typ: tRecord}, nil
}

// jsonToColumn converts a JSON value to a column of type t.
func jsonToColumn(v any, t types.Type) (Datum, error) {
	if v == nil {
		return nil, nil
	}
	switch t.OID {
	case types.JSONBOID:
		return types.JSONB{V: v}, nil
	case types.JSONOID:
		return types.Text(types.JSONB{V: v}, types.Of(types.JSONBOID), nil), nil
	}
	if arr, ok := v.([]any); ok {
		if elem := types.ElemOf(t.OID); elem != 0 {
			elems := make([]Datum, len(arr))
			for i, e := range arr {
				x, err := jsonToColumn(e, types.Of(elem))
				if err != nil {
					return nil, err
				}
				elems[i] = x
			}
			return types.NewArray1(elem, elems), nil
		}
	}
	s, ok := v.(string)
	if !ok {
		s = types.Text(types.JSONB{V: v}, types.Of(types.JSONBOID), nil)
	}
	return types.ParseText(s, t, nil)
}

// isJSONBToRecord reports the functions bindJSONBToRecord handles.
func isJSONBToRecord(name string) bool {
	return strings.EqualFold(name, "jsonb_to_record") || strings.EqualFold(name, "jsonb_to_recordset")
}
