package io.stackpilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What stackctl leaves behind on the Temporal frontend it talked to. */
class ConnectionTest {

  @Test
  void eachCommandClosesItsConnectionToTemporalWhenItEnds() throws Exception {
    try (PortBoundTemporal temporal = new PortBoundTemporal()) {
      int before = openTo(temporal.port());
      for (int i = 0; i < 5; i++) {
        PortBoundTemporal.Cli cli = temporal.stackctl("history", "acme");
        assertTrue(cli.output().contains("acme"), cli.output());
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (openTo(temporal.port()) > before && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(before, openTo(temporal.port()),
          "connections this process holds open to Temporal after five commands ended");
    }
  }

  /** Established TCP connections of this machine whose far end is {@code port} on the loopback (the client sides). */
  private static int openTo(int port) throws IOException {
    String remote = String.format(Locale.ROOT, ":%04X ", port);
    int open = 0;
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length > 3 && (fields[2] + " ").endsWith(remote) && fields[3].equals("01")) {
          open++;
        }
      }
    }
    return open;
  }
}
