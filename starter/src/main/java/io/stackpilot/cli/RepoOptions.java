package io.stackpilot.cli;

import picocli.CommandLine.Option;

/** Which customer repo, and which branch, tag or commit of it. */
final class RepoOptions {

  @Option(names = "--repo", required = true, description = "The customer repo URL, e.g. file:///srv/git/acme.git.")
  String repo;

  @Option(names = "--ref", defaultValue = "main", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
  String ref;
}
