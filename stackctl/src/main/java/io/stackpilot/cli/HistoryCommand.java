package io.stackpilot.cli;

import io.stackpilot.client.Runs;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The operations a stack has run, newest first, each with its steps. */
@Command(name = "history", description = "Show the past and current runs of a stack, newest first, with their steps.")
final class HistoryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  Output output;

  @Parameters(index = "0", paramLabel = "<customer>")
  String customer;

  @Option(names = "--limit", defaultValue = "10", description = "How many runs to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    WorkflowClient client = temporal.connect();
    Runs runs = new Runs(client);
    List<Runs.Run> history = runs.list(StackNames.operationId(customer)).stream().limit(limit).map(runs::describe).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Output.printJson(out, history);
      return 0;
    }
    if (history.isEmpty()) {
      out.println("no runs of " + StackNames.operationId(customer) + " yet");
    }
    for (Runs.Run run : history) {
      out.println(run.startedAt() + "  " + run.operation() + "  " + run.status()
          + (run.closedAt() == null ? "" : " at " + run.closedAt()) + "  (run " + run.runId() + ")");
      if (run.detail() != null) {
        if (run.detail().release() != null) {
          out.println("    release " + run.detail().release() + " on " + run.detail().host() + ", commit " + run.detail().commit());
        }
        run.detail().steps().forEach(s -> out.println("    " + s.name() + ": " + s.outcome()
            + (s.attempts() > 1 ? " after " + s.attempts() + " attempts" : "") + " in " + s.durationMillis() + " ms"
            + (s.note() == null ? "" : " (" + s.note() + ")")));
        if (run.detail().lastError() != null && !"completed".equals(run.status())) {
          out.println("    last error at \"" + run.detail().step() + "\": " + run.detail().lastError());
        }
      }
    }
    out.flush();
    return 0;
  }
}
