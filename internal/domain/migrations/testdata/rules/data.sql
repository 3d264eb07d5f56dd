-- case: unsafe truncate TRUNCATE
TRUNCATE audit_log;
-- case: safe truncate TRUNCATE of a table created in the same file
CREATE TEMP TABLE staging (id bigint);
TRUNCATE staging;
-- case: unsafe delete-without-where DELETE without WHERE
DELETE FROM sessions;
-- case: unsafe delete-without-where WHERE 1 = 1
DELETE FROM sessions WHERE 1 = 1;
-- case: unsafe delete-without-where WHERE id = id
DELETE FROM sessions WHERE id = id;
-- case: unsafe delete-without-where WHERE NOT false
DELETE FROM sessions WHERE NOT false;
-- case: unsafe delete-without-where WHERE true AND true
DELETE FROM sessions WHERE true AND true;
-- case: unsafe delete-without-where WHERE id IS NOT NULL on the primary key
DELETE FROM sessions s WHERE s.id IS NOT NULL;
-- case: unsafe delete-without-where history IS NOT NULL on a primary key an earlier migration declared
CREATE TABLE sessions (token text PRIMARY KEY, user_id bigint);
-- next migration
DELETE FROM sessions WHERE token IS NOT NULL OR user_id = 3;
-- case: safe delete-without-where a WHERE that selects rows
DELETE FROM sessions WHERE expires_at < now() - interval '30 days';
-- case: safe delete-without-where history IS NOT NULL on a nullable column
CREATE TABLE sessions (id bigint PRIMARY KEY, revoked_at timestamptz);
-- next migration
DELETE FROM sessions WHERE revoked_at IS NOT NULL;
-- case: unsafe update-without-where UPDATE without WHERE
UPDATE users SET plan = 'free';
-- case: unsafe update-without-where WHERE 'a' = 'a'
UPDATE users SET plan = 'free' WHERE 'a' = 'a';
-- case: safe update-without-where a backfill in batches
UPDATE users SET plan = 'free' WHERE plan IS NULL AND id BETWEEN 1 AND 10000;
-- case: unsafe merge-delete MERGE … WHEN MATCHED THEN DELETE
MERGE INTO sessions s USING users u ON s.user_id = u.id WHEN MATCHED THEN DELETE;
-- case: safe merge-delete WHEN MATCHED AND a condition THEN DELETE
MERGE INTO sessions s USING users u ON s.user_id = u.id WHEN MATCHED AND u.deleted_at IS NOT NULL THEN DELETE;
