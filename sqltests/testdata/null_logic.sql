-- Three-valued logic: NULL in comparisons, boolean operators, IN, ANY,
-- aggregates, ORDER BY and DISTINCT.

SELECT NULL = NULL, NULL <> NULL, NULL = 1, 1 = NULL, NULL IS NULL, NULL IS NOT NULL, 1 IS NULL;
SELECT true AND NULL, false AND NULL, true OR NULL, false OR NULL, NOT NULL::boolean, NULL::boolean AND NULL, NULL::boolean OR NULL;
SELECT NULL IS DISTINCT FROM NULL, NULL IS NOT DISTINCT FROM NULL, 1 IS DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 1, 'a' IS DISTINCT FROM 'b';
SELECT NULL::boolean IS TRUE, NULL::boolean IS NOT TRUE, NULL::boolean IS FALSE, NULL::boolean IS NOT FALSE, NULL::boolean IS UNKNOWN, true IS NOT UNKNOWN;
SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (1, 2), NULL NOT IN (1), 1 IN (NULL);
SELECT 1 = ANY(ARRAY[1, NULL]), 2 = ANY(ARRAY[1, NULL]), 2 <> ALL(ARRAY[1, NULL]), NULL = ANY(ARRAY[1]), 1 = ANY(NULL::int[]), 1 = ALL(ARRAY[1, 1, NULL]);
SELECT NULL + 1, NULL || 'a', 'a' || NULL::text, NULL::int * 0, -NULL::int, abs(NULL::int), length(NULL), upper(NULL);
SELECT NULL LIKE 'a', 'a' LIKE NULL, NULL ~ 'a', NULL BETWEEN 1 AND 2, 1 BETWEEN NULL AND 2, 3 BETWEEN NULL AND 2;
SELECT coalesce(NULL, NULL), nullif(NULL, NULL), greatest(NULL, 1), least(NULL, NULL::int), CASE WHEN NULL THEN 1 ELSE 2 END;
SELECT ARRAY[NULL]::text[] @> ARRAY[NULL]::text[], ARRAY['a'] @> NULL::text[], NULL::text[] && ARRAY['a'], cardinality(NULL::text[]), array_length(NULL::text[], 1);

-- Rows with NULLs in WHERE: only true passes.
SELECT count(*) FROM tracker.entities WHERE content = NULL;
SELECT count(*) FROM tracker.entities WHERE content IS NULL;
SELECT count(*) FROM tracker.entities WHERE content IS NOT NULL;
SELECT count(*) FROM tracker.entities WHERE NOT (content IS NULL);
SELECT count(*) FROM tracker.entities WHERE tag_value(tags, 'priority') = '1' OR tag_value(tags, 'priority') <> '1';
SELECT count(*) FROM tracker.entities WHERE NOT (tag_value(tags, 'priority') = '1');
SELECT count(*) FROM tracker.entities WHERE tag_value(tags, 'priority') IS DISTINCT FROM '1';
SELECT count(*) FROM tracker.entities WHERE tag_value(tags, 'assignee') NOT IN ('alice', NULL);
SELECT count(*) FROM tracker.entities WHERE tag_value(tags, 'assignee') IN ('alice', NULL);
SELECT count(*) FROM tracker.entities WHERE (tag_value(tags, 'priority') = '1') IS NOT TRUE;
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] AND NULL;
SELECT count(*) FROM tracker.entities WHERE tags @> ARRAY['status:open'] OR NULL;
SELECT count(*) FROM tracker.entities WHERE NOT (tags @> ARRAY['status:open'] AND NULL);
SELECT count(*) FROM tracker.entities WHERE 'x' = ANY(ARRAY[NULL, tag_value(tags, 'assignee')]);
SELECT count(*) FROM tracker.entities WHERE content IS NULL AND tags @> ARRAY['status:done'];
SELECT count(*) FROM tracker.entities WHERE content::text IS NULL = (content IS NULL);

-- NOT IN with a NULL from a subquery matches nothing.
SELECT count(*) FROM tracker.entities WHERE tag_value(tags, 'assignee') NOT IN (SELECT tag_value(tags, 'assignee') FROM tracker.entities);
SELECT count(*) FROM tracker.entities t WHERE NOT EXISTS (SELECT 1 FROM tracker.entities u WHERE tag_value(u.tags, 'assignee') = tag_value(t.tags, 'assignee') AND u.id <> t.id);

-- Aggregates ignore NULLs; count(*) does not.
SELECT count(*), count(x), sum(x), avg(x), min(x), max(x), string_agg(x::text, ','), array_agg(x ORDER BY x) FROM (VALUES (1), (NULL), (3)) v(x);
SELECT count(*), count(x), sum(x), avg(x), min(x), array_agg(x) FROM (VALUES (NULL::int), (NULL)) v(x);
SELECT count(tag_value(tags, 'priority')), count(*) FROM tracker.entities;
SELECT tag_value(tags, 'priority') AS p, count(*) FROM tracker.entities GROUP BY 1 ORDER BY 1;

-- NULLs in ORDER BY and DISTINCT: NULL sorts last ascending, first descending.
SELECT x FROM (VALUES (2), (NULL), (1)) v(x) ORDER BY x;
SELECT x FROM (VALUES (2), (NULL), (1)) v(x) ORDER BY x DESC;
SELECT x FROM (VALUES (2), (NULL), (1)) v(x) ORDER BY x NULLS FIRST;
SELECT x FROM (VALUES (2), (NULL), (1)) v(x) ORDER BY x DESC NULLS LAST;
SELECT DISTINCT x FROM (VALUES (NULL::int), (NULL), (1)) v(x) ORDER BY x;
SELECT x, y FROM (VALUES (NULL, 1), (NULL, 2), (1, NULL)) v(x, y) ORDER BY x, y DESC;

-- NULL in joins never matches.
SELECT count(*) FROM (VALUES (1), (NULL)) a(x) JOIN (VALUES (1), (NULL)) b(x) ON a.x = b.x;
SELECT a.x, b.x FROM (VALUES (1), (NULL)) a(x) LEFT JOIN (VALUES (1), (NULL)) b(x) ON a.x = b.x ORDER BY a.x NULLS FIRST;
SELECT count(*) FROM (VALUES (1), (NULL)) a(x) JOIN (VALUES (1), (NULL)) b(x) ON a.x IS NOT DISTINCT FROM b.x;
SELECT NULL UNION SELECT NULL;
SELECT NULL INTERSECT SELECT NULL;
