package io.stackpilot.workflows.reconcile;

import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.ReconcileState.Poll;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.steps.StackActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * What the loop asks of the world at a poll: the desired state in git, what the host runs, the newest backup. A
 * question that cannot be answered is noted in the loop's state and the poll goes on.
 */
final class LoopProbes {

  private static final Logger log = Workflow.getLogger(LoopProbes.class);

  private LoopProbes() {}

  /** The desired state at the followed ref; null when it cannot be read or is another customer's (reported). */
  static DesiredState fetch(Loop loop) {
    String at = Loop.now().toString();
    DesiredState desired;
    try {
      desired = StackActivities.control(StackActivities.FETCH_DESIRED_STATE, "fetch " + loop.ref + " of " + loop.repo)
          .fetchDesiredState(loop.repo, loop.ref);
    } catch (ActivityFailure e) {
      loop.state = loop.state.withPoll(new Poll(at, "cannot read " + loop.ref + " of " + loop.repo + ": "
          + Failures.rootMessage(e)));
      return null;
    }
    if (!desired.stack().customer().equals(loop.customer)) {
      loop.state = loop.state.withPoll(new Poll(at, "stack.yaml at " + StackNames.shortCommit(desired.commit())
          + " is the stack of '" + desired.stack().customer() + "', not '" + loop.customer + "': nothing is applied"));
      return null;
    }
    loop.state = loop.state.withPoll(new Poll(at, null));
    return desired;
  }

  /** A stack already on the host before this loop applied anything ({@link Adoption}); null: decide as usual. */
  static ReconcileDecision adoption(Loop loop, DesiredState desired) {
    if (loop.state.applied() != null || loop.failedAt(desired.commit())
        || Workflow.getVersion("adopt-installed-stack", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return null;
    }
    String host = desired.stack().host();
    try {
      return Adoption.of(plan(desired, "is " + loop.customer + " installed on " + host + "?"), host, desired.commit());
    } catch (ActivityFailure e) {
      log.info("{}: {} cannot tell whether the stack is installed ({}): installing", loop.customer, host,
          Failures.rootMessage(e));
      return null;
    }
  }

  /** What the host would change to run {@code desired}; an unchanged stack plans in milliseconds. */
  static HostPlan plan(DesiredState desired, String question) {
    return StackActivities.onHost(StackActivities.PLAN_SERVICES, desired.stack().host(), question,
        new StackActivities.HostTimeouts(StackActivities.OLD_HOST_PICKUP, StackActivities.HOST_HEARTBEAT))
        .planServices(desired);
  }

  /** The newest complete backup in the store, hourly and after every backup: older than the limit is overdue. */
  static void checkFreshness(Loop loop, Duration overdueAfter) {
    if (loop.state.applied() == null || !NightlyBackupClock.freshnessDue(loop.state.nightly(), Loop.now())) {
      return;
    }
    String store = loop.state.applied().stack().backup().store();
    // The limit is for one backup a day; a schedule that skips days (backup.days) may leave longer gaps.
    Duration beyondADay = BackupSchedule.longestGap(loop.state.applied().stack().backup()).minus(Duration.ofDays(1));
    Duration limit = beyondADay.isNegative() ? overdueAfter : overdueAfter.plus(beyondADay);
    try {
      BackupRef newest = StackActivities.control(StackActivities.FIND_NEWEST_BACKUP,
          "find the newest backup of " + loop.customer).findNewestBackup(store, loop.customer);
      loop.state = loop.state.withNightly(NightlyBackupClock.checked(loop.state.nightly(), newest, Loop.now(),
          limit));
    } catch (ActivityFailure e) {
      loop.state = loop.state.withNightly(NightlyBackupClock.unreadable(loop.state.nightly(), Loop.now()))
          .withPoll(new Poll(loop.state.poll().lastPollAt(), "cannot read the backup store " + store + ": "
              + Failures.rootMessage(e)));
    }
  }
}
