package io.stackpilot.worker.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may do what with which stack, decided from grants alone. */
class AccessRulesTest {

  private static final Principal ALICE = new Principal("alice", List.of("platform"));
  private static final Principal VERA = new Principal("vera", List.of("acme-support"));
  private static final Principal EVE = new Principal("eve", List.of());

  private final AccessRules rules = new AccessRules(List.of(
      new Grant(Role.VIEWER, List.of(), List.of("acme-support"), List.of("acme*"), List.of("eu-*")),
      new Grant(Role.OPERATOR, List.of(), List.of("platform"), List.of("*"), List.of()),
      new Grant(Role.ADMIN, List.of("alice"), List.of(), List.of("beta"), List.of())), false);

  @Test
  void theHighestRoleOfEveryGrantThatCoversTheStackCounts() {
    assertThat(rules.role(ALICE, "acme", "eu-1")).hasValue(Role.OPERATOR);
    assertThat(rules.role(ALICE, "beta", "us-1")).as("admin by name on beta, operator by group everywhere")
        .hasValue(Role.ADMIN);
    assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
    assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
  }

  @Test
  void customerAndHostPatternsScopeAGrant() {
    assertThat(rules.role(VERA, "acme", "eu-1")).hasValue(Role.VIEWER);
    assertThat(rules.role(VERA, "acme-eu", "eu-2")).hasValue(Role.VIEWER);
    assertThat(rules.role(VERA, "beta", "eu-1")).as("another customer").isEmpty();
    assertThat(rules.role(VERA, "acme", "us-1")).as("another host").isEmpty();
    assertThat(rules.role(VERA, "acme", null)).as("a host not known yet matches no host pattern").isEmpty();
    assertThat(rules.maySee(VERA, "acme")).isTrue();
    assertThat(rules.maySee(VERA, "beta")).as("the fleet drops beta before it reads its host").isFalse();
  }

  @Test
  void nobodyElseGetsAnythingAndAnonymousOnlyReadsAnOpenedDashboard() {
    assertThat(rules.role(EVE, "acme", "eu-1")).isEmpty();
    assertThat(rules.role(new Principal("vera", List.of()), "acme", "eu-1")).as("the name is not the group").isEmpty();
    assertThat(rules.role(Principal.ANONYMOUS, "acme", "eu-1")).isEmpty();
    AccessRules open = new AccessRules(rules.grants(), true);
    assertThat(open.role(Principal.ANONYMOUS, "acme", "eu-1")).hasValue(Role.VIEWER);
    assertThat(open.role(ALICE, "acme", "eu-1")).as("publicRead takes nothing from a grant").hasValue(Role.OPERATOR);
  }

  @Test
  void withoutGrantsEveryNamedOperatorOperatesEveryStack() {
    AccessRules before = AccessRules.everyOperatorEverywhere(List.of("alice"), false);
    assertThat(before.role(ALICE, "anyone", null)).hasValue(Role.OPERATOR);
    assertThat(before.role(EVE, "anyone", null)).isEmpty();
  }

  @Test
  void aPatternStarMatchesAnyRunOfCharactersAndNothingElseIsSpecial() {
    assertThat(Grant.matches("acme*", "acme")).isTrue();
    assertThat(Grant.matches("*-eu", "acme-eu")).isTrue();
    assertThat(Grant.matches("a.c", "abc")).as("a dot is a dot").isFalse();
    assertThat(Grant.matches("acme", "acme-eu")).isFalse();
  }
}
