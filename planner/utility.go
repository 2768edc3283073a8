package planner

// Utility statements: transactions, SET/SHOW/RESET, schemas, PREPARE/
// EXECUTE/DEALLOCATE, cursors, COPY, and the DDL we refuse.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

const fixedModelHint = "Each schema is a namespace with exactly one table, entities(id text, tags text[], content bytea, created_at timestamptz, updated_at timestamptz); use CREATE SCHEMA / DROP SCHEMA to manage namespaces and tags for structure."

func (s *Session) runUtility(ctx context.Context, p *stmtPlan, params []Datum, out Output) (*running, error) {
	n := p.node
	switch {
	case n.GetTransactionStmt() != nil:
		tag, err := s.transactionStmt(ctx, n.GetTransactionStmt())
		if err != nil {
			return nil, err
		}
		return &running{tag: tag}, nil
	case n.GetVariableSetStmt() != nil:
		tag, err := s.setStmt(n.GetVariableSetStmt())
		if err != nil {
			return nil, err
		}
		return &running{tag: tag}, nil
	case n.GetVariableShowStmt() != nil:
		return s.showStmt(n.GetVariableShowStmt(), p.cols)
	case n.GetCreateSchemaStmt() != nil:
		return s.createSchema(ctx, n.GetCreateSchemaStmt())
	case n.GetDropStmt() != nil:
		return s.dropStmt(ctx, n.GetDropStmt())
	case n.GetPrepareStmt() != nil:
		return s.prepareStmt(ctx, n.GetPrepareStmt(), p.text)
	case n.GetExecuteStmt() != nil:
		return s.executeStmt(ctx, n.GetExecuteStmt(), out)
	case n.GetDeallocateStmt() != nil:
		d := n.GetDeallocateStmt()
		if d.Isall || d.Name == "" {
			for k, ps := range s.prepared {
				if ps.sqlLevel {
					delete(s.prepared, k)
				}
			}
			return &running{tag: "DEALLOCATE ALL"}, nil
		}
		if _, ok := s.prepared[d.Name]; !ok {
			return nil, pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement %q does not exist", d.Name)
		}
		delete(s.prepared, d.Name)
		return &running{tag: "DEALLOCATE"}, nil
	case n.GetDeclareCursorStmt() != nil:
		return s.declareCursor(ctx, n.GetDeclareCursorStmt(), p.text, params)
	case n.GetFetchStmt() != nil:
		return s.fetchStmt(ctx, n.GetFetchStmt())
	case n.GetClosePortalStmt() != nil:
		name := n.GetClosePortalStmt().Portalname
		if name == "" {
			for k, pt := range s.portals {
				if pt.cursor {
					s.ClosePortal(k)
				}
			}
			return &running{tag: "CLOSE CURSOR ALL"}, nil
		}
		if _, ok := s.portals[name]; !ok {
			return nil, pgerr.Newf(pgerr.InvalidCursorName, "cursor %q does not exist", name)
		}
		s.ClosePortal(name)
		return &running{tag: "CLOSE CURSOR"}, nil
	case n.GetCopyStmt() != nil:
		return s.copyStmt(ctx, n.GetCopyStmt(), out)
	case n.GetDiscardStmt() != nil:
		s.discardAll()
		return &running{tag: "DISCARD ALL"}, nil
	case n.GetVacuumStmt() != nil:
		if n.GetVacuumStmt().IsVacuumcmd {
			return &running{tag: "VACUUM"}, nil
		}
		return &running{tag: "ANALYZE"}, nil
	case n.GetCheckPointStmt() != nil:
		return &running{tag: "CHECKPOINT"}, nil
	case n.GetLockStmt() != nil:
		if s.tx == nil || !s.tx.explicit {
			return nil, pgerr.New(pgerr.NoActiveSqlTransaction, "LOCK TABLE can only be used in transaction blocks")
		}
		return &running{tag: "LOCK TABLE"}, nil
	case n.GetTruncateStmt() != nil:
		return s.truncate(ctx, n.GetTruncateStmt())
	case n.GetCreateStmt() != nil, n.GetCreateTableAsStmt() != nil, n.GetAlterTableStmt() != nil, n.GetIndexStmt() != nil,
		n.GetViewStmt() != nil, n.GetCreateSeqStmt() != nil, n.GetCreateFunctionStmt() != nil, n.GetRenameStmt() != nil,
		n.GetCreateExtensionStmt() != nil, n.GetCreateTrigStmt() != nil, n.GetCompositeTypeStmt() != nil,
		n.GetCreateEnumStmt() != nil, n.GetCreateDomainStmt() != nil, n.GetAlterObjectSchemaStmt() != nil,
		n.GetCommentStmt() != nil, n.GetRuleStmt() != nil, n.GetAlterSeqStmt() != nil, n.GetAlterOwnerStmt() != nil:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "this DDL statement is not supported: namespaces have a fixed table model").WithHint(fixedModelHint)
	case n.GetGrantStmt() != nil, n.GetGrantRoleStmt() != nil, n.GetCreateRoleStmt() != nil, n.GetAlterRoleStmt() != nil, n.GetDropRoleStmt() != nil:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "roles and privileges are managed by the server, not through SQL yet")
	case n.GetListenStmt() != nil, n.GetNotifyStmt() != nil, n.GetUnlistenStmt() != nil:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "LISTEN/NOTIFY is not supported")
	case n.GetDoStmt() != nil:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "DO blocks are not supported")
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "statement %s is not supported", stmtTypeName(n))
}

