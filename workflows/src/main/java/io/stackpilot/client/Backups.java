package io.stackpilot.client;

import io.stackpilot.workflows.backup.CatalogBackupsWorkflow;
import io.stackpilot.workflows.api.CatalogRequest;
import io.stackpilot.workflows.api.CatalogResult;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.StackNames;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;

/** A customer's backup store as the control worker (which holds the store's credentials) reads it: a CatalogBackups run. */
public final class Backups {

  /** Why the catalog could not be read; {@code wrongCustomer}: the repo is another customer's stack. */
  public static final class Unreadable extends Exception {
    public final boolean wrongCustomer;

    Unreadable(String message, boolean wrongCustomer) {
      super(message);
      this.wrongCustomer = wrongCustomer;
    }
  }

  private final WorkflowClient client;

  public Backups(WorkflowClient client) {
    this.client = client;
  }

  /** Every backup of {@code customer}, newest first, and the verification of backup {@code verify} when not null. */
  public CatalogResult read(String customer, String repo, String ref, String verify) throws Unreadable {
    CatalogBackupsWorkflow catalog = client.newWorkflowStub(CatalogBackupsWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(StackNames.catalogId(customer, System.currentTimeMillis()))
        .setTaskQueue(StackNames.TASK_QUEUE)
        .setWorkflowExecutionTimeout(Duration.ofHours(3))
        .setStaticSummary((verify == null ? "list the backups of " : "verify backup " + verify + " of ") + customer)
        .build());
    CatalogResult result;
    try {
      result = catalog.catalog(new CatalogRequest(repo, ref, verify));
    } catch (WorkflowFailedException e) {
      throw new Unreadable("reading the backups failed: " + Failures.rootMessage(e), false);
    }
    if (!result.customer().equals(customer)) {
      throw new Unreadable("the repo is the stack of '" + result.customer() + "', not '" + customer + "'", true);
    }
    return result;
  }
}
