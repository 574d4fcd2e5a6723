package io.stackpilot.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a secret is, never the secret: {@code env:NAME}, a variable of the process that reads it, or
 * {@code file:/path}, a file on its host. Stacks, the worker configuration and stackctl write secrets this way; this is
 * the one place the two forms are read.
 */
public sealed interface SecretRef {

  Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  String FORMS = "env:NAME or file:/path";

  /** An environment variable. */
  record Env(String variable) implements SecretRef {
    @Override
    public String text() {
      return "env:" + variable;
    }
  }

  /** A file, by its absolute path as written. */
  record File(String path) implements SecretRef {
    @Override
    public String text() {
      return "file:" + path;
    }
  }

  /** The reference as it is written. */
  String text();

  /** The reference {@code text} writes, or empty when it is neither form (a secret value, a relative path, …). */
  static Optional<SecretRef> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.startsWith("env:") && VARIABLE.matcher(text.substring(4)).matches()) {
      return Optional.of(new Env(text.substring(4)));
    }
    if (text.startsWith("file:/") && text.length() > 6) {
      return Optional.of(new File(text.substring(5)));
    }
    return Optional.empty();
  }

  /**
   * The secret as text: the variable's value in {@code environment} (null when it is not set) or the file's content.
   */
  default String read(Map<String, String> environment) throws IOException {
    return this instanceof Env env ? environment.get(env.variable()) : Files.readString(Path.of(((File) this).path()));
  }
}
