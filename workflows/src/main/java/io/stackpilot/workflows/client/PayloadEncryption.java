package io.stackpilot.workflows.client;

import com.google.protobuf.ByteString;
import io.stackpilot.model.NamePattern;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.payload.context.HasWorkflowSerializationContext;
import io.temporal.payload.context.SerializationContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM encryption of every payload Temporal stores: workflow and activity inputs and results, memos, heartbeat
 * details and (with the data converter's failure encoding) failure messages. The first key encrypts; every key
 * listed decrypts, found by the id written into the payload's metadata, so keys can be rotated while old histories
 * stay readable. AES-GCM proves a payload was written by a holder of a key only where plaintext is not accepted as
 * well: a worker refuses a payload that is not encrypted (anyone who may start a workflow could otherwise write its
 * input unchecked), unless it is told to accept plaintext while histories from before encryption are still running;
 * a reader such as stackctl shows both.
 *
 * <p>Customer key groups keep customers apart: a payload of a customer's workflow (its operations, loop, plans and
 * catalogs, and their activities: Temporal gives the codec the workflow id) is encrypted with the first key of the
 * group whose patterns name that customer, everything else with the first key of the default list. A host agent
 * given only its own customers' keys then cannot read the runs of the others, whatever its Temporal credentials allow.
 */
public final class PayloadEncryption implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  /** Customers whose payloads {@code keyId} encrypts: those whose names match one of {@code patterns}. */
  public record CustomerKeys(List<String> patterns, String keyId) {
    public CustomerKeys {
      patterns = List.copyOf(patterns);
    }
  }

  private final String encryptingId;
  private final Map<String, SecretKeySpec> keys;
  private final SecureRandom random;
  private final boolean acceptPlaintext;
  private final List<CustomerKeys> customers;

  /** {@code keys}: key id to raw AES key (16, 24 or 32 bytes), in order; the first encrypts. Plaintext passes. */
  public PayloadEncryption(Map<String, byte[]> keys) {
    this(keys, true);
  }

  /** As above; {@code acceptPlaintext} false refuses a payload that is not encrypted. */
  public PayloadEncryption(Map<String, byte[]> keys, boolean acceptPlaintext) {
    this(keys, acceptPlaintext, List.of());
  }

  /**
   * As above, with customer key groups: {@code keys} holds every key (the default list first, its first one encrypting
   * what no group names), {@code customers} which key encrypts which customers' payloads.
   */
  public PayloadEncryption(Map<String, byte[]> keys, boolean acceptPlaintext, List<CustomerKeys> customers) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("payload encryption needs at least one key");
    }
    this.acceptPlaintext = acceptPlaintext;
    this.keys = new LinkedHashMap<>();
    keys.forEach((id, key) -> this.keys.put(id, new SecretKeySpec(key, "AES")));
    this.encryptingId = keys.keySet().iterator().next();
    this.random = new SecureRandom();
    this.customers = List.copyOf(customers);
    for (CustomerKeys group : customers) {
      if (!this.keys.containsKey(group.keyId())) {
        throw new IllegalArgumentException("customer key group " + group.patterns() + " names key '" + group.keyId()
            + "', which is not among the keys");
      }
    }
  }

  private PayloadEncryption(PayloadEncryption all, String encryptingId) {
    this.acceptPlaintext = all.acceptPlaintext;
    this.keys = all.keys;
    this.random = all.random;
    this.customers = all.customers;
    this.encryptingId = encryptingId;
  }

  /** The key that encrypts {@code workflowId}'s payloads. */
  public String keyFor(String workflowId) {
    return StackNames.customerOf(workflowId).flatMap(customer -> customers.stream()
            .filter(g -> g.patterns().stream().anyMatch(p -> NamePattern.matches(p, customer))).findFirst())
        .map(CustomerKeys::keyId).orElse(keys.keySet().iterator().next());
  }

  @Override
  public PayloadCodec withContext(SerializationContext context) {
    if (customers.isEmpty() || !(context instanceof HasWorkflowSerializationContext workflow)) {
      return this;
    }
    String id = keyFor(workflow.getWorkflowId());
    return id.equals(encryptingId) ? this : new PayloadEncryption(this, id);
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(encryptingId), new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(payload.toByteArray());
      return Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8(ENCODING))
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(encryptingId))
          .setData(ByteString.copyFrom(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(e);
    }
  }

  private Payload decrypt(Payload payload) {
    ByteString encoding = payload.getMetadataOrDefault("encoding", ByteString.EMPTY);
    if (!encoding.toString(StandardCharsets.UTF_8).equals(ENCODING)) {
      if (acceptPlaintext) {
        return payload;
      }
      throw new PayloadCodecException("a payload is not encrypted, and this worker reads encrypted payloads only "
          + "(codec.keys): it was not written by a holder of a key — start and steer runs with stackctl --codec-key or "
          + "temporal --codec-endpoint; set codec.acceptPlaintext while runs from before encryption finish");
    }
    String id = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toString(StandardCharsets.UTF_8);
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new PayloadCodecException("a payload is encrypted with key '" + id + "', which is not configured (configured: "
          + String.join(", ", keys.keySet()) + "); list the old key under codec.keys (or --codec-key) to read it");
    }
    byte[] data = payload.getData().toByteArray();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE));
      return Payload.parseFrom(cipher.doFinal(data, NONCE, data.length - NONCE));
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("a payload encrypted with key '" + id + "' does not decrypt: the key is not the one "
          + "it was written with, or the payload was altered", e);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new PayloadCodecException(e);
    }
  }
}
