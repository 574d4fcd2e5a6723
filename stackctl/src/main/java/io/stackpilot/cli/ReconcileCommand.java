package io.stackpilot.cli;

import io.stackpilot.client.Steering;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.api.StackSearchAttributes;
import io.stackpilot.workflows.api.ReconcileRequest;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The GitOps loop of a stack, workflow reconcile-&lt;customer&gt;: start it, read it, pause, resume, sync, retry. */
@Command(name = "reconcile", description = "Run and steer the GitOps loop of a stack (workflow reconcile-<customer>).",
    mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
    subcommands = {ReconcileCommand.Start.class, ReconcileCommand.Status.class, ReconcileCommand.Pause.class,
        ReconcileCommand.Resume.class, ReconcileCommand.Sync.class, ReconcileCommand.Retry.class})
final class ReconcileCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }


  abstract static class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    @Parameters(index = "0", paramLabel = "<customer>")
    String customer;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    /** The running loop, or an exit code saying there is none. */
    ReconcileStackWorkflow loop(WorkflowClient client) {
      return client.newWorkflowStub(ReconcileStackWorkflow.class, StackNames.reconcileId(customer));
    }

    Integer signal(String what, java.util.function.Consumer<ReconcileStackWorkflow> send) {
      Steering.Outcome outcome = new Steering(temporal.connect()).signalLoop(customer, what, send);
      if (!outcome.done()) {
        spec.commandLine().getErr().println("stackctl: refused: " + outcome.message());
        return Stackctl.REFUSED;
      }
      out().println(outcome.message());
      out().flush();
      return 0;
    }
  }

  @Command(name = "start", description = "Start the loop: follow the repo, apply new commits, back up nightly, report drift.")
  static final class Start extends Base {
    @Mixin
    Output output;

    @Mixin
    RepoOptions source;

    @Option(names = "--poll", defaultValue = "PT1M", description = "How often to look at the repo (ISO-8601, default: ${DEFAULT-VALUE}).")
    String poll;

    @Option(names = "--backup-overdue-after", defaultValue = "PT26H",
        description = "A stack whose newest backup is older is BackupOverdue (default: ${DEFAULT-VALUE}).")
    String overdueAfter;

    @Option(names = "--self-heal", description = "Repair drift (a container stopped, removed or replaced outside "
        + "Stackpilot) through an UpdateStack, once per drift; without it drift is only reported.")
    boolean selfHeal;

    @Option(names = "--drift-every", defaultValue = "PT15M", description = "How often to ask the host whether it "
        + "still runs the applied commit (ISO-8601, default: ${DEFAULT-VALUE}; never more often than --poll).")
    String driftEvery;

    @Override
    public Integer call() {
      WorkflowClient client = temporal.connect();
      ReconcileStackWorkflow loop = client.newWorkflowStub(ReconcileStackWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.reconcileId(customer))
          .setTaskQueue(StackNames.TASK_QUEUE)
          .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
          .setStaticSummary("follow " + source.ref + " of " + source.repo)
          .setTypedSearchAttributes(SearchAttributes.newBuilder().set(StackSearchAttributes.CUSTOMER, customer).build())
          .build());
      try {
        var execution = WorkflowClient.start(loop::reconcile,
            new ReconcileRequest(source.repo, source.ref, poll, overdueAfter, null, null, selfHeal ? Boolean.TRUE : null,
                driftEvery));
        if (output.json()) {
          Output.printJson(out(), Map.of("event", "started", "workflowId", execution.getWorkflowId(),
              "runId", execution.getRunId()));
        } else {
          out().println("started ReconcileStack as " + execution.getWorkflowId() + " (run " + execution.getRunId()
              + "), following " + source.ref + " of " + source.repo + " every " + poll);
          out().flush();
        }
        return 0;
      } catch (WorkflowExecutionAlreadyStarted e) {
        spec.commandLine().getErr().println("stackctl: " + StackNames.reconcileId(customer) + " is already running (run "
            + e.getExecution().getRunId() + "); see stackctl reconcile status " + customer);
        return Stackctl.BUSY;
      }
    }
  }

  @Command(name = "status", description = "What is applied, what is pending and why, the running operation, the backups.")
  static final class Status extends Base {
    @Mixin
    Output output;

    @Override
    public Integer call() {
      ReconcileStatus s = loop(temporal.connect()).status();
      if (output.json()) {
        Output.printJson(out(), s);
        return 0;
      }
      PrintWriter out = out();
      out.println("reconcile " + s.customer() + ": " + s.state() + (s.paused() ? " (" + s.pausedReason() + ")" : ""));
      out.println("  applied:      " + (s.appliedCommit() == null ? "nothing yet"
          : "commit " + s.appliedCommit() + ", release " + s.release() + " on " + s.host()));
      if (s.running() != null) {
        out.println("  running:      " + s.running() + " as stack-" + s.customer() + " (stackctl status " + s.customer() + ")");
      }
      if (s.lastOperation() != null) {
        out.println("  last:         " + s.lastOperation() + " " + s.lastOutcome());
      }
      if (s.pendingReason() != null) {
        out.println("  repo:         " + (s.pendingChange() == null ? "" : s.pendingChange() + ": ") + s.pendingReason());
      }
      out.println("  last backup:  " + (s.lastBackup() == null ? "none" : s.lastBackup() + " at " + s.lastBackupAt()));
      out.println("  next backup:  " + (s.nextBackupAt() == null ? "once the stack is installed" : s.nextBackupAt()));
      if (s.backupNote() != null) {
        out.println("  backup note:  " + s.backupNote());
      }
      if (s.lastDrill() != null) {
        out.println("  last drill:   " + s.lastDrill());
        out.println("  next drill:   " + s.nextDrillAt());
      }
      if (s.drift() != null) {
        out.println("  drift:        since " + s.driftSince() + ": " + s.drift()
            + (s.driftRepairedAt() == null ? "" : " (repair started at " + s.driftRepairedAt() + ")"));
      }
      out.println("  last poll:    " + (s.lastPollAt() == null ? "not yet" : s.lastPollAt()));
      if (s.lastError() != null) {
        out.println("  last error:   " + s.lastError());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "pause", description = "Start no operations or backups until resumed; a running operation goes on.")
  static final class Pause extends Base {
    @Option(names = "--reason", required = true, description = "Why, for the record.")
    String reason;

    @Override
    public Integer call() {
      return signal("pause", loop -> loop.pause(reason));
    }
  }

  @Command(name = "resume", description = "Resume a paused loop.")
  static final class Resume extends Base {
    @Override
    public Integer call() {
      return signal("resume", ReconcileStackWorkflow::resume);
    }
  }

  @Command(name = "sync", description = "Look at the repo now instead of at the next poll (what a git webhook sends).")
  static final class Sync extends Base {
    @Override
    public Integer call() {
      return signal("sync", ReconcileStackWorkflow::sync);
    }
  }

  @Command(name = "retry", description = "Try the commit whose operation failed once more.")
  static final class Retry extends Base {
    @Override
    public Integer call() {
      return signal("retry", ReconcileStackWorkflow::retry);
    }
  }
}