func stmtTypeName(n *pg.Node) string {
	t := fmt.Sprintf("%T", n.Node)
	t = strings.TrimPrefix(t, "*pg_query.Node_")
	return t
}

// ---- transactions ------------------------------------------------------------

// transactionStmt runs BEGIN/COMMIT/ROLLBACK/SAVEPOINT...
func (s *Session) transactionStmt(ctx context.Context, t *pg.TransactionStmt) (string, error) {
	switch t.Kind {
	case pg.TransactionStmtKind_TRANS_STMT_BEGIN, pg.TransactionStmtKind_TRANS_STMT_START:
		tag := "BEGIN"
		if t.Kind == pg.TransactionStmtKind_TRANS_STMT_START {
			tag = "START TRANSACTION"
		}
		if s.tx != nil && s.tx.explicit {
			s.notice(pgerr.NewNotice("there is already a transaction in progress").WithSeverity(pgerr.SeverityWarning))
			if err := s.applyTxOptions(s.tx, t.Options); err != nil {
				return "", err
			}
			return tag, nil
		}
		if s.tx == nil {
			s.tx = s.newTxn(true)
		}
		s.tx.explicit = true
		if err := s.applyTxOptions(s.tx, t.Options); err != nil {
			return "", err
		}
		return tag, nil
	case pg.TransactionStmtKind_TRANS_STMT_COMMIT, pg.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		verb := "COMMIT"
		if t.Kind == pg.TransactionStmtKind_TRANS_STMT_ROLLBACK {
			verb = "ROLLBACK"
		}
		if t.Chain {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s AND CHAIN is not supported", verb)
		}
		if s.tx == nil || !s.tx.explicit {
			s.notice(pgerr.NewNotice("there is no transaction in progress").WithSeverity(pgerr.SeverityWarning))
			return verb, nil
		}
		tx := s.tx
		s.tx = nil
		s.closeTxnPortals()
		if verb == "ROLLBACK" || tx.failed {
			// COMMIT of a failed transaction rolls it back
			s.rollbackTxn(tx)
			return "ROLLBACK", nil
		}
		if err := s.commitTxn(ctx, tx); err != nil {
			return "", err
		}
		return "COMMIT", nil
	case pg.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		if s.tx == nil || !s.tx.explicit {
			return "", pgerr.New(pgerr.NoActiveSqlTransaction, "SAVEPOINT can only be used in transaction blocks")
		}
		mark := 0
		if s.tx.writes != nil {
			mark = s.tx.writes.mark()
		}
		s.tx.savepoints = append(s.tx.savepoints, savepoint{name: t.SavepointName, mark: mark, gucLen: len(s.tx.gucUndo), ddlLen: len(s.tx.ddl), lockLen: len(s.tx.locks)})
		return "SAVEPOINT", nil
	case pg.TransactionStmtKind_TRANS_STMT_RELEASE:
		i, err := s.findSavepoint("RELEASE SAVEPOINT", t.SavepointName)
		if err != nil {
			return "", err
		}
		s.tx.savepoints = s.tx.savepoints[:i]
		return "RELEASE", nil
	case pg.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		i, err := s.findSavepoint("ROLLBACK TO SAVEPOINT", t.SavepointName)
		if err != nil {
			return "", err
		}
		sp := s.tx.savepoints[i]
		s.tx.savepoints = s.tx.savepoints[:i+1]
		if s.tx.writes != nil {
			s.tx.writes.rollbackTo(sp.mark)
		}
		for j := len(s.tx.gucUndo) - 1; j >= sp.gucLen; j-- {
			u := s.tx.gucUndo[j]
			s.setRaw(u.name, u.old)
		}
		s.tx.gucUndo = s.tx.gucUndo[:sp.gucLen]
		s.undoDDL(s.tx, sp.ddlLen)
		s.releaseLocksFrom(s.tx, sp.lockLen)
		s.tx.failed = false
		return "ROLLBACK", nil
	case pg.TransactionStmtKind_TRANS_STMT_PREPARE, pg.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED, pg.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
		return "", pgerr.New(pgerr.FeatureNotSupported, "prepared transactions are not supported")
	}
	return "", pgerr.Newf(pgerr.FeatureNotSupported, "transaction statement %s is not supported", t.Kind)
}

