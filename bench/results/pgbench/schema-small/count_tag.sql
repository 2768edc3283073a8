-- count(*) single tag
SELECT count(*) FROM ns_099.entities WHERE tags @> ARRAY[:count_tag_1];
