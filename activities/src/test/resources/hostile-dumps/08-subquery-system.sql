-- a subquery reading a system table in an UPDATE
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
UPDATE t SET v = (SELECT priv FROM mysql.global_priv LIMIT 1);
