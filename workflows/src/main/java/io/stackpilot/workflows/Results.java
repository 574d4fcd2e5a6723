package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.MigrationResult;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StepRecord;
import java.util.List;

final class Results {

  private Results() {}

  static OperationResult of(String operation, DesiredState desired, String host, String backupUsed,
      String backupWritten, MigrationResult migration, ApplyResult apply, List<StepRecord> steps) {
    return new OperationResult(operation, desired.stack().customer(), desired.commit(), desired.stack().release(), host,
        backupUsed, backupWritten,
        migration == null ? List.of() : migration.applied(),
        apply == null ? List.of() : apply.started(),
        steps);
  }
}
