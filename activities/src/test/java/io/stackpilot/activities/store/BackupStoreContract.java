package io.stackpilot.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.testing.RandomBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The behaviour every backup store shares, whatever it is made of; one subclass per implementation. */
abstract class BackupStoreContract {

  protected final String customer = "acme-" + UUID.randomUUID().toString().substring(0, 8);

  abstract BackupStore store();

  abstract ReleaseStore releases();

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  BackupManifest manifest(String id, String createdAt, BackupManifest.Part... parts) {
    return new BackupManifest(BackupManifest.FORMAT, id, "backup", customer, "1.0.0", "1", "c0ffee1", "acme-prod-1",
        createdAt, List.of(parts), null);
  }

  @Test
  void twoHundredMegabytesRoundTripWithBoundedMemory() throws IOException {
    long size = 200L << 20;
    assertThat(Runtime.getRuntime().maxMemory()).as("the heap cap this test proves").isLessThanOrEqualTo(300L << 20);
    BackupManifest.Part expected = Sha256.of("db.sql.zst", new RandomBytes(size, 1));

    BackupManifest.Part written = store().writePart(customer, "20261125T020000Z-big", "db.sql.zst", new RandomBytes(size, 1));
    BackupManifest.Part readBack = Sha256.of("db.sql.zst", store().openPart(customer, "20261125T020000Z-big", "db.sql.zst"));

    assertThat(written).isEqualTo(expected);
    assertThat(readBack).isEqualTo(expected);
  }

  /**
   * The archived binary log lives beside the backups, under an id of its own, write-once like them: its segments are
   * listed in file order with their manifests, a segment without its manifest does not exist, and it is no backup.
   */
  @Test
  void archivedSegmentsAreListedByTheirManifestsAndAreNoBackups() throws IOException {
    SegmentArchive archive = new SegmentArchive(store());
    String lineage = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    for (String file : new String[] {"binlog.000010", "binlog.000009"}) {
      byte[] bytes = ("events of " + file).getBytes(StandardCharsets.UTF_8);
      BackupManifest.Part digest = Sha256.of(file, new ByteArrayInputStream(bytes));
      archive.write(customer, new ByteArrayInputStream(bytes), new SegmentManifest(SegmentManifest.FORMAT, customer,
          lineage, file, bytes.length, digest.sha256(), bytes.length, "2026-12-03T10:00:00Z", "2026-12-03T10:01:00Z", 1,
          List.of("demo.calls"), "acme-prod-1", "2026-12-03T10:01:01Z"));
    }
    store().writePart(customer, "binlog-" + lineage, "binlog.000011", text("bytes of a shipper that died"));

    assertThat(archive.segments(customer, lineage)).extracting(SegmentManifest::file)
        .containsExactly("binlog.000009", "binlog.000010");
    assertThat(SegmentArchive.chain(archive.segments(customer, lineage), "binlog.000010"))
        .extracting(SegmentManifest::file).containsExactly("binlog.000010");
    assertThat(archive.check(customer, archive.segments(customer, lineage).get(0)).ok()).isTrue();
    assertThat(store().storedBackups(customer)).as("the archive is not a backup").isEmpty();
  }

  @Test
  void partsAreNeverOverwritten() throws IOException {
    store().writePart(customer, "20261125T020000Z-a", "db.sql.zst", text("original"));

    assertThatThrownBy(() -> store().writePart(customer, "20261125T020000Z-a", "db.sql.zst", text("tampered")))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("db.sql.zst").hasMessageEndingWith("backup stores are write-once and never overwrite");
    try (InputStream in = store().openPart(customer, "20261125T020000Z-a", "db.sql.zst")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("original");
    }
  }

  @Test
  void backupWithoutManifestDoesNotExist() {
    BackupManifest.Part part = store().writePart(customer, "20261125T020000Z-b", "db.sql.zst", text("dump"));
    assertThat(store().completeBackups(customer)).isEmpty();

    store().writeManifest(manifest("20261125T020000Z-b", "2026-11-25T02:00:00Z", part));

    assertThat(store().completeBackups(customer)).extracting(BackupManifest::backupId).containsExactly("20261125T020000Z-b");
  }

