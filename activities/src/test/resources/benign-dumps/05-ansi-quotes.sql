-- Names in double quotes under ANSI_QUOTES, strings with every quote
SET sql_mode = 'ANSI_QUOTES,STRICT_TRANS_TABLES';
CREATE TABLE "quoted" ("id" INT PRIMARY KEY, "v" VARCHAR(200), KEY "by v" ("v"));
INSERT INTO "quoted" VALUES (1, 'a "b" \' c; GRANT'), (2, 'back`tick ""x""');
CREATE VIEW "quoted view" AS SELECT "id", CONCAT("v", ';') AS "w" FROM "quoted";
SET sql_mode = DEFAULT;
