package io.stackpilot.cli;

import io.stackpilot.workflows.api.BackupRequest;
import io.stackpilot.workflows.api.ImportRequest;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.MigrateRequest;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.api.RollbackRequest;
import io.stackpilot.workflows.api.DrillRequest;
import io.stackpilot.workflows.client.StackBusyException;
import io.stackpilot.workflows.client.StackOperations;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Starts an operation on a stack: install, update, migrate or backup, as workflow stack-<customer>. */
abstract class StartCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  Output output;

  @Parameters(index = "0", paramLabel = "<customer>", description = "The customer whose stack to operate on.")
  String customer;

  @Mixin
  RepoOptions source;

  @Option(names = "--host-timeout", paramLabel = "<duration>",
      description = "How long a host step waits for its host agent before asking for attention (ISO-8601, default PT5M).")
  String hostTimeout;

  @Option(names = "--heartbeat-timeout", paramLabel = "<duration>",
      description = "How long a host step may go without reporting progress before its agent is taken as dead and the "
          + "step is retried (ISO-8601, default PT2M).")
  String heartbeatTimeout;

  @Option(names = "--wait", description = "Follow the run step by step until it ends; exit 0 when it completed.")
  boolean waitForIt;

  String type() {
    return spec.name().equals("install") ? "InstallStack" : spec.name().equals("update") ? "UpdateStack" : "BackupStack";
  }

  Object input() {
    return type().equals("BackupStack") ? new BackupRequest(source.repo, source.ref, "manual", hostTimeout, heartbeatTimeout)
        : new StackRequest(source.repo, source.ref, hostTimeout, heartbeatTimeout);
  }

  static final String BACKUP_HELP = "Install from this complete backup (an id from stackctl backups) instead of the newest.";
  static final String UNTIL_HELP = "Where a stack that archives its binary log (backup.binlog) recovers to: latest (the "
      + "default: the newest archived point), an ISO-8601 instant such as 2026-12-03T14:05:00Z (the newest backup before "
      + "it, then the log up to that second), or backup (the backup alone).";

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    WorkflowClient client = temporal.connect();
    WorkflowStub run;
    try {
      run = new StackOperations(client).start(type(), customer, input(), spec.name() + " " + customer + " from " + source.ref + " of " + source.repo);
    } catch (StackBusyException e) {
      spec.commandLine().getErr().println("stackctl: " + e.getMessage());
      return Stackctl.BUSY;
    }
    if (output.json()) {
      Output.printJson(out, Map.of("event", "started", "operation", type(), "workflowId", run.getExecution().getWorkflowId(),
          "runId", run.getExecution().getRunId()));
    } else {
      out.println("started " + type() + " as " + run.getExecution().getWorkflowId() + " (run " + run.getExecution().getRunId() + ")");
      out.flush();
    }
    return waitForIt ? new Follow(client, out, output.json()).follow(customer) : 0;
  }

  @Command(name = "install", description = "Install the stack: seed backup, prepare host, pull, start, restore, migrate, verify.")
  static final class Install extends StartCommand {
    @Option(names = "--backup", paramLabel = "<backup-id>", description = BACKUP_HELP)
    String backup;

    @Option(names = "--until", paramLabel = "<latest|instant|backup>", description = UNTIL_HELP)
    String until;

    @Override
    Object input() {
      return new InstallRequest(source.repo, source.ref, hostTimeout, backup, heartbeatTimeout, until);
    }
  }

  @Command(name = "update", description = "Update the stack in place to what its repo now says (safety backup first).")
  static final class Update extends StartCommand {
    @Option(names = "--now", description = "Have the stack's reconcile loop apply the commit it holds for a maintenance "
        + "window (stack.yaml maintenance.windows) now; its status records who asked. Refused when no loop holds one.")
    boolean now;

    @Override
    public Integer call() {
      if (!now) {
        return super.call();
      }
      return new ApplyNow(temporal.connect(), spec.commandLine().getOut(), spec.commandLine().getErr())
          .apply(customer, source.repo, waitForIt, output.json());
    }
  }

  @Command(name = "backup", description = "Back the stack up into its backup store now.")
  static final class Backup extends StartCommand {}

  @Command(name = "migrate", description = "Move the stack to the host its repo now names (disaster recovery, new host).")
  static final class Migrate extends StartCommand {
    @Option(names = "--from-host", required = true, description = "The host the stack runs on now.")
    String fromHost;

    @Option(names = "--no-final-backup", description = "Do not try a final backup on the old host.")
    boolean noFinalBackup;

    @Option(names = "--backup", paramLabel = "<backup-id>",
        description = BACKUP_HELP + " No final backup is taken then.")
    String backup;

    @Option(names = "--from-host-timeout", paramLabel = "<duration>",
        description = "How long the final backup waits for the old host's agent before the newest backup is used "
            + "(ISO-8601, default PT1M).")
    String fromHostTimeout;

    @Option(names = "--until", paramLabel = "<latest|instant|backup>",
        description = UNTIL_HELP + " With an instant, no final backup is taken.")
    String until;

    @Override
    String type() {
      return "MigrateStack";
    }

    @Override
    Object input() {
      return new MigrateRequest(source.repo, source.ref, fromHost, noFinalBackup ? Boolean.FALSE : null, fromHostTimeout,
          hostTimeout, backup, heartbeatTimeout, until);
    }
  }

  @Command(name = "import", description = "Bring in an installation Stackpilot did not create: its SQL dump and files, "
      + "read on a host, become a backup of kind import that the next install restores.")
  static final class Import extends StartCommand {
    @Option(names = "--db", required = true, paramLabel = "<dump>",
        description = "mariadb-dump or mysqldump output of the old database (plain, .gz or .zst), an absolute path on the host.")
    String db;

    @Option(names = "--files", paramLabel = "<dir or tar>",
        description = "The old installation's files: a directory or a tarball (plain, .gz or .zst), an absolute path on the host.")
    String files;

    @Option(names = "--schema-version", required = true, paramLabel = "<version>",
        description = "The release's Flyway version the old database is at, e.g. 1.")
    String schemaVersion;

    @Option(names = "--on-host", paramLabel = "<host>",
        description = "The host whose agent reads the dump and files (default: the host stack.yaml names).")
    String onHost;

    @Override
    String type() {
      return "ImportStack";
    }

    @Override
    Object input() {
      for (String path : new String[] {db, files}) {
        if (path != null && !path.startsWith("/")) {
          throw new ParameterException(spec.commandLine(), "'" + path + "' is not an absolute path: the host agent reads it "
              + "on its host, where this directory means nothing");
        }
      }
      return new ImportRequest(source.repo, source.ref, onHost, db, files, schemaVersion, hostTimeout, heartbeatTimeout);
    }
  }

  @Command(name = "rollback", description = "Undo an update in place: the commit, release and images that ran when the "
      + "newest safety backup was taken come back with that backup's data. Shows what would be lost and waits for "
      + "stackctl accept unless --accept-data-loss is given.")
  static final class Rollback extends StartCommand {
    @Option(names = "--to", paramLabel = "<backup-id>",
        description = "Roll back to this complete backup (an id from stackctl backups) instead of the newest safety backup.")
    String to;

    @Option(names = "--accept-data-loss", description = "Give up the writes made since the backup without being asked.")
    boolean acceptDataLoss;

    @Override
    String type() {
      return "RollbackStack";
    }

    @Override
    Object input() {
      return new RollbackRequest(source.repo, source.ref, to, acceptDataLoss, hostTimeout, heartbeatTimeout);
    }
  }

  @Command(name = "drill", description = "Prove recovery: restore the newest backup onto a drill copy of the stack (own "
      + "compose project and network, no published ports), compare it with the backup's table fingerprints, wait for "
      + "health, measure RTO and RPO, then remove the copy. The running stack is not touched.")
  static final class Drill extends StartCommand {
    @Option(names = "--backup", paramLabel = "<backup-id>", description = "Drill with this complete backup instead of the newest.")
    String backup;

    @Option(names = "--on-host", paramLabel = "<host>",
        description = "The host whose agent runs the drill (default: stack.yaml's drill.host, else the stack's host).")
    String onHost;

    @Option(names = "--until", paramLabel = "<latest|instant|backup>", description = UNTIL_HELP)
    String until;

    @Override
    String type() {
      return "DrillStack";
    }

    @Override
    Object input() {
      return new DrillRequest(source.repo, source.ref, backup, onHost, hostTimeout, heartbeatTimeout, until);
    }
  }
}
