package io.stackpilot.cli;

import io.stackpilot.client.StatusQuery;
import io.stackpilot.client.Steering;
import io.stackpilot.workflows.api.ReconcileState;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code stackctl update <customer> --now}: the stack's reconcile loop holds a commit for a maintenance window, and the
 * operator has it applied now. Refused unless the loop follows the same repo and holds a commit: nothing else is
 * started behind the loop's back.
 */
final class ApplyNow {

  private static final Duration STARTS_WITHIN = Duration.ofMinutes(2);

  private final WorkflowClient client;
  private final PrintWriter out;
  private final PrintWriter err;

  ApplyNow(WorkflowClient client, PrintWriter out, PrintWriter err) {
    this.client = client;
    this.out = out;
    this.err = err;
  }

  int apply(String customer, String repo, boolean follow, boolean json) {
    ReconcileStatus loop;
    try {
      loop = new StatusQuery(client).ask(StackNames.reconcileId(customer), null, ReconcileStatus.class);
    } catch (RuntimeException e) {
      return refuse(StackNames.reconcileId(customer) + " does not answer (" + e.getMessage() + "); --now asks the loop, "
          + "which must run: stackctl reconcile start " + customer + " --repo <url>");
    }
    if (!repo.equals(loop.repo())) {
      return refuse("the loop of " + customer + " follows " + loop.repo() + ", not " + repo);
    }
    if (!ReconcileState.Pending.WINDOW.equals(loop.pendingChange())) {
      return refuse("the loop of " + customer + " holds no commit for a maintenance window (it is " + loop.state()
          + "); without --now, stackctl update starts an update directly");
    }
    Steering.Outcome sent = new Steering(client).signalLoop(customer, "apply now",
        l -> l.applyNow(client.getOptions().getIdentity()));
    if (!sent.done()) {
      return refuse(sent.message());
    }
    out.println("asked " + StackNames.reconcileId(customer) + " to apply now what " + loop.pendingReason()
        .replaceFirst("; `stackctl update .*$", "").replaceFirst("^waiting for the window .*?\\): ", "it held: "));
    out.flush();
    if (!follow) {
      return 0;
    }
    Instant deadline = Instant.now().plus(STARTS_WITHIN);
    while (Instant.now().isBefore(deadline)) {
      ReconcileStatus now = new StatusQuery(client).ask(StackNames.reconcileId(customer), null, ReconcileStatus.class);
      if (now.running() != null) {
        return new Follow(client, out, json).follow(customer);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Stackctl.UNREACHABLE;
      }
    }
    return refuse("the loop of " + customer + " started nothing within " + STARTS_WITHIN.toMinutes() + " minutes; "
        + "stackctl reconcile status " + customer + " says why");
  }

  private int refuse(String why) {
    err.println("stackctl: refused: " + why);
    err.flush();
    return Stackctl.REFUSED;
  }
}
