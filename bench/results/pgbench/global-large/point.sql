-- point lookup by id
SELECT id, tags, content, created_at FROM flat.entities WHERE namespace = :point_2 AND id = :point_1;
