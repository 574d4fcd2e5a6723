package io.stackpilot.worker;

import io.stackpilot.client.LogSetup;
import java.util.Optional;
import picocli.CommandLine;

/** The worker's entry point: its logging is chosen by name before any class logs, then the command runs. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Optional<String> badLogging = LogSetup.choose("stackpilot-worker", System.getenv());
    if (badLogging.isPresent()) {
      System.err.println("stackpilot-worker: not started: " + badLogging.get());
      System.exit(WorkerCommand.INVALID);
    }
    WorkerCommand command = new WorkerCommand(System.getenv());
    int code = new CommandLine(command).execute(args);
    if (!command.running()) {
      System.exit(code);
    }
  }
}
