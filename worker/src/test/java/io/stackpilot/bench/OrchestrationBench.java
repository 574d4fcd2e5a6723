package io.stackpilot.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/** What a step costs Stackpilot's orchestration alone: a workflow of no-op activity steps on Temporal's test server. */
final class OrchestrationBench {

  @ActivityInterface
  public interface NoOp {
    void step(int index);
  }

  @WorkflowInterface
  public interface Steps {
    @WorkflowMethod
    int run(int steps);
  }

  public static final class StepsImpl implements Steps {
    private final NoOp noOp = Workflow.newActivityStub(NoOp.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public int run(int steps) {
      for (int i = 0; i < steps; i++) {
        noOp.step(i);
      }
      return steps;
    }
  }

  private OrchestrationBench() {}

  static Measurement measure(int runs, int steps) {
    Measurement line = Measurement.alone("orchestration: a workflow of " + steps + " no-op steps",
        "one step, on Temporal's test server in the worker's JVM", "≤ 50 ms per step", "ms", 50);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("bench");
      worker.registerWorkflowImplementationTypes(StepsImpl.class);
      worker.registerActivitiesImplementations((NoOp) index -> { });
      env.start();
      for (int run = 0; run <= runs; run++) {
        Steps workflow = env.getWorkflowClient().newWorkflowStub(Steps.class,
            WorkflowOptions.newBuilder().setTaskQueue("bench").setWorkflowId("bench-" + run).build());
        double seconds = Shell.timed(() -> workflow.run(steps));
        if (run > 0) {
          line.ours.add(seconds * 1000 / steps);
        }
      }
    }
    return line;
  }
}
