package io.stackpilot.model;

import java.util.List;
import java.util.Optional;

/** Read access to a release store's {@code release.yaml} files, whatever the store is made of. */
public interface ReleaseCatalog {

  /** Every release version the store holds, sorted. */
  List<String> versions();

  /** The text of {@code <version>/release.yaml}, or empty when the store has no such release. */
  Optional<String> releaseYaml(String version);
}
