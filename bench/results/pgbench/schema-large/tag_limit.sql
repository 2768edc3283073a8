-- single tag, LIMIT 100
SELECT id, tags, content, created_at FROM ns_000.entities WHERE tags @> ARRAY[:tag_limit_1] LIMIT 100;
