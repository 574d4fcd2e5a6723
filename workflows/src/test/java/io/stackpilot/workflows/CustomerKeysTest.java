package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.workflows.client.PayloadEncryption;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.payload.context.WorkflowSerializationContext;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Customer key groups: each customer's payloads under its group's key, found from the workflow id Temporal hands the
 * codec, so that a holder of other keys reads none of them.
 */
class CustomerKeysTest {

  private static final byte[] DEFAULT = key(1);
  private static final byte[] ACME = key(2);
  private static final byte[] BETA = key(3);

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return key;
  }

  private static PayloadEncryption control() {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put("k1", DEFAULT);
    keys.put("acme-k1", ACME);
    keys.put("beta-k1", BETA);
    return new PayloadEncryption(keys, false, List.of(new PayloadEncryption.CustomerKeys(List.of("acme*"), "acme-k1"),
        new PayloadEncryption.CustomerKeys(List.of("beta", "beta-*"), "beta-k1")));
  }

  /** A host agent of beta's hosts: the fleet's key and beta's, not acme's. */
  private static PayloadEncryption betaAgent() {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put("k1", DEFAULT);
    keys.put("beta-k1", BETA);
    return new PayloadEncryption(keys, false, List.of(new PayloadEncryption.CustomerKeys(List.of("beta", "beta-*"),
        "beta-k1")));
  }

  private static String keyOf(Payload payload) {
    return payload.getMetadataOrDefault(PayloadEncryption.KEY_ID, com.google.protobuf.ByteString.EMPTY)
        .toString(StandardCharsets.UTF_8);
  }

  @Test
  void eachCustomersPayloadsAreEncryptedWithItsGroupsKey() {
    PayloadEncryption codec = control();
    Payload plain = Payload.newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8("\"acme's repo\"")).build();

    assertThat(keyOf(encode(codec, "stack-acme-eu", plain))).isEqualTo("acme-k1");
    assertThat(keyOf(encode(codec, "reconcile-acme", plain))).isEqualTo("acme-k1");
    assertThat(keyOf(encode(codec, "stack-beta", plain))).isEqualTo("beta-k1");
    assertThat(keyOf(encode(codec, "stack-gamma", plain))).as("a customer in no group").isEqualTo("k1");
    assertThat(keyOf(encode(codec, "host-lease-eu-1", plain))).as("what belongs to no customer").isEqualTo("k1");
    assertThat(keyOf(codec.encode(List.of(plain)).get(0))).as("without a workflow").isEqualTo("k1");
  }

  @Test
  void aHolderOfOtherKeysReadsNoneOfACustomersPayloads() {
    Payload plain = Payload.newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8("\"acme's repo\"")).build();
    Payload acmes = encode(control(), "stack-acme", plain);
    Payload betas = encode(control(), "stack-beta", plain);

    assertThat(betaAgent().decode(List.of(betas))).containsExactly(plain);
    assertThatThrownBy(() -> betaAgent().decode(List.of(acmes))).isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("encrypted with key 'acme-k1', which is not configured");
    assertThatThrownBy(() -> new PayloadEncryption(Map.of("k1", DEFAULT), false, List.of(
        new PayloadEncryption.CustomerKeys(List.of("acme*"), "acme-k1")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names key 'acme-k1', which is not among the keys");
  }

  private static Payload encode(PayloadEncryption codec, String workflowId, Payload plain) {
    PayloadCodec forWorkflow = codec.withContext(new WorkflowSerializationContext("default", workflowId));
    return forWorkflow.encode(List.of(plain)).get(0);
  }

  @ActivityInterface
  public interface Echo {
    String echo(String text);
  }

  public static class EchoImpl implements Echo {
    @Override
    public String echo(String text) {
      return text;
    }
  }

  @WorkflowInterface
  public interface Greeting {
    @WorkflowMethod
    String greet(String name);
  }

  public static class GreetingImpl implements Greeting {
    @Override
    public String greet(String name) {
      return Workflow.newActivityStub(Echo.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10)).build()).echo("hello " + name);
    }
  }

  @Test
  void temporalHandsTheCodecTheWorkflowOfEveryPayload() {
    DataConverter converter = StackpilotDataConverter.create(control());
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(converter).build()).build())) {
      Worker worker = env.newWorker("keys");
      worker.registerWorkflowImplementationTypes(GreetingImpl.class);
      worker.registerActivitiesImplementations(new EchoImpl());
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      for (String customer : List.of("acme", "gamma")) {
        Greeting greeting = client.newWorkflowStub(Greeting.class, WorkflowOptions.newBuilder()
            .setWorkflowId("stack-" + customer).setTaskQueue("keys").build());
        assertThat(greeting.greet(customer)).isEqualTo("hello " + customer);
      }

      assertThat(keys(client, "stack-acme")).as("input, activity input and result, workflow result")
          .containsOnly("acme-k1").hasSizeGreaterThanOrEqualTo(4);
      assertThat(keys(client, "stack-gamma")).containsOnly("k1");
    }
  }

  /** The key of every payload in the history of {@code workflowId}. */
  private static List<String> keys(WorkflowClient client, String workflowId) {
    List<String> keys = new java.util.ArrayList<>();
    for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
      List<Payload> payloads = switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> event.getWorkflowExecutionStartedEventAttributes().getInput()
            .getPayloadsList();
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> event.getActivityTaskScheduledEventAttributes().getInput()
            .getPayloadsList();
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> event.getActivityTaskCompletedEventAttributes().getResult()
            .getPayloadsList();
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> event.getWorkflowExecutionCompletedEventAttributes().getResult()
            .getPayloadsList();
        default -> List.of();
      };
      payloads.forEach(p -> keys.add(keyOf(p)));
    }
    return keys;
  }
}
