-- Customers: fake names and emails that stay unique, no phone, birth date
-- or IP, and a password hash that no production password matches.
UPDATE customers SET
  email         = 'customer' || id || '@example.invalid',
  full_name     = 'Customer ' || id,
  phone         = NULL,
  birth_date    = NULL,
  signup_ip     = NULL,
  password_hash = md5('sanitized:' || id || ':' || password_hash);
