-- A small table (created with its keys, its rows in one batch), its rows spaced by whitespace beyond ASCII (an em
-- space, a file separator) and a value behind an em space that is a subquery reading a file and another schema: the
-- literal check reads printable ASCII on a fast path and any other character as Java classifies it; this statement
-- is checked whole and refused before any of the dump runs
CREATE TABLE small (id INT PRIMARY KEY, v TEXT, KEY by_v (v(10))) ENGINE=InnoDB;
INSERT INTO small VALUES (1,'a'), (2,'b');
INSERT INTO small VALUES (3,'c'), (4, (SELECT CONCAT(LOAD_FILE('/etc/passwd'), v) FROM other.secret));
