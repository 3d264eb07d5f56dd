-- case: unsafe drop-column a temporary table ON COMMIT DROP is gone after COMMIT: the name reaches the real table
BEGIN;
CREATE TEMP TABLE users (id bigint, email text) ON COMMIT DROP;
COMMIT;
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN email;
-- case: unsafe drop-column a temporary table ON COMMIT DROP outside a transaction block is gone at once
CREATE TEMP TABLE users (id bigint, email text) ON COMMIT DROP;
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN email;
-- case: unsafe drop-column DISCARD TEMP drops the temporary tables
CREATE TEMP TABLE users (id bigint, email text);
DISCARD TEMP;
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN email;
-- case: safe drop-column a temporary table inside its transaction block
BEGIN;
CREATE TEMP TABLE users (id bigint, email text) ON COMMIT DROP;
ALTER TABLE users DROP COLUMN email;
COMMIT;
-- case: unsafe drop-column search_path changed: the same name is another table
CREATE TABLE users (id bigint, email text);
SET search_path TO billing;
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN email;
-- case: unsafe drop-column a schema-qualified name in another schema is another table
CREATE TABLE users (id bigint, email text);
SET lock_timeout = '5s';
ALTER TABLE billing.users DROP COLUMN email;
-- case: safe drop-column a schema-qualified second reference to the table created in the file
CREATE TABLE users (id bigint, email text);
ALTER TABLE public.users DROP COLUMN email;
-- case: safe drop-column created under the search_path it is changed under
SET search_path = billing, public;
CREATE TABLE invoices (id bigint, legacy text);
ALTER TABLE billing.invoices DROP COLUMN legacy;
ALTER TABLE invoices ADD COLUMN total numeric;
