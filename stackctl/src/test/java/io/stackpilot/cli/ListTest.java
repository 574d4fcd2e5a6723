package io.stackpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackpilot.client.FleetIndex;
import io.stackpilot.client.FleetListing;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.FleetUpdate;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.fleet.FleetIndexWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.EncodedValues;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.DynamicQueryHandler;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * stackctl list's filters against a real (test) Temporal server: four stacks on hosts in two regions, one needing
 * attention, two followed by loops that report their labels.
 */
class ListTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static PortBoundTemporal temporal;
  private static WorkerFactory workers;

  /** Where each stand-in stack is: its host, and the labels its loop reports (none: no loop). */
  private static final Map<String, String> HOSTS = Map.of("acme", "eu-1", "bolt", "eu-2", "cora", "us-1", "dart", "eu-3");

  /**
   * Stands in for the operations and loops: an operation of acme, cora or dart completes with the result a real one
   * returns; bolt's stays running and answers its status query with NeedsAttention; a loop answers with its labels.
   */
  public static class StandIn implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      String id = Workflow.getInfo().getWorkflowId();
      if (StackNames.customerOfReconcile(id).isPresent()) {
        String customer = StackNames.customerOfReconcile(id).get();
        Map<String, String> labels = "acme".equals(customer) ? Map.of("tier", "gold") : Map.of("tier", "silver");
        Workflow.registerListener((DynamicQueryHandler) (query, encoded) -> new ReconcileStatus(customer,
            ReconcileStatus.WATCHING, false, null, "c0ffee1", "1.0.0", HOSTS.get(customer), null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, "main", null, null, null, null, null,
            null, 0, null, labels));
        Workflow.await(() -> false);
        return null;
      }
      String customer = StackNames.customerOfOperation(id).orElseThrow();
      if ("bolt".equals(customer)) {
        Workflow.registerListener((DynamicQueryHandler) (query, encoded) -> new StackStatus("UpdateStack", customer,
            StackStatus.NEEDS_ATTENTION, "migrate database", 6, 9, "V2 failed", false, false, null, List.of("retry"),
            "c0ffee2", "1.1.0", HOSTS.get(customer), null, List.of()));
        Workflow.await(() -> false);
        return null;
      }
      return new OperationResult("InstallStack", customer, "c0ffee1", "1.0.0", HOSTS.get(customer), "vanilla-1.0.0",
          null, List.of(), List.of("db", "web"), List.of(), null, null, null);
    }
  }

  @BeforeAll
  static void fleet() throws Exception {
    temporal = new PortBoundTemporal();
    WorkflowClient client = temporal.client;
    workers = WorkerFactory.newInstance(client);
    workers.newWorker(StackNames.TASK_QUEUE).registerWorkflowImplementationTypes(StandIn.class,
        FleetIndexWorkflowImpl.class);
    workers.start();
    for (String customer : List.of("acme", "bolt", "cora", "dart")) {
      WorkflowStub operation = client.newUntypedWorkflowStub("bolt".equals(customer) ? "UpdateStack" : "InstallStack",
          WorkflowOptions.newBuilder().setWorkflowId(StackNames.operationId(customer))
              .setTaskQueue(StackNames.TASK_QUEUE).build());
      operation.start(new StackRequest("file:///srv/git/" + customer + ".git", "main"));
      if (!"bolt".equals(customer)) {
        operation.getResult(OperationResult.class);
      }
    }
    for (String customer : List.of("acme", "dart")) {
      client.newUntypedWorkflowStub("ReconcileStack", WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.reconcileId(customer)).setTaskQueue(StackNames.TASK_QUEUE).build())
          .start(new StackRequest("file:///srv/git/" + customer + ".git", "main"));
    }
  }

  @AfterAll
  static void down() {
    workers.shutdownNow();
    temporal.close();
  }

  @Test
  void everyStackIsListedWithItsStateWithoutAFilter() throws Exception {
    assertThat(customers()).containsExactly("acme", "bolt", "cora", "dart");
    PortBoundTemporal.Cli table = temporal.stackctl("list");
    assertThat(table.output()).containsPattern("bolt +UpdateStack +running +NeedsAttention +1.1.0 +eu-2")
        .containsPattern("cora +InstallStack +completed +Completed +1.0.0 +us-1");
  }

  @Test
  void stateHostAndLabelFiltersEachNarrowTheListAndCombine() throws Exception {
    filtersNarrowTheList();
  }

  /**
   * Once the fleet index runs and was repaired from the listing, the list reads it (a stack only the index holds is
   * listed) and every filter answers as it did from the listing; a second repair finds nothing to send.
   */
  @Test
  void theListReadsTheFleetIndexOnceItRunsAndFiltersItTheSame() throws Exception {
    WorkflowClient client = temporal.client;
    FleetIndex index = new FleetIndex(client);
    ExecutorService askers = Executors.newFixedThreadPool(2);
    try {
      assertThat(index.start()).as("no index ran before").isTrue();
      List<FleetStack> held = await(index, h -> true);
      assertThat(held).isEmpty();

      int sent = index.repair(new FleetListing(client, askers).read(true, System.currentTimeMillis()), held);
      assertThat(sent).as("acme, bolt, cora, dart").isEqualTo(4);
      held = await(index, h -> h.size() == 4);
      assertThat(index.repair(new FleetListing(client, askers).read(true, System.currentTimeMillis()), held))
          .as("a second repair finds the index right").isZero();
      filtersNarrowTheList();
      client.newUntypedWorkflowStub(StackNames.FLEET_INDEX).signal("record", List.of(new FleetUpdate("echo",
          System.currentTimeMillis(), new FleetOperation("InstallStack", "r-echo", "completed", StackStatus.COMPLETED,
          "verify health", 9, 9, "1.0.0", "ap-1", "2026-12-05T00:00:00Z"), null)));
      await(index, h -> h.size() == 5);

      assertThat(customers("--host", "ap-*")).as("echo is held by the index alone").containsExactly("echo");

      client.newUntypedWorkflowStub(StackNames.FLEET_INDEX).terminate("no longer kept current");
      assertThat(index.read()).as("an index that ended is not read").isEmpty();
      assertThat(customers()).as("the listing again").containsExactly("acme", "bolt", "cora", "dart");
    } finally {
      askers.shutdownNow();
    }
  }

  private static List<FleetStack> await(FleetIndex index, java.util.function.Predicate<List<FleetStack>> holds)
      throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      java.util.Optional<List<FleetStack>> held = index.read();
      if (held.isPresent() && holds.test(held.get())) {
        return held.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the fleet index never held what was expected: " + index.read());
  }

  private static void filtersNarrowTheList() throws Exception {
    assertThat(customers("--state", "NeedsAttention")).containsExactly("bolt");
    assertThat(customers("--state", "needs-attention")).as("the dashboard's spelling").containsExactly("bolt");
    assertThat(customers("--state", "Completed")).containsExactly("acme", "cora", "dart");
    assertThat(customers("--host", "eu-*")).containsExactly("acme", "bolt", "dart");
    assertThat(customers("--host", "us-?")).containsExactly("cora");
    assertThat(customers("--label", "tier=gold")).as("only acme's loop reports tier=gold").containsExactly("acme");
    assertThat(customers("--label", "tier=*")).as("cora and bolt have no loop, so no labels").containsExactly("acme",
        "dart");
    assertThat(customers("--host", "eu-*", "--label", "tier=silver", "--state", "Completed")).containsExactly("dart");
    assertThat(temporal.stackctl("list", "--state", "Failed").output()).contains("no stack matches --state Failed");
  }

  @Test
  void aFilterThatCannotMatchIsRefusedNamingTheOptionAndWhatItTakes() {
    PortBoundTemporal.Cli state = temporal.stackctl("list", "--state", "broken");
    assertThat(state.exitCode()).isEqualTo(Stackctl.INVALID);
    assertThat(state.output()).contains("--state: 'broken' is not a state; one of Running, NeedsAttention, Completed, "
        + "Failed, Aborted");
    PortBoundTemporal.Cli label = temporal.stackctl("list", "--label", "tier");
    assertThat(label.exitCode()).isEqualTo(Stackctl.INVALID);
    assertThat(label.output()).contains("--label: 'tier' must be key=value");
    PortBoundTemporal.Cli host = temporal.stackctl("list", "--label", "host=eu-1");
    assertThat(host.exitCode()).isEqualTo(Stackctl.INVALID);
    assertThat(host.output()).contains("names the stack's host, not a label; use --host");
    assertThat(temporal.stackctl("list", "--host", "eu 1").output()).contains("--host: 'eu 1' must be a host name or a glob");
  }

  private static List<String> customers(String... filters) throws Exception {
    List<String> args = new ArrayList<>(List.of("list", "--output", "json"));
    args.addAll(List.of(filters));
    PortBoundTemporal.Cli listed = temporal.stackctl(args.toArray(String[]::new));
    assertThat(listed.exitCode()).as(listed.output()).isZero();
    List<String> customers = new ArrayList<>();
    for (JsonNode stack : JSON.readTree(listed.output())) {
      customers.add(stack.get("customer").asText());
    }
    return customers;
  }
}
