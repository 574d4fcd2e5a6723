package io.stackpilot.workflows.lease;

import io.stackpilot.workflows.api.HostLease;
import io.stackpilot.workflows.api.LeaseAnswer;
import io.stackpilot.workflows.api.LeaseClaim;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;

public class HostLeaseWorkflowImpl implements HostLeaseWorkflow {

  /** Renewals a run takes before it continues as new, which keeps its history short. */
  static final int CLAIMS_PER_RUN = 500;
  static final int MAX_TTL_SECONDS = 3600;

  private HostLease lease;
  private int claims;

  /**
   * The carried lease is in place before any claim is handled: a renewal that reaches a run continued as new before its
   * main method ran would otherwise find no holder and grant the name to whoever asked first.
   */
  @WorkflowInit
  public HostLeaseWorkflowImpl(HostLease carried) {
    lease = carried;
  }

  @Override
  public void hold(HostLease carried) {
    Workflow.await(() -> claims >= CLAIMS_PER_RUN && Workflow.isEveryHandlerFinished());
    Workflow.continueAsNew(lease);
  }

  @Override
  public void validateClaim(LeaseClaim claim) {
    if (claim == null || claim.agent() == null || claim.agent().isBlank()) {
      throw new IllegalArgumentException("agent must name the claiming host agent");
    }
    if (claim.ttlSeconds() < 1 || claim.ttlSeconds() > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException("ttlSeconds must be 1 to " + MAX_TTL_SECONDS + ", not " + claim.ttlSeconds());
    }
  }

  @Override
  public LeaseAnswer claim(LeaseClaim claim) {
    claims++;
    long now = Workflow.currentTimeMillis();
    String at = Instant.ofEpochMilli(now).toString();
    String holder = lease == null ? null : lease.holder();
    if (holder != null && !holder.equals(claim.agent()) && !silent(lease, now)) {
      lease = new HostLease(holder, lease.heldSince(), lease.lastSeen(), lease.ttlSeconds(), claim.agent(), at);
      return new LeaseAnswer(false, holder, (now - Instant.parse(lease.lastSeen()).toEpochMilli()) / 1000, claim.agent());
    }
    boolean renewal = claim.agent().equals(holder);
    String contender = renewal && lease.contender() != null
        && now - Instant.parse(lease.contendedAt()).toEpochMilli() <= lease.ttlSeconds() * 1000L ? lease.contender() : null;
    lease = new HostLease(claim.agent(), renewal ? lease.heldSince() : at, at, claim.ttlSeconds(), contender,
        contender == null ? null : lease.contendedAt());
    return new LeaseAnswer(true, claim.agent(), 0, contender);
  }

  @Override
  public void release(String agent) {
    if (lease != null && agent != null && agent.equals(lease.holder())) {
      lease = new HostLease(null, null, null, lease.ttlSeconds(), null, null);
    }
  }

  @Override
  public HostLease lease() {
    return lease;
  }

  private static boolean silent(HostLease lease, long now) {
    return now - Instant.parse(lease.lastSeen()).toEpochMilli() > lease.ttlSeconds() * 1000L;
  }
}
