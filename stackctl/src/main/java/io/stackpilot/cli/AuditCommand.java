package io.stackpilot.cli;

import io.stackpilot.client.AuditTrail;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Who did what to a stack, from the histories of its runs and its loop. */
@Command(name = "audit", description = {"Show who started, steered, cancelled or terminated a stack's runs and loop, "
    + "oldest first, from Temporal's histories (kept as long as the namespace's retention keeps closed runs)."})
final class AuditCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  Output output;

  @Parameters(index = "0", paramLabel = "<customer>")
  String customer;

  @Override
  public Integer call() {
    List<AuditTrail.Entry> entries = new AuditTrail(temporal.connect()).of(customer);
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Output.printJson(out, entries);
      return 0;
    }
    if (entries.isEmpty()) {
      out.println("nothing recorded for " + customer + " (no runs, or their histories are past the namespace's retention)");
    }
    for (AuditTrail.Entry e : entries) {
      out.println(e.at() + "  " + (e.who().isEmpty() ? "(no identity)" : e.who()) + "  " + e.action() + "  " + e.outcome()
          + "  (" + e.workflowId() + ", run " + e.runId() + ")");
    }
    out.flush();
    return 0;
  }
}
