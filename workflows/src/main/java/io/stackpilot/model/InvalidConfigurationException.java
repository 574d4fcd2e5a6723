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

  public List<Problem> problems() {
    return problems;
  }
}
