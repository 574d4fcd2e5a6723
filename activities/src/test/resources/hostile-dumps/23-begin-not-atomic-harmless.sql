-- an anonymous block (the engine skipped BEGIN, the client ran it)
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200));
INSERT INTO t VALUES (1,'a');
DELIMITER ;;
BEGIN NOT ATOMIC INSERT INTO t VALUES (9, 'from a block'); END;;
DELIMITER ;
