-- Expressions and functions: strings, math, date/time, arrays, bytea,
-- jsonb on content, CASE and friends, casts.

-- Strings.
SELECT 'a' || 'b', 'a' || NULL, 'n=' || 42, 42 || '!', concat('a', NULL, 1, true), concat_ws('-', 'a', NULL, 'b');
SELECT length('héllo'), octet_length('héllo'), char_length(''), bit_length('ab');
SELECT upper('straße'), lower('ÀB'), initcap('hello wORLD foo-bar');
SELECT substr('entitydb', 3), substr('entitydb', 3, 2), substr('entitydb', 0, 3), substr('entitydb', -1, 3), substring('entitydb' FROM 2 FOR 3);
SELECT left('status:open', 7), right('status:open', 4), left('abc', -1), right('abc', -1);
SELECT position(':' IN 'status:open'), strpos('status:open', 'open'), strpos('abc', 'z');
SELECT split_part('url:https://x.y/a:b', ':', 1), split_part('url:https://x.y/a:b', ':', 2), split_part('a:b', ':', 5), split_part('a:b:c', ':', -1);
SELECT replace('a-b-c', '-', ''), translate('hello', 'el', 'ip'), reverse('abc'), repeat('ab', 3), repeat('x', 0);
SELECT trim('  x  '), ltrim('  x  '), rtrim('  x  '), btrim('xxaxx', 'x'), trim(both 'x' FROM 'xxaxx'), trim(leading '0' FROM '007');
SELECT lpad('7', 3, '0'), rpad('ab', 5, '.'), lpad('abcdef', 3), rpad('', 2);
SELECT md5('entitydb'), md5(''), sha256('entitydb'::bytea);
SELECT ascii('A'), chr(65), chr(233), to_hex(255), to_hex(-1), to_hex(9223372036854775807);
SELECT starts_with('status:open', 'status:'), 'abc' ^@ 'ab', format('%s has %s tags', 'x', 3), format('%I.%I', 'my ns', 'entities'), format('%L', 'it''s');
SELECT quote_ident('Tags'), quote_literal('a''b'), quote_literal(NULL), quote_nullable(NULL);
SELECT string_to_array('a,b,,c', ','), string_to_array('a,b,,c', ',', ''), string_to_array('abc', NULL), array_to_string(ARRAY['a', NULL, 'c'], '/'), array_to_string(ARRAY['a', NULL, 'c'], '/', '*');
SELECT regexp_replace('status:open', '^status:', ''), regexp_replace('a1b22c', '[0-9]+', '#', 'g'), regexp_match('priority:3', '^priority:([0-9])$'), regexp_matches('a1b2', '[0-9]', 'g');
SELECT 'abc' LIKE 'a%', 'abc' LIKE 'A%', 'abc' ILIKE 'A%', 'a_c' LIKE 'a\_c', 'abc' LIKE 'a\_c', '100%' LIKE '100!%' ESCAPE '!', 'abc' NOT LIKE '%b%';
SELECT 'abc' ~ 'b', 'abc' ~* 'B', 'abc' !~ 'b', 'abc' !~* 'B', 'abc' SIMILAR TO 'a(b|c)+';
SELECT 'a' < 'b', 'B' < 'a', 'abc' < 'abd', '' < 'a', 'a' = 'a ', 'é' > 'z';
SELECT 'x'::char(3) = 'x', length('x'::char(3)), 'x '::varchar(3), 'abcdef'::varchar(3), 'abcdef'::char(2);

