package io.stackpilot.activities.compose;

import com.github.dockerjava.api.model.AuthConfig;
import java.util.List;
import java.util.Optional;

/** Credentials for private registries, from the worker's configuration, by registry host (and port). */
public final class RegistryCredentials {

  /** {@code registry} as it appears in image references: {@code registry.example.com}, {@code 127.0.0.1:5000}. */
  public record Entry(String registry, String username, String password) {}

  private final List<Entry> entries;

  public RegistryCredentials(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static RegistryCredentials none() {
    return new RegistryCredentials(List.of());
  }

  Optional<AuthConfig> forImage(String image) {
    String registry = registryOf(image);
    return entries.stream().filter(e -> e.registry().equals(registry)).findFirst()
        .map(e -> new AuthConfig().withRegistryAddress(e.registry()).withUsername(e.username()).withPassword(e.password()));
  }

  /** The registry part of an image reference; Docker Hub when the first part names no host. */
  public static String registryOf(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return "docker.io";
    }
    String first = image.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
  }
}
