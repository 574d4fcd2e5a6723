package io.stackpilot.workflows.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.client.FleetIndex;
import io.stackpilot.workflows.Samples;
import io.stackpilot.workflows.StackTestEnvironment;
import io.stackpilot.workflows.api.FleetIndexRequest;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.FleetPage;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.FleetUpdate;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.install.InstallStackWorkflow;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet index: what it keeps of each stack, in which order it pages, and that the runs themselves keep it current. */
class FleetIndexTest {

  private static FleetOperation op(String runId, String status, String state, int step) {
    return new FleetOperation("InstallStack", runId, status, state, "pull images", step, 9, "1.0.0", "acme-prod-1",
        "2026-12-01T09:00:00Z");
  }

  private static FleetLoop loop(String state) {
    return new FleetLoop(state, false, "c0ffee1", "1.0.0", "acme-prod-1", null, null, null, Map.of("tier", "gold"), null,
        null, null, null, null, null, null, null, 0, Samples.REPO, "main");
  }

  private static FleetIndexWorkflow start(StackTestEnvironment t, Integer maxUpdates) {
    FleetIndexWorkflow index = t.newWorkflow(FleetIndexWorkflow.class, FleetIndexWorkflow.ID);
    firstRun = WorkflowClient.start(index::run, new FleetIndexRequest(List.of(), maxUpdates)).getRunId();
    return index;
  }

  private static String firstRun;

  @Test
  void aLateUpdateDoesNotReplaceANewerOneAndEachPartIsKeptOnItsOwn() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      FleetIndexWorkflow index = start(t, null);

      index.record(List.of(new FleetUpdate("acme", 2_000, op("r1", "running", "Running", 4), null)));
      index.record(List.of(new FleetUpdate("acme", 1_000, op("r1", "running", "Running", 3), null),
          new FleetUpdate("acme", 1_500, null, loop("Applying"))));

