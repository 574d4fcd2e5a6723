-- sql_mode ANSI_QUOTES: "a\" is a name to the server, so the DROP hides behind what reads as a string elsewhere
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
SET sql_mode = 'ANSI_QUOTES';
DELIMITER ;;
CREATE PROCEDURE p() BEGIN SELECT 1 AS "a\"; DROP DATABASE mysql; SELECT 1 AS \""; END;;
DELIMITER ;
