package io.stackpilot.failures;

import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every failure type a step or a run can end with, and its tier: what Stackpilot does about it.
 *
 * <ul>
 *   <li>{@link Tier#TRANSIENT}: the store, the engine or the network hiccuped. The step's retry options retry it
 *       (every failure without one of the types below is transient); when they run out, the step waits for the
 *       operator like an operator-fixable one.</li>
 *   <li>{@link Tier#OPERATOR}: retrying alone cannot help, but fixing something outside the run can. Not retried;
 *       the step waits for the operator's {@code retry}, {@code skip} (where the step allows it) or {@code abort},
 *       and the run shows the error and the commands to continue (StackState=NeedsAttention).</li>
 *   <li>{@link Tier#TERMINAL}: the input itself is wrong or untrustworthy. The run fails at once, changing
 *       nothing more; a new input (commit, backup) is needed.</li>
 * </ul>
 *
 * An exception carries its type ({@link TypedException}); activities leave with a failure of that type.
 */
public enum FailureType {

  /** stack.yaml, the release, the ref, a store location or the workflow input is wrong: the input must change. */
  INVALID_CONFIGURATION("InvalidConfiguration", Tier.TERMINAL),
  /** A backup part does not match its manifest, or an archive entry escapes its root. */
  TAMPERED_BACKUP("TamperedBackup", Tier.TERMINAL),
  /** A backup or database holds a schema newer than the release being deployed: stack.yaml or the backup must change. */
  SCHEMA_NEWER_THAN_RELEASE("SchemaNewerThanRelease", Tier.TERMINAL),
  /**
   * A drill restored a backup whose tables differ from what the backup recorded: the backup cannot be trusted for a
   * recovery; take a new one.
   */
  DRILL_MISMATCH("DrillFailed", Tier.TERMINAL),
  /** The operator aborted the run. */
  ABORTED("Aborted", Tier.TERMINAL),
  /** Another manifest already commits this backup id; stores are write-once. */
  BACKUP_CONFLICT("BackupConflict", Tier.OPERATOR),
  /** A secret reference does not resolve on the host: provide it there, then retry. */
  MISSING_SECRET("MissingSecret", Tier.OPERATOR),
  /**
   * A restore into the database began and did not complete: its data is partial, so no backup or migration runs
   * on it. Run the install again (it restores from a clean database), or retry its restore step.
   */
  RESTORE_INCOMPLETE("RestoreIncomplete", Tier.OPERATOR),
  /** The database refused a statement (restore, migration, dump): its message says which. */
  DATABASE_ERROR("DatabaseError", Tier.OPERATOR),
  /** No host agent polls the host's task queue: start it, then retry. */
  HOST_AGENT_ABSENT("HostAgentAbsent", Tier.OPERATOR);

  /** What Stackpilot does about a failure of a type: see the class comment. */
  public enum Tier { TRANSIENT, OPERATOR, TERMINAL }

  private final String id;
  private final Tier tier;

  FailureType(String id, Tier tier) {
    this.id = id;
    this.tier = tier;
  }

  /** The type as it appears in Temporal's failure ({@code ApplicationFailure.getType()}) and the Web UI. */
  public String id() {
    return id;
  }

  public Tier tier() {
    return tier;
  }

  /** The type of {@code id}; empty for any other failure, which is transient. */
  public static Optional<FailureType> of(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }

  /** The tier of a failure of type {@code id}: transient unless it is one of the types above. */
  public static Tier tierOf(String id) {
    return of(id).map(FailureType::tier).orElse(Tier.TRANSIENT);
  }

  /** The ids a retry policy must never retry: every type that is not transient. */
  public static String[] notRetried() {
    return Arrays.stream(values()).filter(t -> t.tier != Tier.TRANSIENT).map(FailureType::id).toArray(String[]::new);
  }

  /** A failure of this type that no retry policy retries. */
  public ApplicationFailure failure(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, id);
  }

  /**
   * A failure of this type refusing a backup, carrying {@code previous}: the id of the complete backup the workflow
   * offers the operator instead ({@link Failures#offeredBackup}).
   */
  public ApplicationFailure refusingBackup(String message, String previous) {
    return ApplicationFailure.newNonRetryableFailure(message, id, previous);
  }
}
