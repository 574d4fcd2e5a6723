package io.stackpilot.activities.release;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.luben.zstd.ZstdInputStream;
import io.stackpilot.activities.database.DatabaseException;
import io.stackpilot.activities.database.DatabaseMigrations;
import io.stackpilot.activities.database.MariaDbShell;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.ReleaseStore;
import io.stackpilot.model.ReleaseSpec;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Applies a release's migrations where they will run, before the release is published: in a throwaway container of
 * the release's own database image, on an empty database and on the previous release's vanilla database. The
 * container and its data are removed afterwards.
 */
final class MigrationRehearsal {

  /** The previous release in the store: its version and where its vanilla backup is read from. */
  record Previous(String version, ReleaseStore store) {}

  private final DockerClient docker;
  private final String dockerHost;

  MigrationRehearsal(DockerClient docker, String dockerHost) {
    this.docker = docker;
    this.dockerHost = dockerHost;
  }

  /** The problems found; empty when the migrations apply on both databases. */
  List<String> rehearse(String version, ReleaseSpec release, SortedMap<String, String> migrations, Previous previous)
      throws InterruptedException {
    String image = release.services().get(release.database().service()).image();
    String database = release.database().name();
    String password = UUID.randomUUID().toString();
    ensureImage(image);
    String container = docker.createContainerCmd(image)
        .withName("stackpilot-release-check-" + UUID.randomUUID().toString().substring(0, 8))
        .withLabels(Map.of("io.stackpilot.helper", "release-check"))
        .withEnv("MARIADB_ROOT_PASSWORD=" + password, "MARIADB_DATABASE=" + database)
        .withExposedPorts(ExposedPort.tcp(3306))
        .withHostConfig(HostConfig.newHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(3306))))
        .exec().getId();
    List<String> problems = new ArrayList<>();
    try {
      docker.startContainerCmd(container).exec();
      String url = "jdbc:mariadb://127.0.0.1:" + port(container) + "/" + database;
      awaitConnection(url, password);
      migrate(url, password, database, version, migrations, null, "an empty database", problems);
      if (previous != null) {
        MariaDbShell shell = new MariaDbShell(new ContainerExec(docker, dockerHost), container, password);
        shell.query("DROP DATABASE " + MariaDbShell.identifier(database));
        shell.query("CREATE DATABASE " + MariaDbShell.identifier(database));
        BackupManifest vanilla = previous.store().vanillaManifest(previous.version());
        try (InputStream sql = new ZstdInputStream(previous.store().openVanillaPart(previous.version(), "db.sql.zst"))) {
          shell.load(database, sql, Duration.ofMinutes(30));
        }
        migrate(url, password, database, version, migrations, vanilla.schemaVersion(),
            "the vanilla database of release " + previous.version(), problems);
      }
    } catch (java.io.IOException e) {
      problems.add("the previous release's vanilla database cannot be read: " + e.getMessage());
    } finally {
      docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec();
    }
    return problems;
  }

  private static void migrate(String url, String password, String database, String version,
      SortedMap<String, String> migrations, String baseline, String on, List<String> problems) {
    try {
      new DatabaseMigrations().migrate(url, password, database, version, migrations, baseline);
    } catch (DatabaseException | io.stackpilot.activities.database.SchemaNewerThanReleaseException e) {
      problems.add("the migrations of release " + version + " fail on " + on + ": " + e.getMessage());
    }
  }

  private void ensureImage(String image) throws InterruptedException {
    try {
      docker.inspectImageCmd(image).exec();
    } catch (NotFoundException missing) {
      docker.pullImageCmd(image).start().awaitCompletion(10, TimeUnit.MINUTES);
    }
  }

  private int port(String container) {
    var bindings = docker.inspectContainerCmd(container).exec().getNetworkSettings().getPorts().getBindings();
    return Integer.parseInt(bindings.get(ExposedPort.tcp(3306))[0].getHostPortSpec());
  }

  private static void awaitConnection(String url, String password) throws InterruptedException {
    SQLException last = null;
    for (long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2); System.nanoTime() < deadline; ) {
      try (Connection ignored = DriverManager.getConnection(url, "root", password)) {
        return;
      } catch (SQLException e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException("the release's database image did not accept connections within 2 minutes: "
        + (last == null ? "" : last.getMessage()));
  }
}
