-- case: unsafe create-index-blocking CREATE INDEX on a table the running version writes
SET lock_timeout = '5s';
CREATE INDEX users_plan_idx ON users (plan);
-- case: safe create-index-blocking CREATE INDEX CONCURRENTLY
CREATE INDEX CONCURRENTLY users_plan_idx ON users (plan);
-- case: safe create-index-blocking CREATE INDEX on a table created in the same file
CREATE TABLE invoices (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX invoices_user_idx ON invoices (user_id);
-- case: unsafe drop-index-blocking DROP INDEX without CONCURRENTLY
SET lock_timeout = '5s';
DROP INDEX users_plan_idx;
-- case: safe drop-index-blocking DROP INDEX CONCURRENTLY loses no data and blocks nothing
DROP INDEX CONCURRENTLY users_plan_idx;
-- case: safe drop-index-blocking DROP INDEX CONCURRENTLY of an index created in the same file
CREATE INDEX CONCURRENTLY users_tmp_idx ON users (plan);
DROP INDEX CONCURRENTLY public.users_tmp_idx;
-- case: safe drop-index-blocking DROP INDEX of an index on a table created in the same file
CREATE TABLE scratch (a int);
CREATE INDEX scratch_a ON scratch (a);
DROP INDEX scratch_a;
-- case: unsafe concurrently-in-transaction CREATE INDEX CONCURRENTLY inside BEGIN … COMMIT fails
BEGIN;
CREATE INDEX CONCURRENTLY users_plan_idx ON users (plan);
COMMIT;
-- case: unsafe concurrently-in-transaction DROP INDEX CONCURRENTLY inside a DO block fails
DO $$ BEGIN DROP INDEX CONCURRENTLY users_plan_idx; END $$;
-- case: safe concurrently-in-transaction CREATE INDEX CONCURRENTLY after the transaction block
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE users ADD COLUMN plan text;
COMMIT;
CREATE INDEX CONCURRENTLY users_plan_idx ON users (plan);
-- case: unsafe reindex-blocking pg=16 REINDEX without CONCURRENTLY
SET lock_timeout = '5s';
REINDEX INDEX users_plan_idx;
-- case: unsafe reindex-blocking pg=11 REINDEX before PostgreSQL 12, which has no CONCURRENTLY
SET lock_timeout = '5s';
REINDEX TABLE users;
-- case: safe reindex-blocking REINDEX CONCURRENTLY
REINDEX INDEX CONCURRENTLY users_plan_idx;
