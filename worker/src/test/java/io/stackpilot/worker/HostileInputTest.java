package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.model.DirectoryReleaseCatalog;
import io.stackpilot.model.Problem;
import io.stackpilot.model.ReleaseReader;
import io.stackpilot.model.Result;
import io.stackpilot.model.StackValidator;
import io.stackpilot.worker.config.InvalidWorkerConfigException;
import io.stackpilot.worker.config.WorkerConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A corpus of hostile configuration files (src/test/resources/hostile: stack.yaml, release.yaml, worker
 * configuration), each refused with a message that names the field its second line names, one problem per line,
 * in under a second, without a stack trace.
 */
class HostileInputTest {

  private static final Path CORPUS = Path.of("src", "test", "resources", "hostile");
  private static final Map<String, String> ENVIRONMENT = Map.of("ACME_AZURE", "AccountKey=x", "ACME__AZURE", "AccountKey=x", "GIT_TOKEN", "t0ken",
      "SHORT_KEY", Base64.getEncoder().encodeToString(new byte[8]),
      "CODEC_KEY", Base64.getEncoder().encodeToString(new byte[32]));

  @Test
  void everyHostileInputIsRefusedNamingItsField() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(CORPUS)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<String> failures = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file);
      String expected = text.lines().skip(1).findFirst().orElse("").replaceFirst("^# refused: ", "");
      long started = System.nanoTime();
      String message = refusal(file, text);
      long millis = (System.nanoTime() - started) / 1_000_000;
      String name = CORPUS.relativize(file).toString();
      if (message == null) {
        failures.add(name + ": accepted");
      } else if (!message.contains(expected)) {
        failures.add(name + ": the message does not name '" + expected + "':\n    " + message.replace("\n", "\n    "));
      } else if (!message.lines().allMatch(line -> line.startsWith(fileNamed(file)))) {
        failures.add(name + ": a problem spans lines (each line must start with '" + fileNamed(file) + "'):\n    " + message);
      } else if (message.contains("Exception") || message.contains("\tat ") || message.contains("\n\tat")) {
        failures.add(name + ": the message carries a stack trace:\n    " + message);
      } else if (millis >= 10_000) {
        // a hang guard, not a speed target: an input that expands (aliases, nesting) would run for minutes or exhaust
        // the heap; the first file also pays for loading the parser on a busy machine
        failures.add(name + ": refused after " + millis + " ms");
      }
    }
    System.out.println("hostile inputs refused " + (files.size() - failures.size()) + "/" + files.size());
    assertThat(files).as("the corpus").hasSizeGreaterThanOrEqualTo(60);
    assertThat(failures).as("hostile inputs not refused as they should be").isEmpty();
  }

  /** The file name each line of a refusal starts with. */
  private static String fileNamed(Path file) {
    return switch (file.getParent().getFileName().toString()) {
      case "stack" -> StackValidator.FILE + ": ";
      case "release" -> ReleaseReader.fileName("1.0.0") + ": ";
      default -> file + ": ";
    };
  }

  /** The message the input is refused with, or null when it is accepted. */
  private static String refusal(Path file, String text) {
    String kind = file.getParent().getFileName().toString();
    switch (kind) {
      case "stack" -> {
        Result<?> result = StackValidator.validate(text, new DirectoryReleaseCatalog(Path.of("..", "config-samples", "releases")));
        return result.isValid() ? null : String.join("\n", result.problems().stream().map(Problem::toString).toList());
      }
      case "release" -> {
        Result<?> result = ReleaseReader.read("1.0.0", text);
        return result.isValid() ? null : String.join("\n", result.problems().stream().map(Problem::toString).toList());
      }
      case "worker" -> {
        try {
          new WorkerConfigLoader(ENVIRONMENT).load(file);
          return null;
        } catch (InvalidWorkerConfigException e) {
          return e.getMessage();
        }
      }
      default -> throw new IllegalStateException("unknown corpus folder " + kind);
    }
  }
}
