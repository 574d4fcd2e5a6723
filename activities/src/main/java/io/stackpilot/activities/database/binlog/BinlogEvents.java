package io.stackpilot.activities.database.binlog;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads a MariaDB binary log file event by event, with bounded memory: each event's header, and the body only of the
 * events whose content a replay must check (bodies of row events are skipped, not held). The format is MariaDB's
 * binary log v4: a magic number, then events of a 19-byte header (timestamp, type, server id, size, end position,
 * flags) and a body that ends in a CRC32 when the file's format description says so.
 */
final class BinlogEvents {

  static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};
  static final int HEADER = 19;

  static final int QUERY = 2;
  static final int STOP = 3;
  static final int ROTATE = 4;
  static final int INTVAR = 5;
  static final int RAND = 13;
  static final int USER_VAR = 14;
  static final int FORMAT_DESCRIPTION = 15;
  static final int XID = 16;
  static final int TABLE_MAP = 19;
  static final int ANNOTATE_ROWS = 160;
  static final int BINLOG_CHECKPOINT = 161;
  static final int GTID = 162;
  static final int GTID_LIST = 163;
  static final int QUERY_COMPRESSED = 165;

  /** One event: where it starts, its header, and its body when it was read (null when skipped). */
  record Event(long position, Instant at, int type, long serverId, long size, long endPosition, byte[] body) {}

  /** The largest body read into memory: a DDL statement's text, a table map; a row event is skipped instead. */
  static final int MAX_BODY = 16 << 20;

  private final InputStream in;
  private long position;
  private boolean checksummed;
  private byte[] postHeaders = new byte[0];

  BinlogEvents(InputStream in) throws IOException {
    this.in = in;
    byte[] magic = in.readNBytes(4);
    if (magic.length != 4 || magic[0] != MAGIC[0] || magic[1] != MAGIC[1] || magic[2] != MAGIC[2] || magic[3] != MAGIC[3]) {
      throw new BinlogFormatException("does not start as a binary log file does");
    }
    position = 4;
  }

  /** The next event; null at the end of the file, after a whole event. */
  Event next(java.util.function.IntPredicate readBody) throws IOException {
    byte[] header = in.readNBytes(HEADER);
    if (header.length == 0) {
      return null;
    }
    if (header.length < HEADER) {
      throw new BinlogFormatException("ends inside the header of the event at position " + position);
    }
    long at = u32(header, 0);
    int type = header[4] & 0xff;
    long serverId = u32(header, 5);
    long size = u32(header, 9);
    long end = u32(header, 13);
    long start = position;
    if (size < HEADER || end != start + size) {
      throw new BinlogFormatException("the event at position " + start + " says it is " + size + " bytes and ends at "
          + end + ": the file is damaged");
    }
    long bodySize = size - HEADER;
    byte[] body = null;
    if (type == FORMAT_DESCRIPTION || readBody.test(type)) {
      if (bodySize > MAX_BODY) {
        throw new BinlogFormatException("the event at position " + start + " holds " + bodySize + " bytes, more than "
            + MAX_BODY + " a checked event may");
      }
      body = in.readNBytes((int) bodySize);
      if (body.length < bodySize) {
        throw new BinlogFormatException("ends inside the event at position " + start);
      }
    } else {
      try {
        in.skipNBytes(bodySize);
      } catch (EOFException e) {
        throw new BinlogFormatException("ends inside the event at position " + start);
      }
    }
    position = end;
    if (type == FORMAT_DESCRIPTION) {
      describeFormat(body, start);
    }
    if (body != null && checksummed && type != FORMAT_DESCRIPTION) {
      body = java.util.Arrays.copyOf(body, body.length - 4);
    }
    return new Event(start, Instant.ofEpochSecond(at), type, serverId, size, end, body);
  }

  long position() {
    return position;
  }

  /** The post-header length of events of {@code type}, as the format description gives it. */
  int postHeader(int type) {
    return type - 1 < postHeaders.length ? postHeaders[type - 1] & 0xff : 0;
  }

  /** The format description names the server and says whether events end in a checksum. */
  private void describeFormat(byte[] body, long at) {
    if (body.length < 2 + 50 + 4 + 1 + 5) {
      throw new BinlogFormatException("the format description at position " + at + " is too short");
    }
    serverVersion = printable(body, 2, 50, "the server version of the format description at position " + at);
    int headerLength = body[56] & 0xff;
    if (headerLength != HEADER) {
      throw new BinlogFormatException("the format description at position " + at + " gives events a header of "
          + headerLength + " bytes, not " + HEADER);
    }
    // Since MariaDB 5.3 the description ends in the checksum algorithm (1 byte, 0 none, 1 CRC32) and its own CRC.
    int algorithm = body[body.length - 5] & 0xff;
    checksummed = algorithm == 1;
    postHeaders = java.util.Arrays.copyOfRange(body, 57, body.length - 5);
  }

  private String serverVersion;

  String serverVersion() {
    return serverVersion;
  }

  static long u32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  /** A NUL-terminated (or full-length) text of printable ASCII; anything else is refused, naming {@code what}. */
  static String printable(byte[] b, int from, int length, String what) {
    int end = from;
    while (end < from + length && end < b.length && b[end] != 0) {
      if (b[end] < 0x20 || b[end] > 0x7e) {
        throw new BinlogFormatException(what + " holds a byte that is not printable text");
      }
      end++;
    }
    return new String(b, from, end - from, StandardCharsets.US_ASCII);
  }
}
