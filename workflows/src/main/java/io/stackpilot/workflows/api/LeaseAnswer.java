package io.stackpilot.workflows.api;

/**
 * The answer to a {@link LeaseClaim}: {@code granted}, or who holds the host name and how long ago it was last heard
 * from. {@code contender}: another agent that claimed the same host name within the holder's ttl, or null.
 */
public record LeaseAnswer(boolean granted, String holder, long holderSilentSeconds, String contender) {}
