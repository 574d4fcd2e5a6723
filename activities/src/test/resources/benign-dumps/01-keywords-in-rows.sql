-- Rows whose strings hold every keyword, comment marker and delimiter of the hostile corpus, as mariadb-dump writes them
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*M!999999\- enable the sandbox mode */
DROP TABLE IF EXISTS `notes`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `notes` (
  `id` int(11) NOT NULL,
  `body` text DEFAULT NULL,
  `raw` varbinary(32) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `by_body` (`body`(20))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
LOCK TABLES `notes` WRITE;
/*!40000 ALTER TABLE `notes` DISABLE KEYS */;
INSERT INTO `notes` VALUES (1,'GRANT ALL ON *.* TO \'evil\'@\'%\'; -- not a statement',NULL),(2,'/*!50000 SET GLOBAL general_log = 1 */ # hash /*M!999999\\! x */',NULL),(3,'DELIMITER ;;\nBEGIN NOT ATOMIC END;;\nDELIMITER ;',NULL),(4,'\\! touch /tmp/stackpilot-owned',NULL),(5,'LOAD_FILE(\'/etc/passwd\') INTO OUTFILE \'/tmp/x\' INTO DUMPFILE',NULL),(6,'mysql.global_priv; UPDATE mysql.user SET x=1; DELETE FROM mysql.db',NULL),(7,'SET CHARSET gbk; SET sql_mode=\'ANSI_QUOTES\'; SET NAMES latin1',NULL),(8,'CREATE OR REPLACE USER evil; EXECUTE IMMEDIATE \"x\"; SONAME',NULL),(9,'\"double\" `back``tick` \'single\' \\\\ \\0 \\Z',_binary 'a\'\"\\\0\Z'),(10,NULL,0x00275C22),(11,'✓ ünïcödé 𝄞',X'E29C93');
/*!40000 ALTER TABLE `notes` ENABLE KEYS */;
UNLOCK TABLES;
/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