// findSavepoint returns the index of the innermost savepoint called name
// for RELEASE / ROLLBACK TO (verb), which need a transaction block.
func (s *Session) findSavepoint(verb, name string) (int, error) {
	if s.tx == nil || !s.tx.explicit {
		return 0, pgerr.Newf(pgerr.NoActiveSqlTransaction, "%s can only be used in transaction blocks", verb)
	}
	for i := len(s.tx.savepoints) - 1; i >= 0; i-- {
		if s.tx.savepoints[i].name == name {
			return i, nil
		}
	}
	return 0, pgerr.Newf(pgerr.SEInvalidSpecification, "savepoint %q does not exist", name)
}

// applyTxOptions applies ISOLATION LEVEL / READ ONLY / DEFERRABLE.
func (s *Session) applyTxOptions(t *txn, opts []*pg.Node) error {
	for _, o := range opts {
		de := o.GetDefElem()
		if de == nil {
			continue
		}
		switch de.Defname {
		case "transaction_isolation":
			lvl, err := normalizeIsolation(defElemString(de.Arg))
			if err != nil {
				return err
			}
			if t.isoLocked && parseIso(lvl) != t.iso {
				return pgerr.New(pgerr.ActiveSqlTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query")
			}
			t.iso = parseIso(lvl)
		case "transaction_read_only":
			v := defElemString(de.Arg)
			ro := v == "1" || v == "true" || v == "on"
			if !ro && t.writes == nil {
				t.readOnly = false
			} else if ro {
				t.readOnly = true
			}
		case "transaction_deferrable":
		}
	}
	return nil
}

func (s *Session) closeTxnPortals() {
	for name, p := range s.portals {
		if !p.hold {
			p.close()
			delete(s.portals, name)
		}
	}
}

// ---- SET / SHOW / RESET --------------------------------------------------------------

func (s *Session) notice(n *pgerr.Notice) {
	if s.cfg.Notice != nil {
		s.cfg.Notice(n)
	}
}

// setValue renders SET arguments as PostgreSQL's flatten_set_variable_args.
func setValue(name string, args []*pg.Node) (string, error) {
	var parts []string
	for _, a := range args {
		if strings.EqualFold(name, "timezone") {
			// SET TIME ZONE 5 / -3.5: hours east of UTC, shown in POSIX form
			if c := a.GetAConst(); c != nil {
				var h float64
				numeric := true
				switch v := c.Val.(type) {
				case *pg.A_Const_Ival:
					h = float64(v.Ival.Ival)
				case *pg.A_Const_Fval:
					fmt.Sscan(v.Fval.Fval, &h)
				default:
					numeric = false
				}
				if numeric {
					parts = append(parts, posixZoneName(int(h*3600)))
					continue
				}
			}
		}
		switch {
		case a.GetAConst() != nil:
			c := a.GetAConst()
			switch v := c.Val.(type) {
			case *pg.A_Const_Sval:
				parts = append(parts, v.Sval.Sval)
			case *pg.A_Const_Ival:
				parts = append(parts, fmt.Sprint(v.Ival.Ival))
			case *pg.A_Const_Fval:
				parts = append(parts, v.Fval.Fval)
			case *pg.A_Const_Boolval:
				if v.Boolval.Boolval {
					parts = append(parts, "on")
				} else {
					parts = append(parts, "off")
				}
			}
		case a.GetTypeCast() != nil:
			// SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE
			tc := a.GetTypeCast()
			v := defElemString(tc.Arg)
			if iv, err := parseText(types.IntervalOID, v, nil); err == nil {
				parts = append(parts, posixZoneName(int(iv.(types.Interval).Micros/1e6)))
			} else {
				parts = append(parts, v)
			}
		default:
			parts = append(parts, defElemString(a))
		}
	}
	if strings.EqualFold(name, "search_path") {
		for i, p := range parts {
			if p == "" || p != strings.ToLower(p) || strings.ContainsAny(p, " ,\"") {
				parts[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
			}
		}
	}
	return strings.Join(parts, ", "), nil
}

// setStmt runs SET, SET LOCAL, RESET, SET TRANSACTION, SET SESSION
// CHARACTERISTICS.
func (s *Session) setStmt(v *pg.VariableSetStmt) (string, error) {
	switch v.Kind {
	case pg.VariableSetKind_VAR_SET_MULTI:
		switch v.Name {
		case "TRANSACTION":
			if s.tx == nil || !s.tx.explicit {
				s.notice(pgerr.NewNotice("SET TRANSACTION can only be used in transaction blocks").WithSeverity(pgerr.SeverityWarning))
				return "SET", nil
			}
			return "SET", s.applyTxOptions(s.tx, v.Args)
		case "SESSION CHARACTERISTICS":
			for _, o := range v.Args {
				de := o.GetDefElem()
				switch de.Defname {
				case "transaction_isolation":
					lvl, err := normalizeIsolation(defElemString(de.Arg))
					if err != nil {
						return "", err
					}
					s.setGUC("default_transaction_isolation", lvl, false)
				case "transaction_read_only":
					val := defElemString(de.Arg)
					on := "off"
					if val == "1" || val == "true" {
						on = "on"
					}
					s.setGUC("default_transaction_read_only", on, false)
				}
			}
			return "SET", nil
		case "TIME ZONE":
		}
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "SET %s is not supported", v.Name)
	case pg.VariableSetKind_VAR_RESET_ALL:
		for name, d := range gucDefs {
			if d.ctx == gucUser && name != "session_authorization" && name != "transaction_isolation" && name != "transaction_read_only" {
				s.setGUC(name, s.startupValue(name), false)
			}
		}
		return "RESET", nil
	}
	name := strings.ToLower(v.Name)
	switch name {
	case "timezone", "time zone":
		name = "timezone"
	case "names":
		name = "client_encoding"
	case "schema":
		name = "search_path"
	case "session_authorization":
	}
	var value string
	switch v.Kind {
	case pg.VariableSetKind_VAR_SET_DEFAULT, pg.VariableSetKind_VAR_RESET:
		value = s.startupValue(name)
		if name == "transaction_isolation" || name == "transaction_read_only" {
			if s.tx != nil {
				if name == "transaction_isolation" {
					value = s.settings.get("default_transaction_isolation")
				} else {
					value = s.settings.get("default_transaction_read_only")
				}
			}
		}
	case pg.VariableSetKind_VAR_SET_CURRENT:
		return "SET", nil
	default:
		var err error
		if value, err = setValue(name, v.Args); err != nil {
			return "", err
		}
		if name == "timezone" && strings.EqualFold(value, "default") {
			value = s.startupValue(name)
		}
	}
	tag := "SET"
	if v.Kind == pg.VariableSetKind_VAR_RESET {
		tag = "RESET"
	}
	if err := s.set(name, value, v.IsLocal); err != nil {
		return "", err
	}
	return tag, nil
}

// startupValue is a setting's value after connection start (RESET).
func (s *Session) startupValue(name string) string {
	name = strings.ToLower(name)
	if v, ok := s.startup[name]; ok {
		return v
	}
	if d, ok := gucDefs[name]; ok {
		if name == "session_authorization" {
			return s.user
		}
		return d.def
	}
	return ""
}

// set validates and applies a setting (SET, set_config).
func (s *Session) set(name, value string, local bool) error {
	name = strings.ToLower(name)
	d, ok := gucDefs[name]
	if !ok {
		if strings.Contains(name, ".") {
			s.setGUC(name, value, local)
			return nil
		}
		return pgerr.Newf(pgerr.UndefinedObject, "unrecognized configuration parameter %q", name)
	}
	if d.ctx == gucInternal {
		if value == s.settings.get(name) {
			return nil
		}
		return pgerr.Newf(pgerr.CantChangeRuntimeParam, "parameter %q cannot be changed", name)
	}
	if d.normalize != nil {
		v, err := d.normalize(s, value)
		if err != nil {
			return err
		}
		value = v
	}
	switch name {
	case "transaction_isolation":
		if s.tx != nil {
			if s.tx.isoLocked && parseIso(value) != s.tx.iso {
				return pgerr.New(pgerr.ActiveSqlTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query")
			}
			s.tx.iso = parseIso(value)
		}
		return nil
	case "transaction_read_only":
		if s.tx != nil {
			s.tx.readOnly = value == "on"
		}
		return nil
	}
	s.setGUC(name, value, local)
	return nil
}

// setGUC stores a value, remembers how to undo it in a transaction block,
// and reports it to the client when PostgreSQL would.
func (s *Session) setGUC(name, value string, local bool) {
	old, had := s.settings.vals[name]
	if s.tx != nil && s.tx.explicit {
		s.tx.gucUndo = append(s.tx.gucUndo, gucUndo{name: name, old: old, local: local})
	} else if local {
		s.notice(pgerr.NewNotice("SET LOCAL can only be used in transaction blocks").WithSeverity(pgerr.SeverityWarning))
		return
	}
	if !had && !strings.Contains(name, ".") {
		old = ""
	}
	s.setRaw(name, value)
}

// setRaw stores a value and reports it if it is a reported setting.
func (s *Session) setRaw(name, value string) {
	old := s.settings.vals[name]
	s.settings.vals[name] = value
	s.fmtCache = nil
	if d, ok := gucDefs[name]; ok && d.report && old != value && s.cfg.ReportParam != nil {
		s.cfg.ReportParam(d.name, value)
	}
}

func (s *Session) showStmt(v *pg.VariableShowStmt, cols []colInfo) (*running, error) {
	name := strings.ToLower(v.Name)
	if name == "all" {
		var rows [][]Datum
		for _, n := range sortedGUCNames() {
			d := gucDefs[n]
			rows = append(rows, []Datum{d.name, s.showValue(n), d.desc})
		}
		return &running{cols: cols, it: &sliceIter{rows: rows}, tagFn: func(int64) string { return "SHOW" }}, nil
	}
	val, ok := s.showLookup(name)
	if !ok {
		return nil, pgerr.Newf(pgerr.UndefinedObject, "unrecognized configuration parameter %q", v.Name)
	}
	return &running{cols: cols, it: &sliceIter{rows: [][]Datum{{val}}}, tagFn: func(int64) string { return "SHOW" }}, nil
}

// showLookup returns a setting as SHOW and current_setting see it.
func (s *Session) showLookup(name string) (string, bool) {
	name = strings.ToLower(name)
	if _, ok := gucDefs[name]; ok {
		return s.showValue(name), true
	}
	if v, ok := s.settings.vals[name]; ok {
		return v, true
	}
	return "", false
}

func (s *Session) showValue(name string) string {
	switch name {
	case "transaction_isolation":
		if s.tx != nil {
			return s.tx.iso.String()
		}
		return s.settings.get("default_transaction_isolation")
	case "transaction_read_only":
		if s.tx != nil {
			if s.tx.readOnly {
				return "on"
			}
			return "off"
		}
		return s.settings.get("default_transaction_read_only")
	}
	return s.settings.get(name)
}

func (s *Session) discardAll() {
	for k := range s.prepared {
		delete(s.prepared, k)
	}
	for k := range s.portals {
		s.ClosePortal(k)
	}
	for name, d := range gucDefs {
		if d.ctx == gucUser {
			s.setRaw(name, s.startupValue(name))
		}
	}
}

// ---- schemas -------------------------------------------------------------------

func (s *Session) createSchema(ctx context.Context, c *pg.CreateSchemaStmt) (*running, error) {
	name := c.Schemaname
	if name == "" && c.Authrole != nil {
		name = c.Authrole.Rolename
	}
	if len(c.SchemaElts) > 0 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "CREATE SCHEMA with schema elements is not supported").WithHint(fixedModelHint)
	}
	if s.tx != nil && s.tx.explicit && s.tx.readOnly {
		return nil, pgerr.New(pgerr.ReadOnlySqlTransaction, "cannot execute CREATE SCHEMA in a read-only transaction")
	}
	if strings.HasPrefix(name, "pg_") {
		return nil, pgerr.Newf(pgerr.ReservedName, "unacceptable schema name %q", name).WithDetail("The prefix \"pg_\" is reserved for system schemas.")
	}
	err := s.engine.reg.Create(ctx, name, s.user)
	switch {
	case err == nil:
	case errors.Is(err, namespace.ErrNamespaceExists):
		if c.IfNotExists {
			s.notice(pgerr.NewNotice("schema %q already exists, skipping", name))
			return &running{tag: "CREATE SCHEMA"}, nil
		}
		return nil, pgerr.Newf(pgerr.DuplicateSchema, "schema %q already exists", name)
	case errors.Is(err, namespace.ErrInvalidName):
		if name == "information_schema" || name == "system" {
			return nil, pgerr.Newf(pgerr.DuplicateSchema, "schema %q already exists", name)
		}
		return nil, pgerr.Wrap(err, pgerr.InvalidName, fmt.Sprintf("invalid schema name %q", name)).
			WithHint("Namespace names are 1 to 63 bytes of UTF-8; \"default\" is reserved as the alias of public in the REST API.")
	default:
		return nil, mapStorageError(err, name)
	}
	s.engine.forgetNamespace(name)
	if s.tx != nil && s.tx.explicit {
		s.tx.ddl = append(s.tx.ddl, ddlOp{create: true, name: name})
	}
	return &running{tag: "CREATE SCHEMA"}, nil
}

