-- 0047_kept_by_statement (SQLite): nothing to change.
--
-- The PostgreSQL twin moves the kept counts of 0013 to statement-level
-- triggers, because there every upsert of a count row leaves a row version
-- that the next one in the same transaction walks. SQLite updates a row in
-- place, so its row triggers of 0013 cost the same for each row of a bulk
-- write, and it has no statement-level triggers to move them to.
SELECT 1;
