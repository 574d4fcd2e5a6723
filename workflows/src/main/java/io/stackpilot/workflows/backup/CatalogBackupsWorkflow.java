package io.stackpilot.workflows.backup;

import io.stackpilot.workflows.api.CatalogRequest;
import io.stackpilot.workflows.api.CatalogResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What is in a customer's backup store, read where the store's credentials are (the control worker): every backup
 * with its kind, release, size and whether it is complete, and on request one backup's parts read back against its
 * manifest. Reads only, so it runs beside any operation under its own workflow id.
 */
@WorkflowInterface
public interface CatalogBackupsWorkflow {

  String TYPE = "CatalogBackups";

  @WorkflowMethod(name = TYPE)
  CatalogResult catalog(CatalogRequest request);
}
