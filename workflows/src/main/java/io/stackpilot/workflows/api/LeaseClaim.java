package io.stackpilot.workflows.api;

/**
 * A host agent's claim on its host name, renewed while it runs. {@code agent}: who claims, as an operator tells
 * machines apart (machine name, machine id, stacks directory); {@code ttlSeconds}: how long a silent holder keeps it.
 */
public record LeaseClaim(String agent, int ttlSeconds) {}
