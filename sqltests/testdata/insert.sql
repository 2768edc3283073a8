-- INSERT: explicit values, defaults, many rows, INSERT ... SELECT,
-- RETURNING, ON CONFLICT, and the errors a user meets.

CREATE SCHEMA ins;

-- All columns given.
INSERT INTO ins.entities (id, tags, content, created_at, updated_at)
VALUES ('e1', ARRAY['type:task', 'status:open'], 'hello', '2024-05-01 10:00:00+00', '2024-05-01 10:00:00+00');
SELECT id, tags, content, created_at, updated_at FROM ins.entities;

-- Column order is free; omitted columns take their defaults.
INSERT INTO ins.entities (tags, id) VALUES (ARRAY['type:note'], 'e2');
SELECT id, tags, content IS NULL AS no_content, created_at = updated_at AS same_ts FROM ins.entities WHERE id = 'e2';

-- A generated id is 32 lower-case hex digits.
INSERT INTO ins.entities (tags) VALUES (ARRAY['gen:1']);
SELECT length(id), id ~ '^[0-9a-f]{32}$' AS hex32, created_at = updated_at AS same_ts FROM ins.entities WHERE tags @> ARRAY['gen:1'];

-- Many rows in one statement; each gets its own id.
INSERT INTO ins.entities (tags) VALUES (ARRAY['gen:2']), (ARRAY['gen:2']), (ARRAY['gen:2', 'x']);
SELECT count(*), count(DISTINCT id) FROM ins.entities WHERE 'gen:2' = ANY(tags);

-- DEFAULT in VALUES.
INSERT INTO ins.entities (id, tags, content, created_at, updated_at) VALUES (DEFAULT, ARRAY['gen:3'], DEFAULT, DEFAULT, DEFAULT);
SELECT id ~ '^[0-9a-f]{32}$', content IS NULL, created_at = updated_at FROM ins.entities WHERE tags = ARRAY['gen:3'];

-- now() is the transaction's start time, and the defaults use it.
BEGIN;
INSERT INTO ins.entities (id, tags) VALUES ('in-txn', ARRAY['t']);
SELECT created_at = now(), updated_at = now(), created_at <= clock_timestamp() FROM ins.entities WHERE id = 'in-txn';
COMMIT;
SELECT created_at < now() FROM ins.entities WHERE id = 'in-txn';
SELECT created_at > now() - interval '1 hour' FROM ins.entities WHERE id = 'in-txn';

-- Tags keep their order and duplicates; empty arrays are allowed.
INSERT INTO ins.entities (id, tags) VALUES ('dups', ARRAY['b', 'a', 'b', 'a:1', 'a']);
SELECT tags, array_length(tags, 1), cardinality(tags) FROM ins.entities WHERE id = 'dups';
INSERT INTO ins.entities (id, tags) VALUES ('none', '{}');
SELECT tags, array_length(tags, 1), cardinality(tags) FROM ins.entities WHERE id = 'none';
INSERT INTO ins.entities (id, tags) VALUES ('literal', '{"with space","with,comma","with\"quote","NULL",plain}');
SELECT tags, tags[1], tags[4], tags[4] IS NULL FROM ins.entities WHERE id = 'literal';
-- entitydb refuses empty tags and NULL elements, which text[] allows.
-- onlyif entitydb tags-no-empty-strings
-- expect-error 22023
INSERT INTO ins.entities (id, tags) VALUES ('emptytag', ARRAY['', 'a', 'k:']);
-- onlyif entitydb tags-no-empty-strings
-- expect-error 22023
INSERT INTO ins.entities (id, tags) VALUES ('emptytag', '{"",a}');
-- An empty value after the colon is a tag like any other.
INSERT INTO ins.entities (id, tags) VALUES ('emptyvalue', ARRAY['a', 'k:']);
SELECT tags, tags[2] = 'k:', cardinality(tags), tag_value(tags, 'k'), tag_value(tags, 'k') = '' FROM ins.entities WHERE id = 'emptyvalue';
-- Probing for the empty tag finds nothing, and is no error.
SELECT id FROM ins.entities WHERE '' = ANY(tags);
SELECT id FROM ins.entities WHERE tags @> ARRAY[''];
SELECT id FROM ins.entities WHERE tags && ARRAY['', 'k:'];
SELECT id, tag_value(tags, 'k'), tag_value(tags, '') FROM ins.entities WHERE has_tag_like(tags, '') OR has_tag_like(tags, 'k:');
-- onlyif entitydb tags-no-null-elements
-- expect-error 22004
INSERT INTO ins.entities (id, tags) VALUES ('nullelem', ARRAY['a', NULL, 'b']);
-- onlyif entitydb tags-no-null-elements
-- expect-error 22004
INSERT INTO ins.entities (id, tags) VALUES ('nullelem', '{a,NULL}');
INSERT INTO ins.entities (id, tags) VALUES ('nullelem', array_remove(ARRAY['a', NULL, 'b'], NULL));
SELECT tags, array_length(tags, 1) FROM ins.entities WHERE id = 'nullelem';

