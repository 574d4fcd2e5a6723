package io.stackpilot.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.workflows.Samples;
import io.stackpilot.workflows.StackTestEnvironment;
import io.stackpilot.workflows.api.InstallRequest;
import io.stackpilot.workflows.api.RolloutRequest;
import io.stackpilot.workflows.api.RolloutStack;
import io.stackpilot.workflows.api.RolloutStatus;
import io.stackpilot.workflows.api.RolloutTarget;
import io.stackpilot.workflows.api.StackRequest;
import io.stackpilot.workflows.install.InstallStackWorkflow;
import io.stackpilot.workflows.update.UpdateStackWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** RolloutRelease against a fake fleet: waves, health, soak, halts, the operator's resume and abort, auto-rollback. */
class RolloutReleaseTest {

  private static final String ID = "rollout-r-20261204-0a1b";

  private static List<RolloutTarget> stacks(String... customers) {
    List<RolloutTarget> targets = new ArrayList<>();
    for (String customer : customers) {
      targets.add(new RolloutTarget(customer, "file:///srv/git/" + customer + ".git", "main", "1.0.0"));
    }
    return targets;
  }

  private static RolloutReleaseWorkflow start(StackTestEnvironment t, RolloutRequest request) {
    RolloutReleaseWorkflow rollout = t.newWorkflow(RolloutReleaseWorkflow.class, ID);
    WorkflowClient.start(rollout::rollout, request);
    return rollout;
  }

  private static RolloutStatus await(StackTestEnvironment t, RolloutReleaseWorkflow rollout,
      Predicate<RolloutStatus> condition) {
    for (int i = 0; i < 400; i++) {
      RolloutStatus status = rollout.status();
      if (status != null && status.stacks() != null && condition.test(status)) {
        return status;
      }
      t.env.sleep(Duration.ofSeconds(15));
    }
    throw new AssertionError("the rollout never got there: " + rollout.status());
  }

  private static String state(RolloutStatus status, String customer) {
    return status.stacks().stream().filter(s -> s.customer().equals(customer)).findFirst().orElseThrow().state();
  }

  @Test
  void threeWavesWriteEachStackOnceWaitForHealthAndTheSoakBeforeTheNext() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      RolloutReleaseWorkflow rollout = start(t, new RolloutRequest("1.1.0", "release=1.0.*",
          List.of("1", "50%", "100%"), "PT30M", null, false, stacks("s1", "s2", "s3", "s4", "s5", "s6")));

      RolloutStatus done = WorkflowStub.fromTyped(rollout).getResult(RolloutStatus.class);

