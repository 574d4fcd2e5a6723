package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Workers one version apart read each other's payloads: a field a newer worker added is skipped wherever Temporal carries
 * it, and refused by name only where an operator typed it.
 */
class PayloadToleranceTest {

  private static final DataConverter CONVERTER = StackpilotDataConverter.create();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Payload json(String text) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text)).build();
  }

  private static ObjectNode tree(Object value) throws Exception {
    Payload payload = CONVERTER.toPayload(value).orElseThrow();
    return (ObjectNode) JSON.readTree(payload.getData().toStringUtf8());
  }

  @Test
  void aNewerWorkersFieldsAreSkippedInActivityPayloadsAtEveryDepth() throws Exception {
    DesiredState desired = Samples.acme("1.1.0", "acme-prod-1", "c0ffee2");
    ObjectNode newer = tree(desired);
    newer.put("addedLater", "by a newer control worker");
    ((ObjectNode) newer.path("stack")).put("addedLater", true);
    ObjectNode plan = tree(new HostPlan(List.of(), true, List.of("db", "web")));
    plan.putObject("addedLater").put("x", 1);

    assertThat(CONVERTER.fromPayload(json(newer.toString()), DesiredState.class, DesiredState.class)).isEqualTo(desired);
    assertThat(CONVERTER.fromPayload(json(plan.toString()), HostPlan.class, HostPlan.class).present())
        .containsExactly("db", "web");
  }

  @Test
  void whatAnOperatorTypedIsRefusedByTheUnknownFieldsNameButTheStateItCarriesIsNot() throws Exception {
    assertThatThrownBy(() -> CONVERTER.fromPayload(json("{\"rpeo\":\"file:///srv/git/acme.git\"}"), InstallRequest.class,
        InstallRequest.class)).hasMessageContaining("Unrecognized field \"rpeo\"");
    ObjectNode request = tree(new ReconcileRequest("file:///srv/git/acme.git", "main", null, null, null,
        ReconcileState.initial(), null));
    ((ObjectNode) request.path("state")).put("addedLater", "by a newer loop");

    ReconcileRequest read = CONVERTER.fromPayload(json(request.toString()), ReconcileRequest.class, ReconcileRequest.class);
    assertThat(Optional.ofNullable(read.state())).contains(ReconcileState.initial());
  }

  /**
   * An input field this version added is not sent when it is not used, so that a control worker a version behind reads
   * what a newer stackctl starts it with (inputs are strict).
   */
  @Test
  void anInputsNewOptionIsLeftOutWhenItIsNotUsed() throws Exception {
    assertThat(tree(new InstallRequest("file:///srv/git/acme.git", "main")).has("until")).isFalse();
    assertThat(tree(new io.stackpilot.workflows.api.MigrateRequest("file:///srv/git/acme.git", "main", "acme-prod-1", true))
        .has("until")).isFalse();
    assertThat(tree(new io.stackpilot.workflows.api.DrillRequest("file:///srv/git/acme.git", "main")).has("until")).isFalse();
    assertThat(tree(new InstallRequest("file:///srv/git/acme.git", "main", null, null, null, "2026-12-03T14:05:00Z"))
        .path("until").asText()).isEqualTo("2026-12-03T14:05:00Z");
  }
}
