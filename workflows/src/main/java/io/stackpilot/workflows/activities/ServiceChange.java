package io.stackpilot.workflows.activities;

/** What an apply does to one service, and why. */
public record ServiceChange(String service, Action action, String reason) {

  public enum Action { CREATE, RECREATE, START, REMOVE, UNCHANGED }

  @Override
  public String toString() {
    return service + ": " + action.name().toLowerCase() + " — " + reason;
  }
}
