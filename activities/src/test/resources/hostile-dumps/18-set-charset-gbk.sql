-- a character set whose second byte can be a backslash
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
SET CHARSET gbk;
