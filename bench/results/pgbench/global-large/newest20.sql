-- newest 20 with a tag
SELECT id, tags, content, created_at FROM flat.entities WHERE namespace = :newest20_2 AND tags @> ARRAY[:newest20_1] ORDER BY created_at DESC LIMIT 20;
