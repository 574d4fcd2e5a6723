-- Rows the restore engine sends as LOAD DATA lines: values that would add a field, a line or a NULL unless escaped,
-- text a hostile server could ask for as a file name, numbers and strings into ENUM and YEAR, and a MyISAM table
-- whose comment names InnoDB (the comment is not read as the engine; a warned batch there cannot roll back, so its
-- truncated row must go as written). As mariadb-dump writes.
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
DROP TABLE IF EXISTS `entries`;
CREATE TABLE `entries` (
  `id` int(11) NOT NULL,
  `a` text DEFAULT NULL,
  `b` varchar(40) DEFAULT NULL,
  `n` decimal(10,2) DEFAULT NULL,
  `e` enum('2','1') DEFAULT NULL,
  `y` year(4) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `by_b` (`b`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
LOCK TABLES `entries` WRITE;
/*!40000 ALTER TABLE `entries` DISABLE KEYS */;
INSERT INTO `entries` VALUES (1,'tab\there\nnewline\nx\t\t','\\N',-1.50,'1','0'),(2,'\\','x\\',0.00,'2','2026'),(3,'LOAD DATA LOCAL INFILE \'/etc/passwd\' INTO TABLE entries','	raw tab	',NULL,NULL,NULL),(4,'\\t not a tab, \\\\n not a newline','a\\%b\\_c',12.30,'1','1999'),(5,'\0 nul \Z ctrl-z \b bs','NULL',99999999.99,NULL,'2155'),(6,'','',-0.01,'2','1901');
/*!40000 ALTER TABLE `entries` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `flat`;
CREATE TABLE `flat` (
  `id` int(11) NOT NULL,
  `v` varchar(3) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM /* ENGINE=InnoDB */ DEFAULT CHARSET=utf8mb4;
LOCK TABLES `flat` WRITE;
INSERT INTO `flat` VALUES (1,'abcdef'),(2,'x');
UNLOCK TABLES;
/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
