-- INSERT … SELECT reading a system table
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
INSERT INTO t SELECT 2, User FROM mysql.global_priv LIMIT 1;
