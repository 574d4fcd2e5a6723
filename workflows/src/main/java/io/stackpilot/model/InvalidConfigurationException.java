package io.stackpilot.model;

import io.stackpilot.failures.FailureType;
import io.stackpilot.failures.TypedException;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a configuration, one per line. Retrying cannot fix it: the input must change. */
public class InvalidConfigurationException extends TypedException {

  private final List<Problem> problems;

  public InvalidConfigurationException(List<Problem> problems) {
    super(FailureType.INVALID_CONFIGURATION, problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** A wrong setting found outside a validated file (a store location, a backup id): the message names it. */
  public InvalidConfigurationException(String message) {
    super(FailureType.INVALID_CONFIGURATION, message);
    this.problems = List.of();
  }

  public List<Problem> problems() {
    return problems;
  }
}
