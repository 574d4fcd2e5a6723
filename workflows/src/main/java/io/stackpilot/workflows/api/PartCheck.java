package io.stackpilot.workflows.api;

/** One part of a backup read back: {@code outcome} is ok, missing, truncated, longer or altered. */
public record PartCheck(String part, long expectedSize, long size, String expectedSha256, String sha256, String outcome) {

  public static final String OK = "ok";

  public boolean ok() {
    return OK.equals(outcome);
  }
}
