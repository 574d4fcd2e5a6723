package io.stackpilot.cli;

import io.stackpilot.client.LogSetup;
import io.stackpilot.workflows.api.Failures;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The stackctl command line: validate stacks, and start, watch and steer operations on them. */
@Command(
    name = "stackctl",
    mixinStandardHelpOptions = true,
    versionProvider = Stackctl.Version.class,
    description = "Operate customer stacks with Stackpilot.",
    subcommands = {ValidateCommand.class, StartCommand.Install.class, StartCommand.Update.class,
        StartCommand.Migrate.class, StartCommand.Backup.class, StartCommand.Import.class, StartCommand.Rollback.class, StartCommand.Drill.class, PlanCommand.class, SteerCommand.Status.class,
        SteerCommand.Watch.class, SteerCommand.Retry.class, SteerCommand.Skip.class, SteerCommand.Accept.class, SteerCommand.Abort.class,
        HistoryCommand.class, AuditCommand.class, SignInCommand.Login.class, SignInCommand.Logout.class,
        ListCommand.class, BackupsCommand.class, ReleaseCommand.class, ReconcileCommand.class, RolloutCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:a store or server could not be reached or read",
        "2:the configuration is invalid (every problem is printed, one per line)",
        "3:the run failed or was aborted",
        "4:the stack is busy with another operation",
        "5:the run refused the decision (not waiting, or the step cannot be skipped)",
        "64:the command line is wrong"})
public final class Stackctl {

  public static final int UNREACHABLE = 1;
  public static final int INVALID = 2;
  public static final int RUN_FAILED = 3;
  public static final int BUSY = 4;
  public static final int REFUSED = 5;
  public static final int USAGE = 64;

  public static void main(String[] args) {
    Optional<String> badLogging = LogSetup.choose("stackctl", System.getenv());
    if (badLogging.isPresent()) {
      System.err.println("stackctl: " + badLogging.get());
      System.exit(USAGE);
    }
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Stackctl())
        .setExecutionStrategy(Stackctl::runAndDisconnect)
        .setExitCodeExceptionMapper(e -> UNREACHABLE)
        .setExecutionExceptionHandler((e, cli, parsed) -> {
          String root = Failures.rootMessage(e);
          cli.getErr().println("stackctl: " + e.getMessage() + (e.getCause() == null ? "" : " (" + root + ")"));
          return UNREACHABLE;
        })
        .setParameterExceptionHandler((e, args) -> {
          e.getCommandLine().getErr().println("stackctl: " + e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return USAGE;
        });
  }

  /** Runs the command, then ends the connections to Temporal its options opened, also when it failed. */
  private static int runAndDisconnect(CommandLine.ParseResult parsed) {
    try {
      return new CommandLine.RunLast().execute(parsed);
    } finally {
      parsed.asCommandLineList().forEach(command -> disconnect(command.getCommandSpec()));
    }
  }

  private static void disconnect(CommandLine.Model.CommandSpec spec) {
    for (CommandLine.Model.CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof TemporalOptions temporal) {
        temporal.disconnect();
      }
      disconnect(mixin);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Stackctl.class.getPackage().getImplementationVersion();
      return new String[] {"stackctl " + (version == null ? "(development build)" : version)};
    }
  }
}
