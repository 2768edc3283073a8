-- counts per status: value
SELECT tag_value(tags, :group_status_1) AS status, count(*) FROM flat.entities WHERE namespace = :group_status_2 GROUP BY 1 ORDER BY 1;
