package io.stackpilot.workflows.reconcile;

import io.stackpilot.model.StackSpec;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.api.StackNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the repo at a new commit asks of the stack, compared with what was last applied, with a reason an operator
 * can read. Backup settings are the loop's own business and never start an operation.
 */
public record ReconcileDecision(Action action, String reason) {

  public enum Action { NOTHING, INSTALL, UPDATE, MIGRATE, RECORD }

  /** {@code failure}: how the operation for {@code failedCommit} ended ("UpdateStack of commit … failed: …"). */
  public static ReconcileDecision decide(String appliedCommit, StackSpec applied, String failedCommit, String failure,
      DesiredState desired) {
    String commit = desired.commit();
    if (Objects.equals(commit, failedCommit)) {
      return new ReconcileDecision(Action.NOTHING, failure + "; waiting for a new commit or an operator's retry "
          + "(stackctl reconcile retry " + desired.stack().customer() + ")");
    }
    if (applied == null) {
      return new ReconcileDecision(Action.INSTALL, "never installed by this loop: install commit " + StackNames.shortCommit(commit)
          + " (an installed stack is left as it is, its data kept)");
    }
    if (commit.equals(appliedCommit)) {
      return new ReconcileDecision(Action.NOTHING, "commit " + StackNames.shortCommit(commit) + " is applied");
    }
    StackSpec wanted = desired.stack();
    if (!wanted.host().equals(applied.host())) {
      return new ReconcileDecision(Action.MIGRATE, "host changed: " + applied.host() + " → " + wanted.host());
    }
    List<String> changes = new ArrayList<>();
    if (!wanted.release().equals(applied.release())) {
      changes.add("release " + applied.release() + " → " + wanted.release());
    }
    if (!wanted.sizing().equals(applied.sizing())) {
      changes.add("sizing " + applied.sizing() + " → " + wanted.sizing());
    }
    if (!wanted.services().equals(applied.services())) {
      changes.add("services " + applied.services() + " → " + wanted.services());
    }
    if (!wanted.env().equals(applied.env())) {
      changes.add("env changed");
    }
    if (!Objects.equals(wanted.dns(), applied.dns())) {
      changes.add("dns changed");
    }
    if (!wanted.ports().equals(applied.ports())) {
      changes.add("ports changed");
    }
    if (!wanted.secrets().equals(applied.secrets())) {
      changes.add("secret references changed");
    }
    if (!changes.isEmpty()) {
      return new ReconcileDecision(Action.UPDATE, String.join(", ", changes));
    }
    if (!Objects.equals(wanted.backup(), applied.backup())) {
      return new ReconcileDecision(Action.RECORD, "commit " + StackNames.shortCommit(commit) + " changes only the backup settings");
    }
    return new ReconcileDecision(Action.RECORD, "commit " + StackNames.shortCommit(commit) + " changes nothing that affects the stack");
  }
}
