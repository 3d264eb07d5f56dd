-- case: unsafe drop-table DROP TABLE
DROP TABLE legacy_orders;
-- case: safe drop-table DROP TABLE of a table created in the same file, named with its schema
CREATE TABLE scratch (id bigint);
DROP TABLE public.scratch;
-- case: unsafe drop-column DROP COLUMN
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN email;
-- case: safe drop-column DROP COLUMN in the contract phase
-- olympus:contract users.email unread since release 2024.11
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN email;
-- case: unsafe drop-schema DROP SCHEMA
DROP SCHEMA reporting CASCADE;
-- case: safe drop-schema CREATE SCHEMA
CREATE SCHEMA reporting;
-- case: unsafe drop-object DROP TRIGGER
SET lock_timeout = '5s';
DROP TRIGGER users_audit ON users;
-- case: unsafe drop-object DROP POLICY, DROP RULE, DROP CAST, DROP PUBLICATION, DROP SUBSCRIPTION
SET lock_timeout = '5s';
DROP POLICY tenant_isolation ON orders;
DROP RULE orders_log ON orders;
DROP CAST (text AS money);
DROP PUBLICATION analytics;
DROP SUBSCRIPTION from_legacy;
-- case: unsafe drop-object ALTER TYPE … DROP ATTRIBUTE
ALTER TYPE address DROP ATTRIBUTE zip;
-- case: safe drop-object DROP TRIGGER on a table created in the same file
CREATE TABLE scratch (id bigint);
CREATE TRIGGER scratch_t BEFORE INSERT ON scratch FOR EACH ROW EXECUTE FUNCTION noop();
DROP TRIGGER scratch_t ON scratch;
-- case: unsafe rename-table RENAME TABLE
SET lock_timeout = '5s';
ALTER TABLE users RENAME TO customers;
-- case: safe rename-table RENAME a table created in the same file
CREATE TABLE staging (id bigint);
ALTER TABLE staging RENAME TO staging_v2;
-- case: unsafe rename-column RENAME COLUMN
SET lock_timeout = '5s';
ALTER TABLE users RENAME COLUMN name TO full_name;
-- case: safe rename-column RENAME CONSTRAINT and ALTER INDEX … RENAME
SET lock_timeout = '5s';
ALTER TABLE users RENAME CONSTRAINT users_pk TO users_pkey;
ALTER INDEX users_email_idx RENAME TO users_lower_email_idx;
-- case: unsafe rename-object ALTER TYPE … RENAME VALUE
ALTER TYPE order_status RENAME VALUE 'shipped' TO 'sent';
-- case: unsafe rename-object ALTER TYPE … RENAME TO and SET SCHEMA
ALTER TYPE order_status RENAME TO order_state;
ALTER TYPE order_state SET SCHEMA billing;
-- case: unsafe rename-object ALTER FUNCTION … RENAME and ALTER SEQUENCE … SET SCHEMA
ALTER FUNCTION compute_total(integer) RENAME TO total;
ALTER SEQUENCE invoice_numbers SET SCHEMA billing;
-- case: safe rename-object ALTER TYPE … ADD VALUE
ALTER TYPE order_status ADD VALUE 'returned';