-- Math.
SELECT 7 / 2, -7 / 2, 7 % 3, -7 % 3, 7.0 / 2, 7 / 2.0, 2 ^ 10, 2.0 ^ 0.5, |/ 16, @ -5;
SELECT 1 + 2 * 3, (1 + 2) * 3, -2 ^ 2, 10 - 2 - 3, 2 * 3 % 4;
SELECT abs(-3), abs(-3.5), ceil(1.2), ceil(-1.2), floor(-1.2), round(2.5), round(-2.5), round(2.5::float8), round(3.14159, 2), round(1234.5, -2), trunc(-1.9), trunc(3.14159, 3);
SELECT sqrt(2), sqrt(2::numeric), power(2, 0.5), exp(1), ln(10), log(100), log(2, 8), cbrt(27);
SELECT mod(7, 3), mod(-7, 3), div(7, 2), sign(-3), sign(0.0), gcd(12, 18), lcm(4, 6), factorial(5);
SELECT pi(), degrees(pi()), radians(180), sin(0), cos(0), atan2(1, 1);
SELECT 9223372036854775807, -9223372036854775808, 2147483647 + 1::int8, 4611686018427387903 * 2, 9223372036854775808, 2147483648;
-- expect-error 22003
SELECT 4611686018427387904 * 2;
SELECT 1e3, 1.5e-3, .5, 5., 0.1 + 0.2, 0.1::float8 + 0.2::float8, 1::float4 / 3, 1::float8 / 3, 100000000000000000000.0 + 1;
SELECT 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8, 'NaN'::numeric, 'NaN'::float8 = 'NaN'::float8, 'NaN'::float8 > 1e308;
SELECT width_bucket(5.35, 0.024, 10.06, 5), greatest(1, 3, 2), least(1, NULL, 0), greatest('a', 'B');
SELECT 5 BETWEEN 1 AND 10, 5 NOT BETWEEN 6 AND 10, 5 BETWEEN SYMMETRIC 10 AND 1, 3 IN (1, 2, 3), 3 NOT IN (1, 2);
SELECT 10::numeric / 3, 1::numeric / 3 * 3, 2::numeric / 3, 100::numeric / 7, 1.000 * 1.00, 0.1::numeric * 3;
SELECT 12345678901234567890::numeric * 98765432109876543210, (2::numeric ^ 100)::text;
SELECT 15 & 9, 15 | 16, 5 # 3, ~5, 1 << 4, 256 >> 2;

-- Date and time.
SELECT timestamptz '2024-02-29 12:34:56.789+00', timestamp '2024-02-29 12:34:56', date '2024-02-29', time '12:34:56.5';
SELECT timestamptz '2024-02-29 12:00:00+05:30', timestamptz '2024-07-01 12:00 Europe/Berlin', timestamptz '2024-01-01 00:00:00 PST';
SELECT date_trunc('day', timestamptz '2024-03-10 15:47:11.123+00'), date_trunc('hour', timestamptz '2024-03-10 15:47:11+00'), date_trunc('month', timestamptz '2024-03-10 15:47:11+00'), date_trunc('year', date '2024-03-10'), date_trunc('week', timestamptz '2024-03-10 15:47:11+00');
SELECT extract(year FROM timestamptz '2024-03-10 15:47:11.5+00'), extract(month FROM date '2024-03-10'), extract(epoch FROM timestamptz '2024-01-01 00:00:00+00'), extract(dow FROM date '2024-03-10'), extract(doy FROM date '2024-03-10'), extract(second FROM time '10:11:12.5');
SELECT date_part('hour', timestamptz '2024-03-10 15:47:11+00'), date_part('epoch', interval '1 day 2 hours'), extract(isodow FROM date '2024-03-10'), extract(week FROM date '2024-01-01'), extract(quarter FROM date '2024-08-01');
SELECT timestamptz '2024-01-31 10:00+00' + interval '1 month', date '2024-01-31' + 1, date '2024-03-01' - date '2024-02-01', date '2024-03-01' - 1;
SELECT timestamptz '2024-03-01 00:00+00' - timestamptz '2024-02-28 12:00+00', age(timestamptz '2024-03-01', timestamptz '2023-01-15'), timestamp '2024-01-01' + time '10:30';
SELECT interval '1 day' * 3, interval '90 minutes' / 2, interval '1 year 2 months 3 days 04:05:06.7', -interval '1 hour', interval '1 day' - interval '1 hour';
SELECT justify_hours(interval '50 hours'), justify_days(interval '45 days'), justify_interval(interval '1 month -1 hour');
SELECT to_char(timestamptz '2024-03-10 15:47:11+00', 'YYYY-MM-DD HH24:MI:SS'), to_char(date '2024-03-10', 'Dy DD Mon YYYY'), to_char(1234.5, 'FM9,999.00'), to_char(interval '25 hours', 'HH24:MI');
SELECT to_timestamp(0), to_timestamp(1700000000.5), to_date('10.03.2024', 'DD.MM.YYYY'), make_date(2024, 2, 29), make_timestamptz(2024, 2, 29, 12, 0, 0, 'UTC');
SELECT timestamptz '2024-03-10 15:47:11+00' AT TIME ZONE 'America/New_York', timestamp '2024-03-10 15:47:11' AT TIME ZONE 'Asia/Tokyo', timezone('UTC', timestamptz '2024-03-10 15:47:11+00');
SELECT timestamptz '2024-01-01 00:00+00' < timestamptz '2024-01-01 00:00:00.000001+00', date '2024-01-01' = timestamptz '2024-01-01 00:00+00', (timestamptz '2024-05-05 10:00+00', interval '1 hour') OVERLAPS (timestamptz '2024-05-05 10:30+00', interval '1 hour');
SELECT now() = current_timestamp, now() = transaction_timestamp(), now() <= statement_timestamp(), current_date = now()::date, localtimestamp = now()::timestamp;
SELECT 'today'::date = current_date, 'epoch'::timestamptz, 'infinity'::timestamptz, '-infinity'::date, 'infinity'::timestamptz > now();
SELECT id, created_at, created_at::date, created_at::time, extract(epoch FROM created_at)::bigint FROM config.entities ORDER BY id;
SELECT id, date_trunc('week', created_at), to_char(created_at, 'IYYY-IW') FROM tracker.entities WHERE tags @> ARRAY['status:blocked'] ORDER BY id;

