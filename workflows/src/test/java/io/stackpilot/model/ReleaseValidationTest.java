package io.stackpilot.model;

import static io.stackpilot.model.Fixtures.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A malformed release.yaml is refused with messages naming the release file, the path and what is allowed. */
class ReleaseValidationTest {

  private static final String BASE = Fixtures.sampleRelease("1.0.0");
  private static final String FILE = "releases/1.0.0/release.yaml: ";

  static Stream<Arguments> malformedReleases() {
    return Stream.of(
        arguments("version differs from its folder", replace(BASE, "release: 1.0.0", "release: 1.0.1"),
            List.of(FILE + "release: '1.0.1' does not match its folder releases/1.0.0")),
        arguments("database service unknown", replace(BASE, "  service: db", "  service: postgres"),
            List.of(FILE + "database.service: unknown service 'postgres' (services: db, web, task-runner, reports)")),
        arguments("database secret undeclared", replace(BASE, "rootPasswordSecret: db-root-password", "rootPasswordSecret: root-pw"),
            List.of(FILE + "database.rootPasswordSecret: unknown secret 'root-pw' (secrets: db-root-password)")),
        arguments("files volume undeclared", replace(BASE, "  volume: app-data", "  volume: uploads"),
            List.of(FILE + "files.volume: volume 'uploads' is not declared under volumes (db-data, app-data)")),
        arguments("bind mount", replace(BASE, "      - db-data:/var/lib/mysql", "      - /srv/db:/var/lib/mysql"),
            List.of(FILE + "services.db.volumes[0]: volume '/srv/db' is not declared under volumes (db-data, app-data); bind mounts are not allowed in a release")),
        arguments("depends on an unknown service", replace(BASE, "    depends_on: [db]", "    depends_on: [cache]"),
            List.of(FILE + "services.reports.depends_on: unknown service 'cache' (services: db, web, task-runner, reports)")),
        arguments("service reading an undeclared secret", replace(BASE, "    secrets: [db-root-password]", "    secrets: [db-password]"),
            List.of(FILE + "services.db.secrets: unknown secret 'db-password' (secrets: db-root-password)")),
        arguments("unknown placeholder", replace(BASE, "${dns.public}", "${dns.private}"),
            List.of(FILE + "services.web.environment.PUBLIC_HOST: unknown placeholder ${dns.private} (allowed: ${customer}, ${dns.public}, ${host}, ${release})")),
        arguments("profile without limits for a service", replace(BASE, "    reports: { memory: 64m, cpus: 0.1 }\n  medium:", "  medium:"),
            List.of(FILE + "sizing.small: no limits for service 'reports'")),
        arguments("unknown profile name", replace(BASE, "  large:", "  huge:"),
            List.of(FILE + "sizing.huge: is not one of small, medium, large")),
        arguments("memory without a unit", replace(BASE, "db: { memory: 512m, cpus: 0.5 }", "db: { memory: lots, cpus: 0.5 }"),
            List.of(FILE + "sizing.small.db.memory: must be a size such as 512m or 2g")),
        arguments("zero cpus", replace(BASE, "db: { memory: 512m, cpus: 0.5 }", "db: { memory: 512m, cpus: 0 }"),
            List.of(FILE + "sizing.small.db.cpus: must be greater than 0")),
        arguments("malformed port", replace(BASE, "\"8080:8080\"", "\"http\""),
            List.of(FILE + "services.web.ports[0]: must be \"HOST:CONTAINER\" such as \"8080:8080\"")),
        arguments("command that is a number", replace(BASE, "    image: 127.0.0.1:5000/demo/reports:1.0.0", "    image: 127.0.0.1:5000/demo/reports:1.0.0\n    command: 5"),
            List.of(FILE + "services.reports.command: expected a string or a list of strings, got a number (5); quote it in YAML")),
        arguments("service without image", replace(BASE, "    image: 127.0.0.1:5000/demo/task-runner:1.0.0\n", ""),
            List.of(FILE + "services.task-runner.image: is required")),
        arguments("unknown restart policy", replace(BASE, "    restart: unless-stopped\n  task-runner:", "    restart: sometimes\n  task-runner:"),
            List.of(FILE + "services.web.restart: 'sometimes' is not one of no, always, on-failure, unless-stopped")),
        arguments("compose key Stackpilot does not reconcile", replace(BASE, "    restart: unless-stopped\n  task-runner:", "    privileged: true\n  task-runner:"),
            List.of(FILE + "services.web.privileged: unknown key (allowed: image, command, entrypoint, environment, ports, volumes, depends_on, healthcheck, restart, secrets, x-stackpilot)")),
        arguments("healthcheck interval without unit", replace(BASE, "      interval: 2s\n      timeout: 5s", "      interval: 2\n      timeout: 5s"),
            List.of(FILE + "services.db.healthcheck.interval: expected a string, got a number (2); quote it in YAML")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedReleases")
  void malformedReleaseIsRefusedWithExactMessages(String name, String yaml, List<String> expected) {
    Result<ReleaseSpec> result = ReleaseReader.read("1.0.0", yaml);

    assertThat(result.isValid()).as("valid?").isFalse();
    assertThat(result.problems()).map(Problem::toString).containsExactlyInAnyOrderElementsOf(expected);
  }
}
