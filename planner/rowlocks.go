package planner

// Row locks in statements: which rows UPDATE, DELETE, INSERT and SELECT
// ... FOR UPDATE lock (locks.go has the lock table), and what they do with
// a row that another transaction changed after the statement's snapshot.
//
//	UPDATE/DELETE   find the targets in the snapshot, lock them in scan
//	                order, then look at each one's newest committed version
//	INSERT, COPY    lock each given id before looking it up (so a second
//	                inserter of the same id waits, then sees 23505 or
//	                inserts if the first rolled back); generated ids are
//	                not locked
//	ON CONFLICT     the conflicting row is the newest committed version
//	FOR UPDATE      lockRowsNode locks each row as it passes
//
// When the newest version differs from the one the snapshot showed:
//
//   - READ COMMITTED re-evaluates, as PostgreSQL does: a deleted row is
//     skipped; otherwise the WHERE clause is checked again on the newest
//     version (the other rows of a join kept as they were) and the
//     statement goes on with that version if it still matches.
//   - REPEATABLE READ and SERIALIZABLE fail with 40001 "could not
//     serialize access due to concurrent update" (or delete).
//
// A row the transaction itself wrote is already locked and read from its
// pending writes.

import (
	"github.com/entitydb/entitydb/namespace"
	"github.com/entitydb/entitydb/pgerr"
	"github.com/entitydb/entitydb/planner/types"
)

// serializationFailure is 40001 for a row changed (or deleted) after the
// transaction's snapshot.
func serializationFailure(deleted bool) error {
	if deleted {
		return pgerr.New(pgerr.TRSerializationFailure, "could not serialize access due to concurrent delete")
	}
	return pgerr.New(pgerr.TRSerializationFailure, "could not serialize access due to concurrent update")
}

// recheckNewest checks a locked row against its newest committed version.
// row holds the entity at offset as the snapshot showed it (version doc).
// It returns the row to go on with — row itself, or a copy holding the
// newest version — and ok=false when the row is to be skipped (deleted, or
// the newest version fails recheck). Under REPEATABLE READ a changed row
// is 40001.
func recheckNewest(ec *execCtx, ns string, recheck Expr, row []Datum, offset int, doc namespace.DocNum, outer *env) ([]Datum, namespace.DocNum, bool, error) {
	latest, err := ec.newestSnapshot(ns)
	if err != nil {
		return nil, 0, false, err
	}
	id := row[offset+colID].(string)
	ldoc, live := latest.Lookup(id)
	if live && ldoc == doc {
		return row, doc, true, nil
	}
	if ec.tx.iso >= isoRepeatableRead {
		return nil, 0, false, serializationFailure(!live)
	}
	if !live {
		return nil, 0, false, nil
	}
	e, err := latest.Get(ldoc)
	if err != nil {
		return nil, 0, false, mapStorageError(err, ns)
	}
	nr := append([]Datum(nil), row...)
	copy(nr[offset:offset+entityWidth], entityRow(e, ldoc, false))
	if recheck != nil {
		v, err := recheck.Eval(&env{row: nr, outer: outer, ec: ec})
		if err != nil {
			return nil, 0, false, err
		}
		if v != true {
			return nil, 0, false, nil
		}
	}
	return nr, ldoc, true, nil
}

// lockRowsNode locks the entity rows of its input for SELECT ... FOR
// UPDATE/NO KEY UPDATE/SHARE/KEY SHARE (all taken as exclusive locks) and
// rechecks rows that changed (recheckNewest). It sits between the FROM and
// WHERE part of a query and its projection, so rows are locked as they are
// pulled: with an ordered index scan and LIMIT only the rows returned are
// locked; with a sort, every row that satisfies WHERE is.
type lockRowsNode struct {
	input   planNode
	targets []lockTarget
	// recheck is the query's WHERE clause over the input's rows.
	recheck Expr
}

// lockTarget is one locked relation: an ns.entities item of the FROM
// clause and where its columns start in the row.
type lockTarget struct {
	ns     string
	offset int
	policy waitPolicy
}

func (n *lockRowsNode) columns() []colInfo   { return n.input.columns() }
func (n *lockRowsNode) children() []planNode { return []planNode{n.input} }

func (n *lockRowsNode) explain(x *explainer) explainInfo {
	in := x.est(n.input)
	return explainInfo{title: "LockRows", est: estimate{in.startup, in.total + in.rows*0.01, in.rows, in.width}}
}

func (n *lockRowsNode) start(ec *execCtx, outer *env) (rowIter, error) {
	if ec.tx.readOnly {
		return nil, pgerr.New(pgerr.ReadOnlySqlTransaction, "cannot execute SELECT FOR UPDATE in a read-only transaction")
	}
	in, err := startNode(ec, n.input, outer)
	if err != nil {
		return nil, err
	}
	return &funcIter{nextFn: func() ([]Datum, error) {
		for {
			row, err := in.next()
			if err != nil || row == nil {
				return nil, err
			}
			row, ok, err := n.lock(ec, outer, row)
			if err != nil {
				return nil, err
			}
			if ok {
				return row, nil
			}
		}
	}, closeFn: in.close}, nil
}

// lock locks the row's entities; ok=false drops the row (SKIP LOCKED, or
// deleted or no longer matching after a concurrent change).
func (n *lockRowsNode) lock(ec *execCtx, outer *env, row []Datum) ([]Datum, bool, error) {
	for _, t := range n.targets {
		id, ok := row[t.offset+colID].(string)
		if !ok {
			continue // the NULL side of an outer join
		}
		tid, _ := row[t.offset+colCtid].(types.TID)
		doc, stored := tidDoc(tid)
		if !stored {
			continue // the transaction's own pending row: already locked
		}
		res, err := ec.sess.lockRow(ec, t.ns, id, t.policy)
		if err != nil {
			return nil, false, err
		}
		if res == lockSkipped {
			return nil, false, nil
		}
		if row, _, ok, err = recheckNewest(ec, t.ns, n.recheck, row, t.offset, doc, outer); err != nil || !ok {
			return nil, false, err
		}
	}
	return row, true, nil
}
