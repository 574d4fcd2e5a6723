package io.stackpilot.activities.compose;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.DesiredState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo stack reconciled on a real Docker Engine with images from the local registry. */
class ComposeReconcileIT {

  private static final java.util.List<String> RELEASE_SERVICES = java.util.List.of("db", "web", "task-runner", "reports");

  private final DockerClient docker = TestEnvironment.docker();
  private final TestStacks stacks = new TestStacks();
  private final ComposeApplier applier = new ComposeApplier(docker, Duration.ofMinutes(2), RegistryCredentials.none());

  @TempDir
  Path dir;

  @AfterEach
  void down() {
    applier.down(stacks.customer);
    for (String volume : new String[] {"db-data", "app-data"}) {
      try {
        docker.removeVolumeCmd(stacks.customer + "_" + volume).exec();
      } catch (RuntimeException alreadyGone) {
        // the test removed it, or never created it
      }
    }
  }

  private ComposeProject up(DesiredState stack) {
    ComposeProject project = stacks.render(stack, dir).project();
    applier.apply(project, RELEASE_SERVICES, null, line -> { });
    applier.verifyHealth(project, line -> { });
    return project;
  }

  private Map<String, String> containerIds() {
    return applier.actual(stacks.customer).stream()
        .collect(Collectors.toMap(ComposePlanner.Actual::service, ComposePlanner.Actual::id));
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stacks.webPort + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  @Test
  void freshApplyStartsTheStackAndASecondApplyChangesNothing() throws Exception {
    ComposeProject rendered = stacks.render(stacks.stack("1.0.0", UnaryOperator.identity()), dir).project();
    assertThat(applier.plan(rendered, RELEASE_SERVICES).allLines()).containsExactly(
        "network " + stacks.customer + "_default: create", "volume " + stacks.customer + "_db-data: create",
        "volume " + stacks.customer + "_app-data: create", "db: create — not created yet", "web: create — not created yet",
        "task-runner: create — not created yet");
    ComposeProject project = up(stacks.stack("1.0.0", UnaryOperator.identity()));
    Map<String, String> first = containerIds();

    long started = System.nanoTime();
    StackPlan second = applier.apply(project, RELEASE_SERVICES, null, line -> { });
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(first).containsOnlyKeys("db", "web", "task-runner");
    assertThat(get("/version")).isEqualTo("1.0.0\n");
    assertThat(get("/")).contains("serving acme.example.com");
    assertThat(second.changesNothing()).as(String.join("\n", second.lines())).isTrue();
    assertThat(containerIds()).isEqualTo(first);
    assertThat(Files.readString(project.composeFile())).contains("container_name: " + stacks.customer + "-web-1")
        .doesNotContain("it-secret");
    assertThat(Files.readString(dir.resolve("secrets/db-root-password"))).isEqualTo("it-secret");
    System.out.printf("second apply of an unchanged %d-service stack: %d ms%n", first.size(), millis);
  }

  @Test
  void aServiceStartsOnceWhatItDependsOnIsReadyNotAfterTheServicesListedBeforeIt() {
    ComposeProject project = stacks.render(stacks.stack("1.0.0",
        yaml -> yaml.replace("services: [db, web, task-runner]", "services: [db, web, task-runner, reports]")), dir).project();

    java.util.concurrent.atomic.AtomicReference<java.time.Instant> passed = new java.util.concurrent.atomic.AtomicReference<>();
    applier.apply(project, RELEASE_SERVICES, null, line -> {
      if (line.startsWith("db passed its health test")) {
        passed.compareAndSet(null, java.time.Instant.now());
      }
    });

    Map<String, String> ids = containerIds();
    assertThat(ids).containsOnlyKeys("db", "web", "task-runner", "reports");
    java.util.function.Function<String, java.time.Instant> startedAt = service -> java.time.Instant.parse(
        docker.inspectContainerCmd(ids.get(service)).exec().getState().getStartedAt());
    java.time.Instant dbHealthy = passed.get();
    assertThat(dbHealthy).as("the database's health test passed").isNotNull();
    // reports waits for the database to be started, web and task-runner for it to be healthy
    assertThat(startedAt.apply("reports")).as("reports, listed after web, starts before the database is healthy")
        .isBefore(dbHealthy).isBefore(startedAt.apply("web"));
    assertThat(startedAt.apply("web")).isAfter(dbHealthy);
    assertThat(startedAt.apply("task-runner")).isAfter(dbHealthy);
  }

  @Test
  void envChangeRecreatesOnlyThatService() {
    up(stacks.stack("1.0.0", UnaryOperator.identity()));
    Map<String, String> before = containerIds();
    ComposeProject changed = stacks.render(stacks.stack("1.0.0", y -> y.replace("LOG_LEVEL: info", "LOG_LEVEL: debug")), dir).project();

    StackPlan plan = applier.apply(changed, RELEASE_SERVICES, null, line -> { });

    assertThat(plan.lines()).containsExactly("db: unchanged — up to date", "web: recreate — environment changed",
        "task-runner: unchanged — up to date");
    Map<String, String> after = containerIds();
    assertThat(after.get("web")).isNotEqualTo(before.get("web"));
    assertThat(after.get("db")).isEqualTo(before.get("db"));
    assertThat(after.get("task-runner")).isEqualTo(before.get("task-runner"));
  }

  @Test
  void releaseChangeRecreatesTheApplicationServices() throws Exception {
    up(stacks.stack("1.0.0", UnaryOperator.identity()));
    Map<String, String> before = containerIds();
    ComposeProject updated = stacks.render(stacks.stack("1.1.0", UnaryOperator.identity()), dir).project();
    String registry = TestEnvironment.registry();

    StackPlan plan = applier.apply(updated, RELEASE_SERVICES, null, line -> { });
    applier.verifyHealth(updated, line -> { });

    assertThat(plan.lines()).containsExactly("db: unchanged — up to date",
        "web: recreate — image " + registry + "/demo/web:1.0.0 → " + registry + "/demo/web:1.1.0",
        "task-runner: recreate — image " + registry + "/demo/task-runner:1.0.0 → " + registry + "/demo/task-runner:1.1.0");
    assertThat(containerIds().get("db")).isEqualTo(before.get("db"));
    assertThat(get("/version")).isEqualTo("1.1.0\n");
  }

  @Test
  void disablingAServiceRemovesItAndKeepsTheVolumes() {
    up(stacks.stack("1.0.0", UnaryOperator.identity()));
    ComposeProject smaller = stacks.render(stacks.stack("1.0.0",
        y -> y.replace("services: [db, web, task-runner]", "services: [db, web]")), dir).project();

    StackPlan plan = applier.apply(smaller, RELEASE_SERVICES, null, line -> { });

    assertThat(plan.lines()).contains("task-runner: remove — disabled in stack.yaml");
    assertThat(containerIds()).containsOnlyKeys("db", "web");
    assertThat(docker.inspectVolumeCmd(stacks.customer + "_app-data").exec().getName()).isEqualTo(stacks.customer + "_app-data");
  }

  /**
   * web listens on the wrong port, so its healthcheck fails and Docker marks it unhealthy after two checks: the
   * failure follows that event, not a deadline that a busy machine could miss while the database still starts.
   */
  @Test
  void unhealthyServiceFailsNamingItWithItsHealthLogAndLogs() {
    ComposeProject project = stacks.render(stacks.stack("1.0.0",
        y -> y.replace("LOG_LEVEL: info", "LOG_LEVEL: info, PORT: \"9999\""),
        r -> r.replace("retries: 15", "retries: 2")), dir).project();
    applier.apply(project, RELEASE_SERVICES, null, line -> { });

    assertThatThrownBy(() -> applier.verifyHealth(project, line -> { }))
        .isInstanceOf(ServiceUnhealthyException.class)
        .hasMessageStartingWith("web is unhealthy after ")
        .hasMessageContaining("health log:")
        .hasMessageContaining("last log lines:\nweb 1.0.0 listening on 9999");
  }

  @Test
  void missingImageFailsNamingTheImage() {
    ComposeProject project = stacks.render(stacks.stack("1.0.0", UnaryOperator.identity(),
        r -> r.replace("demo/web:1.0.0", "demo/web:9.9.9")), dir).project();

    assertThatThrownBy(() -> applier.apply(project, RELEASE_SERVICES, null, line -> { }))
        .isInstanceOf(ImageUnavailableException.class)
        .hasMessageStartingWith("image " + TestEnvironment.registry() + "/demo/web:9.9.9 cannot be pulled");
  }

  @Test
  void dockerComposeSeesTheStackAsItsOwn() throws Exception {
    up(stacks.stack("1.0.0", UnaryOperator.identity()));

    Process ps = new ProcessBuilder("docker-compose", "-p", stacks.customer, "ps", "--services")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(ps.waitFor()).as(out).isZero();
    assertThat(out.lines().filter(l -> !l.isBlank()).sorted()).containsExactly("db", "task-runner", "web");
  }
}
