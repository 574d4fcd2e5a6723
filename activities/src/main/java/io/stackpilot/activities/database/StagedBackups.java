package io.stackpilot.activities.database;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Dumps read ahead on this host while their database starts, one per database at most, until the restore claims
 * them. Held in the host agent's memory only: a restore trusts a copy read ahead by its own agent process, never a file
 * it finds; an agent that restarts has none and its restore reads the store itself.
 */
final class StagedBackups {

  /** A restore waits this long for a read ahead that stopped moving, then reads the store itself. */
  private static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(60);
  /**
   * A read ahead nobody claimed within this time is dropped with its copy: its run failed before its restore, or waits
   * for an operator (the restore reads the store itself then).
   */
  private static final Duration UNCLAIMED = Duration.ofHours(1);
  private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "stackpilot-read-ahead-expiry");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * A part read ahead: kept on this host ({@code part}), its size and SHA-256 found equal to its manifest's. {@code
   * verdict}: the scan against {@link DumpScan#beforeTheServerAnswers()}, null when that scan refused the dump or could
   * not read it (the restore scans the kept copy against its server then, and reports what it finds).
   */
  record Staged(StagedPart part, DumpScan.Verdict verdict, long nanos) {}

  /** One read ahead under way or done. */
  final class Ticket {
    private final String database;
    private final String backupId;
    private final String sha256;
    private final CompletableFuture<Staged> result = new CompletableFuture<>();
    private volatile long movedAt = System.nanoTime();
    private boolean abandoned;

    private Ticket(String database, String backupId, String sha256) {
      this.database = database;
      this.backupId = backupId;
      this.sha256 = sha256;
    }

    /** The read ahead moved on: a restore waits for it only while it does. */
    void moved() {
      movedAt = System.nanoTime();
    }

    /** Hands the read ahead over; a ticket nobody waits for any more removes its copy at once. */
    void done(Staged staged) {
      boolean handedOver;
      synchronized (StagedBackups.this) {
        handedOver = !abandoned && result.complete(staged);
      }
      if (!handedOver) {
        staged.part().close();
      } else {
        EXPIRY.schedule(() -> expire(this), unclaimed.toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    /** The read ahead came to nothing a restore can use (the part does not match its manifest, the store failed). */
    void failed(Throwable cause) {
      result.completeExceptionally(cause);
    }
  }

  private final Duration unclaimed;
  private final Map<String, Ticket> tickets = new HashMap<>();
  /** Each database's last restore: a read ahead asked for before it began and begun after it is of no use. */
  private final Map<String, Claim> restored = new HashMap<>();

  private record Claim(String backupId, long atMillis) {}

  StagedBackups() {
    this(UNCLAIMED);
  }

  /** {@code unclaimed}: how long a read ahead is kept for its restore. */
  StagedBackups(Duration unclaimed) {
    this.unclaimed = unclaimed;
  }

  /**
   * A read ahead of {@code backupId}'s part into {@code database}, asked for at {@code askedAtMillis}; one begun
   * earlier for that database is dropped. Empty when a restore of that backup into that database began since.
   */
  synchronized Optional<Ticket> begin(String database, String backupId, String sha256, long askedAtMillis) {
    Claim last = restored.get(database);
    if (last != null && last.backupId().equals(backupId) && last.atMillis() >= askedAtMillis) {
      return Optional.empty();
    }
    Ticket ticket = new Ticket(database, backupId, sha256);
    drop(tickets.put(database, ticket));
    return Optional.of(ticket);
  }

  /**
   * The read ahead of {@code backupId}'s part into {@code database}, waited for while it moves; empty when there is
   * none, it is of another part (dropped), or it failed. Either way the database has none afterwards.
   */
  Optional<Staged> claim(String database, String backupId, String sha256, Consumer<String> progress) {
    Ticket ticket;
    synchronized (this) {
      restored.put(database, new Claim(backupId, System.currentTimeMillis()));
      ticket = tickets.remove(database);
      if (ticket != null && !(ticket.backupId.equals(backupId) && ticket.sha256.equals(sha256))) {
        drop(ticket);
        return Optional.empty();
      }
    }
    if (ticket == null) {
      return Optional.empty();
    }
    while (true) {
      try {
        return Optional.of(ticket.result.get(2, TimeUnit.SECONDS));
      } catch (TimeoutException e) {
        if (System.nanoTime() - ticket.movedAt > STALLED_NANOS) {
          drop(ticket);
          return Optional.empty();
        }
        progress.accept("waiting for the read ahead of backup " + backupId);
      } catch (ExecutionException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        drop(ticket);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the read ahead of backup " + backupId, e);
      }
    }
  }

  /**
   * Drops the read ahead of {@code database}, if any, after a restore of {@code backupId} into it (one that found
   * nothing to restore, or failed before it claimed its read ahead).
   */
  synchronized void discard(String database, String backupId) {
    restored.put(database, new Claim(backupId, System.currentTimeMillis()));
    drop(tickets.remove(database));
  }

  private synchronized void expire(Ticket ticket) {
    if (tickets.get(ticket.database) == ticket) {
      drop(tickets.remove(ticket.database));
    }
  }

  private void drop(Ticket ticket) {
    if (ticket == null) {
      return;
    }
    Staged staged;
    synchronized (this) {
      ticket.abandoned = true;
      staged = ticket.result.isDone() && !ticket.result.isCompletedExceptionally() ? ticket.result.join() : null;
    }
    if (staged != null) {
      staged.part().close();
    }
  }
}