-- Arrays.
SELECT ARRAY[1, 2, 3], ARRAY['a', NULL], ARRAY[]::int[], ARRAY[[1, 2], [3, 4]], '{1,2,3}'::int[], '{}'::text[];
SELECT (ARRAY['a', 'b', 'c'])[2], (ARRAY['a', 'b', 'c'])[5], (ARRAY['a', 'b', 'c'])[0], (ARRAY['a', 'b', 'c'])[2:3], (ARRAY['a', 'b', 'c'])[:2], (ARRAY[[1, 2], [3, 4]])[2][1];
SELECT array_length(ARRAY[1, 2, 3], 1), array_length(ARRAY[]::int[], 1), array_length(ARRAY[[1, 2], [3, 4]], 2), cardinality(ARRAY[[1, 2], [3, 4]]), array_ndims(ARRAY[[1]]), array_dims(ARRAY[[1, 2], [3, 4]]), array_lower(ARRAY[1], 1), array_upper(ARRAY[1, 2], 1);
SELECT array_append(ARRAY[1], 2), array_prepend(0, ARRAY[1]), array_cat(ARRAY[1], ARRAY[2, 3]), ARRAY[1] || ARRAY[2], ARRAY[1] || 2, 0 || ARRAY[1], ARRAY[[1, 2]] || ARRAY[3, 4];
SELECT array_remove(ARRAY[1, 2, 1, NULL], 1), array_remove(ARRAY[1, NULL], NULL), array_replace(ARRAY[1, 2, 1], 1, 9), array_position(ARRAY['a', 'b', 'a'], 'a'), array_position(ARRAY['a', 'b', 'a'], 'a', 2), array_positions(ARRAY['a', 'b', 'a'], 'a');
SELECT ARRAY[1, 2] @> ARRAY[2], ARRAY[1, 2] <@ ARRAY[2], ARRAY[1, 2] && ARRAY[2, 3], ARRAY[1, 2] = ARRAY[1, 2], ARRAY[1, 2] < ARRAY[1, 3], ARRAY[1, 2] < ARRAY[1, 2, 0], ARRAY[2] > ARRAY[1, 9];
SELECT ARRAY[1, NULL] @> ARRAY[NULL::int], ARRAY[1, NULL] = ARRAY[1, NULL], ARRAY[NULL::int] && ARRAY[NULL::int], 1 = ANY(ARRAY[NULL, 1]), 2 = ANY(ARRAY[NULL, 1]), 2 <> ALL(ARRAY[NULL, 1]), 2 <> ALL(ARRAY[3, 1]);
SELECT 'a' = ANY('{a,b}'), 'c' = ANY('{a,b}'::text[]), 1 < ANY(ARRAY[0, 2]), 1 < ALL(ARRAY[0, 2]), 5 = ANY(ARRAY[]::int[]), 5 = ALL(ARRAY[]::int[]);
SELECT array_to_string(ARRAY[1, 2, 3], ', '), string_to_array('1 2 3', ' ')::int[], array_fill(7, ARRAY[3]), array_fill('x'::text, ARRAY[2, 2]);
SELECT tags[1:2], tags[cardinality(tags)], array_length(tags, 1), tags[2:] FROM config.entities WHERE id = 'cfg-dev-api-debug';
SELECT id, array_position(tags, 'status:open'), tags[array_position(tags, 'status:open')] FROM tracker.entities WHERE id = 'welcome';
SELECT ARRAY(SELECT unnest(tags) ORDER BY 1) FROM config.entities WHERE id = 'cfg-dev-api-debug';
SELECT ARRAY(SELECT DISTINCT t FROM unnest(tags) t ORDER BY t) FROM tracker.entities WHERE id = 'welcome';
SELECT ARRAY(SELECT t FROM unnest(tags) t WHERE t NOT LIKE 'status:%') FROM tracker.entities WHERE id = 'task-2024-001';
-- expect-error 2202E
SELECT ARRAY[[1, 2], [3]];
-- expect-error 22P02
SELECT '{1,2'::int[];
-- expect-error 42883
SELECT ARRAY[1, 2] @> ARRAY['a'];

