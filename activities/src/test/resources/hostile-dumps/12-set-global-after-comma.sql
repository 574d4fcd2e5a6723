-- SET GLOBAL after a harmless assignment
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
SET @a = 1, GLOBAL general_log = 1;
