-- A table created in this file has no reader yet: changing it breaks nothing.
CREATE TABLE staging_import (id int, payload jsonb);
ALTER TABLE staging_import ADD COLUMN batch int NOT NULL;
ALTER TABLE staging_import ALTER COLUMN id TYPE bigint, ALTER COLUMN id SET NOT NULL;
CREATE INDEX staging_import_batch ON staging_import (batch);
UPDATE staging_import SET batch = 1;
DROP TABLE staging_import;
-- But an existing table in the same file is judged.
ALTER TABLE users ALTER COLUMN id TYPE bigint;