  @Test
  void everyStoredBackupIsListedCompleteOrNotNewestFirst() {
    BackupManifest.Part db = store().writePart(customer, "20261125T020000Z-f", "db.sql.zst", text("nightly dump"));
    BackupManifest.Part files = store().writePart(customer, "20261125T020000Z-f", "files.tar.zst", text("files"));
    store().writeManifest(new BackupManifest(BackupManifest.FORMAT, "20261125T020000Z-f", "nightly", customer, "1.1.0", "2",
        "c0ffee2", "acme-prod-1", "2026-11-25T02:00:00Z", List.of(db, files), null));
    store().writePart(customer, "20261126T020000Z-g", "db.sql.zst", text("an upload that never finished"));

    List<io.stackpilot.workflows.api.BackupEntry> listed = BackupListing.of(store().storedBackups(customer));

    assertThat(listed).containsExactly(
        new io.stackpilot.workflows.api.BackupEntry("20261126T020000Z-g", null, null, null, 29, "2026-11-26T02:00:00Z", false),
        new io.stackpilot.workflows.api.BackupEntry("20261125T020000Z-f", "nightly", "1.1.0", "2", 17, "2026-11-25T02:00:00Z", true,
            "c0ffee2"));
    assertThat(store().completeBackups(customer)).extracting(BackupManifest::backupId).containsExactly("20261125T020000Z-f");
  }

  @Test
  void verificationReportsEveryPartInsteadOfStoppingAtTheFirst() {
    BackupManifest.Part db = store().writePart(customer, "20261125T020000Z-h", "db.sql.zst", text("the real dump"));
    BackupManifest.Part files = store().writePart(customer, "20261125T020000Z-h", "files.tar.zst", text("0123456789"));
    BackupManifest.Part alteredDb = new BackupManifest.Part("db.sql.zst", "00".repeat(32), db.size());
    BackupManifest m = manifest("20261125T020000Z-h", "2026-11-25T02:00:00Z", alteredDb, files,
        new BackupManifest.Part("extra.tar.zst", files.sha256(), 10));

    List<io.stackpilot.workflows.api.PartCheck> checks = m.parts().stream()
        .map(p -> BackupVerifier.check(store(), m, p, progress -> { })).toList();

    assertThat(checks).extracting(io.stackpilot.workflows.api.PartCheck::outcome).containsExactly("altered", "ok", "missing");
    assertThat(checks.get(0).sha256()).isEqualTo(db.sha256());
  }

  @Test
  void manifestThatDoesNotParseLeavesTheBackupIncomplete() {
    store().writePart(customer, "20261125T020000Z-c", BackupManifest.FILE, text("{\"backupId\": tru"));

    assertThat(store().completeBackups(customer)).isEmpty();
  }

  @Test
  void sameManifestAgainIsAcceptedAnotherIsRefused() {
    BackupManifest.Part part = store().writePart(customer, "20261125T020000Z-d", "db.sql.zst", text("dump"));
    BackupManifest manifest = manifest("20261125T020000Z-d", "2026-11-25T02:00:00Z", part);
    store().writeManifest(manifest);

    store().writeManifest(manifest);

    assertThatThrownBy(() -> store().writeManifest(manifest("20261125T020000Z-d", "2026-11-26T02:00:00Z", part)))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(store().newest(customer)).contains(manifest);
  }

