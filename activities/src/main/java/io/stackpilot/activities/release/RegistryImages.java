package io.stackpilot.activities.release;

import io.stackpilot.activities.compose.RegistryCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether an image a release names can be pulled: its manifest, asked of its registry with the Docker Registry HTTP
 * API ({@code HEAD /v2/<name>/manifests/<tag or digest>}). A registry on the loopback is spoken to over HTTP, as a
 * local registry is; any other over HTTPS.
 */
final class RegistryImages {

  private static final String ACCEPT = String.join(", ", "application/vnd.oci.image.index.v1+json",
      "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.distribution.manifest.v2+json");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Why {@code image} cannot be resolved, or empty when its registry has it. */
  Optional<String> problem(String image) {
    String first = RegistryCredentials.registryOf(image);
    if (!image.startsWith(first + "/")) {
      return Optional.of("image " + image + " names no registry; a release names its images with their registry "
          + "(registry.example.com/product/web:3.43.2)");
    }
    String rest = image.substring(first.length() + 1);
    int at = rest.indexOf('@');
    int colon = rest.lastIndexOf(':');
    String name = at >= 0 ? rest.substring(0, at) : colon >= 0 ? rest.substring(0, colon) : rest;
    String reference = at >= 0 ? rest.substring(at + 1) : colon >= 0 ? rest.substring(colon + 1) : "latest";
    boolean loopback = first.startsWith("127.") || first.startsWith("localhost") || first.startsWith("[::1]");
    URI uri = URI.create((loopback ? "http://" : "https://") + first + "/v2/" + name + "/manifests/" + reference);
    try {
      int status = http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
          .header("Accept", ACCEPT).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      return switch (status) {
        case 200 -> Optional.empty();
        case 404 -> Optional.of("image " + image + " is not in its registry (" + first + " has no " + name + ":" + reference + ")");
        case 401, 403 -> Optional.of("image " + image + ": registry " + first + " wants credentials (HTTP " + status
            + "); it could not be checked");
        default -> Optional.of("image " + image + ": registry " + first + " answered HTTP " + status);
      };
    } catch (IOException e) {
      return Optional.of("image " + image + ": registry " + first + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("image " + image + ": interrupted while asking " + first);
    }
  }
}
