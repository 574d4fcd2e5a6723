-- a view naming a system table in three parts
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
CREATE VIEW v AS SELECT mysql.global_priv.priv FROM mysql.global_priv;
