package io.stackpilot.cli;

import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Reads and steers the run of a stack: status, watch, retry, skip, accept, abort. */
abstract class SteerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Parameters(index = "0", paramLabel = "<customer>")
  String customer;

  WorkflowStub run(WorkflowClient client) {
    return client.newUntypedWorkflowStub(StackNames.operationId(customer));
  }

  /** Sends a decision through the validated update: a refusal (not waiting, not skippable) is shown as it is. */
  int decide(Decision decision) {
    WorkflowStub run = run(temporal.connect());
    WorkflowExecutionStatus status = run.describe().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      spec.commandLine().getErr().println("stackctl: refused: no operation is running on " + StackNames.operationId(customer)
          + "; its last run is " + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase());
      return Stackctl.REFUSED;
    }
    try {
      String done = run.update("decide", String.class, decision);
      spec.commandLine().getOut().println(done);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (WorkflowUpdateException e) {
      spec.commandLine().getErr().println("stackctl: refused: " + Failures.rootMessage(e));
      return Stackctl.REFUSED;
    }
  }

  @Command(name = "status", description = "Show the current run of the stack: operation, step n of total, state, error.")
  static final class Status extends SteerCommand {
    @Mixin
    Output output;

    @Override
    public Integer call() {
      StackStatus s = run(temporal.connect()).query("status", StackStatus.class);
      PrintWriter out = spec.commandLine().getOut();
      if (output.json()) {
        Output.printJson(out, s);
        return 0;
      }
      out.println(s.operation() + " of " + s.customer() + ": " + s.state() + " at step " + s.stepNumber() + "/" + s.totalSteps()
          + " " + s.step() + (s.release() == null ? "" : " (release " + s.release() + " on " + s.host() + ", commit " + s.commit() + ")"));
      if (s.lastError() != null) {
        out.println("last error: " + s.lastError());
      }
      s.nextActions().forEach(a -> out.println("  " + a));
      out.flush();
      return 0;
    }
  }

  @Command(name = "watch", description = "Follow the current run of the stack until it ends.")
  static final class Watch extends SteerCommand {
    @Mixin
    Output output;

    @Override
    public Integer call() {
      return new Follow(temporal.connect(), spec.commandLine().getOut(), output.json()).follow(customer);
    }
  }

  @Command(name = "retry", description = "Run the step that needs attention again.")
  static final class Retry extends SteerCommand {
    @Override
    public Integer call() {
      return decide(Decision.retry());
    }
  }

  @Command(name = "skip", description = "Skip the step that needs attention, where the step allows it.")
  static final class Skip extends SteerCommand {
    @Override
    public Integer call() {
      return decide(Decision.skip());
    }
  }

  @Command(name = "accept", description = "Go ahead with the step that waits for confirmation (a rollback's data loss).")
  static final class Accept extends SteerCommand {
    @Override
    public Integer call() {
      return decide(Decision.accept());
    }
  }

  @Command(name = "abort", description = "End the run as failed; nothing written to a backup store is removed.")
  static final class Abort extends SteerCommand {
    @Option(names = "--reason", required = true, description = "Why, for the record.")
    String reason;

    @Override
    public Integer call() {
      return decide(Decision.abort(reason));
    }
  }
}
