package io.stackpilot.workflows.lease;

import io.stackpilot.workflows.api.HostLease;
import io.stackpilot.workflows.api.LeaseAnswer;
import io.stackpilot.workflows.api.LeaseClaim;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One host name, one host agent. Two agents configured with the same host name would both poll its task queue and
 * split its stacks' steps between two machines. Each agent claims its host name here (workflow id
 * {@code host-lease-<host>}) before it polls and renews the claim while it runs; an agent that claims a name another
 * agent holds is refused, with the holder named, and the holder is told of it at its next renewal. A holder silent
 * for its ttl (crashed, cut off) loses the name to the next claim; one that stops cleanly releases it.
 */
@WorkflowInterface
public interface HostLeaseWorkflow {

  String TYPE = "HostLease";

  /** Runs as long as the host name is in use; {@code carried}: the lease a continued run starts from, or null. */
  @WorkflowMethod(name = TYPE)
  void hold(HostLease carried);

  @UpdateMethod
  LeaseAnswer claim(LeaseClaim claim);

  @UpdateValidatorMethod(updateName = "claim")
  void validateClaim(LeaseClaim claim);

  /** Frees the host name when {@code agent} holds it (an agent stopping cleanly); otherwise changes nothing. */
  @UpdateMethod
  void release(String agent);

  @QueryMethod
  HostLease lease();
}
