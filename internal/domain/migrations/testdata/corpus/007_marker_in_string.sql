SELECT '-- olympus:contract not a comment';
/* -- olympus:contract inside a block comment does not count */
ALTER TABLE users DROP COLUMN email;
