-- olympus:contract orders.shipped unread since release 1.4, which every environment runs
-- Contract: the old flag goes, one release after the expand.
ALTER TABLE orders DROP COLUMN shipped;
