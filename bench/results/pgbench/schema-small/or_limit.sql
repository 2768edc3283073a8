-- 2-tag OR, LIMIT 100
SELECT id, tags, content, created_at FROM ns_099.entities WHERE tags && ARRAY[:or_limit_1, :or_limit_2] LIMIT 100;
