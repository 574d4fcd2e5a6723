package io.stackpilot.activities.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's directory on the host: compose.yaml (for people, and for {@code docker compose -p <customer>}),
 * .env without secret values, and the resolved secrets, readable by root only.
 */
public final class StackDirectory {

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

  private StackDirectory() {}

  public static void write(ComposeRenderer.Rendered rendered) {
    ComposeProject project = rendered.project();
    try {
      Path secrets = Files.createDirectories(project.layout().secretsDir());
      Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
      for (Map.Entry<String, byte[]> secret : rendered.secretValues().entrySet()) {
        replace(secrets.resolve(secret.getKey()), secret.getValue(), "r--------");
      }
      replace(project.composeFile(), YAML.writeValueAsBytes(composeFile(project)), "rw-r--r--");
      replace(project.layout().envFile(), project.layout().env(project.release(), project.commit()).getBytes(), "rw-r--r--");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compose Specification: what Stackpilot runs, readable and usable with docker compose. */
  /** Deletes a stack directory and everything in it (its rendered secrets too); one already gone is not an error. */
  public static void remove(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Map<String, Object> composeFile(ComposeProject project) {
    Map<String, Object> services = new LinkedHashMap<>();
    Map<String, Object> secrets = new LinkedHashMap<>();
    for (ComposeService s : project.services()) {
      Map<String, Object> service = new LinkedHashMap<>();
      service.put("image", s.image());
      service.put("container_name", project.containerName(s.name()));
      if (s.entrypoint() != null) {
        service.put("entrypoint", s.entrypoint());
      }
      if (s.command() != null) {
        service.put("command", s.command());
      }
      if (!s.environment().isEmpty()) {
        service.put("environment", s.environment());
      }
      if (!s.ports().isEmpty()) {
        service.put("ports", s.ports().stream().map(p -> (p.hostIp() == null ? "" : p.hostIp() + ":")
            + (p.hostPort() == 0 ? "" : String.valueOf(p.hostPort())) + ":" + p.containerPort() + "/" + p.protocol()).toList());
      }
      if (!s.volumes().isEmpty()) {
        service.put("volumes", s.volumes().stream().map(v -> project.layout().volumeKey(v.volume()) + ":"
            + v.target() + (v.readOnly() ? ":ro" : "")).toList());
      }
      if (!s.secrets().isEmpty()) {
        List<Object> mounts = new ArrayList<>();
        for (ComposeService.Secret secret : s.secrets()) {
          mounts.add(Map.of("source", secret.name(), "target", secret.target()));
          secrets.put(secret.name(), Map.of("file", "./secrets/" + secret.name()));
        }
        service.put("secrets", mounts);
      }
      if (!s.dependsOn().isEmpty()) {
        Map<String, Object> deps = new LinkedHashMap<>();
        s.dependsOn().forEach((dep, condition) -> deps.put(dep, Map.of("condition", condition)));
        service.put("depends_on", deps);
      }
      if (s.healthcheck() != null) {
        service.put("healthcheck", Map.of("test", s.healthcheck().test(),
            "interval", (s.healthcheck().intervalNanos() / 1_000_000) + "ms",
            "timeout", (s.healthcheck().timeoutNanos() / 1_000_000) + "ms",
            "retries", s.healthcheck().retries()));
      }
      if (s.restart() != null) {
        service.put("restart", s.restart());
      }
      service.put("mem_limit", s.memoryBytes());
      service.put("cpus", s.nanoCpus() / 1e9);
      services.put(s.name(), service);
    }
    // The project name travels in .env (COMPOSE_PROJECT_NAME), which Compose v1 and v2 both read.
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("services", services);
    Map<String, Object> volumes = new LinkedHashMap<>();
    project.volumes().forEach(v -> volumes.put(project.layout().volumeKey(v), Map.of()));
    if (!volumes.isEmpty()) {
      file.put("volumes", volumes);
    }
    if (!secrets.isEmpty()) {
      file.put("secrets", secrets);
    }
    return file;
  }

  private static void replace(Path target, byte[] content, String permissions) throws IOException {
    // A name of its own per writer: two activities writing the same stack never share a temporary file.
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".new",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(tmp, content);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
