-- point lookup by id
SELECT id, tags, content, created_at FROM ns_000.entities WHERE id = :point_1;
