package io.stackpilot.workflows.activities;

import java.util.List;

/** The migrations a run applied (none when the schema was current) and the schema version after them. */
public record MigrationResult(List<String> applied, String schemaVersion) {}
