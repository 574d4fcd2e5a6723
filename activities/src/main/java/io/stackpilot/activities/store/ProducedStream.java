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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    int b = super.read();
    return b < 0 ? end() : b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    return n < 0 ? end() : n;
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
