-- Rows every new installation of 1.1.0 starts with.
INSERT INTO accounts (id, name, email, created_at, plan) VALUES
  (1, 'admin', 'admin@example.invalid', '2026-10-01 00:00:00', 'premium'),
  (2, 'demo', 'demo@example.invalid', '2026-10-01 00:00:00', 'basic');
INSERT INTO notes (id, account_id, body, created_at) VALUES
  (1, 1, 'Welcome to the demo product.', '2026-10-01 00:00:00');
-- plans.enabled comes from migrations/V2__account_plans.sql, which the vanilla database runs first.
INSERT INTO app_settings (name, value) VALUES
  ('site.title', 'Demo'),
  ('retention.days', '30');
