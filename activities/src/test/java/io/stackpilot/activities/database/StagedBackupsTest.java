package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the host agent keeps of a dump read ahead: handed to the restore of that very part only, and no copy is left
 * on the disk by a read ahead that nobody uses, whichever of the two ends first.
 */
class StagedBackupsTest {

  private static final String DB = "acme/demo";
  private final StagedBackups readAhead = new StagedBackups();

  @Test
  void theRestoreOfThatPartGetsTheReadAhead() {
    StagedBackups.Ticket ticket = readAhead.begin(DB, "b1", "sha-1", System.currentTimeMillis()).orElseThrow();
    StagedBackups.Staged staged = staged("b1");
    ticket.done(staged);

    assertThat(readAhead.claim(DB, "b1", "sha-1", progress -> { })).containsSame(staged);
    assertThat(readAhead.claim(DB, "b1", "sha-1", progress -> { })).as("claimed once").isEmpty();
    assertThat(kept(staged)).isTrue();
    staged.part().close();
  }

  @Test
  void aReadAheadOfAnotherPartIsDroppedWithItsCopy() {
    StagedBackups.Staged other = staged("b1");
    readAhead.begin(DB, "b1", "sha-1", System.currentTimeMillis()).orElseThrow().done(other);
    StagedBackups.Staged altered = staged("b2");
    readAhead.begin("acme/other", "b2", "sha-2", System.currentTimeMillis()).orElseThrow().done(altered);

    assertThat(readAhead.claim(DB, "b2", "sha-2", progress -> { })).as("another backup").isEmpty();
    assertThat(readAhead.claim("acme/other", "b2", "sha-x", progress -> { })).as("another digest").isEmpty();
    assertThat(kept(other)).isFalse();
    assertThat(kept(altered)).isFalse();
  }

  @Test
  void theRestoreWaitsForAReadAheadUnderWay() throws Exception {
    StagedBackups.Ticket ticket = readAhead.begin(DB, "b1", "sha-1", System.currentTimeMillis()).orElseThrow();
    List<String> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<Optional<StagedBackups.Staged>> claimed = CompletableFuture.supplyAsync(
        () -> readAhead.claim(DB, "b1", "sha-1", progress::add));
    Thread.sleep(2_500);
    assertThat(claimed).isNotDone();
    StagedBackups.Staged staged = staged("b1");
    ticket.done(staged);

    assertThat(claimed.get()).containsSame(staged);
    assertThat(progress).contains("waiting for the read ahead of backup b1");
    staged.part().close();
  }

  @Test
  void aReadAheadThatEndsAfterTheRestoreGaveUpOnItLeavesNoCopy() {
    StagedBackups.Ticket ticket = readAhead.begin(DB, "b1", "sha-1", System.currentTimeMillis()).orElseThrow();
    readAhead.discard(DB, "b1");
    StagedBackups.Staged late = staged("b1");
    ticket.done(late);

    assertThat(kept(late)).isFalse();
    assertThat(readAhead.claim(DB, "b1", "sha-1", progress -> { })).isEmpty();
  }

  @Test
  void aReadAheadAskedForBeforeTheRestoreBeganIsNotStartedAfterIt() {
    long askedAt = System.currentTimeMillis() - 1_000;
    readAhead.discard(DB, "b1");

    assertThat(readAhead.begin(DB, "b1", "sha-1", askedAt)).isEmpty();
    assertThat(readAhead.begin(DB, "b2", "sha-2", askedAt)).as("another backup").isPresent();
    assertThat(readAhead.begin(DB, "b1", "sha-1", System.currentTimeMillis() + 1_000)).as("a later run").isPresent();
  }

  @Test
  void aReadAheadNobodyClaimsIsDroppedWithItsCopy() throws Exception {
    StagedBackups expiring = new StagedBackups(java.time.Duration.ofMillis(200));
    StagedBackups.Staged unclaimed = staged("b1");
    expiring.begin(DB, "b1", "sha-1", System.currentTimeMillis()).orElseThrow().done(unclaimed);
    for (int i = 0; i < 50 && kept(unclaimed); i++) {
      Thread.sleep(100);
    }

    assertThat(kept(unclaimed)).isFalse();
    assertThat(expiring.claim(DB, "b1", "sha-1", progress -> { })).isEmpty();
  }

  @Test
  void aFailedReadAheadGivesTheRestoreNothing() {
    readAhead.begin(DB, "b1", "sha-1", System.currentTimeMillis()).orElseThrow()
        .failed(new IllegalStateException("the part does not match its manifest"));

    assertThat(readAhead.claim(DB, "b1", "sha-1", progress -> { })).isEmpty();
  }

  private static StagedBackups.Staged staged(String backupId) {
    StagedPart part = StagedPart.create(backupId);
    try (var out = part.keeping(InputStream.nullInputStream())) {
      out.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new StagedBackups.Staged(part, null, 1);
  }

  private static boolean kept(StagedBackups.Staged staged) {
    try (InputStream in = staged.part().open()) {
      return true;
    } catch (NoSuchFileException gone) {
      return false;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
