-- count(*) 2-tag OR
SELECT count(*) FROM flat.entities WHERE namespace = :count_or_3 AND tags && ARRAY[:count_or_1, :count_or_2];
