package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the worker's command line refuses before it starts anything, and what --check-config prints. */
class WorkerCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    WorkerCommand command = new WorkerCommand(Map.of("GIT_TOKEN", "ghp_s3cret"));
    int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    assertThat(command.running()).as("nothing was started").isFalse();
    return code;
  }

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("worker.yaml"), "roles: [control]\nreleaseStore: /srv/releases\n" + yaml);
  }

  @Test
  void withoutATemporalAddressTheWorkerStartsOnlyWhenAskedForTheDevelopmentServer() throws Exception {
    Path file = config("");

    assertThat(run("--config", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("stackpilot-worker: not started: temporal.address: missing; point the worker at "
        + "your Temporal cluster (temporal: { address: temporal.example.com:7233 }), or pass --dev");
  }

  @Test
  void theDevelopmentServerIsNeverStartedBesideACluster() throws Exception {
    Path file = config("temporal: { address: temporal.internal:7233 }\n");

    assertThat(run("--dev", "--config", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--dev starts a development Temporal server, but temporal.address names "
        + "temporal.internal:7233; leave out one of them");
  }

  @Test
  void checkConfigPrintsTheEffectiveConfigurationWithCredentialsMasked() throws Exception {
    Path file = config("temporal: { address: temporal.internal:7233 }\ngit:\n  credentials:\n"
        + "    - { urlPrefix: \"https://git.example.com/\", username: bot, password: env:GIT_TOKEN }\n");

    assertThat(run("--check-config", file.toString())).isZero();
    assertThat(out.toString()).contains("temporal: temporal.internal:7233", "git https://git.example.com/: bot / ****")
        .doesNotContain("ghp_s3cret");
  }

  @Test
  void aRefusedConfigurationIsNamedAndEitherFileOptionIsRequired() throws Exception {
    Path file = config("metrics: { adress: 127.0.0.1:9464 }\n");

    assertThat(run("--check-config", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(file + " is refused", "metrics.adress: unknown key (allowed: address)");
    assertThat(run("--dev")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required argument");
  }
}
