package io.stackpilot.workflows.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An operator's decision on a step that needs attention: retry it, skip it (where allowed), or abort the run; on a
 * step that waits for confirmation: accept or abort. {@code backup}: with a retry of a restore whose backup cannot be
 * used, the backup to restore instead (null otherwise).
 */
public record Decision(String action, String reason, String backup) implements OperatorInput {

  public static final String RETRY = "retry";
  public static final String SKIP = "skip";
  public static final String ABORT = "abort";
  /** Goes ahead with a step that waits for the operator's confirmation (a rollback giving up recent writes). */
  public static final String ACCEPT = "accept";
  public static final List<String> ACTIONS = List.of(RETRY, SKIP, ABORT, ACCEPT);
  /** A backup id as stores hold them: Stackpilot's own ({@code 20261201T020000Z-3f2a9c1b}) and vanilla ones. */
  public static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public static Decision retry() {
    return new Decision(RETRY, null, null);
  }

  /** Retries a restore with {@code backup} instead of the one that could not be used. */
  public static Decision retryWith(String backup) {
    return new Decision(RETRY, null, backup);
  }

  public static Decision skip() {
    return new Decision(SKIP, null, null);
  }

  public static Decision accept() {
    return new Decision(ACCEPT, null, null);
  }

  public static Decision abort(String reason) {
    return new Decision(ABORT, reason, null);
  }
}
