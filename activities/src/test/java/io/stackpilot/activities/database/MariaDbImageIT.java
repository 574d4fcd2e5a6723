package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.stackpilot.testing.Containers;
import io.stackpilot.testing.ContainerTest;
import io.stackpilot.testing.TestEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The locally built MariaDB image initialises an empty data directory and answers queries. */
class MariaDbImageIT extends ContainerTest {


  @Test
  void mariadbStartsHealthyAndAnswersQueries() throws Exception {
    containerId = docker.createContainerCmd(TestEnvironment.mariadbImage())
        .withEnv("MARIADB_ROOT_PASSWORD=it-secret", "MARIADB_DATABASE=demo")
        .withExposedPorts(ExposedPort.tcp(3306))
        .withHealthcheck(new HealthCheck().withTest(List.of("CMD", "/usr/local/bin/healthcheck"))
            .withInterval(Duration.ofMillis(500).toNanos()).withTimeout(Duration.ofSeconds(5).toNanos()).withRetries(120))
        .withHostConfig(HostConfig.newHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(3306))))
        .exec().getId();
    docker.startContainerCmd(containerId).exec();
    Containers.awaitHealthy(docker, containerId, Duration.ofMinutes(2));
    int port = Containers.publishedPort(docker, containerId, 3306);

    try (Connection db = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/demo", "root", "it-secret");
         ResultSet rs = db.createStatement().executeQuery("SELECT VERSION(), DATABASE(), 6 * 7")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("10.11.");
      assertThat(rs.getString(2)).isEqualTo("demo");
      assertThat(rs.getInt(3)).isEqualTo(42);
    }
  }
}
