-- counts per status: value
SELECT tag_value(tags, :group_status_1) AS status, count(*) FROM ns_000.entities GROUP BY 1 ORDER BY 1;
