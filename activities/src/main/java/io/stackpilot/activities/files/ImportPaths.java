package io.stackpilot.activities.files;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StackRules;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where {@code stackctl import} may read on a host: below the import directory of the worker configuration, never the
 * secrets directory, and not through a link that leads out of it. A refusal names the path it was given and quotes
 * nothing of what lies there; nothing is opened before the path passes.
 */
public final class ImportPaths {

  private ImportPaths() {}

  /** {@code path} of {@code field} as the host agent reads it, links resolved; refused unless it stays inside. */
  public static Path resolve(StackRules rules, String field, String path) {
    rules.importRefusal(path).ifPresent(why -> {
      throw new InvalidConfigurationException(field + ": '" + path + "' " + why);
    });
    Path directory;
    try {
      directory = Path.of(rules.importsDir()).toRealPath();
    } catch (IOException e) {
      throw new InvalidConfigurationException(field + ": this host has no import directory " + rules.importsDir()
          + " (imports.dir of the worker configuration)");
    }
    Path real;
    try {
      real = Path.of(path).toRealPath();
    } catch (NoSuchFileException e) {
      throw new InvalidConfigurationException(field + ": " + path + " is not on this host");
    } catch (IOException e) {
      throw new InvalidConfigurationException(field + ": " + path + " cannot be read on this host");
    }
    if (!real.startsWith(directory) || real.startsWith(Path.of(rules.secretsDir()))) {
      throw new InvalidConfigurationException(field + ": '" + path + "' leads out of this host's import directory "
          + rules.importsDir() + "/ through a symbolic link; copy the files there instead of linking them");
    }
    return real;
  }
}
