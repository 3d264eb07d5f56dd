-- case: unsafe constraint-without-not-valid FOREIGN KEY checked at once
SET lock_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
-- case: safe constraint-without-not-valid FOREIGN KEY NOT VALID, then VALIDATE CONSTRAINT in a later statement
SET lock_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
-- case: unsafe constraint-without-not-valid CHECK checked at once
SET lock_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);
-- case: safe constraint-without-not-valid history CHECK NOT VALID, then VALIDATE CONSTRAINT in a later migration
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
-- next migration
SET lock_timeout = '5s';
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
-- case: unsafe add-check-constraint a CHECK validated at once tightens the running version's writes
SET lock_timeout = '5s';
ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email LIKE '%@%');
-- case: safe add-check-constraint CHECK NOT VALID, once every writer complies
SET lock_timeout = '5s';
ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email LIKE '%@%') NOT VALID;
-- case: unsafe add-check-constraint ALTER DOMAIN … ADD CONSTRAINT tightens every column of the domain
ALTER DOMAIN email_address ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
-- case: safe add-check-constraint ALTER DOMAIN on a domain created in the same file
CREATE DOMAIN email_address AS text;
ALTER DOMAIN email_address ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
-- case: unsafe constraint-without-index PRIMARY KEY builds its index under the lock
SET lock_timeout = '5s';
ALTER TABLE events ADD PRIMARY KEY (id);
-- case: unsafe constraint-without-index UNIQUE builds its index under the lock
SET lock_timeout = '5s';
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
-- case: safe constraint-without-index UNIQUE USING INDEX built CONCURRENTLY
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
SET lock_timeout = '5s';
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
-- case: unsafe drop-constraint DROP CONSTRAINT
SET lock_timeout = '5s';
ALTER TABLE orders DROP CONSTRAINT orders_user_fk;
-- case: safe drop-constraint a constraint dropped and added back under the same name in one statement
SET lock_timeout = '5s';
ALTER TABLE orders DROP CONSTRAINT orders_total_check, ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
