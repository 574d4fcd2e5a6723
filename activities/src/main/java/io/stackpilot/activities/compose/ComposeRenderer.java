package io.stackpilot.activities.compose;

import io.stackpilot.model.Placeholders;
import io.stackpilot.model.PortMapping;
import io.stackpilot.model.ReleaseSpec.ResourceLimits;
import io.stackpilot.model.ReleaseSpec;
import io.stackpilot.model.ServiceSpec;
import io.stackpilot.model.StackSpec;
import io.stackpilot.model.VolumeMount;
import io.stackpilot.workflows.activities.DesiredState;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective model of a stack: the release's services that stack.yaml enables, with the sizing profile's
 * limits, the stack's environment overrides and host ports, its DNS names filled in, and its secrets resolved
 * on this host.
 */
public final class ComposeRenderer {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  /**
   * The database answers the host agent (migrations) on a loopback port Docker picks, and nothing else: no
   * other machine can reach it.
   */
  public static final int DATABASE_PORT = 3306;
  static final ComposeService.Port DATABASE_ON_LOOPBACK = new ComposeService.Port("127.0.0.1", 0, DATABASE_PORT, "tcp");

  private final SecretResolver secrets;

  public ComposeRenderer(SecretResolver secrets) {
    this.secrets = secrets;
  }

  /** The project, and the secret values to write beside it (they never leave the host). */
  public record Rendered(ComposeProject project, Map<String, byte[]> secretValues) {}

  public Rendered render(DesiredState desired, Path stackDir) {
    StackSpec stack = desired.stack();
    ReleaseSpec release = desired.release();
    Map<String, ResourceLimits> limits = release.sizing().get(stack.sizing());
    StackLayout layout = new StackLayout(stack.project(), stackDir);
    Map<String, byte[]> secretValues = new LinkedHashMap<>();
    Set<String> volumes = new LinkedHashSet<>();
    List<ComposeService> services = new ArrayList<>();
    for (String name : startOrder(stack, release)) {
      ServiceSpec spec = release.services().get(name);
      List<ComposeService.Secret> mounted = new ArrayList<>();
      for (String secret : spec.secrets()) {
        byte[] value = secretValues.computeIfAbsent(secret, s -> secrets.resolve(stack.customer(), s, stack.secrets().get(s)));
        mounted.add(new ComposeService.Secret(secret, layout.secretsDir().resolve(secret).toString(),
            release.secrets().get(secret).target(), sha256(value)));
      }
      List<ComposeService.Mount> mounts = new ArrayList<>();
      for (VolumeMount mount : spec.volumes()) {
        volumes.add(layout.volumeName(mount.volume()));
        mounts.add(new ComposeService.Mount(layout.volumeName(mount.volume()), mount.target(), mount.readOnly()));
      }
      Map<String, String> dependsOn = new LinkedHashMap<>();
      spec.dependsOn().forEach((dep, condition) -> {
        if (stack.services().contains(dep)) {
          dependsOn.put(dep, condition);
        }
      });
      ResourceLimits limit = limits.get(name);
      List<ComposeService.Port> ports = ports(stack, spec, name);
      if (name.equals(release.database().service())) {
        ports.add(DATABASE_ON_LOOPBACK);
      }
      List<String> command = spec.command();
      if (name.equals(release.database().service()) && stack.backup().binlog() != null) {
        command = BinlogSettings.appendTo(command);
      }
      services.add(new ComposeService(name, spec.image(), command, spec.entrypoint(),
          environment(stack, spec, name), ports, mounts, mounted, dependsOn,
          health(spec.healthcheck()), spec.restart(), limit.memory().bytes(), Math.round(limit.cpus() * 1e9)));
    }
    ComposeProject project = new ComposeProject(layout, stack.release(), desired.commit(), services,
        List.copyOf(volumes));
    return new Rendered(project, secretValues);
  }

  /** Dependencies first, otherwise in the release's order. */
  static List<String> startOrder(StackSpec stack, ReleaseSpec release) {
    List<String> enabled = release.services().keySet().stream().filter(stack.services()::contains).toList();
    List<String> ordered = new ArrayList<>();
    while (ordered.size() < enabled.size()) {
      boolean progressed = false;
      for (String service : enabled) {
        if (!ordered.contains(service) && release.services().get(service).dependsOn().keySet().stream()
            .filter(enabled::contains).allMatch(ordered::contains)) {
          ordered.add(service);
          progressed = true;
        }
      }
      if (!progressed) {
        throw new IllegalArgumentException("depends_on of release " + release.release() + " forms a cycle among "
            + enabled.stream().filter(s -> !ordered.contains(s)).toList());
      }
    }
    return ordered;
  }

  private static Map<String, String> environment(StackSpec stack, ServiceSpec spec, String service) {
    Map<String, String> values = Map.of("customer", stack.customer(), "host", stack.host(), "release", stack.release(),
        "dns.public", stack.dns() == null ? "" : stack.dns().publicName());
    Map<String, String> environment = new LinkedHashMap<>();
    spec.environment().forEach((key, value) -> {
      String filled = value;
      for (String placeholder : Placeholders.in(value)) {
        filled = filled.replace("${" + placeholder + "}", values.get(placeholder));
      }
      environment.put(key, filled);
    });
    environment.putAll(stack.env().getOrDefault(service, Map.of()));
    return environment;
  }

  private static List<ComposeService.Port> ports(StackSpec stack, ServiceSpec spec, String service) {
    List<ComposeService.Port> ports = new ArrayList<>();
    if (stack.drillCopy()) {
      return ports;
    }
    for (PortMapping port : spec.ports()) {
      ports.add(new ComposeService.Port(port.hostIp(), stack.hostPort(service, port.containerPort(), port.hostPort()),
          port.containerPort(), port.protocol()));
    }
    return ports;
  }

  private static ComposeService.Health health(ServiceSpec.Healthcheck hc) {
    if (hc == null) {
      return null;
    }
    return new ComposeService.Health(hc.test(), nanos(hc.interval(), 30_000), nanos(hc.timeout(), 30_000),
        nanos(hc.startPeriod(), 0), hc.retries() == null ? 3 : hc.retries());
  }

  static long nanos(String duration, long defaultMillis) {
    if (duration == null) {
      return defaultMillis * 1_000_000L;
    }
    long total = 0;
    Matcher m = DURATION.matcher(duration);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total += switch (m.group(2)) {
        case "ms" -> n * 1_000_000L;
        case "s" -> n * 1_000_000_000L;
        case "m" -> n * 60_000_000_000L;
        default -> n * 3_600_000_000_000L;
      };
    }
    return total;
  }


  static String sha256(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