func (s *Session) dropStmt(ctx context.Context, d *pg.DropStmt) (*running, error) {
	if d.RemoveType != pg.ObjectType_OBJECT_SCHEMA {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "only DROP SCHEMA is supported: namespaces have a fixed table model").WithHint(fixedModelHint)
	}
	if s.tx != nil && s.tx.explicit && s.tx.readOnly {
		return nil, pgerr.New(pgerr.ReadOnlySqlTransaction, "cannot execute DROP SCHEMA in a read-only transaction")
	}
	var names []string
	for _, o := range d.Objects {
		if sv := o.GetString_(); sv != nil {
			names = append(names, sv.Sval)
		}
	}
	// check everything first: DROP SCHEMA a, b is all or nothing
	var todo []string
	for _, name := range names {
		if !s.schemaVisible(name) {
			if d.MissingOk {
				s.notice(pgerr.NewNotice("schema %q does not exist, skipping", name))
				continue
			}
			return nil, pgerr.Newf(pgerr.UndefinedSchema, "schema %q does not exist", name)
		}
		if d.Behavior != pg.DropBehavior_DROP_CASCADE {
			ns, err := s.engine.namespace(ctx, name)
			if err != nil {
				return nil, err
			}
			snap, err := ns.Snapshot(ctx)
			if err != nil {
				return nil, mapStorageError(err, name)
			}
			n := snap.Count(namespace.All())
			snap.Release()
			if n > 0 {
				return nil, pgerr.Newf(pgerr.DependentObjectsStillExist, "cannot drop schema %s because other objects depend on it", name).
					WithDetail("table %s.entities depends on schema %s", name, name).
					WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
			}
		}
		todo = append(todo, name)
	}
	for _, name := range todo {
		if s.tx != nil && s.tx.writes != nil && s.tx.writes.ns == name {
			return nil, pgerr.Newf(pgerr.ObjectInUse, "cannot drop schema %q because this transaction has pending writes to it", name)
		}
		if name == "public" {
			return nil, pgerr.Newf(pgerr.DependentObjectsStillExist, "cannot drop schema %s because it is required by the database system", name)
		}
		if s.tx != nil && s.tx.explicit {
			// takes effect at COMMIT; hidden from this session meanwhile
			s.tx.ddl = append(s.tx.ddl, ddlOp{name: name})
			if d.Behavior == pg.DropBehavior_DROP_CASCADE {
				s.notice(pgerr.NewNotice("drop cascades to table %s.entities", name))
			}
			continue
		}
		if err := s.engine.reg.Drop(ctx, name); err != nil {
			if errors.Is(err, namespace.ErrInvalidName) {
				return nil, pgerr.Wrap(err, pgerr.DependentObjectsStillExist, fmt.Sprintf("cannot drop schema %s because it is required by the database system", name))
			}
			return nil, mapStorageError(err, name)
		}
		if d.Behavior == pg.DropBehavior_DROP_CASCADE {
			s.notice(pgerr.NewNotice("drop cascades to table %s.entities", name))
		}
		s.engine.forgetNamespace(name)
	}
	return &running{tag: "DROP SCHEMA"}, nil
}

