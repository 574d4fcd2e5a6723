package io.stackpilot.workflows.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.util.List;

/**
 * Temporal's JSON converter, strict about unknown fields: a misspelt input field ({"rpeo": ...}) is an
 * error naming the field, never silently ignored. Workers and clients use the same converter, with the same
 * {@link PayloadEncryption} when payloads are encrypted.
 */
public final class StackpilotDataConverter {

  private StackpilotDataConverter() {}

  /** The converter with every payload, failure messages included, encrypted by {@code encryption}. */
  public static DataConverter create(PayloadEncryption encryption) {
    return new CodecDataConverter(create(), List.of(encryption), true);
  }

  public static DataConverter create() {
    ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return DefaultDataConverter.newDefaultInstance().withPayloadConverterOverrides(new JacksonJsonPayloadConverter(mapper));
  }
}
