-- Oracle mode, which changes the grammar
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
SET sql_mode = 'ORACLE';
