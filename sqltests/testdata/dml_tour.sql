-- A tour of writes as applications issue them, with their errors.
CREATE SCHEMA scr;
INSERT INTO scr.entities (id, tags, content) VALUES ('a', ARRAY['k:1'], 'x'), ('b', ARRAY['k:2'], NULL) RETURNING id, tags, content, created_at = updated_at;
INSERT INTO scr.entities (id, tags) SELECT 'c' || g, ARRAY['g:' || g] FROM generate_series(1, 3) g RETURNING id;
INSERT INTO scr.entities (tags) VALUES (ARRAY['gen']) RETURNING length(id), id ~ '^[0-9a-f]{32}$';
INSERT INTO scr.entities (id, tags) VALUES ('a', ARRAY['dup']) ON CONFLICT (id) DO NOTHING RETURNING id;
INSERT INTO scr.entities (id, tags) VALUES ('a', ARRAY['k:9']) ON CONFLICT (id) DO UPDATE SET tags = entities.tags || EXCLUDED.tags RETURNING tags;
INSERT INTO scr.entities AS e (id, tags) VALUES ('b', ARRAY['z']) ON CONFLICT (id) DO UPDATE SET tags = e.tags || ARRAY['more'] WHERE e.id = 'nope' RETURNING tags;
INSERT INTO scr.entities (id, tags) VALUES ('b', ARRAY['z']) ON CONFLICT DO NOTHING;
-- expect-error 23505
INSERT INTO scr.entities (id, tags) VALUES ('a', ARRAY['x']);
-- expect-error 21000
INSERT INTO scr.entities (id, tags) VALUES ('n1', ARRAY['x']), ('n1', ARRAY['y']) ON CONFLICT (id) DO UPDATE SET tags = EXCLUDED.tags;
-- expect-error 23502
INSERT INTO scr.entities (id, tags) VALUES ('n2', NULL);
-- expect-error 23502
INSERT INTO scr.entities (id) VALUES ('n3');
-- expect-error 42703
INSERT INTO scr.entities (id, nosuch) VALUES ('n4', 1);
-- expect-error 42601
INSERT INTO scr.entities (id, tags) VALUES ('n5');
-- expect-error 22P02
INSERT INTO scr.entities (id, tags) VALUES ('n6', 'not an array');
-- expect-error 42804
INSERT INTO scr.entities (id, tags) VALUES ('n7', 5);
UPDATE scr.entities SET tags = array_append(tags, 'new') WHERE id IN ('c1', 'c2') RETURNING id, tags;
UPDATE scr.entities SET content = decode('00ff', 'hex'), updated_at = '2030-01-01' WHERE id = 'c3' RETURNING content, updated_at;
UPDATE scr.entities SET tags = array_remove(tags, 'new') WHERE tags @> ARRAY['new'];
UPDATE scr.entities e SET tags = e.tags || x.t FROM (VALUES ('c1', 'from'), ('c2', 'join')) x(id, t) WHERE e.id = x.id RETURNING e.id, e.tags;
UPDATE scr.entities SET id = 'renamed' WHERE id = 'c3' RETURNING id;
-- expect-error 23505
UPDATE scr.entities SET id = 'a' WHERE id = 'b';
UPDATE scr.entities SET tags = tags WHERE false;
DELETE FROM scr.entities WHERE id = 'renamed' RETURNING id, tags;
DELETE FROM scr.entities e USING (VALUES ('c1')) v(id) WHERE e.id = v.id RETURNING e.id;
SELECT CASE WHEN length(id) = 32 THEN 'generated' ELSE id END AS id, tags, content FROM scr.entities ORDER BY 1;
BEGIN;
INSERT INTO scr.entities (id, tags) VALUES ('t1', ARRAY['t']);
SAVEPOINT s1;
INSERT INTO scr.entities (id, tags) VALUES ('t2', ARRAY['t']);
ROLLBACK TO s1;
-- expect-error 23505
INSERT INTO scr.entities (id, tags) VALUES ('t1', ARRAY['t']);
-- expect-error 25P02
SELECT 1;
ROLLBACK TO SAVEPOINT s1;
SELECT id FROM scr.entities WHERE tags @> ARRAY['t'] ORDER BY id;
RELEASE s1;
COMMIT;
SELECT id FROM scr.entities WHERE tags @> ARRAY['t'] ORDER BY id;
-- expect-error 25P01
SAVEPOINT nope;
-- expect-error 25P01
ROLLBACK TO nope;
BEGIN READ ONLY;
-- expect-error 25006
INSERT INTO scr.entities (id, tags) VALUES ('ro', ARRAY['t']);
ROLLBACK;
START TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SHOW transaction_isolation;
COMMIT;
SHOW transaction_isolation;
TRUNCATE scr.entities;
SELECT count(*) FROM scr.entities;
-- expect-error 2BP01
DROP SCHEMA config;
DROP SCHEMA scr CASCADE;
DROP SCHEMA IF EXISTS scr;
-- expect-error 3F000
DROP SCHEMA scr;
