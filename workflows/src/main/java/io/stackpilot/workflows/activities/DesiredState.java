package io.stackpilot.workflows.activities;

import io.stackpilot.model.ReleaseSpec;
import io.stackpilot.model.StackSpec;

/**
 * The validated desired state of a stack at one commit of its customer repo: what every step acts on, on the
 * control worker and on the host agents alike; {@code urgent}: the commit carries the trailer {@code Urgent: true},
 * which lets the reconcile loop apply it outside the stack's maintenance windows.
 */
public record DesiredState(String repo, String commit, StackSpec stack, ReleaseSpec release, boolean urgent) {

  public DesiredState(String repo, String commit, StackSpec stack, ReleaseSpec release) {
    this(repo, commit, stack, release, false);
  }

  /** The same stack as it runs on {@code host}, which differs from stack.yaml's host while migrating away from it. */
  public DesiredState onHost(String host) {
    return new DesiredState(repo, commit, stack.onHost(host), release, urgent);
  }
}
