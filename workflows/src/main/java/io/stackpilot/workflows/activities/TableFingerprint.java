package io.stackpilot.workflows.activities;

/**
 * What one table of a backup held, as its dump says: the number of rows and a checksum of them that does not depend
 * on their order (16 hex digits). A restore that loaded the same rows gives the same fingerprint when dumped again.
 */
public record TableFingerprint(long rows, String checksum) {}
