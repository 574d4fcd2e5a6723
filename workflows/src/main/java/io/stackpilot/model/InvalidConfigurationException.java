package io.stackpilot.model;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a configuration, one per line. Retrying cannot fix it: the input must change. */
public class InvalidConfigurationException extends RuntimeException {

  private final List<Problem> problems;

  public InvalidConfigurationException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** A wrong setting found outside a validated file (a store location, a backup id): the message names it. */
  public InvalidConfigurationException(String message) {
    super(message);
    this.problems = List.of();
  }

  public List<Problem> problems() {
    return problems;
  }
}
