package io.stackpilot.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A published port as a release writes it in Compose short syntax, {@code [IP:]HOST:CONTAINER[/tcp|udp]}, read once
 * for the validator and the renderer. The release schema admits only this form, which is also the JSON form.
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {

  private static final Pattern SHORT = Pattern.compile("(?:([0-9.]+):)?(\\d{1,5}):(\\d{1,5})(?:/(tcp|udp))?");

  @JsonCreator
  public static PortMapping parse(String spec) {
    Matcher m = SHORT.matcher(spec);
    if (!m.matches()) {
      throw new InvalidConfigurationException("port '" + spec + "' is not [IP:]HOST:CONTAINER[/tcp|udp]");
    }
    return new PortMapping(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        m.group(4) == null ? "tcp" : m.group(4));
  }

  /** The Compose short syntax, which is also its JSON form. */
  @JsonValue
  public String spec() {
    return (hostIp == null ? "" : hostIp + ":") + hostPort + ":" + containerPort + ("tcp".equals(protocol) ? "" : "/" + protocol);
  }
}
