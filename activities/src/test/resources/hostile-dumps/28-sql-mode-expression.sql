-- an SQL mode computed by an expression
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
SET sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES');
