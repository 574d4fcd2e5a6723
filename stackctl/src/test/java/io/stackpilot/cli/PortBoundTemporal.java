package io.stackpilot.cli;

import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Temporal's test server on a free loopback port, reached by stackctl as a real one, with a client for the test. */
final class PortBoundTemporal implements AutoCloseable {

  record Cli(int exitCode, String output) {}

  final WorkflowClient client;
  private final int port;
  private final TestServer.PortBoundTestServer server;
  private final WorkflowServiceStubs service;

  PortBoundTemporal() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port, true);
    service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client = WorkflowClient.newInstance(service,
        WorkflowClientOptions.newBuilder().setDataConverter(StackpilotDataConverter.create()).build());
  }

  int port() {
    return port;
  }

  /** stackctl against this server; standard output and error together, as an operator's terminal shows them. */
  Cli stackctl(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = Stackctl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--address");
    all.add("127.0.0.1:" + port);
    return new Cli(cli.execute(all.toArray(String[]::new)), out.toString());
  }

  @Override
  public void close() {
    service.shutdownNow();
    server.close();
  }
}
