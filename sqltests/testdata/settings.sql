-- SET, SHOW, RESET, current_setting, set_config, and the session
-- information functions clients call on connect.

-- Defaults both systems share.
SHOW search_path;
SHOW timezone;
SHOW TimeZone;
SHOW datestyle;
SHOW intervalstyle;
SHOW extra_float_digits;
SHOW client_encoding;
SHOW server_encoding;
SHOW standard_conforming_strings;
SHOW statement_timeout;
SHOW transaction_isolation;
SHOW default_transaction_isolation;
SHOW application_name;
SHOW integer_datetimes;
SHOW bytea_output;
SHOW lc_collate;
SHOW is_superuser;
SHOW transaction_read_only;
SELECT current_setting('server_version_num')::int / 10000 AS major;
SELECT current_setting('server_version') LIKE '15.%';
SELECT version() LIKE 'PostgreSQL 15.%';
-- skipif entitydb version-string
SHOW server_version_num;
-- skipif entitydb version-string
SHOW server_version;
-- skipif entitydb version-string
SELECT version();

-- SET and SHOW round trips.
SET application_name = 'sqltests';
SHOW application_name;
SET application_name TO 'with space';
SELECT current_setting('application_name');
SET application_name = DEFAULT;
SHOW application_name;
SET statement_timeout = 5000;
SHOW statement_timeout;
SET statement_timeout = '2min';
SHOW statement_timeout;
SET statement_timeout = '1500ms';
SHOW statement_timeout;
SET statement_timeout = 0;
SHOW statement_timeout;
SET extra_float_digits TO 2;
SHOW extra_float_digits;
SET search_path TO tracker, public;
SHOW search_path;
SET search_path = '$user', public;
SHOW search_path;
SET search_path = "MixedCase", public;
SHOW search_path;
SET search_path = '';
SHOW search_path;
SET search_path TO DEFAULT;
SHOW search_path;
SET client_encoding = 'UTF8';
SHOW client_encoding;
SET client_encoding = 'utf-8';
SHOW client_encoding;
SET NAMES 'UTF8';
SET datestyle = iso, mdy;
SHOW datestyle;
SET DateStyle = 'european';
SHOW datestyle;
SET datestyle = 'sql';
SHOW datestyle;
RESET datestyle;
SET intervalstyle = 'ISO_8601';
SHOW intervalstyle;
SET SESSION intervalstyle = postgres;
SET timezone = 'Europe/Berlin';
SHOW timezone;
SET timezone = 'utc';
SHOW timezone;
SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE;
SHOW timezone;
SET TIME ZONE -3;
SHOW timezone;
SET timezone = DEFAULT;
SET standard_conforming_strings = on;
SHOW standard_conforming_strings;
SET default_transaction_isolation = 'repeatable read';
SHOW default_transaction_isolation;
BEGIN;
SHOW transaction_isolation;
COMMIT;
RESET default_transaction_isolation;
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SHOW default_transaction_isolation;
RESET ALL;
SHOW default_transaction_isolation;
SHOW extra_float_digits;
SHOW search_path;

-- current_setting and set_config.
SELECT current_setting('search_path'), current_setting('TimeZone'), current_setting('timezone'), current_setting('DateStyle');
SELECT current_setting('no.such_setting', true), current_setting('no_such', true) IS NULL;
SELECT set_config('application_name', 'from-set-config', false);
SHOW application_name;
BEGIN;
SELECT set_config('search_path', 'tracker', true);
SHOW search_path;
SELECT count(*) FROM entities;
COMMIT;
SHOW search_path;
SELECT set_config('extra_float_digits', '0', false), 0.1::float8 + 0.2::float8;
RESET extra_float_digits;
-- Custom (dotted) settings are accepted, as PostgreSQL does.
SET myapp.tenant = 'acme';
SHOW myapp.tenant;
SELECT current_setting('myapp.tenant');
SELECT set_config('myapp.user_id', '42', false), current_setting('myapp.user_id')::int + 1;

-- Session information.
SELECT current_user, session_user, user, current_role;
SELECT current_database(), current_catalog;
SELECT current_schema(), current_schema;
SELECT current_schemas(false), current_schemas(true);
SET search_path = tracker, nosuch, public;
SELECT current_schema(), current_schemas(false);
RESET search_path;
SELECT pg_backend_pid() > 0, pg_catalog.current_setting('TimeZone');

-- Errors.
-- expect-error 42704
SHOW no_such_setting;
-- expect-error 42704
SET no_such_setting = 1;
-- expect-error 42704
SELECT current_setting('no_such_setting');
-- expect-error 22023
SET extra_float_digits = 'lots';
-- expect-error 22023
SET timezone = 'Mars/Olympus';
-- expect-error 22023
SET datestyle = 'klingon';
-- expect-error 22023
SET intervalstyle = 'roman';
-- expect-error 22023
SET statement_timeout = 'soon';
-- expect-error 22023
SET client_encoding = 'EBCDIC';
-- expect-error 22023
SET default_transaction_isolation = 'sometimes';
-- expect-error 55P02
SET server_version = '16';
-- expect-error 42601
SET search_path =;
-- The failed SETs changed nothing.
SHOW extra_float_digits;
SHOW timezone;
SHOW datestyle;

-- statement_timeout cancels long statements with 57014.
SET statement_timeout = '100ms';
-- expect-error 57014
SELECT pg_sleep(2);
-- expect-error 57014
SELECT count(*) FROM generate_series(1, 100000000) a;
RESET statement_timeout;
SELECT pg_sleep(0);
