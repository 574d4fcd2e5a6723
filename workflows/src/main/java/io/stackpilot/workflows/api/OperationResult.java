package io.stackpilot.workflows.api;

import java.util.List;

/**
 * What a run did: the commit and release it deployed, on which host, the backup it used or wrote, the
 * migrations it applied, the services it started, and each step with its duration; what pruning the backup store did
 * (null when it did not prune).
 */
public record OperationResult(
    String operation,
    String customer,
    String commit,
    String release,
    String host,
    String backupUsed,
    String backupWritten,
    List<String> migrationsApplied,
    List<String> servicesStarted,
    List<StepRecord> steps,
    String recoveredTo,
    String recovery,
    PruneResult pruned) {

  public OperationResult {
    migrationsApplied = migrationsApplied == null ? List.of() : List.copyOf(migrationsApplied);
    servicesStarted = servicesStarted == null ? List.of() : List.copyOf(servicesStarted);
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** The result of {@code operation} on {@code customer}'s stack, filled in by name. */
  public static Builder of(String operation, String customer) {
    return new Builder(operation, customer);
  }

  /** Names every field, so that a result cannot mix up the backup it used with the one it wrote. */
  public static final class Builder {
    private final String operation;
    private final String customer;
    private String commit;
    private String release;
    private String host;
    private String backupUsed;
    private String backupWritten;
    private List<String> migrationsApplied = List.of();
    private List<String> servicesStarted = List.of();
    private List<StepRecord> steps = List.of();
    private String recoveredTo;
    private String recovery;
    private PruneResult pruned;

    private Builder(String operation, String customer) {
      this.operation = operation;
      this.customer = customer;
    }

    public Builder deployed(String commit, String release, String host) {
      this.commit = commit;
      this.release = release;
      this.host = host;
      return this;
    }

    public Builder backupUsed(String id) {
      this.backupUsed = id;
      return this;
    }

    public Builder backupWritten(String id) {
      this.backupWritten = id;
      return this;
    }

    public Builder migrationsApplied(List<String> versions) {
      this.migrationsApplied = versions;
      return this;
    }

    public Builder servicesStarted(List<String> services) {
      this.servicesStarted = services;
      return this;
    }

    public Builder steps(List<StepRecord> records) {
      this.steps = records;
      return this;
    }

    /** The time a recovery from the archived binary log reached, and what it replayed and where it stopped. */
    public Builder recovered(String to, String how) {
      this.recoveredTo = to;
      this.recovery = how;
      return this;
    }

    /** What pruning the backup store did (a backup with backup.keep set, or PruneBackups). */
    public Builder pruned(PruneResult result) {
      this.pruned = result;
      return this;
    }

    public OperationResult build() {
      return new OperationResult(operation, customer, commit, release, host, backupUsed, backupWritten,
          migrationsApplied, servicesStarted, steps, recoveredTo, recovery, pruned);
    }
  }
}
