package io.stackpilot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the command a user would type, through bash, and fails with its output when it fails. */
final class Shell {

  /** What timeout exits with when it stopped the command (124), or killed it after it ignored the stop (137). */
  private static final List<Integer> STOPPED = List.of(124, 137);

  private Shell() {}

  static String run(String command, Map<String, String> env) {
    return exec(List.of(), command, env, List.of());
  }

  /**
   * As {@link #run}, stopped after {@code seconds} (the whole pipeline: timeout signals its process group); true when it
   * ended by itself.
   */
  static boolean runWithin(String command, Map<String, String> env, long seconds) {
    return exec(List.of("timeout", "--kill-after=10", String.valueOf(seconds)), command, env, STOPPED) != null;
  }

  /** The command's output; null when it exited with one of {@code stopped}; fails on any other exit but 0. */
  private static String exec(List<String> prefix, String command, Map<String, String> env, List<Integer> stopped) {
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(List.of("bash", "-o", "pipefail", "-c", command));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (stopped.contains(exit)) {
        return null;
      }
      if (exit != 0) {
        throw new IllegalStateException("`" + command + "` failed (exit " + exit + "): " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Seconds {@code work} took. */
  static double timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
