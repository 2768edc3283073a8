-- tag prefix, LIMIT 100
SELECT id, tags, content, created_at FROM ns_000.entities WHERE has_tag_like(tags, :prefix_limit_1) LIMIT 100;
