-- Expand: a status column that replaces the old "shipped" flag. The old
-- version keeps working (it neither reads nor writes status); the new one
-- writes both until every reader uses status.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status ON orders (status);
UPDATE orders SET status = 'shipped' WHERE shipped AND status = 'new';
