-- Joins, subqueries, CTEs, set operations, VALUES, set-returning functions
-- and window functions: what catalog queries and BI tools need.

-- Joins between namespaces and with VALUES.
SELECT t.id, p.id AS note FROM tracker.entities t JOIN public.entities p ON tag_value(t.tags, 'assignee') = tag_value(p.tags, 'owner')
WHERE t.tags @> ARRAY['status:open'] ORDER BY t.id, p.id;
SELECT t.id, p.id FROM tracker.entities t INNER JOIN public.entities p ON t.created_at::date = p.created_at::date ORDER BY 1, 2;
SELECT p.id, t.id FROM public.entities p LEFT JOIN tracker.entities t
  ON tag_value(t.tags, 'assignee') = tag_value(p.tags, 'owner') AND t.tags @> ARRAY['urgent'] ORDER BY p.id, t.id NULLS FIRST;
SELECT p.id, count(t.id) FROM public.entities p LEFT JOIN tracker.entities t ON tag_value(t.tags, 'assignee') = tag_value(p.tags, 'owner')
GROUP BY p.id ORDER BY p.id;
SELECT v.who, count(t.id) FROM (VALUES ('alice'), ('bob'), ('zed')) AS v(who)
LEFT JOIN tracker.entities t ON t.tags @> ARRAY['assignee:' || v.who] GROUP BY v.who ORDER BY v.who;
SELECT t.id, v.label FROM tracker.entities t JOIN (VALUES ('label:ui', 'UI'), ('label:docs', 'Docs')) v(tag, label) ON v.tag = ANY(t.tags)
WHERE t.tags @> ARRAY['project:hermes'] ORDER BY t.id, v.label;
SELECT a.id, b.id FROM config.entities a JOIN config.entities b ON a.tags = b.tags AND a.id < b.id ORDER BY a.id, b.id;
SELECT a.id, b.id FROM config.entities a CROSS JOIN blobs.entities b WHERE a.id LIKE 'cfg-dev%' ORDER BY a.id, b.id;
SELECT count(*) FROM config.entities, blobs.entities;
SELECT a.id, b.id FROM config.entities a RIGHT JOIN (VALUES ('cfg-dev-api-debug'), ('missing')) b(id) ON a.id = b.id ORDER BY b.id;
SELECT a.id, b.id FROM (VALUES (1), (2)) a(id) FULL JOIN (VALUES (2), (3)) b(id) ON a.id = b.id ORDER BY a.id NULLS LAST, b.id;
SELECT * FROM (VALUES (1, 'a')) x(n, s) JOIN (VALUES (1, 'b')) y(n, t) USING (n);
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) x(n, s) NATURAL JOIN (VALUES (2, 'b'), (3, 'c')) y(n, s);
SELECT t.id, m.id FROM tracker.entities t JOIN metrics.entities m ON m.created_at > t.created_at + interval '1 year' ORDER BY 1, 2;
SELECT c.id, x.tag FROM config.entities c, LATERAL (SELECT tag FROM unnest(c.tags) tag WHERE tag LIKE 'env:%') x ORDER BY c.id;
SELECT c.id, x.n FROM config.entities c LEFT JOIN LATERAL (SELECT count(*) AS n FROM tracker.entities t WHERE t.created_at < c.created_at) x ON true ORDER BY c.id;

-- Scalar subqueries, EXISTS, IN, ARRAY(...).
SELECT (SELECT count(*) FROM tracker.entities) AS tasks, (SELECT count(*) FROM metrics.entities) AS samples;
SELECT id, (SELECT count(*) FROM public.entities p WHERE tag_value(p.tags, 'owner') = tag_value(t.tags, 'assignee')) AS notes
FROM tracker.entities t WHERE t.tags @> ARRAY['project:zeus'] ORDER BY id;
SELECT id FROM tracker.entities t WHERE EXISTS (SELECT 1 FROM public.entities p WHERE tag_value(p.tags, 'owner') = tag_value(t.tags, 'assignee'))
AND tags @> ARRAY['status:open'] ORDER BY id;
SELECT id FROM tracker.entities WHERE tag_value(tags, 'assignee') IN (SELECT tag_value(tags, 'owner') FROM public.entities) AND tags @> ARRAY['urgent'] ORDER BY id;
SELECT id FROM tracker.entities WHERE tag_value(tags, 'assignee') NOT IN (SELECT tag_value(tags, 'owner') FROM public.entities) ORDER BY id;
SELECT id FROM public.entities WHERE tag_value(tags, 'owner') = ANY(ARRAY(SELECT tag_value(tags, 'assignee') FROM tracker.entities WHERE tags @> ARRAY['urgent'])) ORDER BY id;
SELECT ARRAY(SELECT id FROM config.entities WHERE tags @> ARRAY['env:prod'] ORDER BY id);
SELECT ARRAY(SELECT tag_value(tags, 'env') FROM config.entities ORDER BY created_at);
SELECT ARRAY(SELECT 1 WHERE false);
SELECT (SELECT id FROM config.entities WHERE false);
-- expect-error 21000
SELECT (SELECT id FROM config.entities);
-- expect-error 42601
SELECT (SELECT id, tags FROM config.entities LIMIT 1);
SELECT id FROM config.entities WHERE created_at = (SELECT max(created_at) FROM config.entities);
SELECT id FROM config.entities WHERE created_at > ALL (SELECT created_at FROM public.entities WHERE false) ORDER BY id;
SELECT id FROM config.entities WHERE created_at < ANY (SELECT created_at FROM config.entities WHERE tags @> ARRAY['env:dev']) ORDER BY id;
SELECT count(*) FROM (SELECT DISTINCT tag_value(tags, 'status') FROM tracker.entities) s;
SELECT max(n) FROM (SELECT cardinality(tags) AS n FROM tracker.entities) AS sub;
SELECT s.status, s.n FROM (SELECT tag_value(tags, 'status') AS status, count(*) AS n FROM tracker.entities GROUP BY 1) s WHERE s.n > 3 ORDER BY s.n DESC, s.status;