-- Content: text literals, hex and escape bytea input, casts.
INSERT INTO ins.entities (id, tags, content) VALUES
  ('c-text', ARRAY['c'], 'plain text'),
  ('c-hex', ARRAY['c'], '\x00ff10'),
  ('c-esc', ARRAY['c'], 'a\\b\001'),
  ('c-conv', ARRAY['c'], convert_to('grüße', 'UTF8')),
  ('c-decode', ARRAY['c'], decode('aGVsbG8=', 'base64')),
  ('c-empty', ARRAY['c'], '');
SELECT id, content, length(content) FROM ins.entities WHERE 'c' = ANY(tags) ORDER BY id;

-- Unicode ids and tags.
INSERT INTO ins.entities (id, tags) VALUES ('ünï-çødé', ARRAY['naïve:café', '日本:東京']);
SELECT id, tags, length(id), octet_length(id) FROM ins.entities WHERE id = 'ünï-çødé';

-- INSERT ... SELECT, from another namespace and from generate_series.
INSERT INTO ins.entities SELECT * FROM tracker.entities WHERE tags @> ARRAY['project:apollo'];
SELECT count(*) FROM ins.entities WHERE tags @> ARRAY['project:apollo'];
INSERT INTO ins.entities (id, tags, created_at, updated_at)
SELECT 'gs-' || g, ARRAY['series', 'n:' || g], timestamptz '2024-01-01 00:00:00+00' + g * interval '1 day', timestamptz '2024-01-01 00:00:00+00' + g * interval '1 day'
FROM generate_series(1, 5) g;
SELECT id, tags, created_at FROM ins.entities WHERE 'series' = ANY(tags) ORDER BY created_at;

-- RETURNING.
INSERT INTO ins.entities (id, tags) VALUES ('r1', ARRAY['ret']) RETURNING id, tags, content;
INSERT INTO ins.entities (id, tags) VALUES ('r2', ARRAY['ret']), ('r3', ARRAY['ret', 'x']) RETURNING id, tags, content, cardinality(tags) AS n, created_at = updated_at AS same;
INSERT INTO ins.entities (tags) VALUES (ARRAY['ret-gen']) RETURNING length(id) AS idlen, created_at = updated_at AS same;
INSERT INTO ins.entities (id, tags, created_at, updated_at) VALUES ('r4', ARRAY['ret'], '2020-02-29 12:00:00+00', '2020-03-01 00:00:00+00')
RETURNING id, updated_at - created_at AS age, extract(year FROM created_at) AS y;

-- Duplicate ids are refused, and the statement is atomic.
-- expect-error 23505
INSERT INTO ins.entities (id, tags) VALUES ('e1', ARRAY['dup']);
-- expect-error 23505
INSERT INTO ins.entities (id, tags) VALUES ('new-1', ARRAY['atomic']), ('e1', ARRAY['atomic']), ('new-2', ARRAY['atomic']);
SELECT count(*) FROM ins.entities WHERE 'atomic' = ANY(tags);
-- expect-error 23505
INSERT INTO ins.entities (id, tags) VALUES ('twice', ARRAY['a']), ('twice', ARRAY['b']);
SELECT count(*) FROM ins.entities WHERE id = 'twice';

-- ON CONFLICT DO NOTHING.
INSERT INTO ins.entities (id, tags) VALUES ('e1', ARRAY['ignored']) ON CONFLICT (id) DO NOTHING;
INSERT INTO ins.entities (id, tags) VALUES ('e1', ARRAY['ignored']) ON CONFLICT DO NOTHING;
SELECT tags FROM ins.entities WHERE id = 'e1';
INSERT INTO ins.entities (id, tags) VALUES ('e1', ARRAY['ignored']), ('oc-new', ARRAY['kept']) ON CONFLICT (id) DO NOTHING RETURNING id, tags;
SELECT id, tags FROM ins.entities WHERE id IN ('e1', 'oc-new') ORDER BY id;

