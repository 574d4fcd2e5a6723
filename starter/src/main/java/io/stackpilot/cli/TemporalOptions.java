package io.stackpilot.cli;

import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import picocli.CommandLine.Option;

/** How stackctl reaches Temporal: the same address and namespace settings as the worker. */
final class TemporalOptions {

  @Option(names = "--address", defaultValue = "${env:STACKPILOT_TEMPORAL_ADDRESS:-127.0.0.1:7233}",
      description = "Temporal frontend, host:port (default: $STACKPILOT_TEMPORAL_ADDRESS or ${DEFAULT-VALUE}).")
  String address;

  @Option(names = "--namespace", defaultValue = "${env:STACKPILOT_TEMPORAL_NAMESPACE:-default}",
      description = "Temporal namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  WorkflowClient connect() {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    return WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace(namespace)
        .setDataConverter(StackpilotDataConverter.create()).build());
  }
}
