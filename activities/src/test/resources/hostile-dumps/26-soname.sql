-- a function from a shared library
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
CREATE FUNCTION f RETURNS INTEGER SONAME 'stackpilot_owned.so';
