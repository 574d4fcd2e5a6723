package io.stackpilot.model;

import static io.stackpilot.model.Fixtures.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed stack.yaml is refused with messages that name the field and what is allowed. */
class StackValidationTest {

  private static final String BASE = Fixtures.sampleStack();
  private static final String OFFERED = "(release 1.0.0 offers db, web, task-runner, reports)";

  static Stream<Arguments> malformedStacks() {
    return Stream.of(
        arguments("customer with spaces", replace(BASE, "customer: acme", "customer: Acme Corp"),
            List.of("stack.yaml: customer: 'Acme Corp' must match [a-z0-9][a-z0-9-]{1,39}")),
        arguments("customer too short", replace(BASE, "customer: acme", "customer: a"),
            List.of("stack.yaml: customer: 'a' must match [a-z0-9][a-z0-9-]{1,39}")),
        arguments("customer whose variables would overlap another's",
            replace(replace(BASE, "customer: acme", "customer: acme-"), "env:ACME__", "env:ACME___"),
            List.of("stack.yaml: customer: 'acme-' holds '--' or ends in '-': its variables (ACME___…) would overlap "
                + "another customer's; use single '-' between letters and digits")),
        arguments("variable of a customer whose name extends this one's",
            replace(BASE, "env:ACME__DB_ROOT_PASSWORD", "env:ACME_EU__DB_ROOT_PASSWORD"),
            List.of("stack.yaml: secrets.db-root-password: environment variable ACME_EU__DB_ROOT_PASSWORD is not this "
                + "customer's: the host agent serves many customers, so a stack may only name variables starting with ACME__")),
        arguments("unknown sizing", replace(BASE, "sizing: small", "sizing: huge"),
            List.of("stack.yaml: sizing: 'huge' is not one of small, medium, large")),
        arguments("unknown service", replace(BASE, "services: [db, web, task-runner]", "services: [db, web, fax]"),
            List.of("stack.yaml: services[2]: unknown service 'fax' " + OFFERED)),
        arguments("missing host", replace(BASE, "host: acme-prod-1\n", ""),
            List.of("stack.yaml: host: is required")),
        arguments("host with spaces", replace(BASE, "host: acme-prod-1", "host: Acme Prod"),
            List.of("stack.yaml: host: 'Acme Prod' must match [a-z0-9][a-z0-9.-]{0,62}")),
        arguments("unknown top-level key", BASE + "colour: blue\n",
            List.of("stack.yaml: colour: unknown key (allowed: customer, release, sizing, host, dns, services, env, ports, secrets, backup, labels, maintenance, drill)")),
        arguments("maintenance window without a weekday", BASE + "maintenance: { windows: [\"01:00-05:00\"] }\n",
            List.of("stack.yaml: maintenance.windows[0]: must be a weekday or a range of them and a time range, like "
                + "\"Sun 01:00-05:00\" or \"Mon-Fri 22:00-04:00\" (an end before the start runs past midnight)")),
        arguments("maintenance window of no length", BASE + "maintenance: { windows: [\"Sun 01:00-05:00\", \"Wed 02:00-02:00\"] }\n",
            List.of("stack.yaml: maintenance.windows[1]: 'Wed 02:00-02:00' starts and ends at the same time: a window must "
                + "last at least a minute")),
        arguments("maintenance in an unknown time zone", BASE
                + "maintenance: { windows: [\"Sun 01:00-05:00\"], timezone: Mars/Olympus }\n",
            List.of("stack.yaml: maintenance.timezone: 'Mars/Olympus' is not a known time zone (for example Europe/Berlin, UTC)")),
        arguments("maintenance without windows", BASE + "maintenance: { timezone: UTC }\n",
            List.of("stack.yaml: maintenance.windows: is required")),
        arguments("label key with upper case", BASE + "labels: { Region: eu }\n",
            List.of("stack.yaml: labels.Region: name must be at most 63 lower-case letters, digits, dots, dashes and "
                + "underscores, starting and ending with a letter or digit")),
        arguments("label value with a space", BASE + "labels: { tier: \"gold plus\" }\n",
            List.of("stack.yaml: labels.tier: must be at most 63 letters, digits, dots, dashes and underscores, starting "
                + "and ending with a letter or digit, quoted in YAML when it looks like a number")),
        arguments("drill interval in minutes", BASE + "drill: { every: PT30M }\n",
            List.of("stack.yaml: drill.every: must be an ISO-8601 duration in days or hours, for example P7D or PT12H")),
        arguments("drill without an interval", BASE + "drill: { host: drill-1 }\n",
            List.of("stack.yaml: drill.every: is required")),
        arguments("binary log closed every second", replace(BASE, "  at: \"02:00\"", "  at: \"02:00\"\n  binlog: { every: PT1S }"),
            List.of("stack.yaml: backup.binlog.every: must be an ISO-8601 duration from PT5S to PT60M, for example PT1M")),
        arguments("binary log without an interval", replace(BASE, "  at: \"02:00\"", "  at: \"02:00\"\n  binlog: { }"),
            List.of("stack.yaml: backup.binlog.every: is required")),
        arguments("unknown backup key", replace(BASE, "  at: \"02:00\"", "  at: \"02:00\"\n  retention: 30"),
            List.of("stack.yaml: backup.retention: unknown key (allowed: store, at, days, timezone, exclude, binlog, keep)")),
        arguments("release that does not exist", replace(BASE, "release: 1.0.0", "release: 9.9.9"),
            List.of("stack.yaml: release: '9.9.9' does not exist in the release store (available: 1.0.0, 1.1.0, 2.0.0, 2.1.0)")),
        arguments("release YAML reads as a number", replace(BASE, "release: 1.0.0", "release: 1.1"),
            List.of("stack.yaml: release: expected a string, got a number (1.1); quote it in YAML")),
        arguments("release that is not a version", replace(BASE, "release: 1.0.0", "release: latest"),
            List.of("stack.yaml: release: 'latest' must match [0-9]+\\.[0-9]+\\.[0-9]+",
                "stack.yaml: release: 'latest' does not exist in the release store (available: 1.0.0, 1.1.0, 2.0.0, 2.1.0)")),
        arguments("secret value instead of a reference",
            replace(BASE, "db-root-password: env:ACME__DB_ROOT_PASSWORD", "db-root-password: hunter2"),
            List.of("stack.yaml: secrets.db-root-password: must be a reference env:NAME or file:/path, not a secret value")),
        arguments("relative file reference", replace(BASE, "env:ACME__DB_ROOT_PASSWORD", "file:secrets/db"),
            List.of("stack.yaml: secrets.db-root-password: must be a reference env:NAME or file:/path, not a secret value")),
        arguments("missing secret", replace(BASE, "secrets:\n  db-root-password: env:ACME__DB_ROOT_PASSWORD\n", ""),
            List.of("stack.yaml: secrets: missing 'db-root-password' (release 1.0.0 needs db-root-password)")),
        arguments("secret the release does not use",
            replace(BASE, "  db-root-password: env:ACME__DB_ROOT_PASSWORD", "  db-root-password: env:ACME__DB_ROOT_PASSWORD\n  smtp-password: env:ACME__SMTP"),
            List.of("stack.yaml: secrets.smtp-password: release 1.0.0 has no secret 'smtp-password' (it needs db-root-password)")),
        arguments("database service disabled", replace(BASE, "services: [db, web, task-runner]", "services: [web, task-runner]"),
            List.of("stack.yaml: services: must include the database service 'db' (release 1.0.0)")),
        arguments("service listed twice", replace(BASE, "services: [db, web, task-runner]", "services: [db, web, web]"),
            List.of("stack.yaml: services: 'web' is listed more than once")),
        arguments("services as a string", replace(BASE, "services: [db, web, task-runner]", "services: db"),
            List.of("stack.yaml: services: expected a list, got a string")),
        arguments("no services", replace(BASE, "services: [db, web, task-runner]", "services: []"),
            List.of("stack.yaml: services: must list at least 1 item(s)",
                "stack.yaml: services: must include the database service 'db' (release 1.0.0)",
                "stack.yaml: env.web: service 'web' is not enabled (no service is)")),
        arguments("env for an unknown service", replace(BASE, "  web: { LOG_LEVEL: info }", "  fax: { LOG_LEVEL: info }"),
            List.of("stack.yaml: env.fax: unknown service 'fax' " + OFFERED)),
        arguments("env for a disabled service", replace(BASE, "  web: { LOG_LEVEL: info }", "  reports: { LOG_LEVEL: info }"),
            List.of("stack.yaml: env.reports: service 'reports' is not enabled (enabled: db, web, task-runner)")),
        arguments("secret value in env", replace(BASE, "  web: { LOG_LEVEL: info }", "  web: { DB_PASSWORD: hunter2 }"),
            List.of("stack.yaml: env.web.DB_PASSWORD: looks like a secret; env never holds secret values: reference it under secrets (env:NAME or file:/path)")),
        arguments("env variable name", replace(BASE, "  web: { LOG_LEVEL: info }", "  web: { log-level: info }"),
            List.of("stack.yaml: env.web.log-level: name must match [A-Za-z_][A-Za-z0-9_]*")),
        arguments("env value that is a list", replace(BASE, "  web: { LOG_LEVEL: info }", "  web: { LOG_LEVEL: [info] }"),
            List.of("stack.yaml: env.web.LOG_LEVEL: expected a string, a number or a boolean, got a list")),
        arguments("missing backup store", replace(BASE, "  store: file:///var/backups/stackpilot/acme\n", ""),
            List.of("stack.yaml: backup.store: is required")),
        arguments("unsupported backup store", replace(BASE, "file:///var/backups/stackpilot/acme", "s3://bucket/acme"),
            List.of("stack.yaml: backup.store: must be azure://<account>/<container>[/<prefix>] or file:///<absolute path>")),
        arguments("azure store without container", replace(BASE, "file:///var/backups/stackpilot/acme", "azure://acmebackups"),
            List.of("stack.yaml: backup.store: must be azure://<account>/<container>[/<prefix>] or file:///<absolute path>")),
        arguments("one of several backup times out of range", replace(BASE, "at: \"02:00\"", "at: [\"02:00\", \"24:00\"]"),
            List.of("stack.yaml: backup.at[1]: must be a time HH:MM between 00:00 and 23:59, quoted in YAML (\"02:00\")")),
        arguments("a backup time twice", replace(BASE, "at: \"02:00\"", "at: [\"02:00\", \"02:00\"]"),
            List.of("stack.yaml: backup.at: '02:00' is listed more than once")),
        arguments("backup weekday misspelt", replace(BASE, "at: \"02:00\"", "at: \"02:00\"\n  days: [mon, tues]"),
            List.of("stack.yaml: backup.days[1]: 'tues' is not one of mon, tue, wed, thu, fri, sat, sun")),
        arguments("backup time out of range", replace(BASE, "at: \"02:00\"", "at: \"25:00\""),
            List.of("stack.yaml: backup.at: must be a time HH:MM between 00:00 and 23:59, quoted in YAML (\"02:00\")")),
        arguments("backup time YAML reads as an octal number", replace(BASE, "at: \"02:00\"", "at: 0200"),
            List.of("stack.yaml: backup.at: expected a string or a list of strings, got a number (128); quote it in YAML")),
        arguments("unknown time zone", replace(BASE, "timezone: Europe/Berlin", "timezone: Europe/Berln"),
            List.of("stack.yaml: backup.timezone: 'Europe/Berln' is not a known time zone (for example Europe/Berlin, UTC)")),
        arguments("exclude escaping the volume", replace(BASE, "exclude: [recordings, logs]", "exclude: [recordings, ../etc]"),
            List.of("stack.yaml: backup.exclude[1]: must be a relative path inside the files volume")),
        arguments("missing backup section", BASE.substring(0, BASE.indexOf("backup:")),
            List.of("stack.yaml: backup: is required")),
        arguments("dns missing while the release renders it", replace(BASE, "dns:\n  public: acme.example.com\n", ""),
            List.of("stack.yaml: dns.public: is required: release 1.0.0 uses it in services.web.environment.PUBLIC_HOST")),
        arguments("dns name with upper case and underscore", replace(BASE, "acme.example.com", "Acme_Example.com"),
            List.of("stack.yaml: dns.public: must be a lower-case DNS name such as acme.example.com")),
        arguments("sizing profile the release lacks", replace(replace(BASE, "release: 1.0.0", "release: 2.0.0"), "sizing: small", "sizing: large"),
            List.of("stack.yaml: sizing: release 2.0.0 has no profile 'large' (it offers small, medium)")),
        arguments("release whose release.yaml is broken", replace(replace(BASE, "release: 1.0.0", "release: 2.1.0"),
                "services: [db, web, task-runner]", "services: [web]"),
            List.of("releases/2.1.0/release.yaml: database.service: unknown service 'db' (services: web)")),
        arguments("duplicate key", replace(BASE, "customer: acme\n", "customer: acme\ncustomer: other\n"),
            List.of("stack.yaml: line 3, column 9: not valid YAML: Duplicate field 'customer'")),
        arguments("broken YAML", replace(BASE, "sizing: small\n", "sizing: small\n  bad: [\n"),
            List.of("stack.yaml: line 5, column 6: not valid YAML: mapping values are not allowed here")),
        arguments("empty file", "", List.of("stack.yaml: is empty; expected a mapping of keys")),
        arguments("only a comment", "# nothing yet\n", List.of("stack.yaml: is empty; expected a mapping of keys")),
        arguments("a list instead of a mapping", "- customer: acme\n", List.of("stack.yaml: expected a mapping of keys, got a list")),
        arguments("port override for a port the service does not publish", replace(BASE, "secrets:\n", "ports:\n  web: { \"9090\": 19090 }\nsecrets:\n"),
            List.of("stack.yaml: ports.web.9090: service 'web' publishes no container port 9090 (it publishes 8080)")),
        arguments("port override out of range", replace(BASE, "secrets:\n", "ports:\n  web: { \"8080\": 70000 }\nsecrets:\n"),
            List.of("stack.yaml: ports.web.8080: must be at most 65535")),
        arguments("several problems at once",
            replace(replace(replace(BASE, "customer: acme", "customer: Acme Corp"), "sizing: small", "sizing: huge"),
                "services: [db, web, task-runner]", "services: [db, web, fax]"),
            List.of("stack.yaml: customer: 'Acme Corp' must match [a-z0-9][a-z0-9-]{1,39}",
                "stack.yaml: sizing: 'huge' is not one of small, medium, large",
                "stack.yaml: services[2]: unknown service 'fax' " + OFFERED)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedStacks")
  void malformedStackIsRefusedWithExactMessages(String name, String yaml, List<String> expected) {
    Result<ValidatedStack> result = StackValidator.validate(yaml, Fixtures.catalog());

    assertThat(result.isValid()).as("valid?").isFalse();
    assertThat(result.problems()).map(Problem::toString).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void oversizedDocumentIsRefusedBeforeItIsParsed() {
    String yaml = BASE + "# " + "x".repeat(300_000) + "\n";

    assertThat(StackValidator.validate(yaml, Fixtures.catalog()).problems()).extracting(Problem::toString)
        .containsExactly("stack.yaml: is " + yaml.length() + " characters long; at most 262144 are accepted");
  }

  @Test
  void secretValueIsNeverEchoedInTheMessage() {
    String yaml = replace(BASE, "db-root-password: env:ACME__DB_ROOT_PASSWORD", "db-root-password: hunter2");

    assertThat(StackValidator.validate(yaml, Fixtures.catalog()).problems()).map(Problem::toString)
        .noneMatch(message -> message.contains("hunter2"));
  }

  @Test
  void invalidStackThrowsWithEveryProblemOnItsOwnLine() {
    String yaml = replace(replace(BASE, "customer: acme", "customer: Acme Corp"), "sizing: small", "sizing: huge");

    var result = StackValidator.validate(yaml, Fixtures.catalog());

    org.assertj.core.api.Assertions.assertThatThrownBy(result::orThrow)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("stack.yaml: customer: 'Acme Corp' must match [a-z0-9][a-z0-9-]{1,39}\n"
            + "stack.yaml: sizing: 'huge' is not one of small, medium, large");
  }

  @Test
  void aReleaseThatForbidsTheBinaryLogRefusesBackupBinlog() {
    String release = Fixtures.sampleRelease("1.0.0").replace("  rootPasswordSecret: db-root-password\n",
        "  rootPasswordSecret: db-root-password\n  binlog: forbidden\n");
    ReleaseCatalog forbidding = new ReleaseCatalog() {
      @Override
      public java.util.List<String> versions() {
        return java.util.List.of("1.0.0");
      }

      @Override
      public java.util.Optional<String> releaseYaml(String version) {
        return java.util.Optional.of(release);
      }
    };
    String yaml = replace(BASE, "  at: \"02:00\"", "  at: \"02:00\"\n  binlog: { every: PT1M }");

    assertThat(release).contains("binlog: forbidden");
    assertThat(StackValidator.validate(yaml, forbidding).problems()).map(Problem::toString).containsExactly(
        "stack.yaml: backup.binlog: release 1.0.0 does not allow archiving the binary log (its release.yaml says "
            + "database.binlog: forbidden); remove backup.binlog");
    assertThat(StackValidator.validate(yaml, Fixtures.catalog()).isValid()).as("allowed by default").isTrue();
  }
}
