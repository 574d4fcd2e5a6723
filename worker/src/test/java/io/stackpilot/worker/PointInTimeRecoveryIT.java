package io.stackpilot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.api.OperationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disaster with the binary log archived every 5 s, on real parts ({@link PointInTimeDisaster}): host A is lost
 * without warning and {@code stackctl migrate} recovers the stack on the second engine from the store; then
 * {@code --until} brings it back to host A as it was at a chosen instant.
 */
@UsesSecondEngine
class PointInTimeRecoveryIT {

  private static final String EVERY = "PT5S";

  @TempDir
  Path temp;

  private PointInTimeDisaster lab;

  @AfterEach
  void down() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void aLostHostIsRecoveredToSecondsBeforeTheDisasterAndUntilGivesExactlyTheRowsUpToItsSecond() throws Exception {
    lab = new PointInTimeDisaster(temp, EVERY);
    TestStack stack = lab.stack;
    PointInTimeDisaster.Outcome outcome = lab.loseHostA();
    Map<Integer, Instant> written = outcome.written();
    Map<Integer, Instant> recovered = outcome.recovered();
    OperationResult moved = outcome.moved();

    int last = recovered.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    assertThat(recovered.keySet()).as("a gapless prefix of what was written, each row once")
        .containsExactlyElementsOf(written.keySet().stream().filter(seq -> seq <= last).toList());
    Instant bound = outcome.disaster().minus(Duration.parse(EVERY)).minusSeconds(30);
    assertThat(recovered).as("every row committed up to every + 30 s before the disaster")
        .containsAllEntriesOf(filter(written, at -> !at.isAfter(bound)));
    assertThat(moved.recoveredTo()).isNotNull();
    System.out.println("point-in-time recovery: " + recovered.size() + " of " + written.size() + " rows, recovered to "
        + moved.recoveredTo() + ", " + outcome.rpoSeconds() + " s before the disaster, the web answering "
        + outcome.secondsToAnswer() + " s after migrate; archive was at " + outcome.archiving().lastFile());
    assertThat(moved.recovery()).contains("replayed", "archived segments");
    String customer = "{customer=\"" + stack.customer + "\"";
    assertThat(outcome.metricsBefore()).as("the control worker's fleet gauges while the archive ran")
        .contains("stackpilot_binlog_archive_state" + customer + ",state=\"archiving\"} 1.0",
            "stackpilot_binlog_archive_state" + customer + ",state=\"gap\"} 0.0",
            "stackpilot_binlog_archive_gaps" + customer + "} 0.0");
    Matcher lastEvent = Pattern.compile("stackpilot_binlog_archive_last_event_timestamp_seconds"
        + Pattern.quote(customer) + "} ([0-9.E]+)").matcher(outcome.metricsBefore());
    assertThat(lastEvent.find()).as(outcome.metricsBefore()).isTrue();
    assertThat(Instant.ofEpochMilli((long) (Double.parseDouble(lastEvent.group(1)) * 1000)))
        .as("the archive's newest event, as the gauge says").isBetween(outcome.chained().minusSeconds(60),
            outcome.disaster());

    // A second inside the archive: after the backup that starts the chain, before the newest archived row.
    Instant until = recovered.get(last - 3);
    assertThat(until).isAfter(outcome.chained());
    lab.agentA = lab.agent("it-a", TestEnvironment.dockerHost());
    lab.commit("it-a", lab.portA);
    TestStack.Cli back = stack.stackctl("migrate", stack.customer, "--repo", stack.repoUrl(), "--from-host", "it-b",
        "--until", until.toString(), "--wait");

    assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
    TestStack.Cli catalog = stack.stackctl("backups", stack.customer, "--repo", stack.repoUrl());
    assertThat(catalog.out()).as(catalog.out()).containsPattern(outcome.archiving().chainBackup()
        + " +chain .* complete; then \\d+ binary log segments to ");
    TestStack.Cli verified = stack.stackctl("backups", "verify", stack.customer, outcome.archiving().chainBackup(), "--repo",
        stack.repoUrl());
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("binlog.000", "intact");
    assertThat(PointInTimeDisaster.rowsOf(lab.shell(TestEnvironment.docker(), TestEnvironment.dockerHost())))
        .as("exactly the rows up to the second of " + until)
        .isEqualTo(filter(written, at -> !at.truncatedTo(ChronoUnit.SECONDS).isAfter(until.truncatedTo(ChronoUnit.SECONDS))));
  }

  private static Map<Integer, Instant> filter(Map<Integer, Instant> rows, Predicate<Instant> keep) {
    Map<Integer, Instant> kept = new TreeMap<>(rows);
    kept.values().removeIf(keep.negate());
    return kept;
  }
}
