package io.stackpilot.workflows.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * Temporal's JSON converter, strict about unknown fields: a misspelt input field ({"rpeo": ...}) is an
 * error naming the field, never silently ignored. Workers and clients use the same converter.
 */
public final class StackpilotDataConverter {

  private StackpilotDataConverter() {}

  public static DataConverter create() {
    ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return DefaultDataConverter.newDefaultInstance().withPayloadConverterOverrides(new JacksonJsonPayloadConverter(mapper));
  }
}
