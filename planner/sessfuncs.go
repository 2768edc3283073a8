package planner

// Functions that read the session or the statement: version(),
// current_setting(), set_config(), now(), current_schema(), pg_typeof()...

import (
	"os"
	"time"

	"github.com/entitydb/entitydb/planner/types"
)

func init() {
	sf := func(name string, ret types.OID, fn func(c *callCtx, a []Datum) (Datum, error), params ...types.OID) {
		regLocal(&funcDef{name: name, params: params, ret: ret, volatility: stable, fn: fn})
	}
	sf("pg_backend_pid", types.Int4OID, func(*callCtx, []Datum) (Datum, error) { return int64(os.Getpid()), nil })
	sf("inet_server_port", types.Int4OID, func(*callCtx, []Datum) (Datum, error) { return nil, nil })
	regLocal(&funcDef{name: "txid_current", ret: types.Int8OID, volatility: volatile, fn: func(c *callCtx, _ []Datum) (Datum, error) {
		return c.ec().txnTime().UnixMicro() & 0x7fffffff, nil
	}})
	regLocal(&funcDef{name: "pg_get_userbyid", params: []types.OID{types.OidOID}, ret: types.NameOID, volatility: stable, strict: true, fn: func(c *callCtx, _ []Datum) (Datum, error) {
		return "entitydb", nil
	}})
	// every role sees every namespace until privileges exist
	for _, name := range []string{"has_schema_privilege", "has_table_privilege", "has_database_privilege", "has_any_column_privilege", "has_column_privilege"} {
		regLocal(&funcDef{name: name, params: []types.OID{types.TextOID, types.TextOID}, ret: types.BoolOID, volatility: stable, strict: true, fn: func(*callCtx, []Datum) (Datum, error) { return true, nil }})
		regLocal(&funcDef{name: name, params: []types.OID{types.TextOID, types.TextOID, types.TextOID}, ret: types.BoolOID, volatility: stable, strict: true, fn: func(*callCtx, []Datum) (Datum, error) { return true, nil }})
	}
	regLocal(&funcDef{name: "pg_sleep", params: []types.OID{types.Float8OID}, ret: types.VoidOID, strict: true, volatility: volatile, fn: func(c *callCtx, a []Datum) (Datum, error) {
		d := time.Duration(a[0].(float64) * float64(time.Second))
		ec := c.ec()
		if d > 0 {
			t := time.NewTimer(d)
			defer t.Stop()
			if ec != nil && ec.ctx != nil {
				select {
				case <-t.C:
				case <-ec.ctx.Done():
					return nil, cancelError(ec.ctx)
				}
			} else {
				<-t.C
			}
		}
		return "", nil
	}})
}

// regName renders a reg* value (regtype prints the type's name).
func regName(t types.OID, v int64) string {
	switch t {
	case types.RegtypeOID:
		if n := types.TypeName(types.OID(v)); n != "" {
			return n
		}
	case types.RegnamespaceOID:
		if v == oidPgCatalog {
			return "pg_catalog"
		}
		if v == oidPublic {
			return "public"
		}
	case types.RegclassOID:
		for _, schema := range []string{"pg_catalog", "information_schema"} {
			for n, t := range catalogTables[schema] {
				if int64(t.oid()) == v {
					if schema == "pg_catalog" {
						return n
					}
					return schema + "." + n
				}
			}
		}
		if n, ok := relNames.Load(uint32(v)); ok {
			sn := n.([2]string)
			return quoteIdent(sn[0]) + "." + quoteIdent(sn[1])
		}
	}
	return itoa(int(v))
}
