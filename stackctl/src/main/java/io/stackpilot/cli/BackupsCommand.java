package io.stackpilot.cli;

import io.stackpilot.client.Backups;
import io.stackpilot.workflows.api.BackupEntry;
import io.stackpilot.workflows.api.BackupVerification;
import io.stackpilot.workflows.api.ByteSizes;
import io.stackpilot.workflows.api.CatalogResult;
import io.stackpilot.workflows.api.PartCheck;
import io.stackpilot.workflows.api.BackupRetention;
import io.stackpilot.workflows.api.PruneRequest;
import io.stackpilot.workflows.api.PruneResult;
import io.stackpilot.workflows.client.StackBusyException;
import io.stackpilot.workflows.client.StackOperations;
import io.stackpilot.workflows.prune.PruneBackupsWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.stackpilot.model.RepoUrl;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What is in a customer's backup store, read by the control worker (which holds the store's credentials): every
 * backup, newest first, complete or not; {@code verify} reads one back part by part.
 */
@Command(name = "backups", subcommands = {BackupsCommand.Verify.class, BackupsCommand.Prune.class},
    description = "List the customer's backups (the store its stack.yaml names), newest first, complete or not.")
final class BackupsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  Output output;

  /** Optional here only so that {@code backups verify …} parses; listing needs both. */
  @Parameters(index = "0", arity = "0..1", paramLabel = "<customer>")
  String customer;

  @Option(names = "--repo", description = "The customer repo URL (required to list), e.g. file:///srv/git/acme.git.")
  String repo;

  @Option(names = "--ref", defaultValue = "main", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
  String ref;

  @Override
  public Integer call() {
    if (customer == null || repo == null) {
      throw new ParameterException(spec.commandLine(), "stackctl backups needs <customer> and --repo");
    }
    RepoUrl.refusal(repo).ifPresent(why -> {
      throw new ParameterException(spec.commandLine(), "--repo: " + why);
    });
    CatalogResult result;
    try {
      result = catalog(temporal, customer, repo, ref, null);
    } catch (CatalogFailed e) {
      spec.commandLine().getErr().println("stackctl: " + e.getMessage());
      return e.exitCode;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Output.printJson(out, result);
      return 0;
    }
    if (result.backups().isEmpty()) {
      out.println("no backups of " + result.customer() + " in " + result.store());
      out.flush();
      return 0;
    }
    out.println("backups of " + result.customer() + " in " + result.store() + ", newest first:");
    PruneResult retention = result.retention();
    out.println(String.format("  %-30s %-8s %-8s %-6s %10s  %-20s  %s", "ID", "KIND", "RELEASE", "SCHEMA", "SIZE",
        "CREATED", "STATE") + (retention == null ? "" : "  KEPT BY backup.keep"));
    for (BackupEntry b : result.backups()) {
      out.println(String.format("  %-30s %-8s %-8s %-6s %10s  %-20s  %s", b.id(), dash(b.kind()), dash(b.release()),
          dash(b.schemaVersion()), ByteSizes.human(b.size()), dash(b.createdAt()),
          !b.complete() ? "incomplete (no manifest: never used)" : b.segments() == null ? "complete"
              : b.segments() == 0 ? "complete; binary log archived from here, no segment yet"
              : "complete; then " + b.segments() + " binary log segments to " + b.recoversTo())
          + (retention == null ? "" : "  " + keeping(retention, b)));
    }
    if (retention != null) {
      out.println("pruning now " + retention.summary()
          + (retention.deleted().isEmpty() && retention.leftoversDeleted().isEmpty() ? ""
              : "; stackctl backups prune " + result.customer() + " --repo <repo> deletes them"));
    }
    out.flush();
    return 0;
  }

  /** Why pruning keeps a backup, or that it goes; an incomplete one goes once it is a day old. */
  private static String keeping(PruneResult retention, BackupEntry b) {
    if (!b.complete()) {
      return retention.leftoversDeleted().contains(b.id()) ? "no: a leftover, deleted" : "no: deleted once a day old";
    }
    return retention.backups().stream().filter(r -> r.id().equals(b.id())).findFirst()
        .map(r -> r.kept() ? "yes: " + String.join(", ", r.keptBecause()) : "no: deleted").orElse("-");
  }

  @Command(name = "prune", description = "Delete the backups stack.yaml's backup.keep does not keep (the newest, the "
      + "newest of each release, locked ones and the start of an archived binary log are always kept), and what "
      + "interrupted backups left more than a day ago. Runs as the stack's operation; the nightly backup does the same.")
  static final class Prune implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "<customer>")
    String customer;

    @Mixin
    RepoOptions source;

    @Option(names = "--dry-run", description = "Say what would be deleted and why each backup is kept; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (dryRun) {
        CatalogResult result;
        try {
          result = catalog(temporal, customer, source.repo, source.ref, null);
        } catch (CatalogFailed e) {
          spec.commandLine().getErr().println("stackctl: " + e.getMessage());
          return e.exitCode;
        }
        PruneResult retention = result.retention();
        if (retention == null) {
          spec.commandLine().getErr().println("stackctl: stack.yaml of " + customer + " sets no backup.keep: every "
              + "backup is kept, nothing would be pruned");
          return Stackctl.INVALID;
        }
        if (output.json()) {
          Output.printJson(out, retention);
          return 0;
        }
        out.println("pruning " + result.store() + " by backup.keep (dry run: nothing is deleted):");
        for (BackupRetention backup : retention.backups()) {
          out.println(String.format("  %-30s %-20s %-8s %10s  %s", backup.id(), backup.createdAt(), dash(backup.release()),
              ByteSizes.human(backup.size()), backup.kept() ? "keep: " + String.join(", ", backup.keptBecause())
                  : "delete"));
        }
        retention.leftoversDeleted().forEach(id -> out.println(String.format("  %-30s %s", id,
            "delete: left by an interrupted backup more than a day ago")));
        retention.segmentsDeleted().forEach(segment -> out.println(String.format("  %-30s %s", segment,
            "delete: binary log no kept backup can replay")));
        out.println(retention.summary());
        out.flush();
        return 0;
      }
      WorkflowClient client = temporal.connect();
      WorkflowStub run;
      try {
        run = new StackOperations(client).start(PruneBackupsWorkflow.TYPE, customer,
            new PruneRequest(source.repo, source.ref), "prune the backups of " + customer);
      } catch (StackBusyException e) {
        spec.commandLine().getErr().println("stackctl: " + e.getMessage());
        return Stackctl.BUSY;
      }
      if (!output.json()) {
        out.println("started " + PruneBackupsWorkflow.TYPE + " as " + run.getExecution().getWorkflowId());
        out.flush();
      }
      return new Follow(client, out, output.json()).follow(customer);
    }
  }

  @Command(name = "verify", description = "Read every part of one backup back and check it against its manifest.")
  static final class Verify implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "<customer>")
    String customer;

    @Parameters(index = "1", paramLabel = "<backup-id>", description = "An id from stackctl backups.")
    String backupId;

    @Mixin
    RepoOptions source;

    @Override
    public Integer call() {
      CatalogResult result;
      try {
        result = catalog(temporal, customer, source.repo, source.ref, backupId);
      } catch (CatalogFailed e) {
        spec.commandLine().getErr().println("stackctl: " + e.getMessage());
        return e.exitCode;
      }
      BackupVerification verified = result.verified();
      PrintWriter out = spec.commandLine().getOut();
      if (output.json()) {
        Output.printJson(out, verified);
      } else {
        out.println("backup " + verified.backupId() + " of " + result.customer() + " in " + result.store() + ":");
        for (PartCheck part : verified.parts()) {
          out.println(String.format("  %-16s %12d bytes  %s", part.part(), part.size(), describe(part)));
        }
        long bad = verified.parts().stream().filter(p -> !p.ok()).count();
        out.println(verified.intact() ? "intact: every part matches its manifest"
            : "damaged: " + bad + " of " + verified.parts().size() + " parts do not match; do not restore it");
        out.flush();
      }
      return verified.intact() ? 0 : Stackctl.RUN_FAILED;
    }

    private static String describe(PartCheck part) {
      return switch (part.outcome()) {
        case PartCheck.OK -> "ok (SHA-256 " + part.sha256().substring(0, 16) + "…)";
        case "missing" -> "missing";
        case "altered" -> "altered: SHA-256 " + part.sha256() + ", manifest says " + part.expectedSha256();
        default -> part.outcome() + ": " + part.size() + " bytes, manifest says " + part.expectedSize();
      };
    }
  }

  /** The catalog, or why it could not be read with the exit code that says so. */
  static final class CatalogFailed extends Exception {
    final int exitCode;

    CatalogFailed(Backups.Unreadable cause) {
      super(cause.getMessage(), cause);
      this.exitCode = cause.wrongCustomer ? Stackctl.INVALID : Stackctl.RUN_FAILED;
    }
  }

  static CatalogResult catalog(TemporalOptions temporal, String customer, String repo, String ref, String verify)
      throws CatalogFailed {
    try {
      return new Backups(temporal.connect()).read(customer, repo, ref, verify);
    } catch (Backups.Unreadable e) {
      throw new CatalogFailed(e);
    }
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }
}
