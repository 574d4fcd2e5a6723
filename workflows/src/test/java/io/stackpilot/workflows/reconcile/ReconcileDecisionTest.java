package io.stackpilot.workflows.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.model.BackupPolicy;
import io.stackpilot.model.Dns;
import io.stackpilot.model.StackSpec;
import io.stackpilot.workflows.Samples;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.reconcile.ReconcileDecision.Action;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What each kind of commit asks of the stack, and the reason the loop shows for it. */
class ReconcileDecisionTest {

  private final DesiredState applied = Samples.acme("1.0.0", "acme-prod-1", "c0ffee1");

  /** The applied stack with some fields changed, as a later commit of stack.yaml would have it. */
  private static final class Edit {
    private String release;
    private String sizing;
    private String host;
    private Dns dns;
    private List<String> services;
    private Map<String, Map<String, String>> env;
    private Map<String, Map<String, Integer>> ports;
    private Map<String, String> secrets;
    private BackupPolicy backup;
    private final String customer;

    Edit(StackSpec s) {
      customer = s.customer();
      release = s.release();
      sizing = s.sizing();
      host = s.host();
      dns = s.dns();
      services = s.services();
      env = s.env();
      ports = s.ports();
      secrets = s.secrets();
      backup = s.backup();
    }

    Edit release(String v) { release = v; return this; }
    Edit sizing(String v) { sizing = v; return this; }
    Edit host(String v) { host = v; return this; }
    Edit dns(Dns v) { dns = v; return this; }
    Edit services(List<String> v) { services = v; return this; }
    Edit env(Map<String, Map<String, String>> v) { env = v; return this; }
    Edit ports(Map<String, Map<String, Integer>> v) { ports = v; return this; }
    Edit secrets(Map<String, String> v) { secrets = v; return this; }
    Edit backup(BackupPolicy v) { backup = v; return this; }

    StackSpec build() {
      return new StackSpec(customer, release, sizing, host, dns, services, env, ports, secrets, backup);
    }
  }

  private ReconcileDecision decide(String commit, UnaryOperator<Edit> change) {
    Edit b = new Edit(applied.stack());
    StackSpec wanted = change.apply(b).build();
    return ReconcileDecision.decide(applied.commit(), applied.stack(), null, null,
        new DesiredState(applied.repo(), commit, wanted, applied.release()));
  }

  @Test
  void eachChangeOfTheStackIsAnUpdateNamingIt() {
    assertThat(decide("c2", b -> b.release("1.1.0"))).isEqualTo(new ReconcileDecision(Action.UPDATE, "release 1.0.0 → 1.1.0"));
    assertThat(decide("c2", b -> b.sizing("medium")).reason()).isEqualTo("sizing small → medium");
    assertThat(decide("c2", b -> b.services(List.of("db", "web"))).reason())
        .isEqualTo("services [db, web, task-runner] → [db, web]");
    assertThat(decide("c2", b -> b.env(Map.of("web", Map.of("LOG_LEVEL", "debug")))).reason()).isEqualTo("env changed");
    assertThat(decide("c2", b -> b.dns(new Dns("acme.example.org"))).reason()).isEqualTo("dns changed");
    assertThat(decide("c2", b -> b.ports(Map.of("web", Map.of("8080", 18080)))).reason()).isEqualTo("ports changed");
    assertThat(decide("c2", b -> b.secrets(Map.of("db-root-password", "file:/etc/acme/db"))).reason())
        .isEqualTo("secret references changed");
    assertThat(decide("c2", b -> b.release("1.1.0").sizing("large")).reason()).isEqualTo("release 1.0.0 → 1.1.0, sizing small → large");
  }

  @Test
  void anotherHostIsAMigrationEvenWithOtherChanges() {
    assertThat(decide("c2", b -> b.host("acme-prod-2").release("1.1.0")))
        .isEqualTo(new ReconcileDecision(Action.MIGRATE, "host changed: acme-prod-1 → acme-prod-2"));
  }

  @Test
  void backupSettingsOrNothingOfTheStackAreRecordedWithoutAnOperation() {
    assertThat(decide("d0c5d0c1", b -> b.backup(new BackupPolicy("file:///srv/backups/acme", "03:30", "UTC", null))))
        .isEqualTo(new ReconcileDecision(Action.RECORD, "commit d0c5d0c1 changes only the backup settings"));
    assertThat(decide("d0c5d0c1", b -> b))
        .isEqualTo(new ReconcileDecision(Action.RECORD, "commit d0c5d0c1 changes nothing that affects the stack"));
    assertThat(decide("c0ffee1", b -> b.release("1.1.0")).action()).as("the applied commit itself").isEqualTo(Action.NOTHING);
  }

  @Test
  void neverAppliedIsAnInstallAndAFailedCommitWaits() {
    assertThat(ReconcileDecision.decide(null, null, null, null, applied).action()).isEqualTo(Action.INSTALL);
    assertThat(ReconcileDecision.decide("c0ffee0", applied.stack(), "c0ffee1", "UpdateStack of commit c0ffee1 failed: x",
        applied)).isEqualTo(new ReconcileDecision(Action.NOTHING, "UpdateStack of commit c0ffee1 failed: x; waiting for a "
        + "new commit or an operator's retry (stackctl reconcile retry acme)"));
  }
}
