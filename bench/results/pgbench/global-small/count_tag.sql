-- count(*) single tag
SELECT count(*) FROM flat.entities WHERE namespace = :count_tag_2 AND tags @> ARRAY[:count_tag_1];
