package io.stackpilot.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.client.PayloadEncryption;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Payloads are encrypted with the first key, decrypted with any listed key, and refused when altered. */
class PayloadEncryptionTest {

  private static final byte[] K1 = new byte[32];
  private static final byte[] K2 = new byte[32];

  static {
    K2[0] = 2;
  }

  private static PayloadEncryption keys(String firstId, byte[] first, String secondId, byte[] second) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put(firstId, first);
    if (secondId != null) {
      keys.put(secondId, second);
    }
    return new PayloadEncryption(keys);
  }

  @Test
  void inputsTravelEncryptedAndComeBackEqual() {
    DataConverter converter = StackpilotDataConverter.create(keys("k1", K1, null, null));
    StackRequest input = new StackRequest("file:///srv/git/sentinel-repo.git", "main");

    Payload stored = converter.toPayload(input).orElseThrow();

    assertThat(stored.getData().toStringUtf8()).doesNotContain("sentinel-repo");
    assertThat(stored.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(stored.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    assertThat(converter.fromPayload(stored, StackRequest.class, StackRequest.class)).isEqualTo(input);
  }

  @Test
  void aWorkerRefusesAPayloadThatIsNotEncryptedUnlessToldToAcceptPlaintext() {
    PayloadEncryption worker = new PayloadEncryption(Map.of("k1", K1), false);
    PayloadEncryption migrating = new PayloadEncryption(Map.of("k1", K1), true);
    Payload forged = plain("{\"repo\":\"file:///srv/git/forged.git\"}");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> worker.decode(List.of(forged)))
        .isInstanceOf(io.temporal.payload.codec.PayloadCodecException.class)
        .hasMessageContaining("a payload is not encrypted, and this worker reads encrypted payloads only");
    assertThat(worker.decode(worker.encode(List.of(plain("sealed")))).get(0).getData().toStringUtf8()).isEqualTo("sealed");
    assertThat(migrating.decode(List.of(forged)).get(0)).isEqualTo(forged);
  }

  @Test
  void rotatedKeysStillReadOldPayloadsAndWriteWithTheNewKey() {
    Payload old = keys("k1", K1, null, null).encode(List.of(plain("old"))).get(0);
    PayloadEncryption rotated = keys("k2", K2, "k1", K1);

    assertThat(rotated.decode(List.of(old)).get(0).getData().toStringUtf8()).isEqualTo("old");
    assertThat(rotated.encode(List.of(plain("new"))).get(0).getMetadataOrThrow("encryption-key-id").toStringUtf8())
        .isEqualTo("k2");
    assertThat(rotated.decode(List.of(plain("never encrypted"))).get(0).getData().toStringUtf8()).isEqualTo("never encrypted");
  }

  @Test
  void unknownKeyAndAlteredPayloadAreRefusedByName() {
    Payload sealed = keys("k1", K1, null, null).encode(List.of(plain("x"))).get(0);
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload altered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> keys("k2", K2, null, null).decode(List.of(sealed))).isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("encrypted with key 'k1', which is not configured (configured: k2)");
    assertThatThrownBy(() -> keys("k1", K1, null, null).decode(List.of(altered)))
        .hasMessageContaining("does not decrypt");
  }

  private static Payload plain(String text) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text)).build();
  }
}
