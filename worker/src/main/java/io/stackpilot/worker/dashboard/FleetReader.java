package io.stackpilot.worker.dashboard;

import io.stackpilot.client.FleetIndex;
import io.stackpilot.client.FleetListing;
import io.stackpilot.client.Runs;
import io.stackpilot.client.StatusQuery;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StackSelector;
import io.stackpilot.worker.access.AccessRules;
import io.stackpilot.worker.access.Principal;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.HostLease;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.RolloutStatus;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Every stack Temporal knows a run or a loop of, read with stackctl's client calls: its latest operation (as
 * {@code stackctl list}) and its loop's status (as {@code stackctl reconcile status}), asked in parallel.
 */
public final class FleetReader {

  /** One line of the fleet page. */
  public record StackRow(String customer, String release, String host, String operation, String step, String state,
      String stateLabel, String lastBackup, String lastBackupAge, boolean backupOverdue, String lastDrill,
      boolean drillFailed, String loopState, String loopCommit, boolean loopPaused, String startedAt) {}

  /**
   * The fleet, filtered, with the hosts and states one can filter by, the labels asked for, and why a filter was
   * refused (null: it was not; then nothing is shown).
   */
  public record Fleet(List<StackRow> stacks, int total, List<Choice> states, List<Choice> hosts, String label,
      String refused) {
    public int shown() {
      return stacks.size();
    }
  }

  /** An option of a filter; {@code selected} when it is the one asked for. */
  public record Choice(String value, String label, boolean selected) {}

  private final WorkflowClient client;
  private final ExecutorService askers;
  private final Clock clock;

  /** A stack as the metrics see it: the state of its latest run, its loop's status, its archive's (null: none runs). */
  public record Observed(String customer, String state, FleetLoop loop, ArchiveStatus archive) {}

  /** A host's lease as its workflow answers: who serves the host's task queue and when it last renewed. */
  public record ObservedLease(String host, HostLease lease) {}

  /** What the metrics read in one go: every stack, every host's lease, every running rollout. */
  public record Observation(List<Observed> stacks, List<ObservedLease> leases, List<RolloutStatus> rollouts) {

    public Observation(List<Observed> stacks, List<ObservedLease> leases) {
      this(stacks, leases, List.of());
    }
  }

  /** Every state of a stack's latest operation, as {@link Observed#state()} names it. */
  public static final List<String> STATES = StackState.ALL;

  public FleetReader(WorkflowClient client, ExecutorService askers, Clock clock) {
    this.client = client;
    this.askers = askers;
    this.clock = clock;
  }

  /** The newest operation, loop and archive of each stack Temporal knows a run of. */
  private record Listing(Runs runs, Map<String, WorkflowExecutionInfo> operations, Map<String, WorkflowExecutionInfo> loops,
      Map<String, WorkflowExecutionInfo> archives, Map<String, WorkflowExecutionInfo> leases,
      Map<String, WorkflowExecutionInfo> rollouts) {

    TreeSet<String> customers() {
      TreeSet<String> customers = new TreeSet<>(operations.keySet());
      customers.addAll(loops.keySet());
      return customers;
    }
  }

  /** {@code closedToo}: also the closed runs, which only a stack's newest operation needs. */
  private Listing list(boolean closedToo) {
    Runs runs = new Runs(client);
    Listing listing = new Listing(runs, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
        new LinkedHashMap<>(), new LinkedHashMap<>());
    for (WorkflowExecutionInfo info : runs.list(null, closedToo)) {
      String id = info.getExecution().getWorkflowId();
      StackNames.customerOfOperation(id).ifPresent(c -> listing.operations().putIfAbsent(c, info));
      StackNames.customerOfReconcile(id).ifPresent(c -> listing.loops().putIfAbsent(c, info));
      StackNames.customerOfArchive(id).ifPresent(c -> listing.archives().putIfAbsent(c, info));
      StackNames.hostOfLease(id).ifPresent(h -> listing.leases().putIfAbsent(h, info));
      StackNames.rolloutOf(id).ifPresent(r -> listing.rollouts().putIfAbsent(r, info));
    }
    return listing;
  }

