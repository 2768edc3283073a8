-- single tag, LIMIT 100
SELECT id, tags, content, created_at FROM flat.entities WHERE namespace = :tag_limit_2 AND tags @> ARRAY[:tag_limit_1] LIMIT 100;
