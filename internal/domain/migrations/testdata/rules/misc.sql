-- case: unsafe invalid-sql SQL PostgreSQL refuses
ALTER TABLE users ADD COLUMN;
-- case: unsafe contract-without-reason a contract marker without a reason
-- olympus:contract
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN email;
