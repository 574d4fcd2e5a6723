package io.stackpilot.workflows.steps;

import io.stackpilot.failures.FailureType;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.DesiredStateActivities;
import io.stackpilot.workflows.activities.NotifyActivities;
import io.stackpilot.workflows.activities.RolloutActivities;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.stackpilot.workflows.activities.StoreActivities;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * Every activity the workflows call, declared once: its contract and type name, where it runs, its timeouts
 * and retries. Control activities run on the workflow's task queue; host activities on the host's queue
 * ({@link StackNames#hostTaskQueue}), where a schedule-to-start timeout means that no agent polls.
 */
public final class StackActivities {

  /** How long a host step may wait for its agent to pick it up before the run asks for attention. */
  public static final Duration HOST_PICKUP = Duration.ofMinutes(5);
  /** A host that does not pick up a final backup this fast is taken as down. */
  public static final Duration OLD_HOST_PICKUP = Duration.ofMinutes(1);

  /**
   * Every host step heartbeats (progress from its streams, the Engine or its health checks; a migration, which moves
   * no bytes of its own, while its statement runs): a host agent that dies is noticed within this time and its step
   * retried, not after the step's whole start-to-close timeout.
   */
  public static final Duration HOST_HEARTBEAT = Duration.ofMinutes(2);

  /**
   * How long a host step may wait for its agent to pick it up ({@code pickup}; then the run asks for attention, or a
   * migration takes the old host as down), and how long it may go without progress ({@code heartbeat}; then its agent
   * is taken as dead and the step retried).
   */
  public record HostTimeouts(Duration pickup, Duration heartbeat) {
    HostTimeouts withPickup(Duration other) {
      return new HostTimeouts(other, heartbeat);
    }
  }

  /** Where an activity runs: on the control worker, or on the host agent of the stack's host. */
  public enum Where { CONTROL, HOST }

  /**
   * One activity: {@code name} is the type its contract's {@code @ActivityMethod} gives it; {@code heartbeat} only
   * for control activities (a host step's comes with the run's {@link HostTimeouts}).
   */
  public record Declared<T>(Class<T> contract, String name, Where where, Duration startToClose, Duration heartbeat) {}

  public static final Declared<DesiredStateActivities> FETCH_DESIRED_STATE = control(DesiredStateActivities.class,
      DesiredStateActivities.FETCH_DESIRED_STATE, Duration.ofMinutes(5), Duration.ofMinutes(1));
  public static final Declared<StoreActivities> FIND_NEWEST_BACKUP = control(StoreActivities.class,
      StoreActivities.FIND_NEWEST_BACKUP, Duration.ofMinutes(2), Duration.ofMinutes(1));
  public static final Declared<StoreActivities> FIND_BACKUP = control(StoreActivities.class,
      StoreActivities.FIND_BACKUP, Duration.ofMinutes(2), Duration.ofMinutes(1));
  public static final Declared<StoreActivities> SEED_FROM_VANILLA = control(StoreActivities.class,
      StoreActivities.SEED_FROM_VANILLA, Duration.ofHours(1), Duration.ofMinutes(2));
  public static final Declared<StoreActivities> VERIFY_BACKUP_PARTS = control(StoreActivities.class,
      StoreActivities.VERIFY_BACKUP_PARTS, Duration.ofHours(2), Duration.ofMinutes(2));
  public static final Declared<StoreActivities> WRITE_BACKUP_MANIFEST = control(StoreActivities.class,
      StoreActivities.WRITE_BACKUP_MANIFEST, Duration.ofMinutes(2), Duration.ofMinutes(1));
  public static final Declared<StoreActivities> LIST_BACKUPS = control(StoreActivities.class,
      StoreActivities.LIST_BACKUPS, Duration.ofMinutes(2), null);
  public static final Declared<StoreActivities> VERIFY_BACKUP = control(StoreActivities.class,
      StoreActivities.VERIFY_BACKUP, Duration.ofHours(2), Duration.ofMinutes(2));
  public static final Declared<StoreActivities> PLAN_RECOVERY = control(StoreActivities.class,
      StoreActivities.PLAN_RECOVERY, Duration.ofMinutes(5), Duration.ofMinutes(1));
  public static final Declared<StoreActivities> PRUNE_BACKUPS = control(StoreActivities.class,
      StoreActivities.PRUNE_BACKUPS, Duration.ofHours(1), Duration.ofMinutes(2));
  public static final Declared<NotifyActivities> NOTIFY = control(NotifyActivities.class, NotifyActivities.NOTIFY,
      Duration.ofMinutes(1), null);
  public static final Declared<RolloutActivities> WRITE_RELEASE_COMMIT = control(RolloutActivities.class,
      RolloutActivities.WRITE_RELEASE_COMMIT, Duration.ofMinutes(5), Duration.ofSeconds(30));
  public static final Declared<RolloutActivities> REVERT_RELEASE_COMMIT = control(RolloutActivities.class,
      RolloutActivities.REVERT_RELEASE_COMMIT, Duration.ofMinutes(5), Duration.ofSeconds(30));
  public static final Declared<RolloutActivities> PROBE_STACKS = control(RolloutActivities.class,
      RolloutActivities.PROBE_STACKS, Duration.ofMinutes(5), Duration.ofSeconds(30));
  public static final Declared<RolloutActivities> SYNC_LOOP = control(RolloutActivities.class,
      RolloutActivities.SYNC_LOOP, Duration.ofMinutes(1), Duration.ofSeconds(30));
  public static final Declared<RolloutActivities> ABORT_OPERATION = control(RolloutActivities.class,
      RolloutActivities.ABORT_OPERATION, Duration.ofMinutes(1), Duration.ofSeconds(30));
  public static final Declared<StackHostActivities> PREPARE_HOST = host(StackHostActivities.class,
      StackHostActivities.PREPARE_HOST, Duration.ofMinutes(5));
  public static final Declared<StackHostActivities> PULL_IMAGES = host(StackHostActivities.class,
      StackHostActivities.PULL_IMAGES, Duration.ofHours(1));
  public static final Declared<StackHostActivities> START_DATABASE = host(StackHostActivities.class,
      StackHostActivities.START_DATABASE, Duration.ofMinutes(10));
  public static final Declared<DataHostActivities> RESTORE_IF_EMPTY = host(DataHostActivities.class,
      DataHostActivities.RESTORE_IF_EMPTY, Duration.ofHours(12));
  public static final Declared<DataHostActivities> STAGE_BACKUP = host(DataHostActivities.class,
      DataHostActivities.STAGE_BACKUP, Duration.ofHours(12));
  public static final Declared<DataHostActivities> MIGRATE_DATABASE = host(DataHostActivities.class,
      DataHostActivities.MIGRATE_DATABASE, Duration.ofHours(2));
  public static final Declared<StackHostActivities> PLAN_SERVICES = host(StackHostActivities.class,
      StackHostActivities.PLAN_SERVICES, Duration.ofMinutes(5));
  public static final Declared<StackHostActivities> START_SERVICES = host(StackHostActivities.class,
      StackHostActivities.START_SERVICES, Duration.ofMinutes(30));
  public static final Declared<StackHostActivities> VERIFY_HEALTH = host(StackHostActivities.class,
      StackHostActivities.VERIFY_HEALTH, Duration.ofMinutes(15));
  public static final Declared<DataHostActivities> UPLOAD_BACKUP_PARTS = host(DataHostActivities.class,
      DataHostActivities.UPLOAD_BACKUP_PARTS, Duration.ofHours(12));
  public static final Declared<DataHostActivities> PLAN_DATA = host(DataHostActivities.class,
      DataHostActivities.PLAN_DATA, Duration.ofMinutes(5));
  public static final Declared<DataHostActivities> IMPORT_BACKUP_PARTS = host(DataHostActivities.class,
      DataHostActivities.IMPORT_BACKUP_PARTS, Duration.ofHours(12));
  public static final Declared<DataHostActivities> TABLES_CHANGED_SINCE = host(DataHostActivities.class,
      DataHostActivities.TABLES_CHANGED_SINCE, Duration.ofMinutes(5));
  public static final Declared<DataHostActivities> REPLACE_DATA = host(DataHostActivities.class,
      DataHostActivities.REPLACE_DATA, Duration.ofHours(12));
  public static final Declared<DataHostActivities> COMPARE_WITH_BACKUP = host(DataHostActivities.class,
      DataHostActivities.COMPARE_WITH_BACKUP, Duration.ofHours(12));
  /** A shipping run lasts {@code ArchiveBinlogWorkflow}'s run time; this bounds one that hangs. */
  public static final Declared<DataHostActivities> SHIP_BINLOG = host(DataHostActivities.class,
      DataHostActivities.SHIP_BINLOG, Duration.ofMinutes(30));
  public static final Declared<DataHostActivities> READ_LIVE_POINT = host(DataHostActivities.class,
      DataHostActivities.READ_LIVE_POINT, Duration.ofHours(12));
  public static final Declared<StackHostActivities> REMOVE_DRILL = host(StackHostActivities.class,
      StackHostActivities.REMOVE_DRILL, Duration.ofMinutes(10));
  public static final Declared<StackHostActivities> STOP_STACK = host(StackHostActivities.class,
      StackHostActivities.STOP_STACK, Duration.ofMinutes(10));

  public static final List<Declared<?>> ALL = List.of(FETCH_DESIRED_STATE, FIND_NEWEST_BACKUP, FIND_BACKUP, SEED_FROM_VANILLA,
      VERIFY_BACKUP_PARTS, WRITE_BACKUP_MANIFEST, LIST_BACKUPS, VERIFY_BACKUP, PREPARE_HOST, PULL_IMAGES, START_DATABASE, STAGE_BACKUP,
      RESTORE_IF_EMPTY, MIGRATE_DATABASE, PLAN_SERVICES, START_SERVICES, VERIFY_HEALTH, UPLOAD_BACKUP_PARTS, IMPORT_BACKUP_PARTS, PLAN_DATA, STOP_STACK,
      TABLES_CHANGED_SINCE, REPLACE_DATA, COMPARE_WITH_BACKUP, REMOVE_DRILL, NOTIFY, PLAN_RECOVERY, SHIP_BINLOG, READ_LIVE_POINT,
      PRUNE_BACKUPS, WRITE_RELEASE_COMMIT, REVERT_RELEASE_COMMIT, PROBE_STACKS, SYNC_LOOP, ABORT_OPERATION);

  private static final RetryOptions CONTROL_RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(1)).setBackoffCoefficient(2).setMaximumInterval(Duration.ofSeconds(30))
      .setMaximumAttempts(5).setDoNotRetry(FailureType.notRetried()).build();
  /** About half a minute of attempts (2, 4, 8, 16 s apart): enough for an Engine or a host agent to restart. */
  public static final int HOST_ATTEMPTS = 5;

  private static final RetryOptions HOST_RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(2)).setBackoffCoefficient(2).setMaximumInterval(Duration.ofMinutes(1))
      .setMaximumAttempts(HOST_ATTEMPTS).setDoNotRetry(FailureType.notRetried()).build();

  private StackActivities() {}

  /** What stack.yaml says at {@code ref} of {@code repo}, validated with the release it names (a read-only workflow's first step). */
  public static DesiredState fetchDesiredState(String repo, String ref) {
    return control(FETCH_DESIRED_STATE, "fetch " + ref + " of " + repo).fetchDesiredState(repo, ref);
  }

  /** A stub of a control activity. */
  public static <T> T control(Declared<T> activity, String summary) {
    if (activity.where() != Where.CONTROL) {
      throw new IllegalArgumentException(activity.name() + " runs on a host: name the host");
    }
    return Workflow.newActivityStub(activity.contract(), options(activity, summary, CONTROL_RETRY).build());
  }

  /**
   * A stub of a control activity that heartbeats, with the run's {@code heartbeat} timeout where it is shorter than the
   * activity's own: a control worker that dies inside it costs the run's heartbeat timeout, as a host agent does.
   */
  public static <T> T control(Declared<T> activity, String summary, Duration heartbeat) {
    if (activity.where() != Where.CONTROL || activity.heartbeat() == null) {
      throw new IllegalArgumentException(activity.name() + " is not a control activity that heartbeats");
    }
    return Workflow.newActivityStub(activity.contract(), options(activity, summary, CONTROL_RETRY)
        .setHeartbeatTimeout(heartbeat.compareTo(activity.heartbeat()) < 0 ? heartbeat : activity.heartbeat())
        .build());
  }

  /** A stub of a host activity on {@code host}, with the run's {@code timeouts}. */
  public static <T> T onHost(Declared<T> activity, String host, String summary, HostTimeouts timeouts) {
    return onHost(activity, host, summary, timeouts, HOST_RETRY);
  }

  /** As {@link #onHost}, in one attempt: for work the run does not wait for, which a later step does again if need be. */
  public static <T> T onHostOnce(Declared<T> activity, String host, String summary, HostTimeouts timeouts) {
    return onHost(activity, host, summary, timeouts, RetryOptions.newBuilder().setMaximumAttempts(1).build());
  }

  private static <T> T onHost(Declared<T> activity, String host, String summary, HostTimeouts timeouts,
      RetryOptions retry) {
    if (activity.where() != Where.HOST) {
      throw new IllegalArgumentException(activity.name() + " runs on the control worker, not on " + host);
    }
    return Workflow.newActivityStub(activity.contract(), options(activity, summary, retry)
        .setTaskQueue(StackNames.hostTaskQueue(host))
        .setScheduleToStartTimeout(timeouts.pickup())
        .setHeartbeatTimeout(timeouts.heartbeat())
        .build());
  }

  private static ActivityOptions.Builder options(Declared<?> activity, String summary, RetryOptions retry) {
    ActivityOptions.Builder options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(activity.startToClose())
        .setRetryOptions(retry)
        .setSummary(summary);
    if (activity.heartbeat() != null) {
      options.setHeartbeatTimeout(activity.heartbeat());
    }
    return options;
  }

  private static <T> Declared<T> control(Class<T> contract, String name, Duration startToClose, Duration heartbeat) {
    return new Declared<>(contract, name, Where.CONTROL, startToClose, heartbeat);
  }

  private static <T> Declared<T> host(Class<T> contract, String name, Duration startToClose) {
    return new Declared<>(contract, name, Where.HOST, startToClose, null);
  }
}
