-- SELECT: projections, column names, ORDER BY, LIMIT/OFFSET, DISTINCT.

SELECT * FROM config.entities ORDER BY id;
SELECT e.* FROM config.entities e ORDER BY e.id;
SELECT id, tags FROM config.entities ORDER BY id;
SELECT config.entities.id FROM config.entities ORDER BY 1;
SELECT e.id AS "Identifier", e.tags AS t, 1 AS one, 'x' AS "x y" FROM config.entities AS e ORDER BY e.id;
SELECT id, id, tags[1] FROM config.entities ORDER BY id;
SELECT id || '!' , upper(id), length(id) FROM config.entities ORDER BY id;
SELECT 1, 2.5, 'text', true, NULL;
SELECT;
-- Column names of expressions follow PostgreSQL's rules.
SELECT count(*), max(id), tags[1], cardinality(tags), id::text, CAST(id AS varchar), (id), -1, 1 + 1, ARRAY[1], ROW(1, 2) FROM config.entities GROUP BY id, tags ORDER BY max(id) LIMIT 1;
-- Two output columns are named id.
-- expect-error 42702
SELECT id, tags AS id FROM config.entities ORDER BY id;
SELECT CASE WHEN true THEN 1 END, COALESCE(NULL, 2), NULLIF(1, 1), GREATEST(1, 2), LEAST(1, 2), EXISTS (SELECT 1), (SELECT 1), 'a' LIKE 'a', NOT true;
SELECT now() IS NOT NULL, current_date IS NOT NULL, current_timestamp IS NOT NULL, localtimestamp IS NOT NULL;

-- ORDER BY: columns, expressions, positions, aliases, directions, NULLs.
SELECT id, created_at FROM tracker.entities ORDER BY created_at, id LIMIT 10;
SELECT id, created_at FROM tracker.entities ORDER BY created_at DESC, id DESC LIMIT 10;
SELECT id FROM tracker.entities ORDER BY id DESC LIMIT 5;
SELECT id, cardinality(tags) AS n FROM tracker.entities ORDER BY n DESC, id LIMIT 8;
SELECT id, cardinality(tags) FROM tracker.entities ORDER BY 2, 1 LIMIT 8;
SELECT id FROM tracker.entities ORDER BY cardinality(tags) DESC, id LIMIT 5;
SELECT id, tag_value(tags, 'priority') AS p FROM tracker.entities ORDER BY p NULLS FIRST, id LIMIT 12;
SELECT id, tag_value(tags, 'priority') AS p FROM tracker.entities ORDER BY p DESC NULLS LAST, id LIMIT 12;
SELECT id, tag_value(tags, 'priority') AS p FROM tracker.entities ORDER BY p DESC, id LIMIT 12;
SELECT id, tag_value(tags, 'priority') AS p FROM tracker.entities ORDER BY p, id DESC LIMIT 12;
SELECT id, content FROM tracker.entities ORDER BY content NULLS FIRST, id LIMIT 5;
SELECT id FROM tracker.entities ORDER BY tags, id LIMIT 8;
SELECT id, updated_at - created_at AS age FROM tracker.entities ORDER BY age DESC, id LIMIT 5;
SELECT id FROM tracker.entities ORDER BY created_at USING >, id LIMIT 3;
-- Byte order (C collation): upper case before lower case, bytes not letters.
SELECT t FROM (VALUES ('b'), ('B'), ('a'), ('A'), ('_'), ('é'), ('e'), ('Z'), ('1'), (''), (' ')) v(t) ORDER BY t;
SELECT t FROM (VALUES ('status:open'), ('status:Open'), ('status:'), ('status'), ('status::x')) v(t) ORDER BY t DESC;
SELECT DISTINCT unnest(tags) AS tag FROM tracker.entities WHERE id IN (md5('edge-case'), md5('edge-quoting')) ORDER BY tag;