-- bytea.
SELECT '\x48656c6c6f'::bytea, 'Hello'::bytea, E'\\x00'::bytea, ''::bytea, length('\x0001ff'::bytea), octet_length('abc'::bytea);
SELECT encode('Hello'::bytea, 'hex'), encode('Hello'::bytea, 'base64'), encode('a\000b'::bytea, 'escape'), encode('\x00ff'::bytea, 'escape');
SELECT decode('48656c6c6f', 'hex'), decode('SGVsbG8=', 'base64'), decode('a\\b', 'escape'), decode('', 'hex');
SELECT convert_from('\x68c3a96c6c6f'::bytea, 'UTF8'), convert_to('héllo', 'UTF8'), convert_from(convert_to('x', 'LATIN1'), 'LATIN1');
SELECT id, convert_from(content, 'UTF8') FROM config.entities ORDER BY id;
SELECT id, content, encode(content, 'hex'), encode(content, 'base64'), length(content) FROM blobs.entities ORDER BY id;
SELECT id, get_byte(content, 0), substr(content, 2, 2), content || '\x01'::bytea, md5(content) FROM blobs.entities WHERE length(content) > 0 ORDER BY id;
SELECT '\x01'::bytea < '\x02'::bytea, '\x'::bytea < '\x00'::bytea, '\xff'::bytea > '\x0100'::bytea, position('\x02'::bytea IN '\x010203'::bytea);
-- expect-error 22021
SELECT convert_from(content, 'UTF8') FROM blobs.entities WHERE tags @> ARRAY['format:raw'];
-- expect-error 22023
SELECT decode('xyz', 'hex');
-- expect-error 22023
SELECT encode('a'::bytea, 'rot13');
-- expect-error 22023
SELECT convert_from('a'::bytea, 'NOPE');

