-- newest 20 with a tag
SELECT id, tags, content, created_at FROM ns_099.entities WHERE tags @> ARRAY[:newest20_1] ORDER BY created_at DESC LIMIT 20;
