package io.stackpilot.workflows;

import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.api.StackSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Temporal's in-memory test service with time skipping, a control worker running the real workflows, and
 * host workers for the hosts a test names. Hosts not named have no agent: their steps are never picked up.
 */
public final class StackTestEnvironment implements AutoCloseable {

  public final TestWorkflowEnvironment env;
  public final FakeActivities fakes = new FakeActivities();
  /** The stacks and loops a rollout sees. */
  public final io.stackpilot.workflows.rollout.FakeFleet fleet = new io.stackpilot.workflows.rollout.FakeFleet();

  /**
   * The clock of tests that do not set it: late morning in Berlin, hours from the nightly backup, so that a test's
   * skipped hours cross 02:00 only when it says so, whatever time of day the suite runs.
   */
  public static final java.time.Instant MORNING = java.time.Instant.parse("2026-12-01T09:00:00Z");

  public StackTestEnvironment(String... hosts) {
    this(MORNING, hosts);
  }

  /** As above, with the test server's clock starting at {@code start}. */
  public StackTestEnvironment(java.time.Instant start, String... hosts) {
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder()
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(StackpilotDataConverter.create()).build())
        .setInitialTime(start);
    env = TestWorkflowEnvironment.newInstance(options.build());
    for (SearchAttributeKey<String> key : StackSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker control = env.newWorker(StackNames.TASK_QUEUE);
    StackWorkflows.register(control);
    control.registerActivitiesImplementations(fakes, fleet);
    for (String host : hosts) {
      env.newWorker("host-" + host).registerActivitiesImplementations(fakes.host(host));
    }
    env.start();
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  public <T> T newWorkflow(Class<T> type, String workflowId) {
    return client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId).setTaskQueue(StackNames.TASK_QUEUE).build());
  }

  /**
   * Saves the history of a finished run as target/histories/{@code name}.json; dev/record-histories copies
   * them into src/test/resources/histories/, which ReplayTest replays.
   */
  public void saveHistory(String workflowId, String name) {
    saveHistory(workflowId, null, name);
  }

  /** As above, of run {@code runId} (null: the latest), such as the first of a run that continued as new. */
  public void saveHistory(String workflowId, String runId, String name) {
    try {
      Path dir = Path.of("target", "histories");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), (runId == null ? client().fetchHistory(workflowId)
          : client().fetchHistory(workflowId, runId)).toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets the loop run (time skips while it waits) until its status satisfies {@code condition}. */
  public ReconcileStatus awaitLoop(ReconcileStackWorkflow loop, Predicate<ReconcileStatus> condition) {
    for (int i = 0; i < 200; i++) {
      ReconcileStatus status = loop.status();
      if (condition.test(status)) {
        return status;
      }
      env.sleep(Duration.ofSeconds(30));
    }
    throw new AssertionError("the loop never reached the expected state: " + loop.status());
  }

  @Override
  public void close() {
    env.close();
  }
}
