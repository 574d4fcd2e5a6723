-- reading another application's schema in a FROM list: the policy lets it through, privileges stop it
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
INSERT INTO t SELECT 5, s.v FROM t AS x, other.secret AS s;
