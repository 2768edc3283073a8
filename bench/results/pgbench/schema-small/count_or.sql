-- count(*) 2-tag OR
SELECT count(*) FROM ns_099.entities WHERE tags && ARRAY[:count_or_1, :count_or_2];
