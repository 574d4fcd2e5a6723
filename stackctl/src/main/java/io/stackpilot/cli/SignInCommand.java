package io.stackpilot.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** stackctl login and logout: who the runs you start and steer name, proven by your identity provider. */
final class SignInCommand {

  private SignInCommand() {}

  @Command(name = "login", description = {"Sign in through your identity provider with a code you confirm in a browser "
      + "(OAuth 2.0 device flow); until the ID token expires, runs you start and steer name you. Kept in a file only "
      + "you may read."})
  static final class Login implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--issuer", defaultValue = "${env:STACKPILOT_OIDC_ISSUER}", required = true,
        description = "The provider's issuer URL (default: $STACKPILOT_OIDC_ISSUER).")
    String issuer;

    @Option(names = "--client-id", defaultValue = "${env:STACKPILOT_OIDC_CLIENT:-stackctl}",
        description = "stackctl's client at the provider, a public client with the device flow (default: ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--name-claim", defaultValue = "preferred_username", description = "Default: ${DEFAULT-VALUE}.")
    String nameClaim;

    @Option(names = "--groups-claim", defaultValue = "groups", description = "Default: ${DEFAULT-VALUE}.")
    String groupsClaim;

    @Option(names = "--wait", defaultValue = "PT5M", description = "How long to wait for the code to be confirmed "
        + "(default: ${DEFAULT-VALUE}).")
    Duration patience;

    @Option(names = "--identity-file", defaultValue = "${env:STACKPILOT_IDENTITY_FILE}",
        description = "Where the sign-in is kept (default: $STACKPILOT_IDENTITY_FILE, else ~/.config/stackpilot/identity.json).")
    Path file;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      SignedIn signedIn = new DeviceSignIn(issuer, clientId, nameClaim, groupsClaim).signIn(out, patience);
      signedIn.write(file == null ? SignedIn.defaultFile() : file);
      out.println("signed in as " + signedIn.name() + (signedIn.groups().isEmpty() ? ""
          : " (groups: " + String.join(", ", signedIn.groups()) + ")") + " through " + issuer + " until "
          + signedIn.until());
      out.flush();
      return 0;
    }
  }

  @Command(name = "logout", description = "Forget the sign-in of stackctl login.")
  static final class Logout implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--identity-file", defaultValue = "${env:STACKPILOT_IDENTITY_FILE}",
        description = "Where the sign-in is kept (default: $STACKPILOT_IDENTITY_FILE, else ~/.config/stackpilot/identity.json).")
    Path file;

    @Override
    public Integer call() throws Exception {
      Path kept = file == null ? SignedIn.defaultFile() : file;
      boolean was = SignedIn.read(kept, Instant.now()).isPresent();
      Files.deleteIfExists(kept);
      spec.commandLine().getOut().println(was ? "signed out" : "nobody was signed in");
      return 0;
    }
  }
}
