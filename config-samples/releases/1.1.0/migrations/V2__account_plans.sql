-- 1.1.0 introduces plans: every account gets one, the administrator's account is premium.
ALTER TABLE accounts ADD COLUMN plan VARCHAR(20) NOT NULL DEFAULT 'basic';
UPDATE accounts SET plan = 'premium' WHERE name = 'admin';
INSERT INTO app_settings (name, value) VALUES ('plans.enabled', 'true')
  ON DUPLICATE KEY UPDATE value = VALUES(value);
