package io.stackpilot.activities.store;

import java.nio.file.Path;
import java.util.Optional;

/** Where releases are published, write-once: a directory or mounted share, or an Azure Blob container. */
public interface ReleaseTarget {

  String location();

  /** The SHA-256 (hex) of what is stored at {@code path} ("1.1.0/release.yaml"), or empty when nothing is. */
  Optional<String> sha256(String path);

  /** Stores {@code file} at {@code path}; never replaces what is there (it fails instead). */
  void create(String path, Path file);
}
