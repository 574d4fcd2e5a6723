-- A hand-written dump as a release's vanilla seed is: INSERTs with a column list whose columns are not quoted, one of
-- them named value (a word that may also start the rows), another that starts with values; rows under VALUE; and a
-- string that looks like the start of more rows. The engine reads each as rows of its table, as the client does.
CREATE TABLE app_settings (
  name VARCHAR(100) NOT NULL,
  value TEXT NOT NULL,
  values_seen INT NOT NULL DEFAULT 0,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO app_settings (name, value) VALUES
  ('site.title', 'Demo'),
  ('retention.days', '30');
INSERT INTO app_settings (name, value, values_seen) VALUE ('note', ') VALUES (''x'', ''y''', 2);
INSERT INTO app_settings (value, name) VALUES ('last', 'z.order');
