package io.stackpilot.workflows.activities;

import io.stackpilot.model.ReleaseSpec;
import io.stackpilot.model.StackSpec;

/** What a host activity needs to act on a stack: the desired state and the commit it came from. */
public record HostStack(String commit, StackSpec stack, ReleaseSpec release) {

  public static HostStack of(DesiredState desired) {
    return new HostStack(desired.commit(), desired.stack(), desired.release());
  }
}
