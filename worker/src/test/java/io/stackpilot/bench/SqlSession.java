package io.stackpilot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * One connection of an application to the stack's database: a mariadb client kept open in the container, so that a
 * statement's time is the server's and not that of starting a client.
 */
final class SqlSession implements AutoCloseable {

  private final Process process;
  private final Writer in;
  private final BufferedReader out;

  SqlSession(String dockerHost, String container, String password, String database) {
    ProcessBuilder builder = new ProcessBuilder("docker", "-H", dockerHost, "exec", "-i", "-e", "MYSQL_PWD", container,
        "mariadb", "-uroot", "--batch", "--skip-column-names", "--unbuffered", database).redirectErrorStream(true);
    builder.environment().put("MYSQL_PWD", password);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Runs {@code statements} and waits for the one line the last of them answers; seconds it took. */
  double roundTrip(String statements) {
    long start = System.nanoTime();
    try {
      in.write(statements);
      in.write(" SELECT 'done';\n");
      in.flush();
      String line = out.readLine();
      if (!"done".equals(line)) {
        throw new IllegalStateException("the client answered " + line + " to " + statements.substring(0,
            Math.min(80, statements.length())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the client ended: " + e.getMessage(), e);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ended) {
      // the client is gone already
    }
    process.destroy();
  }
}