-- jsonb on content.
SELECT id, convert_from(content, 'UTF8')::jsonb FROM tracker.entities WHERE id IN ('welcome', 'task-2024-001') ORDER BY id;
SELECT id, convert_from(content, 'UTF8')::jsonb ->> 'title' AS title, (convert_from(content, 'UTF8')::jsonb ->> 'estimate')::int AS estimate
FROM tracker.entities WHERE tags @> ARRAY['project:zeus'] AND content IS NOT NULL ORDER BY id;
SELECT count(*) FROM tracker.entities WHERE content IS NOT NULL AND length(content) > 0 AND (convert_from(content, 'UTF8')::jsonb ->> 'done')::boolean;
SELECT id FROM tracker.entities WHERE length(content) > 0 AND convert_from(content, 'UTF8')::jsonb @> '{"labels": ["security"]}' ORDER BY id;
SELECT id FROM tracker.entities WHERE length(content) > 0 AND convert_from(content, 'UTF8')::jsonb ? 'estimate' AND convert_from(content, 'UTF8')::jsonb -> 'labels' ? 'ui' ORDER BY id;
SELECT convert_from(content, 'UTF8')::jsonb -> 'labels', convert_from(content, 'UTF8')::jsonb -> 'labels' -> 0, convert_from(content, 'UTF8')::jsonb #>> '{labels,1}', jsonb_array_length(convert_from(content, 'UTF8')::jsonb -> 'labels')
FROM tracker.entities WHERE id = md5('tracker-8');
SELECT sum((convert_from(content, 'UTF8')::jsonb ->> 'estimate')::int) FROM tracker.entities WHERE length(content) > 0 AND tags @> ARRAY['status:open'];
SELECT convert_from(content, 'UTF8')::jsonb ->> 'title' AS title, count(*) FROM tracker.entities WHERE length(content) > 0 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5;
SELECT '{"b": 1, "a": [1, 2, {"c": null}], "a": 3}'::jsonb, '{"x": 1.50, "y": 1e2}'::jsonb, '[]'::jsonb, 'null'::jsonb, '"s"'::jsonb, '  {"k" :  "v"}  '::jsonb;
SELECT '{"a": {"b": 2}}'::jsonb -> 'a', '{"a": {"b": 2}}'::jsonb -> 'a' ->> 'b', '{"a": 1}'::jsonb -> 'z', '[1, 2, 3]'::jsonb -> -1, '{"a": 1}'::jsonb || '{"b": 2}', '{"a": 1, "b": 2}'::jsonb - 'a';
SELECT jsonb_typeof('1'::jsonb), jsonb_typeof('"x"'), jsonb_typeof('[]'), jsonb_object_keys('{"b": 1, "a": 2}'::jsonb), jsonb_build_object('k', 1, 'l', ARRAY[1, 2]), to_jsonb('text'::text), jsonb_build_array(1, 'a', NULL);
SELECT key, value FROM jsonb_each('{"a": 1, "b": [true]}'::jsonb) ORDER BY key;
SELECT jsonb_array_elements_text('["x", "y", 3]'::jsonb);
SELECT '{"a": 1}'::jsonb = '{ "a" : 1 }'::jsonb, '{"a": 1}'::jsonb @> '{}', '[1, 2]'::jsonb @> '[2]', '{"a": 1}'::jsonb ?| ARRAY['z', 'a'], '{"a": 1}'::jsonb ?& ARRAY['z', 'a'];
SELECT jsonb_agg(id ORDER BY id), jsonb_object_agg(id, tag_value(tags, 'env') ORDER BY id) FROM config.entities WHERE tags @> ARRAY['service:api'];
SELECT jsonb_pretty('{"a": [1, {"b": 2}]}'::jsonb);
SELECT '{"a": 1}'::json, '{"a":1,  "a":2}'::json, '{"a": 1}'::json -> 'a', '[1,2]'::json ->> 1;
-- expect-error 22P02
SELECT '{"a": }'::jsonb;
-- expect-error 22P02
SELECT convert_from(content, 'UTF8')::jsonb FROM config.entities WHERE id = 'cfg-dev-api-debug';

-- CASE, COALESCE, NULLIF, GREATEST, LEAST.
SELECT id, CASE WHEN tags @> ARRAY['status:done'] THEN 'closed' WHEN tags @> ARRAY['status:open'] THEN 'open' ELSE 'other' END
FROM tracker.entities WHERE tags @> ARRAY['project:hermes'] ORDER BY id;
SELECT CASE tag_value(tags, 'env') WHEN 'prod' THEN 1 WHEN 'staging' THEN 2 END AS rank, count(*) FROM config.entities GROUP BY 1 ORDER BY 1 NULLS LAST;
SELECT CASE WHEN false THEN 1 END, CASE 1 WHEN 2 THEN 'a' ELSE 'b' END, CASE WHEN NULL THEN 'x' ELSE 'y' END, CASE NULL WHEN NULL THEN 'eq' ELSE 'ne' END;
SELECT CASE WHEN 1 = 1 THEN 1 ELSE 1 / 0 END;
SELECT coalesce(tag_value(tags, 'priority'), 'none') AS p, count(*) FROM tracker.entities GROUP BY 1 ORDER BY 1;
SELECT coalesce(NULL, NULL, 3, 4), coalesce(NULL::text), nullif('a', 'a'), nullif('a', 'b'), nullif(NULL, 1), greatest(NULL, NULL::int), least(3, 1, 2);
SELECT coalesce(content, '\x'::bytea) FROM blobs.entities ORDER BY id;
-- expect-error 42804
SELECT CASE WHEN true THEN 1 ELSE 'x'::text END;
-- expect-error 42804
SELECT coalesce(1, 'x'::text);

