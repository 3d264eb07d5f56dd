-- PostgreSQL spellings of the same destructive changes.
alter table only "Users"
    drop column if exists "Email" cascade;

ALTER TABLE app.users
    ADD COLUMN nickname text,          -- fine
    ALTER email SET DATA TYPE varchar(320),
    ALTER COLUMN nickname SET DEFAULT '',
    DROP CONSTRAINT IF EXISTS users_email_check;

alter table users alter column created_at type timestamptz using created_at at time zone 'UTC';

DELETE FROM ONLY sessions AS s USING users u;
UPDATE ONLY users u SET plan = p.plan FROM plans p;
TRUNCATE TABLE ONLY a, b RESTART IDENTITY;
WITH gone AS (DELETE FROM carts RETURNING id) SELECT count(*) FROM gone;
EXPLAIN ANALYZE UPDATE users SET plan = 'x';
ALTER TABLE users ADD COLUMN ref uuid PRIMARY KEY;
