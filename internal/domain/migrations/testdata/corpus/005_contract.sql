-- Contract phase of the email → contact_email move (expand was 0042).
-- olympus:contract users.email unread since release 2024.11 (PR #812)
ALTER TABLE users DROP COLUMN email;
DROP INDEX CONCURRENTLY users_email_idx;
CREATE INDEX users_contact_idx ON users (contact_email);
