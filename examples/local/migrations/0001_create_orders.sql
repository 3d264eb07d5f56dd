-- The orders table of the local example's database.
CREATE TABLE orders (
    id          bigserial PRIMARY KEY,
    customer    text NOT NULL,
    total_cents bigint NOT NULL DEFAULT 0,
    shipped     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
