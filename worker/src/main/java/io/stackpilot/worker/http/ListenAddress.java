package io.stackpilot.worker.http;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one of the worker's endpoints listens, written {@code host:port} in its configuration (port 0 picks a free
 * one); the one place such a setting is read.
 */
public record ListenAddress(String host, int port) {

  private static final Pattern FORM = Pattern.compile("([A-Za-z0-9.\\-]+):([0-9]{1,5})");

  /** The address {@code text} writes, or empty when it is not {@code host:port} with a port up to 65535. */
  public static Optional<ListenAddress> parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text);
    if (m == null || !m.matches() || Integer.parseInt(m.group(2)) > 65_535) {
      return Optional.empty();
    }
    return Optional.of(new ListenAddress(m.group(1), Integer.parseInt(m.group(2))));
  }

  /** {@code text} read, for settings the worker configuration has already checked. */
  public static ListenAddress of(String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not host:port"));
  }

  /** It listens on every interface of the machine, not only loopback or one network. */
  public boolean allInterfaces() {
    return host.equals("0.0.0.0");
  }

  InetSocketAddress socket() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
