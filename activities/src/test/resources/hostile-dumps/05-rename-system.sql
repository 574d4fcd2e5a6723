-- RENAME of a system table into the application database
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
RENAME TABLE mysql.global_priv TO demo.stolen;
