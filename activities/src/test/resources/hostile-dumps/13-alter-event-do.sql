-- ALTER EVENT … DO reaching a system table
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
ALTER EVENT e ON SCHEDULE EVERY 1 MINUTE DO UPDATE mysql.global_priv SET priv = '{}';