-- WITH.
WITH open AS (SELECT * FROM tracker.entities WHERE tags @> ARRAY['status:open'])
SELECT count(*) FROM open WHERE tags @> ARRAY['project:apollo'];
WITH per_status AS (SELECT tag_value(tags, 'status') AS status, count(*) AS n FROM tracker.entities GROUP BY 1),
     total AS (SELECT sum(n) AS total FROM per_status)
SELECT status, n, round(100.0 * n / total, 1) AS pct FROM per_status, total ORDER BY n DESC, status;
WITH ids(id) AS (VALUES ('welcome'), ('task-2024-001'), ('nope'))
SELECT ids.id, t.id IS NOT NULL AS found FROM ids LEFT JOIN tracker.entities t USING (id) ORDER BY ids.id;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i, i * i FROM n;
WITH RECURSIVE parts(s, rest) AS (
  SELECT '', 'a:b:c'
  UNION ALL
  SELECT CASE WHEN s = '' THEN split_part(rest, ':', 1) ELSE s || '/' || split_part(rest, ':', 1) END,
         CASE WHEN position(':' IN rest) > 0 THEN substr(rest, position(':' IN rest) + 1) ELSE '' END
  FROM parts WHERE rest <> '')
SELECT s FROM parts;
WITH x AS MATERIALIZED (SELECT id FROM config.entities) SELECT count(*) FROM x;
WITH moved AS (SELECT id FROM config.entities WHERE tags @> ARRAY['env:dev']) SELECT * FROM moved ORDER BY id;

-- Set operations.
SELECT tag_value(tags, 'owner') FROM public.entities UNION SELECT tag_value(tags, 'assignee') FROM tracker.entities WHERE tags @> ARRAY['urgent'];
SELECT tag_value(tags, 'owner') AS who FROM public.entities UNION ALL SELECT tag_value(tags, 'assignee') FROM tracker.entities WHERE tags @> ARRAY['urgent'] ORDER BY who NULLS FIRST;
SELECT tag_value(tags, 'owner') FROM public.entities INTERSECT SELECT tag_value(tags, 'assignee') FROM tracker.entities;
SELECT tag_value(tags, 'assignee') FROM tracker.entities EXCEPT SELECT tag_value(tags, 'owner') FROM public.entities;
SELECT tag_value(tags, 'assignee') FROM tracker.entities EXCEPT ALL SELECT tag_value(tags, 'owner') FROM public.entities;
SELECT 1 AS n UNION SELECT 2 UNION SELECT 1 ORDER BY n DESC;
SELECT 1 UNION ALL SELECT 1.5;
SELECT 'a' UNION SELECT NULL;
SELECT id FROM config.entities WHERE tags @> ARRAY['env:dev'] UNION (SELECT id FROM config.entities ORDER BY id LIMIT 1) ORDER BY 1;
-- expect-error 42601
SELECT 1, 2 UNION SELECT 1;
-- expect-error 42804
SELECT 1 UNION SELECT 'a'::text;

-- VALUES.
VALUES (1, 'one'), (2, 'two');
VALUES (1), (NULL), (3) ORDER BY 1 DESC;
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(n, s) WHERE n > 1;
SELECT column1, column2 FROM (VALUES (1.5, true)) v;
-- expect-error 42601
VALUES (1), (1, 2);
-- expect-error 42804
VALUES (1), ('x'::text);

