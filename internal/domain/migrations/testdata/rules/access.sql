-- case: unsafe revoke REVOKE from the application's role
REVOKE SELECT, UPDATE ON orders FROM app;
-- case: unsafe revoke REVOKE of a role
REVOKE app_writer FROM app;
-- case: safe revoke GRANT
GRANT SELECT ON orders TO reporting;
-- case: unsafe owner-to ALTER TABLE … OWNER TO
SET lock_timeout = '5s';
ALTER TABLE orders OWNER TO migrations_owner;
-- case: unsafe owner-to ALTER FUNCTION … OWNER TO
ALTER FUNCTION compute_total(integer) OWNER TO migrations_owner;
-- case: safe owner-to OWNER TO of a table created in the same file
CREATE TABLE invoices (id bigint);
ALTER TABLE invoices OWNER TO app;
-- case: unsafe rule-instead-nothing CREATE RULE … DO INSTEAD NOTHING
SET lock_timeout = '5s';
CREATE RULE orders_readonly AS ON UPDATE TO orders DO INSTEAD NOTHING;
-- case: safe rule-instead-nothing a rule that does something
SET lock_timeout = '5s';
CREATE RULE orders_log AS ON UPDATE TO orders DO ALSO INSERT INTO orders_log VALUES (NEW.id);
-- case: unsafe enable-rls ENABLE ROW LEVEL SECURITY on an existing table
SET lock_timeout = '5s';
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
-- case: safe enable-rls on a table created in the same file
CREATE TABLE invoices (id bigint, tenant text);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
