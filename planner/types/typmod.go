package types

import (
	"github.com/entitydb/entitydb/pgerr"
)

// Typmod computes the type modifier of a declared type such as
// varchar(10), numeric(10,2), timestamp(3) or interval(2) from its
// modifier list, with PostgreSQL's checks and messages (22023). A type
// that takes no modifiers with a non-empty list is 42601. An empty list
// is -1, except that character alone means character(1): pass
// []int64{1} for it, as PostgreSQL's grammar does.
func Typmod(oid OID, mods []int64) (int32, error) {
	if len(mods) == 0 {
		return -1, nil
	}
	switch oid {
	case VarcharOID, BPCharOID:
		name := "varchar"
		if oid == BPCharOID {
			name = "char"
		}
		if len(mods) != 1 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid type modifier")
		}
		n := mods[0]
		if n < 1 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "length for type %s must be at least 1", name)
		}
		if n > 10485760 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "length for type %s cannot exceed %d", name, 10485760)
		}
		return int32(n + 4), nil
	case NumericOID:
		if len(mods) > 2 {
			return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid NUMERIC type modifier")
		}
		p, s := mods[0], int64(0)
		if len(mods) == 2 {
			s = mods[1]
		}
		if p < 1 || p > 1000 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "NUMERIC precision %d must be between 1 and %d", p, 1000)
		}
		if s < -1000 || s > 1000 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "NUMERIC scale %d must be between %d and %d", s, -1000, 1000)
		}
		return NumericTypmod(int(p), int(s)), nil
	case TimestampOID, TimestampTZOID, TimeOID, TimeTZOID:
		if len(mods) != 1 {
			return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier")
		}
		p := mods[0]
		tz := ""
		if oid == TimestampTZOID || oid == TimeTZOID {
			tz = " WITH TIME ZONE"
		}
		name := "TIMESTAMP"
		if oid == TimeOID || oid == TimeTZOID {
			name = "TIME"
		}
		if p < 0 {
			return 0, pgerr.Newf(pgerr.InvalidParameterValue, "%s(%d)%s precision must not be negative", name, p, tz)
		}
		if p > 6 {
			p = 6 // PostgreSQL warns "precision reduced to maximum allowed, 6"
		}
		return int32(p), nil
	case IntervalOID:
		// PostgreSQL's grammar passes (range) or (range, precision):
		// INTERVAL DAY is (IntervalDay), interval(3) is (IntervalFullRange, 3).
		if len(mods) > 2 {
			return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid INTERVAL type modifier")
		}
		rng := mods[0]
		if !validIntervalRange(int32(rng)) {
			return 0, pgerr.New(pgerr.InvalidParameterValue, "invalid INTERVAL type modifier")
		}
		p := int64(IntervalFullPrecision)
		if len(mods) == 2 {
			p = mods[1]
			if p < 0 {
				return 0, pgerr.Newf(pgerr.InvalidParameterValue, "INTERVAL(%d) precision must not be negative", p)
			}
			if p > 6 {
				p = 6
			}
		}
		return IntervalTypmod(int32(rng), int32(p)), nil
	}
	return 0, pgerr.Newf(pgerr.SyntaxError, "type modifier is not allowed for type \"%s\"", TypeName(oid))
}
