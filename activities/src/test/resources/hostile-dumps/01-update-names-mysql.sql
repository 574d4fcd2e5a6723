-- top-level UPDATE of a system table: root without a password after the next privilege reload
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
UPDATE mysql.global_priv SET priv = '{}' WHERE User = 'root';
