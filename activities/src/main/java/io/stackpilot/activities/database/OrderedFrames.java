package io.stackpilot.activities.database;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Puts pieces written side by side into one stream in their order, with bounded memory. The piece at the head writes
 * straight through; a piece further on keeps up to {@code bufferLimit} bytes and then waits until it is at the head.
 * Pieces must be begun in their order by the threads that write them, so the head always belongs to a thread that is
 * not waiting: no two pieces wait on each other. The thread that owns the stream ({@link #awaitHead}) writes a piece's
 * bytes when it ended before it reached the head, and writes its own bytes between pieces.
 */
final class OrderedFrames {

  private final OutputStream out;
  private final int bufferLimit;
  private final Object lock = new Object();
  private int head = -1;
  private Throwable failed;

  OrderedFrames(OutputStream out, int bufferLimit) {
    this.out = out;
    this.bufferLimit = bufferLimit;
  }

  /** The stream of piece {@code index}; closing it ends the piece. */
  Piece piece(int index) {
    return new Piece(index);
  }

  /**
   * Makes piece {@code index} the head and waits until it has ended, writing its bytes when it ended before; between
   * two calls the owner writes to the stream itself. {@code waiting} runs about once a second while it waits.
   */
  void awaitHead(Piece piece, Runnable waiting) throws IOException, InterruptedException {
    byte[] left;
    synchronized (lock) {
      head = piece.index;
      lock.notifyAll();
      while (!piece.ended && failed == null) {
        lock.wait(1000);
        if (!piece.ended && failed == null) {
          waiting.run();
        }
      }
      rethrow();
      left = piece.endedBeforeHead ? piece.buffer.toByteArray() : null;
      piece.buffer = null;
    }
    if (left != null) {
      out.write(left);
    }
  }

  /** Ends every piece's wait: the dump failed or was stopped. */
  void fail(Throwable cause) {
    synchronized (lock) {
      if (failed == null) {
        failed = cause;
      }
      lock.notifyAll();
    }
  }

  private void rethrow() throws IOException {
    if (failed instanceof IOException e) {
      throw e;
    }
    if (failed instanceof RuntimeException e) {
      throw e;
    }
    if (failed != null) {
      throw new IOException(failed);
    }
  }

  /** One piece: buffered until it is the head, then written through. */
  final class Piece extends OutputStream {
    private final int index;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean ended;
    private boolean endedBeforeHead;
    private boolean through;

    private Piece(int index) {
      this.index = index;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (!through) {
        byte[] held;
        synchronized (lock) {
          while (true) {
            rethrow();
            if (head == index) {
              break;
            }
            if (buffer.size() + length <= bufferLimit) {
              buffer.write(bytes, offset, length);
              return;
            }
            try {
              lock.wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new java.io.InterruptedIOException("the dump was stopped");
            }
          }
          held = buffer.toByteArray();
          buffer = new ByteArrayOutputStream(0);
          through = true;
        }
        out.write(held);
      }
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      byte[] held = null;
      synchronized (lock) {
        if (ended || failed != null) {
          return;
        }
        if (head == index && !through) {
          held = buffer.toByteArray();
          buffer = new ByteArrayOutputStream(0);
          through = true;
        }
      }
      if (held != null) {
        out.write(held);
      }
      synchronized (lock) {
        ended = true;
        endedBeforeHead = !through;
        lock.notifyAll();
      }
    }
  }
}
