package io.stackpilot.cli;

import io.stackpilot.model.RepoUrl;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which customer repo, and which branch, tag or commit of it. */
final class RepoOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  String repo;

  @Option(names = "--ref", defaultValue = "main", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
  String ref;

  /** A URL with credentials is refused before it reaches a workflow input, the history or the Web UI. */
  @Option(names = "--repo", required = true, description = "The customer repo URL, e.g. file:///srv/git/acme.git "
      + "(no credentials in it: they come from the worker configuration).")
  void repo(String url) {
    RepoUrl.refusal(url).ifPresent(why -> {
      throw new ParameterException(spec.commandLine(), "--repo: " + why);
    });
    repo = url;
  }
}