-- LIMIT / OFFSET / FETCH.
SELECT id FROM tracker.entities ORDER BY id LIMIT 3;
SELECT id FROM tracker.entities ORDER BY id LIMIT 3 OFFSET 3;
SELECT id FROM tracker.entities ORDER BY id OFFSET 65;
SELECT id FROM tracker.entities ORDER BY id OFFSET 100;
SELECT id FROM tracker.entities ORDER BY id LIMIT 0;
SELECT id FROM tracker.entities ORDER BY id LIMIT ALL OFFSET 66;
SELECT id FROM tracker.entities ORDER BY id LIMIT NULL OFFSET 66;
SELECT id FROM tracker.entities ORDER BY id FETCH FIRST 2 ROWS ONLY;
SELECT id FROM tracker.entities ORDER BY id OFFSET 1 ROW FETCH NEXT 1 ROW ONLY;
SELECT id FROM tracker.entities ORDER BY id LIMIT 2 + 1;
-- expect-error 2201W
SELECT id FROM tracker.entities ORDER BY id LIMIT -1;
-- expect-error 2201X
SELECT id FROM tracker.entities ORDER BY id OFFSET -1;
-- expect-error 22P02
SELECT id FROM tracker.entities ORDER BY id LIMIT 'many';
-- args ["2", "1"]
SELECT id FROM tracker.entities ORDER BY id LIMIT $1 OFFSET $2;

-- DISTINCT.
SELECT DISTINCT tag_value(tags, 'status') FROM tracker.entities;
SELECT DISTINCT tag_value(tags, 'status') AS s FROM tracker.entities ORDER BY s;
SELECT DISTINCT tag_value(tags, 'project'), tag_value(tags, 'status') FROM tracker.entities ORDER BY 1, 2;
SELECT DISTINCT tags[1] FROM tracker.entities ORDER BY 1;
SELECT DISTINCT content IS NULL FROM tracker.entities;
SELECT count(DISTINCT tag_value(tags, 'assignee')), count(tag_value(tags, 'assignee')) FROM tracker.entities;
SELECT DISTINCT ON (tag_value(tags, 'project')) tag_value(tags, 'project') AS project, id, created_at
FROM tracker.entities WHERE tags @> ARRAY['type:task'] ORDER BY tag_value(tags, 'project'), created_at, id;
SELECT DISTINCT unnest(tags) AS tag FROM tracker.entities WHERE tags @> ARRAY['project:hermes'] ORDER BY tag;
SELECT DISTINCT t FROM (VALUES (1), (NULL), (1), (NULL), (2)) v(t) ORDER BY t;
SELECT DISTINCT x, y FROM (VALUES (1, 'a'), (1, 'a'), (1, 'b'), (NULL, NULL), (NULL, NULL)) v(x, y);

-- WHERE on other columns and expressions.
SELECT id FROM tracker.entities WHERE content IS NULL ORDER BY id;
SELECT id FROM tracker.entities WHERE length(content) > 100 ORDER BY id;
SELECT id FROM tracker.entities WHERE content = ''::bytea;
SELECT id FROM tracker.entities WHERE created_at = updated_at AND tags @> ARRAY['status:done'] ORDER BY id;
SELECT id FROM tracker.entities WHERE extract(month FROM created_at) = 3 ORDER BY id;
SELECT id FROM tracker.entities WHERE date_trunc('month', created_at) = '2024-05-01' ORDER BY id;
SELECT id FROM tracker.entities WHERE array_length(tags, 1) > 8 ORDER BY id;
SELECT id FROM tracker.entities WHERE tags[2] LIKE 'status:%' AND tags[2] NOT IN ('status:open', 'status:done') ORDER BY id;
SELECT id FROM tracker.entities WHERE id ~ '^[0-9]' ORDER BY id;
SELECT id FROM tracker.entities WHERE id !~ '^[0-9a-f]{32}$' ORDER BY id;
SELECT id FROM tracker.entities WHERE id ILIKE 'WEL%';
SELECT id FROM tracker.entities WHERE id SIMILAR TO 'task-[0-9]+-%';
SELECT id FROM tracker.entities WHERE position('dead' IN id) > 0 ORDER BY id;

-- Namespaces side by side.
SELECT 'tracker' AS ns, count(*) FROM tracker.entities
UNION ALL SELECT 'metrics', count(*) FROM metrics.entities
UNION ALL SELECT 'config', count(*) FROM config.entities
UNION ALL SELECT 'blobs', count(*) FROM blobs.entities
UNION ALL SELECT 'empty', count(*) FROM empty.entities
UNION ALL SELECT 'public', count(*) FROM public.entities
ORDER BY ns;
SELECT * FROM empty.entities;
SELECT id, tags FROM empty.entities ORDER BY id LIMIT 1;
