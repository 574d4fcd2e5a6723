package io.stackpilot.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which command a health test runs and how often the waiter may run it while Docker says "starting". */
class HealthProbeTest {

  @Test
  void runsTheTestAsDockerDoes() {
    assertThat(HealthProbe.command(new HealthCheck().withTest(List.of("CMD", "/usr/local/bin/healthcheck", "--ping"))))
        .containsExactly("/usr/local/bin/healthcheck", "--ping");
    assertThat(HealthProbe.command(new HealthCheck().withTest(List.of("CMD-SHELL", "wget -q -O- http://127.0.0.1/"))))
        .containsExactly("/bin/sh", "-c", "wget -q -O- http://127.0.0.1/");
    assertThat(HealthProbe.command(new HealthCheck().withTest(List.of("NONE")))).isNull();
    assertThat(HealthProbe.command(new HealthCheck().withTest(List.of()))).isNull();
    assertThat(HealthProbe.command(null)).isNull();
  }

  @Test
  void aTestRunsATenthOfItsIntervalApartWithinLimits() {
    assertThat(HealthProbe.gap(interval(Duration.ofSeconds(2)))).isEqualTo(Duration.ofMillis(200));
    assertThat(HealthProbe.gap(interval(Duration.ofMillis(500)))).isEqualTo(Duration.ofMillis(200));
    assertThat(HealthProbe.gap(interval(Duration.ofSeconds(5)))).isEqualTo(Duration.ofMillis(500));
    assertThat(HealthProbe.gap(interval(Duration.ofMinutes(5)))).isEqualTo(Duration.ofSeconds(2));
    assertThat(HealthProbe.gap(new HealthCheck())).as("Docker's default of 30 s").isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aTestWithoutTimeoutGetsDockersDefault() {
    assertThat(HealthProbe.timeout(new HealthCheck())).isEqualTo(Duration.ofSeconds(30));
    assertThat(HealthProbe.timeout(new HealthCheck().withTimeout(Duration.ofSeconds(3).toNanos())))
        .isEqualTo(Duration.ofSeconds(3));
  }

  private static HealthCheck interval(Duration interval) {
    return new HealthCheck().withInterval(interval.toNanos());
  }
}
