-- ALTER TABLE moving a table's files outside the data directory
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
ALTER TABLE t INDEX DIRECTORY = '/tmp';
