package io.stackpilot.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A named volume mounted into a service, as a release writes it: {@code VOLUME:/path[:ro]}. Read once for the
 * validator and the renderer; the release schema admits only this form (no bind mounts), also its JSON form.
 */
public record VolumeMount(String volume, String target, boolean readOnly) {

  @JsonCreator
  public static VolumeMount parse(String spec) {
    String[] parts = spec.split(":");
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || !parts[1].startsWith("/")
        || (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw"))) {
      throw new InvalidConfigurationException("volume '" + spec + "' is not VOLUME:/path[:ro]");
    }
    return new VolumeMount(parts[0], parts[1], parts.length == 3 && parts[2].equals("ro"));
  }

  /** The Compose short syntax, which is also its JSON form. */
  @JsonValue
  public String spec() {
    return volume + ":" + target + (readOnly ? ":ro" : "");
  }
}
