-- count(*) tag prefix
SELECT count(*) FROM flat.entities WHERE namespace = :count_prefix_2 AND has_tag_like(tags, :count_prefix_1);
