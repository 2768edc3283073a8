-- count(*) 2-tag AND
SELECT count(*) FROM flat.entities WHERE namespace = :count_and_3 AND tags @> ARRAY[:count_and_1, :count_and_2];
