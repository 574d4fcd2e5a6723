package io.stackpilot.workflows.api;

import java.util.List;

/**
 * What applying a commit would change on the stack's host, without changing anything: one line per network,
 * volume and service with its reason ("web: recreate — image …:1.0.0 → …:1.1.0"); and what the compose diff does not
 * show: the migrations that would run, the backup taken or restored, the images to pull, the services that restart
 * and the expected downtime.
 */
public record PlanResult(String customer, String commit, String release, String host, List<String> changes,
    boolean changesNothing, List<String> migrations, String backup, List<String> imagesToPull, List<String> restarts,
    String downtime) {

  public PlanResult {
    changes = changes == null ? List.of() : List.copyOf(changes);
    migrations = migrations == null ? List.of() : List.copyOf(migrations);
    imagesToPull = imagesToPull == null ? List.of() : List.copyOf(imagesToPull);
    restarts = restarts == null ? List.of() : List.copyOf(restarts);
  }
}
