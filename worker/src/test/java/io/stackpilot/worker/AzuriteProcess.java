package io.stackpilot.worker;

import io.stackpilot.testing.FreePorts;
import io.stackpilot.testing.TestEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Azurite blob service of a test's own (the one dev/env installed), on a free loopback port with its data in a
 * directory: a store the test can take away and bring back with its blobs, as a storage outage does. It is stopped
 * with SIGTERM: Azurite keeps its metadata in memory and saves it now and then, so a SIGKILL loses what it
 * acknowledged last (real Azure Storage does not).
 */
final class AzuriteProcess implements AutoCloseable {

  private final Path data;
  private final int port = FreePorts.loopback();
  private Process process;

  AzuriteProcess(Path data) {
    this.data = data;
  }

  /** Azurite's well-known development account, on this instance's port. */
  String connectionString() {
    return TestEnvironment.azuriteConnectionString().replaceAll("BlobEndpoint=http://127\\.0\\.0\\.1:\\d+/",
        "BlobEndpoint=http://127.0.0.1:" + port + "/");
  }

  AzuriteProcess start() throws Exception {
    Path azurite = Path.of("..", "dev", "node_modules", ".bin", "azurite-blob").toAbsolutePath().normalize();
    if (!Files.isExecutable(azurite)) {
      throw new AssertionError(azurite + " is missing: run dev/env up, which installs Azurite from npm");
    }
    Files.createDirectories(data);
    process = new ProcessBuilder(List.of(azurite.toString(), "--blobHost", "127.0.0.1", "--blobPort",
        String.valueOf(port), "--location", data.toString(), "--skipApiVersionCheck", "--disableProductStyleUrl"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("azurite.log").toFile()))
        .start();
    for (int i = 0; i < 300; i++) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("Azurite did not listen on port " + port + " within 30 s:\n"
        + Files.readString(data.resolve("azurite.log")));
  }

  /** The outage: the service stops, connections are refused until it starts again; its blobs stay. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      stop();
    }
  }
}
