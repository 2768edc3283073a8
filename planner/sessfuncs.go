package planner

// Functions that read the session or the statement: version(),
// current_setting(), set_config(), now(), current_schema(), pg_typeof()...

import (
	"os"
	"strings"
	"time"

	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

func init() {
	sf := func(name string, ret types.OID, fn func(c *callCtx, a []Datum) (Datum, error), params ...types.OID) {
		regFunc(&funcDef{name: name, params: params, ret: ret, volatility: stable, fn: fn})
	}
	sf("version", types.TextOID, func(*callCtx, []Datum) (Datum, error) { return versionString, nil })
	sf("current_database", types.NameOID, func(*callCtx, []Datum) (Datum, error) { return DatabaseName, nil })
	sf("current_catalog", types.NameOID, func(*callCtx, []Datum) (Datum, error) { return DatabaseName, nil })
	sf("current_schema", types.NameOID, func(c *callCtx, _ []Datum) (Datum, error) {
		if s, ok := c.ec().sess.currentSchema(); ok {
			return s, nil
		}
		return nil, nil
	})
	sf("current_schemas", types.NameArrayOID, func(c *callCtx, a []Datum) (Datum, error) {
		var elems []Datum
		if a[0] == true {
			elems = append(elems, "pg_catalog")
		}
		for _, s := range c.ec().sess.searchPath() {
			if s == "pg_catalog" && a[0] == true {
				continue
			}
			elems = append(elems, s)
		}
		return types.NewArray1(types.NameOID, elems), nil
	}, types.BoolOID)
	sf("current_user", types.NameOID, func(c *callCtx, _ []Datum) (Datum, error) { return c.ec().sess.user, nil })
	sf("session_user", types.NameOID, func(c *callCtx, _ []Datum) (Datum, error) { return c.ec().sess.user, nil })
	sf("pg_backend_pid", types.Int4OID, func(*callCtx, []Datum) (Datum, error) { return int64(os.Getpid()), nil })
	sf("inet_server_port", types.Int4OID, func(*callCtx, []Datum) (Datum, error) { return nil, nil })
	sf("now", types.TimestampTZOID, func(c *callCtx, _ []Datum) (Datum, error) { return c.ec().txnTime(), nil })
	sf("transaction_timestamp", types.TimestampTZOID, func(c *callCtx, _ []Datum) (Datum, error) { return c.ec().txnTime(), nil })
	sf("statement_timestamp", types.TimestampTZOID, func(c *callCtx, _ []Datum) (Datum, error) {
		return c.ec().stmtTime.Truncate(time.Microsecond).UTC(), nil
	})
	regFunc(&funcDef{name: "clock_timestamp", ret: types.TimestampTZOID, volatility: volatile, fn: func(*callCtx, []Datum) (Datum, error) {
		return time.Now().Truncate(time.Microsecond).UTC(), nil
	}})
	regFunc(&funcDef{name: "timeofday", ret: types.TextOID, volatility: volatile, fn: func(c *callCtx, _ []Datum) (Datum, error) {
		return time.Now().In(locOf(c.ec().formatSettings())).Format("Mon Jan 02 15:04:05.000000 2006 MST"), nil
	}})
	regFunc(&funcDef{name: "txid_current", ret: types.Int8OID, volatility: volatile, fn: func(c *callCtx, _ []Datum) (Datum, error) {
		return c.ec().tx.start.UnixMicro() & 0x7fffffff, nil
	}})
	currentSetting := func(c *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		name := a[0].(string)
		v, ok := c.ec().sess.showLookup(name)
		if !ok {
			if len(a) > 1 && a[1] == true {
				return nil, nil
			}
			return nil, pgerr.Newf(pgerr.UndefinedObject, "unrecognized configuration parameter %q", name)
		}
		return v, nil
	}
	regFunc(&funcDef{name: "current_setting", params: []types.OID{types.TextOID}, ret: types.TextOID, strict: true, volatility: stable, fn: currentSetting})
	regFunc(&funcDef{name: "current_setting", params: []types.OID{types.TextOID, types.BoolOID}, ret: types.TextOID, volatility: stable, fn: currentSetting})
	regFunc(&funcDef{name: "set_config", params: []types.OID{types.TextOID, types.TextOID, types.BoolOID}, ret: types.TextOID, volatility: volatile, fn: func(c *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, pgerr.New(pgerr.NullValueNotAllowed, "SET requires parameter name")
		}
		name := strings.ToLower(a[0].(string))
		val := ""
		if a[1] != nil {
			val = a[1].(string)
		} else {
			val = c.ec().sess.startupValue(name)
		}
		local := a[2] == true
		if err := c.ec().sess.set(name, val, local); err != nil {
			return nil, err
		}
		v, _ := c.ec().sess.showLookup(name)
		return v, nil
	}})
	regFunc(&funcDef{name: "pg_typeof", params: []types.OID{anyOID}, ret: types.RegtypeOID, volatility: stable, fn: func(c *callCtx, _ []Datum) (Datum, error) {
		return int64(c.argTypes[0].OID), nil
	}})
	regFunc(&funcDef{name: "format_type", params: []types.OID{types.OidOID, types.Int4OID}, ret: types.TextOID, volatility: stable, fn: func(_ *callCtx, a []Datum) (Datum, error) {
		if a[0] == nil {
			return nil, nil
		}
		oid := types.OID(a[0].(int64))
		n := types.TypeName(oid)
		if n == "" {
			return "???", nil
		}
		if a[1] != nil {
			tm := int32(a[1].(int64))
			switch oid {
			case types.VarcharOID:
				if tm >= 4 {
					return "character varying(" + itoa(int(tm-4)) + ")", nil
				}
			case types.BPCharOID:
				if tm >= 4 {
					return "character(" + itoa(int(tm-4)) + ")", nil
				}
			case types.NumericOID:
				if tm >= 4 {
					t := tm - 4
					return "numeric(" + itoa(int(t>>16)) + "," + itoa(int(t&0xffff)) + ")", nil
				}
			}
		}
		return n, nil
	}})
	regFunc(&funcDef{name: "pg_get_userbyid", params: []types.OID{types.OidOID}, ret: types.NameOID, volatility: stable, strict: true, fn: func(c *callCtx, _ []Datum) (Datum, error) {
		return "entitydb", nil
	}})
	for _, name := range []string{"has_schema_privilege", "has_table_privilege", "has_database_privilege", "has_any_column_privilege", "has_column_privilege"} {
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID, types.TextOID}, ret: types.BoolOID, volatility: stable, strict: true, fn: func(*callCtx, []Datum) (Datum, error) { return true, nil }})
		regFunc(&funcDef{name: name, params: []types.OID{types.TextOID, types.TextOID, types.TextOID}, ret: types.BoolOID, volatility: stable, strict: true, fn: func(*callCtx, []Datum) (Datum, error) { return true, nil }})
	}
}

func init() {
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
		if v == 11 {
			return "pg_catalog"
		}
		if v == 2200 {
			return "public"
		}
	}
	return itoa(int(v))
}
