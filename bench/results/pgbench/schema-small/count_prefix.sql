-- count(*) tag prefix
SELECT count(*) FROM ns_099.entities WHERE has_tag_like(tags, :count_prefix_1);
