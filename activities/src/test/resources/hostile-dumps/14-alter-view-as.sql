-- ALTER VIEW … AS reading a system table
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
ALTER VIEW v AS SELECT * FROM mysql.global_priv;
