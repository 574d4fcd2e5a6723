package io.stackpilot.cli;

import io.stackpilot.client.FleetIndex;
import io.stackpilot.client.Runs;
import io.stackpilot.client.StatusQuery;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StackSelector;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Every stack Temporal knows a run of, with its latest operation and where it stands; filtered by state, host, labels.
 * Read from the fleet index; from the namespace's listing where no index answers.
 */
@Command(name = "list", description = "List the stacks with their latest operation and state.")
final class ListCommand implements Callable<Integer> {

  /** The states a stack's latest operation can be in, as the STATE column and {@code --state} name them. */
  static final List<String> STATES = List.of(StackStatus.RUNNING, StackStatus.NEEDS_ATTENTION, StackStatus.COMPLETED,
      StackStatus.FAILED, StackStatus.ABORTED);
  /** How many runs are described at once: each is a call to Temporal (a result or a status query). */
  private static final int ASKED_AT_ONCE = 8;

  /** A stack's latest run; state and step come from the run itself (Running, NeedsAttention, Completed, …). */
  record StackLine(String customer, String operation, String status, String state, String step, String release,
      String host, String startedAt) {}

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  Output output;

  @Option(names = "--state", paramLabel = "<state>",
      description = "Only stacks whose latest operation is in this state: Running, NeedsAttention, Completed, Failed "
          + "or Aborted.")
  String state;

  @Option(names = "--host", paramLabel = "<glob>",
      description = "Only stacks on a host matching this name; * stands for any run of characters, ? for one.")
  String host;

  @Option(names = "--label", paramLabel = "<key=glob>",
      description = "Only stacks whose stack.yaml has this label (repeatable; every one must hold), as their reconcile "
          + "loop reports it: a stack without a running loop has no labels to match.")
  List<String> labels = new ArrayList<>();

  @Override
  public Integer call() {
    StackSelector filter;
    String wanted;
    try {
      wanted = state(state);
      filter = StackSelector.filter("--host", host, "--label", labels);
    } catch (InvalidConfigurationException e) {
      spec.commandLine().getErr().println("stackctl: " + e.getMessage());
      return Stackctl.INVALID;
    }
    WorkflowClient client = temporal.connect();
    List<StackLine> stacks = new FleetIndex(client).read().map(all -> indexed(all, wanted, filter))
        .orElseGet(() -> listed(client, wanted, filter)).stream()
        .filter(s -> filter.mayMatch(s.customer(), s.host(), s.release()))
        .sorted(Comparator.comparing(StackLine::customer)).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Output.printJson(out, stacks);
      return 0;
    }
    boolean filtered = state != null || host != null || !labels.isEmpty();
    if (stacks.isEmpty()) {
      out.println(filtered ? "no stack matches " + described() : "no stacks have run an operation yet");
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

  /** The stacks with an operation as the fleet index holds them: one query per 500 stacks. */
  private List<StackLine> indexed(List<FleetStack> all, String wanted, StackSelector filter) {
    List<StackLine> lines = new ArrayList<>();
    for (FleetStack stack : all) {
      FleetOperation run = stack.operation();
      if (run == null) {
        continue;
      }
      StackLine line = new StackLine(stack.customer(), run.operation(), run.status(), run.stateOrEnd(), run.step(),
          run.release(), run.host(), run.startedAt());
      FleetLoop loop = stack.loop();
      boolean labelled = loop != null && loop.ended() == null && loop.state() != null;
      if ((wanted == null || wanted.equals(line.state())) && (labels.isEmpty()
          || labelled && filter.matches(line.customer(), line.host(), line.release(), loop.labels()))) {
        lines.add(line);
      }
    }
    return lines;
  }

  /**
   * The same from the namespace's listing, where no fleet index answers: every run listed, the latest of each stack
   * described, its loop asked only for labels and only when the rest of the filter holds.
   */
  private List<StackLine> listed(WorkflowClient client, String wanted, StackSelector filter) {
    Runs runs = new Runs(client);
    Map<String, WorkflowExecutionInfo> latest = new LinkedHashMap<>();
    Map<String, WorkflowExecutionInfo> loops = new LinkedHashMap<>();
    for (WorkflowExecutionInfo info : runs.list(null)) {
      String id = info.getExecution().getWorkflowId();
      StackNames.customerOfOperation(id).ifPresent(c -> latest.putIfAbsent(c, info));
      StackNames.customerOfReconcile(id).ifPresent(c -> loops.putIfAbsent(c, info));
    }
    ExecutorService askers = Executors.newFixedThreadPool(ASKED_AT_ONCE, task -> {
      Thread thread = new Thread(task, "stackctl-list");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<CompletableFuture<StackLine>> asked = new ArrayList<>();
      latest.forEach((customer, info) -> asked.add(CompletableFuture.supplyAsync(() -> {
        StackLine line = line(customer, runs.describe(info));
        if (wanted != null && !wanted.equals(line.state())) {
          return null;
        }
        if (!labels.isEmpty() && filter.mayMatch(line.customer(), line.host(), line.release())) {
          WorkflowExecutionInfo loop = loops.get(customer);
          ReconcileStatus looping = loop == null || !"running".equals(Runs.status(loop.getStatus())) ? null
              : loopStatus(client, customer);
          return looping != null && filter.matches(customer, line.host(), line.release(), looping.labels()) ? line : null;
        }
        return line;
      }, askers)));
      return asked.stream().map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList();
    } finally {
      askers.shutdownNow();
    }
  }

  /** The line of a stack; a run that ended without reporting a state (terminated, timed out) counts as Failed. */
  private static StackLine line(String customer, Runs.Run run) {
    StackStatus detail = run.detail();
    String state = detail != null && detail.state() != null ? detail.state() : switch (run.status()) {
      case "running" -> StackStatus.RUNNING;
      case "completed" -> StackStatus.COMPLETED;
      default -> StackStatus.FAILED;
    };
    return new StackLine(customer, run.operation(), run.status(), state, detail == null ? null : detail.step(),
        detail == null ? null : detail.release(), detail == null ? null : detail.host(), run.startedAt());
  }

  private static ReconcileStatus loopStatus(WorkflowClient client, String customer) {
    try {
      return new StatusQuery(client).ask(StackNames.reconcileId(customer), null, ReconcileStatus.class);
    } catch (RuntimeException noAnswer) {
      return null;
    }
  }

  /** {@code --state} as the STATE column writes it, whatever its case; refused with the states there are. */
  static String state(String given) {
    if (given == null) {
      return null;
    }
    return STATES.stream().filter(s -> s.equalsIgnoreCase(given.replace("-", ""))).findFirst()
        .orElseThrow(() -> new InvalidConfigurationException("--state: '" + given + "' is not a state; one of "
            + String.join(", ", STATES)));
  }

  private String described() {
    List<String> parts = new ArrayList<>();
    if (state != null) {
      parts.add("--state " + state);
    }
    if (host != null) {
      parts.add("--host " + host);
    }
    labels.forEach(l -> parts.add("--label " + l));
    return String.join(" ", parts);
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }
}
