-- count(*) tag prefix
SELECT count(*) FROM ns_000.entities WHERE has_tag_like(tags, :count_prefix_1);
