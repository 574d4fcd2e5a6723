package io.stackpilot.workflows.activities;

import java.util.Map;

/**
 * The live stack read at one position of its binary log, in one consistent snapshot: where ({@code position}), when
 * ({@code readAt}), and each table's fingerprint there. A drill recovers its copy to exactly this position and
 * compares every table with these.
 */
public record LivePoint(BinlogPosition position, String readAt, Map<String, TableFingerprint> tables) {}
