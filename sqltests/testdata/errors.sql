-- SQLSTATEs of the errors users meet most, across statement kinds.

-- 42601 syntax errors.
-- expect-error 42601
SELEC 1;
-- expect-error 42601
SELECT * FROM;
-- expect-error 42601
SELECT id FROM tracker.entities WHERE;
-- expect-error 42601
SELECT (1 + 2;
-- expect-error 42601
SELECT id FROM tracker.entities ORDER BY;
-- expect-error 42601
INSERT INTO tracker.entities VALUES;
-- expect-error 42601
SELECT 1 2;
-- expect-error 42601
SELECT id tags FROM tracker.entities LIMIT 1 1;
-- expect-error 42601
SELECT ARRAY[1, 2;
-- Only an integer constant names an output position.
-- expect-error 42601
SELECT id FROM tracker.entities ORDER BY 'id';
-- expect-error 42601
SELECT id FROM tracker.entities ORDER BY 1.5;
-- expect-error 42601
SELECT id FROM tracker.entities ORDER BY NULL;
-- expect-error 42601
SELECT count(*) FROM tracker.entities GROUP BY 'x';
-- expect-error 42601
SELECT DISTINCT ON (true) id FROM tracker.entities;
-- expect-error 42P10
SELECT DISTINCT ON (2) id FROM tracker.entities;
-- expect-error 42P10
SELECT id FROM tracker.entities GROUP BY 3;

-- 42P01 undefined table, 3F000 undefined schema.
-- expect-error 42P01
SELECT * FROM nosuch.entities;
-- expect-error 42P01
SELECT * FROM tracker.nosuch;
-- expect-error 42P01
SELECT * FROM nosuch;
-- expect-error 42P01
UPDATE nosuch.entities SET tags = '{}';
-- expect-error 42P01
DELETE FROM nosuch.entities;
-- expect-error 42P01
SELECT t.id FROM tracker.entities x;
-- expect-error 3F000
DROP SCHEMA nosuch;
-- expect-error 3F000
SELECT nosuch.has_tag_like(ARRAY['a'], 'a');

-- 42703 undefined column.
-- expect-error 42703
SELECT nosuch FROM tracker.entities;
-- expect-error 42703
SELECT id FROM tracker.entities WHERE tag @> ARRAY['a'];
-- expect-error 42703
SELECT id FROM tracker.entities ORDER BY nosuch;
-- expect-error 42703
SELECT e.nosuch FROM tracker.entities e;
-- expect-error 42703
UPDATE tracker.entities SET tags = tags WHERE nosuch = 1;
-- expect-error 42703
SELECT "ID" FROM tracker.entities;
-- expect-error 42703
SELECT id FROM (SELECT 1 AS x) s;

-- 42883 undefined function or operator.
-- expect-error 42883
SELECT nosuch_function(1);
-- expect-error 42883
SELECT has_tag_like(ARRAY[1], 'a');
-- expect-error 42883
SELECT tag_value(tags) FROM tracker.entities;
-- expect-error 42883
SELECT length(42);
-- An untyped literal is read as the other operand's type.
-- expect-error 22P02
SELECT 'a' + 1;
-- expect-error 42883
SELECT 'a'::text + 1;
-- expect-error 42883
SELECT tags @> 'a'::text FROM tracker.entities;
-- expect-error 42883
SELECT id FROM tracker.entities WHERE tags && 'status:open'::text;
-- expect-error 42883
SELECT ARRAY['a'] @> ARRAY[1];
-- expect-error 42883
SELECT now() + 1;
-- expect-error 42883
SELECT upper(tags) FROM tracker.entities;

-- 42804 datatype mismatch, 42725 ambiguous function, 42702 ambiguous column.
-- expect-error 42804
SELECT id FROM tracker.entities WHERE 1;
-- expect-error 42804
SELECT id FROM tracker.entities WHERE id;
-- expect-error 42804
SELECT CASE WHEN 1 THEN 2 END;
-- expect-error 42702
SELECT id FROM tracker.entities a, tracker.entities b;
-- expect-error 42725
SELECT 'a' @> 'b';

-- 22P02 invalid text representation, 22003 out of range, 22012 division.
-- expect-error 22P02
SELECT 'x'::int;
-- expect-error 22P02
SELECT id FROM tracker.entities WHERE tag_value(tags, 'status')::int = 1;
-- expect-error 22P02
SELECT '{a,b'::text[];
SELECT 'tru'::boolean, 'f'::boolean, 'ye'::boolean, ' off '::boolean;
-- expect-error 22P02
SELECT 'o'::boolean;
-- expect-error 22P02
SELECT 'abc'::numeric;
-- expect-error 22P02
SELECT '{"a":'::jsonb;
-- expect-error 22003
SELECT 99999999999::int4;
-- expect-error 22003
SELECT 2147483647 + 1;
-- expect-error 22003
SELECT (-2147483648)::int4 / -1;
-- expect-error 22003
SELECT (10::numeric(2, 0) * 10)::numeric(2, 0);
-- expect-error 22003
SELECT '1e309'::float8;
-- expect-error 22012
SELECT count(*) / 0 FROM tracker.entities;
-- expect-error 22012
SELECT id FROM tracker.entities WHERE cardinality(tags) / (cardinality(tags) - cardinality(tags)) > 0;
-- expect-error 22023
SELECT encode('x', 'nope');
-- expect-error 22004
SELECT array_fill(1, NULL);
-- expect-error 22007
SELECT date 'yesterday-ish';
-- expect-error 22008
SELECT timestamptz '2024-13-01 00:00+00';
-- expect-error 22P02
SELECT 'x'::char(1)::int;
-- expect-error 2201B
SELECT 'a' ~ '(';
-- expect-error 22025
SELECT 'ab' LIKE 'a\';

-- 23505 unique violation, 23502 not null.
CREATE SCHEMA errs;
INSERT INTO errs.entities (id, tags) VALUES ('one', ARRAY['a']);
-- expect-error 23505
INSERT INTO errs.entities (id, tags) VALUES ('one', ARRAY['b']);
-- expect-error 23505
INSERT INTO errs.entities SELECT * FROM errs.entities;
-- expect-error 23502
UPDATE errs.entities SET tags = NULL;
-- expect-error 23502
UPDATE errs.entities SET id = NULL;
-- expect-error 23502
UPDATE errs.entities SET created_at = NULL;
SELECT id, tags FROM errs.entities;

-- 2BP01, 42P06, 42P04-like duplicates.
-- expect-error 2BP01
DROP SCHEMA errs;
-- expect-error 42P06
CREATE SCHEMA errs;
DROP SCHEMA errs CASCADE;

-- 21000 cardinality, 42P10/42P18/42P20 misuse.
-- expect-error 21000
SELECT (SELECT id FROM tracker.entities) AS one;
-- expect-error 21000
SELECT id FROM tracker.entities WHERE id = (SELECT id FROM tracker.entities WHERE tags @> ARRAY['status:open']);
-- expect-error 42P10
SELECT id FROM tracker.entities ORDER BY 9;
-- args ["x"]
-- expect-error 42P18
SELECT $1 IS NULL;
-- expect-error 42P20
SELECT id FROM tracker.entities GROUP BY row_number() OVER ();

-- 0A000 feature not supported (in PostgreSQL too).
-- expect-error 0A000
SELECT id FROM tracker.entities GROUP BY id HAVING count(*) > 1 FOR UPDATE;

