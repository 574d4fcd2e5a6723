-- CREATE TABLE … SELECT reading a system table
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
CREATE TABLE stolen AS SELECT * FROM mysql.global_priv;
