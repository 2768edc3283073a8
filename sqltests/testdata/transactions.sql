-- Transactions: BEGIN/COMMIT/ROLLBACK and their spellings, savepoints,
-- the aborted state (25P02), read-only transactions, isolation levels,
-- visibility between sessions, cursors.

CREATE SCHEMA tx;
INSERT INTO tx.entities (id, tags) VALUES ('base', ARRAY['v:0']);

-- A transaction sees its own writes; ROLLBACK discards them.
BEGIN;
INSERT INTO tx.entities (id, tags) VALUES ('a', ARRAY['k:1']);
UPDATE tx.entities SET tags = ARRAY['v:1'] WHERE id = 'base';
SELECT id, tags FROM tx.entities ORDER BY id;
SELECT count(*) FROM tx.entities WHERE tags @> ARRAY['v:1'];
DELETE FROM tx.entities WHERE id = 'a';
SELECT count(*) FROM tx.entities;
ROLLBACK;
SELECT id, tags FROM tx.entities ORDER BY id;

-- COMMIT keeps them.
BEGIN;
INSERT INTO tx.entities (id, tags) VALUES ('b', ARRAY['k:2']);
COMMIT;
SELECT id, tags FROM tx.entities ORDER BY id;

-- Other spellings.
START TRANSACTION;
INSERT INTO tx.entities (id, tags) VALUES ('c', ARRAY['k:3']);
END;
BEGIN WORK;
INSERT INTO tx.entities (id, tags) VALUES ('d', ARRAY['k:4']);
ABORT;
BEGIN TRANSACTION;
COMMIT WORK;
START TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
COMMIT TRANSACTION;
BEGIN ISOLATION LEVEL SERIALIZABLE, READ WRITE;
SHOW transaction_isolation;
ROLLBACK WORK;
BEGIN ISOLATION LEVEL READ COMMITTED;
SELECT current_setting('transaction_isolation');
ROLLBACK;
SHOW transaction_isolation;
SELECT id FROM tx.entities ORDER BY id;

-- Transaction-control statements outside a transaction warn but succeed;
-- BEGIN inside a transaction too.
COMMIT;
ROLLBACK;
BEGIN;
BEGIN;
COMMIT;
COMMIT;

-- An error aborts the transaction: everything fails with 25P02 until
-- ROLLBACK, and COMMIT then reports ROLLBACK.
BEGIN;
INSERT INTO tx.entities (id, tags) VALUES ('e', ARRAY['k:5']);
-- expect-error 23505
INSERT INTO tx.entities (id, tags) VALUES ('base', ARRAY['dup']);
-- expect-error 25P02
SELECT 1;
-- expect-error 25P02
INSERT INTO tx.entities (id, tags) VALUES ('f', ARRAY['k:6']);
-- expect-error 25P02
SHOW search_path;
-- expect-error 25P02
SET search_path = tx;
COMMIT;
SELECT count(*) FROM tx.entities WHERE id IN ('e', 'f');
BEGIN;
-- expect-error 22012
SELECT 1 / 0;
-- expect-error 25P02
SELECT count(*) FROM tx.entities;
ROLLBACK;
SELECT count(*) FROM tx.entities;
BEGIN;
-- expect-error 42601
SELEKT 1;
-- expect-error 25P02
SELECT 2;
ROLLBACK;

-- Savepoints.
BEGIN;
INSERT INTO tx.entities (id, tags) VALUES ('s1', ARRAY['sp']);
SAVEPOINT one;
INSERT INTO tx.entities (id, tags) VALUES ('s2', ARRAY['sp']);
SAVEPOINT two;
INSERT INTO tx.entities (id, tags) VALUES ('s3', ARRAY['sp']);
SELECT id FROM tx.entities WHERE tags @> ARRAY['sp'] ORDER BY id;
ROLLBACK TO SAVEPOINT two;
SELECT id FROM tx.entities WHERE tags @> ARRAY['sp'] ORDER BY id;
ROLLBACK TO one;
SELECT id FROM tx.entities WHERE tags @> ARRAY['sp'] ORDER BY id;
INSERT INTO tx.entities (id, tags) VALUES ('s4', ARRAY['sp']);
RELEASE SAVEPOINT one;
COMMIT;
SELECT id FROM tx.entities WHERE tags @> ARRAY['sp'] ORDER BY id;

-- A savepoint recovers from an error.
BEGIN;
SAVEPOINT before_error;
-- expect-error 23505
INSERT INTO tx.entities (id, tags) VALUES ('base', ARRAY['dup']);
-- expect-error 25P02
SELECT 1;
ROLLBACK TO SAVEPOINT before_error;
SELECT count(*) FROM tx.entities;
INSERT INTO tx.entities (id, tags) VALUES ('after-error', ARRAY['ok']);
COMMIT;
SELECT id FROM tx.entities WHERE id = 'after-error';

