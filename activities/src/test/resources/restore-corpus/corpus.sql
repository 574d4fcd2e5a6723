-- The restore engine's correctness corpus: loaded by the mariadb client into the source database, dumped with
-- mariadb-dump, restored by the engine; every table's CHECKSUM TABLE and every object's definition must match.
SET NAMES utf8mb4;

CREATE TABLE every_type (
  id INT NOT NULL AUTO_INCREMENT,
  t TINYINT, tu TINYINT UNSIGNED, s SMALLINT, m MEDIUMINT, i INT UNSIGNED, b BIGINT, bu BIGINT UNSIGNED,
  d DECIMAL(30,10), f FLOAT, dbl DOUBLE, bits BIT(13), bool_col BOOLEAN,
  dt DATE, dtt DATETIME(6), ts TIMESTAMP(3) NULL, tm TIME(2), y YEAR,
  c CHAR(10), vc VARCHAR(300), bin BINARY(8), vbin VARBINARY(300),
  tt TINYTEXT, tx TEXT, mt MEDIUMTEXT, lt LONGTEXT, tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB,
  e ENUM('a', 'b', 'c d'), st SET('x', 'y', 'z'), j JSON, g GEOMETRY, p POINT, ip INET6, u UUID,
  latin VARCHAR(50) CHARACTER SET latin1,
  PRIMARY KEY (id),
  KEY by_vc (vc(20)),
  KEY by_dt_b (dt, b),
  UNIQUE KEY by_u (u)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO every_type (t, tu, s, m, i, b, bu, d, f, dbl, bits, bool_col, dt, dtt, ts, tm, y, c, vc, bin, vbin,
  tt, tx, mt, lt, tb, bl, mb, lb, e, st, j, g, p, ip, u, latin) VALUES
(-128, 255, -32768, 8388607, 4294967295, -9223372036854775808, 18446744073709551615, -12345678901234567890.0123456789,
  3.25e-10, -1.7976931348623157e308, b'1010101010101', TRUE, '1000-01-01', '9999-12-31 23:59:59.999999',
  '2038-01-19 03:14:07.499', '-838:59:58.99', 1901, 'ten chars!', 'quote '' double " backslash \\ semicolon ; end',
  X'00FF00FF00FF00FF', X'000102030405060708090A0B0C0D0E0F', 'tiny', 'newline\nand tab\tand return\r',
  'comment -- not a comment /* nor this */ # nor this', 'DELIMITER ;;', X'DEADBEEF', X'00', RANDOM_BYTES(1000),
  REPEAT(X'C3A9', 200), 'c d', 'x,z', '{"a": [1, 2, {"b": null}], "ü": "😀"}', ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'),
  POINT(1.5, -2.25), '2001:db8::1', '123e4567-e89b-12d3-a456-426614174000', 'café'),
(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'0', FALSE, '2026-12-01', '2026-12-01 02:00:00', '2026-12-01 02:00:00', '00:00:00', 2026,
  '', '', X'', X'', '', '', '', '', X'', X'', X'', X'', 'a', '', '[]', NULL, NULL, '::', NULL, ''),
(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, b'1', TRUE, '2000-02-29', '2000-02-29 12:00:00', '1970-01-01 00:00:01', '12:00:00', 2000,
  '日本語', 'Ελληνικά русский 中文 עברית العربية 🎉🚀', X'0102', X'5C275C22', '🙂', REPEAT('long text ', 6000),
  REPEAT('m', 70000), REPEAT('🦄', 300000), X'5C', X'27', X'22', RANDOM_BYTES(255), 'b', 'x,y,z', '"scalar"', NULL,
  NULL, '::ffff:10.0.0.1', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'Grüße');

-- A row of several MB: one statement larger than a batch.
INSERT INTO every_type (lb, vc) SELECT RANDOM_BYTES(1024), 'huge' FROM seq_1_to_1;
SET SESSION group_concat_max_len = 16777216;
UPDATE every_type SET lb = (SELECT GROUP_CONCAT(RANDOM_BYTES(1024) SEPARATOR '') FROM seq_1_to_3000) WHERE vc = 'huge';

-- Many rows in one table, with secondary indexes on random keys, as call records are.
CREATE TABLE calls (
  id BIGINT NOT NULL AUTO_INCREMENT,
  caller VARCHAR(20) NOT NULL,
  callee VARCHAR(20) NOT NULL,
  started DATETIME NOT NULL,
  seconds INT NOT NULL,
  account_id INT,
  PRIMARY KEY (id),
  KEY by_caller (caller),
  KEY by_started (started, callee),
  KEY by_account (account_id)
) ENGINE=InnoDB;
INSERT INTO calls (caller, callee, started, seconds, account_id)
  SELECT CONCAT('+49', LPAD(CRC32(seq) % 1000000000, 10, '0')), CONCAT('+1', LPAD(CRC32(seq * 7) % 1000000000, 10, '0')),
    '2026-01-01' + INTERVAL (CRC32(seq * 3) % 30000000) SECOND, seq % 3600, 1 + seq % 3
  FROM seq_1_to_60000;

-- Foreign keys across tables, a self reference and a cycle.
CREATE TABLE accounts (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  parent_id INT NULL,
  primary_note_id INT NULL,
  UNIQUE KEY by_name (name),
  CONSTRAINT account_parent FOREIGN KEY (parent_id) REFERENCES accounts (id) ON DELETE SET NULL
) ENGINE=InnoDB;
CREATE TABLE notes (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id INT NOT NULL,
  body TEXT,
  CONSTRAINT note_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB;
INSERT INTO accounts (name, parent_id) VALUES ('root', NULL), ('child', 1), ('grandchild', 2);
INSERT INTO notes (account_id, body) VALUES (1, 'first'), (2, 'second'), (3, NULL);
UPDATE accounts SET primary_note_id = id;
ALTER TABLE accounts ADD CONSTRAINT account_note FOREIGN KEY (primary_note_id) REFERENCES notes (id);
ALTER TABLE calls ADD CONSTRAINT call_account FOREIGN KEY (account_id) REFERENCES accounts (id);

-- Generated columns, stored and virtual, one of them indexed.
CREATE TABLE invoices (
  id INT PRIMARY KEY,
  net DECIMAL(10,2) NOT NULL,
  rate DECIMAL(4,2) NOT NULL,
  gross DECIMAL(12,2) AS (net * (1 + rate / 100)) STORED,
  label VARCHAR(40) AS (CONCAT('INV-', LPAD(id, 6, '0'))) VIRTUAL,
  KEY by_gross (gross),
  KEY by_label (label)
) ENGINE=InnoDB;
INSERT INTO invoices (id, net, rate) SELECT seq, seq * 1.5, 19 FROM seq_1_to_500;

-- Tables without a primary key: with a unique key (it clusters the rows), without any key, and empty ones.
CREATE TABLE settings (name VARCHAR(50) NOT NULL, value TEXT, UNIQUE KEY by_name (name), KEY by_value (value(10)));
INSERT INTO settings VALUES ('a', '1'), ('b', NULL), ('c', 'three');
-- Values a tab-separated line would misread unless escaped.
INSERT INTO settings VALUES ('tab\tnewline\nreturn\r', 'back\\slash, \\N, \\t, a \\ at the end\\'),
  ('\\N', '\\'), ('NULL', 'NULL'), ('nul', CONCAT('a', CHAR(0), 'b')), ('like', 'per\\%cent und\\_score'),
  ('ctrl-z', CONCAT('x', CHAR(26), CHAR(8), 'y')), ('empty', ''), ('quotes', 'it''s "quoted"'), ('ümlaut', '😀 ü');
-- Numbers and other types a tab-separated line carries as text.
CREATE TABLE amounts (id INT PRIMARY KEY, d DECIMAL(30,10), f FLOAT, dbl DOUBLE, neg INT, big BIGINT UNSIGNED,
  day DATE, at TIME(2), j JSON, ip INET6, u UUID, KEY by_d (d));
INSERT INTO amounts VALUES (1, -12345678901234567890.0123456789, 1.5, -0.1, -5, 18446744073709551615, '2026-12-06',
  '-838:59:58.99', '{"a": 1}', '::1', '123e4567-e89b-12d3-a456-426614174000'), (2, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL,
  NULL), (3, 0.5, 100, 0.001, -1, 1, '2000-02-29', '12:00:00', '[]', '2001:db8::1', 'ffffffff-ffff-ffff-ffff-ffffffffffff');
CREATE TABLE log_lines (at DATETIME, line TEXT, KEY by_at (at));
INSERT INTO log_lines SELECT '2026-06-01' + INTERVAL seq MINUTE, REPEAT('x', seq % 50) FROM seq_1_to_2000;
INSERT INTO log_lines VALUES (NULL, NULL), (NULL, NULL);
CREATE TABLE empty_one (id INT PRIMARY KEY, v VARCHAR(10), KEY by_v (v));
CREATE TABLE empty_keyless (v VARCHAR(10));

-- Names that need quoting, and a full-text index.
CREATE TABLE `order` (`select` INT PRIMARY KEY, `from` VARCHAR(20), `we``ird name` TEXT, FULLTEXT KEY ft (`we``ird name`));
INSERT INTO `order` VALUES (1, 'where', 'full text search words'), (2, NULL, 'more words here');
CREATE TABLE `semi;colon` (id INT PRIMARY KEY, `a-b` INT, KEY `key;name` (`a-b`));
INSERT INTO `semi;colon` VALUES (1, 2), (3, 4);

-- Views, triggers, routines and an event.
CREATE VIEW account_calls AS SELECT a.name, COUNT(c.id) AS calls FROM accounts a LEFT JOIN calls c ON c.account_id = a.id
  GROUP BY a.name;
CREATE VIEW view_on_view AS SELECT name FROM account_calls WHERE calls > 0;
CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(100), at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
DELIMITER ;;
CREATE TRIGGER notes_audit AFTER INSERT ON notes FOR EACH ROW
BEGIN
  INSERT INTO audit (what) VALUES (CONCAT('note; ', NEW.id));
END;;
CREATE PROCEDURE count_calls(IN account INT, OUT total INT)
BEGIN
  DECLARE x INT DEFAULT 0;
  SELECT COUNT(*) INTO x FROM calls WHERE account_id = account;
  SET total = x;
END;;
CREATE FUNCTION gross_of(net DECIMAL(10,2)) RETURNS DECIMAL(12,2) DETERMINISTIC
BEGIN
  RETURN net * 1.19; -- a comment in a routine
END;;
DELIMITER ;
CREATE EVENT nightly_cleanup ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 02:00:00' DISABLE
  DO DELETE FROM log_lines WHERE at < NOW() - INTERVAL 90 DAY;
INSERT INTO notes (account_id, body) VALUES (1, 'fires the trigger');
