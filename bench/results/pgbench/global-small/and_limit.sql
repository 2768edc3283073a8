-- 2-tag AND, LIMIT 100
SELECT id, tags, content, created_at FROM flat.entities WHERE namespace = :and_limit_3 AND tags @> ARRAY[:and_limit_1, :and_limit_2] LIMIT 100;
