package io.stackpilot.workflows.client;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
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
 */
public final class PayloadEncryption implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private final String encryptingId;
  private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final boolean acceptPlaintext;

  /** {@code keys}: key id to raw AES key (16, 24 or 32 bytes), in order; the first encrypts. Plaintext passes. */
  public PayloadEncryption(Map<String, byte[]> keys) {
    this(keys, true);
  }

  /** As above; {@code acceptPlaintext} false refuses a payload that is not encrypted. */
  public PayloadEncryption(Map<String, byte[]> keys, boolean acceptPlaintext) {
    this.acceptPlaintext = acceptPlaintext;
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("payload encryption needs at least one key");
    }
    keys.forEach((id, key) -> this.keys.put(id, new SecretKeySpec(key, "AES")));
    this.encryptingId = keys.keySet().iterator().next();
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
