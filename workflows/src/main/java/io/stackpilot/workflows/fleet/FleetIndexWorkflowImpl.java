package io.stackpilot.workflows.fleet;

import io.stackpilot.workflows.api.FleetIndexRequest;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.FleetOperation;
import io.stackpilot.workflows.api.FleetPage;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.FleetUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Holds the stacks in customer order and continues as new, carrying them, after a number of updates or a day, so that
 * its history (replayed whenever it is not cached) stays short.
 */
public class FleetIndexWorkflowImpl implements FleetIndexWorkflow {

  static final int DEFAULT_MAX_UPDATES = 2000;
  /**
   * A run continues as new after a day even when quiet: its history stays young, and a server that gives workflows a
   * default execution timeout (Temporal's test server: ten years, reached at once when it skips time) never ends it.
   */
  static final java.time.Duration RUN_AT_MOST = java.time.Duration.ofDays(1);
  /** More stacks than one control worker is sized for; an update naming one more is dropped, not grown into. */
  static final int MAX_STACKS = 20_000;
  static final int MAX_CUSTOMER = 128;
  /** Longer than any repo URL, step name or drill verdict a run reports. */
  static final int MAX_FIELD = 1024;
  static final int MAX_LABELS = 64;
  /**
   * How far ahead of the index's own clock an update's time may be (senders' clocks differ a little). A time further
   * ahead is taken as this: a forged far-future update would otherwise win over every true one that follows.
   */
  static final long AHEAD_AT_MOST_MILLIS = java.time.Duration.ofMinutes(5).toMillis();

  private static final Logger log = Workflow.getLogger(FleetIndexWorkflowImpl.class);

  private final TreeMap<String, FleetStack> stacks = new TreeMap<>();
  private int updates;

  @Override
  public void run(FleetIndexRequest request) {
    FleetIndexRequest given = request == null ? FleetIndexRequest.empty() : request;
    if (given.stacks() != null) {
      given.stacks().forEach(s -> stacks.put(s.customer(), s));
    }
    int max = given.maxUpdates() == null ? DEFAULT_MAX_UPDATES : Math.max(1, given.maxUpdates());
    Workflow.await(RUN_AT_MOST, () -> updates >= max || Workflow.getInfo().isContinueAsNewSuggested());
    Workflow.continueAsNew(new FleetIndexRequest(List.copyOf(stacks.values()), given.maxUpdates()));
  }

  @Override
  public void record(List<FleetUpdate> given) {
    if (given == null) {
      return;
    }
    for (FleetUpdate update : given) {
      updates++;
      if (update == null || !valid(update.customer()) || !bounded(update)) {
        log.warn("fleet index: ignored an update for customer {}: not a customer name, or a field over {} characters",
            update == null ? null : printable(update.customer()), MAX_FIELD);
        continue;
      }
      FleetStack held = stacks.get(update.customer());
      if (held == null && stacks.size() >= MAX_STACKS) {
        log.warn("fleet index: holds {} stacks already; {} is left out", MAX_STACKS, update.customer());
        continue;
      }
      long latest = Workflow.currentTimeMillis() + AHEAD_AT_MOST_MILLIS;
      FleetUpdate dated = update.at() <= latest ? update
          : new FleetUpdate(update.customer(), latest, update.operation(), update.loop());
      stacks.put(update.customer(), (held == null ? new FleetStack(update.customer(), null, 0, null, 0) : held)
          .with(dated));
    }
  }

  /** Whether every text of the update is of a size the page shows: a signaller cannot grow the index without end. */
  private static boolean bounded(FleetUpdate update) {
    FleetOperation o = update.operation();
    FleetLoop l = update.loop();
    return (o == null || short_(o.operation(), o.runId(), o.status(), o.state(), o.step(), o.release(), o.host(),
        o.startedAt()))
        && (l == null || short_(l.state(), l.commit(), l.release(), l.host(), l.lastBackup(), l.lastBackupAt(),
            l.lastDrill(), l.ended(), l.nextBackupAt(), l.lastDrillAt(), l.repo(), l.ref())
            && l.labels().size() <= MAX_LABELS
            && l.labels().entrySet().stream().allMatch(e -> short_(e.getKey(), e.getValue())));
  }

  private static boolean short_(String... texts) {
    for (String text : texts) {
      if (text != null && text.length() > MAX_FIELD) {
        return false;
      }
    }
    return true;
  }

  /** The name as a log line may show it: cut short, a control character or a non-ASCII one as '?' (no forged lines). */
  private static String printable(String customer) {
    if (customer == null) {
      return null;
    }
    StringBuilder shown = new StringBuilder();
    customer.chars().limit(MAX_CUSTOMER).forEach(c -> shown.append(c > ' ' && c < 0x7f ? (char) c : '?'));
    return shown.toString();
  }

  private static boolean valid(String customer) {
    return customer != null && !customer.isEmpty() && customer.length() <= MAX_CUSTOMER
        && customer.chars().allMatch(c -> c > ' ' && c < 0x7f);
  }

  @Override
  public FleetPage stacks(String after, int limit) {
    int size = Math.max(1, Math.min(limit, MAX_PAGE));
    Map<String, FleetStack> rest = after == null ? stacks : stacks.tailMap(after, false);
    List<FleetStack> page = new ArrayList<>(Math.min(size, rest.size()));
    for (FleetStack s : rest.values()) {
      if (page.size() == size) {
        break;
      }
      page.add(s);
    }
    String next = page.size() == size && rest.size() > size ? page.get(size - 1).customer() : null;
    return new FleetPage(page, next, stacks.size());
  }
}
