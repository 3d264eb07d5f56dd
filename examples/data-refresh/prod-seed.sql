-- Production's database for the data-refresh demo and benchmark: {{rows}}
-- fake people (no real person), their orders and the countries they live
-- in. scripts/demo-data-refresh.sh loads it into the SQL Admin emulator's
-- "prod" instance.
CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);
INSERT INTO countries VALUES ('FR', 'France'), ('DE', 'Germany'), ('GB', 'United Kingdom'), ('IT', 'Italy');

CREATE TABLE customers (
  id           bigint PRIMARY KEY,
  email        text NOT NULL UNIQUE,
  full_name    text NOT NULL,
  phone        text,
  birth_date   date,
  password_hash text NOT NULL,
  country      text REFERENCES countries,
  signup_ip    inet,
  created_at   timestamptz NOT NULL
);
INSERT INTO customers
SELECT i,
       'customer' || i || '@mail.example',
       (ARRAY['Alice','Bruno','Chiara','Dmitri','Eva'])[1 + i % 5] || ' ' || (ARRAY['Martin','Rossi','Schmidt','Dupont','Smith'])[1 + (i / 5) % 5] || ' ' || i,
       '+33 6 ' || lpad(i::text, 8, '0'),
       date '1960-01-01' + (i % 15000),
       md5('password' || i),
       (ARRAY['FR','DE','GB','IT'])[1 + i % 4],
       ('10.' || (i / 65536) % 256 || '.' || (i / 256) % 256 || '.' || i % 256)::inet,
       now() - (i || ' minutes')::interval
FROM generate_series(1, {{rows}}) i;

CREATE TABLE orders (
  id               bigint PRIMARY KEY,
  customer_id      bigint NOT NULL REFERENCES customers,
  shipping_address text,
  total_cents      int NOT NULL,
  gift_message     text
);
INSERT INTO orders
SELECT i, 1 + i % {{rows}}, i || ' rue de la Paix, 75002 Paris', 100 + i % 90000, repeat('Happy birthday! ', 1 + i % 40)
FROM generate_series(1, 2 * {{rows}}) i;
