package io.stackpilot.cli;

import io.stackpilot.client.Plans;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.PlanResult;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A dry run on the stack's host: what an update to the given commit would change, and why. */
@Command(name = "plan", description = "Show what the host would change to match a commit of the repo; changes nothing.")
final class PlanCommand implements Callable<Integer> {

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

  @Option(names = "--host-timeout", defaultValue = "PT1M",
      description = "How long to wait for the host agent (ISO-8601, default: ${DEFAULT-VALUE}).")
  String hostTimeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PlanResult result;
    try {
      result = new Plans(temporal.connect()).plan(customer, source.repo, source.ref, hostTimeout);
    } catch (WorkflowFailedException e) {
      spec.commandLine().getErr().println("stackctl: plan failed: " + Failures.rootMessage(e));
      return Stackctl.RUN_FAILED;
    }
    if (!result.customer().equals(customer)) {
      spec.commandLine().getErr().println("stackctl: the repo is the stack of '" + result.customer() + "', not '" + customer + "'");
      return Stackctl.INVALID;
    }
    if (output.json()) {
      Output.printJson(out, result);
      return 0;
    }
    out.println("plan for " + result.customer() + " on " + result.host() + ": release " + result.release() + " at commit "
        + result.commit() + (result.changesNothing() ? " — nothing to change" : ""));
    result.changes().forEach(line -> out.println("  " + line));
    if (result.backup() != null) {
      out.println("data and downtime:");
      out.println("  backup: " + result.backup());
      out.println("  migrations: " + (result.migrations().isEmpty() ? "none" : String.join(", ", result.migrations())));
      out.println("  images to pull: " + (result.imagesToPull().isEmpty() ? "none (all on the host)"
          : String.join(", ", result.imagesToPull())));
      out.println("  restarts: " + (result.restarts().isEmpty() ? "none" : String.join(", ", result.restarts())));
      out.println("  downtime: " + result.downtime());
    }
    out.flush();
    return 0;
  }
}
