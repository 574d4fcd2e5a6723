-- reading another application's schema after a comma: privileges stop it
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
UPDATE t, other.secret s SET t.v = s.v;