-- Savepoint names can be reused; the newest wins; RELEASE keeps the work.
BEGIN;
SAVEPOINT p;
UPDATE tx.entities SET tags = tags || 'p1'::text WHERE id = 'base';
SAVEPOINT p;
UPDATE tx.entities SET tags = tags || 'p2'::text WHERE id = 'base';
ROLLBACK TO p;
SELECT tags FROM tx.entities WHERE id = 'base';
RELEASE p;
ROLLBACK TO p;
SELECT tags FROM tx.entities WHERE id = 'base';
RELEASE p;
-- expect-error 3B001
ROLLBACK TO p;
ROLLBACK;
SELECT tags FROM tx.entities WHERE id = 'base';
-- expect-error 25P01
SAVEPOINT outside;
-- expect-error 25P01
RELEASE SAVEPOINT outside;
-- expect-error 25P01
ROLLBACK TO SAVEPOINT outside;

-- Each statement is atomic even outside an explicit transaction.
-- expect-error 23505
INSERT INTO tx.entities (id, tags) VALUES ('g', ARRAY['x']), ('base', ARRAY['x']);
SELECT count(*) FROM tx.entities WHERE id = 'g';
-- expect-error 22012
UPDATE tx.entities SET tags = ARRAY['y'] WHERE 1 / (cardinality(tags) - 1) = 1;
SELECT count(*) FROM tx.entities WHERE tags = ARRAY['y'];

-- READ ONLY transactions refuse writes.
BEGIN READ ONLY;
SELECT count(*) FROM tx.entities;
-- expect-error 25006
INSERT INTO tx.entities (id, tags) VALUES ('ro', ARRAY['x']);
ROLLBACK;
START TRANSACTION READ ONLY;
-- expect-error 25006
DELETE FROM tx.entities;
ROLLBACK;
START TRANSACTION READ ONLY;
-- expect-error 25006
CREATE SCHEMA ro_ns;
ROLLBACK;
SET default_transaction_read_only = on;
SHOW transaction_read_only;
-- expect-error 25006
UPDATE tx.entities SET tags = tags;
RESET default_transaction_read_only;
BEGIN;
SET TRANSACTION READ ONLY;
-- expect-error 25006
INSERT INTO tx.entities (id, tags) VALUES ('ro', ARRAY['x']);
ROLLBACK;
BEGIN;
SELECT 1;
-- expect-error 25001
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
ROLLBACK;
SELECT count(*) FROM tx.entities WHERE id = 'ro';

-- A transaction reads any namespace but writes to one: entitydb refuses a
-- write to a second namespace (0A000), where PostgreSQL accepts it.
CREATE SCHEMA tx_other;
INSERT INTO tx_other.entities (id, tags) VALUES ('other', ARRAY['x']);
BEGIN;
INSERT INTO tx.entities (id, tags) VALUES ('two-ns', ARRAY['x']);
SELECT count(*) FROM tx_other.entities;
SELECT t.id, o.id FROM tx.entities t JOIN tx_other.entities o ON t.tags = o.tags;
-- onlyif entitydb single-namespace-transactions
-- expect-error 0A000
INSERT INTO tx_other.entities (id, tags) VALUES ('two-ns', ARRAY['x']);
-- onlyif postgres single-namespace-transactions
INSERT INTO tx_other.entities (id, tags) VALUES ('two-ns', ARRAY['x']);
ROLLBACK;
SELECT (SELECT count(*) FROM tx.entities WHERE id = 'two-ns') + (SELECT count(*) FROM tx_other.entities WHERE id = 'two-ns');
-- One transaction per namespace, one after the other.
BEGIN;
INSERT INTO tx.entities (id, tags) VALUES ('two-ns', ARRAY['x']);
COMMIT;
BEGIN;
INSERT INTO tx_other.entities (id, tags) VALUES ('two-ns', ARRAY['x']);
SELECT count(*) FROM tx.entities WHERE id = 'two-ns';
COMMIT;
SELECT (SELECT count(*) FROM tx.entities WHERE id = 'two-ns') + (SELECT count(*) FROM tx_other.entities WHERE id = 'two-ns');
-- Creating and dropping namespaces inside a transaction that writes.
BEGIN;
INSERT INTO tx.entities (id, tags) VALUES ('with-ddl', ARRAY['x']);
DROP SCHEMA tx_other CASCADE;
ROLLBACK;
SELECT count(*) FROM tx_other.entities;
SELECT count(*) FROM tx.entities WHERE id = 'with-ddl';
DROP SCHEMA tx_other CASCADE;

