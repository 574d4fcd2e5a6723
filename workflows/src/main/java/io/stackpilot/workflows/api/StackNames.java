package io.stackpilot.workflows.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every name Stackpilot gives things in Temporal, in one place, for workflows, workers and clients alike.
 *
 * <ul>
 *   <li>task queue {@code stackpilot}: the workflows and the location-free activities (the control worker);</li>
 *   <li>task queue {@code host-<host>}: the host agent of one host, where Docker and data steps run;</li>
 *   <li>workflow id {@code stack-<customer>}: every operation on a stack (install, update, migrate, backup),
 *       started with the conflict policy fail, so a stack runs one operation at a time;</li>
 *   <li>workflow id {@code reconcile-<customer>}: the stack's GitOps loop;</li>
 *   <li>workflow id {@code plan-<customer>-<n>}: a dry run, which may run beside an operation;</li>
 *   <li>workflow id {@code fleet-index}: the latest status of every stack, which the fleet page reads.</li>
 * </ul>
 */
public final class StackNames {

  public static final String TASK_QUEUE = "stackpilot";
  public static final String FLEET_INDEX = "fleet-index";

  private static final String OPERATION = "stack-";
  private static final String RECONCILE = "reconcile-";
  private static final String PLAN = "plan-";
  private static final String CATALOG = "backups-";
  private static final String HOST = "host-";
  private static final String ARCHIVE = "binlog-";
  private static final String HOST_LEASE = "host-lease-";
  private static final String ROLLOUT = "rollout-";
  private static final Pattern PLAN_ID = Pattern.compile(Pattern.quote(PLAN) + "(.+)-\\d+");
  private static final Pattern CATALOG_ID = Pattern.compile(Pattern.quote(CATALOG) + "(.+)-\\d+");

  private StackNames() {}

  /** A commit as people read it: its first eight hex digits. */
  public static String shortCommit(String commit) {
    return commit == null ? null : commit.substring(0, Math.min(8, commit.length()));
  }

  public static String operationId(String customer) {
    return OPERATION + customer;
  }

  public static String reconcileId(String customer) {
    return RECONCILE + customer;
  }

  /** {@code unique}: anything that tells two plans of one customer apart, such as the time in milliseconds. */
  public static String planId(String customer, long unique) {
    return PLAN + customer + "-" + unique;
  }

  /** A read of the customer's backup store; {@code unique} as for {@link #planId}. */
  public static String catalogId(String customer, long unique) {
    return CATALOG + customer + "-" + unique;
  }

  public static String hostTaskQueue(String host) {
    return HOST + host;
  }

  /** The workflow that archives {@code customer}'s binary log. */
  public static String archiveId(String customer) {
    return ARCHIVE + customer;
  }

  public static Optional<String> customerOfArchive(String workflowId) {
    return suffix(workflowId, ARCHIVE);
  }

  /** The lease that lets one host agent at a time serve {@code host}'s task queue. */
  public static String hostLeaseId(String host) {
    return HOST_LEASE + host;
  }

  /** The workflow of fleet rollout {@code id}. */
  public static String rolloutId(String id) {
    return ROLLOUT + id;
  }

  /** The rollout id of a rollout's workflow id ({@code rollout-r-20261204-0a1b}), or empty when it is not one. */
  public static Optional<String> rolloutOf(String workflowId) {
    return suffix(workflowId, ROLLOUT);
  }

  /** The host of a lease's id ({@code host-lease-acme-1}), or empty when it is not one. */
  public static Optional<String> hostOfLease(String workflowId) {
    return suffix(workflowId, HOST_LEASE);
  }

  /** The customer of an operation id ({@code stack-acme}), or empty when it is not one. */
  public static Optional<String> customerOfOperation(String workflowId) {
    return suffix(workflowId, OPERATION);
  }

  /** The customer of a reconcile loop's id ({@code reconcile-acme}), or empty when it is not one. */
  public static Optional<String> customerOfReconcile(String workflowId) {
    return suffix(workflowId, RECONCILE);
  }

  /** The customer named by any of Stackpilot's workflow ids, or empty when the id is none of them. */
  public static Optional<String> customerOf(String workflowId) {
    Matcher plan = PLAN_ID.matcher(workflowId);
    if (plan.matches()) {
      return Optional.of(plan.group(1));
    }
    Matcher catalog = CATALOG_ID.matcher(workflowId);
    if (catalog.matches()) {
      return Optional.of(catalog.group(1));
    }
    return customerOfOperation(workflowId).or(() -> customerOfReconcile(workflowId))
        .or(() -> customerOfArchive(workflowId));
  }

  private static Optional<String> suffix(String workflowId, String prefix) {
    return workflowId.startsWith(prefix) && workflowId.length() > prefix.length()
        ? Optional.of(workflowId.substring(prefix.length())) : Optional.empty();
  }
}