-- ON CONFLICT DO UPDATE (upsert).
INSERT INTO ins.entities (id, tags, content) VALUES ('up', ARRAY['v:1'], 'first')
ON CONFLICT (id) DO UPDATE SET tags = EXCLUDED.tags, content = EXCLUDED.content;
INSERT INTO ins.entities (id, tags, content) VALUES ('up', ARRAY['v:2'], 'second')
ON CONFLICT (id) DO UPDATE SET tags = EXCLUDED.tags, content = EXCLUDED.content;
SELECT id, tags, content FROM ins.entities WHERE id = 'up';
INSERT INTO ins.entities (id, tags) VALUES ('up', ARRAY['extra'])
ON CONFLICT (id) DO UPDATE SET tags = ins.entities.tags || EXCLUDED.tags RETURNING id, tags;
INSERT INTO ins.entities AS e (id, tags) VALUES ('up', ARRAY['v:3'])
ON CONFLICT (id) DO UPDATE SET tags = array_append(e.tags, 'seen') WHERE NOT e.tags @> ARRAY['seen'] RETURNING e.tags;
-- The WHERE is false now: nothing is updated or returned.
INSERT INTO ins.entities AS e (id, tags) VALUES ('up', ARRAY['v:4'])
ON CONFLICT (id) DO UPDATE SET tags = array_append(e.tags, 'seen') WHERE NOT e.tags @> ARRAY['seen'] RETURNING e.tags;
SELECT tags FROM ins.entities WHERE id = 'up';
INSERT INTO ins.entities (id, tags, created_at, updated_at) VALUES ('up2', ARRAY['a'], '2024-01-01+00', '2024-01-01+00')
ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at + interval '1 day';
INSERT INTO ins.entities (id, tags, created_at, updated_at) VALUES ('up2', ARRAY['b'], '2024-01-01+00', '2024-01-01+00')
ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at + interval '1 day';
SELECT tags, created_at, updated_at FROM ins.entities WHERE id = 'up2';
-- expect-error 21000
INSERT INTO ins.entities (id, tags) VALUES ('up3', ARRAY['a']), ('up3', ARRAY['b'])
ON CONFLICT (id) DO UPDATE SET tags = EXCLUDED.tags;
INSERT INTO ins.entities (id, tags) VALUES ('up', ARRAY['z'])
ON CONFLICT ON CONSTRAINT entities_pkey DO UPDATE SET tags = ARRAY['by-constraint'];
SELECT tags FROM ins.entities WHERE id = 'up';
-- Upserting from a SELECT.
INSERT INTO ins.entities (id, tags)
SELECT id, ARRAY['copied'] FROM tracker.entities WHERE tags @> ARRAY['project:apollo', 'status:done']
ON CONFLICT (id) DO UPDATE SET tags = ins.entities.tags || EXCLUDED.tags;
SELECT count(*) FROM ins.entities WHERE tags @> ARRAY['copied', 'project:apollo'];

-- Errors.
-- expect-error 23502
INSERT INTO ins.entities (id) VALUES ('no-tags');
-- expect-error 23502
INSERT INTO ins.entities (id, tags) VALUES ('null-tags', NULL);
-- expect-error 23502
INSERT INTO ins.entities (id, tags) VALUES (NULL, ARRAY['a']);
-- expect-error 23502
INSERT INTO ins.entities DEFAULT VALUES;
-- expect-error 23502
INSERT INTO ins.entities (id, tags, created_at) VALUES ('null-ts', ARRAY['a'], NULL);
-- expect-error 22P02
INSERT INTO ins.entities (id, tags) VALUES ('bad-array', 'not an array');
-- expect-error 22007
INSERT INTO ins.entities (id, tags, created_at) VALUES ('bad-ts', ARRAY['a'], 'yesterday-ish');
-- expect-error 22023
INSERT INTO ins.entities (id, tags, content) VALUES ('bad-hex', ARRAY['a'], '\xzz');
-- expect-error 42703
INSERT INTO ins.entities (id, tagz) VALUES ('x', ARRAY['a']);
-- expect-error 42601
INSERT INTO ins.entities (id, tags) VALUES ('x', ARRAY['a'], 'extra');
-- expect-error 42601
INSERT INTO ins.entities (id, tags, content) VALUES ('x', ARRAY['a']);
-- expect-error 42701
INSERT INTO ins.entities (id, id, tags) VALUES ('x', 'y', ARRAY['a']);
-- expect-error 42804
INSERT INTO ins.entities (id, tags) VALUES ('x', 42);
-- expect-error 42804
INSERT INTO ins.entities (id, tags, content) VALUES ('x', ARRAY['a'], 'text'::text);
-- expect-error 42P10
INSERT INTO ins.entities (id, tags) VALUES ('x', ARRAY['a']) ON CONFLICT (tags) DO NOTHING;
-- expect-error 42P01
INSERT INTO ins.nothing (id) VALUES ('x');
-- None of the failed statements left a row.
SELECT count(*) FROM ins.entities WHERE id IN ('no-tags', 'null-tags', 'null-ts', 'bad-array', 'bad-ts', 'bad-hex', 'x');

-- Assignment casts: an integer array is stored as text.
INSERT INTO ins.entities (id, tags) VALUES ('int-array', ARRAY[1, 2]);
SELECT tags, pg_typeof(tags) FROM ins.entities WHERE id = 'int-array';

-- Typed values through parameters.
-- args ["p1", "{a,b}", "2024-02-29 23:59:59.999999+00"]
INSERT INTO ins.entities (id, tags, created_at, updated_at) VALUES ($1, $2, $3, $3);
SELECT id, tags, created_at FROM ins.entities WHERE id = 'p1';
-- args ["p2", "tag:x"]
INSERT INTO ins.entities (id, tags) VALUES ($1, ARRAY[$2, 'fixed']) RETURNING id, tags;

SELECT count(*) FROM ins.entities;
DROP SCHEMA ins CASCADE;
