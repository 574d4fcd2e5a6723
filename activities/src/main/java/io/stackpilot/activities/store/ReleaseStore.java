package io.stackpilot.activities.store;

import io.stackpilot.model.ReleaseCatalog;
import java.io.InputStream;
import java.util.SortedMap;

/**
 * The vendor's write-once release files: {@code <version>/release.yaml}, {@code <version>/vanilla/} (a backup
 * with its manifest) and {@code <version>/migrations/V<n>__<description>.sql}.
 */
public interface ReleaseStore extends ReleaseCatalog {

  String location();

  /** The manifest of the release's vanilla backup. */
  BackupManifest vanillaManifest(String release);

  /** Streams a part of the release's vanilla backup; the caller closes it. */
  InputStream openVanillaPart(String release, String part);

  /** The release's Flyway migrations, file name to SQL, in file-name order. */
  SortedMap<String, String> migrations(String release);
}
