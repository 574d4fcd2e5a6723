package io.stackpilot.workflows.rollout;

import io.stackpilot.workflows.activities.RolloutActivities;
import io.stackpilot.workflows.activities.RolloutProbe;
import io.stackpilot.workflows.activities.WrittenCommit;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stacks and their loops as a rollout sees them, for workflow tests: a written commit is applied over one look
 * (running UpdateStack, then healthy on the release) unless the test makes the stack fail, wait for its window, or
 * left the selection.
 */
public final class FakeFleet implements RolloutActivities {

  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  /** When each stack's commit was written, by the workflow's clock. */
  public final Map<String, Instant> writtenAt = Collections.synchronizedMap(new HashMap<>());
  public final Set<String> failing = Collections.synchronizedSet(new HashSet<>());
  public final Set<String> windowClosed = Collections.synchronizedSet(new HashSet<>());
  /** Looks during which an aborted update still runs (it says Aborted while it sends its last notes) before closing. */
  public final Map<String, Integer> closingLooks = Collections.synchronizedMap(new HashMap<>());
  /** When each aborted update was first seen closed, by the workflow's clock. */
  public final Map<String, Instant> closedAt = Collections.synchronizedMap(new HashMap<>());
  public final Set<String> leftSelection = Collections.synchronizedSet(new HashSet<>());
  private final Map<String, String> release = Collections.synchronizedMap(new HashMap<>());
  private final Map<String, String> commit = Collections.synchronizedMap(new HashMap<>());
  private final Map<String, Integer> looks = Collections.synchronizedMap(new HashMap<>());
  private final Set<String> aborted = Collections.synchronizedSet(new HashSet<>());
  /** Stacks no loop runs for: what their operation says comes from the real run in the test environment. */
  public final Set<String> direct = Collections.synchronizedSet(new HashSet<>());
  public volatile WorkflowClient operations;

  private static String customerOf(String repo) {
    return repo.substring(repo.lastIndexOf('/') + 1).replace(".git", "");
  }

  @Override
  public WrittenCommit writeReleaseCommit(String repo, String ref, String target, String rollout, String select,
      String message) {
    String customer = customerOf(repo);
    calls.add("write " + customer + " " + target);
    if (leftSelection.contains(customer)) {
      throw ApplicationFailure.newNonRetryableFailure("the stack of " + repo + " is no longer selected by " + select
          + ": nothing written", "InvalidConfiguration");
    }
    writtenAt.putIfAbsent(customer, Instant.ofEpochMilli(Activity.getExecutionContext().getInfo().getScheduledTimestamp()));
    String written = "c0" + customer + target.replace(".", "");
    commit.put(customer, written);
    return new WrittenCommit(written, "written");
  }

  @Override
  public WrittenCommit revertReleaseCommit(String repo, String ref, String rollout, String target, String previous,
      String message) {
    calls.add("revert " + customerOf(repo) + " to " + previous);
    return new WrittenCommit("re" + customerOf(repo), "reverted");
  }

  @Override
  public List<RolloutProbe> probeStacks(List<String> customers) {
    List<RolloutProbe> probes = new ArrayList<>();
    for (String customer : customers) {
      if (direct.contains(customer)) {
        StackStatus operation = operations.newUntypedWorkflowStub(StackNames.operationId(customer))
            .query("status", StackStatus.class);
        probes.add(new RolloutProbe(customer, null, operation.state(), operation.commit(), operation.lastError(), null));
        continue;
      }
      String written = commit.get(customer);
      int look = looks.merge(customer, 1, Integer::sum);
      if (written == null) {
        probes.add(new RolloutProbe(customer, loop(customer, "Watching", "1.0.0", null, null, null), "Completed", null, null, false));
      } else if (aborted.contains(customer) && closingLooks.getOrDefault(customer, 0) > 0) {
        closingLooks.merge(customer, -1, Integer::sum);
        probes.add(new RolloutProbe(customer, loop(customer, "Applying", "1.0.0", "UpdateStack", null, null),
            StackStatus.ABORTED, written, null, true));
      } else if (aborted.contains(customer)) {
        closedAt.putIfAbsent(customer, Instant.ofEpochMilli(Activity.getExecutionContext().getInfo()
            .getScheduledTimestamp()));
        probes.add(new RolloutProbe(customer, loop(customer, "WaitingForOperator", "1.0.0", null, written,
            "UpdateStack of commit " + written + " failed: aborted"), "Failed", written, null, false));
      } else if (windowClosed.contains(customer)) {
        // An overdue backup names the loop's state; the commit waiting for its window is in the pending change.
        probes.add(new RolloutProbe(customer, loop(customer, "BackupOverdue", "1.0.0", null, null,
            "waiting for the window Sun 01:00 Europe/Berlin"), "Completed", null, null, false));
      } else if (look == 1) {
        probes.add(new RolloutProbe(customer, loop(customer, "Applying", "1.0.0", "UpdateStack", null, null), "Running",
            written, null, true));
      } else if (failing.contains(customer)) {
        probes.add(new RolloutProbe(customer, loop(customer, "Applying", "1.0.0", "UpdateStack", null, null),
            "NeedsAttention", written, "V3__call_notes.sql: Unknown column 'text'", true));
      } else {
        String target = release.getOrDefault(customer, "1.1.0");
        probes.add(new RolloutProbe(customer, loop(customer, "Watching", target, null, null, null), "Completed", written,
            null, false));
      }
    }
    return probes;
  }

  private static ReconcileStatus loop(String customer, String state, String release, String running, String failed,
      String pending) {
    return new ReconcileStatus(customer, state, false, null, "c0ffee1", release, "acme-prod-1", running, null, null,
        pending != null && pending.startsWith("waiting for the window") ? "window" : null, pending, null, null, null, null, null, null, null, null, null, null, null, "file:///srv/git/" + customer + ".git",
        "main", null, null, null, null, null, null, 0, failed, Map.of());
  }

  @Override
  public boolean syncLoop(String customer) {
    calls.add("sync " + customer);
    looks.put(customer, 0);
    return true;
  }

  @Override
  public void abortOperation(String customer, String why) {
    calls.add("abort " + customer);
    aborted.add(customer);
  }

  /** The window of {@code customer} opens: its loop applies the commit at the next look. */
  public void openWindow(String customer) {
    windowClosed.remove(customer);
    looks.put(customer, 0);
  }
}
