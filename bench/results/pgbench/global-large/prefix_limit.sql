-- tag prefix, LIMIT 100
SELECT id, tags, content, created_at FROM flat.entities WHERE namespace = :prefix_limit_2 AND has_tag_like(tags, :prefix_limit_1) LIMIT 100;
