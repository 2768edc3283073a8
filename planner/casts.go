package planner

// Casts go through the types package (pg_cast's contexts and conversions);
// casts to reg* types from text need the catalog and are resolved here.

import (
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// implicitCastOK reports whether PostgreSQL converts from to to implicitly.
func implicitCastOK(from, to types.OID) bool {
	return types.CanCoerce(from, to, types.CastImplicit)
}

// assignmentCastOK reports whether an assignment (INSERT/UPDATE) converts.
func assignmentCastOK(from, to types.OID) bool {
	return types.CanCoerce(from, to, types.CastAssignment)
}

// castAllowed reports whether an explicit cast from -> to exists.
func castAllowed(from, to types.OID) bool {
	return types.CanCoerce(from, to, types.CastExplicit)
}

func (ec *execCtx) formatSettings() *formatSettings {
	if ec == nil || ec.sess == nil {
		return defaultFormat
	}
	return ec.sess.formatSettings()
}

func isRegType(o types.OID) bool {
	switch o {
	case types.RegclassOID, types.RegtypeOID, types.RegprocOID, types.RegnamespaceOID, types.RegroleOID:
		return true
	}
	return false
}

// castValue converts a non-NULL value explicitly.
func castValue(v Datum, from, to types.Type, ec *execCtx) (Datum, error) {
	return convertValue(v, from, to, types.CastExplicit, ec)
}

func convertValue(v Datum, from, to types.Type, ctx types.CastContext, ec *execCtx) (Datum, error) {
	if v == nil {
		return nil, nil
	}
	if from.OID == to.OID && to.Typmod < 0 {
		return v, nil
	}
	if isRegType(to.OID) && isStringType(from.OID) {
		return regCastFromText(ec, v.(string), to.OID)
	}
	if isRegType(from.OID) && isStringType(to.OID) {
		return regName(from.OID, v.(int64)), nil
	}
	fs := ec.formatSettings()
	switch ctx {
	case types.CastImplicit:
		return types.Coerce(v, from, to, fs)
	case types.CastAssignment:
		return types.Assign(v, from, to, fs)
	}
	return types.Cast(v, from, to, fs)
}

// regCastFromText resolves 'name'::regclass and friends through the
// catalog (relations are resolved against the session's search_path).
func regCastFromText(ec *execCtx, s string, t types.OID) (Datum, error) {
	if ec != nil && ec.sess != nil {
		return ec.sess.engine.catalog.regLookup(ec, s, t)
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "cannot resolve %s here", types.TypeName(t))
}