  @Test
  void tamperedTruncatedAndMissingPartsAreNamed() {
    BackupManifest.Part db = store().writePart(customer, "20261125T020000Z-e", "db.sql.zst", text("the real dump"));
    BackupManifest.Part files = store().writePart(customer, "20261125T020000Z-e", "files.tar.zst", text("0123456789"));
    BackupManifest.Part alteredDb = new BackupManifest.Part("db.sql.zst", "00".repeat(32), db.size());
    BackupManifest.Part longerFiles = new BackupManifest.Part("files.tar.zst", files.sha256(), 20);
    BackupManifest.Part missing = new BackupManifest.Part("extra.tar.zst", files.sha256(), 10);

    BackupVerifier.verify(store(), manifest("20261125T020000Z-e", "2026-11-25T02:00:00Z", db, files), part -> { });
    assertThatThrownBy(() -> BackupVerifier.verify(store(), manifest("20261125T020000Z-e", "t", alteredDb, files), part -> { }))
        .isInstanceOf(TamperedBackupException.class)
        .hasMessage("backup 20261125T020000Z-e: part db.sql.zst does not match its manifest: SHA-256 " + db.sha256()
            + ", expected " + "00".repeat(32));
    assertThatThrownBy(() -> BackupVerifier.verify(store(), manifest("20261125T020000Z-e", "t", db, longerFiles), part -> { }))
        .hasMessage("backup 20261125T020000Z-e: part files.tar.zst is truncated: 10 of 20 bytes");
    assertThatThrownBy(() -> BackupVerifier.verify(store(), manifest("20261125T020000Z-e", "t", db, missing), part -> { }))
        .hasMessage("backup 20261125T020000Z-e: part extra.tar.zst is missing");
  }

  @Test
  void newestCompleteBackupIsChosenAmongMany() {
    List<Integer> days = new ArrayList<>();
    for (int day = 1; day <= 25; day++) {
      days.add(day);
    }
    Collections.shuffle(days, new Random(7));
    for (int day : days) {
      String id = String.format("202611%02dT020000Z-x", day);
      BackupManifest.Part part = store().writePart(customer, id, "db.sql.zst", text("dump of day " + day));
      store().writeManifest(manifest(id, String.format("2026-11-%02dT02:00:00Z", day), part));
    }
    store().writePart(customer, "20261130T020000Z-unfinished", "db.sql.zst", text("no manifest yet"));

    assertThat(store().completeBackups(customer)).hasSize(25);
    assertThat(store().newest(customer)).get().extracting(BackupManifest::backupId).isEqualTo("20261125T020000Z-x");
  }

  /** As text, "…02:00:00.500Z" sorts before "…02:00:00Z"; as a time it is half a second later. */
  @Test
  void newestComparesTimesNotText() {
    BackupManifest.Part whole = store().writePart(customer, "20261126T020000Z-whole", "db.sql.zst", text("at :00"));
    store().writeManifest(manifest("20261126T020000Z-whole", "2026-11-26T02:00:00Z", whole));
    BackupManifest.Part later = store().writePart(customer, "20261126T020000Z-later", "db.sql.zst", text("at :00.5"));
    store().writeManifest(manifest("20261126T020000Z-later", "2026-11-26T02:00:00.500Z", later));
    BackupManifest.Part odd = store().writePart(customer, "20261127T020000Z-odd", "db.sql.zst", text("no time"));
    store().writeManifest(manifest("20261127T020000Z-odd", "tomorrow", odd));

    assertThat(store().newest(customer)).get().extracting(BackupManifest::backupId).isEqualTo("20261126T020000Z-later");
    assertThat(store().completeBackups(customer)).extracting(BackupManifest::backupId)
        .as("a manifest whose time does not parse makes its backup incomplete")
        .containsExactly("20261126T020000Z-later", "20261126T020000Z-whole");
  }

  /** A part an earlier attempt left under the vanilla copy's name is checked, not trusted for existing. */
  @Test
  void vanillaCopyOverABadLeftoverPartIsRefusedAndNeverCommitted() {
    store().writePart(customer, "vanilla-1.0.0", "db.sql.zst", text("not the vanilla dump"));

    assertThatThrownBy(() -> store().importVanilla(releases(), customer, "1.0.0", progress -> { }))
        .isInstanceOf(TamperedBackupException.class).hasMessageStartingWith("backup vanilla-1.0.0: part db.sql.zst ");
    assertThat(store().completeBackups(customer)).isEmpty();
  }

