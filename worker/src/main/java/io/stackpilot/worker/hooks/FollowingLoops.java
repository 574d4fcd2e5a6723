package io.stackpilot.worker.hooks;

import com.google.protobuf.ByteString;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running reconcile loops a push concerns (they follow its repository and branch), told to sync now. A run's repo
 * and ref never change, so each run is asked once what it follows and remembered while it runs: a push costs one
 * listing of the open loops, however large the fleet.
 */
public final class FollowingLoops {

  private static final Logger LOG = LoggerFactory.getLogger(FollowingLoops.class);

  private record Followed(String repo, String ref) {}

  private final WorkflowClient client;
  private final Map<String, Followed> byRun = new ConcurrentHashMap<>();

  public FollowingLoops(WorkflowClient client) {
    this.client = client;
  }

  /** Signals {@code sync} to every running loop that follows the pushed repository and branch; returns their ids. */
  List<String> sync(GitPush push) {
    List<String> synced = new ArrayList<>();
    List<WorkflowExecutionInfo> running = running();
    Set<String> runs = new HashSet<>();
    for (WorkflowExecutionInfo loop : running) {
      String id = loop.getExecution().getWorkflowId();
      String run = id + "/" + loop.getExecution().getRunId();
      runs.add(run);
      ReconcileStackWorkflow stub = client.newWorkflowStub(ReconcileStackWorkflow.class, id);
      try {
        Followed followed = byRun.get(run);
        if (followed == null) {
          ReconcileStatus status = stub.status();
          followed = new Followed(status.repo(), status.ref());
          if (followed.repo() != null) {
            byRun.put(run, followed);
          }
        }
        if (push.concerns(followed.repo(), followed.ref())) {
          stub.sync();
          synced.add(id);
        }
      } catch (RuntimeException noAnswer) {
        // a loop that does not answer its query now is still polled: the push reaches it at its next poll
        LOG.warn("reconcile loop {} did not answer whether it follows {}: {}", id, push.repoUrls().get(0),
            noAnswer.getMessage());
      }
    }
    byRun.keySet().retainAll(runs);
    return synced;
  }

  private List<WorkflowExecutionInfo> running() {
    List<WorkflowExecutionInfo> all = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsResponse page = client.getWorkflowServiceStubs().blockingStub().listOpenWorkflowExecutions(
          ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(client.getOptions().getNamespace())
              .setMaximumPageSize(1000).setNextPageToken(token)
              .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(ReconcileStackWorkflow.TYPE)).build());
      all.addAll(page.getExecutionsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }
}
