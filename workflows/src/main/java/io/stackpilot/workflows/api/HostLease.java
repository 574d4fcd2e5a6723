package io.stackpilot.workflows.api;

/**
 * Who serves a host's task queue: {@code holder} (null when free) since {@code heldSince}, last heard from at
 * {@code lastSeen}, kept for {@code ttlSeconds} of silence; {@code contender}: the last other agent refused, at
 * {@code contendedAt}. Times are ISO-8601 instants.
 */
public record HostLease(String holder, String heldSince, String lastSeen, int ttlSeconds, String contender,
    String contendedAt) {}
