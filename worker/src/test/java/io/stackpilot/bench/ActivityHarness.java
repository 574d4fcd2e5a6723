package io.stackpilot.bench;

import io.temporal.testing.TestActivityEnvironment;

/** Temporal's activity test environment, closed by try-with-resources: a step runs as the worker runs it. */
final class ActivityHarness implements AutoCloseable {

  final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @Override
  public void close() {
    env.close();
  }
}