-- Set-returning functions in FROM and in the select list.
SELECT * FROM generate_series(1, 5);
SELECT g FROM generate_series(10, 1, -3) g;
SELECT g FROM generate_series(1, 0) g;
SELECT * FROM generate_series('2024-01-01'::timestamptz, '2024-01-02', '6 hours');
SELECT generate_series(1, 3) AS n, 'x' AS s;
SELECT generate_series(1, 3), generate_series(1, 2);
SELECT x FROM generate_series(0.5, 2.0, 0.5) AS x;
SELECT * FROM unnest(ARRAY['a', 'b', NULL]);
SELECT u FROM unnest(ARRAY[3, 1, 2]) AS u ORDER BY u;
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['a', 'b', 'c']) AS u(n, s);
SELECT t, n FROM unnest(ARRAY['x', 'y']) WITH ORDINALITY AS u(t, n);
SELECT id, unnest(tags) AS tag FROM config.entities WHERE id = 'cfg-dev-api-debug';
SELECT id, tag FROM config.entities, unnest(tags) AS tag WHERE tag LIKE 'service:%' ORDER BY id;
SELECT id, tag, pos FROM config.entities CROSS JOIN LATERAL unnest(tags) WITH ORDINALITY AS u(tag, pos) WHERE id LIKE 'cfg-prod-api%' ORDER BY id, pos;
SELECT unnest(ARRAY[]::text[]);
SELECT count(*) FROM generate_series(1, 1000) g WHERE g % 7 = 0;
SELECT d::date FROM generate_series(date '2024-02-27', date '2024-03-02', interval '1 day') d;

-- Window functions.
SELECT id, row_number() OVER (ORDER BY created_at) FROM config.entities ORDER BY created_at;
SELECT id, tag_value(tags, 'env') AS env, row_number() OVER (PARTITION BY tag_value(tags, 'env') ORDER BY id) AS rn
FROM config.entities ORDER BY env, rn;
SELECT * FROM (
  SELECT id, tag_value(tags, 'project') AS project, row_number() OVER (PARTITION BY tag_value(tags, 'project') ORDER BY created_at DESC, id) AS rn
  FROM tracker.entities WHERE tags @> ARRAY['type:task']) s
WHERE rn <= 2 ORDER BY project, rn;
SELECT id, count(*) OVER (), count(*) OVER (PARTITION BY tag_value(tags, 'env')) FROM config.entities ORDER BY id;
SELECT id, rank() OVER (ORDER BY cardinality(tags) DESC), dense_rank() OVER (ORDER BY cardinality(tags) DESC) FROM tracker.entities WHERE tags @> ARRAY['project:zeus'] ORDER BY 2, 3, id;
SELECT id, sum(cardinality(tags)) OVER (ORDER BY created_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM config.entities ORDER BY created_at;
SELECT id, lag(id) OVER (ORDER BY created_at), lead(id) OVER (ORDER BY created_at) FROM config.entities ORDER BY created_at;
SELECT id, first_value(id) OVER w, last_value(id) OVER w FROM config.entities WINDOW w AS (PARTITION BY tag_value(tags, 'env') ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id;
SELECT n, row_number() OVER (ORDER BY n DESC) FROM generate_series(1, 4) n ORDER BY n;
-- expect-error 42P20
SELECT id FROM config.entities WHERE row_number() OVER () > 1;

-- A FROM item's name as a value: the whole row, as a record.
SELECT to_json(t) FROM (SELECT id, tags FROM tracker.entities WHERE id = 'welcome') t;
SELECT row_to_json(e) FROM (SELECT id, created_at FROM tracker.entities ORDER BY id LIMIT 1) e;
SELECT t FROM (SELECT id, array_length(tags, 1) AS n FROM tracker.entities ORDER BY id LIMIT 2) t;
SELECT jsonb_agg(s ORDER BY s.id) FROM (SELECT id, tags FROM config.entities) s;
SELECT x FROM (VALUES (1, 'a'), (2, 'b')) x(n, s) ORDER BY 1;
SELECT to_jsonb(c) - 'content' FROM config.entities c ORDER BY id LIMIT 2;
SELECT count(*) FROM tracker.entities e WHERE e IS NOT NULL;
SELECT id FROM tracker.entities t WHERE EXISTS (SELECT 1 FROM config.entities c WHERE to_json(t)::text <> '') ORDER BY id LIMIT 2;

-- Reference names must be unique within a FROM clause (42712); two
-- unaliased tables of different schemas may share a name.
-- expect-error 42712
SELECT 1 FROM tracker.entities a, tracker.entities a;
SELECT 1 FROM tracker.entities JOIN metrics.entities USING (id);
SELECT count(*) FROM tracker.entities, config.entities;
-- expect-error 42712
SELECT 1 FROM tracker.entities, tracker.entities;
-- expect-error 42712
SELECT 1 FROM tracker.entities, config.entities entities;
-- expect-error 42712
SELECT * FROM unnest(ARRAY[1]), unnest(ARRAY[2]);
SELECT count(*) FROM tracker.entities t JOIN metrics.entities m ON t.id = m.id;
SELECT count(*) FROM tracker.entities, config.entities c;
SELECT count(*) FROM tracker.entities e, LATERAL unnest(e.tags) t, LATERAL unnest(e.tags) u;
SELECT count(*) FROM (SELECT 1) a, (SELECT 2) b WHERE EXISTS (SELECT 1 FROM (SELECT 3) a);
SELECT count(*) FROM tracker.entities a JOIN (config.entities a2 JOIN metrics.entities a3 ON true) ON true;
