package io.stackpilot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The stackctl command line: validate stacks, and start, watch and steer operations on them. */
@Command(
    name = "stackctl",
    mixinStandardHelpOptions = true,
    versionProvider = Stackctl.Version.class,
    description = "Operate customer stacks with Stackpilot.",
    subcommands = {ValidateCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:a store or server could not be reached or read",
        "2:the configuration is invalid (every problem is printed, one per line)",
        "64:the command line is wrong"})
public final class Stackctl {

  public static final int UNREACHABLE = 1;
  public static final int INVALID = 2;
  public static final int USAGE = 64;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Stackctl())
        .setExitCodeExceptionMapper(e -> UNREACHABLE)
        .setParameterExceptionHandler((e, args) -> {
          e.getCommandLine().getErr().println("stackctl: " + e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return USAGE;
        });
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Stackctl.class.getPackage().getImplementationVersion();
      return new String[] {"stackctl " + (version == null ? "(development build)" : version)};
    }
  }
}
