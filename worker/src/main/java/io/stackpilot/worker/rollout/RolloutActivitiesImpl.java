package io.stackpilot.worker.rollout;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.stackpilot.activities.git.ReleaseCommits;
import io.stackpilot.client.RunProgress;
import io.stackpilot.client.StatusQuery;
import io.stackpilot.client.Steering;
import io.stackpilot.failures.FailureType;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StackSelector;
import io.stackpilot.workflows.activities.RolloutActivities;
import io.stackpilot.workflows.activities.RolloutProbe;
import io.stackpilot.workflows.activities.WrittenCommit;
import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * A rollout's work outside its workflow, on the control worker: the commits into customer repos ({@link ReleaseCommits},
 * with the worker's git credentials and rules), and the stacks' loops and operations, read and steered with the same
 * client calls as stackctl. A refusal (protected branch, a stack that left the selection) is not retried.
 */
public final class RolloutActivitiesImpl implements RolloutActivities {

  private final ReleaseCommits commits;
  private final WorkflowClient client;

  public RolloutActivitiesImpl(ReleaseCommits commits, WorkflowClient client) {
    this.commits = commits;
    this.client = client;
  }

  @Override
  public WrittenCommit writeReleaseCommit(String repo, String ref, String release, String rollout, String select,
      String message) {
    return written(repo, () -> commits.write(repo, ref, release, rollout, StackSelector.parse(select), message));
  }

  @Override
  public WrittenCommit revertReleaseCommit(String repo, String ref, String rollout, String release, String previous,
      String message) {
    return written(repo, () -> commits.revert(repo, ref, rollout, release, previous, message));
  }

  /** A write into a repo. */
  private interface GitWrite {
    ReleaseCommits.Written run() throws IOException, GitAPIException;
  }

  /** What {@code write} did; a refusal is not retried, git and I/O errors are. */
  private static WrittenCommit written(String repo, GitWrite write) {
    try {
      ReleaseCommits.Written written = write.run();
      return new WrittenCommit(written.commit(), written.outcome());
    } catch (InvalidConfigurationException e) {
      throw FailureType.INVALID_CONFIGURATION.failure(e.getMessage());
    } catch (GitAPIException e) {
      throw new IllegalStateException("writing into " + repo + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<RolloutProbe> probeStacks(List<String> customers) {
    StatusQuery query = new StatusQuery(client);
    List<RolloutProbe> probes = new ArrayList<>();
    for (String customer : customers) {
      ReconcileStatus loop;
      try {
        loop = query.ask(StackNames.reconcileId(customer), null, ReconcileStatus.class);
      } catch (RuntimeException noLoop) {
        loop = null;
      }
      StackStatus operation;
      try {
        operation = query.ask(StackNames.operationId(customer), null);
      } catch (RuntimeException noOperation) {
        operation = null;
      }
      probes.add(new RolloutProbe(customer, loop, operation == null ? null : operation.state(),
          operation == null ? null : operation.commit(), operation == null ? null : operation.lastError(),
          operationOpen(StackNames.operationId(customer))));
    }
    return probes;
  }

  /**
   * Whether Temporal still runs the stack's latest operation: its state may already say it failed or was aborted while
   * it sends its last notes, and until it closes no other operation can take its id. Null when Temporal did not answer.
   */
  private Boolean operationOpen(String workflowId) {
    try {
      return new RunProgress(client).describe(workflowId).getWorkflowExecutionInfo().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.NOT_FOUND ? Boolean.FALSE : null;
    }
  }

  @Override
  public boolean syncLoop(String customer) {
    return new Steering(client).signalLoop(customer, "sync", ReconcileStackWorkflow::sync).done();
  }

  @Override
  public void abortOperation(String customer, String why) {
    Steering.Outcome outcome = new Steering(client).decide(customer, Decision.abort(why));
    if (!outcome.done() && !outcome.message().contains("no operation is running")) {
      throw new IllegalStateException("aborting the operation of " + customer + " failed: " + outcome.message());
    }
  }
}
