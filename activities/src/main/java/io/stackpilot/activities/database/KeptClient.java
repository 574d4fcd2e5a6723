package io.stackpilot.activities.database;

import io.stackpilot.activities.docker.ContainerExec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One mariadb client kept running in the database container for a run of statement batches: each batch is a round
 * trip on its standard input, not an exec of its own (an exec into the container costs 55–80 ms; a restore's
 * bookkeeping runs seven). A batch's rows end where the client prints a random token selected after it. The client
 * exits at a batch's first error, as an exec's does: the batch fails with the client's message and the next one starts
 * a client anew, so one batch's failure never changes what the next runs in. One batch at a time: threads sharing it
 * wait for each other.
 */
final class KeptClient implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Stands for the end of the client's output, whatever lines it printed. */
  private static final String ENDED = new String("the client ended");
  /** The client's whole life: a restore's bookkeeping never waits this long, a batch has its own timeout. */
  private static final Duration LIFE = Duration.ofHours(24);
  /** What the client says on standard error, kept at most: its errors are a line. */
  private static final int ERROR_BYTES = 64 * 1024;

  private final ContainerExec exec;
  private final String container;
  private final List<String> command;
  private final List<String> env;
  private Session session;

  KeptClient(ContainerExec exec, String container, List<String> command, List<String> env) {
    this.exec = exec;
    this.container = container;
    this.command = List.copyOf(command);
    this.env = List.copyOf(env);
  }

  /** Runs {@code sql} and returns the rows it printed, one per line; throws with the client's error when it fails. */
  synchronized List<String> query(String sql, Duration timeout) {
    String token = "stackpilot-" + HexFormat.of().formatHex(bytes(16));
    byte[] input = (batch(sql) + "\n;\nSELECT '" + token + "';\n").getBytes(StandardCharsets.UTF_8);
    if (session == null || session.ended) {
      session = new Session();
    }
    Session running = session;
    running.input.add(input);
    List<String> rows = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        String line = running.lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          running.end();
          // as an exec that times out: the engine or the host may be slow, a retry may pass
          throw new UncheckedIOException(new IOException("SQL in " + container + " did not answer within "
              + timeout.toSeconds() + " s"));
        }
        if (line == ENDED) {
          if (running.broke != null) {
            throw running.broke;
          }
          throw new DatabaseException("SQL failed in " + container + ": " + running.error());
        }
        if (line.equals(token)) {
          return rows;
        }
        if (!line.isEmpty()) {
          rows.add(line);
        }
      }
    } catch (InterruptedException e) {
      running.end();
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while SQL ran in " + container, e));
    }
  }

  /** Ends the client: it reads the end of its input and exits. */
  @Override
  public synchronized void close() {
    if (session != null) {
      session.end();
      session = null;
    }
  }

  /** The batch without its trailing delimiter: the token's statement follows on a line of its own. */
  private static String batch(String sql) {
    String batch = sql.strip();
    while (batch.endsWith(";")) {
      batch = batch.substring(0, batch.length() - 1).stripTrailing();
    }
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("no SQL to run");
    }
    return batch;
  }

  private static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * One client process: its input fed batch by batch, its output split into lines as it comes. Anything it says on
   * standard error (an error, after which it exits) ends its input: nothing more goes to it, and the process, done,
   * ends the exec.
   */
  private final class Session {
    final Input input = new Input();
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream error = new ByteArrayOutputStream();
    volatile boolean ended;
    /** The exec itself failed (the engine did not answer, the container is gone): what the batch throws. */
    volatile RuntimeException broke;
    private volatile String failure;

    Session() {
      Thread thread = new Thread(this::run, "stackpilot-mariadb-" + container);
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      try {
        ContainerExec.Outcome outcome = exec.run(container, command, env, input, new Lines(lines), new Said(), LIFE);
        if (!outcome.succeeded()) {
          failure = "the mariadb client exited with " + outcome.exitCode();
        }
      } catch (RuntimeException e) {
        broke = e;
      } finally {
        end();
        lines.add(ENDED);
      }
    }

    String error() {
      synchronized (error) {
        String said = error.toString(StandardCharsets.UTF_8).trim();
        return !said.isEmpty() ? said : failure != null ? failure : "the mariadb client ended before the batch did";
      }
    }

    void end() {
      if (!ended) {
        ended = true;
        input.add(Input.END);
      }
    }

    /** Keeps the first bytes the client says on standard error, enough for any error, and ends its input. */
    private final class Said extends OutputStream {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        synchronized (error) {
          error.write(bytes, offset, Math.max(0, Math.min(length, ERROR_BYTES - error.size())));
        }
        end();
      }
    }
  }

  /** Standard input given batch by batch; the end of input once the client is to exit. */
  private static final class Input extends InputStream {
    static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> batches = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int at;

    void add(byte[] batch) {
      batches.add(batch);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      while (at == current.length) {
        if (current == END) {
          return -1;
        }
        try {
          current = batches.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
        at = 0;
        if (current == END) {
          return -1;
        }
      }
      int n = Math.min(length, current.length - at);
      System.arraycopy(current, at, buffer, offset, n);
      at += n;
      return n;
    }
  }

  /** The client's output, a line at a time as each line is complete. */
  private static final class Lines extends OutputStream {
    private final BlockingQueue<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Lines(BlockingQueue<String> lines) {
      this.lines = lines;
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        write(bytes[i]);
      }
    }
  }
}
