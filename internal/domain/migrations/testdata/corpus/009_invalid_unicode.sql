-- Ünïcödé before the error: the line must still be right.
SELECT 'é', 'ü';
SELECT 1 +;
