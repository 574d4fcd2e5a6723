package io.stackpilot.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.model.StackRules;
import io.stackpilot.model.StackValidator;
import io.stackpilot.model.ValidatedStack;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.ServiceChange.Action;
import io.stackpilot.workflows.activities.ServiceChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendering and planning are pure: the effective model of a stack, and why each service changes. */
class ComposeModelTest {

  private static final Path SAMPLES = Path.of("..", "config-samples");
  private static final SecretResolver SECRETS = new SecretResolver(Map.of("ACME__DB_ROOT_PASSWORD", "s3cret-value"), StackRules.DEFAULT);
  private static final List<String> RELEASE_SERVICES = List.of("db", "web", "task-runner", "reports");

  private static DesiredState acme(String edit, String with) throws Exception {
    String yaml = Files.readString(SAMPLES.resolve("customer-acme/stack.yaml")).replace(edit, with);
    ValidatedStack v = StackValidator.validate(yaml, new DirectoryReleaseStore(SAMPLES.resolve("releases"))).orThrow();
    return new DesiredState("file:///it/acme.git", "c0ffee1", v.stack(), v.release());
  }

  private static ComposeProject render(DesiredState stack) {
    return new ComposeRenderer(SECRETS).render(stack, Path.of("/srv/stacks/acme")).project();
  }

  private static ComposePlanner.Actual running(ComposeProject project, String service) {
    ComposeService s = project.services().stream().filter(x -> x.name().equals(service)).findFirst().orElseThrow();
    return new ComposePlanner.Actual("id-" + service, service, true, ComposeLabels.container(project, s));
  }

  @Test
  void effectiveModelCombinesReleaseSizingOverridesDnsAndSecrets() throws Exception {
    ComposeRenderer.Rendered rendered = new ComposeRenderer(SECRETS)
        .render(acme("secrets:\n", "ports:\n  web: { \"8080\": 18080 }\nsecrets:\n"), Path.of("/srv/stacks/acme"));
    ComposeProject project = rendered.project();
    ComposeService db = project.services().get(0);
    ComposeService web = project.services().get(1);

    assertThat(project.services()).extracting(ComposeService::name).containsExactly("db", "web", "task-runner");
    assertThat(project.volumes()).containsExactly("acme_db-data", "acme_app-data");
    assertThat(web.environment()).containsExactly(Map.entry("LOG_LEVEL", "info"), Map.entry("PUBLIC_HOST", "acme.example.com"));
    assertThat(web.ports()).containsExactly(new ComposeService.Port(null, 18080, 8080, "tcp"));
    assertThat(web.dependsOn()).containsExactly(Map.entry("db", "service_healthy"));
    assertThat(web.memoryBytes()).isEqualTo(128L << 20);
    assertThat(web.nanoCpus()).isEqualTo(250_000_000L);
    assertThat(db.volumes()).containsExactly(new ComposeService.Mount("acme_db-data", "/var/lib/mysql", false));
    assertThat(db.healthcheck().intervalNanos()).isEqualTo(2_000_000_000L);
    assertThat(db.secrets()).containsExactly(new ComposeService.Secret("db-root-password",
        "/srv/stacks/acme/secrets/db-root-password", "/run/secrets/db-root-password", ComposeRenderer.sha256("s3cret-value".getBytes())));
    assertThat(rendered.secretValues().get("db-root-password")).isEqualTo("s3cret-value".getBytes());
    assertThat(StackDirectory.composeFile(project).toString()).doesNotContain("s3cret-value");
  }

  @Test
  void drillCopyIsItsOwnProjectWithNoPublishedPortsButTheDatabaseOnLoopback() throws Exception {
    DesiredState acme = acme("secrets:\n", "ports:\n  web: { \"8080\": 18080 }\nsecrets:\n");
    DesiredState drill = new DesiredState(acme.repo(), acme.commit(), acme.stack().asDrill("acme-prod-1"), acme.release());
    ComposeProject project = new ComposeRenderer(SECRETS).render(drill, Path.of("/srv/stacks/acme-drill")).project();

    assertThat(project.name()).isEqualTo("acme-drill");
    assertThat(project.containerName("web")).isEqualTo("acme-drill-web-1");
    assertThat(project.volumes()).containsExactly("acme-drill_db-data", "acme-drill_app-data");
    assertThat(project.services().get(1).ports()).as("web answers nobody").isEmpty();
    assertThat(project.services().get(0).ports()).containsExactly(ComposeRenderer.DATABASE_ON_LOOPBACK);
    assertThat(project.services().get(0).secrets().get(0).hostFile()).startsWith("/srv/stacks/acme-drill/secrets/");
  }

  @Test
  void unchangedRunningStackPlansNothing() throws Exception {
    ComposeProject project = render(acme("", ""));
    List<ComposePlanner.Actual> actual = List.of(running(project, "db"), running(project, "web"), running(project, "task-runner"));

    assertThat(ComposePlanner.plan(project, actual, RELEASE_SERVICES).changesNothing()).isTrue();
  }

  @Test
  void planNamesWhatChangedForEachService() throws Exception {
    ComposeProject before = render(acme("", ""));
    ComposeProject after = render(acme("sizing: small", "sizing: large"));
    List<ComposePlanner.Actual> actual = List.of(running(before, "db"),
        new ComposePlanner.Actual("id-web", "web", false, running(after, "web").labels()),
        new ComposePlanner.Actual("id-reports", "reports", true, Map.of()),
        new ComposePlanner.Actual("id-x", "legacy-cron", true, Map.of()));

    StackPlan plan = ComposePlanner.plan(after, actual, RELEASE_SERVICES);

    assertThat(plan.lines()).containsExactly(
        "reports: remove — disabled in stack.yaml",
        "legacy-cron: remove — orphan: not a service of release 1.0.0",
        "db: recreate — limits changed",
        "web: start — stopped",
        "task-runner: create — not created yet");
    assertThat(plan.changes()).extracting(ServiceChange::action).doesNotContain(Action.UNCHANGED);
  }

  @Test
  void changedSecretRecreatesWithoutItsValueInTheLabels() throws Exception {
    ComposeProject project = render(acme("", ""));
    ComposeProject rotated = new ComposeRenderer(new SecretResolver(Map.of("ACME__DB_ROOT_PASSWORD", "rotated"), StackRules.DEFAULT))
        .render(acme("", ""), Path.of("/srv/stacks/acme")).project();

    StackPlan plan = ComposePlanner.plan(rotated, List.of(running(project, "db")), RELEASE_SERVICES);

    assertThat(plan.lines()).first().isEqualTo("db: recreate — secrets changed");
    assertThat(running(rotated, "db").labels().toString()).doesNotContain("rotated");
  }
}
