package io.stackpilot.workflows.api;

import java.util.List;

/**
 * What a run did: the commit and release it deployed, on which host, the backup it used or wrote, the
 * migrations it applied, the services it started, and each step with its duration.
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
    List<StepRecord> steps) {}
