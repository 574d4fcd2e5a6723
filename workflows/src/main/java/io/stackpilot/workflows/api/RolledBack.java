package io.stackpilot.workflows.api;

import io.stackpilot.model.StackSpec;

/**
 * What a rollback tells the stack's reconcile loop: the stack runs commit {@code commit} ({@code stack}) with the data
 * of backup {@code backupId} again, rolled back from commit {@code from}, which the loop must not apply again on its
 * own.
 */
public record RolledBack(String from, String commit, StackSpec stack, String backupId, String at) {

  /** The workflow type that sends it; the loop records it as its last operation without knowing rollbacks otherwise. */
  public static final String OPERATION = "RollbackStack";
}
