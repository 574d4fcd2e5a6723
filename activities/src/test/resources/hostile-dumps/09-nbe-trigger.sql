-- sql_mode NO_BACKSLASH_ESCAPES: the server ends the string at the backslash, so GRANT is a statement of the trigger
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
SET sql_mode = 'NO_BACKSLASH_ESCAPES';
DELIMITER ;;
CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.v = 'x\'; GRANT ALL ON *.* TO 'evil'@'%'; SET @y = ''; END;;
DELIMITER ;
