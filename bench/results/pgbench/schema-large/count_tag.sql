-- count(*) single tag
SELECT count(*) FROM ns_000.entities WHERE tags @> ARRAY[:count_tag_1];
