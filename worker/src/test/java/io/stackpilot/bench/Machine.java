package io.stackpilot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The machine the numbers were measured on, in one line. */
final class Machine {

  private Machine() {}

  static String describe() {
    String cpu = line(Path.of("/proc/cpuinfo"), "model name");
    String memory = line(Path.of("/proc/meminfo"), "MemTotal");
    String docker = Shell.run("docker version --format '{{.Server.Version}}'", Map.of()).strip();
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + " memory, Docker Engine "
        + docker + ", Java " + Runtime.version() + " with a " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap";
  }

  private static String line(Path file, String key) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
