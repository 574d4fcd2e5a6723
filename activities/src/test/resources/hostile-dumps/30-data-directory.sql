-- a table whose files the server writes outside its data directory (MariaDB allows DATA DIRECTORY without FILE)
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
CREATE TABLE elsewhere (id INT) DATA DIRECTORY = '/tmp';
