# a hash comment; with GRANT ALL ON *.* TO evil;
-- a dash comment; DROP DATABASE mysql;
/* a block comment; LOAD_FILE('/etc/passwd'); */
CREATE TABLE t1 (id INT PRIMARY KEY, s VARCHAR(100)) /* trailing; comment */;
INSERT INTO t1 VALUES (1, '*/'), (2, '/*'), (3, '$$'), (4, '#'), (5, '-- '), (6, ';;');  -- after; the row
DELIMITER $$
CREATE PROCEDURE add_row(IN n INT)
BEGIN
  -- a comment in a body; with a delimiter $ inside
  INSERT INTO t1 VALUES (n, CONCAT('row ', n, '; $$ '));
END$$
DELIMITER ;
CREATE TABLE t2 (id INT PRIMARY KEY, parent INT, CONSTRAINT p FOREIGN KEY (parent) REFERENCES t1 (id));
INSERT INTO t2 VALUES (1, 1), (2, NULL);