-- Casts.
SELECT '42'::int, '42'::int8, '-7'::int2, ' 12 '::int, '3.7'::numeric::int, 3.5::int, (-3.5)::int, 2.5::int, 42::text, 42::float8, '1e3'::float8::int;
SELECT CAST('2024-03-10' AS date), CAST('12:30' AS time), CAST(1 AS boolean), CAST(0 AS boolean), 't'::boolean, 'yes'::boolean, 'off'::boolean, true::int, false::text;
SELECT '1.50'::numeric, '1.50'::numeric(5, 1), 1.55::numeric(5, 1), 1.45::numeric(5, 1), '123.456'::numeric(6, 2), 0.000001::numeric, '-0'::numeric, '  1.5 '::numeric;
SELECT 'abc'::bytea::text, '\x616263'::bytea::text, ARRAY[1, 2]::text, ARRAY[1, 2]::text[], '{a,b}'::text[]::text, 42::text::int, '1 day'::interval, '{"a":1}'::jsonb::text;
SELECT 1::int4 + 1::int8, 1::int2 + 1::int2, 1::int4 * 1.5, 1::float4 + 1::int4, 1::numeric + 1::float8, '1'::text || 1, 1 + '1';
SELECT pg_typeof(1), pg_typeof(1::int8), pg_typeof(1.5), pg_typeof('a'), pg_typeof('a'::text), pg_typeof(1::float4 + 1), pg_typeof(now()), pg_typeof(ARRAY['a']), pg_typeof(NULL), pg_typeof(1 + 1::int8);
SELECT pg_typeof(count(*)), pg_typeof(sum(1)), pg_typeof(sum(1::int8)), pg_typeof(avg(1)), pg_typeof(sum(1.5::float4)), pg_typeof(max(now())) FROM (VALUES (1)) v;
SELECT 2147483647::int8 + 1, 32767::int2::int4 + 1, '9223372036854775807'::int8, '-2147483648'::int4;
-- expect-error 22P02
SELECT 'abc'::int;
-- expect-error 22P02
SELECT '1.5'::int;
-- expect-error 22003
SELECT '2147483648'::int4;
-- expect-error 22003
SELECT 2147483647::int4 + 1;
-- expect-error 22003
SELECT 32767::int2 + 1::int2;
-- expect-error 22003
SELECT (-9223372036854775808)::int8 * -1;
-- expect-error 22003
SELECT 123.456::numeric(4, 2);
-- expect-error 22003
SELECT 1e400::float8;
-- expect-error 22P02
SELECT 'maybe'::boolean;
-- expect-error 22008
SELECT '2024-02-30'::date;
-- expect-error 22007
SELECT 'not a date'::date;
-- expect-error 22008
SELECT '25:00'::time;
-- expect-error 22007
SELECT 'forever'::interval;
-- expect-error 42846
SELECT 1::bytea;
-- expect-error 42846
SELECT now()::int;
-- expect-error 42846
SELECT ARRAY[1]::int;
-- expect-error 22012
SELECT 1 / 0;
-- expect-error 22012
SELECT 1.0 / 0;
-- expect-error 22012
SELECT 5 % 0;
-- expect-error 22012
SELECT 1::float8 / 0;
-- expect-error 2201E
SELECT ln(0);
-- expect-error 2201F
SELECT power(0, -1);
-- expect-error 2201F
SELECT sqrt(-1);
