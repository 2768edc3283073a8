-- Aggregates, GROUP BY, HAVING, GROUP BY a tag's value.

SELECT count(*), count(content), count(DISTINCT content), min(id), max(id) FROM tracker.entities;
SELECT min(created_at), max(created_at), max(updated_at) - min(created_at) FROM tracker.entities;
SELECT count(*), min(id), max(id), sum(1), avg(1) FROM empty.entities;
SELECT sum(cardinality(tags)), avg(cardinality(tags)), min(cardinality(tags)), max(cardinality(tags)) FROM tracker.entities;
SELECT sum(content::text::int) FROM (SELECT convert_from(content, 'UTF8') AS content FROM metrics.entities WHERE convert_from(content, 'UTF8') ~ '^[0-9]+$') s;
SELECT sum(convert_from(content, 'UTF8')::numeric), avg(convert_from(content, 'UTF8')::numeric), min(convert_from(content, 'UTF8')::numeric) FROM metrics.entities;
SELECT avg(convert_from(content, 'UTF8')::float8) > 0, sum(convert_from(content, 'UTF8')::float8) > 0 FROM metrics.entities;
SELECT round(avg(convert_from(content, 'UTF8')::float8)::numeric, 6), round(stddev(convert_from(content, 'UTF8')::numeric), 6) FROM metrics.entities;
SELECT sum(x), avg(x), count(x) FROM (VALUES (1), (2), (NULL), (4)) v(x);
SELECT sum(x), avg(x) FROM (VALUES (1::int8), (2::int8)) v(x);
SELECT sum(x), avg(x) FROM (VALUES (1.5::numeric), (2.25)) v(x);
SELECT sum(x), avg(x), max(x) FROM (VALUES (1.5::float8), (2.25::float8)) v(x);
SELECT sum(x), avg(x), max(x), min(x) FROM (VALUES (1::int2), (3::int2)) v(x);
SELECT sum(x) FROM (VALUES (NULL::int)) v(x);
SELECT sum(x), avg(x) FROM (VALUES (9223372036854775807::int8), (1::int8)) v(x);
SELECT sum(x) FROM (VALUES (interval '1 day'), (interval '36 hours')) v(x);
SELECT bool_and(content IS NOT NULL), bool_or(content IS NULL), every(cardinality(tags) > 0) FROM tracker.entities;
SELECT bool_and(x), bool_or(x) FROM (VALUES (true), (NULL), (false)) v(x);
SELECT bool_and(x), bool_or(x) FROM (VALUES (NULL::boolean)) v(x);

-- string_agg and array_agg with ordering inside the aggregate.
SELECT string_agg(id, ',' ORDER BY id) FROM config.entities;
SELECT string_agg(DISTINCT tag_value(tags, 'env'), '|' ORDER BY tag_value(tags, 'env')) FROM config.entities;
SELECT array_agg(id ORDER BY created_at) FROM config.entities;
SELECT array_agg(DISTINCT tag_value(tags, 'service') ORDER BY tag_value(tags, 'service')) FROM config.entities;
SELECT array_agg(tags ORDER BY id) FROM config.entities WHERE tags @> ARRAY['env:dev'];
SELECT array_agg(x ORDER BY x NULLS FIRST), string_agg(x, '-' ORDER BY x) FROM (VALUES ('b'), (NULL), ('a')) v(x);
SELECT array_agg(x), string_agg(x, ',') FROM (VALUES (NULL::text)) v(x) WHERE false;
SELECT string_agg(content, '|'::bytea ORDER BY id) FROM config.entities WHERE tags @> ARRAY['env:dev'];
SELECT array_agg(id ORDER BY id DESC) FILTER (WHERE tags @> ARRAY['service:api']) FROM config.entities;
SELECT count(*) FILTER (WHERE tags @> ARRAY['status:open']) AS open, count(*) FILTER (WHERE tags @> ARRAY['status:done']) AS done FROM tracker.entities;