func (s *Session) truncate(ctx context.Context, t *pg.TruncateStmt) (*running, error) {
	if s.tx == nil {
		return nil, pgerr.New(pgerr.InternalError, "no transaction")
	}
	for _, r := range t.Relations {
		rv := r.GetRangeVar()
		a := newAnalyzer(s, "", nil)
		tbl, err := a.targetTable(rv)
		if err != nil {
			return nil, err
		}
		ec := s.newExecCtx(ctx, nil)
		d := &dmlPlan{kind: dmlDelete, ns: tbl.ns, source: &entityScan{ns: tbl.ns, cols: tbl.cols}}
		_, _, err = s.runDML(ec, d)
		ec.release()
		if err != nil {
			return nil, err
		}
	}
	return &running{tag: "TRUNCATE TABLE"}, nil
}

// posixZoneName names a fixed offset (seconds east of UTC) the way
// PostgreSQL shows SET TIME ZONE <number>: "<+02>-02" (POSIX signs are
// inverted).
func posixZoneName(east int) string {
	sign, inv := "+", "-"
	if east < 0 {
		sign, inv = "-", "+"
		east = -east
	}
	h, m := east/3600, (east%3600)/60
	off := fmt.Sprintf("%02d", h)
	if m != 0 {
		off += fmt.Sprintf(":%02d", m)
	}
	return "<" + sign + off + ">" + inv + off
}
