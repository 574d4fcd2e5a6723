package io.stackpilot.worker.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.client.FleetIndex;
import io.stackpilot.client.FleetListing;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.stackpilot.workflows.fleet.FleetIndexWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.EncodedValues;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.DynamicQueryHandler;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which loops a push reaches: those following its repository and branch, found from the fleet index when it runs
 * (no loop asked), from the listing and each loop's answer otherwise.
 */
class FollowingLoopsTest {

  private static final Map<String, String> REPOS = Map.of("acme", "https://git.example.invalid/customers/acme.git",
      "bolt", "https://git.example.invalid/customers/bolt.git", "cora", "https://git.example.invalid/customers/acme.git");
  private static final Map<String, String> REFS = Map.of("acme", "main", "bolt", "main", "cora", "staging");
  private static final AtomicInteger ASKED = new AtomicInteger();
  private static final Map<String, AtomicInteger> SYNCED = new ConcurrentHashMap<>();

  /** A loop that answers what it follows (counting the questions) and counts the syncs it is sent. */
  public static class StandInLoop implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      String customer = StackNames.customerOfReconcile(Workflow.getInfo().getWorkflowId()).orElseThrow();
      Workflow.registerListener((DynamicQueryHandler) (query, encoded) -> {
        ASKED.incrementAndGet();
        return new ReconcileStatus(customer, ReconcileStatus.WATCHING, false, null, "c0ffee1", "1.0.0", "eu-1", null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, REPOS.get(customer),
            REFS.get(customer), null, null, null, null, null, null, 0, null, Map.of());
      });
      Workflow.registerListener((DynamicSignalHandler) (signal, encoded) ->
          SYNCED.computeIfAbsent(customer, c -> new AtomicInteger()).incrementAndGet());
      Workflow.await(() -> false);
      return null;
    }
  }

  @Test
  void aPushReachesTheLoopsFollowingItsRepoAndBranchFromTheListingAndThenFromTheIndexWithoutAskingThem()
      throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false).setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(StackpilotDataConverter.create()).build()).build())) {
      env.newWorker(StackNames.TASK_QUEUE).registerWorkflowImplementationTypes(StandInLoop.class,
          FleetIndexWorkflowImpl.class);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      for (String customer : REPOS.keySet()) {
        client.newUntypedWorkflowStub("ReconcileStack", WorkflowOptions.newBuilder()
            .setWorkflowId(StackNames.reconcileId(customer)).setTaskQueue(StackNames.TASK_QUEUE).build())
            .start(new StackRequest(REPOS.get(customer), REFS.get(customer)));
      }
      GitPush push = new GitPush(List.of("https://git.example.invalid/customers/acme"), "main");
      FollowingLoops loops = new FollowingLoops(client);

      List<String> listed = loops.sync(push);
      int askedByListing = ASKED.getAndSet(0);

      FleetIndex index = new FleetIndex(client);
      index.start();
      var askers = Executors.newFixedThreadPool(2);
      try {
        List<io.stackpilot.workflows.api.FleetStack> held = List.of();
        for (int i = 0; i < 100 && (held = index.read().orElse(List.of())).isEmpty(); i++) {
          index.repair(new FleetListing(client, askers).read(true, System.currentTimeMillis()), held);
          Thread.sleep(100);
        }
        assertThat(held).hasSize(3);
      } finally {
        askers.shutdownNow();
      }
      ASKED.set(0);
      List<String> indexed = loops.sync(push);

      assertThat(listed).containsExactly(StackNames.reconcileId("acme"));
      assertThat(askedByListing).as("each loop asked once what it follows").isEqualTo(3);
      assertThat(indexed).containsExactly(StackNames.reconcileId("acme"));
      assertThat(ASKED.get()).as("the index says what each loop follows").isZero();
      for (int i = 0; i < 50 && SYNCED.getOrDefault("acme", new AtomicInteger()).get() < 2; i++) {
        Thread.sleep(100);
      }
      assertThat(SYNCED.get("acme").get()).isEqualTo(2);
      assertThat(SYNCED).doesNotContainKeys("bolt", "cora");
    }
  }
}
