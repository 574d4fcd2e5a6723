package io.stackpilot.activities.compose;

import com.github.dockerjava.api.DockerClient;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The host agent's Docker steps as the workflows run them, on a real engine. */
class StackHostActivitiesIT {

  private final DockerClient docker = TestEnvironment.docker();
  private final TestStacks stacks = new TestStacks();
  private final TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
  private final List<String> heartbeats = new CopyOnWriteArrayList<>();
  private final ComposeApplier applier = new ComposeApplier(docker, Duration.ofMinutes(2), RegistryCredentials.none());

  @TempDir
  Path stacksDir;

  private StackHostActivities host;

  @BeforeEach
  void register() {
    temporal.registerActivitiesImplementations(new StackHostActivitiesImpl(applier, stacks.secrets, stacksDir));
    temporal.setActivityHeartbeatListener(String.class, heartbeats::add);
    host = temporal.newActivityStub(StackHostActivities.class);
  }

  @AfterEach
  void clean() {
    temporal.close();
    applier.down(stacks.customer);
    for (String volume : new String[] {"db-data", "app-data"}) {
      try {
        docker.removeVolumeCmd(stacks.customer + "_" + volume).exec();
      } catch (RuntimeException alreadyGone) {
        // never created
      }
    }
  }

  @Test
  void stackIsPreparedPulledStartedVerifiedAndStopped() throws Exception {
    DesiredState stack = stacks.stack("1.0.0", UnaryOperator.identity());

    host.prepareHost(stack);
    assertThat(stacksDir.resolve(stacks.customer).resolve("compose.yaml")).exists();
    assertThat(docker.inspectNetworkCmd().withNetworkId(stacks.customer + "_default").exec().getLabels())
        .containsEntry("com.docker.compose.project", stacks.customer);
    assertThat(docker.inspectVolumeCmd(stacks.customer + "_db-data").exec().getLabels())
        .containsEntry("com.docker.compose.volume", "db-data");

    host.pullImages(stack);
    assertThat(heartbeats).as("progress as heartbeat details (the SDK throttles them)")
        .anyMatch(h -> h.startsWith("pull " + TestEnvironment.registry() + "/"));

    host.startDatabase(stack);
    assertThat(applier.actual(stacks.customer)).extracting(ComposePlanner.Actual::service).containsExactly("db");

    ApplyResult first = host.startServices(stack);
    host.verifyHealth(stack);
    ApplyResult again = host.startServices(stack);

    assertThat(first.started()).containsExactly("web", "task-runner");
    assertThat(first.unchanged()).containsExactly("db");
    assertThat(first.plan()).containsExactly("db: unchanged — up to date", "web: create — not created yet",
        "task-runner: create — not created yet");
    assertThat(again.started()).isEmpty();
    assertThat(again.unchanged()).containsExactly("db", "web", "task-runner");

    host.stopStack(stack);
    assertThat(applier.actual(stacks.customer)).isEmpty();
    assertThat(docker.inspectVolumeCmd(stacks.customer + "_db-data").exec().getName()).as("volumes stay")
        .isEqualTo(stacks.customer + "_db-data");
  }

  @Test
  void secretMissingOnTheHostNeedsTheOperatorAndIsNamed() throws Exception {
    DesiredState stack = stacks.stack("1.0.0", y -> y.replace("env:" + stacks.passwordVariable,
        "file:/etc/stackpilot/secrets/" + stacks.customer + "/none"));

    assertThatThrownBy(() -> host.startDatabase(stack))
        .isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo("MissingSecret");
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).isEqualTo("secret db-root-password: file /etc/stackpilot/secrets/"
              + stacks.customer + "/none does not exist on the host");
        });
    assertThat(Files.exists(stacksDir.resolve(stacks.customer).resolve("secrets/db-root-password"))).isFalse();
  }

  @Test
  void planNamesWhatWouldChangeAndChangesNothing() {
    DesiredState installed = stacks.stack("1.0.0", UnaryOperator.identity());
    DesiredState bumped = stacks.stack("1.1.0", UnaryOperator.identity());

    HostPlan fresh = host.planServices(installed);
    assertThat(fresh.changes()).containsExactly("network " + stacks.customer + "_default: create",
        "volume " + stacks.customer + "_db-data: create", "volume " + stacks.customer + "_app-data: create",
        "db: create — not created yet", "web: create — not created yet", "task-runner: create — not created yet");
    assertThat(fresh.present()).as("not installed").isEmpty();
    assertThat(docker.listNetworksCmd().withNameFilter(stacks.customer + "_default").exec()).as("plan creates nothing").isEmpty();

    host.prepareHost(installed);
    host.pullImages(installed);
    host.startServices(installed);
    List<String> containers = applier.actual(stacks.customer).stream().map(ComposePlanner.Actual::id).toList();

    HostPlan same = host.planServices(installed);
    assertThat(same.changesNothing()).isTrue();
    assertThat(same.present()).containsExactly("db", "task-runner", "web");
    HostPlan update = host.planServices(bumped);
    assertThat(update.changesNothing()).isFalse();
    assertThat(update.changes()).anyMatch(line -> line.startsWith("web: recreate — image ") && line.endsWith(":1.1.0"));
    assertThat(applier.actual(stacks.customer)).extracting(ComposePlanner.Actual::id).as("plan leaves the containers")
        .containsExactlyElementsOf(containers);
  }
}
