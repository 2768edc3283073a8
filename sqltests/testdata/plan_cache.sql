-- The same statement text, again and again, while what it depends on
-- changes: cached plans must notice search_path, namespaces recreated,
-- settings and parameters.

CREATE SCHEMA pc_a;
CREATE SCHEMA pc_b;
INSERT INTO pc_a.entities (id, tags) VALUES ('a1', ARRAY['k:1']), ('a2', ARRAY['k:2']);
INSERT INTO pc_b.entities (id, tags) VALUES ('b1', ARRAY['k:1']);

-- search_path decides which namespace an unqualified name means.
SET search_path = pc_a;
SELECT count(*) FROM entities WHERE tags @> ARRAY['k:1'];
SELECT id FROM entities ORDER BY id;
SET search_path = pc_b;
SELECT count(*) FROM entities WHERE tags @> ARRAY['k:1'];
SELECT id FROM entities ORDER BY id;
SET search_path = pc_a, pc_b;
SELECT id FROM entities ORDER BY id;
RESET search_path;
SELECT id FROM entities ORDER BY id;

-- A namespace dropped and created again under the same name.
SELECT id FROM pc_b.entities ORDER BY id;
DROP SCHEMA pc_b CASCADE;
-- expect-error 42P01
SELECT id FROM pc_b.entities ORDER BY id;
CREATE SCHEMA pc_b;
SELECT id FROM pc_b.entities ORDER BY id;
INSERT INTO pc_b.entities (id, tags) VALUES ('b2', ARRAY['k:2']);
SELECT id FROM pc_b.entities ORDER BY id;

-- Writes between identical reads.
SELECT count(*) FROM pc_a.entities WHERE tags && ARRAY['k:1', 'k:3'];
INSERT INTO pc_a.entities (id, tags) VALUES ('a3', ARRAY['k:3']);
SELECT count(*) FROM pc_a.entities WHERE tags && ARRAY['k:1', 'k:3'];
UPDATE pc_a.entities SET tags = ARRAY['k:4'] WHERE id = 'a1';
SELECT count(*) FROM pc_a.entities WHERE tags && ARRAY['k:1', 'k:3'];
DELETE FROM pc_a.entities WHERE id = 'a3';
SELECT count(*) FROM pc_a.entities WHERE tags && ARRAY['k:1', 'k:3'];

-- Settings that change output formats.
SELECT created_at, 1::float8 / 3 FROM config.entities WHERE id = 'cfg-dev-api-debug';
SET timezone = 'Asia/Tokyo';
SET extra_float_digits = 0;
SELECT created_at, 1::float8 / 3 FROM config.entities WHERE id = 'cfg-dev-api-debug';
SET datestyle = 'German';
SELECT created_at, 1::float8 / 3 FROM config.entities WHERE id = 'cfg-dev-api-debug';
RESET ALL;
SELECT created_at, 1::float8 / 3 FROM config.entities WHERE id = 'cfg-dev-api-debug';

-- One text, many parameter values (and types inferred each time).
-- args ["{status:open}"]
SELECT count(*) FROM tracker.entities WHERE tags @> $1;
-- args ["{status:done,project:zeus}"]
SELECT count(*) FROM tracker.entities WHERE tags @> $1;
-- args ["{}"]
SELECT count(*) FROM tracker.entities WHERE tags @> $1;
-- args [null]
SELECT count(*) FROM tracker.entities WHERE tags @> $1;
-- args ["urgent"]
SELECT count(*) FROM tracker.entities WHERE $1 = ANY(tags);
-- args ["nope"]
SELECT count(*) FROM tracker.entities WHERE $1 = ANY(tags);
-- args ["2024-03-01"]
SELECT count(*) FROM tracker.entities WHERE created_at < $1;
-- args ["2024-03-01 12:00:00-05"]
SELECT count(*) FROM tracker.entities WHERE created_at < $1;
-- args ["3"]
SELECT id FROM tracker.entities ORDER BY id LIMIT $1;
-- args ["1"]
SELECT id FROM tracker.entities ORDER BY id LIMIT $1;
-- args ["not a number"]
-- expect-error 22P02
SELECT id FROM tracker.entities ORDER BY id LIMIT $1;

-- PREPARE and EXECUTE.
PREPARE by_tag(text) AS SELECT count(*) FROM tracker.entities WHERE $1 = ANY(tags);
EXECUTE by_tag('urgent');
EXECUTE by_tag('status:open');
PREPARE ins(text, text[]) AS INSERT INTO pc_a.entities (id, tags) VALUES ($1, $2) RETURNING id, tags;
EXECUTE ins('p1', '{x,y}');
EXECUTE ins('p2', ARRAY['z']);
-- expect-error 23505
EXECUTE ins('p1', '{x}');
-- expect-error 42P05
PREPARE by_tag(text) AS SELECT 1;
DEALLOCATE by_tag;
-- expect-error 26000
EXECUTE by_tag('urgent');
DEALLOCATE ALL;
-- expect-error 26000
EXECUTE ins('p3', '{}');

DROP SCHEMA pc_a CASCADE;
DROP SCHEMA pc_b CASCADE;
