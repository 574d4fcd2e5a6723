package io.stackpilot.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filters of `stackctl list` and the fleet page, read by the rollout selector's rules. */
class StackFilterTest {

  @Test
  void aHostGlobAndLabelTermsMustAllHold() {
    StackSelector filter = StackSelector.filter("--host", "eu-*", "--label", List.of("tier=gold", "region=eu?,zone=a*"));

    assertThat(filter.matches("acme", "eu-1", "1.0.0", Map.of("tier", "gold", "region", "eu1", "zone", "a2"))).isTrue();
    assertThat(filter.matches("acme", "us-1", "1.0.0", Map.of("tier", "gold", "region", "eu1", "zone", "a2"))).isFalse();
    assertThat(filter.matches("acme", "eu-1", "1.0.0", Map.of("tier", "gold", "region", "eu1"))).as("no zone label")
        .isFalse();
    assertThat(filter.mayMatch("acme", "eu-1", "1.0.0")).as("labels judged where they are known").isTrue();
    assertThat(StackSelector.filter("--host", null, "--label", List.of()).matches("acme", null, null, Map.of()))
        .as("no filter holds for every stack").isTrue();
    assertThat(StackSelector.filter("host", "", "label", List.of(" ")).terms()).isEmpty();
  }

  @Test
  void aFilterThatCannotMatchIsRefusedNamingItsOption() {
    assertThatThrownBy(() -> StackSelector.filter("--host", "eu 1", "--label", List.of()))
        .hasMessage("--host: 'eu 1' must be a host name or a glob of one: letters, digits, dots, dashes, underscores, * "
            + "and ?");
    assertThatThrownBy(() -> StackSelector.filter("--host", null, "--label", List.of("tier")))
        .hasMessageStartingWith("--label: 'tier' must be key=value");
    assertThatThrownBy(() -> StackSelector.filter("--host", null, "--label", List.of("tier=gold,host=eu-1")))
        .hasMessage("--label: 'tier=gold,host=eu-1' names the stack's host, not a label; use --host");
    assertThatThrownBy(() -> StackSelector.filter("host", null, "label", List.of("release=1.*")))
        .hasMessage("label: 'release=1.*' names the stack's release, not a label");
  }
}
