-- A column list with a bare column named value, so the rows' head reads on past it, then a row that reads another
-- schema's table: still rows only if every value is a literal, so this one is checked whole and refused
CREATE TABLE app_settings (name VARCHAR(100) PRIMARY KEY, value TEXT) ENGINE=InnoDB;
INSERT INTO app_settings (name, value) VALUES ('site.title', 'Demo'), ('stolen', (SELECT GROUP_CONCAT(password) FROM mysql.user));