-- GROUP BY.
SELECT tag_value(tags, 'status') AS status, count(*) FROM tracker.entities GROUP BY tag_value(tags, 'status') ORDER BY status;
SELECT tag_value(tags, 'status') AS status, count(*) FROM tracker.entities GROUP BY status ORDER BY count(*) DESC, status;
SELECT tag_value(tags, 'status'), count(*) FROM tracker.entities GROUP BY 1;
SELECT tag_value(tags, 'project') AS project, tag_value(tags, 'status') AS status, count(*) FROM tracker.entities
WHERE tags @> ARRAY['type:task'] GROUP BY 1, 2 ORDER BY 1, 2;
SELECT tag_value(tags, 'assignee') AS who, count(*), min(created_at), max(created_at) FROM tracker.entities
WHERE tags @> ARRAY['project:apollo'] GROUP BY who ORDER BY who NULLS LAST;
SELECT tag_value(tags, 'priority') AS p, count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] GROUP BY p ORDER BY p;
SELECT tag_value(tags, 'label') AS first_label, count(*) FROM tracker.entities GROUP BY 1 ORDER BY 2 DESC, 1;
SELECT tag_value(tags, 'host') AS host, tag_value(tags, 'metric') AS metric, count(*),
       max(convert_from(content, 'UTF8')::numeric) AS peak
FROM metrics.entities GROUP BY host, metric ORDER BY host, metric;
SELECT tag_value(tags, 'region') AS region, round(avg(convert_from(content, 'UTF8')::numeric), 2) AS mean
FROM metrics.entities WHERE tags @> ARRAY['metric:cpu'] GROUP BY region ORDER BY region;
SELECT date_trunc('month', created_at) AS month, count(*) FROM tracker.entities GROUP BY 1 ORDER BY 1;
SELECT extract(dow FROM created_at) AS dow, count(*) FROM tracker.entities GROUP BY 1 ORDER BY 1;
SELECT content IS NULL AS no_content, count(*) FROM tracker.entities GROUP BY content IS NULL ORDER BY 1;
SELECT cardinality(tags) AS n, count(*) FROM tracker.entities GROUP BY n ORDER BY n;
SELECT tag, count(*) FROM tracker.entities, unnest(tags) AS tag GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 10;
SELECT split_part(tag, ':', 1) AS key, count(DISTINCT tag) AS values, count(*) AS uses
FROM tracker.entities, unnest(tags) AS tag WHERE tag LIKE '%:%' GROUP BY key ORDER BY key;
SELECT tags, count(*) FROM config.entities GROUP BY tags ORDER BY tags;
SELECT id, count(*) FROM config.entities GROUP BY id ORDER BY id LIMIT 3;
-- GROUP BY the primary key allows the other columns.
SELECT id, tags, count(*) FROM config.entities GROUP BY id ORDER BY id LIMIT 2;

-- HAVING.
SELECT tag_value(tags, 'status') AS status, count(*) FROM tracker.entities GROUP BY 1 HAVING count(*) > 5 ORDER BY 1;
SELECT tag_value(tags, 'assignee') AS who FROM tracker.entities GROUP BY 1 HAVING bool_or('urgent' = ANY(tags)) ORDER BY 1;
SELECT tag_value(tags, 'project') AS project, count(*) FROM tracker.entities GROUP BY 1 HAVING min(created_at) < '2024-01-05' ORDER BY 1;
SELECT count(*) FROM tracker.entities HAVING count(*) > 1000;
SELECT count(*) FROM tracker.entities HAVING count(*) > 10;
SELECT 1 AS one HAVING true;

