package io.stackpilot.workflows.activities;

/** What a host agent imports: paths on its host, and the schema version the dump is at. */
public record ImportSource(String db, String files, String schemaVersion) {}
