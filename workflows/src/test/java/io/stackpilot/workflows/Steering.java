package io.stackpilot.workflows;

import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackStatus;
import io.stackpilot.workflows.steps.SteerableStack;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Steers a run under test. The test service would skip time while a client waits for a result, but it then also
 * skips a run that waits for a decision straight to its execution timeout; so the status is polled while the
 * service's clock moves in small steps (a retry's backoff passes at once, a waiting run stays waiting), and the
 * result is only waited for once the run can finish.
 */
public final class Steering {

  private Steering() {}

  /** The pending result of a started run. */
  public static CompletableFuture<OperationResult> resultOf(SteerableStack run) {
    return WorkflowStub.fromTyped(run).getResultAsync(OperationResult.class);
  }

  public static StackStatus awaitAttention(TestWorkflowEnvironment env, SteerableStack run,
      CompletableFuture<OperationResult> pending) {
    return await(env, run, pending, s -> StackStatus.NEEDS_ATTENTION.equals(s.state()), "NeedsAttention");
  }

  public static StackStatus awaitStep(TestWorkflowEnvironment env, SteerableStack run, CompletableFuture<OperationResult> pending,
      String step) {
    return await(env, run, pending, s -> step.equals(s.step()), "step " + step);
  }

  private static StackStatus await(TestWorkflowEnvironment env, SteerableStack run,
      CompletableFuture<OperationResult> pending, Predicate<StackStatus> reached, String what) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    StackStatus status = null;
    while (System.nanoTime() < deadline) {
      try {
        status = run.status();
        if (reached.test(status)) {
          return status;
        }
      } catch (RuntimeException notStartedYet) {
        // the query fails until the first workflow task ran
      }
      if (pending.isDone()) {
        throw new AssertionError("run ended before reaching " + what + ": " + pending.handle((r, e) -> e == null ? r : e).join());
      }
      env.sleep(Duration.ofMillis(250));
    }
    throw new AssertionError("run did not reach " + what + "; last status: " + status);
  }
}
