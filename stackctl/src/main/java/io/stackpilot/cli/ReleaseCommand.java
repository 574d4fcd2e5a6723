package io.stackpilot.cli;

import io.stackpilot.activities.docker.DockerClients;
import io.stackpilot.activities.release.ReleaseChecks;
import io.stackpilot.activities.release.ReleasePublisher;
import io.stackpilot.activities.release.VanillaBuild;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.StoreLocations;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.SecretRef;
import io.stackpilot.model.StoreLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The vendor CI's side: build a release's vanilla backup reproducibly, check the release, publish it write-once. */
@Command(name = "release", description = "Build, check and publish a release into a release store (the vendor's CI).",
    subcommands = {ReleaseCommand.Build.class, ReleaseCommand.Publish.class})
final class ReleaseCommand {

  @Command(name = "build", description = "Build <release-dir>/vanilla/ from its migrations, seed SQL and files; "
      + "the same sources give the same bytes.")
  static final class Build implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<release-dir>", description = "A release's sources, e.g. releases/1.1.0.")
    Path release;

    @Override
    public Integer call() {
      requireRelease(spec, release);
      BackupManifest built = new VanillaBuild(release).build();
      PrintWriter out = spec.commandLine().getOut();
      out.println("vanilla backup of " + built.release() + ": schema version " + built.schemaVersion() + ", "
          + built.totalSize() + " bytes");
      out.flush();
      return 0;
    }
  }

  @Command(name = "publish", description = "Build the vanilla backup, check the release (release.yaml, images in their "
      + "registries, migrations on an empty and on the previous release's vanilla database, in a throwaway container) "
      + "and publish it write-once: the same bytes again change nothing, other bytes are refused.")
  static final class Publish implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<release-dir>", description = "A release's sources, e.g. releases/1.1.0.")
    Path release;

    @Option(names = "--to", required = true, paramLabel = "<release-store>",
        description = "A directory, file:///path (a mounted share) or azure://<account>/<container>[/<prefix>].")
    String to;

    @Option(names = "--azure-connection-string", paramLabel = "<reference>",
        defaultValue = "env:STACKPILOT_AZURE_CONNECTION_STRING",
        description = "Where the storage account's connection string is: env:NAME or file:/path, never the string itself "
            + "(default: ${DEFAULT-VALUE}).")
    String azureConnection;

    @Option(names = "--docker-host", defaultValue = "${env:DOCKER_HOST:-unix:///var/run/docker.sock}",
        description = "The Docker Engine the migration check runs its throwaway database on (default: ${DEFAULT-VALUE}).")
    String dockerHost;

    @Override
    public Integer call() {
      requireRelease(spec, release);
      PrintWriter out = spec.commandLine().getOut();
      String version = release.getFileName().toString();
      StoreLocations.Publishing store = store();
      try {
        out.println("building the vanilla backup of " + version);
        out.flush();
        new VanillaBuild(release).build();
        new ReleaseChecks(DockerClients.connect(dockerHost), dockerHost).check(release, store.store(), check -> {
          out.println("checking " + check);
          out.flush();
        });
        ReleasePublisher.Published published = ReleasePublisher.publish(release.toAbsolutePath().normalize(), store.target());
        out.println("release " + version + " published in " + store.target().location() + ": "
            + published.written().size() + " file(s) written, " + published.unchanged().size() + " already there");
        out.flush();
        return 0;
      } catch (InvalidConfigurationException e) {
        spec.commandLine().getErr().println("stackctl: release " + version + " is not published:\n" + e.getMessage());
        return Stackctl.INVALID;
      }
    }

    private StoreLocations.Publishing store() {
      Optional<StoreLocation> at = StoreLocation.parseRelease(to);
      if (at.isEmpty() && to.startsWith("azure:")) {
        throw new ParameterException(spec.commandLine(), "--to '" + to + "' is not azure://<account>/<container>[/<prefix>]");
      }
      Map<String, String> accounts = at.orElse(null) instanceof StoreLocation.Azure azure
          ? Map.of(azure.account(), connectionString()) : Map.of();
      try {
        return new StoreLocations(accounts).publishing(at.isPresent() ? to : Path.of(to).toAbsolutePath().toString());
      } catch (InvalidConfigurationException e) {
        throw new ParameterException(spec.commandLine(), "--to " + to + ": " + e.getMessage());
      }
    }

    private String connectionString() {
      SecretRef ref = SecretRef.parse(azureConnection).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "--azure-connection-string must be " + SecretRef.FORMS + ", never the connection string itself"));
      String value;
      try {
        value = ref.read(System.getenv());
        value = value == null ? null : value.trim();
      } catch (IOException e) {
        value = null;
      }
      if (value == null || value.isBlank()) {
        throw new ParameterException(spec.commandLine(), "--to " + to + ": " + azureConnection
            + " does not hold the storage account's connection string");
      }
      return value;
    }
  }

  private static void requireRelease(CommandSpec spec, Path release) {
    if (!Files.isRegularFile(release.resolve("release.yaml"))) {
      throw new ParameterException(spec.commandLine(), "'" + release + "' is not a release directory (no release.yaml)");
    }
  }
}
