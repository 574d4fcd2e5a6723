package io.stackpilot.workflows.api;

/**
 * An old-school installation brought in as a backup of kind import: {@code db}, a mariadb-dump or mysqldump SQL file
 * (plain, .gz or .zst) and {@code files}, a directory or tarball of its files (optional), both paths on
 * {@code onHost} (default: the host stack.yaml names), whose agent reads them; {@code schemaVersion}: the release's
 * Flyway version the old database is at.
 */
public record ImportRequest(String repo, String ref, String onHost, String db, String files, String schemaVersion,
    String hostPickupTimeout, String heartbeatTimeout) implements OperatorInput {}
