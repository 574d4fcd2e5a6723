package io.stackpilot.worker.interceptor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stackpilot.activities.HeartbeatTicker;
import io.stackpilot.activities.Redaction;
import io.stackpilot.workflows.activities.Liveness;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every activity runs with customer, workflow id and step in the logging context, so each of its log lines says
 * which stack and step it belongs to, and is timed into {@code stackpilot_activity_seconds} by step and outcome. A
 * failure leaves the worker redacted ({@link Redaction}): it reaches the history, the Web UI and this log. The
 * activities of {@link Liveness} report the worker's liveness while they run.
 */
public final class ActivityContext extends WorkerInterceptorBase {

  static final String CUSTOMER = "customer";
  static final String WORKFLOW_ID = "workflowId";
  static final String STEP = "step";
  static final String RUN_ID = "runId";
  static final String ATTEMPT = "attempt";

  private static final Logger log = LoggerFactory.getLogger("io.stackpilot.activity");
  /** Every activity's time by step and outcome (completed, failed): stackpilot_activity_seconds on /metrics. */
  public static final String METRIC = "stackpilot.activity";

  private final MeterRegistry metrics;

  public ActivityContext(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityInfo info;

      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = new RedactingActivityContext(context);
        info = context.getInfo();
        super.init(this.context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        String customer = customerOf(info.getWorkflowId());
        MDC.put(CUSTOMER, customer);
        MDC.put(WORKFLOW_ID, info.getWorkflowId());
        MDC.put(STEP, info.getActivityType());
        MDC.put(RUN_ID, info.getRunId());
        MDC.put(ATTEMPT, String.valueOf(info.getAttempt()));
        Timer.Sample sample = Timer.start(metrics);
        long started = System.nanoTime();
        String outcome = "failed";
        log.info("{} started (attempt {})", info.getActivityType(), info.getAttempt());
        try (HeartbeatTicker alive = Liveness.REPORTED_BY_WORKER.contains(info.getActivityType())
            ? new HeartbeatTicker(info.getActivityType(), context::heartbeat) : null) {
          ActivityOutput output = RedactedResults.of(super.execute(input));
          outcome = "completed";
          log.info("{} completed in {} ms", info.getActivityType(), (System.nanoTime() - started) / 1_000_000);
          return output;
        } catch (ActivityCompletionException e) {
          throw e;
        } catch (RuntimeException e) {
          ApplicationFailure redacted = redacted(e);
          log.warn("{} failed after {} ms: {}", info.getActivityType(), (System.nanoTime() - started) / 1_000_000,
              redacted.getOriginalMessage());
          throw redacted;
        } finally {
          sample.stop(Timer.builder(METRIC).description("Stackpilot activities by step and outcome")
              .tag("step", info.getActivityType()).tag("outcome", outcome).register(metrics));
          MDC.remove(CUSTOMER);
          MDC.remove(WORKFLOW_ID);
          MDC.remove(STEP);
          MDC.remove(RUN_ID);
          MDC.remove(ATTEMPT);
        }
      }
    };
  }

  /**
   * The failure as it may leave the worker: same type, retry decision and details (such as the backup a refused
   * restore offers instead; text redacted too), message redacted and capped, no cause chain (its messages and stack
   * frames would carry the unredacted text).
   */
  static ApplicationFailure redacted(RuntimeException e) {
    if (e instanceof ApplicationFailure app) {
      String message = Redaction.apply(app.getOriginalMessage());
      Object[] details = details(app);
      return app.isNonRetryable() ? ApplicationFailure.newNonRetryableFailure(message, app.getType(), details)
          : ApplicationFailure.newFailure(message, app.getType(), details);
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += " (" + root.getMessage() + ")";
    }
    return ApplicationFailure.newFailure(Redaction.apply(message), e.getClass().getName());
  }

  /** The details an activity gave its failure, text redacted; none when they are not plain values here. */
  private static Object[] details(ApplicationFailure app) {
    try {
      Object[] details = new Object[app.getDetails().getSize()];
      for (int i = 0; i < details.length; i++) {
        Object detail = app.getDetails().get(i, Object.class);
        details[i] = detail instanceof String text ? Redaction.apply(text) : detail;
      }
      return details;
    } catch (RuntimeException encodedElsewhere) {
      return new Object[0];
    }
  }

  /** stack-acme, reconcile-acme and plan-acme-1764000000000 all belong to customer acme. */
  static String customerOf(String workflowId) {
    return StackNames.customerOf(workflowId).orElse(workflowId);
  }
}
