package io.stackpilot.workflows.steps;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.workflows.api.Decision;
import org.junit.jupiter.api.Test;

/** Which decision fits where a run waits, apart from any workflow: each refusal says what would fit. */
class SteeringRulesTest {

  private static final SteeringRules.Waiting RESTORE = new SteeringRules.Waiting("InstallStack of acme",
      "restore if empty", 5, 9, "NeedsAttention", true, false, false, true, "20261201T020000Z-3f2a9c1b");
  private static final SteeringRules.Waiting CONFIRM = new SteeringRules.Waiting("RollbackStack of acme",
      "confirm data loss", 3, 10, "NeedsAttention", true, true, false, false, null);
  private static final SteeringRules.Waiting RUNNING = new SteeringRules.Waiting("UpdateStack of acme",
      "pull images", 2, 8, "Running", false, false, true, false, null);

  @Test
  void aRunThatDoesNotWaitTakesNoDecision() {
    assertThatThrownBy(() -> SteeringRules.check(new Decision(Decision.RETRY, null, null), RUNNING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("UpdateStack of acme is not waiting for a decision (step 2/8 \"pull images\" is Running)");
  }

  @Test
  void aConfirmationTakesAcceptOrAbortAndAFailedStepTheOthers() {
    assertThatCode(() -> SteeringRules.check(new Decision(Decision.ACCEPT, null, null), CONFIRM)).doesNotThrowAnyException();
    assertThatThrownBy(() -> SteeringRules.check(new Decision(Decision.RETRY, null, null), CONFIRM))
        .hasMessage("step \"confirm data loss\" waits for confirmation: accept or abort");
    assertThatThrownBy(() -> SteeringRules.check(new Decision(Decision.ACCEPT, null, null), RESTORE))
        .hasMessage("step \"restore if empty\" does not wait for confirmation; retry or abort");
    assertThatThrownBy(() -> SteeringRules.check(new Decision(Decision.SKIP, null, null), RESTORE))
        .hasMessage("step \"restore if empty\" cannot be skipped; retry or abort");
    assertThatThrownBy(() -> SteeringRules.check(new Decision("restart", null, null), RESTORE))
        .hasMessageStartingWith("action must be one of ");
  }

  @Test
  void aBackupGoesWithARetryOfAStepThatRestoresOneAndMustBeABackupId() {
    assertThatCode(() -> SteeringRules.check(new Decision(Decision.RETRY, null, "20261130T020000Z-0a1b2c3d"), RESTORE))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> SteeringRules.check(new Decision(Decision.ABORT, "no", "20261130T020000Z-0a1b2c3d"), RESTORE))
        .hasMessage("backup goes with retry only, not with abort");
    assertThatThrownBy(() -> SteeringRules.check(new Decision(Decision.RETRY, null, "../../etc/passwd"), RESTORE))
        .hasMessageContaining("is not a backup id").hasMessageEndingWith("e.g. 20261201T020000Z-3f2a9c1b");
    assertThatThrownBy(() -> SteeringRules.check(new Decision(Decision.RETRY, null, "20261130T020000Z-0a1b2c3d"),
        new SteeringRules.Waiting("UpdateStack of acme", "migrate database", 6, 8, "NeedsAttention", true, false, false,
            false, null)))
        .hasMessage("step \"migrate database\" restores no backup; retry it without one, or abort");
  }
}
