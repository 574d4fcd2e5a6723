package io.stackpilot.activities.docker;

import java.time.Duration;

/** A command run with docker exec did not finish in time. */
public final class ExecTimeoutException extends RuntimeException {

  ExecTimeoutException(String execId, Duration timeout) {
    super("exec " + execId + " did not finish within " + timeout);
  }
}