-- Visibility between sessions: uncommitted writes are invisible to
-- others; READ COMMITTED sees new commits, REPEATABLE READ keeps its
-- snapshot.
BEGIN;
INSERT INTO tx.entities (id, tags) VALUES ('uncommitted', ARRAY['vis']);
-- session other
SELECT count(*) FROM tx.entities WHERE id = 'uncommitted';
COMMIT;
-- session other
SELECT count(*) FROM tx.entities WHERE id = 'uncommitted';
-- session other
BEGIN ISOLATION LEVEL REPEATABLE READ;
-- session other
SELECT count(*) FROM tx.entities WHERE tags @> ARRAY['vis'];
INSERT INTO tx.entities (id, tags) VALUES ('later', ARRAY['vis']);
-- session other
SELECT count(*) FROM tx.entities WHERE tags @> ARRAY['vis'];
-- session other
COMMIT;
-- session other
SELECT count(*) FROM tx.entities WHERE tags @> ARRAY['vis'];
-- session other
BEGIN;
-- session other
SELECT count(*) FROM tx.entities WHERE tags @> ARRAY['vis'];
DELETE FROM tx.entities WHERE id = 'later';
-- session other
SELECT count(*) FROM tx.entities WHERE tags @> ARRAY['vis'];
-- session other
COMMIT;

-- FOR SHARE: PostgreSQL lets several transactions hold a share lock on
-- one row; entitydb's share locks are exclusive, so the second locker
-- waits, here until its statement_timeout cancels it.
INSERT INTO tx.entities (id, tags) VALUES ('shared', ARRAY['s']);
BEGIN;
SELECT id FROM tx.entities WHERE id = 'shared' FOR SHARE;
-- session other
BEGIN;
-- session other
SET LOCAL statement_timeout = 300;
-- onlyif entitydb for-share-exclusive
-- session other
-- expect-error 57014
SELECT id FROM tx.entities WHERE id = 'shared' FOR SHARE;
-- onlyif postgres for-share-exclusive
-- session other
SELECT id FROM tx.entities WHERE id = 'shared' FOR SHARE;
-- session other
ROLLBACK;
COMMIT;

-- A row updated by another session after a REPEATABLE READ transaction
-- took its snapshot cannot be updated or deleted by it: 40001. READ
-- COMMITTED updates the newest version instead.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT tags FROM tx.entities WHERE id = 'base';
-- session other
UPDATE tx.entities SET tags = ARRAY['v:other'] WHERE id = 'base';
SELECT tags FROM tx.entities WHERE id = 'base';
-- expect-error 40001
UPDATE tx.entities SET tags = ARRAY['v:mine'] WHERE id = 'base';
ROLLBACK;
SELECT tags FROM tx.entities WHERE id = 'base';
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM tx.entities WHERE id = 'b';
-- session other
UPDATE tx.entities SET tags = ARRAY['k:2', 'touched'] WHERE id = 'b';
-- expect-error 40001
DELETE FROM tx.entities WHERE id = 'b';
ROLLBACK;
BEGIN;
SELECT tags FROM tx.entities WHERE id = 'base';
-- session other
UPDATE tx.entities SET tags = ARRAY['v:rc'] WHERE id = 'base';
UPDATE tx.entities SET tags = tags || 'mine'::text WHERE id = 'base' RETURNING tags;
COMMIT;
SELECT tags FROM tx.entities WHERE id = 'base';
-- Rows another session inserted after the snapshot are invisible to a
-- REPEATABLE READ transaction, also to its updates.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM tx.entities;
-- session other
INSERT INTO tx.entities (id, tags) VALUES ('phantom', ARRAY['vis']);
UPDATE tx.entities SET tags = tags WHERE tags @> ARRAY['vis'];
SELECT count(*) FROM tx.entities WHERE id = 'phantom';
COMMIT;
SELECT count(*) FROM tx.entities WHERE id = 'phantom';

-- SET LOCAL lasts until the end of the transaction; SET in a rolled back
-- transaction is undone.
BEGIN;
SET LOCAL search_path = tx;
SHOW search_path;
SELECT count(*) FROM entities;
COMMIT;
SHOW search_path;
BEGIN;
SET search_path = tx;
ROLLBACK;
SHOW search_path;
BEGIN;
SET search_path = tx;
COMMIT;
SHOW search_path;
RESET search_path;
BEGIN;
SAVEPOINT s;
SET extra_float_digits = 0;
ROLLBACK TO s;
SHOW extra_float_digits;
COMMIT;

-- Cursors.
BEGIN;
DECLARE c CURSOR FOR SELECT id FROM tracker.entities WHERE tags @> ARRAY['status:open'] ORDER BY id;
FETCH 2 FROM c;
FETCH NEXT FROM c;
FETCH 3 c;
MOVE 2 IN c;
FETCH FORWARD 2 FROM c;
FETCH ALL FROM c;
FETCH c;
CLOSE c;
-- expect-error 34000
FETCH c;
ROLLBACK;
BEGIN;
DECLARE big NO SCROLL CURSOR FOR SELECT g, g * 2 AS twice FROM generate_series(1, 10) g ORDER BY g;
FETCH 4 FROM big;
FETCH 100 FROM big;
CLOSE big;
COMMIT;
-- expect-error 25P01
DECLARE outside CURSOR FOR SELECT 1;
DECLARE held CURSOR WITH HOLD FOR SELECT id FROM config.entities ORDER BY id;
FETCH 3 FROM held;
FETCH ALL FROM held;
CLOSE held;

DROP SCHEMA tx CASCADE;
