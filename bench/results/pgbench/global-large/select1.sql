-- SELECT 1 (round-trip floor)
SELECT 1;