      assertThat(done.state()).isEqualTo(RolloutStatus.COMPLETED);
      assertThat(done.waves()).isEqualTo(3);
      assertThat(done.stacks()).extracting(RolloutStack::wave).containsExactly(1, 2, 2, 3, 3, 3);
      assertThat(done.stacks()).allSatisfy(s -> assertThat(s.state()).isEqualTo(RolloutStack.HEALTHY));
      assertThat(t.fleet.calls.stream().filter(c -> c.startsWith("write "))).as("each stack once, wave by wave")
          .containsExactly("write s1 1.1.0", "write s2 1.1.0", "write s3 1.1.0", "write s4 1.1.0", "write s5 1.1.0",
              "write s6 1.1.0");
      assertThat(t.fleet.calls).contains("sync s1", "sync s6");
      assertThat(Duration.between(t.fleet.writtenAt.get("s1"), t.fleet.writtenAt.get("s2")))
          .as("wave 2 after wave 1 was healthy and soaked").isGreaterThanOrEqualTo(Duration.ofMinutes(30));
      assertThat(Duration.between(t.fleet.writtenAt.get("s3"), t.fleet.writtenAt.get("s4")))
          .isGreaterThanOrEqualTo(Duration.ofMinutes(30));
      assertThat(t.fakes.notifications).extracting(n -> n.event() + ": " + n.text()).containsExactly(
          "rolloutWave: rollout r-20261204-0a1b of 1.1.0: wave 1 of 3 starts: s1",
          "rolloutWave: rollout r-20261204-0a1b of 1.1.0: wave 2 of 3 starts: s2, s3",
          "rolloutWave: rollout r-20261204-0a1b of 1.1.0: wave 3 of 3 starts: s4, s5, s6",
          "completed: rollout r-20261204-0a1b of 1.1.0: completed: 6 of 6 stacks on 1.1.0");
      assertThat(t.fakes.notifications).allSatisfy(n -> assertThat(n.customer()).isEqualTo("fleet"));
      t.saveHistory(ID, "RolloutRelease");
    }
  }

  @Test
  void aFailureBeyondTheBudgetHaltsAtItsWaveUntilTheOperatorResumesAndAStackThatLeftTheSelectionIsSkipped() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      t.fleet.failing.add("s2");
      t.fleet.leftSelection.add("s3");
      RolloutReleaseWorkflow rollout = start(t, new RolloutRequest("1.1.0", "release=1.0.*", List.of("1", "3", "100%"),
          null, 0, false, stacks("s1", "s2", "s3", "s4", "s5")));

      RolloutStatus halted = await(t, rollout, s -> RolloutStatus.HALTED.equals(s.state()));

      assertThat(halted.wave()).isEqualTo(2);
      assertThat(t.fakes.notifications).anyMatch(n -> n.event().equals("attention")
          && n.text().startsWith("rollout r-20261204-0a1b of 1.1.0: halted in wave 2: 1 stack failed"));
      assertThat(halted.halted()).isEqualTo("1 stack failed (at most 0 allowed): s2: needs attention: "
          + "V3__call_notes.sql: Unknown column 'text'");
      assertThat(state(halted, "s3")).isEqualTo(RolloutStack.SKIPPED);
      assertThat(halted.stacks().stream().filter(s -> s.customer().equals("s3")).findFirst().orElseThrow().note())
          .startsWith("not written: the stack of file:///srv/git/s3.git is no longer selected");
      assertThat(state(halted, "s4")).isEqualTo(RolloutStack.PENDING);
      t.env.sleep(Duration.ofHours(2));
      assertThat(t.fleet.calls).as("the next wave waits for the operator").doesNotContain("write s4 1.1.0");

      rollout.resume();
      RolloutStatus done = WorkflowStub.fromTyped(rollout).getResult(RolloutStatus.class);
      assertThat(done.state()).isEqualTo(RolloutStatus.COMPLETED);
      assertThat(done.stacks()).extracting(RolloutStack::state).containsExactly(RolloutStack.HEALTHY, RolloutStack.FAILED,
          RolloutStack.SKIPPED, RolloutStack.HEALTHY, RolloutStack.HEALTHY);
    }
  }

  @Test
  void aStackWaitingForItsWindowHoldsTheWaveAndAnAbortRevertsWhatWasNotApplied() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      t.fleet.windowClosed.add("s2");
      RolloutReleaseWorkflow rollout = start(t, new RolloutRequest("1.1.0", "release=1.0.*", List.of("2", "100%"),
          null, 0, false, stacks("s1", "s2", "s3")));

      RolloutStatus waiting = await(t, rollout, s -> RolloutStack.WAITING_FOR_WINDOW.equals(state(s, "s2"))
          && RolloutStack.HEALTHY.equals(state(s, "s1")));
      assertThat(waiting.stacks().get(1).note()).startsWith("waiting for the window Sun 01:00");
      t.env.sleep(Duration.ofDays(1));
      assertThat(t.client().fetchHistory(ID).getEvents().size()).as("a day of waiting for a window: looks every 10 minutes")
          .isLessThan(2_000);

      rollout.abort("the release has a bug the first stack found");
      RolloutStatus aborted = WorkflowStub.fromTyped(rollout).getResult(RolloutStatus.class);

      assertThat(aborted.state()).isEqualTo(RolloutStatus.ABORTED);
      assertThat(aborted.stacks()).extracting(RolloutStack::state).containsExactly(RolloutStack.HEALTHY,
          RolloutStack.REVERTED, RolloutStack.SKIPPED);
      assertThat(t.fleet.calls).contains("revert s2 to 1.0.0").doesNotContain("revert s1 to 1.0.0", "write s3 1.1.0");
    }
  }

  /** acme installed on 1.0.0, then updated to 1.1.0 with a safety backup: the backup's id. */
  private static String updatedWithSafetyBackup(StackTestEnvironment t) {
    t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
    t.newWorkflow(InstallStackWorkflow.class, "stack-acme").install(new InstallRequest(Samples.REPO, "main"));
    t.fakes.desiredState("main", Samples.acme("1.1.0", "acme-prod-1", "c0ffee2"));
    return t.newWorkflow(UpdateStackWorkflow.class, "stack-acme").update(new StackRequest(Samples.REPO, "main"))
        .backupWritten();
  }

  /** A rollout of 1.1.0 to acme in one wave, no failure allowed, failed stacks rolled back. */
  private static RolloutReleaseWorkflow startWithAutoRollback(StackTestEnvironment t) {
    return start(t, new RolloutRequest("1.1.0", "release=1.0.*", List.of("100%"), null, 0, true,
        List.of(new RolloutTarget("acme", Samples.REPO, "main", "1.0.0"))));
  }

  @Test
  void autoRollbackRollsTheFailedStackBackWithItsDataBeforeTheRolloutHalts() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      String safety = updatedWithSafetyBackup(t);
      t.fleet.failing.add("acme");
      RolloutReleaseWorkflow rollout = startWithAutoRollback(t);

      RolloutStatus halted = await(t, rollout, s -> RolloutStatus.HALTED.equals(s.state()));

      assertThat(state(halted, "acme")).isEqualTo(RolloutStack.ROLLED_BACK);
      assertThat(t.fleet.calls).contains("abort acme");
      assertThat(t.fakes.calls).contains("host-acme-prod-1:ReplaceData " + safety + " for 1.0.0");
      rollout.abort("rolled back; the vendor fixes the migration");
      assertThat(WorkflowStub.fromTyped(rollout).getResult(RolloutStatus.class).state()).isEqualTo(RolloutStatus.ABORTED);
    }
  }

  /**
   * An aborted update says so in its state while it still sends its last notes, and holds the stack's operation id until
   * it closes: the rollback starts only once Temporal no longer runs it, never on the state alone.
   */
  @Test
  void aRollbackWaitsUntilTheAbortedUpdateHasClosedNotOnlyUntilItSaysAborted() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      updatedWithSafetyBackup(t);
      t.fleet.failing.add("acme");
      t.fleet.closingLooks.put("acme", 3);
      RolloutReleaseWorkflow rollout = startWithAutoRollback(t);

      RolloutStatus halted = await(t, rollout, s -> RolloutStatus.HALTED.equals(s.state()));

      assertThat(state(halted, "acme")).isEqualTo(RolloutStack.ROLLED_BACK);
      assertThat(t.fleet.closingLooks.get("acme")).as("every look at the closing update was waited out").isZero();
      var rollback = t.client().fetchHistory("stack-acme").getEvents().get(0);
      assertThat(rollback.getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName())
          .isEqualTo("RollbackStack");
      assertThat(java.time.Instant.ofEpochSecond(rollback.getEventTime().getSeconds(), rollback.getEventTime().getNanos()))
          .as("the rollback started after the update had closed").isAfterOrEqualTo(t.fleet.closedAt.get("acme"));
    }
  }

  /**
   * A stack no loop runs for: the rollout writes its commit, waits for the window the commit's stack.yaml names (waking
   * when it opens, not at the next long look) and runs UpdateStack of exactly that commit as the stack's operation.
   */
  @Test
  void aStackWithoutALoopIsUpdatedByTheRolloutItselfOnceItsWindowOpens() {
    try (StackTestEnvironment t = new StackTestEnvironment("acme-prod-1")) {
      t.fakes.desiredState("main", Samples.acme("1.0.0", "acme-prod-1", "c0ffee1"));
      t.newWorkflow(InstallStackWorkflow.class, "stack-acme").install(new InstallRequest(Samples.REPO, "main"));
      // The window opens on Sundays at 01:00; the test server's clock may have skipped ahead during the install.
      t.fakes.desiredState("c0acme110", Samples.acme("1.1.0", "acme-prod-1", "c0acme110",
          "maintenance: { windows: [\"Sun 01:00-05:00\"], timezone: UTC }\n"));
      t.fleet.direct.add("acme");
      t.fleet.operations = t.client();
      RolloutReleaseWorkflow rollout = start(t, new RolloutRequest("1.1.0", "release=1.0.*", List.of("100%"), null, 0,
          false, List.of(new RolloutTarget("acme", Samples.REPO, "main", "1.0.0", true))));

      RolloutStatus waiting = await(t, rollout, s -> RolloutStack.WAITING_FOR_WINDOW.equals(state(s, "acme")));
      java.time.Instant looked = java.time.Instant.ofEpochMilli(t.env.currentTimeMillis());
      RolloutStatus done = WorkflowStub.fromTyped(rollout).getResult(RolloutStatus.class);

      java.util.regex.Matcher note = java.util.regex.Pattern.compile("waiting for the window Sun 01:00 UTC \\((\\S+)\\); "
          + "no loop runs, the rollout updates it then").matcher(waiting.stacks().get(0).note());
      assertThat(note.matches()).as(waiting.stacks().get(0).note()).isTrue();
      java.time.Instant opens = java.time.Instant.parse(note.group(1));
      assertThat(opens.atZone(java.time.ZoneOffset.UTC).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SUNDAY);
      assertThat(opens).as("the next opening after the rollout looked").isAfter(looked.minus(Duration.ofMinutes(1)))
          .isBefore(looked.plus(Duration.ofDays(7)));
      assertThat(done.state()).isEqualTo(RolloutStatus.COMPLETED);
      assertThat(done.stacks().get(0).state()).isEqualTo(RolloutStack.HEALTHY);
      assertThat(done.stacks().get(0).note()).isEqualTo("on 1.1.0, updated by the rollout");
      assertThat(t.fleet.calls).as("no loop to tell").doesNotContain("sync acme");
      var history = t.client().fetchHistory("stack-acme");
      assertThat(java.time.Instant.ofEpochSecond(history.getEvents().get(0).getEventTime().getSeconds()))
          .as("the update started when the window opened").isBetween(opens, opens.plus(Duration.ofMinutes(1)));
      assertThat(history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName())
          .isEqualTo(UpdateStackWorkflow.TYPE);
      t.saveHistory(ID, "RolloutRelease-direct");
    }
  }

  /**
   * A wave held for weeks by a closed window: the rollout goes on as new runs before its history grows past Temporal's
   * limits, keeps every stack's state and the waves it started, and completes once the window opens.
   */
  @Test
  void aRolloutWaitingForAWindowForWeeksContinuesAsNewAndKeepsItsState() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      t.fleet.windowClosed.add("s2");
      RolloutReleaseWorkflow rollout = start(t, new RolloutRequest("1.1.0", "release=1.0.*", List.of("1", "100%"), null,
          0, false, stacks("s1", "s2", "s3")));
      await(t, rollout, s -> RolloutStack.WAITING_FOR_WINDOW.equals(state(s, "s2")));
      String firstRun = WorkflowStub.fromTyped(rollout).getExecution().getRunId();

      t.env.sleep(Duration.ofDays(10));
      RolloutReleaseWorkflow latest = t.client().newWorkflowStub(RolloutReleaseWorkflow.class, ID);
      RolloutStatus waiting = latest.status();
      var first = t.client().fetchHistory(ID, firstRun).getHistory().getEventsList();
      t.fleet.openWindow("s2");
      RolloutStatus done = t.client().newUntypedWorkflowStub(ID).getResult(RolloutStatus.class);

      assertThat(first.get(first.size() - 1).getEventType()).isEqualTo(
          io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      assertThat(first).as("a run stays below Temporal's warning").hasSizeLessThan(10_240);
      assertThat(waiting.wave()).isEqualTo(2);
      assertThat(waiting.stacks()).extracting(RolloutStack::state).containsExactly(RolloutStack.HEALTHY,
          RolloutStack.WAITING_FOR_WINDOW, RolloutStack.HEALTHY);
      assertThat(done.state()).isEqualTo(RolloutStatus.COMPLETED);
      assertThat(done.stacks()).allSatisfy(s -> assertThat(s.state()).isEqualTo(RolloutStack.HEALTHY));
      assertThat(t.fleet.calls.stream().filter(c -> c.startsWith("write "))).as("each stack written once")
          .containsExactly("write s1 1.1.0", "write s2 1.1.0", "write s3 1.1.0");
      assertThat(t.fakes.notifications.stream().filter(n -> n.event().equals("rolloutWave"))).as("each wave started once")
          .hasSize(2);
    }
  }

  @Test
  void wavesThatDoNotReachEveryStackAreRefusedNamingTheField() {
    try (StackTestEnvironment t = new StackTestEnvironment()) {
      RolloutReleaseWorkflow rollout = start(t, new RolloutRequest("1.1.0", "release=1.0.*", List.of("1", "50%"), null,
          null, false, stacks("s1", "s2", "s3", "s4")));

      assertThatThrownBy(() -> WorkflowStub.fromTyped(rollout).getResult(RolloutStatus.class))
          .isInstanceOf(WorkflowFailedException.class)
          .hasStackTraceContaining("input: waves: the last wave reaches 2 of 4 stacks; end with 100%");
      assertThat(t.fleet.calls).isEmpty();
    }
  }
}
