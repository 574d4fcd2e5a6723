package io.stackpilot.workflows.api;

/** Input of PruneBackups: the customer repo, whose stack.yaml says the backup store and what {@code backup.keep}s. */
public record PruneRequest(String repo, String ref) implements OperatorInput {}
