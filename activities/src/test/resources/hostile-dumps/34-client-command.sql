-- a client command outside strings
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
\! touch /tmp/stackpilot-owned-34
