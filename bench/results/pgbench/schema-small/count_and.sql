-- count(*) 2-tag AND
SELECT count(*) FROM ns_099.entities WHERE tags @> ARRAY[:count_and_1, :count_and_2];
