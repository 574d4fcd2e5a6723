-- LOAD_FILE in a row after strings with doubled quotes, escaped backslashes and escaped quotes, and strings without any
CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(200), b VARCHAR(200), c TEXT);
INSERT INTO t VALUES (1,'it''s','a\\b','c\'d'),(2,'no backslash here','again none',LOAD_FILE('/etc/passwd'));
