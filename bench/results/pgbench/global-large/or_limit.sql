-- 2-tag OR, LIMIT 100
SELECT id, tags, content, created_at FROM flat.entities WHERE namespace = :or_limit_3 AND tags && ARRAY[:or_limit_1, :or_limit_2] LIMIT 100;
