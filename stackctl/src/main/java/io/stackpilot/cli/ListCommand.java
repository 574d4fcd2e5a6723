package io.stackpilot.cli;

import io.stackpilot.client.FleetIndex;
import io.stackpilot.client.FleetListing;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StackSelector;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
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
    List<StackLine> stacks = new FleetIndex(client).read().map(all -> lines(all, wanted, filter))
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

  /** The stacks that ran an operation, as the fleet index (one query per 500 stacks) or the listing holds them. */
  private List<StackLine> lines(List<FleetStack> all, String wanted, StackSelector filter) {
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
   * described, its loop asked only when labels are to be matched.
   */
  private List<StackLine> listed(WorkflowClient client, String wanted, StackSelector filter) {
    ExecutorService askers = Executors.newFixedThreadPool(ASKED_AT_ONCE, task -> {
      Thread thread = new Thread(task, "stackctl-list");
      thread.setDaemon(true);
      return thread;
    });
    try {
      return lines(new FleetListing(client, askers).read(!labels.isEmpty(), System.currentTimeMillis()).stream()
          .map(u -> new FleetStack(u.customer(), null, 0, null, 0).with(u)).toList(), wanted, filter);
    } finally {
      askers.shutdownNow();
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
