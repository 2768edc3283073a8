-- Output text formats, byte for byte: timestamps, floats and
-- extra_float_digits, bytea, arrays, intervals, numeric, and the settings
-- that change them.

-- Timestamps.
SELECT timestamptz '2024-01-02 03:04:05+00', timestamptz '2024-01-02 03:04:05.1+00', timestamptz '2024-01-02 03:04:05.123456+00', timestamptz '2024-01-02 03:04:05.1234567+00';
SELECT timestamp '2024-01-02 03:04:05', timestamp '2024-01-02 03:04:05.000001', timestamp '0001-01-01 00:00:00', timestamp '0044-03-15 12:00:00 BC', timestamp '294276-12-31 23:59:59';
SELECT date '2024-01-02', date '0001-01-01', date '4713-01-01 BC', date 'infinity', timestamptz '-infinity';
SELECT time '00:00', time '23:59:59.999999', time '12:00:00.5', timetz '12:00:00+02', time '24:00';
SELECT created_at, updated_at FROM tracker.entities WHERE id IN (md5('tracker-7'), md5('tracker-14'), 'welcome') ORDER BY id;
SELECT timestamptz '1970-01-01 00:00:00+00', timestamptz '1969-12-31 23:59:59.999999+00', timestamptz '2038-01-19 03:14:08+00';

-- Time zones change timestamptz output, not timestamp.
SET timezone = 'Europe/Berlin';
SELECT timestamptz '2024-01-15 12:00:00+00', timestamptz '2024-07-15 12:00:00+00', timestamp '2024-07-15 12:00:00';
SELECT created_at FROM config.entities WHERE id = 'cfg-dev-api-debug';
SELECT timestamptz '2024-03-31 00:30:00+00' + interval '1 day', timestamptz '2024-03-31 00:30:00+00' + interval '24 hours';
SELECT date_trunc('day', timestamptz '2024-07-15 23:30:00+00'), extract(hour FROM timestamptz '2024-07-15 23:30:00+00'), timestamptz '2024-07-15 23:30:00+00'::date;
SET timezone = 'America/St_Johns';
SELECT timestamptz '2024-01-15 12:00:00+00', timestamptz '2024-07-15 12:00:00.25+00';
SET timezone = '+05:30';
SELECT timestamptz '2024-01-15 12:00:00+00', current_setting('timezone');
SET timezone = 'Asia/Kathmandu';
SELECT timestamptz '2024-01-15 12:00:00+00';
SET TIME ZONE 'UTC';
SELECT timestamptz '2024-01-15 12:00:00+00';
SET TIME ZONE LOCAL;
SHOW timezone;
RESET timezone;
SHOW timezone;

-- DateStyle.
SET datestyle = 'ISO, DMY';
SELECT date '2024-03-10', '10/03/2024'::date, timestamptz '2024-03-10 15:00+00';
SET datestyle = 'SQL, MDY';
SELECT date '2024-03-10', timestamptz '2024-03-10 15:00:00.5+00', timestamp '2024-03-10 15:00';
SET datestyle = 'German';
SELECT date '2024-03-10', timestamptz '2024-03-10 15:00+00';
SET datestyle = 'Postgres, MDY';
SELECT date '2024-03-10', timestamptz '2024-03-10 15:00+00', timestamp '2024-03-10 15:00:01.25';
SHOW datestyle;
RESET datestyle;
SHOW datestyle;
SELECT '03/04/2024'::date;

-- Floats and extra_float_digits.
SELECT 0.1::float8, 1/3::float8, 1e100::float8, 1e-100::float8, 123456789012345678::float8, -0.0::float8, 1.5e-7::float8, 100::float8, 1e15::float8, 1e16::float8;
SELECT 0.1::float4, (1/3::float4), 1e30::float4, 3.4028235e38::float4, 1.17549435e-38::float4, 16777217::float4, 0.5::float4;
SHOW extra_float_digits;
SET extra_float_digits = 0;
SELECT 0.1::float8, 1/3::float8, 1e100::float8, 2/3::float4, 123456789012345678::float8, 1.5e-7::float8;
SET extra_float_digits = -15;
SELECT 0.1::float8, 1/3::float8, pi(), 2/3::float4;
SET extra_float_digits = 1;
SELECT 0.1::float8, 1/3::float8, pi(), 2/3::float4;
SET extra_float_digits = 3;
SELECT 0.1::float8, 1/3::float8, pi(), 2/3::float4;
-- expect-error 22023
SET extra_float_digits = 4;
RESET extra_float_digits;
SELECT 'NaN'::float8, '-Infinity'::float4, 'inf'::float8, '-0'::float8;

