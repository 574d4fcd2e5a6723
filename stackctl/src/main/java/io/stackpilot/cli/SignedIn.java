package io.stackpilot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who signed in with {@code stackctl login}, kept per user in a file only they may read, until the ID token that
 * proved it expires: the name and groups the identity provider gave, and which provider.
 */
record SignedIn(String name, List<String> groups, String issuer, String until) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** $XDG_CONFIG_HOME/stackpilot/identity.json, or ~/.config/stackpilot/identity.json. */
  static Path defaultFile() {
    String config = System.getenv("XDG_CONFIG_HOME");
    Path base = config == null || config.isBlank() ? Path.of(System.getProperty("user.home"), ".config") : Path.of(config);
    return base.resolve("stackpilot").resolve("identity.json");
  }

  boolean expired(Instant now) {
    return !Instant.parse(until).isAfter(now);
  }

  /** The sign-in kept in {@code file}, while it lasts. */
  static Optional<SignedIn> read(Path file, Instant now) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      SignedIn signedIn = JSON.readValue(file.toFile(), SignedIn.class);
      return signedIn.expired(now) ? Optional.empty() : Optional.of(signedIn);
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }

  void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".identity", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the sign-in in " + file, e);
    }
  }
}