  @Test
  void vanillaBackupIsImportedOnceAndVerifies() {
    BackupManifest first = store().importVanilla(releases(), customer, "1.0.0", progress -> { });
    BackupManifest again = store().importVanilla(releases(), customer, "1.0.0", progress -> { });

    assertThat(again).isEqualTo(first);
    assertThat(first).extracting(BackupManifest::backupId, BackupManifest::customer, BackupManifest::release,
        BackupManifest::schemaVersion).containsExactly("vanilla-1.0.0", customer, "1.0.0", "1");
    assertThat(store().newest(customer)).contains(first);
    BackupVerifier.verify(store(), first, part -> { });
  }

  /** One small complete backup a day at 01:00Z from {@code first}, release 1.0.0 for the first {@code oldRelease}. */
  private List<String> nightly(java.time.Instant first, int days, int oldRelease) {
    List<String> ids = new ArrayList<>();
    for (int day = 0; day < days; day++) {
      java.time.Instant at = first.plus(java.time.Duration.ofDays(day));
      String id = io.stackpilot.workflows.activities.BackupId.of(at, "0a0b0c0d").toString();
      BackupManifest.Part part = store().writePart(customer, id, "db.sql.zst", text("dump of day " + day));
      store().writeManifest(new BackupManifest(BackupManifest.FORMAT, id, "nightly", customer,
          day < oldRelease ? "1.0.0" : "1.1.0", "1", "c0ffee1", "acme-prod-1", at.toString(), List.of(part), null));
      ids.add(id);
    }
    return ids;
  }

  private io.stackpilot.workflows.api.PruneResult prune(int daily, boolean dryRun, java.time.Instant now) {
    return prune(daily, new io.stackpilot.activities.store.retention.BackupPruner.Floor(3, java.time.Duration.ZERO),
        dryRun, now);
  }

  private io.stackpilot.workflows.api.PruneResult prune(int daily,
      io.stackpilot.activities.store.retention.BackupPruner.Floor floor, boolean dryRun, java.time.Instant now) {
    return new io.stackpilot.activities.store.retention.BackupPruner(store()).prune(customer,
        new io.stackpilot.model.BackupPolicy.KeepPolicy(daily, 0, 0, 0), java.time.ZoneId.of("Europe/Berlin"),
        java.util.Set.of(), floor, dryRun, now, progress -> { });
  }

