-- top-level DELETE from a system table
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
DELETE FROM mysql.global_priv WHERE User = 'root';
