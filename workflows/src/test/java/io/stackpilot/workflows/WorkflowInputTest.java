package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs start from the Temporal CLI's plain JSON, exactly as {@code temporal workflow start --input '…'} sends
 * it: a json/plain payload holding the text. Bad input fails the run with a message; it never leaves it stuck.
 */
class WorkflowInputTest {

  /** What the CLI sends over gRPC: a StartWorkflowExecution request with one json/plain payload. */
  private static void startLikeTheCli(StackTestEnvironment t, String type, String workflowId, String json) {
    Payload payload = Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
        .build();
    t.env.getWorkflowServiceStubs().blockingStub().startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
        .setNamespace(t.env.getNamespace())
        .setWorkflowId(workflowId)
        .setWorkflowType(WorkflowType.newBuilder().setName(type))
        .setTaskQueue(TaskQueue.newBuilder().setName(StackNames.TASK_QUEUE))
        .setInput(Payloads.newBuilder().addPayloads(payload))
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setRequestId(UUID.randomUUID().toString())
        .build());
  }

  private static OperationResult result(StackTestEnvironment t, String workflowId) throws Exception {
    return t.client().newUntypedWorkflowStub(workflowId).getResult(20, TimeUnit.SECONDS, OperationResult.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "InstallStack | {\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}",
      "InstallStack | {\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"backup\":\"20261124T020000Z-1a2b3c4d\"}",
      "UpdateStack  | {\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}",
      "MigrateStack | {\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"moved\",\"fromHost\":\"acme-prod-1\",\"finalBackup\":true}",
      "BackupStack  | {\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"reason\":\"manual\"}",
      "ImportStack  | {\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"db\":\"/srv/import/acme.sql\",\"schemaVersion\":\"1\"}"})
  void everyOperationStartsFromPlainJson(String type, String json) throws Exception {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1", "acme-prod-2")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.fakes.desiredState("moved", Samples.acme("1.0.0", "acme-prod-2", "c0ffee2"));

      startLikeTheCli(t, type, "stack-acme", json);

      OperationResult result = result(t, "stack-acme");
      assertThat(result.operation()).isEqualTo(type);
      assertThat(result.customer()).isEqualTo("acme");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown field | InstallStack | {\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\",\"colour\":\"blue\"}"
          + " | Unrecognized field \"colour\"",
      "misspelt field | UpdateStack | {\"rpeo\":\"file:///srv/git/acme.git\"} | Unrecognized field \"rpeo\"",
      "backup of an update | UpdateStack | {\"repo\":\"file:///srv/git/acme.git\",\"backup\":\"20261124T020000Z-1a2b3c4d\"}"
          + " | Unrecognized field \"backup\"",
      "backup and final backup | MigrateStack | {\"repo\":\"file:///srv/git/acme.git\",\"fromHost\":\"acme-prod-1\","
          + "\"finalBackup\":true,\"backup\":\"20261124T020000Z-1a2b3c4d\"} | input: backup and finalBackup: name a backup",
      "missing repo | InstallStack | {\"ref\":\"main\"}"
          + " | input: repo is required, e.g. {\"repo\":\"file:///srv/git/acme.git\",\"ref\":\"main\"}",
      "missing fromHost | MigrateStack | {\"repo\":\"file:///srv/git/acme.git\"}"
          + " | input: fromHost is required (the host the stack runs on now)",
      "bad duration | BackupStack | {\"repo\":\"file:///srv/git/acme.git\",\"hostPickupTimeout\":\"5 minutes\"}"
          + " | input: hostPickupTimeout: '5 minutes' is not an ISO-8601 duration such as PT5M or PT30S",
      "import without dump | ImportStack | {\"repo\":\"file:///srv/git/acme.git\",\"schemaVersion\":\"1\"}"
          + " | input: db is required",
      "import with a bad version | ImportStack | {\"repo\":\"file:///srv/git/acme.git\",\"db\":\"/a.sql\","
          + "\"schemaVersion\":\"v1; DROP\"} | input: schemaVersion: 'v1; DROP' is not a Flyway version such as 1 or 2.1",
      "wrong type | InstallStack | {\"repo\":[\"a\",\"b\"]} | Cannot deserialize value of type `java.lang.String`",
      "not an object | InstallStack | \"file:///srv/git/acme.git\" | Cannot construct instance of"})
  void badInputFailsTheRunWithAMessage(String name, String type, String json, String expected) {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      startLikeTheCli(t, type, "stack-acme", json);

      assertThatThrownBy(() -> result(t, "stack-acme"))
          .as("fails, and does not time out as a stuck run would")
          .isInstanceOf(WorkflowFailedException.class)
          .satisfies(e -> assertThat(messages(e)).contains(expected));
      assertThat(t.fakes.calls).as("nothing ran").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "misspelt field | reconcile-acme | {\"repo\":\"file:///srv/git/acme.git\",\"pollIntervall\":\"PT1M\"}"
          + " | Unrecognized field \"pollIntervall\"",
      "bad poll interval | reconcile-acme | {\"repo\":\"file:///srv/git/acme.git\",\"pollInterval\":\"every minute\"}"
          + " | input: pollInterval: 'every minute' is not an ISO-8601 duration such as PT5M or PT30S",
      "missing repo | reconcile-acme | {\"ref\":\"main\"} | input: repo is required",
      "wrong workflow id | acme-loop | {\"repo\":\"file:///srv/git/acme.git\"}"
          + " | workflow id 'acme-loop' must be reconcile-<customer>"})
  void badReconcileInputFailsTheLoopWithAMessage(String name, String workflowId, String json, String expected) {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      startLikeTheCli(t, ReconcileStackWorkflow.TYPE, workflowId, json);

      assertThatThrownBy(() -> t.client().newUntypedWorkflowStub(workflowId).getResult(20, TimeUnit.SECONDS, Void.class))
          .isInstanceOf(WorkflowFailedException.class)
          .satisfies(e -> assertThat(messages(e)).contains(expected));
      assertThat(t.fakes.calls).as("nothing ran").isEmpty();
    }
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      all.append(c instanceof ApplicationFailure f ? f.getOriginalMessage() : c.getMessage()).append('\n');
    }
    return all.toString();
  }
}
