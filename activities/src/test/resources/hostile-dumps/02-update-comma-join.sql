-- UPDATE joining a system table after a comma
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
UPDATE t, mysql.global_priv g SET g.priv = '{}' WHERE t.id = 1;
