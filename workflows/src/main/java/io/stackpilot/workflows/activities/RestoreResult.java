package io.stackpilot.workflows.activities;

/** Whether a restore ran, and why not when it did not (the database already held data). */
public record RestoreResult(boolean restored, String reason, long bytes) {}
