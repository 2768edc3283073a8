-- What PostgreSQL 15 has and entitydb does not have yet (see
-- docs/compatibility.md, "Not yet supported"). Each fails with 42883
-- (undefined function), 42704 (undefined type) or 0A000 (writable CTEs)
-- instead of answering.
SELECT jsonb_path_query_array('{"a": [1, 2, 3]}', '$.a[*] ? (@ > 1)');
SELECT rank(3) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 5) x;
SELECT percentile_cont(ARRAY[0.25, 0.5]) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 5) x;
SELECT * FROM json_to_record('{"a": 1, "b": "x"}') AS r(a int, b text);
SELECT to_char(1.5, '9.99EEEE');
LISTEN chan;
NOTIFY chan, 'x';
SELECT 1::bit(3), B'101' & B'110';
SELECT '192.168.1.5/24'::inet;
CREATE SCHEMA pend;
INSERT INTO pend.entities (id, tags) VALUES ('c2', ARRAY['x']);
WITH d AS (DELETE FROM pend.entities WHERE id = 'c2' RETURNING *) SELECT id, tags FROM d;
WITH i AS (INSERT INTO pend.entities (id, tags) VALUES ('w1', ARRAY['w']) RETURNING id) SELECT count(*) FROM i;
DROP SCHEMA pend CASCADE;
