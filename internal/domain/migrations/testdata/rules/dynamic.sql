-- case: unsafe cannot-judge EXECUTE of a string built at run time
DO $$
BEGIN
  EXECUTE format('ALTER TABLE %I DROP COLUMN legacy', 'users');
END $$;
-- case: unsafe cannot-judge a DO block in another language
DO LANGUAGE plpython3u $$ plpy.execute("DROP TABLE users") $$;
-- case: unsafe cannot-judge dblink_exec
SELECT dblink_exec('dbname=app', 'DROP TABLE users');
-- case: unsafe cannot-judge SET standard_conforming_strings = off makes the rest unjudgeable
SET standard_conforming_strings = off;
SELECT 'it\'s'; DROP TABLE users; --';
-- case: unsafe cannot-judge psql \gexec runs what the query returns
SELECT format('DROP TABLE %I', tablename) FROM pg_tables WHERE schemaname = 'legacy' \gexec
-- case: unsafe cannot-judge a function in another language created and called
CREATE FUNCTION purge() RETURNS void LANGUAGE plperl AS $$ spi_exec_query('TRUNCATE users'); $$;
SELECT purge();
-- case: safe cannot-judge EXECUTE of a constant string is judged as written
DO $$ BEGIN EXECUTE 'DELETE FROM sessions WHERE expires_at < now()'; END $$;
-- case: safe cannot-judge psql \set lines are psql's, not SQL
\set ON_ERROR_STOP on
CREATE TABLE invoices (id bigint);
-- case: unsafe delete-without-where a procedure created in the file and then called is judged by its body
CREATE PROCEDURE reset_sessions() LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sessions;
END $$;
CALL reset_sessions();
-- case: unsafe truncate an SQL function created in the file and then called
CREATE FUNCTION wipe() RETURNS void LANGUAGE sql AS $$ TRUNCATE audit_log $$;
SELECT wipe();
-- case: unsafe drop-table a BEGIN ATOMIC function called through PERFORM in a DO block
CREATE FUNCTION retire() RETURNS void BEGIN ATOMIC DELETE FROM legacy WHERE true; DROP TABLE legacy; END;
DO $$ BEGIN PERFORM retire(); END $$;
-- case: safe delete-without-where a function created but not called runs nothing
CREATE FUNCTION reset_sessions() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM sessions; END $$;
