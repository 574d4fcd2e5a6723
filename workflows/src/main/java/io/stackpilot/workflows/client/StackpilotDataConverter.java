package io.stackpilot.workflows.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import io.stackpilot.workflows.api.OperatorInput;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.io.IOException;
import java.util.List;

/**
 * Temporal's JSON converter. Strict where an operator types ({@link OperatorInput}: a misspelt input field
 * ({"rpeo": ...}) is an error naming the field, never silently ignored); tolerant everywhere else, so that a payload
 * with a field a newer worker added is read by one a version behind (an upgrade rolls one worker at a time). Workers and
 * clients use the same converter, with the same {@link PayloadEncryption} when payloads are encrypted.
 */
public final class StackpilotDataConverter {

  private StackpilotDataConverter() {}

  /** The converter with every payload, failure messages included, encrypted by {@code encryption}. */
  public static DataConverter create(PayloadEncryption encryption) {
    return new CodecDataConverter(create(), List.of(encryption), true);
  }

  public static DataConverter create() {
    ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .addHandler(new DeserializationProblemHandler() {
          @Override
          public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
              JsonDeserializer<?> deserializer, Object beanOrClass, String property) throws IOException {
            Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
            if (OperatorInput.class.isAssignableFrom(type)) {
              return false;
            }
            parser.skipChildren();
            return true;
          }
        });
    return DefaultDataConverter.newDefaultInstance().withPayloadConverterOverrides(new JacksonJsonPayloadConverter(mapper));
  }
}
