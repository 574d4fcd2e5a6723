-- a client command inside a versioned comment the server skips
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
/*M!999999\! touch /tmp/stackpilot-owned-21 */
