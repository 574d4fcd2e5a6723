package io.stackpilot.activities.compose;

import java.util.List;
import java.util.Map;

/**
 * One service as it should run: everything that decides its container. Its aspects are hashed one by one,
 * so a plan can say which of them changed.
 */
public record ComposeService(
    String name,
    String image,
    List<String> command,
    List<String> entrypoint,
    Map<String, String> environment,
    List<Port> ports,
    List<Mount> volumes,
    List<Secret> secrets,
    Map<String, String> dependsOn,
    Health healthcheck,
    String restart,
    long memoryBytes,
    long nanoCpus) {

  /** A published port: host address and port to container port. */
  public record Port(String hostIp, int hostPort, int containerPort, String protocol) {
    @Override
    public String toString() {
      return (hostIp == null ? "" : hostIp + ":") + hostPort + ":" + containerPort + "/" + protocol;
    }
  }

  /** A named volume (its Docker name, prefixed with the project) mounted at a path. */
  public record Mount(String volume, String target, boolean readOnly) {}

  /** A secret file on the host mounted read-only; the digest, never the value, enters the hash. */
  public record Secret(String name, String hostFile, String target, String sha256) {}

  /** A healthcheck with its timings in nanoseconds, as the Engine takes them. */
  public record Health(List<String> test, long intervalNanos, long timeoutNanos, long startPeriodNanos, int retries) {}

  /** The aspects of the service that a plan compares, each with its current value. */
  public Map<String, Object> aspects() {
    var aspects = new java.util.LinkedHashMap<String, Object>();
    aspects.put("image", image);
    aspects.put("command", java.util.Arrays.asList(command, entrypoint));
    aspects.put("environment", environment);
    aspects.put("ports", ports);
    aspects.put("volumes", volumes);
    aspects.put("secrets", secrets.stream().map(s -> s.name() + "@" + s.sha256() + ":" + s.target()).toList());
    aspects.put("limits", List.of(memoryBytes, nanoCpus));
    aspects.put("healthcheck", healthcheck == null ? "none" : healthcheck);
    aspects.put("restart", restart == null ? "no" : restart);
    return aspects;
  }
}
