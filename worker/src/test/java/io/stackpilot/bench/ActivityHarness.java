package io.stackpilot.bench;

import io.stackpilot.activities.compose.StackHostActivitiesImpl;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.temporal.testing.TestActivityEnvironment;

/** Temporal's activity test environment, closed by try-with-resources: a step runs as the worker runs it. */
final class ActivityHarness implements AutoCloseable {

  final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  /** The host agent's stack steps for {@code stack}. */
  StackHostActivities hostSteps(BenchStack stack) {
    env.registerActivitiesImplementations(new StackHostActivitiesImpl(stack.applier, stack.secrets, stack.stacksDir()));
    return env.newActivityStub(StackHostActivities.class);
  }

  @Override
  public void close() {
    env.close();
  }
}
