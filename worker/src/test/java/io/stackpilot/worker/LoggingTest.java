package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackpilot.client.LogSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Each program's logging is chosen by name, whatever else is on the class path (here: the tests' logback-test.xml):
 * text lines with their date, or one JSON object a line with the activity's context.
 */
class LoggingTest {

  /** Logs as an activity of the worker does, in a JVM of its own: logging is chosen once per process. */
  public static void main(String[] args) {
    LogSetup.choose("stackpilot-worker", System.getenv()).ifPresent(refusal -> {
      throw new IllegalStateException(refusal);
    });
    Logger log = LoggerFactory.getLogger("io.stackpilot.worker.Probe");
    MDC.put("customer", "acme");
    MDC.put("workflowId", "stack-acme");
    MDC.put("runId", "3f2a9c1b-0000-4000-8000-000000000001");
    MDC.put("step", "RestoreIfEmpty");
    MDC.put("attempt", "2");
    log.info("restored {} rows", 20_000);
    LoggerFactory.getLogger("io.temporal.Chatty").info("a library's info line stays out");
  }

  private static List<String> logLines(String format) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        LoggingTest.class.getName()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put(LogSetup.FORMAT_VARIABLE, format);
    Process process = builder.start();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(stderr).isZero();
    return stderr.lines().filter(line -> !line.isBlank()).toList();
  }

  @Test
  void jsonLogsParseLineByLineWithTheActivitysContext() throws Exception {
    List<String> lines = logLines("json");

    assertThat(lines).hasSize(1);
    JsonNode event = new ObjectMapper().readTree(lines.get(0));
    assertThat(event.path("level").asText()).isEqualTo("INFO");
    assertThat(event.path("loggerName").asText()).isEqualTo("io.stackpilot.worker.Probe");
    assertThat(event.path("formattedMessage").asText()).isEqualTo("restored 20000 rows");
    assertThat(event.path("timestamp").asLong()).isPositive();
    assertThat(event.path("mdc").path("customer").asText()).isEqualTo("acme");
    assertThat(event.path("mdc").path("workflowId").asText()).isEqualTo("stack-acme");
    assertThat(event.path("mdc").path("runId").asText()).isEqualTo("3f2a9c1b-0000-4000-8000-000000000001");
    assertThat(event.path("mdc").path("step").asText()).isEqualTo("RestoreIfEmpty");
    assertThat(event.path("mdc").path("attempt").asText()).isEqualTo("2");
  }

  @Test
  void textLogsCarryTheirDateAndTheWorkersContextNotTheTestsConfiguration() throws Exception {
    List<String> lines = logLines("text");

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO  "
        + "\\[acme stack-acme RestoreIfEmpty\\] i\\.s\\.worker\\.Probe - restored 20000 rows");
  }

  @Test
  void noJarCarriesALoggingConfigurationThatTheClassPathOrderCouldPick() throws Exception {
    try (Stream<Path> files = Files.walk(Path.of(".."), 5)) {
      assertThat(files.filter(p -> p.toString().contains("src" + java.io.File.separator + "main"))
          .filter(p -> p.getFileName().toString().equals("logback.xml"))).isEmpty();
    }
  }
}
