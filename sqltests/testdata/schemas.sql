-- Namespaces are schemas: CREATE SCHEMA creates a namespace with its
-- entities table, DROP SCHEMA removes it.

CREATE SCHEMA acme;
SELECT count(*) FROM acme.entities;
INSERT INTO acme.entities (id, tags) VALUES ('a1', ARRAY['type:task']);
SELECT id, tags FROM acme.entities;

-- expect-error 42P06
CREATE SCHEMA acme;
CREATE SCHEMA IF NOT EXISTS acme;
-- The existing namespace is untouched.
SELECT count(*) FROM acme.entities;

-- Names follow identifier rules: unquoted names fold to lower case.
CREATE SCHEMA Shop_2;
SELECT count(*) FROM shop_2.entities;
SELECT count(*) FROM SHOP_2.entities;
-- expect-error 42P01
SELECT count(*) FROM "Shop_2".entities;
-- A quoted name keeps its case and may hold any character: it is a
-- namespace of its own.
CREATE SCHEMA "MixedCase";
INSERT INTO "MixedCase".entities (id, tags, content) VALUES ('m1', ARRAY['type:task'], '\x6869');
SELECT id, tags, content FROM "MixedCase".entities;
-- expect-error 42P01
SELECT count(*) FROM mixedcase.entities;
-- expect-error 42P01
SELECT count(*) FROM MixedCase.entities;
-- expect-error 42P06
CREATE SCHEMA "MixedCase";
CREATE SCHEMA mixedcase;
INSERT INTO MIXEDCASE.entities (id, tags) VALUES ('lower', ARRAY['case:lower']);
SELECT id, tags FROM mixedcase.entities;
SELECT id, tags FROM "MixedCase".entities;
CREATE SCHEMA "A";
CREATE SCHEMA "a";
INSERT INTO "A".entities (id, tags) VALUES ('upper', ARRAY['x']);
SELECT count(*) FROM a.entities;
SELECT id FROM "A".entities;
CREATE SCHEMA "with space";
CREATE SCHEMA "quo""te";
CREATE SCHEMA "../etc";
CREATE SCHEMA "ns.x";
CREATE SCHEMA "123";
CREATE SCHEMA "größe";
CREATE SCHEMA "PG_upper";
CREATE SCHEMA "System";
INSERT INTO "with space".entities (id, tags) VALUES ('w', ARRAY['in:with space']);
INSERT INTO "quo""te".entities (id, tags) VALUES ('q', ARRAY['in:quote']);
INSERT INTO "../etc".entities (id, tags) VALUES ('e', ARRAY['in:etc']);
INSERT INTO "ns.x".entities (id, tags) VALUES ('n', ARRAY['in:ns.x']);
INSERT INTO "123".entities (id, tags) VALUES ('d', ARRAY['in:123']);
INSERT INTO "größe".entities (id, tags) VALUES ('g', ARRAY['in:größe']);
SELECT id, tags FROM "with space".entities;
SELECT id, tags FROM "quo""te".entities WHERE tags @> ARRAY['in:quote'];
SELECT id, tags FROM "../etc".entities;
SELECT id, tags FROM "ns.x".entities;
SELECT count(*) FROM "123".entities;
SELECT id, tags FROM "größe".entities;
SELECT count(*) FROM "PG_upper".entities;
SELECT count(*) FROM "System".entities;
SELECT nspname FROM pg_catalog.pg_namespace
WHERE nspname IN ('MixedCase', 'mixedcase', 'A', 'a', 'with space', 'quo"te', '../etc', 'ns.x', '123', 'größe', 'PG_upper', 'System')
ORDER BY nspname;
SET search_path = "with space", public;
SELECT id FROM entities;
SELECT current_schema();
RESET search_path;
-- Identifiers longer than 63 bytes are truncated to 63 bytes (whole
-- characters): the long and the truncated name are the same namespace.
CREATE SCHEMA "n23456789_123456789_123456789_123456789_123456789_123456789_123456789";
SELECT count(*) FROM n23456789_123456789_123456789_123456789_123456789_123456789_123.entities;
CREATE SCHEMA "éééééééééééééééééééééééééééééééééééééééé";
SELECT count(*) FROM "ééééééééééééééééééééééééééééééé".entities;
SELECT nspname, octet_length(nspname) FROM pg_catalog.pg_namespace WHERE nspname LIKE 'n2345%' OR nspname LIKE 'éé%' ORDER BY nspname;
DROP SCHEMA n23456789_123456789_123456789_123456789_123456789_123456789_123, "ééééééééééééééééééééééééééééééé";
DROP SCHEMA "with space", "quo""te", "../etc", "ns.x", "123", "größe", "PG_upper", "System" CASCADE;
-- expect-error 42P01
SELECT count(*) FROM "with space".entities;
-- expect-error 2BP01
DROP SCHEMA "MixedCase";
DROP SCHEMA "MixedCase", mixedcase, "A", a CASCADE;
SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname IN ('MixedCase', 'mixedcase', 'A', 'a');
-- A quoted name that is a lower-case identifier is the same name.
CREATE SCHEMA "quoted_lower";
SELECT count(*) FROM quoted_lower.entities;
DROP SCHEMA "quoted_lower";