-- Grouping sets are part of the SQL surface PostgreSQL offers.
SELECT tag_value(tags, 'env') AS env, tag_value(tags, 'service') AS service, count(*)
FROM config.entities GROUP BY ROLLUP (1, 2) ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- Errors.
-- expect-error 42803
SELECT id, count(*) FROM tracker.entities;
-- expect-error 42803
SELECT tag_value(tags, 'status'), id FROM tracker.entities GROUP BY 1;
-- expect-error 42803
SELECT count(*) FROM tracker.entities WHERE count(*) > 1;
-- expect-error 42803
SELECT count(count(*)) FROM tracker.entities;
-- expect-error 42883
SELECT sum(id) FROM tracker.entities;
-- expect-error 42883
SELECT avg(tags) FROM tracker.entities;
-- expect-error 22003
SELECT sum(x) FROM (VALUES (2147483647), (1)) v(x) GROUP BY () HAVING sum(x)::int4 > 0;
-- expect-error 42P10
SELECT tag_value(tags, 'status') FROM tracker.entities GROUP BY 5;

-- Set-returning functions in GROUP BY (by position, by output name, or
-- written out) run before the aggregation.
SELECT unnest(tags) AS t, count(*) FROM tracker.entities GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3;
SELECT unnest(tags), count(*) FROM tracker.entities GROUP BY unnest(tags) ORDER BY 2 DESC, 1 LIMIT 3;
SELECT count(*) FROM tracker.entities GROUP BY unnest(tags) ORDER BY 1 DESC LIMIT 3;
SELECT generate_series(1, 3) AS g, count(*) FROM config.entities GROUP BY g ORDER BY g;
SELECT unnest(ARRAY[1,2,2]) AS u, count(*) GROUP BY u ORDER BY u;
SELECT unnest(tags) AS t, generate_series(1, 2) AS g, count(*) FROM config.entities GROUP BY t, g ORDER BY t, g;
SELECT tag_value(tags, 'env') AS env, unnest(tags) AS t, count(*) FROM config.entities GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1, 2;
SELECT upper(unnest(tags)) AS u, count(*) FROM config.entities GROUP BY upper(unnest(tags)) ORDER BY u;
SELECT unnest(tags) AS t, count(*), generate_series(1, 2) AS g FROM config.entities GROUP BY t ORDER BY t, g LIMIT 6;
SELECT DISTINCT unnest(tags) AS t FROM config.entities ORDER BY t;
SELECT unnest(tags) AS t FROM config.entities GROUP BY t ORDER BY t;
SELECT count(*) FROM (SELECT unnest(tags) AS t, count(*) AS n FROM tracker.entities GROUP BY 1) s WHERE n > 3;

-- Ordered-set aggregates: percentile_cont, percentile_disc, mode.
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 4) x;
SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY x DESC), percentile_disc(0.25) WITHIN GROUP (ORDER BY x DESC) FROM generate_series(1, 10) x;
SELECT percentile_disc(0) WITHIN GROUP (ORDER BY x), percentile_disc(1) WITHIN GROUP (ORDER BY x), percentile_cont(1) WITHIN GROUP (ORDER BY x) FROM (VALUES (3), (NULL), (1), (2)) v(x);
SELECT mode() WITHIN GROUP (ORDER BY x) FROM (VALUES (1), (2), (2), (3), (3)) v(x);
SELECT mode() WITHIN GROUP (ORDER BY x DESC) FROM (VALUES ('a'), ('b'), ('b'), ('c'), ('c')) v(x);
SELECT tag_value(tags, 'status') s, percentile_disc(0.5) WITHIN GROUP (ORDER BY created_at) FROM tracker.entities GROUP BY 1 ORDER BY 1;
SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY array_length(tags, 1)) FROM tracker.entities;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 0) x;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE x > 2) FROM generate_series(1, 10) x;
-- expect-error 22003
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 4) x;
-- expect-error 42883
SELECT sum(x) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 4) x;

-- nth_value over window frames.
SELECT x, first_value(x) OVER w, last_value(x) OVER w, nth_value(x, 2) OVER w, cume_dist() OVER w, percent_rank() OVER w FROM generate_series(1, 4) x WINDOW w AS (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING);
SELECT x, nth_value(x, 3) OVER (ORDER BY x), nth_value(x * 10, 1) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM generate_series(1, 5) x ORDER BY x;
SELECT x, nth_value(x, NULL) OVER () FROM generate_series(1, 2) x ORDER BY x;
-- expect-error 22016
SELECT nth_value(x, 0) OVER () FROM generate_series(1, 2) x;

