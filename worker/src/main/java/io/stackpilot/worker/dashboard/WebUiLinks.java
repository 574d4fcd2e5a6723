package io.stackpilot.worker.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links into the Temporal Web UI at its configured base URL; none when it is not configured. */
final class WebUiLinks {

  private final String base;
  private final String namespace;

  WebUiLinks(String base, String namespace) {
    this.base = base == null ? null : base.replaceAll("/+$", "");
    this.namespace = namespace;
  }

  /** The history of run {@code runId} of {@code workflowId}, or null without a Web UI. */
  String run(String workflowId, String runId) {
    if (base == null) {
      return null;
    }
    return base + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId) + "/" + encode(runId) + "/history";
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
