-- UPDATE and DELETE: tag edits with array functions, content edits,
-- RETURNING, and the index after mutation.

CREATE SCHEMA upd;
INSERT INTO upd.entities SELECT * FROM tracker.entities;
SELECT count(*) FROM upd.entities;

-- Add a tag, remove a tag, replace a tag.
UPDATE upd.entities SET tags = array_append(tags, 'reviewed') WHERE tags @> ARRAY['status:review'];
SELECT count(*) FROM upd.entities WHERE 'reviewed' = ANY(tags);
SELECT count(*) FROM upd.entities WHERE tags @> ARRAY['status:review', 'reviewed'];
UPDATE upd.entities SET tags = array_remove(tags, 'urgent') WHERE 'urgent' = ANY(tags);
SELECT count(*) FROM upd.entities WHERE 'urgent' = ANY(tags);
UPDATE upd.entities SET tags = array_replace(tags, 'status:blocked', 'status:open') WHERE tags && ARRAY['status:blocked'];
SELECT count(*) FROM upd.entities WHERE tags @> ARRAY['status:blocked'];
SELECT count(*) FROM upd.entities WHERE tags @> ARRAY['status:open'];

-- Prepend, concatenate arrays, || with an element.
UPDATE upd.entities SET tags = array_prepend('first', tags) WHERE id = 'welcome';
UPDATE upd.entities SET tags = array_cat(tags, ARRAY['x:1', 'x:2']) WHERE id = 'welcome';
-- An untyped literal next to an array is read as an array literal.
-- expect-error 22P02
UPDATE upd.entities SET tags = tags || 'last' WHERE id = 'welcome';
UPDATE upd.entities SET tags = tags || 'last'::text WHERE id = 'welcome';
UPDATE upd.entities SET tags = tags || '{more,more}' WHERE id = 'welcome';
-- expect-error 22P02
UPDATE upd.entities SET tags = 'zero' || tags WHERE id = 'welcome';
UPDATE upd.entities SET tags = text 'zero' || tags WHERE id = 'welcome';
SELECT tags FROM upd.entities WHERE id = 'welcome';
SELECT array_position(tags, 'more'), array_positions(tags, 'more'), array_length(tags, 1) FROM upd.entities WHERE id = 'welcome';

-- Removing a duplicated tag removes every copy.
UPDATE upd.entities SET tags = array_remove(tags, 'status:open') WHERE id = 'welcome' RETURNING tags;
SELECT count(*) FROM upd.entities WHERE id = 'welcome' AND 'status:open' = ANY(tags);

-- Change a key's value: drop every status:* tag, add the new one.
UPDATE upd.entities
SET tags = array_append(ARRAY(SELECT t FROM unnest(tags) t WHERE t NOT LIKE 'status:%'), 'status:archived')
WHERE tags @> ARRAY['project:zeus', 'status:done']
RETURNING id, tags;
SELECT count(*) FROM upd.entities WHERE tags @> ARRAY['status:archived'];
SELECT count(*) FROM upd.entities WHERE tags @> ARRAY['project:zeus', 'status:done'];

-- Overwrite tags entirely, and subscripts.
UPDATE upd.entities SET tags = ARRAY['type:task', 'status:open'] WHERE id = 'task-2024-001';
UPDATE upd.entities SET tags[2] = 'status:closed' WHERE id = 'task-2024-001';
SELECT tags FROM upd.entities WHERE id = 'task-2024-001';
-- Assigning past the end would leave a NULL element in between.
-- onlyif entitydb tags-no-null-elements
-- expect-error 22004
UPDATE upd.entities SET tags[4] = 'gap' WHERE id = 'task-2024-001';
UPDATE upd.entities SET tags[3] = 'next' WHERE id = 'task-2024-001';
SELECT tags, array_length(tags, 1) FROM upd.entities WHERE id = 'task-2024-001';
-- onlyif entitydb tags-no-empty-strings
-- expect-error 22023
UPDATE upd.entities SET tags = array_append(tags, '') WHERE id = 'task-2024-001';
-- onlyif entitydb tags-no-null-elements
-- expect-error 22004
UPDATE upd.entities SET tags = array_append(tags, NULL) WHERE id = 'task-2024-001';
SELECT tags FROM upd.entities WHERE id = 'task-2024-001';

-- Content edits.
UPDATE upd.entities SET content = 'replaced' WHERE id = 'welcome';
SELECT content, convert_from(content, 'UTF8') FROM upd.entities WHERE id = 'welcome';
UPDATE upd.entities SET content = content || '!!'::bytea WHERE id = 'welcome' RETURNING convert_from(content, 'UTF8');
UPDATE upd.entities SET content = NULL WHERE id = 'welcome';
SELECT content IS NULL FROM upd.entities WHERE id = 'welcome';
UPDATE upd.entities SET content = convert_to('{"title": "new", "estimate": 3}', 'UTF8') WHERE id = 'welcome';
SELECT convert_from(content, 'UTF8')::jsonb ->> 'title' FROM upd.entities WHERE id = 'welcome';
UPDATE upd.entities SET content = decode('deadbeef', 'hex') WHERE id = 'welcome' RETURNING encode(content, 'hex'), encode(content, 'base64');

