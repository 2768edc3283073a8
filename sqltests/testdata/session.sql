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