  /**
   * Every stack, unfiltered, with the status its loop and its archive answer, every host's running lease, and every
   * running rollout: what the fleet's metrics show. The stacks and their loops come from the fleet index when it
   * answers (then only the open runs are listed, for the archives, leases and rollouts), else from the listing.
   */
  public Observation observe() {
    java.util.Optional<List<FleetStack>> indexed = new FleetIndex(client).read();
    Listing listing = list(indexed.isEmpty());
    List<CompletableFuture<ObservedLease>> leases = new ArrayList<>();
    listing.leases().forEach((host, info) -> {
      if (running(info)) {
        leases.add(CompletableFuture.supplyAsync(() -> {
          HostLease lease = ask(StackNames.hostLeaseId(host), "lease", HostLease.class);
          return lease == null ? null : new ObservedLease(host, lease);
        }, askers));
      }
    });
    List<CompletableFuture<Observed>> asked = new ArrayList<>();
    if (indexed.isPresent()) {
      for (FleetStack stack : indexed.get()) {
        String customer = stack.customer();
        FleetLoop loop = stack.loop() != null && stack.loop().answered() ? stack.loop() : null;
        WorkflowExecutionInfo archiving = listing.archives().get(customer);
        asked.add(running(archiving) ? CompletableFuture.supplyAsync(() -> new Observed(customer,
            StackState.of(stack.operation()), loop, ask(StackNames.archiveId(customer), ArchiveStatus.class)), askers)
            : CompletableFuture.completedFuture(new Observed(customer, StackState.of(stack.operation()), loop, null)));
      }
    }
    for (String customer : indexed.isPresent() ? List.<String>of() : listing.customers()) {
      asked.add(CompletableFuture.supplyAsync(() -> {
        WorkflowExecutionInfo operation = listing.operations().get(customer);
        String state = StackState.of(operation == null ? null : listing.runs().describe(operation));
        ReconcileStatus status = running(listing.loops().get(customer)) ? loopStatus(customer) : null;
        ArchiveStatus archive = running(listing.archives().get(customer))
            ? ask(StackNames.archiveId(customer), ArchiveStatus.class) : null;
        return new Observed(customer, state, status == null ? null : FleetLoop.of(status), archive);
      }, askers));
    }
    List<CompletableFuture<RolloutStatus>> rollouts = new ArrayList<>();
    listing.rollouts().forEach((id, info) -> {
      if (running(info)) {
        rollouts.add(CompletableFuture.supplyAsync(() -> ask(StackNames.rolloutId(id), RolloutStatus.class), askers));
      }
    });
    return new Observation(asked.stream().map(CompletableFuture::join).toList(),
        leases.stream().map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList(),
        rollouts.stream().map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList());
  }

  private static boolean running(WorkflowExecutionInfo info) {
    return info != null && "running".equals(Runs.status(info.getStatus()));
  }

  /**
   * The stacks {@code principal} may see in {@code state}, on a host matching {@code host} (a glob) and whose loop
   * reports labels matching {@code label} ({@code tier=gold,region=eu*}); null or empty: any. A filter that cannot
   * match is refused, saying why, before Temporal is asked.
   */
  Fleet read(String state, String host, String label, AccessRules access, Principal principal) {
    List<Choice> states = StackState.ALL.stream().map(s -> new Choice(s, StackState.label(s), s.equals(state))).toList();
    StackSelector filter;
    try {
      filter = filter(state, host, label);
    } catch (InvalidConfigurationException e) {
      return new Fleet(List.of(), 0, states, List.of(), label, e.getMessage());
    }
    List<Labelled> all = stacks().stream()
        .filter(s -> access.maySee(principal, s.customer()))
        .map(this::row)
        .filter(r -> access.role(principal, r.row().customer(), r.row().host()).isPresent()).toList();
    List<StackRow> shown = all.stream()
        .filter(r -> state == null || state.isEmpty() || r.row().state().equals(state))
        .filter(r -> filter.matches(r.row().customer(), r.row().host(), r.row().release(), r.labels()))
        .map(Labelled::row).sorted(Comparator.comparing(StackRow::customer)).toList();
    List<Choice> hosts = all.stream().map(r -> r.row().host()).filter(h -> h != null).distinct().sorted()
        .map(h -> new Choice(h, h, h.equals(host))).toList();
    return new Fleet(shown, all.size(), states, hosts, label, null);
  }

