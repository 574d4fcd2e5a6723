package io.stackpilot.cli;

import io.stackpilot.model.ReleaseCatalog;
import io.stackpilot.model.ReleaseVersions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release store served over HTTP(S): {@code <base>/<version>/release.yaml}. The base may carry a query
 * string (an Azure Blob SAS token); it is kept on every request. Versions are listed through the Azure Blob
 * "List Blobs" call; a plain web server that does not answer it lists none.
 */
final class HttpReleaseCatalog implements ReleaseCatalog {

  private static final Pattern PREFIX = Pattern.compile("<BlobPrefix>\\s*<Name>([^<]+)/</Name>");
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();

  HttpReleaseCatalog(URI base) {
    this.base = base;
  }

  @Override
  public List<String> versions() {
    String query = join(base.getRawQuery(), "restype=container&comp=list&delimiter=/");
    HttpResponse<String> response = get(URI.create(withoutQuery() + "?" + query));
    if (response.statusCode() != 200) {
      return List.of();
    }
    List<String> versions = new ArrayList<>();
    Matcher m = PREFIX.matcher(response.body());
    while (m.find()) {
      versions.add(m.group(1));
    }
    versions.sort(ReleaseVersions.ORDER);
    return versions;
  }

  @Override
  public Optional<String> releaseYaml(String version) {
    if (!version.matches("[0-9A-Za-z.+-]+")) {
      return Optional.empty();
    }
    String query = base.getRawQuery();
    URI uri = URI.create(withoutQuery() + "/" + version + "/release.yaml" + (query == null ? "" : "?" + query));
    HttpResponse<String> response = get(uri);
    return switch (response.statusCode()) {
      case 200 -> Optional.of(response.body());
      case 404 -> Optional.empty();
      default -> throw new ReleaseStoreUnavailableException(
          "GET " + redacted(uri) + " answered HTTP " + response.statusCode(), null);
    };
  }

  private HttpResponse<String> get(URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("x-ms-version", "2021-08-06").GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ReleaseStoreUnavailableException("GET " + redacted(uri) + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReleaseStoreUnavailableException("interrupted", e);
    }
  }

  private String withoutQuery() {
    String s = base.toString();
    int q = s.indexOf('?');
    String path = q < 0 ? s : s.substring(0, q);
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String redacted(URI uri) {
    return ReleaseStores.redacted(uri.toString());
  }

  private static String join(String query, String more) {
    return query == null || query.isEmpty() ? more : query + "&" + more;
  }
}
