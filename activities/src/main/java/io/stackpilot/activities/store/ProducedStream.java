package io.stackpilot.activities.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A stream written by a blocking producer (a dump, an archive) on a thread of its own, read by a consumer (a store
 * upload, a copy into a volume) with a bounded pipe between them. Its end counts only when the producer finished
 * well; otherwise the read fails with the producer's error, so a store never commits a truncated part. Closing it
 * early makes the producer's next write fail, so the producer never waits on a reader that has gone.
 */
public final class ProducedStream extends FilterInputStream {

  /** What writes the stream; it may return what it learnt while doing so (an exit code). */
  public interface Producer<T> {
    T produce(OutputStream out) throws IOException;
  }

  private static final int PIPE = 1 << 20;
  private static final AtomicInteger THREADS = new AtomicInteger();
  /**
   * One thread per producer: producers block on the pipe for as long as their consumer takes, so a shared pool
   * (the common ForkJoin pool) starves when several run at once. At most one runs per running activity.
   */
  private static final ExecutorService PRODUCERS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "stackpilot-producer-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });

  /** What a {@link PipedInputStream} says when the thread that last wrote to it has ended. */
  private static final java.util.Set<String> WRITER_GONE = java.util.Set.of("Write end dead", "Pipe broken");

  private final CompletableFuture<?> producing;

  private ProducedStream(PipedInputStream pipe, CompletableFuture<?> producing) {
    super(pipe);
    this.producing = producing;
  }

  public static ProducedStream start(Producer<?> producer) throws IOException {
    PipedInputStream pipe = new PipedInputStream(PIPE);
    PipedOutputStream sink = new PipedOutputStream(pipe);
    CompletableFuture<?> producing = CompletableFuture.supplyAsync(() -> {
      try (OutputStream out = sink) {
        return producer.produce(out);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, PRODUCERS);
    return new ProducedStream(pipe, producing);
  }

  /**
   * Writes what {@code producer} writes as part {@code part} of backup {@code backupId}, reporting progress from the
   * stream as "{@code what} …": the way every dump and archive reaches a store, with bounded memory.
   */
  public static BackupManifest.Part intoPart(BackupStore store, String customer, String backupId, String part, String what,
      Consumer<String> progress, Producer<?> producer) {
    try (ProducedStream produced = start(producer);
         InputStream reported = new Progress(produced, what, Progress.UNKNOWN, progress)) {
      return store.writePart(customer, backupId, part, reported);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = piped(super::read);
    return b < 0 ? end() : b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = piped(() -> super.read(buffer, offset, length));
    return n < 0 ? end() : n;
  }

  private interface PipeRead {
    int read() throws IOException;
  }

  /**
   * A read of the pipe. A producer's bytes may be written by a thread other than its own (the Docker client's callback
   * thread writes an exec's output), which ends before the producer closes the pipe: an empty pipe then takes its
   * writer for dead. The producer decides instead: the read waits for more bytes, or for the producer's end.
   */
  private int piped(PipeRead read) throws IOException {
    while (true) {
      try {
        return read.read();
      } catch (IOException e) {
        if (!WRITER_GONE.contains(e.getMessage())) {
          throw e;
        }
        if (producing.isCompletedExceptionally()) {
          return end();
        }
        try {
          producing.get(50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException stillProducingOrFailed) {
          // tried again: a failed producer is reported by end() on the next round
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while waiting for the producer");
        }
      }
    }
  }

  /** Waits for the producer after the consumer stopped reading early; rethrows its failure. */
  public void awaitProducer() throws IOException {
    end();
  }

  private int end() throws IOException {
    try {
      producing.join();
      return -1;
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw cause instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(cause.getMessage(), cause);
    }
  }
}
