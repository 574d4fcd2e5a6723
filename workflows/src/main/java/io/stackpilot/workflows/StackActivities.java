package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.DesiredStateActivities;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.stackpilot.workflows.activities.StoreActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

/**
 * Activity stubs with the timeouts and retries of each step. Control activities run on the workflow's task
 * queue; host activities on {@code host-<host>}, where a schedule-to-start timeout means no agent polls.
 */
final class StackActivities {

  /** How long a host step may wait for its agent to pick it up before the run asks for attention. */
  static final Duration HOST_PICKUP = Duration.ofMinutes(5);
  /** A host that does not pick up a final backup this fast is taken as down. */
  static final Duration OLD_HOST_PICKUP = Duration.ofMinutes(1);

  private static final RetryOptions CONTROL_RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(1)).setBackoffCoefficient(2).setMaximumInterval(Duration.ofSeconds(30))
      .setMaximumAttempts(5).setDoNotRetry(FailureTypes.INVALID_CONFIGURATION, FailureTypes.TAMPERED_BACKUP).build();
  private static final RetryOptions HOST_RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(2)).setBackoffCoefficient(2).setMaximumInterval(Duration.ofMinutes(1))
      .setMaximumAttempts(3).setDoNotRetry(FailureTypes.INVALID_CONFIGURATION, FailureTypes.TAMPERED_BACKUP).build();

  /** Start-to-close and heartbeat timeouts per activity; long data steps heartbeat their progress. */
  private static final Map<String, Duration[]> TIMEOUTS = Map.ofEntries(
      Map.entry("FetchDesiredState", timeouts(Duration.ofMinutes(5), null)),
      Map.entry("FindNewestBackup", timeouts(Duration.ofMinutes(2), null)),
      Map.entry("SeedFromVanilla", timeouts(Duration.ofHours(1), Duration.ofMinutes(2))),
      Map.entry("VerifyBackup", timeouts(Duration.ofHours(2), Duration.ofMinutes(2))),
      Map.entry("VerifyBackupParts", timeouts(Duration.ofHours(2), Duration.ofMinutes(2))),
      Map.entry("WriteBackupManifest", timeouts(Duration.ofMinutes(2), null)),
      Map.entry("PrepareHost", timeouts(Duration.ofMinutes(5), null)),
      Map.entry("PullImages", timeouts(Duration.ofHours(1), Duration.ofMinutes(2))),
      Map.entry("StartDatabase", timeouts(Duration.ofMinutes(10), null)),
      Map.entry("RestoreIfEmpty", timeouts(Duration.ofHours(12), Duration.ofMinutes(2))),
      Map.entry("MigrateDatabase", timeouts(Duration.ofHours(2), null)),
      Map.entry("PlanServices", timeouts(Duration.ofMinutes(5), null)),
      Map.entry("StartServices", timeouts(Duration.ofMinutes(30), null)),
      Map.entry("VerifyHealth", timeouts(Duration.ofMinutes(15), null)),
      Map.entry("UploadBackupParts", timeouts(Duration.ofHours(12), Duration.ofMinutes(2))),
      Map.entry("StopStack", timeouts(Duration.ofMinutes(10), null)));

  private StackActivities() {}

  static DesiredStateActivities desiredState(String summary) {
    return Workflow.newActivityStub(DesiredStateActivities.class, control("FetchDesiredState", summary));
  }

  static StoreActivities store(String activity, String summary) {
    return Workflow.newActivityStub(StoreActivities.class, control(activity, summary));
  }

  static StackHostActivities host(String host, String activity, String summary, Duration pickup) {
    return onHost(StackHostActivities.class, host, activity, summary, pickup);
  }

  static DataHostActivities data(String host, String activity, String summary, Duration pickup) {
    return onHost(DataHostActivities.class, host, activity, summary, pickup);
  }

  private static <T> T onHost(Class<T> type, String host, String activity, String summary, Duration pickup) {
    Duration[] t = TIMEOUTS.get(activity);
    ActivityOptions.Builder options = ActivityOptions.newBuilder()
        .setTaskQueue("host-" + host)
        .setScheduleToStartTimeout(pickup)
        .setStartToCloseTimeout(t[0])
        .setRetryOptions(HOST_RETRY)
        .setSummary(summary);
    if (t[1] != null) {
      options.setHeartbeatTimeout(t[1]);
    }
    return Workflow.newActivityStub(type, options.build());
  }

  private static ActivityOptions control(String activity, String summary) {
    Duration[] t = TIMEOUTS.get(activity);
    ActivityOptions.Builder options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(t[0])
        .setRetryOptions(CONTROL_RETRY)
        .setSummary(summary);
    if (t[1] != null) {
      options.setHeartbeatTimeout(t[1]);
    }
    return options.build();
  }

  private static Duration[] timeouts(Duration startToClose, Duration heartbeat) {
    return new Duration[] {startToClose, heartbeat};
  }
}
