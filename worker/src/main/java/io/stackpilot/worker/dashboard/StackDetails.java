package io.stackpilot.worker.dashboard;

import io.stackpilot.client.AuditTrail;
import io.stackpilot.client.Backups;
import io.stackpilot.client.Plans;
import io.stackpilot.workflows.api.ByteSizes;
import io.stackpilot.workflows.api.CatalogResult;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.PlanResult;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a stack's page loaded after it: its backup catalog and the plan of its newest commit (each a run of its
 * own), and its audit trail.
 */
final class StackDetails {

  private final WorkflowClient client;
  private final StackReader stacks;
  private final Pages pages;
  private final Clock clock;

  StackDetails(WorkflowClient client, StackReader stacks, Pages pages, Clock clock) {
    this.client = client;
    this.stacks = stacks;
    this.pages = pages;
    this.clock = clock;
  }

  String backups(String customer) {
    ReconcileStatus loop = stacks.loopStatus(customer);
    if (loop == null || loop.repo() == null) {
      return pages.render("note", Map.of("note", "No running loop names this stack's repo: start one "
          + "(stackctl reconcile start " + customer + " --repo <url>) to list its backups here, or run stackctl backups."));
    }
    try {
      CatalogResult catalog = new Backups(client).read(customer, loop.repo(), loop.ref(), null);
      List<Map<String, Object>> rows = catalog.backups().stream().map(b -> {
        Map<String, Object> row = new HashMap<>();
        row.put("id", b.id());
        row.put("kind", b.kind());
        row.put("release", b.release());
        row.put("schema", b.schemaVersion());
        row.put("size", ByteSizes.human(b.size()));
        row.put("createdAt", b.createdAt());
        row.put("age", StackState.age(b.createdAt(), clock.instant()));
        row.put("complete", b.complete());
        return (Map<String, Object>) row;
      }).toList();
      return pages.render("backups", Map.of("store", catalog.store(), "backups", rows, "none", rows.isEmpty()));
    } catch (Backups.Unreadable e) {
      return pages.render("note", Map.of("note", e.getMessage()));
    }
  }

  String plan(String customer) {
    ReconcileStatus loop = stacks.loopStatus(customer);
    if (loop == null || loop.repo() == null) {
      return pages.render("note", Map.of("note", "No running loop names this stack's repo: stackctl plan " + customer
          + " --repo <url> shows what the newest commit would change."));
    }
    try {
      PlanResult plan = new Plans(client).plan(customer, loop.repo(), loop.ref(), "PT1M");
      return pages.render("plan", Map.of("plan", plan, "ref", loop.ref(), "shortCommit", plan.commit().substring(0, 8)));
    } catch (RuntimeException e) {
      return pages.render("note", Map.of("note", "plan failed: " + Failures.rootMessage(e)));
    }
  }

  String audit(String customer) {
    List<AuditTrail.Entry> entries = new java.util.ArrayList<>(new AuditTrail(client).of(customer));
    java.util.Collections.reverse(entries);
    return pages.render("audit", Map.of("entries", entries, "none", entries.isEmpty()));
  }
}
