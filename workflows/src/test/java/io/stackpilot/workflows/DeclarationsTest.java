package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.failures.FailureType;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.DesiredStateActivities;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.stackpilot.workflows.activities.StoreActivities;
import io.stackpilot.workflows.backup.BackupStackWorkflowImpl;
import io.stackpilot.workflows.install.InstallStackWorkflowImpl;
import io.stackpilot.workflows.migrate.MigrateStackWorkflowImpl;
import io.stackpilot.workflows.steps.StackActivities;
import io.stackpilot.workflows.steps.Step;
import io.stackpilot.workflows.update.UpdateStackWorkflowImpl;
import io.temporal.activity.ActivityMethod;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the workflows declare once (activities, steps, failure tiers) matches what they run against. */
class DeclarationsTest {

  private static final List<Class<?>> CONTRACTS = List.of(DesiredStateActivities.class, StoreActivities.class,
      StackHostActivities.class, DataHostActivities.class, io.stackpilot.workflows.activities.NotifyActivities.class,
      io.stackpilot.workflows.activities.RolloutActivities.class);

  @Test
  void everyActivityOfTheContractsIsDeclaredOnceWithItsContract() {
    List<String> contracts = new ArrayList<>();
    for (Class<?> contract : CONTRACTS) {
      for (Method method : contract.getDeclaredMethods()) {
        if (method.isAnnotationPresent(ActivityMethod.class)) {
          contracts.add(contract.getSimpleName() + "." + method.getAnnotation(ActivityMethod.class).name());
        }
      }
    }
    List<String> declared = StackActivities.ALL.stream()
        .map(a -> a.contract().getSimpleName() + "." + a.name()).toList();

    assertThat(declared).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(contracts);
  }

  @Test
  void hostActivitiesAreDeclaredToRunOnTheHost() {
    assertThat(StackActivities.ALL).allSatisfy(a -> assertThat(a.where()).as(a.name()).isEqualTo(
        a.contract() == StackHostActivities.class || a.contract() == DataHostActivities.class
            ? StackActivities.Where.HOST : StackActivities.Where.CONTROL));
    assertThat(StackActivities.ALL).filteredOn(a -> a.heartbeat() != null)
        .allSatisfy(a -> assertThat(a.heartbeat()).as(a.name()).isLessThan(a.startToClose()));
    assertThat(StackActivities.ALL).filteredOn(a -> io.stackpilot.workflows.activities.Liveness.REPORTED_BY_WORKER
        .contains(a.name())).as("the worker reports their liveness: they have a heartbeat timeout")
        .hasSize(io.stackpilot.workflows.activities.Liveness.REPORTED_BY_WORKER.size())
        .allSatisfy(a -> assertThat(a.heartbeat()).as(a.name()).isNotNull());
  }

  @Test
  void totalsComeFromEachOperationsDeclaredSteps() {
    assertThat(InstallStackWorkflowImpl.STEPS).hasSize(1 + Step.INSTALL.size()).startsWith(Step.RESOLVE);
    assertThat(MigrateStackWorkflowImpl.STEPS).hasSize(3 + Step.INSTALL.size()).endsWith(Step.STOP_OLD_STACK);
    assertThat(Stream.of(InstallStackWorkflowImpl.STEPS, UpdateStackWorkflowImpl.STEPS, MigrateStackWorkflowImpl.STEPS,
        BackupStackWorkflowImpl.STEPS)).allSatisfy(steps -> assertThat(steps).doesNotHaveDuplicates());
    assertThat(Step.FINAL_BACKUP.label("acme-old")).isEqualTo("final backup on acme-old");
    assertThat(Step.PULL_IMAGES.label(null)).isEqualTo("pull images");
  }

  @Test
  void onlyTransientFailuresAreRetried() {
    assertThat(FailureType.notRetried()).containsExactlyInAnyOrder("InvalidConfiguration", "TamperedBackup",
        "SchemaNewerThanRelease", "Aborted", "BackupConflict", "MissingSecret", "RestoreIncomplete", "DatabaseError",
        "HostAgentAbsent", "DrillFailed");
    assertThat(FailureType.tierOf("java.io.IOException")).isEqualTo(FailureType.Tier.TRANSIENT);
    assertThat(FailureType.tierOf("MissingSecret")).isEqualTo(FailureType.Tier.OPERATOR);
    assertThat(FailureType.tierOf("TamperedBackup")).isEqualTo(FailureType.Tier.TERMINAL);
    assertThat(FailureType.tierOf("DrillFailed")).as("a drill's own failure is in the enum").isEqualTo(FailureType.Tier.TERMINAL);
    assertThat(FailureType.INVALID_CONFIGURATION.failure("stack.yaml: host: missing").isNonRetryable()).isTrue();
  }
}
