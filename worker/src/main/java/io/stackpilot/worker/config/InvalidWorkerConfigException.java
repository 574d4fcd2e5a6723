package io.stackpilot.worker.config;

import java.util.List;

/** Settings that stop the worker from starting, one per line, each naming the setting. */
public final class InvalidWorkerConfigException extends RuntimeException {

  public InvalidWorkerConfigException(List<String> problems) {
    super(String.join("\n", problems));
  }
}
