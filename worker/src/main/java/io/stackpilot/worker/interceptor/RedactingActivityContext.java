package io.stackpilot.worker.interceptor;

import io.stackpilot.activities.Redaction;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.activity.ManualActivityCompletionClient;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.common.CancellationToken;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * The activity context the activities see: progress they report as heartbeat details is masked like failures
 * ({@link Redaction}) before it reaches the history and the Web UI. Everything else is the SDK's.
 */
final class RedactingActivityContext implements ActivityExecutionContext {

  private final ActivityExecutionContext context;

  RedactingActivityContext(ActivityExecutionContext context) {
    this.context = context;
  }

  @Override
  public <V> void heartbeat(V details) throws ActivityCompletionException {
    context.heartbeat(details instanceof String text ? Redaction.mask(text) : details);
  }

  @Override
  public ActivityInfo getInfo() {
    return context.getInfo();
  }

  @Override
  public <V> Optional<V> getHeartbeatDetails(Class<V> detailsClass) {
    return context.getHeartbeatDetails(detailsClass);
  }

  @Override
  public <V> Optional<V> getHeartbeatDetails(Class<V> detailsClass, Type detailsGenericType) {
    return context.getHeartbeatDetails(detailsClass, detailsGenericType);
  }

  @Override
  public <V> Optional<V> getLastHeartbeatDetails(Class<V> detailsClass) {
    return context.getLastHeartbeatDetails(detailsClass);
  }

  @Override
  public <V> Optional<V> getLastHeartbeatDetails(Class<V> detailsClass, Type detailsGenericType) {
    return context.getLastHeartbeatDetails(detailsClass, detailsGenericType);
  }

  @Override
  public byte[] getTaskToken() {
    return context.getTaskToken();
  }

  @Override
  public CancellationToken<ActivityCanceledException> getCancellationToken() {
    return context.getCancellationToken();
  }

  @Override
  public void doNotCompleteOnReturn() {
    context.doNotCompleteOnReturn();
  }

  @Override
  public boolean isDoNotCompleteOnReturn() {
    return context.isDoNotCompleteOnReturn();
  }

  @Override
  public boolean isUseLocalManualCompletion() {
    return context.isUseLocalManualCompletion();
  }

  @Override
  public ManualActivityCompletionClient useLocalManualCompletion() {
    return context.useLocalManualCompletion();
  }

  @Override
  public com.uber.m3.tally.Scope getMetricsScope() {
    return context.getMetricsScope();
  }

  @Override
  public WorkflowClient getWorkflowClient() {
    return context.getWorkflowClient();
  }

  @Override
  public Object getInstance() {
    return context.getInstance();
  }
}
