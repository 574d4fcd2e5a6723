package io.stackpilot.worker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the pages make of what runs report: text from repos, registries and errors is shown, never run as markup. */
class DashboardPagesTest {

  private static final String HOSTILE = "<img src=x onerror=alert(1)>\"'&";

  private final Pages pages = new Pages();

  @Test
  void errorsNotesAndNamesFromRunsAreEscaped() {
    StackReader.RunView run = new StackReader.RunView("InstallStack", "running", StackState.NEEDS_ATTENTION,
        "needs attention", "2026-12-02T09:00:00Z", null, "1.0.0", HOSTILE, "abcdef12", "run-1", null,
        List.of(new StackReader.StepView(4, "pull images", "needs attention", null, 0, HOSTILE, null)), "5 more steps");
    StackReader.Live live = new StackReader.Live("acme", run, "image " + HOSTILE + " cannot be pulled",
        List.of("stackctl retry acme"), true, false, false, true, null, null);

    String html = pages.render("stack-live", Map.of("live", live, "operator", "alice", "mayOperate", true));

    assertThat(html).doesNotContain("<img").contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;&quot;&#39;&amp;")
        .contains("<form method=\"post\" action=\"/stacks/acme/retry\"><button id=\"retry\">Retry step</button></form>")
        .doesNotContain("/skip").contains("data-state=\"needs attention\"><td>4</td><td>pull images</td>");
  }

  @Test
  void aRestoreWhoseBackupCannotBeUsedOffersTheBackupToRetryWith() {
    StackReader.Live live = new StackReader.Live("acme", null, "backup b2: part db.sql.zst does not match its manifest",
        List.of("stackctl retry acme --backup 20261124T020000Z-1a2b3c4d", "stackctl retry acme"), true, false, false,
        true, new StackReader.BackupChoice("20261124T020000Z-1a2b3c4d"), null);

    assertThat(pages.render("stack-live", Map.of("live", live, "operator", "alice", "mayOperate", true)))
        .contains("<input name=\"backup\" value=\"20261124T020000Z-1a2b3c4d\"")
        .contains("<button id=\"retry-backup\">Retry with this backup</button>");
    assertThat(pages.render("stack-live", Map.of("live", live))).as("only for an operator signed in")
        .doesNotContain("retry-backup");
    assertThat(pages.render("stack-live", Map.of("live", live, "operator", "vera", "role", "viewer", "mayOperate", false)))
        .as("not for a viewer").doesNotContain("retry-backup")
        .contains("You are a viewer of this stack: retrying, skipping or aborting needs the operator role.");
  }

  @Test
  void actionsNeedAnOperatorSignedIn() {
    StackReader.Live live = new StackReader.Live("acme", null, null, List.of(), false, false, false, true, null, null);

    assertThat(pages.render("stack-live", Map.of("live", live))).doesNotContain("<form")
        .contains("<a href=\"/login?next=/stacks/acme\">Sign in</a> to retry, skip or abort.")
        .contains("No reconcile loop follows this stack");
  }

  @Test
  void agesReadInTheirTwoLargestUnits() {
    Instant now = Instant.parse("2026-12-02T09:00:00Z");

    assertThat(StackState.age("2026-11-30T06:30:00Z", now)).isEqualTo("2 d 2 h");
    assertThat(StackState.age("2026-12-02T07:45:10Z", now)).isEqualTo("1 h 14 min");
    assertThat(StackState.age("2026-12-02T08:58:50Z", now)).isEqualTo("1 min 10 s");
    assertThat(StackState.age("not a time", now)).isNull();
    assertThat(StackState.duration(850)).isEqualTo("850 ms");
    assertThat(StackState.duration(12_340)).isEqualTo("12.3 s");
    assertThat(StackState.duration(242_000)).isEqualTo("4 min 2 s");
  }

  @Test
  void aRolloutShowsOnlyTheStacksTheReaderMaySeeAndItsHaltOnlyToWhoSeesThemAll() {
    io.stackpilot.worker.access.AccessRules access = new io.stackpilot.worker.access.AccessRules(List.of(
        new io.stackpilot.worker.access.Grant(io.stackpilot.worker.access.Role.VIEWER, List.of(), List.of("acme-support"),
            List.of("acme*"), List.of()),
        new io.stackpilot.worker.access.Grant(io.stackpilot.worker.access.Role.OPERATOR, List.of(), List.of("platform"),
            List.of("*"), List.of())), false);
    io.stackpilot.workflows.api.RolloutStatus halted = new io.stackpilot.workflows.api.RolloutStatus("r-1", "1.1.0",
        "release=1.0.*", "halted", 2, 3, "1 stack failed (at most 0 allowed): beta: needs attention: " + HOSTILE, null,
        List.of(new io.stackpilot.workflows.api.RolloutStack("acme", 1, "healthy", "c0ffee11", "on 1.1.0"),
            new io.stackpilot.workflows.api.RolloutStack("beta", 2, "failed", "c0ffee22", "needs attention: " + HOSTILE)));
    io.stackpilot.worker.access.Principal platform = new io.stackpilot.worker.access.Principal("alice", List.of("platform"));
    io.stackpilot.worker.access.Principal support = new io.stackpilot.worker.access.Principal("vera", List.of("acme-support"));
    io.stackpilot.worker.access.Principal nobody = new io.stackpilot.worker.access.Principal("eve", List.of());

    String all = pages.render("rollouts", Map.of("rollouts", List.of(RolloutReader.view(halted, true, access, platform))));
    String some = pages.render("rollouts", Map.of("rollouts", List.of(RolloutReader.view(halted, true, access, support))));

    assertThat(all).contains("<h2>r-1: 1.1.0 <small>(release&#61;1.0.*)</small></h2>", "<strong>halted</strong>, wave 2 of 3",
        "<a href=\"/stacks/beta\">beta</a>", "stackctl rollout resume|skip|abort r-1").doesNotContain("<img");
    assertThat(some).contains("<a href=\"/stacks/acme\">acme</a>", "1 more stacks you may not see",
        "halted: more stacks failed than the rollout allows").doesNotContain("beta");
    assertThat(RolloutReader.view(halted, true, access, nobody)).as("sees none of its stacks: not shown").isNull();
  }
}
