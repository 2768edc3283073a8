-- point lookup by id
SELECT id, tags, content, created_at FROM ns_099.entities WHERE id = :point_1;
