-- Version 2: changes to version-1 tables (ALTER TABLE), run before the new tables.
SELECT 1;
