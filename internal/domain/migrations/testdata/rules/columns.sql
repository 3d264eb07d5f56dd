-- case: unsafe table-rewrite ADD COLUMN with a volatile DEFAULT
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- case: safe table-rewrite ADD COLUMN with a stable DEFAULT (one value for the statement)
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
-- case: unsafe table-rewrite pg=10 ADD COLUMN with a constant DEFAULT, before PostgreSQL 11
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';
-- case: safe table-rewrite pg=11 ADD COLUMN with a constant DEFAULT, from PostgreSQL 11
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';
-- case: unsafe table-rewrite ADD COLUMN … GENERATED ALWAYS AS … STORED
SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;
-- case: unsafe table-rewrite ADD COLUMN … GENERATED AS IDENTITY
SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
-- case: unsafe table-rewrite ADD COLUMN of a serial type (nextval() for every row)
SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN seq bigserial;
-- case: unsafe table-rewrite ALTER COLUMN … TYPE rewrites
SET lock_timeout = '5s';
ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;
-- case: safe table-rewrite history varchar(n) to a larger n rewrites nothing
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50), bio varchar(200), price numeric(8,2));
-- next migration
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN name TYPE varchar(100), ALTER COLUMN bio TYPE text, ALTER COLUMN price TYPE numeric(12,2);
-- case: unsafe table-rewrite history varchar(n) to a smaller n checks and rewrites
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50));
-- next migration
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN name TYPE varchar(20);
-- case: unsafe alter-column-type changing a column's type in place
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN id TYPE bigint;
-- case: safe alter-column-type history widening to text
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50));
-- next migration
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN name TYPE text;
-- case: unsafe set-not-null SET NOT NULL with no check before it
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: safe set-not-null history after a CHECK (email IS NOT NULL) validated in an earlier migration
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
-- next migration
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
-- next migration
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: unsafe set-not-null ALTER DOMAIN … SET NOT NULL
ALTER DOMAIN email_address SET NOT NULL;
-- case: unsafe set-not-null-scan SET NOT NULL scans the table
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: safe set-not-null-scan pg=12 history a validated CHECK (col IS NOT NULL) spares the scan from PostgreSQL 12
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
-- next migration
SET lock_timeout = '5s';
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: unsafe set-not-null-scan pg=11 history the same before PostgreSQL 12 still scans
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
-- next migration
SET lock_timeout = '5s';
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: unsafe add-column-not-null NOT NULL without a DEFAULT
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;
-- case: unsafe add-column-not-null NOT NULL DEFAULT NULL is no default
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT NULL;
-- case: unsafe add-column-not-null history a column of a NOT NULL domain
CREATE DOMAIN tenant_ref AS bigint NOT NULL;
-- next migration
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN tenant_id tenant_ref;
-- case: safe add-column-not-null history a column of a NOT NULL domain with a DEFAULT
CREATE DOMAIN tenant_ref AS bigint NOT NULL DEFAULT 0;
-- next migration
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN tenant_id tenant_ref;
-- case: safe add-column-not-null NOT NULL with a DEFAULT
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;
-- case: unsafe drop-default DROP DEFAULT
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN plan DROP DEFAULT;
-- case: unsafe drop-default DROP IDENTITY and DROP EXPRESSION
SET lock_timeout = '5s';
ALTER TABLE orders ALTER COLUMN id DROP IDENTITY, ALTER COLUMN total_cents DROP EXPRESSION;
-- case: safe drop-default SET DEFAULT
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'trial';
