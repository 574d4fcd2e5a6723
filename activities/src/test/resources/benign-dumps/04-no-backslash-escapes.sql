-- Rows dumped under NO_BACKSLASH_ESCAPES: a backslash is a character, a quote is doubled
SET @OLD_SQL_MODE = @@SQL_MODE, sql_mode = 'NO_BACKSLASH_ESCAPES';
CREATE TABLE `paths` (`id` int NOT NULL, `p` varchar(200) NOT NULL, PRIMARY KEY (`id`));
INSERT INTO `paths` VALUES (1,'C:\temp\'),(2,'it''s; GRANT ALL -- \'),(3,'\\server\share\*/ /*');
SET sql_mode = @OLD_SQL_MODE;
