package io.stackpilot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the command a user would type, through bash, and fails with its output when it fails. */
final class Shell {

  private Shell() {}

  static String run(String command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
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
  /**
   * As {@link #run}, stopped after {@code seconds} (the whole pipeline: timeout signals its process group); true when it
   * ended by itself.
   */
  static boolean runWithin(String command, Map<String, String> env, long seconds) {
    ProcessBuilder builder = new ProcessBuilder("timeout", "--kill-after=10", String.valueOf(seconds), "bash", "-o",
        "pipefail", "-c", command).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit == 124 || exit == 137) {
        return false;
      }
      if (exit != 0) {
        throw new IllegalStateException("`" + command + "` failed (exit " + exit + "): " + out);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static double timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
