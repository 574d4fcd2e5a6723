package io.stackpilot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ports for the tests' listeners: free when picked, never a fixed default. */
public final class FreePorts {

  private static final int FIRST_LASTING_PORT = 10240;
  private static final Random LASTING_PORTS = new Random();
  private static final Set<Integer> LASTING_HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** A port free on the loopback address, as the kernel picks it: for a listener that starts right away. */
  public static int loopback() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A free port for a test that keeps it for minutes while nothing listens on it: a stack's published port, picked when
   * the test writes the stack's repo and bound by Docker only once its services start (again after every recreate or
   * move). Below the kernel's range of ephemeral ports, since a port from that range can meanwhile become the local
   * port of any outgoing connection or the host port Docker picks for another stack's database, and Docker's proxy then
   * cannot bind it (the step fails and waits for an operator). Free on every address when picked, and never handed out
   * twice in one JVM.
   */
  public static int lasting() {
    int low = ephemeralLow();
    if (low <= FIRST_LASTING_PORT + 1000) {
      throw new IllegalStateException("the ephemeral port range starts at " + low + ": no room below it for a port "
          + "kept for minutes (see /proc/sys/net/ipv4/ip_local_port_range)");
    }
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = FIRST_LASTING_PORT + LASTING_PORTS.nextInt(low - FIRST_LASTING_PORT);
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port), 1);
        if (LASTING_HANDED_OUT.add(port)) {
          return port;
        }
      } catch (IOException taken) {
        // in use: another pick
      }
    }
    throw new IllegalStateException("no free port between " + FIRST_LASTING_PORT + " and " + low + " after 200 picks");
  }

  /**
   * The first port of /proc/sys/net/ipv4/ip_local_port_range (32768, Linux's default, when it cannot be read). Read
   * by lines: a sysctl file answers only a read from its start, and Files.readString reads its first byte alone.
   */
  private static int ephemeralLow() {
    try {
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException unreadable) {
      return 32768;
    }
  }
}
