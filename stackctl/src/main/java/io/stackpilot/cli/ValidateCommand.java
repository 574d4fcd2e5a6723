package io.stackpilot.cli;

import io.stackpilot.model.Problem;
import io.stackpilot.model.ReleaseCatalog;
import io.stackpilot.model.Result;
import io.stackpilot.model.StackSpec;
import io.stackpilot.model.StackValidator;
import io.stackpilot.model.ValidatedStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks a customer repo's stack.yaml against the release store, as an operator's CI would. */
@Command(
    name = "validate",
    description = {
        "Validate a customer repo's stack.yaml together with the release it names.",
        "Prints a one-line summary and exits 0 when valid; prints every problem, one per line, and exits 2 when not."})
final class ValidateCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<customer-repo>", description = "Customer repo directory, or its stack.yaml.")
  private Path repo;

  @Option(names = "--releases", required = true, paramLabel = "<release-store>",
      description = "Release store: a directory, a file:// URL, or an http(s):// URL such as a blob container URL with a SAS token.")
  private String releases;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path stackFile = Files.isDirectory(repo) ? repo.resolve(StackValidator.FILE) : repo;
    if (!Files.isRegularFile(stackFile)) {
      err.println("stackctl: " + stackFile + ": no such file; a customer repo has stack.yaml at its root");
      return Stackctl.INVALID;
    }
    ReleaseCatalog catalog;
    try {
      catalog = ReleaseStores.open(releases);
    } catch (IllegalArgumentException e) {
      err.println("stackctl: --releases: " + e.getMessage());
      return Stackctl.USAGE;
    }
    Result<ValidatedStack> result;
    try {
      result = StackValidator.validate(Files.readString(stackFile), catalog);
    } catch (IOException e) {
      err.println("stackctl: cannot read " + stackFile + ": " + e.getMessage());
      return Stackctl.UNREACHABLE;
    } catch (ReleaseStoreUnavailableException | UncheckedIOException e) {
      err.println("stackctl: release store " + ReleaseStores.redacted(releases) + ": " + e.getMessage());
      return Stackctl.UNREACHABLE;
    }
    if (!result.isValid()) {
      result.problems().stream().map(Problem::toString).forEach(out::println);
      out.flush();
      return Stackctl.INVALID;
    }
    out.println(summary(result.value()));
    out.flush();
    return 0;
  }

  static String summary(ValidatedStack validated) {
    StackSpec s = validated.stack();
    return "stack.yaml is valid: " + s.customer() + " on " + s.host() + ", release " + s.release() + " (" + s.sizing()
        + "), services " + String.join(", ", s.services()) + "; backups to " + s.backup().store() + " at "
        + s.backup().at() + " " + s.backup().timezone();
  }
}
