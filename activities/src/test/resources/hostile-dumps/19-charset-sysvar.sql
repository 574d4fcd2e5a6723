-- SET @@character_set_client to a multi-byte set
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
SET @@character_set_client = sjis;
