package io.stackpilot.model;

import java.util.List;

/** A value read from configuration, or every problem that prevents reading it. */
public record Result<T>(T value, List<Problem> problems) {

  public Result {
    problems = List.copyOf(problems);
  }

  public static <T> Result<T> valid(T value) {
    return new Result<>(value, List.of());
  }

  public static <T> Result<T> invalid(List<Problem> problems) {
    return new Result<>(null, problems);
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  /** The value, or an {@link InvalidConfigurationException} listing every problem. */
  public T orThrow() {
    if (!isValid()) {
      throw new InvalidConfigurationException(problems);
    }
    return value;
  }
}