  /**
   * Four hundred nightlies across three releases and both changes of summer time, one of them in use, pruned by
   * daily 7, weekly 4, monthly 12, yearly 3: the store keeps exactly what the plan (whose choices RetentionPlannerTest
   * checks date by date) keeps, and of every other backup no part is left.
   */
  @Test
  void fourHundredNightliesArePrunedToExactlyWhatThePolicyKeeps() {
    java.time.Instant first = java.time.Instant.parse("2025-11-01T01:00:00Z");
    List<String> ids = new ArrayList<>();
    List<io.stackpilot.activities.store.retention.RetentionPlanner.Candidate> candidates = new ArrayList<>();
    for (int day = 0; day < 400; day++) {
      java.time.Instant at = first.plus(java.time.Duration.ofDays(day));
      String id = io.stackpilot.workflows.activities.BackupId.of(at, "4a4b4c4d").toString();
      String release = day < 100 ? "1.0.0" : day < 300 ? "1.1.0" : "1.2.0";
      BackupManifest.Part part = store().writePart(customer, id, "db.sql.zst", text("dump of day " + day));
      store().writeManifest(new BackupManifest(BackupManifest.FORMAT, id, "nightly", customer, release, "1", "c0ffee1",
          "acme-prod-1", at.toString(), List.of(part), null));
      ids.add(id);
      candidates.add(new io.stackpilot.activities.store.retention.RetentionPlanner.Candidate(id, at, release, null));
    }
    java.time.Instant now = first.plus(java.time.Duration.ofDays(400));
    io.stackpilot.model.BackupPolicy.KeepPolicy policy = new io.stackpilot.model.BackupPolicy.KeepPolicy(7, 4, 12, 3);
    java.util.Set<String> inUse = java.util.Set.of(ids.get(50));
    List<String> expected = io.stackpilot.activities.store.retention.RetentionPlanner.plan(candidates, policy,
        new io.stackpilot.activities.store.retention.RetentionPlanner.Holds(inUse, java.util.Set.of(), 3, true),
        java.time.ZoneId.of("Europe/Berlin"), now).stream()
        .filter(io.stackpilot.activities.store.retention.RetentionPlanner.Decision::kept)
        .map(io.stackpilot.activities.store.retention.RetentionPlanner.Decision::backupId).toList();

    io.stackpilot.workflows.api.PruneResult pruned = new io.stackpilot.activities.store.retention.BackupPruner(store())
        .prune(customer, policy, java.time.ZoneId.of("Europe/Berlin"), inUse,
            new io.stackpilot.activities.store.retention.BackupPruner.Floor(3, java.time.Duration.ZERO), false, now,
            progress -> { });

    assertThat(expected).hasSizeBetween(20, 30).contains(ids.get(50), ids.get(99), ids.get(299), ids.get(399));
    assertThat(store().storedBackups(customer)).extracting(BackupStore.StoredBackup::backupId)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(pruned.deleted()).hasSize(400 - expected.size());
    pruned.deleted().forEach(id -> assertThat(store().partNames(customer, id)).as(id).isEmpty());
  }

  /**
   * Forty nightly backups, keep daily 7: the seven newest stay, and the newest of the release the stack ran before;
   * a dry run deletes nothing, the prune deletes the other 32 whole (no part left), and a second prune has nothing to do.
   */
  @Test
  void pruneDeletesWhatBackupKeepDoesNotKeepWholeAndADryRunNothing() {
    java.time.Instant first = java.time.Instant.parse("2026-10-01T01:00:00Z");
    List<String> ids = nightly(first, 40, 10);
    java.time.Instant now = first.plus(java.time.Duration.ofDays(40));
    List<String> kept = new ArrayList<>(ids.subList(33, 40));
    kept.add(ids.get(9));

    io.stackpilot.workflows.api.PruneResult dry = prune(7, true, now);
    assertThat(dry.deleted()).hasSize(32).doesNotContainAnyElementsOf(kept);
    assertThat(store().completeBackups(customer)).as("a dry run deletes nothing").hasSize(40);
    io.stackpilot.workflows.api.PruneResult floored = prune(7,
        new io.stackpilot.activities.store.retention.BackupPruner.Floor(3, java.time.Duration.ofDays(20)), true, now);
    assertThat(floored.deleted()).as("the worker's floor: nothing younger than 20 days, whatever backup.keep says")
        .hasSize(20).doesNotContainAnyElementsOf(ids.subList(21, 40));
    assertThat(floored.backups()).filteredOn(b -> b.id().equals(ids.get(25))).singleElement()
        .satisfies(b -> assertThat(b.keptBecause()).containsExactly("younger than 20 days (the worker's floor)"));

    io.stackpilot.workflows.api.PruneResult pruned = prune(7, false, now);
    assertThat(pruned.deleted()).containsExactlyElementsOf(dry.deleted());
    assertThat(pruned.refused()).isEmpty();
    assertThat(pruned.backups()).filteredOn(io.stackpilot.workflows.api.BackupRetention::kept)
        .extracting(io.stackpilot.workflows.api.BackupRetention::id).containsExactlyInAnyOrderElementsOf(kept);
    assertThat(pruned.backups()).filteredOn(b -> b.id().equals(ids.get(9))).singleElement()
        .satisfies(b -> assertThat(b.keptBecause()).containsExactly("newest of release 1.0.0"));
    assertThat(store().storedBackups(customer)).extracting(BackupStore.StoredBackup::backupId)
        .containsExactlyInAnyOrderElementsOf(kept);
    pruned.deleted().forEach(id -> assertThat(store().partNames(customer, id)).as(id).isEmpty());
    assertThat(prune(7, false, now).deleted()).as("nothing left to delete").isEmpty();
  }

