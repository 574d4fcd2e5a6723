package io.stackpilot.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StackSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How many stacks each wave reaches, and which stacks a selector chooses. */
class RolloutWavesTest {

  @Test
  void wavesCountTheStacksReachedSoFarRoundingSharesUpAndDroppingWavesThatAddNone() {
    assertThat(RolloutWaves.plan(List.of("1", "10%", "50%", "100%"), 40)).containsExactly(1, 4, 20, 40);
    assertThat(RolloutWaves.plan(List.of("1", "10%", "50%", "100%"), 3)).as("10% of 3 is one stack: no wave of its own")
        .containsExactly(1, 2, 3);
    assertThat(RolloutWaves.plan(List.of("100%"), 1)).containsExactly(1);
  }

  @Test
  void wavesThatShrinkOrStopShortOrAreNotCountsAreRefused() {
    assertThatThrownBy(() -> RolloutWaves.plan(List.of("5", "2", "100%"), 10)).isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("waves[1]: '2' reaches 2 stacks, fewer than the wave before (5): waves count the stacks reached so far");
    assertThatThrownBy(() -> RolloutWaves.plan(List.of("1", "50%"), 10))
        .hasMessage("waves: the last wave reaches 5 of 10 stacks; end with 100%");
    assertThatThrownBy(() -> RolloutWaves.plan(List.of("150%"), 10))
        .hasMessage("waves[0]: '150%' must be a number of stacks (1, 5) or a share of them from 1% to 100%");
    assertThatThrownBy(() -> RolloutWaves.plan(List.of("0"), 10)).hasMessageStartingWith("waves[0]: '0' must be");
  }

  @Test
  void aSelectorMatchesReleaseHostCustomerAndLabelsWithGlobsAndAllTermsMustHold() {
    StackSelector eu = StackSelector.parse("release=3.43.*,region=eu");

    assertThat(eu.matches("acme", "acme-1", "3.43.1", Map.of("region", "eu"))).isTrue();
    assertThat(eu.matches("acme", "acme-1", "3.44.0", Map.of("region", "eu"))).isFalse();
    assertThat(eu.matches("acme", "acme-1", "3.43.1", Map.of())).as("no such label: not selected").isFalse();
    assertThat(eu.matches("acme", "acme-1", "3.4301.1", Map.of("region", "eu"))).as("a dot is a dot").isFalse();
    assertThat(StackSelector.parse("host=eu-?,customer=a*").matches("acme", "eu-1", "1.0.0", Map.of())).isTrue();
    assertThatThrownBy(() -> StackSelector.parse("release=3.43.*;rm -rf /")).hasMessageStartingWith(
        "--select: 'release=3.43.*;rm -rf /' must be key=value");
    assertThatThrownBy(() -> StackSelector.parse("Region=eu")).hasMessageContaining("a lower-case key");
  }

  @Test
  void aStackWhoseLabelsAreNotKnownMayMatchOnItsCustomerHostAndReleaseOnly() {
    StackSelector eu = StackSelector.parse("release=3.43.*,host=eu-*,region=eu");

    assertThat(eu.mayMatch("acme", "eu-1", "3.43.1")).as("the label is judged where stack.yaml is read").isTrue();
    assertThat(eu.mayMatch("acme", "us-1", "3.43.1")).isFalse();
    assertThat(eu.mayMatch("acme", "eu-1", "3.44.0")).isFalse();
  }
}
