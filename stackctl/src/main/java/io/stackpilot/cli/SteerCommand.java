package io.stackpilot.cli;

import io.stackpilot.client.Steering;
import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
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
    Steering.Outcome outcome = new Steering(temporal.connect()).decide(customer, decision);
    if (!outcome.done()) {
      spec.commandLine().getErr().println("stackctl: refused: " + outcome.message());
      return Stackctl.REFUSED;
    }
    spec.commandLine().getOut().println(outcome.message());
    spec.commandLine().getOut().flush();
    return 0;
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
    @Option(names = "--backup", paramLabel = "<backup-id>", description = "When the step is a restore whose backup "
        + "cannot be used (altered, newer schema): restore this complete backup instead, e.g. the previous one its "
        + "message offers.")
    String backup;

    @Override
    public Integer call() {
      return decide(backup == null ? Decision.retry() : Decision.retryWith(backup));
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