-- The schema name is a namespace: no such namespace, no such table.
-- expect-error 42P01
SELECT * FROM nosuchns.entities;
-- expect-error 42P01
INSERT INTO nosuchns.entities (tags) VALUES (ARRAY['x']);
-- expect-error 42P01
SELECT * FROM acme.other_table;
-- expect-error 42P01
SELECT * FROM no_table_here;

-- DROP SCHEMA: RESTRICT (the default) refuses a namespace that holds
-- entities, CASCADE drops it with its entities.
-- expect-error 2BP01
DROP SCHEMA acme;
-- expect-error 2BP01
DROP SCHEMA acme RESTRICT;
SELECT count(*) FROM acme.entities;
DROP SCHEMA acme CASCADE;
-- expect-error 42P01
SELECT count(*) FROM acme.entities;
-- expect-error 3F000
DROP SCHEMA acme;
DROP SCHEMA IF EXISTS acme;
DROP SCHEMA IF EXISTS acme CASCADE;

-- An empty namespace drops without CASCADE.
CREATE SCHEMA emptyns;
DROP SCHEMA emptyns RESTRICT;
CREATE SCHEMA emptyns;
INSERT INTO emptyns.entities (id, tags) VALUES ('x', '{}');
DELETE FROM emptyns.entities;
DROP SCHEMA emptyns;

-- Several at once.
CREATE SCHEMA s_one;
CREATE SCHEMA s_two;
DROP SCHEMA s_one, s_two;
-- expect-error 3F000
DROP SCHEMA s_one, shop_2;
-- The failed statement dropped nothing.
SELECT count(*) FROM shop_2.entities;
DROP SCHEMA IF EXISTS s_one, shop_2;
-- expect-error 42P01
SELECT count(*) FROM shop_2.entities;

-- A recreated namespace starts empty.
CREATE SCHEMA again;
INSERT INTO again.entities (id, tags) VALUES ('one', ARRAY['v:1']);
DROP SCHEMA again CASCADE;
CREATE SCHEMA again;
SELECT count(*) FROM again.entities;
DROP SCHEMA again;

-- Reserved and invalid names.
-- expect-error 42939
CREATE SCHEMA pg_mine;
-- expect-error 42939
CREATE SCHEMA "pg_Quoted";
-- "default" stays the REST alias of public; system is internal.
-- onlyif entitydb reserved-namespace-names
-- expect-error 42602
CREATE SCHEMA "default";
-- onlyif entitydb reserved-namespace-names
-- expect-error 42P06
CREATE SCHEMA system;
-- expect-error 42601
CREATE SCHEMA default;
-- expect-error 42601
CREATE SCHEMA 1abc;

-- Unqualified names resolve through search_path ("$user", public).
SHOW search_path;
SELECT count(*) FROM entities;
SELECT id FROM entities ORDER BY id;
CREATE SCHEMA team;
SET search_path = team, public;
INSERT INTO entities (id, tags) VALUES ('in-team', ARRAY['where:team']);
SELECT id, tags FROM entities;
SELECT count(*) FROM public.entities;
SELECT current_schema();
SET search_path = nosuch, team;
SELECT current_schema();
SELECT count(*) FROM entities;
SET search_path = nosuch;
SELECT current_schema();
-- expect-error 42P01
SELECT count(*) FROM entities;
-- expect-error 42P01
INSERT INTO entities (tags) VALUES (ARRAY['nowhere']);
RESET search_path;
SELECT current_schema();
SELECT count(*) FROM entities;
DROP SCHEMA team CASCADE;

-- Namespaces created in a transaction disappear on rollback.
BEGIN;
CREATE SCHEMA txn_ns;
INSERT INTO txn_ns.entities (id, tags) VALUES ('t', ARRAY['a']);
SELECT count(*) FROM txn_ns.entities;
ROLLBACK;
-- expect-error 42P01
SELECT count(*) FROM txn_ns.entities;
BEGIN;
CREATE SCHEMA txn_ns;
COMMIT;
SELECT count(*) FROM txn_ns.entities;
DROP SCHEMA txn_ns;

-- DDL beyond namespaces is not supported: every namespace has the one
-- fixed entities table.
-- onlyif entitydb fixed-table-model
-- expect-error 0A000
CREATE TABLE tracker.other (x int);
-- onlyif entitydb fixed-table-model
-- expect-error 0A000
CREATE TABLE things (x int);
-- onlyif entitydb fixed-table-model
-- expect-error 0A000
DROP TABLE tracker.entities;
-- onlyif entitydb fixed-table-model
-- expect-error 0A000
ALTER TABLE tracker.entities ADD COLUMN extra text;
-- onlyif entitydb fixed-table-model
-- expect-error 0A000
CREATE INDEX ON tracker.entities (created_at);
-- onlyif entitydb fixed-table-model
-- expect-error 0A000
CREATE VIEW open_tasks AS SELECT * FROM tracker.entities;
-- The fixture is unchanged.
SELECT count(*) FROM tracker.entities;

-- TRUNCATE empties a namespace.
CREATE SCHEMA trunc;
INSERT INTO trunc.entities SELECT * FROM tracker.entities;
TRUNCATE trunc.entities;
SELECT count(*) FROM trunc.entities;
INSERT INTO trunc.entities (id, tags) VALUES ('after', ARRAY['x']);
TRUNCATE TABLE trunc.entities;
SELECT count(*) FROM trunc.entities WHERE tags @> ARRAY['x'];
DROP SCHEMA trunc;
