-- A tour of built-in functions, operators and types outside the entity
-- table, each result compared with PostgreSQL: date/time values with
-- their precision modifiers (time(p), timestamp(p), interval(p), the
-- CURRENT_TIME family), strings, regular expressions, arrays, json and
-- jsonb, numbers, aggregates and window functions.
SELECT pg_typeof(CURRENT_TIME);
SELECT pg_typeof(LOCALTIME);
SELECT '12:34:56.789'::time(1);
SELECT '2024-01-02 12:34:56.789'::timestamp(0);
SELECT '2024-01-02 12:34:56.789+00'::timestamptz(2) AT TIME ZONE 'UTC';
SELECT CAST('1.23456' AS numeric(4,2));
SELECT 'abc'::varchar(2);
SELECT 'abc'::char(5) || 'x';
SELECT length('abc'::char(5));
SELECT to_char(123.456, '999.99');
SELECT to_char(timestamp '2024-03-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS Dy Mon');
SELECT date_part('epoch', timestamp '2024-01-01');
SELECT extract(epoch FROM interval '1 day 2 hours');
SELECT justify_hours(interval '50 hours');
SELECT age(timestamp '2024-03-01', timestamp '2023-01-15');
SELECT regexp_replace('a1b22c333', '[0-9]+', '#', 'g');
SELECT regexp_matches('foo123bar45', '[0-9]+', 'g');
SELECT split_part('a:b:c', ':', 2), split_part('a:b:c', ':', -1);
SELECT string_to_array('a,b,,c', ','), array_to_string(ARRAY['a', NULL, 'c'], '-', '*');
SELECT format('%s-%I-%L', 'x', 'My Col', 'it''s');
SELECT md5('abc'), sha256('abc'::bytea);
SELECT round(2.5), round(-2.5), round(2.5::float8), trunc(-1.7);
SELECT 7 / 2, 7 % 3, -7 / 2, 2 ^ 10, |/ 16, @ -5;
SELECT width_bucket(5.5, 0, 10, 4);
SELECT json_build_object('a', 1, 'b', ARRAY[1,2]);
SELECT jsonb_build_object('a', 1) || '{"b": 2}'::jsonb;
SELECT '{"a": {"b": [1, 2]}}'::jsonb #> '{a,b,1}';
SELECT jsonb_pretty('{"a": 1}');
SELECT to_jsonb(ARRAY['x', 'y']);
SELECT generate_series('2024-01-01'::date, '2024-01-03'::date, '1 day');
SELECT array_agg(x ORDER BY x DESC) FROM generate_series(1, 3) x;
SELECT x, lag(x) OVER w, sum(x) OVER w FROM generate_series(1, 3) x WINDOW w AS (ORDER BY x);
SELECT ntile(2) OVER (ORDER BY x), x FROM generate_series(1, 4) x ORDER BY x;
SELECT count(*) FILTER (WHERE x > 1) FROM generate_series(1, 3) x;
SELECT x FROM generate_series(1, 10) x ORDER BY x LIMIT 2 OFFSET 3;
SELECT x FROM generate_series(1, 5) x ORDER BY x FETCH FIRST 2 ROWS ONLY;
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(n, s) WHERE (n, s) > (1, 'a');
SELECT ROW(1, 'a') = ROW(1, 'a');
SELECT (ARRAY[[1,2],[3,4]])[2][1], (ARRAY[1,2,3])[2:3];
SELECT 'a' = ANY('{a,b}'::text[]), 3 BETWEEN SYMMETRIC 5 AND 1;
SELECT 'abc' SIMILAR TO 'a%', 'abc' ~ '^a', 'ABC' ILIKE 'a%';
SELECT COALESCE(NULL, 2), NULLIF(1, 1), GREATEST(1, NULL, 3), LEAST('b', 'a');
SELECT CASE WHEN 1 > 2 THEN 'x' END;
SELECT gen_random_uuid() IS NOT NULL;
SELECT '1 day'::interval * 2.5, interval '1 month' - interval '1 day';
SELECT date '2024-02-29' + 365, date '2024-03-01' - date '2024-02-01';
SELECT timestamp '2024-01-31' + interval '1 month';
SELECT to_timestamp(0) AT TIME ZONE 'UTC', to_date('2024-05-06', 'YYYY-MM-DD');
SELECT 'NaN'::float8, 'Infinity'::numeric, '-0'::float8;
-- expect-error 22003
SELECT 1e300::float8 * 1e10::float8;
SELECT 0.1::float4 + 0.2::float4, 1/3::float8;
SELECT repeat('ab', 3), lpad('x', 3, '-'), rpad('x', 3), btrim('  x  '), initcap('hello world');
SELECT translate('hello', 'el', 'ip'), reverse('abc'), left('abc', -1), right('abc', 2), chr(65), ascii('A');
SELECT encode('hi'::bytea, 'base64'), decode('aGk=', 'base64'), encode('\x00ff'::bytea, 'escape');
SELECT quote_ident('a b'), quote_literal(E'it\'s'), quote_nullable(NULL);
SELECT pg_typeof(1::int2 + 1::int8), pg_typeof(1 + 1.0), pg_typeof('a'::text || 1);
SELECT pg_typeof(CURRENT_TIME(2)), pg_typeof(LOCALTIMESTAMP(1)), pg_typeof(CURRENT_DATE);
SELECT length(CURRENT_TIMESTAMP(0)::text) > 0;
SELECT '1 day 01:02:03.456789'::interval(2);
SELECT interval '1 day 2 hours' DAY;
SELECT '12:34:56.789+02'::timetz(1);
-- expect-error 42601
SELECT 1::int4(3);
-- expect-error 22023
SELECT 'a'::varchar(0);
-- expect-error 22023
SELECT 1::numeric(0);
SELECT '2024-01-02 12:34:56.5'::timestamp(0), '2024-01-02 12:34:56.49'::timestamp(0);
SELECT ARRAY['2024-01-02 12:34:56.789']::timestamp(1)[];

