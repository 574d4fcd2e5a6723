package io.stackpilot.activities.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Starts a created exec over a connection of its own and attaches stdin, stdout and stderr.
 *
 * <p>docker-java 3.7's transports never signal the end of stdin on a Unix socket (the hijacked stream is
 * not half-closed, and its socket refuses {@code shutdownOutput}), so a process reading stdin to its end
 * waits forever. This speaks the Engine API's exec-start upgrade directly on a JDK {@link SocketChannel},
 * streams stdin in 64 KiB writes, half-closes the connection when stdin ends, and demultiplexes the output.
 */
final class ExecAttachment {

  private static final int BUFFER = 64 * 1024;
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration EXIT_GRACE = Duration.ofSeconds(1);

  private final String dockerHost;

  ExecAttachment(String dockerHost) {
    this.dockerHost = dockerHost;
  }

  /** What happened to stdin: how much went in, and why it stopped early if it did. */
  record StdinResult(long bytesSent, IOException failure) {}

  /**
   * Starts exec {@code execId} and streams until the process has ended. {@code running} tells whether the
   * process still runs: the Engine keeps the stream open while stdin flows even after the process died, so
   * once it has exited the connection is closed after a grace period for its last output.
   */
  StdinResult start(String execId, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout,
      BooleanSupplier running) throws IOException {
    AtomicBoolean timedOut = new AtomicBoolean();
    AtomicBoolean exited = new AtomicBoolean();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "exec-watchdog-" + execId));
    try (SocketChannel channel = open()) {
      watchdog.schedule(() -> {
        timedOut.set(true);
        closeQuietly(channel);
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
      writeAll(channel, request(execId));
      ChannelReader reader = new ChannelReader(channel);
      expectUpgrade(reader, execId);

      StdinPump pump = new StdinPump(channel, stdin);
      Thread pumpThread = daemon(pump, "exec-stdin-" + execId);
      pumpThread.start();
      watchdog.scheduleWithFixedDelay(() -> {
        if (!exited.get() && !running.getAsBoolean()) {
          exited.set(true);
          watchdog.schedule(() -> closeQuietly(channel), EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
      try {
        demultiplex(reader, stdout, stderr);
      } catch (IOException e) {
        if (timedOut.get()) {
          throw new ExecTimeoutException(execId, timeout);
        }
        pumpThread.join(EXIT_GRACE.toMillis());
        if (!exited.get() && !(pump.failure instanceof InputFailedException)) {
          throw e;
        }
      }
      closeQuietly(channel);
      pumpThread.join(EXIT_GRACE.toMillis());
      if (pumpThread.isAlive()) {
        // The process and its output are gone; its input may never come (a kept client waits for its next batch).
        pump.abandon();
        pumpThread.interrupt();
        pumpThread.join();
      }
      return new StdinResult(pump.sent, pump.failure);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while exec " + execId + " ran", e);
    } finally {
      watchdog.shutdownNow();
    }
  }

  private SocketChannel open() throws IOException {
    URI uri = URI.create(dockerHost);
    return switch (uri.getScheme()) {
      case "unix" -> {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(uri.getPath()));
        yield channel;
      }
      case "tcp" -> SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
      default -> throw new IOException("attaching stdin needs the engine at unix:// or tcp://, not " + dockerHost);
    };
  }

  private static byte[] request(String execId) {
    String body = "{\"Detach\":false,\"Tty\":false}";
    return ("POST /exec/" + execId + "/start HTTP/1.1\r\n"
        + "Host: docker\r\n"
        + "Content-Type: application/json\r\n"
        + "Connection: Upgrade\r\n"
        + "Upgrade: tcp\r\n"
        + "Content-Length: " + body.length() + "\r\n"
        + "\r\n" + body).getBytes(StandardCharsets.US_ASCII);
  }

  /** The engine answers 101 (or 200 from older engines) and then hands over the raw stream. */
  private static void expectUpgrade(ChannelReader reader, String execId) throws IOException {
    String status = reader.line();
    String[] parts = status.split(" ", 3);
    int code = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    long contentLength = 0;
    for (String header = reader.line(); !header.isEmpty(); header = reader.line()) {
      if (header.toLowerCase().startsWith("content-length:")) {
        contentLength = Long.parseLong(header.substring("content-length:".length()).trim());
      }
    }
    if (code != 101 && code != 200) {
      byte[] body = new byte[(int) Math.min(contentLength, 4096)];
      reader.readFully(body, body.length);
      throw new IOException("exec " + execId + " could not start: " + status + " " + new String(body, StandardCharsets.UTF_8).trim());
    }
  }

  /** Frames: 1 byte stream (1 stdout, 2 stderr), 3 zero bytes, 4 bytes big-endian length, payload. */
  private static void demultiplex(ChannelReader reader, OutputStream stdout, OutputStream stderr) throws IOException {
    byte[] header = new byte[8];
    while (reader.readFullyOrEnd(header)) {
      long length = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      reader.copy(header[0] == 2 ? stderr : stdout, length);
    }
    stdout.flush();
    stderr.flush();
  }

  private static void writeAll(SocketChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing is the point; a failure to close changes nothing
    }
  }

  /** The input itself failed (the store broke off, a digest check threw): the process did not get all of it. */
  static final class InputFailedException extends IOException {
    InputFailedException(Throwable cause) {
      super("reading the input failed: " + cause.getMessage(), cause);
    }
  }

  /** Copies stdin into the connection, then half-closes it so the process reads end-of-file. */
  private static final class StdinPump implements Runnable {
    private final SocketChannel channel;
    private final InputStream stdin;
    private volatile long sent;
    private volatile IOException failure;
    private volatile boolean abandoned;

    StdinPump(SocketChannel channel, InputStream stdin) {
      this.channel = channel;
      this.stdin = stdin;
    }

    @Override
    public void run() {
      byte[] chunk = new byte[BUFFER];
      try (stdin) {
        for (int n = read(chunk); n >= 0; n = read(chunk)) {
          ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          sent += n;
        }
        channel.shutdownOutput();
      } catch (InputFailedException e) {
        if (abandoned) {
          failure = new IOException("the process ended before its input did", e.getCause());
          return;
        }
        // End the attachment: the exec must not wait for input that will never come, nor take a part for the whole.
        failure = e;
        closeQuietly(channel);
      } catch (IOException e) {
        failure = e;
      }
    }

    /** The process has ended: an input read that breaks off now is the attachment ending, not the input failing. */
    void abandon() {
      abandoned = true;
    }

    private int read(byte[] chunk) throws InputFailedException {
      try {
        return stdin.read(chunk);
      } catch (IOException | RuntimeException e) {
        throw new InputFailedException(e);
      }
    }
  }

  /** Buffered reads straight from the channel: its stream adapters would serialise reads with the writer. */
  private static final class ChannelReader {
    private final SocketChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();

    ChannelReader(SocketChannel channel) {
      this.channel = channel;
    }

    private boolean fill() throws IOException {
      buffer.compact();
      int n = channel.read(buffer);
      buffer.flip();
      return n >= 0;
    }

    String line() throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        if (!buffer.hasRemaining() && !fill()) {
          throw new EOFException("connection closed in the HTTP response head");
        }
        char c = (char) buffer.get();
        if (c == '\n') {
          int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
          return line.substring(0, end);
        }
        line.append(c);
      }
    }

    boolean readFullyOrEnd(byte[] target) throws IOException {
      int read = 0;
      while (read < target.length) {
        if (!buffer.hasRemaining() && !fill()) {
          if (read == 0) {
            return false;
          }
          throw new EOFException("connection closed inside a frame header");
        }
        int n = Math.min(buffer.remaining(), target.length - read);
        buffer.get(target, read, n);
        read += n;
      }
      return true;
    }

    void readFully(byte[] target, int length) throws IOException {
      int read = 0;
      while (read < length && (buffer.hasRemaining() || fill())) {
        int n = Math.min(buffer.remaining(), length - read);
        buffer.get(target, read, n);
        read += n;
      }
    }

    void copy(OutputStream out, long length) throws IOException {
      long left = length;
      while (left > 0) {
        if (!buffer.hasRemaining() && !fill()) {
          throw new EOFException("connection closed inside a frame");
        }
        int n = (int) Math.min(buffer.remaining(), left);
        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
        buffer.position(buffer.position() + n);
        left -= n;
      }
    }
  }
}