-- numeric keeps its scale.
SELECT 1.50, 1.500::numeric, 0.0, -0.00, 1e-5, 1.0e5, 123456789012345678901234567890.123456789, 0.1 * 0.1, 2.50 * 2, 10.0 / 4;
SELECT 1::numeric(10, 3), 2.5::numeric(10, 0), 3.5::numeric(10, 0), -2.5::numeric(10, 0), 1234.5678::numeric(10, 2), 'Infinity'::numeric, '-Infinity'::numeric;
SELECT round(2.345, 2), round(2.355, 2), round(-2.345, 2), trunc(2.349, 2), 7.0 / 3, 7::numeric / 3, sqrt(2::numeric(10, 4)), exp(1::numeric);

-- bytea.
SELECT '\x'::bytea, '\x00017f80ff'::bytea, 'abc'::bytea, convert_to('€', 'UTF8');
SHOW bytea_output;
SET bytea_output = 'escape';
SELECT '\x'::bytea, '\x00017f80ff'::bytea, 'abc\\'::bytea, convert_to('€', 'UTF8'), '\x0a09'::bytea;
SELECT content FROM blobs.entities ORDER BY id;
RESET bytea_output;
SELECT content FROM blobs.entities ORDER BY id;

-- Arrays: quoting of elements.
SELECT ARRAY['a', 'b c', '', NULL, 'NULL', 'null', 'x,y', 'q"q', 'b\s', '{}', ' lead', 'trail ', 'é'];
SELECT ARRAY[1, NULL, -3], ARRAY[1.5, 2.50], ARRAY[true, false, NULL], ARRAY[0.1::float8, 1e100], ARRAY['\x00ff'::bytea, ''::bytea];
SELECT ARRAY[timestamptz '2024-01-01 00:00+00', timestamptz '2024-06-01 12:30:00.5+00'], ARRAY[date '2024-01-01'], ARRAY[interval '1 day', interval '-1 hour'];
SELECT ARRAY[[1, 2], [3, 4]], ARRAY[[['a']]], ARRAY[ARRAY['x', 'y'], ARRAY['z', NULL]], ARRAY[]::text[], '{}'::int[][];
SELECT '[0:2]={1,2,3}'::int[], ('[0:2]={1,2,3}'::int[])[0], array_lower('[0:2]={1,2,3}'::int[], 1), '[2:3]={a,b}'::text[] || 'c'::text;
SELECT '{"a b", c , "d\"e", NULL, "NULL"}'::text[], '{ 1 , 2 }'::int[], '{{1,2},{3,4}}'::int[];
SELECT ARRAY['{"k": 1}'::jsonb, '[]'::jsonb], ARRAY[ROW(1, 'a')], ARRAY[ARRAY[]::int[]];
SELECT tags FROM tracker.entities WHERE id IN (md5('edge-quoting'), md5('edge-empty'), md5('edge-emptytag'), md5('edge-case')) ORDER BY id;

-- Intervals and IntervalStyle.
SELECT interval '0', interval '1 second', interval '-1 second', interval '1.5 seconds', interval '1 day 02:03:04.567', interval '-1 day +02:03', interval '1 year -1 month', interval '100 hours', interval '1 mon 1 day 1 hour';
SELECT interval 'P1Y2M3DT4H5M6S', interval '1 week', interval '1 millennium', interval '0.5 days', interval '1.5 months', interval '1 day' / 3;
SET intervalstyle = 'iso_8601';
SELECT interval '0', interval '1 day 02:03:04.567', interval '-1 year -2 months', interval '-1 day +02:03', interval '1.5 seconds';
SET intervalstyle = 'sql_standard';
SELECT interval '0', interval '1 day 02:03:04.567', interval '1 year 2 months', interval '-1 day +02:03', interval '1 year 2 months 3 days 4 hours';
SET intervalstyle = 'postgres_verbose';
SELECT interval '0', interval '1 day 02:03:04.567', interval '-1 year -2 months', interval '-1 day +02:03', interval '1.5 seconds';
SHOW intervalstyle;
RESET intervalstyle;

-- Booleans, records, text with odd bytes.
SELECT true, false, NULL::boolean, 'yes'::boolean AND 'on'::boolean;
SELECT ROW(1, 'a b', NULL, ''), ROW(ARRAY[1, 2], 'x"y'), (1, 2.5);
SELECT E'tab\there', E'new\nline', E'back\\slash', 'quote''s', E'\u00e9', U&'\0041';
SELECT '{"a": 1.0, "b": 1e3, "c": -0, "d": 12345678901234567890, "e": "\u00e9"}'::jsonb, '{"a": 1.0}'::json;
SELECT 42::int2, 42::int4, 42::int8, -42::int2, 42::oid, 'public'::regnamespace::oid > 0;
