package io.stackpilot.cli;

import io.stackpilot.client.Runs;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Every stack Temporal knows a run of, with its latest operation and where it stands. */
@Command(name = "list", description = "List the stacks with their latest operation and state.")
final class ListCommand implements Callable<Integer> {

  /** A stack's latest run; state and step come from the run itself (Running, NeedsAttention, Completed, …). */
  record StackLine(String customer, String operation, String status, String state, String step, String release,
      String host, String startedAt) {}

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  Output output;

  @Override
  public Integer call() {
    Runs runs = new Runs(temporal.connect());
    Map<String, WorkflowExecutionInfo> latest = new LinkedHashMap<>();
    for (WorkflowExecutionInfo info : runs.list(null)) {
      String id = info.getExecution().getWorkflowId();
      if (StackNames.customerOfOperation(id).isPresent()) {
        latest.putIfAbsent(id, info);
      }
    }
    List<StackLine> stacks = latest.values().stream().map(runs::describe).map(run -> new StackLine(
        StackNames.customerOfOperation(run.workflowId()).orElseThrow(), run.operation(), run.status(),
        run.detail() == null ? null : run.detail().state(), run.detail() == null ? null : run.detail().step(),
        run.detail() == null ? null : run.detail().release(), run.detail() == null ? null : run.detail().host(),
        run.startedAt())).sorted(java.util.Comparator.comparing(StackLine::customer)).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Output.printJson(out, stacks);
      return 0;
    }
    if (stacks.isEmpty()) {
      out.println("no stacks have run an operation yet");
    }
    String format = "%-20s %-14s %-10s %-15s %-10s %-16s %s%n";
    if (!stacks.isEmpty()) {
      out.printf(format, "CUSTOMER", "OPERATION", "STATUS", "STATE", "RELEASE", "HOST", "STARTED");
    }
    stacks.forEach(s -> out.printf(format, s.customer(), s.operation(), s.status(), dash(s.state()), dash(s.release()),
        dash(s.host()), s.startedAt()));
    out.flush();
    return 0;
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }
}
