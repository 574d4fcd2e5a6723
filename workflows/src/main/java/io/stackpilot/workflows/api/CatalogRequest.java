package io.stackpilot.workflows.api;

/**
 * Which customer's backup store to read: the one stack.yaml names at {@code ref} of {@code repo}. With {@code verify}
 * (a backup id), that backup's parts are read back and checked against its manifest too.
 */
public record CatalogRequest(String repo, String ref, String verify) implements OperatorInput {}
