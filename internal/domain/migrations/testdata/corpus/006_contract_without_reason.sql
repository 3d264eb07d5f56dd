-- olympus:contract
ALTER TABLE users DROP COLUMN email;