-- Set-returning functions with OUT columns in the select list: their
-- records, and fields selected from them (also through a subquery).
SELECT (jsonb_each('{"a": 1}'::jsonb)).key;
SELECT jsonb_each('{"a": 1}'::jsonb);
SELECT (information_schema._pg_expandarray(ARRAY[5,7])).n;
SELECT information_schema._pg_expandarray(ARRAY['a','b']);
SELECT (s.k).x, (s.k).n FROM (SELECT information_schema._pg_expandarray(ARRAY[5,7]) AS k) s ORDER BY 2;
SELECT (jsonb_each(j)).value FROM (VALUES ('{"a": [1]}'::jsonb)) v(j);

-- The catalog's vectors (pg_index.indkey): 0-based arrays of their elements
-- with a space-separated text form, as drivers' reflection reads them.
SELECT ix.indkey, ix.indkey::varchar, ix.indoption::text, ix.indkey[0], 2 = ANY(ix.indkey), pg_typeof(ix.indkey), ix.indisprimary FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'tracker' ORDER BY ix.indisprimary;
SELECT a.attname FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(ix.indkey) WHERE n.nspname = 'tracker' ORDER BY 1;
SELECT (information_schema._pg_expandarray(ix.indkey)).x FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'tracker' ORDER BY 1;
SELECT unnest(ix.indkey) attnum, generate_subscripts(ix.indkey, 1) ord FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'tracker' ORDER BY 1;
SELECT array_length(ix.indkey, 1), array_lower(ix.indkey, 1), cardinality(ix.indkey) FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'tracker' ORDER BY 1;
SELECT '1 2 3'::int2vector, ('1 2 3'::int2vector)[1], '7 8'::oidvector;
SELECT '1 2'::int2vector::int2[];

-- pg_size_pretty (psql's \dt+ and \l+ use it).
SELECT v, pg_size_pretty(v) FROM unnest(ARRAY[0, 1, 10239, 10240, 10752, 20971, 1048575, 10485760, 20970496, 20971520, 1073741824, 1099511627776, 1125899906842624, 9223372036854775807, -1, -10240, -10752, -21474836480]::bigint[]) v ORDER BY v;

-- Named notation (name => value, name := value).
SELECT make_interval(days => 3);
SELECT make_interval(1, 2, days => 3, secs => 1.5);
SELECT make_interval(hours := 5);
SELECT make_timestamp(2024, 1, 2, 3, 4, 5.5);
SELECT jsonb_pretty('{"a": 1}'::jsonb);
-- expect-error 42883
SELECT make_interval(nosuch => 3);
-- expect-error 42601
SELECT make_interval(days => 3, 4);

-- overlay(… PLACING … FROM … [FOR …]).
SELECT overlay('hello' PLACING 'XX' FROM 2), overlay('hello' PLACING 'XX' FROM 2 FOR 0), overlay('hello' PLACING '' FROM 1 FOR 10), overlay('héllo' PLACING 'ÅÅÅ' FROM 5 FOR 3);
SELECT overlay('abc' PLACING 'x' FROM 10);
-- expect-error 22011
SELECT overlay('abc' PLACING 'x' FROM 0);
SELECT overlay('abc' PLACING 'x' FROM 1 FOR -5);
-- expect-error 22003
SELECT overlay('abc' PLACING 'x' FROM 2147483647 FOR 5);
SELECT overlay('abc' PLACING 'x' FROM 2 FOR -1);

-- jsonb_to_record and jsonb_to_recordset with a column definition list;
-- WHERE conditions on the left of a LATERAL function filter before it runs.
SELECT * FROM jsonb_to_record('{"a": 1, "b": "x"}') AS r(a int, b text);
SELECT * FROM jsonb_to_record('{"a": 1.5, "b": true, "c": null, "d": [1, 2], "e": {"x": 1}, "f": "2024-01-02"}') AS r(a numeric, b bool, c text, d int[], e jsonb, f date, g text);
SELECT r.*, pg_typeof(r.e) FROM jsonb_to_record('{"e": {"x": [1, "y"]}, "t": [1, 2]}') AS r(e json, t text);
SELECT * FROM jsonb_to_recordset('[{"a": 1, "b": "x"}, {"a": 2}, {"b": "z"}]') AS r(a int, b text) ORDER BY a NULLS LAST;
SELECT e.id, r.title FROM tracker.entities e, jsonb_to_record(convert_from(e.content, 'UTF8')::jsonb) AS r(title text, estimate int) WHERE e.id IN ('adfa1ff407acbd551ff10ded714e5854', '706ee27c875698b67f6bcbd252ba9f6a') ORDER BY 1;
-- expect-error 22P02
SELECT * FROM jsonb_to_record('{"a": "x"}') AS r(a int);
-- expect-error 22023
SELECT * FROM jsonb_to_recordset('{"a": 1}') AS r(a int);
-- expect-error 22023
SELECT * FROM jsonb_to_recordset('[1]') AS r(a int);
-- expect-error 22023
SELECT * FROM jsonb_to_record('[1]') AS r(a int);
