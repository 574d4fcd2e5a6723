-- REPLACE INTO a system table
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
REPLACE INTO mysql.global_priv VALUES ('%', 'evil', '{}');
