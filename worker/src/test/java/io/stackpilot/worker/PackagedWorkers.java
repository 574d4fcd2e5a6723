package io.stackpilot.worker;

import io.stackpilot.testing.TestEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the package and image tests share: their build scripts, containers on the host's network, /readyz. */
final class PackagedWorkers {

  private PackagedWorkers() {}

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Runs a dev/ script of this checkout; fails with its output. */
  static void devScript(String script) throws Exception {
    Process build = new ProcessBuilder("../dev/" + script).redirectErrorStream(true).start();
    String output = new String(build.getInputStream().readAllBytes());
    if (build.waitFor() != 0) {
      throw new AssertionError("dev/" + script + " failed:\n" + output);
    }
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
