-- case: unsafe lock-timeout DDL on an existing table in a file that sets no lock_timeout
ALTER TABLE users ADD COLUMN nickname text;
-- case: unsafe lock-timeout lock_timeout = 0 turns the timeout off
SET lock_timeout = 0;
ALTER TABLE users ADD COLUMN nickname text;
-- case: unsafe lock-timeout lock_timeout set only after the first lock
ALTER TABLE users ADD COLUMN nickname text;
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN avatar text;
-- case: unsafe lock-timeout SET LOCAL ends with its transaction block
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
ALTER TABLE users ADD COLUMN avatar text;
-- case: safe lock-timeout SET lock_timeout first
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN nickname text;
-- case: safe lock-timeout SET LOCAL inside the transaction block
BEGIN;
SET LOCAL lock_timeout TO '3s';
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
-- case: safe lock-timeout set_config()
SELECT set_config('lock_timeout', '2000', false);
ALTER TABLE users ADD COLUMN nickname text;
-- case: safe lock-timeout only tables created in the same file
CREATE TABLE invoices (id bigint PRIMARY KEY);
ALTER TABLE invoices ADD COLUMN total numeric;
-- case: unsafe vacuum-full VACUUM FULL rewrites under an exclusive lock
SET lock_timeout = '5s';
VACUUM FULL users;
-- case: unsafe vacuum-full VACUUM (FULL) of the whole database
SET lock_timeout = '5s';
VACUUM (FULL, ANALYZE);
-- case: safe vacuum-full plain VACUUM blocks no reads or writes
VACUUM (ANALYZE) users;
-- case: unsafe cluster CLUSTER rewrites under an exclusive lock
SET lock_timeout = '5s';
CLUSTER users USING users_pkey;
-- case: safe cluster CLUSTER of a table created in the same file
CREATE TABLE scratch (a int PRIMARY KEY);
CLUSTER scratch USING scratch_pkey;
-- case: unsafe detach-partition DETACH PARTITION takes its rows from the running version's queries
SET lock_timeout = '5s';
ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;
-- case: safe detach-partition ATTACH PARTITION
SET lock_timeout = '5s';
ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- case: unsafe detach-partition-blocking pg=16 DETACH PARTITION without CONCURRENTLY
SET lock_timeout = '5s';
ALTER TABLE events DETACH PARTITION events_2023;
-- case: unsafe detach-partition-blocking pg=13 DETACH PARTITION before PostgreSQL 14, which has no CONCURRENTLY
SET lock_timeout = '5s';
ALTER TABLE events DETACH PARTITION events_2023;
-- case: safe detach-partition-blocking DETACH PARTITION … CONCURRENTLY
-- olympus:contract events_2023 archived and unread since release 31
SET lock_timeout = '5s';
ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;