  /**
   * A prune killed between a backup's manifest and its parts leaves a backup that nothing lists as complete, and the
   * next prune deletes the rest. Leftovers younger than a day (a backup being written) and a backup whose manifest is
   * there but does not parse (a newer worker's?) are never touched.
   */
  @Test
  void anInterruptedPruneLeavesNoBackupThatLooksCompleteAndTheNextOneFinishesIt() {
    java.time.Instant first = java.time.Instant.parse("2026-10-01T01:00:00Z");
    List<String> ids = nightly(first, 10, 0);
    java.time.Instant now = first.plus(java.time.Duration.ofDays(10));
    String halfPruned = ids.get(0);
    store().deleteManifest(customer, halfPruned);
    String beingWritten = io.stackpilot.workflows.activities.BackupId.of(now.minus(java.time.Duration.ofHours(2)),
        "1a1b1c1d").toString();
    store().writePart(customer, beingWritten, "db.sql.zst", text("a dump being written"));
    String unreadable = io.stackpilot.workflows.activities.BackupId.of(first.minus(java.time.Duration.ofDays(5)),
        "2a2b2c2d").toString();
    store().writePart(customer, unreadable, "db.sql.zst", text("dump"));
    store().writePart(customer, unreadable, BackupManifest.FILE, text("{\"format\": \"stackpilot-backup/9\", "));

    assertThat(store().completeBackups(customer)).extracting(BackupManifest::backupId).doesNotContain(halfPruned);
    assertThat(store().storedBackups(customer)).filteredOn(b -> b.backupId().equals(halfPruned)).singleElement()
        .satisfies(b -> assertThat(b.complete()).isFalse());

    io.stackpilot.workflows.api.PruneResult pruned = prune(3, false, now);
    assertThat(pruned.leftoversDeleted()).containsExactly(halfPruned);
    assertThat(pruned.deleted()).containsExactlyInAnyOrderElementsOf(ids.subList(1, 7));
    assertThat(store().partNames(customer, halfPruned)).isEmpty();
    assertThat(store().partNames(customer, beingWritten)).containsExactly("db.sql.zst");
    assertThat(store().partNames(customer, unreadable)).containsExactlyInAnyOrder("db.sql.zst", BackupManifest.FILE);
  }

