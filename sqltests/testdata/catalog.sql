-- Catalog queries as tools and drivers send them (browsing schemas,
-- reflecting tables, columns, keys and indexes), compared with PostgreSQL's
-- answers for the same namespaces. (entitydb_oracle holds the oracle's
-- helper functions and exists only there.)
SELECT n.nspname, c.relname, c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'tracker' ORDER BY 2;
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'tracker';
SELECT column_name, data_type, is_nullable, column_default, ordinal_position FROM information_schema.columns WHERE table_schema = 'tracker' AND table_name = 'entities' ORDER BY ordinal_position;
SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('tracker', 'public', 'empty') ORDER BY 1;
SELECT tc.constraint_type, kcu.column_name FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema WHERE tc.table_schema = 'tracker' ORDER BY 1;
SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'tracker' ORDER BY 1;
SELECT tablename, hasindexes FROM pg_tables WHERE schemaname = 'tracker';
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef FROM pg_attribute a WHERE a.attrelid = 'tracker.entities'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d WHERE d.adrelid = 'tracker.entities'::regclass ORDER BY d.adnum;
SELECT 'tracker.entities'::regclass, 'tracker.entities'::regclass::oid > 0, to_regclass('tracker.nosuch');
SELECT typname, typtype, typcategory FROM pg_type WHERE typname IN ('text', '_text', 'int4', 'bytea', 'timestamptz') ORDER BY 1;
SELECT current_database(), current_schema(), current_schemas(false), current_user = session_user;
SELECT has_schema_privilege('tracker', 'USAGE'), has_table_privilege('tracker.entities', 'SELECT');
SELECT datname FROM pg_database WHERE datname = current_database();
SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname NOT IN ('information_schema', 'entitydb_oracle') ORDER BY 1;
SELECT count(*) > 0 FROM pg_settings WHERE name = 'search_path';
SELECT setting::int / 10000 FROM pg_settings WHERE name = 'server_version_num';
SHOW search_path;
SELECT pg_backend_pid() > 0, pg_is_in_recovery(), txid_current() > 0;
SELECT inet_server_port() IS NULL OR inet_server_port() > 0;
SELECT pg_database_size(current_database()) > 0, pg_size_pretty(pg_database_size(current_database())) ~ '^[0-9]+ (bytes|kB|MB)$';
SELECT pg_database_size(d.oid) > 0 FROM pg_database d WHERE d.datname = current_database();
-- expect-error 3D000
SELECT pg_database_size('nosuchdb');
