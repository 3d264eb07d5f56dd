-- Expand phase: everything here is backward-compatible.
-- Words such as DROP TABLE users; or TRUNCATE in comments are not statements.
/* DROP COLUMN users.email in a block comment, too */
CREATE TABLE IF NOT EXISTS accounts (
    id          bigserial PRIMARY KEY,
    email       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE users ADD COLUMN display_name text;
ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';
ALTER TABLE users ADD COLUMN IF NOT EXISTS signup_id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;
ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'trial';

CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (lower(email));

UPDATE users SET plan = 'pro' WHERE id IN (SELECT user_id FROM subscriptions);
DELETE FROM sessions WHERE expires_at < now() - interval '30 days';

INSERT INTO audit_log (message) VALUES ('DROP TABLE users; TRUNCATE accounts');
SELECT $$ ALTER TABLE users DROP COLUMN email $$ AS not_a_statement;
COMMENT ON COLUMN users.plan IS 'DROP DEFAULT later, RENAME COLUMN never';
ALTER INDEX users_email_idx RENAME TO users_lower_email_idx;
ALTER TABLE users RENAME CONSTRAINT users_pk TO users_pkey;
