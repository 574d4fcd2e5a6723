package io.stackpilot.bench;

import io.stackpilot.activities.compose.StackLayout;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.StackHostActivities;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A four-service stack (database, web, task runner, reports; images present) started from nothing, and applied again
 * unchanged: Stackpilot's steps against Debian's docker-compose on the compose file Stackpilot renders.
 */
final class ComposeBench implements AutoCloseable {

  private final BenchStack stack;
  private final DesiredState desired;
  private final String composeProject;
  private final Path composeFile;

  ComposeBench(Path dir) {
    stack = new BenchStack(dir);
    desired = stack.desired("db, web, task-runner, reports");
    composeProject = stack.customer + "-compose";
    composeFile = StackLayout.of(stack.customer, stack.stacksDir()).composeFile();
  }

  private String compose(String arguments) {
    return "docker-compose -p " + composeProject + " -f " + composeFile + " " + arguments;
  }

  private void removeCompose() {
    Shell.run(compose("down -v --remove-orphans"), Map.of());
  }

  List<Measurement> measure(int runs) {
    Measurement cold = new Measurement("cold start of a 4-service stack, images present",
        "PrepareHost + StartDatabase + StartServices", "`docker-compose up -d` on the same rendered file",
        "faster (by 5 % at least)", 1.05);
    Measurement noop = new Measurement("no-op apply of the running stack", "StartServices on the unchanged stack",
        "`docker-compose up -d` on the same file", "≥ 3× faster", 3.0);
    try (ActivityHarness harness = new ActivityHarness()) {
      StackHostActivities steps = harness.hostSteps(stack);
      steps.prepareHost(desired);
      for (int run = 1; run <= runs; run++) {
        Bench.log("compose run " + run + ": docker-compose");
        stack.remove();
        cold.theirs.add(Shell.timed(() -> Shell.run(compose("up -d"), Map.of())));
        noop.theirs.add(Shell.timed(() -> Shell.run(compose("up -d"), Map.of())));
        removeCompose();
        Bench.log("compose run " + run + ": Stackpilot");
        try (PeakHeap heap = new PeakHeap()) {
          cold.ours.add(Shell.timed(() -> {
            steps.prepareHost(desired);
            steps.startDatabase(desired);
            steps.startServices(desired);
          }));
          noop.ours.add(Shell.timed(() -> steps.startServices(desired)));
          cold.peakHeapBytes = Math.max(cold.peakHeapBytes, heap.peak());
          noop.peakHeapBytes = cold.peakHeapBytes;
        }
      }
      if (TestEnvironment.docker().listContainersCmd().withNameFilter(List.of(stack.customer + "-web-1")).exec().isEmpty()) {
        throw new IllegalStateException("Stackpilot's stack did not start its web service");
      }
    }
    return List.of(cold, noop);
  }

  @Override
  public void close() {
    removeCompose();
    stack.remove();
  }
}
