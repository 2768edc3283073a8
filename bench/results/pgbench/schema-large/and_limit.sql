-- 2-tag AND, LIMIT 100
SELECT id, tags, content, created_at FROM ns_000.entities WHERE tags @> ARRAY[:and_limit_1, :and_limit_2] LIMIT 100;
