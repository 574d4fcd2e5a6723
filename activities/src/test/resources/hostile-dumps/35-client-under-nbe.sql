-- rows only the client can load, under a mode in which the client and the server read quotes differently
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
SET sql_mode = 'NO_BACKSLASH_ESCAPES';
SET NAMES latin1;
INSERT INTO t VALUES (1, 'café\');
