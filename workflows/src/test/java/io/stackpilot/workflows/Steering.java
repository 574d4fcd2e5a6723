package io.stackpilot.workflows;

import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackStatus;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Steers a run under test. The test service skips time only while a client waits for the result, so a run is
 * started with its result pending ({@link #resultOf}), which lets retries and timeouts happen at once, and its
 * status is polled in real time.
 */
final class Steering {

  private Steering() {}

  /** The pending result of a started run; waiting on it is what lets the test service skip time. */
  static CompletableFuture<OperationResult> resultOf(SteerableStack run) {
    return WorkflowStub.fromTyped(run).getResultAsync(OperationResult.class);
  }

  static StackStatus awaitAttention(SteerableStack run, CompletableFuture<OperationResult> pending) {
    return await(run, pending, s -> StackStatus.NEEDS_ATTENTION.equals(s.state()), "NeedsAttention");
  }

  static StackStatus awaitStep(SteerableStack run, CompletableFuture<OperationResult> pending, String step) {
    return await(run, pending, s -> step.equals(s.step()), "step " + step);
  }

  private static StackStatus await(SteerableStack run, CompletableFuture<OperationResult> pending,
      Predicate<StackStatus> reached, String what) {
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
      try {
        OperationResult ended = pending.get(50, TimeUnit.MILLISECONDS);
        throw new AssertionError("run completed before reaching " + what + ": " + ended);
      } catch (TimeoutException stillRunning) {
        // waiting on the result is what lets the test service skip time
      } catch (ExecutionException e) {
        throw new AssertionError("run failed before reaching " + what, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("run did not reach " + what + "; last status: " + status);
  }
}
