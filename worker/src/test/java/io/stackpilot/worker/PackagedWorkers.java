package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.OperationResult;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the package and image tests share: their build scripts, containers on the host's network, /readyz. */
final class PackagedWorkers {

  private PackagedWorkers() {}

  /** The version this build carries (the Maven project's), which the package, the image and their logs name. */
  static String version() {
    String version = System.getProperty("stackpilot.version");
    if (version == null) {
      throw new AssertionError("the system property stackpilot.version is not set: run the test through Maven");
    }
    return version;
  }

  /** Lets a worker in a container running as another user pass through the test's own (private) directory. */
  static Path traversable(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** Gives {@code dir} and everything in it to {@code uid}: a worker in a container running as that user owns it. */
  static Path ownedBy(Path dir, int uid) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.toList()) {
        Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
    }
    return dir;
  }

  /**
   * Installs {@code stack} (its release committed) with stackctl as an operator does, waits for the run to complete
   * and returns its result; fails with the stack's status and the host agent's {@code agentLog} when it does not
   * complete within five minutes.
   */
  static OperationResult install(TestStack stack, Path agentLog) throws Exception {
    TestStack.Cli install = stack.stackctl("install", stack.customer, "--repo", stack.repoUrl());
    assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
    return awaitOperation(stack, agentLog);
  }

  /** The result of the operation running on {@code stack}, as {@link #install} waits for it. */
  static OperationResult awaitOperation(TestStack stack, Path agentLog) throws Exception {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + stack.temporalPort).build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
          .setDataConverter(StackpilotDataConverter.create()).build());
      return client.newUntypedWorkflowStub(StackNames.operationId(stack.customer))
          .getResult(5, TimeUnit.MINUTES, OperationResult.class);
    } catch (TimeoutException stuck) {
      TestStack.Cli status = stack.stackctl("status", stack.customer);
      throw new AssertionError("the run did not complete within five minutes:\n" + status.out() + status.err()
          + "\nthe host agent said:\n" + Files.readString(agentLog), stuck);
    } finally {
      service.shutdownNow();
    }
  }

  /**
   * How each activity of {@code type} in the latest run on {@code stack} ended ("completed", "failed", "timed out"), in
   * order; empty when the run never scheduled one.
   */
  static List<String> activityOutcomes(TestStack stack, String type) {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + stack.temporalPort).build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
          .setDataConverter(StackpilotDataConverter.create()).build());
      java.util.Map<Long, String> scheduled = new java.util.HashMap<>();
      List<String> outcomes = new ArrayList<>();
      for (io.temporal.api.history.v1.HistoryEvent event : client.fetchHistory(StackNames.operationId(stack.customer))
          .getHistory().getEventsList()) {
        switch (event.getEventType()) {
          case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> scheduled.put(event.getEventId(),
              event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
          case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
            if (type.equals(scheduled.get(event.getActivityTaskCompletedEventAttributes().getScheduledEventId()))) {
              outcomes.add("completed");
            }
          }
          case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
            if (type.equals(scheduled.get(event.getActivityTaskFailedEventAttributes().getScheduledEventId()))) {
              outcomes.add("failed");
            }
          }
          case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
            if (type.equals(scheduled.get(event.getActivityTaskTimedOutEventAttributes().getScheduledEventId()))) {
              outcomes.add("timed out");
            }
          }
          default -> { }
        }
      }
      return outcomes;
    } finally {
      service.shutdownNow();
    }
  }

  /** Runs a dev/ script of this checkout and returns the last line it printed; fails with its output. */
  static String devScript(String script) throws Exception {
    Process build = new ProcessBuilder("../dev/" + script).redirectErrorStream(true).start();
    String output = new String(build.getInputStream().readAllBytes());
    if (build.waitFor() != 0) {
      throw new AssertionError("dev/" + script + " failed:\n" + output);
    }
    List<String> lines = output.lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /** {@code docker run --rm --name name --network host args…} on the test engine, its output in target/name.log. */
  static Process run(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--name", name, "--network", "host"));
    command.addAll(List.of(args));
    ProcessBuilder run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile());
    run.environment().put("DOCKER_HOST", TestEnvironment.dockerHost());
    Process process = run.start();
    process.getOutputStream().close();
    return process;
  }

  static void remove(String name) throws Exception {
    ProcessBuilder remove = new ProcessBuilder("docker", "rm", "-f", name).redirectErrorStream(true);
    remove.environment().put("DOCKER_HOST", TestEnvironment.dockerHost());
    remove.start().waitFor(30, TimeUnit.SECONDS);
  }

  static Path log(String name) {
    return Path.of("target", name + ".log");
  }

  /** What /readyz on {@code port} last answered ("200 ready\n" once ready), within five minutes or while it runs. */
  static String awaitReady(int port, Process process) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String last = "no answer";
    for (int i = 0; i < 600 && process.isAlive(); i++) {
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
            .build(), HttpResponse.BodyHandlers.ofString());
        last = ready.statusCode() + " " + ready.body();
        if (ready.statusCode() == 200) {
          return last;
        }
      } catch (IOException notYet) {
        // still installing, or the worker starting
      }
      Thread.sleep(500);
    }
    return last;
  }
}
