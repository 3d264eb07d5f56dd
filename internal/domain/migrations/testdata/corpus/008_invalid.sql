-- A typo on line 4.
ALTER TABLE users ADD COLUMN a int;

ALTER TABEL users DROP COLUMN b;
