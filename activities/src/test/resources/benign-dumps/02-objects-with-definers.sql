-- Views, triggers, routines and an event with root as their definer, bodies with keywords in strings
/*!40101 SET NAMES utf8mb4 */;
CREATE TABLE `accounts` (`id` int NOT NULL, `name` varchar(100) NOT NULL, `notes` int NOT NULL DEFAULT 0, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `audit` (`id` int NOT NULL AUTO_INCREMENT, `what` varchar(200) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
INSERT INTO `accounts` VALUES (1,'GRANT ALL; DROP DATABASE mysql',0),(2,'-- /* */ # ;;',0);
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
/*!50001 VIEW `named` AS select `accounts`.`id` AS `id`,concat('GRANT ',`accounts`.`name`) AS `label` from `accounts` */;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `account_audit` AFTER INSERT ON `accounts` FOR EACH ROW BEGIN
  INSERT INTO audit (what) VALUES (CONCAT('insert; GRANT ', NEW.name, ' ;; -- x'));
END */;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
DELIMITER ;;
CREATE DEFINER=`root`@`localhost` PROCEDURE `touch_account`(IN account INT)
BEGIN
  UPDATE accounts SET notes = notes + 1 WHERE id = account;
  SELECT 'SET GLOBAL x = 1; \\! sh' AS text;
END ;;
CREATE DEFINER=root@localhost FUNCTION `label`(n VARCHAR(100)) RETURNS varchar(120) CHARSET utf8mb4 DETERMINISTIC
RETURN CONCAT('[', n, '] /* not a comment */') ;;
DELIMITER ;
/*!50106 CREATE*/ /*!50117 DEFINER=`root`@`localhost`*/ /*!50106 EVENT `tidy` ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE DO DELETE FROM audit WHERE what = 'DELETE FROM mysql.user' */ ;
