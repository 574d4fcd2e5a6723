-- latin1 rows with bytes that are not UTF-8: the mariadb client loads them, in its sandbox, as the restore account
/*!40101 SET NAMES latin1 */;
CREATE TABLE `names` (`id` int NOT NULL, `n` varchar(100) CHARACTER SET latin1 NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=latin1;
INSERT INTO `names` VALUES (1,'café GRANT ALL; -- \\! x'),(2,'naïve /*!50000 SET GLOBAL x=1 */ \'; DROP TABLE t; \''),(3,'DELIMITER ;; ÿþ');
DELIMITER $$
CREATE DEFINER=`root`@`%` TRIGGER `names_upper` BEFORE INSERT ON `names` FOR EACH ROW BEGIN SET NEW.n = CONCAT(NEW.n, ';'); END $$
DELIMITER ;