  /**
   * Binary log goes with the backups before it: an old lineage (a host the stack left) whose every backup is pruned
   * goes whole; in the lineage being archived, the files before the oldest kept backup's position go and the rest
   * stays, so that every kept backup can still be replayed to the newest point. A prune killed after a segment's
   * manifest leaves a file no listing shows, which the next prune deletes; a file being written at the head stays.
   */
  @Test
  void binaryLogNoKeptBackupCanReplayIsPrunedWithTheBackupsBeforeIt() throws IOException {
    String oldHost = "0a0a0a0a-1111-2222-3333-444444444444";
    String current = "0b0b0b0b-5555-6666-7777-888888888888";
    java.time.Instant first = java.time.Instant.parse("2026-11-01T01:00:00Z");
    java.time.Instant moved = first.plus(java.time.Duration.ofDays(3));
    java.time.Instant now = first.plus(java.time.Duration.ofDays(10));
    SegmentArchive archive = new SegmentArchive(store());
    List<String> ids = new ArrayList<>();
    for (int day = 0; day < 10; day++) {
      java.time.Instant at = first.plus(java.time.Duration.ofDays(day));
      boolean before = at.isBefore(moved);
      String lineage = before ? oldHost : current;
      int file = before ? 1 + 2 * day : 1 + 2 * (day - 3);
      String id = io.stackpilot.workflows.activities.BackupId.of(at, "0c0c0c0c").toString();
      BackupManifest.Part part = store().writePart(customer, id, "db.sql.zst", text("dump of day " + day));
      store().writeManifest(new BackupManifest(BackupManifest.FORMAT, id, "nightly", customer, "1.0.0", "1", "c0ffee1",
          "acme-prod-1", at.toString(), List.of(part), null, null,
          new io.stackpilot.workflows.activities.BinlogPosition(lineage, String.format("binlog.%06d", file), 4)));
      ids.add(id);
      for (int f = file; f < file + 2; f++) {
        segment(archive, lineage, String.format("binlog.%06d", f), at.plus(java.time.Duration.ofHours(12 * (f - file))));
      }
    }
    store().writePart(customer, "binlog-" + current, "binlog.000015", text("the head, being shipped"));

    io.stackpilot.workflows.api.PruneResult dry = prune(4, new io.stackpilot.activities.store.retention.BackupPruner.Floor(
        1, java.time.Duration.ZERO), true, now);
    assertThat(dry.deleted()).containsExactlyInAnyOrderElementsOf(ids.subList(0, 6));
    assertThat(dry.segmentsDeleted()).as("the old host's six files, and the current lineage's before day 6's position")
        .containsExactly(oldHost + "/binlog.000001", oldHost + "/binlog.000002", oldHost + "/binlog.000003",
            oldHost + "/binlog.000004", oldHost + "/binlog.000005", oldHost + "/binlog.000006",
            current + "/binlog.000001", current + "/binlog.000002", current + "/binlog.000003",
            current + "/binlog.000004", current + "/binlog.000005", current + "/binlog.000006");
    assertThat(archive.segments(customer, oldHost)).as("a dry run deletes nothing").hasSize(6);

    store().deletePart(customer, "binlog-" + current, "binlog.000001.json");
    io.stackpilot.workflows.api.PruneResult pruned = prune(4,
        new io.stackpilot.activities.store.retention.BackupPruner.Floor(1, java.time.Duration.ZERO), false, now);

    assertThat(pruned.refused()).isEmpty();
    assertThat(pruned.segmentsDeleted()).as("the file whose manifest an earlier prune deleted goes too")
        .containsExactlyElementsOf(dry.segmentsDeleted());
    assertThat(store().partNames(customer, "binlog-" + oldHost)).isEmpty();
    assertThat(archive.segments(customer, current)).extracting(SegmentManifest::file).containsExactly("binlog.000007",
        "binlog.000008", "binlog.000009", "binlog.000010", "binlog.000011", "binlog.000012", "binlog.000013",
        "binlog.000014");
    assertThat(archive.unlisted(customer, current)).as("the head being shipped").containsExactly("binlog.000015");
    assertThat(SegmentArchive.chain(archive.segments(customer, current), "binlog.000007")).as("the oldest kept "
        + "backup still replays to the newest archived point").hasSize(8);
    assertThat(pruned.summary()).contains("12 binary log segments");
    assertThat(prune(4, new io.stackpilot.activities.store.retention.BackupPruner.Floor(1, java.time.Duration.ZERO), false,
        now).segmentsDeleted()).as("nothing left to delete").isEmpty();
  }

  private void segment(SegmentArchive archive, String lineage, String file, java.time.Instant at) throws IOException {
    byte[] bytes = ("events of " + lineage + " " + file).getBytes(StandardCharsets.UTF_8);
    BackupManifest.Part digest = Sha256.of(file, new ByteArrayInputStream(bytes));
    archive.write(customer, new ByteArrayInputStream(bytes), new SegmentManifest(SegmentManifest.FORMAT, customer,
        lineage, file, bytes.length, digest.sha256(), bytes.length, at.toString(),
        at.plus(java.time.Duration.ofHours(11)).toString(), 1, List.of("demo.calls"), "acme-prod-1",
        at.plus(java.time.Duration.ofHours(11)).toString()));
  }
}
