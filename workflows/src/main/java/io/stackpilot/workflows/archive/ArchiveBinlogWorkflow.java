package io.stackpilot.workflows.archive;

import io.stackpilot.workflows.api.ArchiveRequest;
import io.stackpilot.workflows.api.ArchiveStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Keeps a stack's binary log archived for as long as its stack.yaml asks for {@code backup.binlog}: shipping runs on
 * the host one after the other, and a full backup whenever no chain can go on without one. Workflow id
 * {@code binlog-<customer>}; the reconcile loop starts it and tells it which commit the stack runs.
 */
@WorkflowInterface
public interface ArchiveBinlogWorkflow {

  String TYPE = "ArchiveBinlog";

  @WorkflowMethod(name = TYPE)
  void archive(ArchiveRequest request);

  /** The stack now runs {@code commit}: the next shipping run reads its stack.yaml (another host, no binlog any more). */
  @SignalMethod
  void follow(String commit);

  @QueryMethod
  ArchiveStatus status();
}