-- Timestamps: updated_at is what the statement sets.
UPDATE upd.entities SET updated_at = '2030-01-01 00:00:00+00' WHERE tags @> ARRAY['project:hermes'];
SELECT count(*) FROM upd.entities WHERE updated_at = '2030-01-01 00:00:00+00';
UPDATE upd.entities SET updated_at = created_at + interval '90 minutes' WHERE tags @> ARRAY['priority:1'] RETURNING id, created_at, updated_at;
BEGIN;
UPDATE upd.entities SET updated_at = now() WHERE id = 'welcome';
SELECT updated_at = now(), updated_at > created_at FROM upd.entities WHERE id = 'welcome';
COMMIT;

-- Several columns; expressions that read the old row.
UPDATE upd.entities SET tags = tags || ('n:' || cardinality(tags)), content = convert_to(id, 'UTF8') WHERE tags @> ARRAY['label:docs']
RETURNING id, tags, convert_from(content, 'UTF8') = id AS content_is_id;

-- Command tags count the rows that matched.
UPDATE upd.entities SET tags = tags WHERE false;
UPDATE upd.entities SET tags = tags WHERE id = 'no such id';
UPDATE upd.entities SET tags = tags WHERE tags @> ARRAY['type:task'];

-- Changing the id.
UPDATE upd.entities SET id = 'renamed' WHERE id = 'welcome';
SELECT count(*) FROM upd.entities WHERE id = 'welcome';
SELECT id FROM upd.entities WHERE id = 'renamed';
-- expect-error 23505
UPDATE upd.entities SET id = 'renamed' WHERE id = 'task-2024-001';
-- expect-error 23505
UPDATE upd.entities SET id = 'same' WHERE tags @> ARRAY['project:apollo'];
SELECT count(*) FROM upd.entities WHERE id = 'same';

-- Errors leave rows alone.
-- expect-error 23502
UPDATE upd.entities SET tags = NULL WHERE id = 'renamed';
-- expect-error 42703
UPDATE upd.entities SET nope = 1;
-- expect-error 42804
UPDATE upd.entities SET tags = 'x'::text WHERE id = 'renamed';
-- expect-error 22P02
UPDATE upd.entities SET tags = '{unterminated' WHERE id = 'renamed';
-- expect-error 42883
UPDATE upd.entities SET tags = array_append(tags, 1, 2) WHERE id = 'renamed';
SELECT tags IS NOT NULL FROM upd.entities WHERE id = 'renamed';

-- UPDATE ... FROM another namespace.
UPDATE upd.entities u SET tags = u.tags || ARRAY['from-tracker']
FROM tracker.entities t
WHERE t.id = u.id AND t.tags @> ARRAY['assignee:alice'];
SELECT count(*) FROM upd.entities WHERE 'from-tracker' = ANY(tags);

-- DELETE.
DELETE FROM upd.entities WHERE tags @> ARRAY['archived'];
SELECT count(*) FROM upd.entities WHERE 'archived' = ANY(tags);
DELETE FROM upd.entities WHERE id = 'renamed' RETURNING id, tags;
DELETE FROM upd.entities WHERE id IN ('nope-1', 'nope-2');
DELETE FROM upd.entities WHERE created_at < '2024-02-01' RETURNING id, created_at;
SELECT count(*), min(created_at) >= '2024-02-01' FROM upd.entities;
DELETE FROM upd.entities WHERE has_tag_like(tags, 'label:%') AND NOT tags && ARRAY['label:ui', 'label:docs'];
SELECT count(*) FROM upd.entities WHERE has_tag_like(tags, 'label:%');
DELETE FROM upd.entities e USING tracker.entities t WHERE e.id = t.id AND t.tags @> ARRAY['assignee:bob'];
SELECT count(*) FROM upd.entities WHERE tags @> ARRAY['assignee:bob'];
DELETE FROM upd.entities WHERE id IN (SELECT id FROM tracker.entities WHERE tags @> ARRAY['status:done']);
SELECT count(*) FROM upd.entities WHERE tags @> ARRAY['status:done'];

-- Re-insert deleted ids: the index sees the new rows only.
INSERT INTO upd.entities (id, tags) SELECT id, ARRAY['reborn'] FROM tracker.entities WHERE tags @> ARRAY['archived'];
SELECT count(*) FROM upd.entities WHERE 'reborn' = ANY(tags);
SELECT count(*) FROM upd.entities WHERE 'reborn' = ANY(tags) AND 'archived' = ANY(tags);

-- The index after all the mutation agrees with a full scan.
SELECT count(*) FROM upd.entities WHERE tags @> ARRAY['type:task'];
SELECT count(*) FROM upd.entities WHERE (SELECT bool_or(t = 'type:task') FROM unnest(tags) t);
SELECT tag_value(tags, 'status') AS status, count(*) FROM upd.entities GROUP BY 1 ORDER BY 1 NULLS FIRST;

DELETE FROM upd.entities;
SELECT count(*) FROM upd.entities;
DROP SCHEMA upd;
