package io.stackpilot.worker;

import io.stackpilot.worker.config.InvalidWorkerConfigException;
import io.stackpilot.worker.config.WorkerConfig;
import io.stackpilot.worker.config.WorkerConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What {@code stackpilot-worker} is asked: run with a configuration, or only check one. */
@Command(name = "stackpilot-worker", mixinStandardHelpOptions = true, versionProvider = WorkerCommand.Version.class,
    description = "Runs the Stackpilot worker: the control role (workflows, git, stores) and/or the host agent of "
        + "one host (Docker and data steps).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:checked (--check-config), or stopped by SIGTERM", "1:Temporal does not answer (the reason is said)",
        "2:the configuration is refused",
        "64:the command line is wrong"})
final class WorkerCommand implements Callable<Integer> {

  static final int UNREACHABLE = 1;
  static final int INVALID = 2;
  static final String EMBEDDED_PORT = "STACKPILOT_EMBEDDED_PORT";

  static final class What {
    @Option(names = "--config", paramLabel = "FILE", required = true,
        description = "The worker's settings; config-samples/worker.yaml shows every one.")
    Path config;

    @Option(names = "--check-config", paramLabel = "FILE", required = true,
        description = "Check FILE and print the effective configuration, credentials masked; starts nothing.")
    Path check;
  }

  @Spec
  CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  @Option(names = "--dev", description = "Without temporal.address: start Temporal's in-memory test server on "
      + "127.0.0.1 (port 7233, or " + EMBEDDED_PORT + "). Development only: unauthenticated, its history gone with the "
      + "worker.")
  boolean dev;

  private final Map<String, String> environment;
  private StackpilotWorker started;

  WorkerCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Path file = what.config != null ? what.config : what.check;
    WorkerConfig config;
    try {
      config = new WorkerConfigLoader(environment).load(file);
    } catch (InvalidWorkerConfigException e) {
      err.println("stackpilot-worker: " + (what.check != null ? file + " is refused" : "not started") + ":\n"
          + e.getMessage());
      return INVALID;
    }
    if (what.check != null) {
      spec.commandLine().getOut().println(config.masked());
      return 0;
    }
    String refusal = devRefusal(config);
    if (refusal != null) {
      err.println("stackpilot-worker: not started: " + refusal);
      return INVALID;
    }
    String port = environment.getOrDefault(EMBEDDED_PORT, "7233");
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      err.println("stackpilot-worker: not started: " + EMBEDDED_PORT + ": '" + port + "' is not a port from 1 to 65535");
      return INVALID;
    }
    StackpilotWorker worker = new StackpilotWorker(config, Integer.parseInt(port));
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "stackpilot-worker-shutdown"));
    try {
      worker.start();
    } catch (TemporalConnection.Unreachable e) {
      err.println("stackpilot-worker: not started: " + e.getMessage());
      return UNREACHABLE;
    }
    started = worker;
    return 0;
  }

  /** The development server runs only when asked for, and only then: never instead of a cluster by omission. */
  private String devRefusal(WorkerConfig config) {
    if (config.temporal().embedded() && !dev) {
      return "temporal.address: missing; point the worker at your Temporal cluster (temporal: { address: "
          + "temporal.example.com:7233 }), or pass --dev to start Temporal's in-memory test server on 127.0.0.1 for "
          + "development";
    }
    if (!config.temporal().embedded() && dev) {
      return "--dev starts a development Temporal server, but temporal.address names " + config.temporal().address()
          + "; leave out one of them";
    }
    return null;
  }

  /** Whether the worker runs now: its threads keep the process alive until SIGTERM. */
  boolean running() {
    return started != null;
  }

  /** The version Maven built into the jar's manifest; a build from the source tree has none. */
  static String version() {
    String version = WorkerCommand.class.getPackage().getImplementationVersion();
    return "stackpilot-worker " + (version == null ? "(development build)" : version);
  }

  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {version()};
    }
  }
}