-- RANGE frames with offsets: numbers, floats, numerics, dates and timestamps
-- with intervals, descending order, NULL keys.
SELECT x, sum(x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM generate_series(1, 5) x ORDER BY x;
SELECT x, sum(x) OVER (ORDER BY x DESC RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM generate_series(1, 6) x ORDER BY x;
SELECT x, count(*) OVER (ORDER BY x RANGE BETWEEN 1 FOLLOWING AND 3 FOLLOWING), array_agg(x) OVER (ORDER BY x RANGE BETWEEN 2 PRECEDING AND 1 PRECEDING) FROM (VALUES (1), (2), (2), (4), (7), (NULL)) v(x) ORDER BY x NULLS FIRST;
SELECT x, sum(x) OVER (ORDER BY x NULLS FIRST RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM (VALUES (1), (NULL), (3), (NULL), (4)) v(x) ORDER BY x NULLS FIRST;
SELECT x, avg(x) OVER (ORDER BY x RANGE BETWEEN 0.5 PRECEDING AND 0.5 FOLLOWING) FROM (VALUES (1.0), (1.4), (2.0), (3.2)) v(x) ORDER BY x;
SELECT x, count(*) OVER (ORDER BY x RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM (VALUES (1.0::float8), (2.0), (2.9), (5.0)) v(x) ORDER BY x;
SELECT d, count(*) OVER (ORDER BY d RANGE BETWEEN interval '2 days' PRECEDING AND CURRENT ROW) FROM generate_series(date '2024-01-01', date '2024-01-06', interval '1 day') d ORDER BY d;
SELECT created_at::date, count(*) OVER (ORDER BY created_at RANGE BETWEEN interval '7 days' PRECEDING AND CURRENT ROW) FROM tracker.entities ORDER BY created_at, id LIMIT 10;
SELECT x, last_value(x) OVER (ORDER BY x RANGE BETWEEN UNBOUNDED PRECEDING AND 2 FOLLOWING) FROM generate_series(1, 5) x ORDER BY x;
-- expect-error 42P20
SELECT sum(x) OVER (ORDER BY x, -x RANGE 1 PRECEDING) FROM generate_series(1, 3) x;
SELECT sum(x) OVER (ORDER BY x, x RANGE 1 PRECEDING) FROM generate_series(1, 3) x;
-- expect-error 22013
SELECT sum(x) OVER (ORDER BY x RANGE -1 PRECEDING) FROM generate_series(1, 3) x;
-- expect-error 0A000
SELECT count(*) OVER (ORDER BY x RANGE 1 PRECEDING) FROM (VALUES ('a')) v(x);

-- Window frame EXCLUDE options (CURRENT ROW, GROUP, TIES, NO OTHERS).
SELECT x, sum(x) OVER (ORDER BY x ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM generate_series(1, 6) x ORDER BY x;
SELECT x, sum(x) OVER w, count(*) OVER w, first_value(x) OVER w, last_value(x) OVER w, nth_value(x, 2) OVER w FROM (VALUES (1), (2), (2), (3), (3), (3), (4)) v(x) WINDOW w AS (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP) ORDER BY x;
SELECT x, array_agg(x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES), array_agg(x) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE NO OTHERS) FROM (VALUES (1), (2), (2), (3)) v(x) ORDER BY x;
SELECT x, first_value(x) OVER (ORDER BY x ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING EXCLUDE CURRENT ROW), last_value(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM generate_series(1, 4) x ORDER BY x;
SELECT x, count(*) OVER (ORDER BY x ROWS BETWEEN CURRENT ROW AND CURRENT ROW EXCLUDE CURRENT ROW) FROM generate_series(1, 3) x ORDER BY x;
