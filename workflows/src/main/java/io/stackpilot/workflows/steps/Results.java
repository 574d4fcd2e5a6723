package io.stackpilot.workflows.steps;

import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.MigrationResult;
import io.stackpilot.workflows.api.OperationResult;
import java.util.List;

/** The result of an operation, started from what it deployed; each workflow adds what it did by name. */
public final class Results {

  private Results() {}

  public static OperationResult.Builder of(String operation, DesiredState desired, String host, Runbook runbook) {
    return OperationResult.of(operation, desired.stack().customer())
        .deployed(desired.commit(), desired.stack().release(), host)
        .steps(runbook.steps());
  }

  /** What the install sequence did: the backup it started from, the migrations, the services. */
  public static OperationResult.Builder installed(OperationResult.Builder result, StackSteps.Installed installed) {
    if (installed.restore() != null && installed.restore().recoveredTo() != null) {
      result.recovered(installed.restore().recoveredTo(), installed.restore().replay());
    }
    return result.backupUsed(installed.backup().id())
        .migrationsApplied(applied(installed.migration()))
        .servicesStarted(started(installed.apply()));
  }

  /** A skipped step leaves no result: nothing applied. */
  public static List<String> applied(MigrationResult migration) {
    return migration == null ? List.of() : migration.applied();
  }

  public static List<String> started(ApplyResult apply) {
    return apply == null ? List.of() : apply.started();
  }
}
