package io.stackpilot.workflows;

import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.activities.BackupParts;
import io.stackpilot.workflows.activities.BackupRef;
import io.stackpilot.workflows.activities.DataHostActivities;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.DesiredStateActivities;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.activities.MigrationResult;
import io.stackpilot.workflows.activities.RestoreResult;
import io.stackpilot.workflows.activities.ServiceChange.Action;
import io.stackpilot.workflows.activities.ServiceChange;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.stackpilot.workflows.activities.StoreActivities;
import io.temporal.activity.Activity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stand-ins for the activities in workflow unit tests: they record every call in order ("FetchDesiredState",
 * "host-acme-prod-1:PullImages") and fail or hang where a test scripts it. The real activities have their own
 * integration tests against real systems.
 */
public final class FakeActivities implements DesiredStateActivities, StoreActivities,
    io.stackpilot.workflows.activities.NotifyActivities {

  /** How every fake host says it dumped the database: the note of the step that uploads a backup. */
  public static final String DUMPED = "dumped over 2 sessions sharing one snapshot (commits held 2 ms; 3 pieces): 2.0 kB of SQL in 0.1 s "
      + "(20.0 kB/s), 2.0 kB compressed";

  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  /**
   * The dumps read ahead ("host-X:StageBackup id"), apart from the calls: a read ahead runs beside the steps, so its
   * place among them is not fixed.
   */
  public final List<String> readAhead = Collections.synchronizedList(new ArrayList<>());
  /** What the next read aheads throw; none by default. */
  public volatile RuntimeException readAheadFailure;
  /** While set, a read ahead waits for it to count down: a host that is slow to read the store. */
  public volatile java.util.concurrent.CountDownLatch readAheadHeld;
  /** Notifications sent, apart from the calls: a run sends them around its steps. */
  public final List<io.stackpilot.workflows.api.Notification> notifications = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Deque<RuntimeException>> failures = new HashMap<>();
  private final Set<String> hanging = new HashSet<>();
  private final Map<String, DesiredState> desired = new HashMap<>();
  /** What PlanServices answers per host; by default a stack that is not installed there. */
  private final Map<String, HostPlan> hostPlans = new java.util.concurrent.ConcurrentHashMap<>();
  public BackupRef newestBackup;
  /** What the next ShipBinlog calls answer, in order; then a shipping run that archived one file. */
  public final java.util.Queue<io.stackpilot.workflows.activities.ArchiveProgress> shipping =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** What CompareWithBackup finds; by default every table matches. */
  public volatile io.stackpilot.workflows.activities.DataComparison comparison =
      new io.stackpilot.workflows.activities.DataComparison(true, 3, List.of());
  /** When each backup's manifest was written, in the test server's time. */
  public final List<java.time.Instant> backupTimes = Collections.synchronizedList(new ArrayList<>());
  /** The backups whose manifest was written, oldest first, as the catalog lists them. */
  private final List<io.stackpilot.workflows.api.BackupEntry> written = Collections.synchronizedList(new ArrayList<>());

  public FakeActivities desiredState(String ref, DesiredState state) {
    desired.put(ref, state);
    // a repository keeps every commit it ever had: the nightly backup asks for the applied one after main moved on
    desired.put(state.commit(), state);
    return this;
  }

  /** {@code plan}: what PlanServices answers on {@code host} from now on; null: what runs there (nothing changed). */
  public FakeActivities hostPlan(String host, HostPlan plan) {
    if (plan == null) {
      hostPlans.remove(host);
    } else {
      hostPlans.put(host, plan);
    }
    return this;
  }

  /** The next {@code times} calls of {@code call} throw {@code failure}. */
  public synchronized FakeActivities fail(String call, int times, RuntimeException failure) {
    Deque<RuntimeException> queue = failures.computeIfAbsent(call, c -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(failure);
    }
    return this;
  }

  /** Every call of {@code call} is taken but never completed, until {@link #release}. */
  public synchronized FakeActivities hang(String call) {
    hanging.add(call);
    return this;
  }

  public synchronized void release(String call) {
    hanging.remove(call);
  }

  public long count(String call) {
    synchronized (calls) {
      return calls.stream().filter(call::equals).count();
    }
  }

  public void record(String call) {
    calls.add(call);
    RuntimeException failure;
    boolean hang;
    synchronized (this) {
      Deque<RuntimeException> queue = failures.get(call);
      failure = queue == null ? null : queue.poll();
      hang = hanging.contains(call);
    }
    if (failure != null) {
      throw failure;
    }
    if (hang) {
      Activity.getExecutionContext().doNotCompleteOnReturn();
    }
  }

  /** Both host interfaces of one host agent, as a worker registers them. */
  public Object[] host(String host) {
    Host agent = new Host(host);
    return new Object[] {agent.stack, agent.data};
  }

  @Override
  public void notify(io.stackpilot.workflows.api.Notification notification) {
    notifications.add(notification);
  }

  @Override
  public DesiredState fetchDesiredState(String repo, String ref) {
    record("FetchDesiredState");
    DesiredState state = desired.get(ref);
    if (state == null) {
      throw new IllegalStateException("no desired state scripted for ref " + ref);
    }
    return state;
  }

  @Override
  public BackupRef findBackup(String store, String customer, String backupId) {
    record("FindBackup " + backupId);
    return new BackupRef(store, customer, backupId, "1.0.0", "1", "2026-11-25T02:00:00Z", 2048);
  }

  @Override
  public BackupRef planRecovery(String store, String customer, String backupId, String until) {
    record("PlanRecovery " + (backupId == null ? "newest" : backupId) + " until " + (until == null ? "latest" : until));
    BackupRef from = backupId == null || newestBackup != null && newestBackup.id().equals(backupId) ? newestBackup
        : new BackupRef(store, customer, backupId, "1.0.0", "1", "2026-11-25T02:00:00Z", 2048);
    io.stackpilot.workflows.activities.Segment segment = new io.stackpilot.workflows.activities.Segment("0f1e2d3c-lineage",
        "binlog.000003", 4096, "ab".repeat(32), 4096, "2026-11-25T02:00:01Z", "2026-11-25T09:59:58Z",
        List.of("demo.calls"));
    return from.withRecovery(new io.stackpilot.workflows.activities.Recovery(until, List.of(segment),
        until != null ? until : segment.lastEventAt(), null));
  }

  @Override
  public BackupRef findNewestBackup(String store, String customer) {
    record("FindNewestBackup");
    return newestBackup;
  }

  @Override
  public BackupRef seedFromVanilla(String store, String customer, String release) {
    record("SeedFromVanilla");
    return new BackupRef(store, customer, "vanilla-" + release, release, "1", "2026-10-01T00:00:00Z", 865);
  }


  @Override
  public Map<String, io.stackpilot.workflows.activities.TableFingerprint> verifyBackupParts(BackupParts parts) {
    record("VerifyBackupParts");
    return Map.of("accounts", new io.stackpilot.workflows.activities.TableFingerprint(2, "00000000000000aa"));
  }

  @Override
  public java.util.List<io.stackpilot.workflows.api.BackupEntry> listBackups(String store, String customer) {
    record("ListBackups");
    List<io.stackpilot.workflows.api.BackupEntry> listed = new ArrayList<>();
    synchronized (written) {
      listed.addAll(written);
    }
    Collections.reverse(listed);
    listed.addAll(java.util.List.of(
        new io.stackpilot.workflows.api.BackupEntry("20261125T020000Z-1a2b3c4d", "nightly", "1.0.0", "1", 4096,
            "2026-11-25T02:00:00Z", true),
        new io.stackpilot.workflows.api.BackupEntry("20261124T020000Z-9f8e7d6c", null, null, null, 1024,
            "2026-11-24T02:00:00Z", false)));
    return listed;
  }

  @Override
  public io.stackpilot.workflows.api.PruneResult pruneBackups(String customer, io.stackpilot.model.BackupPolicy policy,
      List<String> inUse, boolean dryRun) {
    record("PruneBackups" + (dryRun ? " (dry run)" : "") + " keep " + policy.keep() + " in use " + inUse);
    return new io.stackpilot.workflows.api.PruneResult(customer, policy.store(), dryRun, List.of(
        new io.stackpilot.workflows.api.BackupRetention("20261202T010000Z-0a0b0c0d", "2026-12-02T01:00:00Z", "1.0.0", 4096,
            List.of("newest")),
        new io.stackpilot.workflows.api.BackupRetention("20261101T010000Z-0a0b0c0d", "2026-11-01T01:00:00Z", "1.0.0", 4096,
            List.of())), List.of("20261101T010000Z-0a0b0c0d"), List.of(), 4096, List.of(), List.of());
  }

  @Override
  public io.stackpilot.workflows.api.BackupVerification verifyBackup(String store, String customer, String backupId) {
    record("VerifyBackup " + backupId);
    return new io.stackpilot.workflows.api.BackupVerification(backupId, java.util.List.of(
        new io.stackpilot.workflows.api.PartCheck("db.sql.zst", 4096, 4096, "ab", "ab", "ok")));
  }

  @Override
  public BackupRef writeBackupManifest(BackupParts parts) {
    record("WriteBackupManifest " + parts.kind());
    java.time.Instant at = java.time.Instant.ofEpochMilli(Activity.getExecutionContext().getInfo().getScheduledTimestamp());
    backupTimes.add(at);
    BackupRef written = new BackupRef(parts.store(), parts.customer(), parts.id(), parts.release(), parts.schemaVersion(),
        at.toString(), 4096);
    newestBackup = written;
    this.written.add(new io.stackpilot.workflows.api.BackupEntry(parts.id(), parts.kind(), parts.release(),
        parts.schemaVersion(), 4096, at.toString(), true, parts.commit()));
    return written;
  }

  private final class Host {
    private final String name;
    /** What the last StartServices started here. */
    private volatile DesiredState running;
    final StackHostActivities stack = new StackHostActivities() {
      @Override
      public void prepareHost(DesiredState s) {
        Host.this.prepareHost(s);
      }

      @Override
      public void pullImages(DesiredState s) {
        Host.this.pullImages(s);
      }

      @Override
      public void startDatabase(DesiredState s) {
        Host.this.startDatabase(s);
      }

      @Override
      public ApplyResult startServices(DesiredState s) {
        return Host.this.startServices(s);
      }

      @Override
      public void verifyHealth(DesiredState s) {
        Host.this.verifyHealth(s);
      }

      @Override
      public HostPlan planServices(DesiredState s) {
        call("PlanServices");
        DesiredState here = running;
        if (!hostPlans.containsKey(name) && here != null && here.commit().equals(s.commit())) {
          return new HostPlan(s.stack().services().stream().map(service -> new ServiceChange(service, Action.UNCHANGED, "up to date")).toList(), true,
              s.stack().services());
        }
        return hostPlans.getOrDefault(name, new HostPlan(
            List.of(new ServiceChange("web", Action.RECREATE, "image demo/web:1.0.0 → demo/web:" + s.stack().release())), false,
            List.of()));
      }

      @Override
      public void stopStack(DesiredState s) {
        Host.this.stopStack(s);
      }

      @Override
      public void removeDrill(DesiredState s) {
        call("RemoveDrill " + s.stack().project());
      }
    };
    final DataHostActivities data = new DataHostActivities() {
      @Override
      public String stageBackup(DesiredState s, BackupRef backup, boolean replacing) {
        readAhead.add("host-" + name + ":StageBackup " + backup.id() + (replacing ? " replacing" : ""));
        java.util.concurrent.CountDownLatch held = readAheadHeld;
        if (held != null) {
          try {
            held.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        RuntimeException failure = readAheadFailure;
        if (failure != null) {
          throw failure;
        }
        return "read db.sql.zst of backup " + backup.id() + " ahead";
      }

      @Override
      public RestoreResult restoreIfEmpty(DesiredState s, BackupRef backup, boolean replaceEarlierRestore) {
        return Host.this.restoreIfEmpty(s, backup, replaceEarlierRestore);
      }

      @Override
      public io.stackpilot.workflows.activities.LivePoint readLivePoint(DesiredState s) {
        call("ReadLivePoint");
        return new io.stackpilot.workflows.activities.LivePoint(new io.stackpilot.workflows.activities.BinlogPosition(
            "0f1e2d3c-lineage", "binlog.000003", 777), "2026-12-01T09:00:05Z", Map.of());
      }

      @Override
      public io.stackpilot.workflows.activities.ArchiveProgress shipBinlog(DesiredState s, String runFor) {
        call("ShipBinlog");
        io.stackpilot.workflows.activities.ArchiveProgress next = shipping.poll();
        return next != null ? next : new io.stackpilot.workflows.activities.ArchiveProgress(
            io.stackpilot.workflows.activities.ArchiveProgress.ARCHIVING, "0f1e2d3c-lineage", "binlog.000007",
            "2026-12-01T09:00:00Z", 1, null);
      }

      @Override
      public MigrationResult migrateDatabase(DesiredState s) {
        return Host.this.migrateDatabase(s);
      }

      @Override
      public BackupParts uploadBackupParts(DesiredState s, String backupId) {
        return Host.this.uploadBackupParts(s, backupId);
      }

      @Override
      public io.stackpilot.workflows.activities.DataPlan planData(DesiredState s, String restoring) {
        call("PlanData " + restoring);
        return new io.stackpilot.workflows.activities.DataPlan(restoring == null ? "1" : restoring,
            "2".equals(restoring) ? List.of() : List.of("V2 account plans"), 1_000_000L);
      }

      @Override
      public io.stackpilot.workflows.activities.ChangedTables tablesChangedSince(DesiredState s, String since) {
        call("TablesChangedSince");
        return new io.stackpilot.workflows.activities.ChangedTables(true, List.of("accounts", "flyway_schema_history"), null);
      }

      @Override
      public RestoreResult replaceData(DesiredState s, BackupRef backup) {
        call("ReplaceData " + backup.id() + " for " + s.stack().release());
        return new RestoreResult(true, "restored " + backup.id() + ", replacing the data it held", backup.sizeBytes());
      }

      @Override
      public io.stackpilot.workflows.activities.DataComparison compareWithBackup(DesiredState s, BackupRef backup) {
        call("CompareWithBackup " + s.stack().project() + " " + backup.id());
        return comparison;
      }

      @Override
      public BackupParts importBackupParts(DesiredState s, io.stackpilot.workflows.activities.ImportSource source,
          String backupId) {
        call("ImportBackupParts " + source.db() + " " + source.files() + " at " + source.schemaVersion());
        return new BackupParts(s.stack().backup().store(), s.stack().customer(), backupId, s.stack().release(),
            source.schemaVersion(), s.commit(), null, List.of(new BackupParts.Part("db.sql.zst", "ab".repeat(32), 2048)),
            java.util.Map.of());
      }
    };

    Host(String name) {
      this.name = name;
    }

    private void call(String activity) {
      record("host-" + name + ":" + activity);
    }

    public void prepareHost(DesiredState stack) {
      call("PrepareHost" + (stack.stack().drillCopy() ? " " + stack.stack().project() : ""));
    }

    public void pullImages(DesiredState stack) {
      call("PullImages");
    }

    public void startDatabase(DesiredState stack) {
      call("StartDatabase");
    }

    public RestoreResult restoreIfEmpty(DesiredState stack, BackupRef backup, boolean replaceEarlierRestore) {
      call("RestoreIfEmpty" + (replaceEarlierRestore ? "(new host)" : ""));
      if (backup.recovery() != null && !backup.recovery().segments().isEmpty()) {
        return new RestoreResult(true, "restored " + backup.id(), backup.sizeBytes(), backup.recovery().recoversTo(),
            "replayed " + backup.recovery().segments().size() + " archived segments after backup " + backup.id());
      }
      return new RestoreResult(true, "restored " + backup.id(), backup.sizeBytes());
    }

    public MigrationResult migrateDatabase(DesiredState stack) {
      call("MigrateDatabase");
      return new MigrationResult(stack.release().release().equals("1.1.0") ? List.of("2 account plans") : List.of(),
          stack.release().release().equals("1.1.0") ? "2" : "1");
    }

    public ApplyResult startServices(DesiredState stack) {
      call("StartServices");
      running = stack;
      return new ApplyResult(stack.stack().services(), List.of(), List.of(),
          stack.stack().services().stream().map(s -> s + ": create — not created yet").toList());
    }

    public void verifyHealth(DesiredState stack) {
      call("VerifyHealth");
    }

    public BackupParts uploadBackupParts(DesiredState stack, String backupId) {
      call("UploadBackupParts");
      // as the real agent, the backup records what runs on the host, which stack.yaml may have left already
      DesiredState here = running == null ? stack : running;
      return new BackupParts(stack.stack().backup().store(), stack.stack().customer(), backupId, here.stack().release(),
          "1", here.commit(), stack.stack().host(),
          List.of(new BackupParts.Part("db.sql.zst", "ab".repeat(32), 2048), new BackupParts.Part("files.tar.zst", "cd".repeat(32), 2048)),
          java.util.Map.of("db", "registry.example/mariadb:10.11@sha256:" + "ef".repeat(32)))
          .withDumped(DUMPED);
    }

    public void stopStack(DesiredState stack) {
      call("StopStack");
    }
  }
}
