package io.stackpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackpilot.client.Runs;
import io.stackpilot.client.StatusQuery;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StackSelector;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.RolloutRequest;
import io.stackpilot.workflows.api.RolloutStack;
import io.stackpilot.workflows.api.RolloutStatus;
import io.stackpilot.workflows.api.RolloutTarget;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.rollout.RolloutReleaseWorkflow;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A release brought to the fleet in waves, workflow rollout-&lt;id&gt;: start it, watch it, pause, resume, skip, abort. */
@Command(name = "rollout", description = "Bring a release to the stacks a selector chooses, in waves (workflow rollout-<id>).",
    mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
    subcommands = {RolloutCommand.Start.class, RolloutCommand.Status.class, RolloutCommand.ListRollouts.class,
        RolloutCommand.Pause.class, RolloutCommand.Resume.class, RolloutCommand.Skip.class, RolloutCommand.Abort.class})
final class RolloutCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  @Command(name = "start", description = "Select the stacks that match --select (with a running loop, or none: then the "
      + "rollout updates them itself) and start the rollout.")
  static final class Start implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    @Mixin
    Output output;

    @Parameters(index = "0", paramLabel = "<release>", description = "The release to bring, e.g. 3.43.2.")
    String release;

    @Option(names = "--select", required = true, description = "Which stacks: key=value terms, all must hold; keys "
        + "release, customer, host or a label of stack.yaml; values may hold * and ?, e.g. 'release=3.43.*,region=eu'.")
    String select;

    @Option(names = "--waves", defaultValue = "1,10%,50%,100%", split = ",",
        description = "How many stacks have the release after each wave: counts or shares (default: ${DEFAULT-VALUE}).")
    List<String> waves;

    @Option(names = "--soak", description = "How long each healthy wave runs before the next (ISO-8601, e.g. PT30M).")
    String soak;

    @Option(names = "--max-failures", defaultValue = "0", description = "Failed stacks the rollout bears before it "
        + "halts for an operator (default: ${DEFAULT-VALUE}).")
    int maxFailures;

    @Option(names = "--auto-rollback", description = "Roll a failed stack back with its data (RollbackStack, accepting "
        + "the loss of writes since its update's safety backup).")
    boolean autoRollback;

    @Option(names = "--dry-run", description = "Show the stacks and waves, start nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      StackSelector selector;
      try {
        selector = StackSelector.parse(select);
      } catch (InvalidConfigurationException e) {
        spec.commandLine().getErr().println("stackctl: " + e.getMessage());
        return Stackctl.INVALID;
      }
      WorkflowClient client = temporal.connect();
      List<RolloutTarget> targets = selected(client, selector);
      if (targets.isEmpty()) {
        spec.commandLine().getErr().println("stackctl: no running reconcile loop's stack is selected by " + select);
        return Stackctl.INVALID;
      }
      byte[] unique = new byte[2];
      new SecureRandom().nextBytes(unique);
      String id = "r-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
          + HexFormat.of().formatHex(unique);
      RolloutRequest request = new RolloutRequest(release, select, waves, soak, maxFailures, autoRollback, targets);
      if (dryRun) {
        out.println("rollout of " + release + " to " + targets.size() + " stack" + (targets.size() == 1 ? "" : "s")
            + " selected by " + select + " (dry run: nothing is started):");
        targets.forEach(t -> out.println(String.format("  %-24s %-10s %s%s", t.customer(), t.release(), t.repo(),
            t.direct() ? "  (no loop: the rollout updates it; its labels are checked in its repo)" : "")));
        out.flush();
        return 0;
      }
      RolloutReleaseWorkflow rollout = client.newWorkflowStub(RolloutReleaseWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(StackNames.rolloutId(id)).setTaskQueue(StackNames.TASK_QUEUE)
          .setStaticSummary("roll out " + release + " to " + targets.size() + " stacks selected by " + select).build());
      WorkflowClient.start(rollout::rollout, request);
      if (output.json()) {
        Output.printJson(out, java.util.Map.of("event", "started", "rollout", id, "workflowId", StackNames.rolloutId(id),
            "stacks", targets.size()));
      } else {
        out.println("started RolloutRelease as " + StackNames.rolloutId(id) + ": " + release + " to " + targets.size()
            + " stacks in waves " + String.join(",", waves));
      }
      out.flush();
      return 0;
    }

    /**
     * Every stack whose loop runs and answers and matches, and every stack no loop runs for whose newest operation
     * completed and matches on customer, host and release (its labels are checked in its repo when its commit is
     * written), by customer: the rollout's order.
     */
    private List<RolloutTarget> selected(WorkflowClient client, StackSelector selector) {
      TreeMap<String, RolloutTarget> targets = new TreeMap<>();
      Set<String> looped = new HashSet<>();
      Map<String, WorkflowExecutionInfo> newestOperation = new HashMap<>();
      StatusQuery query = new StatusQuery(client);
      for (WorkflowExecutionInfo info : new Runs(client).list(null)) {
        String id = info.getExecution().getWorkflowId();
        StackNames.customerOfOperation(id).ifPresent(c -> newestOperation.putIfAbsent(c, info));
        var customer = StackNames.customerOfReconcile(id);
        if (customer.isEmpty() || targets.containsKey(customer.get())
            || !"running".equals(Runs.status(info.getStatus()))) {
          continue;
        }
        looped.add(customer.get());
        ReconcileStatus loop;
        try {
          loop = query.ask(id, null, ReconcileStatus.class);
        } catch (RuntimeException noAnswer) {
          continue;
        }
        if (loop.release() != null && selector.matches(customer.get(), loop.host(), loop.release(), loop.labels())) {
          targets.put(customer.get(), new RolloutTarget(customer.get(), loop.repo(), loop.ref(), loop.release()));
        }
      }
      newestOperation.forEach((customer, info) -> {
        if (!looped.contains(customer)) {
          withoutLoop(client, customer, info, selector).ifPresent(t -> targets.put(customer, t));
        }
      });
      return new ArrayList<>(targets.values());
    }

    /** A stack no loop runs for, from its newest operation: its result and the repo and branch it was started with. */
    private Optional<RolloutTarget> withoutLoop(WorkflowClient client, String customer, WorkflowExecutionInfo info,
        StackSelector selector) {
      if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        return Optional.empty();
      }
      String id = info.getExecution().getWorkflowId();
      String runId = info.getExecution().getRunId();
      OperationResult result;
      JsonNode input;
      try {
        result = client.newUntypedWorkflowStub(id, Optional.of(runId), Optional.empty()).getResult(OperationResult.class);
        Payloads payloads = client.fetchHistory(id, runId).getEvents().get(0)
            .getWorkflowExecutionStartedEventAttributes().getInput();
        input = client.getOptions().getDataConverter().fromPayloads(0, Optional.of(payloads), JsonNode.class,
            JsonNode.class);
      } catch (RuntimeException unreadable) {
        return Optional.empty();
      }
      if (result == null || result.release() == null || result.host() == null || input == null
          || !input.path("repo").isTextual() || !selector.mayMatch(customer, result.host(), result.release())) {
        return Optional.empty();
      }
      String ref = input.path("ref").isTextual() ? input.path("ref").asText() : "main";
      if (ref.matches("[0-9a-f]{40}")) {
        spec.commandLine().getErr().println("stackctl: left out " + customer + ": no loop runs for it and its newest "
            + "operation was started at commit " + ref.substring(0, 8) + ", not a branch; start its loop to include it");
        return Optional.empty();
      }
      return Optional.of(new RolloutTarget(customer, input.path("repo").asText(), ref, result.release(), true));
    }
  }

  abstract static class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    @Parameters(index = "0", paramLabel = "<id>", description = "The rollout's id (r-…), as start printed it.")
    String id;

    RolloutReleaseWorkflow rollout(WorkflowClient client) {
      return client.newWorkflowStub(RolloutReleaseWorkflow.class, StackNames.rolloutId(id));
    }

    Integer signal(String what, Consumer<RolloutReleaseWorkflow> send) {
      WorkflowClient client = temporal.connect();
      try {
        send.accept(rollout(client));
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("stackctl: refused: " + StackNames.rolloutId(id) + ": " + e.getMessage());
        return Stackctl.REFUSED;
      }
      spec.commandLine().getOut().println(what + " sent to " + StackNames.rolloutId(id));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "status", description = "The rollout's state, wave and every stack.")
  static final class Status extends Base {
    @Mixin
    Output output;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RolloutStatus s;
      try {
        s = new StatusQuery(temporal.connect()).ask(StackNames.rolloutId(id), null, RolloutStatus.class);
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("stackctl: " + StackNames.rolloutId(id) + " does not answer: " + e.getMessage());
        return Stackctl.UNREACHABLE;
      }
      if (output.json()) {
        Output.printJson(out, s);
        return 0;
      }
      out.println("rollout " + s.id() + " of " + s.release() + " (" + s.select() + "): " + s.state() + ", wave " + s.wave()
          + " of " + s.waves() + (s.soakUntil() == null ? "" : ", soaking until " + s.soakUntil()));
      if (s.halted() != null) {
        out.println("  halted: " + s.halted());
        out.println("  next: stackctl rollout resume " + s.id() + " | stackctl rollout skip " + s.id()
            + " <customer> | stackctl rollout abort " + s.id() + " --reason …");
      }
      for (RolloutStack stack : s.stacks()) {
        out.println(String.format("  %-24s wave %-3d %-19s %-10s %s", stack.customer(), stack.wave(), stack.state(),
            stack.commit() == null ? "-" : stack.commit().substring(0, Math.min(8, stack.commit().length())),
            stack.note() == null ? "" : stack.note()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", description = "Every rollout Temporal knows, newest first.")
  static final class ListRollouts implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (WorkflowExecutionInfo info : new Runs(temporal.connect()).list(null)) {
        StackNames.rolloutOf(info.getExecution().getWorkflowId()).ifPresent(id -> out.println(String.format("%-32s %s",
            id, Runs.status(info.getStatus()))));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "pause", description = "Start no further wave until resumed; the running wave goes on.")
  static final class Pause extends Base {
    @Option(names = "--reason", required = true, description = "Why, for the record.")
    String reason;

    @Override
    public Integer call() {
      return signal("pause", r -> r.pause(reason));
    }
  }

  @Command(name = "resume", description = "Go on after a pause or a halt; the failures so far are accepted.")
  static final class Resume extends Base {
    @Override
    public Integer call() {
      return signal("resume", RolloutReleaseWorkflow::resume);
    }
  }

  @Command(name = "skip", description = "Give up one stack of the rollout that has not settled.")
  static final class Skip extends Base {
    @Parameters(index = "1", paramLabel = "<customer>")
    String customer;

    @Override
    public Integer call() {
      return signal("skip " + customer, r -> r.skip(customer));
    }
  }

  @Command(name = "abort", description = "Stop: revert the commits of stacks that have not applied theirs yet.")
  static final class Abort extends Base {
    @Option(names = "--reason", required = true, description = "Why, for the record and the revert commits.")
    String reason;

    @Override
    public Integer call() {
      return signal("abort", r -> r.abort(reason));
    }
  }
}
