package io.stackpilot.model;

/** A stack whose {@code stack.yaml} passed every check together with the release it names. */
public record ValidatedStack(StackSpec stack, ReleaseSpec release) {}