  /**
   * Every stack as the fleet index holds it; as the namespace's listing shows it (every run read, every loop asked)
   * when the index does not answer.
   */
  List<FleetStack> stacks() {
    return new FleetIndex(client).read().orElseGet(() -> new FleetListing(client, askers).read(true, clock.millis())
        .stream().map(u -> new FleetStack(u.customer(), null, 0, null, 0).with(u)).toList());
  }

  /** The host and label filters as a rollout's selector reads them; a state the page does not know is refused. */
  private static StackSelector filter(String state, String host, String label) {
    if (state != null && !state.isEmpty() && !StackState.ALL.contains(state)) {
      throw new InvalidConfigurationException("state: '" + state + "' is not a state; one of "
          + String.join(", ", StackState.ALL));
    }
    return StackSelector.filter("host", host, "label", label == null ? List.of() : List.of(label));
  }

  /** A row with the labels its loop reports (none without a loop), which the label filter reads. */
  private record Labelled(StackRow row, Map<String, String> labels) {}

  private Labelled row(FleetStack stack) {
    FleetOperation run = stack.operation();
    FleetLoop loop = stack.loop();
    boolean loopRuns = loop != null && loop.ended() == null;
    FleetLoop looping = loopRuns && loop.state() != null ? loop : null;
    String state = StackState.of(run);
    String release = run == null ? null : run.release();
    String host = run == null ? null : run.host();
    if (looping != null && looping.release() != null && (release == null || !RUNNING_STATES.contains(state))) {
      release = looping.release();
      host = looping.host();
    }
    return new Labelled(new StackRow(stack.customer(), release, host, run == null ? null : run.operation(),
        run == null || StackState.COMPLETED.equals(state) ? null : run.stepLine(),
        state, StackState.label(state), looping == null ? null : looping.lastBackup(),
        looping == null ? null : StackState.age(looping.lastBackupAt(), clock.instant()),
        looping != null && ReconcileStatus.BACKUP_OVERDUE.equals(looping.state()),
        looping == null ? null : looping.lastDrill(), looping != null && ReconcileStatus.DRILL_FAILED.equals(looping.state()),
        loop == null ? null : !loopRuns ? "ended (" + loop.ended() + ")" : looping == null ? "not answering" : looping.state(),
        looping == null ? null : StackNames.shortCommit(looping.commit()), looping != null && looping.paused(),
        run == null ? null : run.startedAt()),
        looping == null ? Map.of() : looping.labels());
  }

  private static final List<String> RUNNING_STATES = List.of(StackState.RUNNING, StackState.NEEDS_ATTENTION);

  private ReconcileStatus loopStatus(String customer) {
    return ask(StackNames.reconcileId(customer), ReconcileStatus.class);
  }

  /** A workflow's status query; null when it does not answer. */
  private <T> T ask(String workflowId, Class<T> type) {
    return ask(workflowId, "status", type);
  }

  private <T> T ask(String workflowId, String query, Class<T> type) {
    try {
      return new StatusQuery(client).ask(workflowId, null, query, type);
    } catch (RuntimeException noAnswer) {
      return null;
    }
  }
}
