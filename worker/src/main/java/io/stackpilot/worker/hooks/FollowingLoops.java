package io.stackpilot.worker.hooks;

import com.google.protobuf.ByteString;
import io.stackpilot.client.FleetIndex;
import io.stackpilot.workflows.api.FleetLoop;
import io.stackpilot.workflows.api.FleetStack;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.stackpilot.workflows.api.StackNames;
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
 * The running reconcile loops a push concerns (they follow its repository and branch), told to sync now. The fleet
 * index says what each loop follows: a push costs one read of it (a query per 500 stacks) and a signal per loop it
 * concerns. Where no index answers, the open loops are listed and each run is asked once what it follows (a run's repo
 * and ref never change, so the answer is remembered while it runs).
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
    java.util.Optional<List<FleetStack>> indexed = new FleetIndex(client).read();
    if (indexed.isPresent()) {
      return syncIndexed(push, indexed.get());
    }
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

  private List<String> syncIndexed(GitPush push, List<FleetStack> stacks) {
    List<String> synced = new ArrayList<>();
    for (FleetStack stack : stacks) {
      FleetLoop loop = stack.loop();
      if (loop != null && loop.ended() == null && loop.repo() != null && push.concerns(loop.repo(), loop.ref())) {
        String id = StackNames.reconcileId(stack.customer());
        try {
          client.newWorkflowStub(ReconcileStackWorkflow.class, id).sync();
          synced.add(id);
        } catch (RuntimeException ended) {
          LOG.warn("reconcile loop {} was not told of the push to {}: {}", id, push.repoUrls().get(0), ended.getMessage());
        }
      }
    }
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