      FleetStack acme = index.stacks(null, 10).stacks().get(0);
      assertThat(acme.operation().stepNumber()).as("the update observed earlier is dropped").isEqualTo(4);
      assertThat(acme.loop().state()).as("the loop's part is not ordered by the operation's").isEqualTo("Applying");
      assertThat(acme.operationAt()).isEqualTo(2_000);
      assertThat(acme.loopAt()).isEqualTo(1_500);
    }
  }

  @Test
  void anUpdateDatedFarAheadDoesNotHoldTheStackAgainstTheTrueOnesThatFollow() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      FleetIndexWorkflow index = start(t, null);
      long now = t.env.currentTimeMillis();

      index.record(List.of(new FleetUpdate("acme", Long.MAX_VALUE, op("forged", "completed", "Completed", 9), null)));
      FleetStack forged = index.stacks(null, 10).stacks().get(0);
      t.env.sleep(Duration.ofMinutes(6));
      index.record(List.of(new FleetUpdate("acme", t.env.currentTimeMillis(), op("r1", "running", "Running", 2), null)));

      assertThat(forged.operationAt()).as("taken as at most five minutes ahead of the index")
          .isBetween(now, now + Duration.ofMinutes(6).toMillis());
      assertThat(index.stacks(null, 10).stacks().get(0).operation().runId()).as("the true update that follows")
          .isEqualTo("r1");
    }
  }

  @Test
  void pagesFollowCustomerOrderAndANameThatIsNoCustomerOrAnOversizedUpdateIsLeftOut() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      FleetIndexWorkflow index = start(t, null);
      index.record(List.of(new FleetUpdate("cedar", 1, op("r3", "running", "Running", 1), null),
          new FleetUpdate("acme", 1, op("r1", "running", "Running", 1), null),
          new FleetUpdate("bolt", 1, null, loop("Watching")),
          new FleetUpdate("evil\ncustomer", 1, op("r4", "running", "Running", 1), null),
          new FleetUpdate("x".repeat(200), 1, op("r5", "running", "Running", 1), null),
          new FleetUpdate(null, 1, op("r6", "running", "Running", 1), null),
          new FleetUpdate("dune", 1, new FleetOperation("InstallStack", "r7", "running", "Running", "x".repeat(5000), 1,
              9, "1.0.0", "eu-1", "2026-12-01T09:00:00Z"), null),
          new FleetUpdate("elm", 1, null, new FleetLoop("Watching", false, null, null, null, null, null, null,
              java.util.stream.IntStream.range(0, 100).boxed().collect(java.util.stream.Collectors.toMap(i -> "k" + i,
                  i -> "v")), null, null, null, null, null, null, null, null, 0, null, null))));

      FleetPage first = index.stacks(null, 2);
      FleetPage second = index.stacks(first.next(), 2);

      assertThat(first.stacks()).extracting(FleetStack::customer).containsExactly("acme", "bolt");
      assertThat(first.next()).isEqualTo("bolt");
      assertThat(first.total()).isEqualTo(3);
      assertThat(second.stacks()).extracting(FleetStack::customer).containsExactly("cedar");
      assertThat(second.next()).isNull();
      assertThat(index.stacks(null, 100_000).stacks()).as("a page is capped, not refused").hasSize(3);
    }
  }

  @Test
  void theIndexCarriesItsStacksAcrossContinueAsNew() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      FleetIndexWorkflow index = start(t, 3);
      for (String customer : List.of("acme", "bolt", "cedar")) {
        index.record(List.of(new FleetUpdate(customer, 1, op("r-" + customer, "completed", "Completed", 9), null)));
      }
      // On Temporal's test server, under CI's load, a run whose continue-as-new met two more signals kept its last task
      // open for a minute and more: the next updates are sent once the new run is there.
      EventType last = null;
      for (int i = 0; i < 60 && last != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW; i++) {
        last = t.client().fetchHistory(FleetIndexWorkflow.ID, firstRun).getLastEvent().getEventType();
        t.env.sleep(Duration.ofSeconds(1));
      }
      assertThat(last).as("continued as new after three updates")
          .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      for (String customer : List.of("dune", "elm")) {
        index.record(List.of(new FleetUpdate(customer, 1, op("r-" + customer, "completed", "Completed", 9), null)));
      }

      List<FleetStack> held = held(t, h -> h.size() == 5);

      assertThat(held).extracting(FleetStack::customer).containsExactly("acme", "bolt", "cedar", "dune", "elm");
      t.saveHistory(FleetIndexWorkflow.ID, firstRun, "FleetIndex");
    }
  }

  @Test
  void anInstallTellsTheIndexItsStepsAndItsEnd() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      start(t, null);

      t.newWorkflow(InstallStackWorkflow.class, "stack-acme").install(new InstallRequest(Samples.REPO, "main"));

      FleetOperation run = held(t).get(0).operation();
      assertThat(run).extracting(FleetOperation::operation, FleetOperation::status, FleetOperation::state,
          FleetOperation::release, FleetOperation::host, FleetOperation::stepNumber, FleetOperation::totalSteps)
          .containsExactly("InstallStack", "completed", "Completed", "1.0.0", "acme-prod-1", 9, 9);
      long told = t.client().fetchHistory("stack-acme").getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED).count();
      assertThat(told).as("once per step, once resolved, once at the end").isEqualTo(11);
      t.saveHistory("stack-acme", "InstallStack-fleet-index");
    }
  }

  @Test
  void aRunCompletesAsBeforeWhenNoIndexRuns() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));

      t.newWorkflow(InstallStackWorkflow.class, "stack-acme").install(new InstallRequest(Samples.REPO, "main"));

      assertThat(t.client().fetchHistory("stack-acme").getEvents()).anyMatch(e ->
          e.getEventType() == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED);
      assertThat(new FleetIndex(t.client()).read()).as("no index answers").isEmpty();
    }
  }

  @Test
  void aLoopTellsTheIndexWhatChangedAndNothingWhileNothingDoes() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      start(t, null);
      ReconcileStackWorkflow loop = t.client().newWorkflowStub(ReconcileStackWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.reconcileId("acme")).setTaskQueue(StackNames.TASK_QUEUE).build());
      WorkflowClient.start(loop::reconcile, new ReconcileRequest(Samples.REPO, "main", "PT1M", null, null, null));
      t.awaitLoop(loop, s -> "c0ffee1".equals(s.appliedCommit()) && s.running() == null);
      long toldSettled = told(t);

      t.env.sleep(Duration.ofMinutes(10));

      FleetStack acme = held(t).get(0);
      assertThat(acme.loop()).isEqualTo(FleetLoop.of(loop.status()));
      assertThat(acme.loop()).extracting(FleetLoop::commit, FleetLoop::release, FleetLoop::host)
          .containsExactly("c0ffee1", "1.0.0", "acme-prod-1");
      assertThat(acme.operation().status()).as("the install the loop ran told the index too").isEqualTo("completed");
      assertThat(told(t)).as("ten polls that changed nothing told the index nothing").isEqualTo(toldSettled);
      loop.pause("recording");
      t.awaitLoop(loop, ReconcileStatus::paused);
      assertThat(held(t, h -> h.get(0).loop().paused())).as("the pause told").hasSize(1);
      t.saveHistory(StackNames.reconcileId("acme"), "ReconcileStack-fleet-index");
    }
  }

  /** What the index holds, once its run answers (a run that just continued as new answers after its first task). */
  private static List<FleetStack> held(StackTestEnvironment t) {
    return held(t, h -> true);
  }

  /** As above, once it holds what {@code expected} checks: the index hears of a change a moment after the run made it. */
  private static List<FleetStack> held(StackTestEnvironment t, java.util.function.Predicate<List<FleetStack>> expected) {
    java.util.Optional<List<FleetStack>> held = java.util.Optional.empty();
    for (int i = 0; i < 60; i++) {
      held = new FleetIndex(t.client()).read();
      if (held.isPresent() && expected.test(held.get())) {
        return held.get();
      }
      t.env.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError("the fleet index never held what was expected: " + held);
  }

  private static long told(StackTestEnvironment t) {
    return t.client().fetchHistory(StackNames.reconcileId("acme")).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED).count();
  }
}
