-- Makes a PostgreSQL 15 database behave like entitydb's relation model, so
-- the same statements can run against both. Run once, as superuser, in the
-- oracle's database "entitydb" (see oracle.go).
--
-- 1. Every schema has the table `entities` exactly as pinned for the
--    project (same DDL, same GIN index), created by an event trigger right
--    after CREATE SCHEMA, inside the same transaction.
-- 2. DROP SCHEMA ... RESTRICT succeeds on a namespace whose entities table
--    is empty and fails with 2BP01 when it holds rows, as in entitydb: a
--    second event trigger drops empty entities tables before any DROP SCHEMA
--    runs, and the first recreates them afterwards for the schemas that
--    still exist. All of it runs inside the DROP statement, so a failing
--    DROP rolls the trigger's work back too.
-- 3. The helper functions has_tag_like and tag_value in public, with exactly
--    the pinned definitions, and public.entities.
--
-- The trigger functions live in the schema entitydb_oracle, which is not on
-- the search path and which test files must not touch.

CREATE SCHEMA entitydb_oracle;

-- User schemas: those a test could create. Everything else is left alone.
CREATE FUNCTION entitydb_oracle.user_schemas() RETURNS SETOF name
LANGUAGE sql STABLE AS $$
  SELECT nspname FROM pg_namespace
  WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('information_schema', 'entitydb_oracle')
$$;

CREATE FUNCTION entitydb_oracle.ensure_entities() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  ns name;
BEGIN
  FOR ns IN SELECT s FROM entitydb_oracle.user_schemas() s
            WHERE to_regclass(format('%I.entities', s)) IS NULL LOOP
    EXECUTE format('CREATE TABLE %I.entities (id text PRIMARY KEY DEFAULT replace(gen_random_uuid()::text, ''-'', ''''), '
                   'tags text[] NOT NULL, content bytea, '
                   'created_at timestamptz NOT NULL DEFAULT now(), '
                   'updated_at timestamptz NOT NULL DEFAULT now())', ns);
    EXECUTE format('CREATE INDEX entities_tags_idx ON %I.entities USING gin (tags)', ns);
  END LOOP;
END
$$;

CREATE FUNCTION entitydb_oracle.drop_empty_entities() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  ns name;
  empty boolean;
BEGIN
  FOR ns IN SELECT s FROM entitydb_oracle.user_schemas() s
            WHERE to_regclass(format('%I.entities', s)) IS NOT NULL LOOP
    EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %I.entities)', ns) INTO empty;
    IF empty THEN
      EXECUTE format('DROP TABLE %I.entities', ns);
    END IF;
  END LOOP;
END
$$;

CREATE EVENT TRIGGER entitydb_ensure_entities ON ddl_command_end
  WHEN TAG IN ('CREATE SCHEMA', 'DROP SCHEMA')
  EXECUTE FUNCTION entitydb_oracle.ensure_entities();

CREATE EVENT TRIGGER entitydb_drop_empty_entities ON ddl_command_start
  WHEN TAG IN ('DROP SCHEMA')
  EXECUTE FUNCTION entitydb_oracle.drop_empty_entities();

CREATE TABLE public.entities (id text PRIMARY KEY DEFAULT replace(gen_random_uuid()::text, '-', ''), tags text[] NOT NULL, content bytea, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX entities_tags_idx ON public.entities USING gin (tags);

CREATE FUNCTION has_tag_like(tags text[], pattern text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t LIKE pattern) $$;
CREATE FUNCTION tag_value(tags text[], key text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT substr(t, length(key) + 2) FROM unnest(tags) WITH ORDINALITY u(t, n) WHERE left(t, length(key) + 1) = key || ':' ORDER BY n LIMIT 1 $$;
