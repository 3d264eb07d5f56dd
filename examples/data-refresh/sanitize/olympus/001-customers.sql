-- Customers: fake names and emails that stay unique, no phone, birth date
-- or IP, and a password hash that no production password matches: hashed
-- with the run's secret key (olympus.hash_key), which no one keeps, so no
-- dictionary of passwords reverses it.
UPDATE customers SET
  email         = 'customer' || id || '@example.invalid',
  full_name     = 'Customer ' || id,
  phone         = NULL,
  birth_date    = NULL,
  signup_ip     = NULL,
  password_hash = encode(sha256(convert_to(current_setting('olympus.hash_key') || password_hash, 'UTF8')), 'hex');
