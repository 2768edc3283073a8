-- Maintenance and session statements tools send (ANALYZE, VACUUM, DISCARD,
-- DEALLOCATE, CHECKPOINT, session characteristics, settings).
CREATE SCHEMA ddl1;
ANALYZE ddl1.entities;
ANALYZE;
VACUUM ddl1.entities;
DISCARD ALL;
RESET ALL;
DEALLOCATE ALL;
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ;
SHOW default_transaction_isolation;
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED;
CREATE SCHEMA IF NOT EXISTS ddl1;
DROP SCHEMA ddl1;
CHECKPOINT;
SET LOCAL search_path = public;
SET application_name = 'probe';
SHOW application_name;
SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE;
SHOW timezone;
RESET timezone;
SELECT current_setting('nosuch.setting', true);

-- Advisory locks: holds, counts, shared and exclusive modes, transaction
-- and session levels, seen from a second session.
SELECT pg_advisory_lock(1), pg_try_advisory_lock(1), pg_advisory_unlock(1), pg_advisory_unlock(1), pg_advisory_unlock(1);
SELECT pg_advisory_lock(1, 2), pg_advisory_unlock(1, 2), pg_advisory_unlock(1, 2);
SELECT pg_advisory_lock_shared(5), pg_try_advisory_lock(5), pg_advisory_unlock_shared(5), pg_advisory_unlock(5);
SELECT pg_try_advisory_xact_lock(7), pg_advisory_unlock(7);
BEGIN;
SELECT pg_advisory_xact_lock(8);
-- session other
SELECT pg_try_advisory_lock(8);
COMMIT;
-- session other
SELECT pg_try_advisory_lock(8), pg_advisory_unlock(8);
SELECT pg_advisory_lock(9), pg_advisory_lock(9);
-- session other
SELECT pg_try_advisory_lock(9), pg_try_advisory_lock_shared(9);
SELECT pg_advisory_unlock_all();
-- session other
SELECT pg_try_advisory_lock(9), pg_advisory_unlock(9);
SELECT pg_advisory_lock_shared(10);
-- session other
SELECT pg_try_advisory_lock_shared(10), pg_try_advisory_lock(10), pg_advisory_unlock_shared(10);
SELECT pg_advisory_unlock_shared(10);
