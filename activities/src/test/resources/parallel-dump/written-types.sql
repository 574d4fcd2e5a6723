-- The parallel dump's corpus: every column type it writes itself, with the values whose text is easiest to get wrong
-- (NULL and empty, signs and limits, zero dates, fractional seconds, escapes, multi-byte text, binary data), a row
-- longer than a statement, tables without rows or without a key, a composite key, a foreign key, a view, a trigger, a
-- routine and an event. Its dump must be mariadb-dump's text byte for byte. (Floats have six significant digits at
-- most: mariadb-dump writes no more, so a float with more does not survive any dump and restore.)
SET NAMES utf8mb4;
SET sql_mode = '';

CREATE TABLE written_types (
  id INT NOT NULL AUTO_INCREMENT,
  t TINYINT, tu TINYINT UNSIGNED, bool_col BOOLEAN, s SMALLINT, m MEDIUMINT, i INT UNSIGNED, b BIGINT,
  bu BIGINT UNSIGNED, d DECIMAL(30,10), dz DECIMAL(5,0), f FLOAT, dbl DOUBLE, y YEAR,
  bits BIT(13), bit1 BIT(1),
  dt DATE, dtt DATETIME, dtt6 DATETIME(6), ts TIMESTAMP NULL, ts3 TIMESTAMP(3) NULL, tm TIME, tm2 TIME(2),
  c CHAR(10), vc VARCHAR(300), bin BINARY(8), vbin VARBINARY(300),
  tt TINYTEXT, tx TEXT, mt MEDIUMTEXT, lt LONGTEXT, tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB,
  e ENUM('a', 'b', 'c d', 'q''uote'), st SET('x', 'y', 'z'), j JSON,
  latin VARCHAR(50) CHARACTER SET latin1,
  PRIMARY KEY (id),
  KEY by_vc (vc(20))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO written_types (t, tu, bool_col, s, m, i, b, bu, d, dz, f, dbl, y, bits, bit1, dt, dtt, dtt6, ts, ts3, tm,
  tm2, c, vc, bin, vbin, tt, tx, mt, lt, tb, bl, mb, lb, e, st, j, latin) VALUES
(-128, 255, TRUE, -32768, 8388607, 4294967295, -9223372036854775808, 18446744073709551615,
  -12345678901234567890.0123456789, -99999, 3.25e-10, -1.7976931348623157e308, 1901, b'1010101010101', b'1',
  '1000-01-01', '1000-01-01 00:00:00', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07', '2020-02-02 02:02:02.120',
  '-838:59:59', '-00:00:01.25', 'ten chars!', 'quote '' double " backslash \\ nul \0 sub \Z semicolon ; end',
  X'00FF00FF00FF00FF', X'000102030405060708090A0B0C0D0E0F', 'tiny', 'newline\nand tab\tand return\r',
  'comment -- not a comment /* nor this */ # nor this', 'DELIMITER ;;', X'DEADBEEF', X'00', X'5C00275C22',
  REPEAT(X'C3A9', 200), 'q''uote', 'x,z', '{"a": [1, 2, {"b": null}], "ü": "😀"}', 'café'),
(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
(0, 0, FALSE, 0, 0, 0, 0, 0, -0.0, 0, -0.0, 0, 0, b'0', b'0', '0000-00-00', '0000-00-00 00:00:00',
  '0000-00-00 00:00:00.000000', '1970-01-01 00:00:01', '2000-01-01 00:00:00.000', '00:00:00', '838:59:59.99', '', '',
  X'', X'', '', '', '', '', X'', X'', X'', X'', 'a', '', '[]', ''),
(1, 1, TRUE, 1, 1, 1, 1, 1, 0.0000000001, 1, 1234.5, 1e21, 2155, b'1', b'1', '2000-02-29', '2000-02-29 12:00:00',
  '2000-02-29 12:00:00.5', '1999-12-31 23:59:59', '1999-12-31 23:59:59.999', '12:00:00', '1:2:3', '日本語',
  'Ελληνικά русский 中文 עברית العربية 🎉🚀', X'0102', X'5C275C22', '🙂', REPEAT('long text ', 6000),
  REPEAT('m', 70000), REPEAT('🦄', 300000), X'5C', X'27', X'22', REPEAT(X'00FF', 1000), 'c d', 'x,y,z', '"scalar"',
  'Grüße'),
(2, 2, FALSE, 2, 2, 2, 2, 2, 0.1, 2, 0.1, 0.1, 1999, b'11', b'0', '2026-12-01', '2026-12-01 02:00:00',
  '2026-12-01 02:00:00.000001', '2026-12-01 02:00:00', '2026-12-01 02:00:00.001', '-01:00:00', '-838:59:59', 'x', 'x',
  X'01', X'01', 'x', 'x', 'x', 'x', X'01', X'01', X'01', X'01', 'b', 'y', '1', 'x'),
(3, 3, TRUE, 3, 3, 3, 3, 3, 1e-10, 3, 1e-10, 1.2345678901234567e17, 2000, b'111', b'1', '2026-12-02',
  '2026-12-02 02:00:00', '2026-12-02 02:00:00', '2026-12-02 02:00:00', '2026-12-02 02:00:00', '01:00:00', '01:00:00',
  'x', 'x', X'01', X'01', 'x', 'x', 'x', 'x', X'01', X'01', X'01', X'01', 'b', 'y', '2', 'x');

-- A row longer than mariadb-dump's statements: it stands alone between two statements of the same table.
INSERT INTO written_types (lb, vc) VALUES (REPEAT(X'AB', 1500000), 'huge');
INSERT INTO written_types (vc) SELECT CONCAT('row ', seq) FROM seq_1_to_2000;

CREATE TABLE nothing_in_it (id INT PRIMARY KEY, note VARCHAR(10)) ENGINE=InnoDB;
CREATE TABLE no_key (a INT, b VARCHAR(20)) ENGINE=InnoDB;
INSERT INTO no_key VALUES (1, 'one'), (1, 'one'), (NULL, NULL);
CREATE TABLE `two part key` (region CHAR(2) NOT NULL, n INT NOT NULL, v TEXT, PRIMARY KEY (region, n)) ENGINE=InnoDB;
INSERT INTO `two part key` VALUES ('eu', 1, 'a'), ('us', 1, 'b'), ('eu', 2, NULL);
CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB;
INSERT INTO parent VALUES (1), (2);
INSERT INTO child VALUES (10, 1), (20, 2);
CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40)) ENGINE=InnoDB;
CREATE TRIGGER child_added AFTER INSERT ON child FOR EACH ROW INSERT INTO audit (note) VALUES (CONCAT('child ', NEW.id));
CREATE VIEW named_rows AS SELECT id, vc FROM written_types WHERE vc LIKE 'row %';
CREATE PROCEDURE count_rows() SELECT COUNT(*) FROM written_types;
CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 02:00:00' DISABLE DO DELETE FROM audit;
